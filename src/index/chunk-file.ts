/**
 * The chunks on disk (`chunks.bin`): texts as one UTF-8 array, and every string a chunk shares
 * with others — its file, its section id, the labels of its breadcrumb and headings — stored once,
 * per section node, with chunks pointing to their node. Loading decodes each text and each shared
 * string once: the chunks of a section share one breadcrumb array and one headings array (they are
 * never modified), where JSON gave every chunk copies of its own.
 */
import type { Chunk, ChunkKind } from '../core/types.js';
import { BundleFormatError, bundleArray, checkOffsets, type DecodedBundle, decodeBundle, decodeStrings, encodeBundle, encodeStrings } from './binary-bundle.js';

export const CHUNK_FILE_KIND = 'alinea-chunks';
export const CHUNK_FILE_VERSION = 1;

const KINDS: readonly ChunkKind[] = ['text', 'list', 'table', 'heading'];
/** `pageStart`/`pageEnd`/`headingLines` of 0: the field is absent (pages count from 1, and a chunk without heading lines has no such field). */
const ABSENT = 0;

class StringTable {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
}

const uint = (value: number | undefined, what: string): number => {
  if (value === undefined) return ABSENT;
  if (!Number.isInteger(value) || value < 0 || value > 0xfffffffe) throw new RangeError(`${what}: ${value} is not a 32-bit count`);
  return value;
};

/** Encodes chunks (ids must be `${file}#${ordinal}`, as the chunker writes them). */
export function encodeChunks(chunks: readonly Chunk[]): Buffer[] {
  const strings = new StringTable();
  const nodeIds = new Map<string, number>();
  const nodeFile: number[] = [];
  const nodeSection: number[] = [];
  const breadcrumbStart: number[] = [0];
  const breadcrumbItems: number[] = [];
  const headingsStart: number[] = [0];
  const headingsItems: number[] = [];
  const count = chunks.length;
  const chunkNode = new Uint32Array(count);
  const chunkOrdinal = new Uint32Array(count);
  const chunkKind = new Uint8Array(count);
  const chunkHeadingLines = new Uint32Array(count);
  const chunkLineStart = new Uint32Array(count);
  const chunkLineEnd = new Uint32Array(count);
  const chunkPageStart = new Uint32Array(count);
  const chunkPageEnd = new Uint32Array(count);
  const texts: string[] = new Array(count);

  chunks.forEach((chunk, index) => {
    const prefix = `${chunk.file}#`;
    const ordinal = Number(chunk.id.slice(prefix.length));
    if (!chunk.id.startsWith(prefix) || !Number.isInteger(ordinal) || ordinal < 0 || chunk.id !== `${prefix}${ordinal}`) {
      throw new RangeError(`chunk id ${chunk.id} is not ${prefix}<ordinal>`);
    }
    const headings = chunk.headings;
    const file = strings.id(chunk.file);
    const section = strings.id(chunk.sectionId);
    const breadcrumb = chunk.breadcrumb.map((label) => strings.id(label));
    const headingIds = headings.map((label) => strings.id(label));
    const key = `${file}/${section}/${breadcrumb.join(',')}/${headingIds.join(',')}`;
    let node = nodeIds.get(key);
    if (node === undefined) {
      node = nodeFile.length;
      nodeIds.set(key, node);
      nodeFile.push(file);
      nodeSection.push(section);
      breadcrumbItems.push(...breadcrumb);
      breadcrumbStart.push(breadcrumbItems.length);
      headingsItems.push(...headingIds);
      headingsStart.push(headingsItems.length);
    }
    const kind = KINDS.indexOf(chunk.kind);
    if (kind < 0) throw new RangeError(`chunk ${chunk.id}: unknown kind ${chunk.kind}`);
    if (chunk.headingLines === 0) throw new RangeError(`chunk ${chunk.id}: headingLines 0 is written as an absent field`);
    if (chunk.pageStart === 0 || chunk.pageEnd === 0) throw new RangeError(`chunk ${chunk.id}: pages count from 1`);
    chunkNode[index] = node;
    chunkOrdinal[index] = uint(ordinal, 'ordinal');
    chunkKind[index] = kind;
    chunkHeadingLines[index] = uint(chunk.headingLines, 'headingLines');
    chunkLineStart[index] = uint(chunk.lineStart, 'lineStart');
    chunkLineEnd[index] = uint(chunk.lineEnd, 'lineEnd');
    chunkPageStart[index] = uint(chunk.pageStart, 'pageStart');
    chunkPageEnd[index] = uint(chunk.pageEnd, 'pageEnd');
    texts[index] = chunk.text;
  });

  const stringData = encodeStrings(strings.strings);
  const textData = encodeStrings(texts);
  return encodeBundle(
    CHUNK_FILE_KIND,
    CHUNK_FILE_VERSION,
    { chunks: count, nodes: nodeFile.length },
    {
      stringBytes: stringData.bytes,
      stringOffsets: stringData.offsets,
      nodeFile: Uint32Array.from(nodeFile),
      nodeSection: Uint32Array.from(nodeSection),
      breadcrumbStart: Uint32Array.from(breadcrumbStart),
      breadcrumbItems: Uint32Array.from(breadcrumbItems),
      headingsStart: Uint32Array.from(headingsStart),
      headingsItems: Uint32Array.from(headingsItems),
      chunkNode,
      chunkOrdinal,
      chunkKind,
      chunkHeadingLines,
      chunkLineStart,
      chunkLineEnd,
      chunkPageStart,
      chunkPageEnd,
      textBytes: textData.bytes,
      textOffsets: textData.offsets,
    },
  );
}

/** The texts of a decoded `chunks.bin`: chunk i's UTF-8 bytes are bytes[offsets[i] … offsets[i+1]). */
interface ChunkTexts {
  bytes: Buffer;
  offsets: Uint32Array;
}

/**
 * A chunk read from `chunks.bin`: the fields the chunker wrote, own and in its order, except the
 * text, decoded when first read (a question reads a few hundred of a corpus's chunks) and then
 * kept as an own field. A class, not an object literal with a getter: a literal's accessors are two
 * new functions per chunk, and made decoding the 100× bench corpus's 85k chunks cost 0.35–0.45 s
 * of CPU (with the garbage they left) against a few hundredths. JSON (`toJSON`) sees the chunker's
 * object, text included.
 */
class StoredChunk implements Chunk {
  readonly #texts: ChunkTexts;
  readonly #index: number;
  declare id: string;
  declare file: string;
  declare breadcrumb: string[];
  declare headings: string[];
  declare sectionId: string;
  declare kind: ChunkKind;
  declare headingLines?: number;
  declare lineStart: number;
  declare lineEnd: number;
  declare pageStart?: number;
  declare pageEnd?: number;

  constructor(texts: ChunkTexts, index: number, node: ChunkNode, ordinal: number, kind: ChunkKind, headingLines: number, lineStart: number, lineEnd: number, pageStart: number, pageEnd: number) {
    this.#texts = texts;
    this.#index = index;
    this.id = `${node.file}#${ordinal}`;
    this.file = node.file;
    this.breadcrumb = node.breadcrumb;
    this.headings = node.headings;
    this.sectionId = node.sectionId;
    this.kind = kind;
    if (headingLines !== ABSENT) this.headingLines = headingLines;
    this.lineStart = lineStart;
    this.lineEnd = lineEnd;
    if (pageStart !== ABSENT) this.pageStart = pageStart;
    if (pageEnd !== ABSENT) this.pageEnd = pageEnd;
  }

  // Accessors on the prototype, shared by every chunk; once read, the text is an own field.
  get text(): string {
    const value = this.#texts.bytes.toString('utf8', this.#texts.offsets[this.#index]!, this.#texts.offsets[this.#index + 1]!);
    Object.defineProperty(this, 'text', { value, enumerable: true, writable: true, configurable: true });
    return value;
  }

  set text(value: string) {
    Object.defineProperty(this, 'text', { value, enumerable: true, writable: true, configurable: true });
  }

  /** The chunker's object: its fields in its order, the text in its place. */
  toJSON(): Chunk {
    const { id, file, breadcrumb, headings, sectionId, kind, text, headingLines, lineStart, lineEnd, pageStart, pageEnd } = this;
    return {
      id,
      file,
      breadcrumb,
      headings,
      sectionId,
      kind,
      text,
      ...(headingLines !== undefined ? { headingLines } : {}),
      lineStart,
      lineEnd,
      ...(pageStart !== undefined ? { pageStart } : {}),
      ...(pageEnd !== undefined ? { pageEnd } : {}),
    };
  }
}

interface ChunkNode {
  file: string;
  sectionId: string;
  breadcrumb: string[];
  headings: string[];
}

/** The section nodes of a decoded `chunks.bin` (shared strings decoded once). */
function decodeNodes(bundle: DecodedBundle): ChunkNode[] {
  const u32 = (name: string) => bundleArray(bundle, name, 'u32');
  const strings = decodeStrings(bundleArray(bundle, 'stringBytes', 'u8'), u32('stringOffsets'), 'chaînes');
  const string = (id: number): string => {
    const text = strings[id];
    if (text === undefined) throw new BundleFormatError(`chaîne ${id} absente`);
    return text;
  };
  const nodeFile = u32('nodeFile');
  const nodeSection = u32('nodeSection');
  const breadcrumbStart = u32('breadcrumbStart');
  const breadcrumbItems = u32('breadcrumbItems');
  const headingsStart = u32('headingsStart');
  const headingsItems = u32('headingsItems');
  if (nodeSection.length !== nodeFile.length || breadcrumbStart.length !== nodeFile.length + 1 || headingsStart.length !== nodeFile.length + 1) {
    throw new BundleFormatError('sections : tableaux de tailles différentes');
  }
  checkOffsets(breadcrumbStart, breadcrumbItems.length, 'fils d’Ariane');
  checkOffsets(headingsStart, headingsItems.length, 'titres');
  const labels = (items: Uint32Array, from: number, to: number): string[] => {
    const list: string[] = [];
    for (let index = from; index < to; index += 1) list.push(string(items[index]!));
    // Shared by every chunk of the node: frozen, so that no caller edits another chunk's path.
    return Object.freeze(list) as string[];
  };
  const nodes: ChunkNode[] = [];
  for (let node = 0; node < nodeFile.length; node += 1) {
    nodes.push({
      file: string(nodeFile[node]!),
      sectionId: string(nodeSection[node]!),
      breadcrumb: labels(breadcrumbItems, breadcrumbStart[node]!, breadcrumbStart[node + 1]!),
      headings: labels(headingsItems, headingsStart[node]!, headingsStart[node + 1]!),
    });
  }
  return nodes;
}

/**
 * Where each chunk sits (its file and headings), without decoding any text: what a server's main
 * thread needs to suggest topics, at a fraction of the chunks' memory.
 */
export function decodeChunkOutline(data: Buffer): Pick<Chunk, 'file' | 'headings'>[] {
  const bundle = decodeBundle(data, CHUNK_FILE_KIND, CHUNK_FILE_VERSION);
  const nodes = decodeNodes(bundle);
  return Array.from(bundleArray(bundle, 'chunkNode', 'u32'), (node) => {
    const found = nodes[node];
    if (!found) throw new BundleFormatError(`section ${node} inconnue`);
    return found;
  });
}

/** Decodes `chunks.bin`; throws BundleFormatError (French) when the file is damaged. */
export function decodeChunks(data: Buffer): Chunk[] {
  const bundle = decodeBundle(data, CHUNK_FILE_KIND, CHUNK_FILE_VERSION);
  const u32 = (name: string) => bundleArray(bundle, name, 'u32');
  const nodes = decodeNodes(bundle);

  const chunkNode = u32('chunkNode');
  const count = chunkNode.length;
  const chunkOrdinal = u32('chunkOrdinal');
  const chunkKind = bundleArray(bundle, 'chunkKind', 'u8');
  const chunkHeadingLines = u32('chunkHeadingLines');
  const chunkLineStart = u32('chunkLineStart');
  const chunkLineEnd = u32('chunkLineEnd');
  const chunkPageStart = u32('chunkPageStart');
  const chunkPageEnd = u32('chunkPageEnd');
  const textBytes = bundleArray(bundle, 'textBytes', 'u8');
  const textOffsets = u32('textOffsets');
  for (const array of [chunkOrdinal, chunkKind, chunkHeadingLines, chunkLineStart, chunkLineEnd, chunkPageStart, chunkPageEnd]) {
    if (array.length !== count) throw new BundleFormatError('passages : tableaux de tailles différentes');
  }
  if (textOffsets.length !== count + 1) throw new BundleFormatError('passages : tableaux de tailles différentes');
  checkOffsets(textOffsets, textBytes.length, 'textes');
  const text = Buffer.from(textBytes.buffer, textBytes.byteOffset, textBytes.byteLength);

  const texts: ChunkTexts = { bytes: text, offsets: textOffsets };
  const chunks: Chunk[] = new Array(count);
  for (let index = 0; index < count; index += 1) {
    const node = nodes[chunkNode[index]!];
    const kind = KINDS[chunkKind[index]!];
    if (!node || !kind) throw new BundleFormatError(`passage ${index} : section ou nature inconnue`);
    chunks[index] = new StoredChunk(
      texts,
      index,
      node,
      chunkOrdinal[index]!,
      kind,
      chunkHeadingLines[index]!,
      chunkLineStart[index]!,
      chunkLineEnd[index]!,
      chunkPageStart[index]!,
      chunkPageEnd[index]!,
    );
  }
  return chunks;
}
