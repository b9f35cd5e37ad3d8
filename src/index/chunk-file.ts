/**
 * The chunks on disk (`chunks.bin`): texts as one UTF-8 array, and every string a chunk shares
 * with others — its file, its section id, the labels of its breadcrumb and headings — stored once,
 * per section node, with chunks pointing to their node. Loading decodes each text and each shared
 * string once: the chunks of a section share one breadcrumb array and one headings array (they are
 * never modified), where JSON gave every chunk copies of its own.
 */
import type { Chunk, ChunkKind } from '../core/types.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { BundleFormatError, bundleArray, checkOffsets, type DecodedBundle, decodeBundle, encodeBundle, readBundleFile } from './binary-bundle.js';

export const CHUNK_FILE_KIND = 'alinea-chunks';
export const CHUNK_FILE_VERSION = 1;

const KINDS: readonly ChunkKind[] = ['text', 'list', 'table', 'heading'];
/** `pageStart`/`pageEnd`/`headingLines` of 0: the field is absent (pages count from 1, and a chunk without heading lines has no such field). */
const ABSENT = 0;

/** Bytes of UTF-8 (or any u8 data) appended in blocks: growing never copies what is written. */
class ByteBlocks {
  private readonly blocks: Buffer[] = [];
  private current = Buffer.allocUnsafe(0);
  private used = 0;
  /** Bytes appended so far. */
  length = 0;

  constructor(private readonly blockSize = 1 << 22) {}

  /** Appends `text` as UTF-8 (a lone surrogate as U+FFFD, like `Buffer.from`). */
  write(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.used + bytes > this.current.length) {
      if (this.used > 0) this.blocks.push(this.current.subarray(0, this.used));
      this.current = Buffer.allocUnsafe(Math.max(this.blockSize, bytes));
      this.used = 0;
    }
    this.current.write(text, this.used, 'utf8');
    this.used += bytes;
    this.length += bytes;
  }

  /** The last `bytes` appended, decoded: a string of its own (not a slice of a larger one). */
  lastString(bytes: number): string {
    return this.current.toString('utf8', this.used - bytes, this.used);
  }

  parts(): Buffer[] {
    return this.used > 0 ? [...this.blocks, this.current.subarray(0, this.used)] : [...this.blocks];
  }
}

/** Unsigned 32-bit values appended to a typed array that doubles when full. */
class Uint32List {
  private values = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Uint32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  view(): Uint32Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * Strings shared by chunks (files, section ids, breadcrumb and heading labels), each stored once
 * as UTF-8 as it is first seen. The key kept for each is decoded from those bytes, so it never
 * holds on to the text it was cut from (a section id or a label is often a slice of its whole file).
 */
class StringTable {
  private readonly ids = new Map<string, number>();
  readonly bytes = new ByteBlocks(1 << 20);
  readonly offsets = new Uint32List();

  constructor() {
    this.offsets.push(0);
  }

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.offsets.length - 1;
      const before = this.bytes.length;
      this.bytes.write(text);
      this.offsets.push(this.bytes.length);
      this.ids.set(this.bytes.lastString(this.bytes.length - before), id);
    }
    return id;
  }
}

const uint = (value: number | undefined, what: string): number => {
  if (value === undefined) return ABSENT;
  if (!Number.isInteger(value) || value < 0 || value > 0xfffffffe) throw new RangeError(`${what}: ${value} is not a 32-bit count`);
  return value;
};

/**
 * Encodes chunks as they come (`add`, in index order), so an ingest need not keep them: each
 * text goes to a UTF-8 block at once, each shared string and section node is kept once. `finish`
 * gives the file's parts, the same bytes as `encodeChunks` of every chunk added.
 */
export class ChunkFileWriter {
  private readonly strings = new StringTable();
  private readonly nodeIds = new Map<string, number>();
  private readonly nodeFile = new Uint32List();
  private readonly nodeSection = new Uint32List();
  private readonly breadcrumbStart = new Uint32List();
  private readonly breadcrumbItems = new Uint32List();
  private readonly headingsStart = new Uint32List();
  private readonly headingsItems = new Uint32List();
  private readonly chunkNode = new Uint32List();
  private readonly chunkOrdinal = new Uint32List();
  private readonly chunkKind = new Uint32List();
  private readonly chunkHeadingLines = new Uint32List();
  private readonly chunkLineStart = new Uint32List();
  private readonly chunkLineEnd = new Uint32List();
  private readonly chunkPageStart = new Uint32List();
  private readonly chunkPageEnd = new Uint32List();
  private readonly texts = new ByteBlocks();
  private readonly textOffsets = new Uint32List();

  constructor() {
    this.breadcrumbStart.push(0);
    this.headingsStart.push(0);
    this.textOffsets.push(0);
  }

  /** Chunks added so far. */
  get count(): number {
    return this.chunkNode.length;
  }

  /** Adds the next chunks (ids must be `${file}#${ordinal}`, as the chunker writes them). */
  add(chunks: readonly Chunk[]): void {
    for (const chunk of chunks) this.addOne(chunk);
  }

  private addOne(chunk: Chunk): void {
    const { strings } = this;
    const prefix = `${chunk.file}#`;
    const ordinal = Number(chunk.id.slice(prefix.length));
    if (!chunk.id.startsWith(prefix) || !Number.isInteger(ordinal) || ordinal < 0 || chunk.id !== `${prefix}${ordinal}`) {
      throw new RangeError(`chunk id ${chunk.id} is not ${prefix}<ordinal>`);
    }
    const kind = KINDS.indexOf(chunk.kind);
    if (kind < 0) throw new RangeError(`chunk ${chunk.id}: unknown kind ${chunk.kind}`);
    if (chunk.headingLines === 0) throw new RangeError(`chunk ${chunk.id}: headingLines 0 is written as an absent field`);
    if (chunk.pageStart === 0 || chunk.pageEnd === 0) throw new RangeError(`chunk ${chunk.id}: pages count from 1`);
    const values = [
      uint(ordinal, 'ordinal'),
      uint(chunk.headingLines, 'headingLines'),
      uint(chunk.lineStart, 'lineStart'),
      uint(chunk.lineEnd, 'lineEnd'),
      uint(chunk.pageStart, 'pageStart'),
      uint(chunk.pageEnd, 'pageEnd'),
    ] as const;
    const file = strings.id(chunk.file);
    const section = strings.id(chunk.sectionId);
    const breadcrumb = chunk.breadcrumb.map((label) => strings.id(label));
    const headingIds = chunk.headings.map((label) => strings.id(label));
    const key = `${file}/${section}/${breadcrumb.join(',')}/${headingIds.join(',')}`;
    let node = this.nodeIds.get(key);
    if (node === undefined) {
      node = this.nodeFile.length;
      this.nodeIds.set(key, node);
      this.nodeFile.push(file);
      this.nodeSection.push(section);
      for (const id of breadcrumb) this.breadcrumbItems.push(id);
      this.breadcrumbStart.push(this.breadcrumbItems.length);
      for (const id of headingIds) this.headingsItems.push(id);
      this.headingsStart.push(this.headingsItems.length);
    }
    this.chunkNode.push(node);
    this.chunkOrdinal.push(values[0]);
    this.chunkKind.push(kind);
    this.chunkHeadingLines.push(values[1]);
    this.chunkLineStart.push(values[2]);
    this.chunkLineEnd.push(values[3]);
    this.chunkPageStart.push(values[4]);
    this.chunkPageEnd.push(values[5]);
    this.texts.write(chunk.text);
    this.textOffsets.push(this.texts.length);
  }

  /** The file's parts, to be written in order. */
  finish(): Buffer[] {
    return encodeBundle(
      CHUNK_FILE_KIND,
      CHUNK_FILE_VERSION,
      { chunks: this.count, nodes: this.nodeFile.length },
      {
        stringBytes: this.strings.bytes.parts(),
        stringOffsets: this.strings.offsets.view(),
        nodeFile: this.nodeFile.view(),
        nodeSection: this.nodeSection.view(),
        breadcrumbStart: this.breadcrumbStart.view(),
        breadcrumbItems: this.breadcrumbItems.view(),
        headingsStart: this.headingsStart.view(),
        headingsItems: this.headingsItems.view(),
        chunkNode: this.chunkNode.view(),
        chunkOrdinal: this.chunkOrdinal.view(),
        chunkKind: Uint8Array.from(this.chunkKind.view()),
        chunkHeadingLines: this.chunkHeadingLines.view(),
        chunkLineStart: this.chunkLineStart.view(),
        chunkLineEnd: this.chunkLineEnd.view(),
        chunkPageStart: this.chunkPageStart.view(),
        chunkPageEnd: this.chunkPageEnd.view(),
        textBytes: this.texts.parts(),
        textOffsets: this.textOffsets.view(),
      },
    );
  }
}

/** Encodes chunks (ids must be `${file}#${ordinal}`, as the chunker writes them). */
export function encodeChunks(chunks: readonly Chunk[]): Buffer[] {
  const writer = new ChunkFileWriter();
  writer.add(chunks);
  return writer.finish();
}

/**
 * What a decoded `chunks.bin` holds, viewed in place, and what has been decoded of it so far: every
 * string (a file name, a section id, a breadcrumb label, a chunk's id or text) is decoded when first
 * read and then kept. Loading a 100× index makes no string and one small object per chunk (at
 * 85k chunks and 46k sections, building them all took about 0.2 s of CPU and as much again of
 * garbage collection, for a question that reads a few hundred).
 */
class ChunkStore {
  private readonly strings: (string | undefined)[];
  private readonly nodes: (ChunkNode | undefined)[];
  private readonly ids: (string | undefined)[];
  private readonly texts: (string | undefined)[];

  constructor(
    private readonly stringBytes: Buffer,
    private readonly stringOffsets: Uint32Array,
    private readonly nodeFile: Uint32Array,
    private readonly nodeSection: Uint32Array,
    private readonly breadcrumbStart: Uint32Array,
    private readonly breadcrumbItems: Uint32Array,
    private readonly headingsStart: Uint32Array,
    private readonly headingsItems: Uint32Array,
    readonly chunkNode: Uint32Array,
    readonly chunkOrdinal: Uint32Array,
    readonly chunkKind: Uint8Array,
    readonly chunkHeadingLines: Uint32Array,
    readonly chunkLineStart: Uint32Array,
    readonly chunkLineEnd: Uint32Array,
    readonly chunkPageStart: Uint32Array,
    readonly chunkPageEnd: Uint32Array,
    private readonly textSource: TextSource,
    private readonly textOffsets: Uint32Array,
  ) {
    this.strings = new Array(stringOffsets.length - 1);
    this.nodes = new Array(nodeFile.length);
    this.ids = new Array(chunkNode.length);
    this.texts = new Array(chunkNode.length);
  }

  string(id: number): string {
    let text = this.strings[id];
    if (text === undefined) this.strings[id] = text = this.stringBytes.toString('utf8', this.stringOffsets[id]!, this.stringOffsets[id + 1]!);
    return text;
  }

  node(node: number): ChunkNode {
    let found = this.nodes[node];
    if (found === undefined) {
      found = {
        file: this.string(this.nodeFile[node]!),
        sectionId: this.string(this.nodeSection[node]!),
        breadcrumb: this.labels(this.breadcrumbItems, this.breadcrumbStart[node]!, this.breadcrumbStart[node + 1]!),
        headings: this.labels(this.headingsItems, this.headingsStart[node]!, this.headingsStart[node + 1]!),
      };
      this.nodes[node] = found;
    }
    return found;
  }

  private labels(items: Uint32Array, from: number, to: number): string[] {
    const list: string[] = [];
    for (let index = from; index < to; index += 1) list.push(this.string(items[index]!));
    // Shared by every chunk of the node: frozen, so that no caller edits another chunk's path.
    return Object.freeze(list) as string[];
  }

  id(chunk: number): string {
    let id = this.ids[chunk];
    if (id === undefined) this.ids[chunk] = id = `${this.node(this.chunkNode[chunk]!).file}#${this.chunkOrdinal[chunk]!}`;
    return id;
  }

  text(chunk: number): string {
    let text = this.texts[chunk];
    if (text === undefined) this.texts[chunk] = text = this.textSource.read(this.textOffsets[chunk]!, this.textOffsets[chunk + 1]!);
    return text;
  }

  setText(chunk: number, text: string): void {
    this.texts[chunk] = text;
  }
}

/** A field stored as 0 when the chunk has none (see ABSENT). */
const present = (value: number): number | undefined => (value === ABSENT ? undefined : value);

/**
 * A chunk read from `chunks.bin`: its store and its position, every field read through the store
 * (decoded when first read, then kept there). A class with accessors on the prototype, shared by
 * every chunk and never changing its shape: a chunk costs one small object at load. JSON
 * (`toJSON`) sees the chunker's object: its fields in its order, optional ones only when present.
 */
class StoredChunk implements Chunk {
  readonly #store: ChunkStore;
  readonly #index: number;

  constructor(store: ChunkStore, index: number) {
    this.#store = store;
    this.#index = index;
  }

  get id(): string {
    return this.#store.id(this.#index);
  }

  get file(): string {
    return this.#node().file;
  }

  get breadcrumb(): string[] {
    return this.#node().breadcrumb;
  }

  get headings(): string[] {
    return this.#node().headings;
  }

  get sectionId(): string {
    return this.#node().sectionId;
  }

  get kind(): ChunkKind {
    return KINDS[this.#store.chunkKind[this.#index]!]!;
  }

  get text(): string {
    return this.#store.text(this.#index);
  }

  set text(value: string) {
    this.#store.setText(this.#index, value);
  }

  get headingLines(): number | undefined {
    return present(this.#store.chunkHeadingLines[this.#index]!);
  }

  get lineStart(): number {
    return this.#store.chunkLineStart[this.#index]!;
  }

  get lineEnd(): number {
    return this.#store.chunkLineEnd[this.#index]!;
  }

  get pageStart(): number | undefined {
    return present(this.#store.chunkPageStart[this.#index]!);
  }

  get pageEnd(): number | undefined {
    return present(this.#store.chunkPageEnd[this.#index]!);
  }

  #node(): ChunkNode {
    return this.#store.node(this.#store.chunkNode[this.#index]!);
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

/** The chunks' texts, as UTF-8 bytes `start … end` of the texts' array. */
interface TextSource {
  read(start: number, end: number): string;
}

/** The texts' array in memory. */
const textsInMemory = (bytes: Buffer): TextSource => ({ read: (start, end) => bytes.toString('utf8', start, end) });

/**
 * The texts' array left in the index file, each text read from it when first asked (a few µs). The
 * file stays open, so a store keeps reading the file it was loaded with even after a rebuilt index
 * replaces it on disk; it is closed when the store is collected (or when a worker thread ends).
 */
class TextsOnDisk implements TextSource {
  private scratch = Buffer.allocUnsafeSlow(1 << 16);
  private static readonly registry = new FinalizationRegistry<number>((fd) => {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
  });

  constructor(
    private readonly fd: number,
    private readonly position: number,
  ) {
    TextsOnDisk.registry.register(this, fd);
  }

  read(start: number, end: number): string {
    const length = end - start;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafeSlow(length);
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, this.scratch, done, length - done, this.position + start + done);
      if (read === 0) throw new BundleFormatError('textes : fichier tronqué depuis son ouverture');
      done += read;
    }
    return this.scratch.toString('utf8', 0, length);
  }
}

/**
 * A store over a decoded `chunks.bin`; throws BundleFormatError (French) when the file is damaged.
 * Every table and every reference between them is checked here, at load (typed-array loops, a few
 * milliseconds at 100×): a string, section or text decoded later can only be one the file holds.
 */
function storeOf(bundle: DecodedBundle, texts: { source: (bytes?: Uint8Array) => TextSource; byteLength: number }): ChunkStore {
  const u32 = (name: string) => bundleArray(bundle, name, 'u32');
  const stringBytes = bundleArray(bundle, 'stringBytes', 'u8');
  const stringOffsets = u32('stringOffsets');
  checkOffsets(stringOffsets, stringBytes.length, 'chaînes');
  const stringCount = stringOffsets.length - 1;
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
  for (const table of [nodeFile, nodeSection, breadcrumbItems, headingsItems]) {
    for (let at = 0; at < table.length; at += 1) if (table[at]! >= stringCount) throw new BundleFormatError(`chaîne ${table[at]} absente`);
  }

  const chunkNode = u32('chunkNode');
  const count = chunkNode.length;
  const chunkOrdinal = u32('chunkOrdinal');
  const chunkKind = bundleArray(bundle, 'chunkKind', 'u8');
  const chunkHeadingLines = u32('chunkHeadingLines');
  const chunkLineStart = u32('chunkLineStart');
  const chunkLineEnd = u32('chunkLineEnd');
  const chunkPageStart = u32('chunkPageStart');
  const chunkPageEnd = u32('chunkPageEnd');
  const textOffsets = u32('textOffsets');
  for (const array of [chunkOrdinal, chunkKind, chunkHeadingLines, chunkLineStart, chunkLineEnd, chunkPageStart, chunkPageEnd]) {
    if (array.length !== count) throw new BundleFormatError('passages : tableaux de tailles différentes');
  }
  if (textOffsets.length !== count + 1) throw new BundleFormatError('passages : tableaux de tailles différentes');
  checkOffsets(textOffsets, texts.byteLength, 'textes');
  const nodeCount = nodeFile.length;
  for (let index = 0; index < count; index += 1) {
    if (chunkNode[index]! >= nodeCount || chunkKind[index]! >= KINDS.length) throw new BundleFormatError(`passage ${index} : section ou nature inconnue`);
  }
  return new ChunkStore(
    Buffer.from(stringBytes.buffer, stringBytes.byteOffset, stringBytes.byteLength),
    stringOffsets,
    nodeFile,
    nodeSection,
    breadcrumbStart,
    breadcrumbItems,
    headingsStart,
    headingsItems,
    chunkNode,
    chunkOrdinal,
    chunkKind,
    chunkHeadingLines,
    chunkLineStart,
    chunkLineEnd,
    chunkPageStart,
    chunkPageEnd,
    texts.source(),
    textOffsets,
  );
}

/** A store over `chunks.bin` held in memory. */
function decodeStore(data: Buffer): ChunkStore {
  const bundle = decodeBundle(data, CHUNK_FILE_KIND, CHUNK_FILE_VERSION);
  const bytes = bundleArray(bundle, 'textBytes', 'u8');
  return storeOf(bundle, { source: () => textsInMemory(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), byteLength: bytes.length });
}

/** The chunks of a store, one small object each. */
function chunksOf(store: ChunkStore): Chunk[] {
  const count = store.chunkNode.length;
  const chunks: Chunk[] = new Array(count);
  for (let index = 0; index < count; index += 1) chunks[index] = new StoredChunk(store, index);
  return chunks;
}

/**
 * Where each chunk sits (its file and headings), without decoding any text: what a server's main
 * thread needs to suggest topics, at a fraction of the chunks' memory.
 */
export function decodeChunkOutline(data: Buffer): Pick<Chunk, 'file' | 'headings'>[] {
  const store = decodeStore(data);
  return Array.from(store.chunkNode, (node) => store.node(node));
}

/** Decodes `chunks.bin`; throws BundleFormatError (French) when the file is damaged. */
export function decodeChunks(data: Buffer): Chunk[] {
  return chunksOf(decodeStore(data));
}

/**
 * Opens `chunks.bin` for answering: everything but the texts is read now, each text from the file
 * when first read (see TextsOnDisk). Throws BundleFormatError (French) when the file is damaged,
 * and the file system's error when it cannot be opened.
 */
export function openChunkFile(file: string): Chunk[] {
  const fd = openSync(file, 'r');
  try {
    const bundle = readBundleFile(fd, CHUNK_FILE_KIND, CHUNK_FILE_VERSION, ['textBytes']);
    const texts = bundle.onDisk.get('textBytes');
    if (!texts) throw new BundleFormatError('tableau « textBytes » absent');
    return chunksOf(storeOf(bundle, { source: () => new TextsOnDisk(fd, texts.position), byteLength: texts.byteLength }));
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
