/**
 * A file of typed arrays read without parsing: a magic number, a small JSON header naming each
 * array (type, offset, length) and the arrays themselves, 8-byte aligned. Loading is one read and
 * one view per array (no copy, no per-element work), so a 100× index opens in milliseconds where
 * JSON took seconds. Little-endian, as every machine Node runs on here.
 *
 * Every offset and length is checked against the file before a view is made: a truncated or
 * altered file is refused with a BundleFormatError saying what is wrong, never read past its end.
 */

import { isAscii } from 'node:buffer';
import { fstatSync, readSync } from 'node:fs';

const MAGIC = Buffer.from('ALNBNDL1', 'latin1');
const ALIGN = 8;

export const ARRAY_TYPES = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;

export type ArrayType = keyof typeof ARRAY_TYPES;
interface ArrayOfType {
  u8: Uint8Array<ArrayBufferLike>;
  u16: Uint16Array<ArrayBufferLike>;
  u32: Uint32Array<ArrayBufferLike>;
  i32: Int32Array<ArrayBufferLike>;
  f32: Float32Array<ArrayBufferLike>;
  f64: Float64Array<ArrayBufferLike>;
}
export type BundleArray = ArrayOfType[ArrayType];

interface ArraySpec {
  name: string;
  type: ArrayType;
  /** Byte offset from the start of the data section. */
  offset: number;
  length: number;
}

interface BundleHeader {
  kind: string;
  version: number;
  meta: unknown;
  arrays: ArraySpec[];
}

/** The file is not a bundle of the expected kind, or is damaged. The message is French. */
export class BundleFormatError extends Error {}

const typeOf = (array: BundleArray): ArrayType => {
  for (const [name, Type] of Object.entries(ARRAY_TYPES)) if (array instanceof Type) return name as ArrayType;
  throw new TypeError('unsupported array type');
};

const padTo = (value: number, align: number) => Math.ceil(value / align) * align;

/**
 * Serialises named typed arrays and a JSON-able `meta` into one buffer (list of parts, to be
 * written in order: no copy of the arrays is made). An array may be given as a list of parts of
 * one type, written one after the other (a writer that grew it in blocks need not join them).
 */
export function encodeBundle(kind: string, version: number, meta: unknown, arrays: Record<string, BundleArray | readonly BundleArray[]>): Buffer[] {
  const specs: ArraySpec[] = [];
  const partsOf = Object.values(arrays).map((array) => (Array.isArray(array) ? (array as readonly BundleArray[]) : [array as BundleArray]));
  let offset = 0;
  for (const [index, name] of Object.keys(arrays).entries()) {
    const pieces = partsOf[index]!;
    const type = pieces.length > 0 ? typeOf(pieces[0]!) : 'u8';
    if (pieces.some((piece) => typeOf(piece) !== type)) throw new TypeError(`${name}: parts of different types`);
    const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
    const byteLength = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
    specs.push({ name, type, offset, length });
    offset = padTo(offset + byteLength, ALIGN);
  }
  const header = Buffer.from(JSON.stringify({ kind, version, meta, arrays: specs } satisfies BundleHeader), 'utf8');
  const prefix = Buffer.alloc(padTo(MAGIC.length + 4 + header.length, ALIGN));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(header.length, MAGIC.length);
  header.copy(prefix, MAGIC.length + 4);
  const parts: Buffer[] = [prefix];
  let written = 0;
  for (const [index, pieces] of partsOf.entries()) {
    const spec = specs[index]!;
    if (spec.offset > written) parts.push(Buffer.alloc(spec.offset - written));
    written = spec.offset;
    for (const piece of pieces) {
      parts.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
      written += piece.byteLength;
    }
  }
  return parts;
}

export interface DecodedBundle {
  meta: unknown;
  arrays: Map<string, BundleArray>;
}

/** The header of a bundle whose first bytes are `head`: where its arrays start and what they are. */
function readHeader(head: Buffer, kind: string, version: number): { header: BundleHeader; dataStart: number } {
  if (head.length < MAGIC.length + 4 || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new BundleFormatError('ce n’est pas un fichier d’index binaire d’Alinéa');
  const headerLength = head.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + headerLength > head.length) throw new BundleFormatError('en-tête tronqué');
  let header: BundleHeader;
  try {
    header = JSON.parse(head.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as BundleHeader;
  } catch {
    throw new BundleFormatError('en-tête illisible');
  }
  if (header.kind !== kind) throw new BundleFormatError(`contient « ${String(header.kind)} », attendu « ${kind} »`);
  if (header.version !== version) throw new BundleFormatError(`format ${String(header.version)}, attendu ${version}`);
  if (!Array.isArray(header.arrays)) throw new BundleFormatError('en-tête incomplet');
  return { header, dataStart: padTo(MAGIC.length + 4 + headerLength, ALIGN) };
}

/** Where array `spec` lies in a file of `size` bytes whose arrays start at `dataStart`; checked against the file. */
function arraySpan(spec: ArraySpec, dataStart: number, size: number): { Type: (typeof ARRAY_TYPES)[ArrayType]; start: number; end: number } {
  const Type = ARRAY_TYPES[spec.type];
  const integral = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  if (!Type || !integral(spec.offset) || !integral(spec.length) || spec.offset % ALIGN !== 0) throw new BundleFormatError(`tableau « ${spec.name} » mal décrit`);
  const start = dataStart + spec.offset;
  const end = start + spec.length * Type.BYTES_PER_ELEMENT;
  if (end > size) throw new BundleFormatError(`tronqué (tableau « ${spec.name} » au-delà de la fin du fichier)`);
  return { Type, start, end };
}

/**
 * Reads a bundle of `kind` and `version` from `data` (views into it, no copy when it is aligned).
 * Throws BundleFormatError when it is not one, or when an array would lie outside the file.
 */
export function decodeBundle(data: Buffer, kind: string, version: number): DecodedBundle {
  const { header, dataStart } = readHeader(data, kind, version);
  // Views need their element alignment: a buffer that does not start on 8 bytes is copied once.
  let aligned = data;
  if (data.byteOffset % ALIGN !== 0) {
    aligned = Buffer.alloc(data.length);
    data.copy(aligned);
  }
  const arrays = new Map<string, BundleArray>();
  for (const spec of header.arrays) {
    const { Type, start } = arraySpan(spec, dataStart, aligned.length);
    arrays.set(spec.name, new Type(aligned.buffer as ArrayBuffer, aligned.byteOffset + start, spec.length));
  }
  return { meta: header.meta, arrays };
}

/** An array a bundle file holds but `readBundleFile` left on disk: `byteLength` bytes from `position`. */
export interface ArrayOnDisk {
  position: number;
  byteLength: number;
}

/**
 * Reads a bundle from an open file, except the arrays named in `leave`, which stay on disk (their
 * place is returned, checked against the file, for reading a part when it is needed): at 100× the
 * chunks' texts are 61 of `chunks.bin`'s 69 MB, and a question reads a few hundred of them.
 * The other arrays are read with as few reads as they allow (one for those before a left array,
 * one for those after it). Same checks and errors as `decodeBundle`.
 */
export function readBundleFile(fd: number, kind: string, version: number, leave: readonly string[]): DecodedBundle & { onDisk: Map<string, ArrayOnDisk> } {
  const size = fstatSync(fd).size;
  const readAt = (position: number, length: number): Buffer => {
    // allocUnsafeSlow: an ArrayBuffer of its own, so the views are aligned.
    const target = Buffer.allocUnsafeSlow(length);
    let done = 0;
    while (done < length) {
      const read = readSync(fd, target, done, length - done, position + done);
      if (read === 0) throw new BundleFormatError('tronqué');
      done += read;
    }
    return target;
  };
  const prefix = readAt(0, Math.min(size, MAGIC.length + 4));
  const headerLength = prefix.length === MAGIC.length + 4 ? prefix.readUInt32LE(MAGIC.length) : 0;
  const head = readAt(0, Math.min(size, MAGIC.length + 4 + headerLength));
  const { header, dataStart } = readHeader(head, kind, version);
  const spans = header.arrays.map((spec) => ({ spec, ...arraySpan(spec, dataStart, size) }));
  // Runs of consecutive arrays kept in memory, each read in one go.
  const runs: (typeof spans)[] = [];
  let run: typeof spans = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (leave.includes(span.spec.name)) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(span);
  }
  if (run.length > 0) runs.push(run);
  const arrays = new Map<string, BundleArray>();
  for (const members of runs) {
    const from = members[0]!.start;
    const data = readAt(from, Math.max(...members.map((member) => member.end)) - from);
    for (const { spec, Type, start } of members) arrays.set(spec.name, new Type(data.buffer as ArrayBuffer, data.byteOffset + start - from, spec.length));
  }
  const onDisk = new Map<string, ArrayOnDisk>();
  for (const { spec, start, end } of spans) if (leave.includes(spec.name)) onDisk.set(spec.name, { position: start, byteLength: end - start });
  return { meta: header.meta, arrays, onDisk };
}

/** The array `name` of a decoded bundle, of one of `types`; throws BundleFormatError otherwise. */
export function bundleArray<T extends ArrayType>(bundle: DecodedBundle, name: string, ...types: T[]): ArrayOfType[T] {
  const array = bundle.arrays.get(name);
  if (!array || !types.some((type) => array instanceof ARRAY_TYPES[type])) throw new BundleFormatError(`tableau « ${name} » absent`);
  return array as ArrayOfType[T];
}

/** Strings as one UTF-8 byte array and `count + 1` offsets (string i is bytes offsets[i]..offsets[i+1]). */
export function encodeStrings(strings: readonly string[]): { bytes: Uint8Array<ArrayBufferLike>; offsets: Uint32Array<ArrayBufferLike> } {
  // Measured first, then written in place: no per-string copy to join afterwards.
  const offsets = new Uint32Array(strings.length + 1);
  let total = 0;
  strings.forEach((text, index) => {
    total += Buffer.byteLength(text, 'utf8');
    offsets[index + 1] = total;
  });
  const bytes = Buffer.allocUnsafe(total);
  for (const [index, text] of strings.entries()) bytes.write(text, offsets[index]!, 'utf8');
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), offsets };
}

/**
 * Decodes every string of an encodeStrings pair; checks that the offsets stay in the bytes. The
 * table is decoded in one piece and each string sliced out of it (V8 shares a slice's characters):
 * decoding string by string crossed into C++ once per string, about 3 µs each (25 ms for the
 * vocabulary of a 100× index). A table whose UTF-8 does not decode to as many characters as its
 * bytes announce, or that cuts a character between two strings (a damaged file), is decoded string
 * by string, as before.
 */
export function decodeStrings(bytes: Uint8Array<ArrayBufferLike>, offsets: Uint32Array<ArrayBufferLike>, what: string): string[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkOffsets(offsets, bytes.length, what);
  const count = offsets.length - 1;
  const strings = new Array<string>(count);
  if (isAscii(buffer)) {
    // One byte, one character: the byte offsets are the characters'.
    const whole = buffer.toString('latin1');
    for (let index = 0; index < count; index += 1) strings[index] = whole.slice(offsets[index], offsets[index + 1]);
    return strings;
  }
  // UTF-16 offsets from the UTF-8 bytes: a character starts at every byte but continuation bytes,
  // and a four-byte sequence is two UTF-16 units. A string starting with a continuation byte
  // (a character cut in two: a damaged file) is decoded alone, as before.
  const units = new Uint32Array(offsets.length);
  let unit = 0;
  let cut = false;
  for (let index = 0; index < count; index += 1) {
    const start = offsets[index]!;
    if (start < offsets[index + 1]! && (bytes[start]! & 0xc0) === 0x80) cut = true;
    for (let at = start; at < offsets[index + 1]!; at += 1) {
      const byte = bytes[at]!;
      if ((byte & 0xc0) !== 0x80) unit += byte >= 0xf0 ? 2 : 1;
    }
    units[index + 1] = unit;
  }
  const whole = cut ? '' : buffer.toString('utf8');
  if (cut || whole.length !== unit) {
    for (let index = 0; index < count; index += 1) strings[index] = buffer.toString('utf8', offsets[index], offsets[index + 1]);
    return strings;
  }
  for (let index = 0; index < count; index += 1) strings[index] = whole.slice(units[index], units[index + 1]);
  return strings;
}

/** Offsets of a flat list must start at 0, never decrease and end at the list's length. */
export function checkOffsets(offsets: Uint32Array<ArrayBufferLike>, length: number, what: string): void {
  if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== length) throw new BundleFormatError(`${what} : index incohérent`);
  for (let index = 1; index < offsets.length; index += 1) if (offsets[index]! < offsets[index - 1]!) throw new BundleFormatError(`${what} : index incohérent`);
}
