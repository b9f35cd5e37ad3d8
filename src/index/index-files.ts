/**
 * The on-disk index: a folder written aside and swapped in whole, so a crash or Ctrl-C during an
 * ingest never leaves a half-written index where the assistant reads.
 */
import { closeSync, fstatSync, openSync, read, readFileSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, stat, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Chunk, DocumentMeta } from '../core/types.js';
import type { GlossaryEntry } from '../core/types.js';
import { BundleFormatError } from './binary-bundle.js';
import { fileChecksum } from './file-checksum.js';

export { fileChecksum };
import { decodeChunkOutline, decodeChunks, encodeChunks, openChunkFile } from './chunk-file.js';
import { decodeGlossary, encodeGlossary, type StoredGlossary } from './glossary-file.js';
import { LexicalIndex } from './lexical-index.js';
import { decodeLookups, encodeLookups, type IndexLookups } from './lookup-file.js';

/**
 * 4: chunks and postings in binary files (`chunks.bin`, `lexical.bin`), vector ids taken from the chunks.
 * 5: the vector index in shards (`vectors.hnsw`, `vectors.1.hnsw` …, `vectors.json` version 3).
 * 6: the shards' graphs hold 256-dimension projections, the full vectors are in `vectors.f32` (`vectors.json` version 4).
 * 7: beside them, an 8-bit copy of the full vectors (`vectors.q8`) re-ranks the graphs' candidates in memory (`vectors.json` version 5).
 * 8: the glossary in binary (`glossary.bin`, with its look-ups by acronym and by long form), and the
 *    look-ups of files, numbered sections and document names made at ingest (`lookups.bin`).
 */
export const INDEX_SCHEMA_VERSION = 8;

export interface FileRecord {
  hash: string;
  bytes: number;
  pages?: number;
  chunks: number;
  /** The loader's French notes (e.g. invalid UTF-8 replaced), reported again when the file is reused. */
  warnings?: string[];
}

export interface IndexManifest {
  schemaVersion: number;
  chunkerVersion: string;
  analyzerVersion: string;
  embedder: { id: string; dimension: number };
  createdAt: string;
  files: Record<string, FileRecord>;
  /** Files that could not be ingested, with their hash ('' when not read) and size: unchanged, they do not make the index stale. */
  failed?: Record<string, { hash: string; bytes: number }>;
  /** The release that built it (replicas refuse another one's index). */
  builtBy?: { app: 'alinea'; version: string };
  /** SHA-256 of every other file of the index folder: a replica checks them before loading. */
  checksums?: Record<string, string>;
}

export const FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.bin',
  documents: 'documents.json',
  lexical: 'lexical.bin',
  glossary: 'glossary.bin',
  lookups: 'lookups.bin',
  embedder: 'embedder.json',
  /**
   * Row-major `chunks × dimension` float32 vectors, kept for a model embedder (reused by the next
   * ingest) and for a sharded vector index (its graphs hold projections; searches re-rank with these).
   */
  vectors: 'vectors.f32',
  /** The 8-bit copy of the full vectors of a sharded vector index (`QuantizedVectors`), held in memory by its searches. */
  quantizedVectors: 'vectors.q8',
} as const;

export interface IndexContents {
  manifest: IndexManifest;
  chunks: Chunk[];
  documents: DocumentMeta[];
  lexical: LexicalIndex;
  glossary: StoredGlossary;
  lookups: IndexLookups;
  embedderState: unknown;
}

/** What an ingest writes (`writeIndexFiles`): the glossary as mined. */
export type IndexFileContents = Omit<IndexContents, 'manifest' | 'glossary'> & { glossary: readonly GlossaryEntry[] };

export class IndexMissingError extends Error {}

/** A file of the index is damaged or not of this format; the message is French and says what to run. */
export class IndexCorruptError extends Error {}

export async function pathExists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch {
    return false;
  }
}

/** Writes parts of a file in order, without joining them first. */
export async function writeParts(file: string, parts: Buffer[]): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const part of parts) await handle.write(part);
  } finally {
    await handle.close();
  }
}

/** Writes the chunk, postings and JSON files of an index into `dir` (which must be new). */
export async function writeIndexFiles(dir: string, contents: IndexFileContents): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeParts(path.join(dir, FILES.chunks), encodeChunks(contents.chunks));
  await writeCatalogFiles(dir, contents.documents, contents.embedderState);
  await writeLexicalFiles(dir, contents.lexical, contents.glossary);
  await writeLookupsFile(dir, contents.lookups);
}

/** The documents' metadata and the embedder's state (`documents.json`, `embedder.json`). */
export async function writeCatalogFiles(dir: string, documents: DocumentMeta[], embedderState: unknown): Promise<void> {
  await writeFile(path.join(dir, FILES.documents), JSON.stringify(documents, null, 1));
  await writeFile(path.join(dir, FILES.embedder), JSON.stringify(embedderState ?? null));
}

/** The postings and the glossary (`lexical.bin`, `glossary.bin`): written by the thread that built them. */
export async function writeLexicalFiles(dir: string, lexical: LexicalIndex, glossary: readonly GlossaryEntry[]): Promise<void> {
  await writeParts(path.join(dir, FILES.lexical), lexical.encode());
  await writeParts(path.join(dir, FILES.glossary), encodeGlossary(glossary));
}

/** The look-ups of files, numbered sections and document names (`lookups.bin`). */
export async function writeLookupsFile(dir: string, lookups: IndexLookups): Promise<void> {
  await writeParts(path.join(dir, FILES.lookups), encodeLookups(lookups));
}

/**
 * Finishes an index folder: the manifest, with the checksum of every file already written, goes
 * last. An index folder without a manifest is incomplete by definition. `known` holds checksums
 * worked out as their files were written (`fileChecksum`'s, by the threads that wrote them): the
 * ingest's last step would otherwise read and hash every file on one thread, with the other cores
 * idle (about half a second for one 50 MB file's 550 MB of index).
 */
export async function sealIndex(dir: string, manifest: IndexManifest, known: ReadonlyMap<string, string> = new Map()): Promise<IndexManifest> {
  const checksums: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name === FILES.manifest) continue;
    checksums[name] = known.get(name) ?? (await fileChecksum(path.join(dir, name)));
  }
  const sealed: IndexManifest = { ...manifest, checksums };
  await writeFile(path.join(dir, FILES.manifest), JSON.stringify(sealed, null, 1));
  return sealed;
}

/** A fresh sibling folder for building the next index. */
export function stagingDirFor(indexDir: string): string {
  return `${indexDir}.staging-${process.pid}-${Date.now()}`;
}

/**
 * Swaps a complete staging folder in place of the index: old → backup, staging → index, then
 * the backup is removed. Between the two renames `recoverIndexDir` finds the backup.
 */
export async function swapIn(stagingDir: string, indexDir: string): Promise<void> {
  const backup = `${indexDir}.previous`;
  await rm(backup, { recursive: true, force: true });
  if (await pathExists(indexDir)) await rename(indexDir, backup);
  await rename(stagingDir, indexDir);
  await rm(backup, { recursive: true, force: true });
}

/** Restores the previous index if a swap was cut between its renames; drops stale staging folders. */
export async function recoverIndexDir(indexDir: string): Promise<void> {
  const backup = `${indexDir}.previous`;
  if (!(await pathExists(path.join(indexDir, FILES.manifest))) && (await pathExists(path.join(backup, FILES.manifest)))) {
    await rm(indexDir, { recursive: true, force: true });
    await rename(backup, indexDir);
  }
  const parent = path.dirname(indexDir);
  const prefix = `${path.basename(indexDir)}.staging-`;
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (!isProcessAlive(pid)) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function readManifest(indexDir: string): Promise<IndexManifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(indexDir, FILES.manifest), 'utf8')) as IndexManifest;
  } catch {
    return undefined;
  }
}

/** The message of a damaged index file: what is wrong, and what to run. */
export function corruptFileMessage(indexDir: string, file: string, reason: string): string {
  return `L'index de ${indexDir} est altéré (${file} : ${reason}) : reconstruisez-le avec « npm run ingest ».`;
}

/** A format error in file `name` of the index as IndexCorruptError (French); other errors as they are. */
function asCorrupt(indexDir: string, name: string, error: unknown): unknown {
  if (error instanceof BundleFormatError) return new IndexCorruptError(corruptFileMessage(indexDir, name, error.message));
  if (error instanceof SyntaxError) return new IndexCorruptError(corruptFileMessage(indexDir, name, 'JSON illisible'));
  return error;
}

const unreadable = (indexDir: string, name: string) => new IndexCorruptError(corruptFileMessage(indexDir, name, 'fichier absent ou illisible'));

/**
 * A whole file in one request to libuv's pool: `readFile` reads a large file in 512 KB steps, each
 * queued behind hnswlib reading the vector shards there and each waiting for this thread to ask for
 * the next; one request is read while this thread decodes the rest of the index.
 */
export function readWholeFile(file: string): Promise<Buffer> {
  // Opened and measured at once, so the read is queued before this thread turns to other work.
  let fd: number;
  let data: Buffer;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return Promise.reject(error);
  }
  try {
    // An ArrayBuffer of its own: the views made on it are aligned.
    data = Buffer.allocUnsafeSlow(fstatSync(fd).size);
  } catch (error) {
    closeSync(fd);
    return Promise.reject(error);
  }
  const readFrom = (done: number): Promise<Buffer> =>
    new Promise<number>((resolve, reject) => read(fd, data, done, data.length - done, done, (error, bytes) => (error ? reject(error) : resolve(bytes)))).then((bytes) =>
      bytes === 0 || done + bytes >= data.length ? data.subarray(0, done + bytes) : readFrom(done + bytes),
    );
  return (data.length === 0 ? Promise.resolve(data) : readFrom(0)).finally(() => closeSync(fd));
}

/** Reads (by default at once, on this thread) and decodes one file of the index, turning a format error into IndexCorruptError. */
async function decodeFile<T>(indexDir: string, name: string, decode: (data: Buffer) => T, read: (file: string) => Buffer | Promise<Buffer> = readFileSync): Promise<T> {
  let data: Buffer;
  try {
    data = await read(path.join(indexDir, name));
  } catch {
    throw unreadable(indexDir, name);
  }
  try {
    return decode(data);
  } catch (error) {
    throw asCorrupt(indexDir, name, error);
  }
}

/** Opens one file of the index with `openFile` (which reads what it needs of it), turning a format error into IndexCorruptError. */
function openIndexFile<T>(indexDir: string, name: string, openFile: (file: string) => T): T {
  try {
    return openFile(path.join(indexDir, name));
  } catch (error) {
    if (error instanceof BundleFormatError || error instanceof SyntaxError) throw asCorrupt(indexDir, name, error);
    throw unreadable(indexDir, name);
  }
}

/** The chunks of an index folder (what an ingest reuses for unchanged files). */
export function readChunkFile(indexDir: string): Promise<Chunk[]> {
  return decodeFile(indexDir, FILES.chunks, decodeChunks);
}

/** Each chunk's file and headings, without its text (see decodeChunkOutline). */
export function readChunkOutline(indexDir: string): Promise<Pick<Chunk, 'file' | 'headings'>[]> {
  return decodeFile(indexDir, FILES.chunks, decodeChunkOutline);
}

export function readDocumentsFile(indexDir: string): Promise<DocumentMeta[]> {
  return decodeFile(indexDir, FILES.documents, (data) => JSON.parse(data.toString('utf8')) as DocumentMeta[]);
}

export async function readIndexFiles(indexDir: string): Promise<IndexContents> {
  const manifest = await readManifest(indexDir);
  if (!manifest) {
    throw new IndexMissingError(`Aucun index trouvé dans ${indexDir}. Construisez-le avec : npm run ingest`);
  }
  const json = (data: Buffer) => JSON.parse(data.toString('utf8'));
  // The postings (45 MB at 100×) are read on libuv's pool while this thread reads the rest; the
  // chunks' texts are left in their file, each read when first asked for (openChunkFile).
  const lexicalRead = decodeFile(indexDir, FILES.lexical, LexicalIndex.decode, readWholeFile);
  lexicalRead.catch(() => undefined);
  const chunks = openIndexFile(indexDir, FILES.chunks, openChunkFile);
  const [documents, glossary, embedderState] = await Promise.all([
    decodeFile(indexDir, FILES.documents, json) as Promise<DocumentMeta[]>,
    decodeFile(indexDir, FILES.glossary, decodeGlossary),
    decodeFile(indexDir, FILES.embedder, json),
  ]);
  if (!Array.isArray(documents)) throw new IndexCorruptError(corruptFileMessage(indexDir, FILES.documents, 'liste de documents attendue'));
  const lookups = await decodeFile(indexDir, FILES.lookups, (data) => decodeLookups(data, chunks.length, documents.length));
  const lexical = await lexicalRead;
  if (lexical.size !== chunks.length) throw new IndexCorruptError(corruptFileMessage(indexDir, FILES.lexical, `${lexical.size} passages indexés pour ${chunks.length} passages`));
  return { manifest, chunks, documents, lexical, glossary, lookups, embedderState };
}

/**
 * The vectors a previous ingest stored (model embedders only), read one at a time where they lie
 * in the file: an ingest reusing them never holds them all.
 */
export class StoredVectors {
  private constructor(
    private readonly handle: FileHandle,
    readonly count: number,
    readonly dimension: number,
  ) {}

  /** Undefined when there are none or the file does not have the expected size. */
  static async open(indexDir: string, count: number, dimension: number): Promise<StoredVectors | undefined> {
    const handle = await open(path.join(indexDir, FILES.vectors), 'r').catch(() => undefined);
    if (!handle) return undefined;
    const { size } = await handle.stat();
    if (size !== count * dimension * 4) {
      await handle.close();
      return undefined;
    }
    return new StoredVectors(handle, count, dimension);
  }

  /** Vector `index` copied into `target` at `offset`. */
  async readInto(index: number, target: Float32Array, offset: number): Promise<void> {
    const bytes = this.dimension * 4;
    await this.handle.read(new Uint8Array(target.buffer, target.byteOffset + offset * 4, bytes), 0, bytes, index * bytes);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
