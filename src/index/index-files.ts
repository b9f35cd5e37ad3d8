/**
 * The on-disk index: a folder written aside and swapped in whole, so a crash or Ctrl-C during an
 * ingest never leaves a half-written index where the assistant reads.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Chunk, DocumentMeta } from '../core/types.js';
import type { GlossaryEntry } from '../core/types.js';
import type { LexicalIndexData } from './lexical-index.js';

export const INDEX_SCHEMA_VERSION = 3;

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
  /** The release that built it (replicas refuse another one's index). */
  builtBy?: { app: 'alinea'; version: string };
  /** SHA-256 of every other file of the index folder: a replica checks them before loading. */
  checksums?: Record<string, string>;
}

export const FILES = {
  manifest: 'manifest.json',
  chunks: 'chunks.json',
  documents: 'documents.json',
  lexical: 'lexical.json',
  glossary: 'glossary.json',
  embedder: 'embedder.json',
  vectors: 'vectors.f32',
} as const;

export interface IndexContents {
  manifest: IndexManifest;
  chunks: Chunk[];
  documents: DocumentMeta[];
  lexical: LexicalIndexData;
  glossary: GlossaryEntry[];
  embedderState: unknown;
  /** Row-major, `chunks.length × dimension`. */
  vectors: Float32Array;
}

export class IndexMissingError extends Error {}

export async function pathExists(target: string): Promise<boolean> {
  try {
    await stat(target);
    return true;
  } catch {
    return false;
  }
}

/** Writes the JSON and vector files of an index into `dir` (which must be new). */
export async function writeIndexFiles(dir: string, contents: Omit<IndexContents, 'lexical'> & { lexical: unknown }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, FILES.chunks), JSON.stringify(contents.chunks));
  await writeFile(path.join(dir, FILES.documents), JSON.stringify(contents.documents, null, 1));
  await writeFile(path.join(dir, FILES.lexical), JSON.stringify(contents.lexical));
  await writeFile(path.join(dir, FILES.glossary), JSON.stringify(contents.glossary, null, 1));
  await writeFile(path.join(dir, FILES.embedder), JSON.stringify(contents.embedderState ?? null));
  await writeFile(path.join(dir, FILES.vectors), Buffer.from(contents.vectors.buffer, contents.vectors.byteOffset, contents.vectors.byteLength));
}

/**
 * Finishes an index folder: the manifest, with the checksum of every file already written, goes
 * last. An index folder without a manifest is incomplete by definition.
 */
export async function sealIndex(dir: string, manifest: IndexManifest): Promise<IndexManifest> {
  const checksums: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name === FILES.manifest) continue;
    checksums[name] = createHash('sha256')
      .update(await readFile(path.join(dir, name)))
      .digest('hex');
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

export async function readIndexFiles(indexDir: string): Promise<IndexContents> {
  const manifest = await readManifest(indexDir);
  if (!manifest) {
    throw new IndexMissingError(`Aucun index trouvé dans ${indexDir}. Construisez-le avec : npm run ingest`);
  }
  const read = async (name: string) => JSON.parse(await readFile(path.join(indexDir, name), 'utf8'));
  const [chunks, documents, lexical, glossary, embedderState, vectorBytes] = await Promise.all([
    read(FILES.chunks),
    read(FILES.documents),
    read(FILES.lexical),
    read(FILES.glossary),
    read(FILES.embedder),
    readFile(path.join(indexDir, FILES.vectors)),
  ]);
  const vectors = new Float32Array(vectorBytes.buffer, vectorBytes.byteOffset, vectorBytes.byteLength / 4);
  return { manifest, chunks, documents, lexical, glossary, embedderState, vectors };
}
