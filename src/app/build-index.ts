/**
 * `npm run ingest`: corpus files → outline → chunks → lexical + dense index, incremental by
 * content hash and swapped in atomically. A file that cannot be read is reported and skipped.
 */
import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import cliProgress from 'cli-progress';
import type { Settings } from '../config.js';
import { createEmbedder, type EmbedderLogger } from '../index/embeddings/select-embedder.js';
import { OfflineEmbeddings } from '../index/embeddings/offline-embeddings.js';
import { type AnalysedChunk, LexicalAnalysisBuild } from '../index/lexical-build.js';
import { QuantizedVectorsWriter } from '../index/quantized-vectors.js';
import { VectorIndexBuild } from '../index/vector-build.js';
import {
  FILES,
  fileChecksum,
  INDEX_SCHEMA_VERSION,
  readChunkFile,
  readDocumentsFile,
  readManifest,
  recoverIndexDir,
  sealIndex,
  StoredVectors,
  stagingDirFor,
  swapIn,
  writeCatalogFiles,
  type FileRecord,
  type IndexManifest,
} from '../index/index-files.js';
import { headingTextOf, passageTextOf, passageWithHeadingText } from '../index/passage-text.js';
import { CATALOG_FILE, deriveMeta, readCatalog } from '../ingest/catalog.js';
import { CHUNKER_VERSION, chunkSections, sectionChunks } from '../ingest/chunker.js';
import { loadSourceDocument } from '../ingest/loaders/index.js';
import { buildOutline, outlineSections } from '../ingest/structure.js';
import { LoadError, type Chunk, type DocumentMeta } from '../core/types.js';
import { APP_VERSION } from '../core/versions.js';
import { runForResult } from './child-result.js';

export { ANALYZER_VERSION } from '../index/load-index.js';
import { ANALYZER_VERSION } from '../index/load-index.js';

export interface IngestFailure {
  file: string;
  reason: string;
}

/** A file (or the catalogue) that was read, but not quite as written: said in the report. */
export interface IngestWarning {
  file: string;
  message: string;
}

export interface IngestSummary {
  files: number;
  parsed: number;
  reused: number;
  removed: number;
  pages: number;
  chunks: number;
  seconds: number;
  failures: IngestFailure[];
  warnings: IngestWarning[];
  indexDir: string;
  embedderId: string;
  /** Seconds spent in each stage (read and parse, lexical analysis, embedding, vector index, glossary, writing). */
  stages: Record<string, number>;
}

export interface IngestOptions {
  settings: Settings;
  logger?: EmbedderLogger;
  /** Show a progress bar on stderr (the CLI sets it when stderr is a terminal). */
  progress?: boolean;
  /** Files of this many bytes or more are outlined, chunked and analysed as a stream (default `LARGE_FILE_BYTES`; tests). */
  streamFromBytes?: number;
}

/** Files whose name (or a folder's) is not UTF-8: shown as Windows-1252 would read them. */
const NOT_UTF8_NAME = 'nom de fichier qui n’est pas en UTF-8 (écrit par un outil Windows ?) : renommez le fichier pour qu’il soit indexé';

export interface CorpusListing {
  files: string[];
  /** Names that are not valid UTF-8, decoded as Windows-1252 for the report. */
  badNames: string[];
}

/**
 * Walks the corpus by raw names: a name that is not valid UTF-8 would come back from a string
 * readdir with U+FFFD in it, a path that does not exist (ENOENT), so it is reported instead.
 */
export async function listCorpusFiles(corpusDir: string): Promise<CorpusListing> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const cp1252 = new TextDecoder('windows-1252');
  const files: string[] = [];
  const badNames: string[] = [];
  const walk = async (dir: Buffer, relative: string[], valid: boolean): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    for (const entry of entries) {
      let name: string;
      let nameValid = valid;
      try {
        name = utf8.decode(entry.name);
      } catch {
        name = cp1252.decode(entry.name);
        nameValid = false;
      }
      // Hidden files and folders (.git, .DS_Store) and Word's `~$…` lock files sit next to real
      // documents in shared folders: they are never content and must not be reported as failures.
      if (name.startsWith('.') || name.startsWith('~$')) continue;
      const child = Buffer.concat([dir, Buffer.from(path.sep), entry.name]);
      if (entry.isDirectory()) await walk(child, [...relative, name], nameValid);
      else if (entry.isFile()) {
        const file = [...relative, name].join(path.sep);
        if (!nameValid) badNames.push(file);
        else if (file !== CATALOG_FILE) files.push(file);
      }
    }
  };
  await walk(Buffer.from(corpusDir), [], true);
  return { files: files.sort(), badNames: badNames.sort() };
}

async function fileHash(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/**
 * A file read, outlined and chunked. In a function of its own so that the document (a large
 * file's whole text and lines) is unreachable once its chunks are made.
 */
async function readSourceFile(absolute: string, file: string, maxBytes: number): Promise<{ chunks: Chunk[]; meta: DocumentMeta; pageCount?: number; warnings?: string[] }> {
  const document = await loadSourceDocument(absolute, file, { maxBytes });
  const chunks = chunkSections(file, buildOutline(document));
  if (chunks.length === 0) throw new LoadError(file, 'aucun texte exploitable');
  return { chunks, meta: deriveMeta(document), pageCount: document.pageCount, warnings: document.warnings };
}

/** A streamed file failed after some of its chunks were given to the index: the whole ingest stops. */
class StreamInterrupted extends Error {}

/**
 * A large file read, then outlined and chunked as a stream (`outlineSections`, `sectionChunks`):
 * its chunks are given to `feed` `ANALYSIS_BATCH` at a time as they are made, its metadata to
 * `metaFound` before the first. A file with no chunk is a `LoadError`, as with `readSourceFile`;
 * any other failure once chunks were given stops the ingest (`StreamInterrupted`).
 */
async function streamSourceFile(
  absolute: string,
  file: string,
  maxBytes: number,
  catalogued: DocumentMeta | undefined,
  metaFound: (meta: DocumentMeta) => void,
  feed: (batch: Chunk[]) => Promise<void>,
): Promise<{ chunks: number; meta: DocumentMeta; pageCount?: number; warnings?: string[] }> {
  const document = await loadSourceDocument(absolute, file, { maxBytes });
  const meta = catalogued ?? deriveMeta(document);
  metaFound(meta);
  let given = 0;
  let pending: Chunk[] = [];
  try {
    for (const chunk of sectionChunks(file, outlineSections(document))) {
      pending.push(chunk);
      if (pending.length < ANALYSIS_BATCH) continue;
      given += pending.length;
      await feed(pending);
      pending = [];
    }
  } catch (error) {
    if (given === 0) throw error;
    throw new StreamInterrupted(`Lecture de ${file} interrompue après l'indexation de ses ${given} premiers passages : ${error instanceof Error ? error.message : String(error)}`);
  }
  if (given + pending.length === 0) throw new LoadError(file, 'aucun texte exploitable');
  given += pending.length;
  if (pending.length > 0) await feed(pending);
  return { chunks: given, meta, pageCount: document.pageCount, warnings: document.warnings };
}

/** What an ingest reuses of the index it replaces: its manifest, chunks and catalogue (not its search structures). */
interface PreviousIndex {
  manifest: IndexManifest;
  chunks: Chunk[];
  documents: DocumentMeta[];
}

async function readPreviousIndex(settings: Settings): Promise<PreviousIndex | undefined> {
  try {
    const manifest = await readManifest(settings.indexDir);
    const compatible = manifest?.schemaVersion === INDEX_SCHEMA_VERSION && manifest.chunkerVersion === CHUNKER_VERSION && manifest.analyzerVersion === ANALYZER_VERSION;
    if (!manifest || !compatible) return undefined;
    const [chunks, documents] = await Promise.all([readChunkFile(settings.indexDir), readDocumentsFile(settings.indexDir)]);
    return { manifest, chunks, documents };
  } catch {
    return undefined;
  }
}

/** The line of `npm run ingest -- --json` that carries the summary. */
export const SUMMARY_MARKER = 'INGEST_SUMMARY ';

const INGEST_CLI = fileURLToPath(new URL('../cli/ingest.ts', import.meta.url));

/**
 * runIngest in a child process (`ingest.ts --json`), so a server building its index keeps its own
 * thread and memory for answering: the child's parsing, embedding and vector index never share
 * the server's event loop, and its memory is returned when it exits. The index is swapped in by
 * the child, whole, as by any ingest.
 */
export async function runIngestInChild(settings: Settings, logger?: EmbedderLogger): Promise<IngestSummary> {
  const env = {
    ...process.env,
    CORPUS_DIR: settings.corpusDir,
    INDEX_DIR: settings.indexDir,
    EMBEDDING_MODEL: settings.EMBEDDING_MODEL,
    MODELS_DIR: settings.modelsDir,
    MAX_FILE_MB: String(settings.MAX_FILE_MB),
  };
  const run = await runForResult<IngestSummary>(['--import', 'tsx', INGEST_CLI, '--json', '--no-progress'], { env, marker: SUMMARY_MARKER, nice: settings.ANSWER_WORKER_NICE }).catch(
    (error: Error) => {
      throw new Error(`Construction de l'index impossible : ${error.message}`);
    },
  );
  if (!run.result) throw new Error(`Construction de l'index interrompue (code ${run.code}) : ${run.stderr.trim().split('\n').slice(-3).join(' ') || 'aucun message'}`);
  // Warnings the child's embedder printed (a model falling back to the offline embedder).
  for (const message of run.stderr.split('\n').filter(Boolean)) logger?.warn(message);
  return run.result;
}

/** A file this large is outlined, chunked and analysed as a stream, then followed by a full collection (see `collectGarbage`). */
const LARGE_FILE_BYTES = 8 * 1024 * 1024;

/** Chunks of one file sent to the analysis thread, then observed by the offline embedder, at a time. */
const ANALYSIS_BATCH = 2048;

/** Chunks embedded per batch (a multiple of a model's own batch, so its batches are the same). */
const EMBED_BATCH = 256;

/**
 * Builds the index in two passes. Over the files, one at a time: read, parse, chunk, and count
 * the offline embedder's document frequencies, while another thread analyses each file's chunks
 * for the BM25 postings and the glossary and encodes them for `chunks.bin` (this thread keeps no
 * chunk once sent, unless a model embedder needs their texts). Over the chunks, batch by batch:
 * embed into a float32 batch that other threads add to the vector index (hnswlib's insertions,
 * the slowest stage, in shards on every core). Vectors are never held all at once; the index
 * files are then written and sealed.
 */
export async function runIngest(options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const stages: Record<string, number> = {};
  let stageStart = started;
  const stageDone = (name: string) => {
    const now = performance.now();
    stages[name] = (stages[name] ?? 0) + (now - stageStart) / 1000;
    stageStart = now;
  };
  const { settings } = options;
  const logger = options.logger ?? { warn: (message: string) => process.stderr.write(`${message}\n`) };
  await recoverIndexDir(settings.indexDir);
  const corpusStat = await stat(settings.corpusDir).catch(() => undefined);
  if (!corpusStat?.isDirectory()) throw new Error(`Dossier du corpus introuvable : ${settings.corpusDir}`);

  const { entries: catalog, warnings: catalogWarnings } = await readCatalog(settings.corpusDir);
  const { files, badNames } = await listCorpusFiles(settings.corpusDir);
  const previous = await readPreviousIndex(settings);
  const previousChunks = new Map<string, Chunk[]>();
  for (const chunk of previous?.chunks ?? []) {
    const list = previousChunks.get(chunk.file) ?? [];
    list.push(chunk);
    previousChunks.set(chunk.file, list);
  }
  const embedder = await createEmbedder(settings, logger);
  const offline = embedder.embeddings instanceof OfflineEmbeddings ? embedder.embeddings : undefined;
  // The offline embedder keeps each passage as word ids while it counts their frequencies: it then
  // embeds them without folding and hashing their text again.
  offline?.beginFit({ keepPassages: true });
  stageDone('setup');

  const bar = options.progress
    ? new cliProgress.SingleBar({ format: 'Ingestion [{bar}] {value}/{total} {file}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(files.length, 0, { file: '' });

  const failures: IngestFailure[] = [];
  const warnings: IngestWarning[] = catalogWarnings.map((message) => ({ file: CATALOG_FILE, message }));
  // Each file's chunks go to the analysis thread (which also encodes them for `chunks.bin`), then
  // are let go: only a model embedder, which embeds the passages' texts, needs them all kept.
  const chunks: Chunk[] | undefined = offline ? undefined : [];
  let count = 0;
  const documents: DocumentMeta[] = [];
  const metaByFile = new Map<string, DocumentMeta>();
  // Postings and glossary: analysed on their own thread as the files are read.
  const analysis = new LexicalAnalysisBuild();
  // Keyed by file name: a Map, so a file called « constructor » is a file like any other.
  const records = new Map<string, FileRecord>();
  let parsed = 0;
  let reused = 0;
  let pages = 0;
  const maxBytes = settings.MAX_FILE_MB * 1024 * 1024;

  // Files that could not be ingested, as they were: a later start rebuilds only if one changes.
  const failed: Record<string, { hash: string; bytes: number }> = {};
  // True while nothing was parsed or fitted since the last full collection (one after a streamed
  // large file that ends the corpus): the collection before embedding would then find no garbage
  // and still cost this thread 0.1–0.2 s (one 50 MB file, `--trace-gc`: 141 MB of heap kept of
  // 141), on the critical path: the vector index's threads start after it.
  let collectedSinceFeed = false;
  // The offline embedder's document frequencies must be complete before anything is embedded:
  // gathered file by file. The postings and the glossary do not depend on them: a file's chunks
  // are given to the analysis thread a batch at a time, each batch observed here while that thread
  // analyses it (a 70,000-chunk file is not analysed first and fitted after); this thread waits
  // for it only when many chunks are queued, so it fits and then embeds while that thread works
  // through a large file's chunks. A chunk's heading text (its passage's first lines) is worked
  // out once, for both. Nothing here holds a batch once sent and observed.
  const feedChunks = async (batch: Chunk[]): Promise<void> => {
    collectedSinceFeed = false;
    stageDone('parse');
    count += batch.length;
    const analysed = batch.map((chunk) => analysedChunk(chunk, headingTextOf(chunk, metaByFile.get(chunk.file))));
    await analysis.add(analysed);
    stageDone('analyse');
    for (const [index, chunk] of batch.entries()) {
      chunks?.push(chunk);
      offline?.observe(passageWithHeadingText(analysed[index]!.headingText, chunk));
    }
    // The analysis thread's replies are read between batches, so it is sent the next chunks
    // while this thread goes on (`add` does not wait while few are queued).
    await new Promise<void>((resolve) => setImmediate(resolve));
    stageDone('embedFit');
  };

  try {
    for (const file of files) {
      collectedSinceFeed = false;
      bar?.increment(0, { file });
      const absolute = path.join(settings.corpusDir, file);
      let fileChunks: Chunk[] | undefined;
      let seen: { hash: string; bytes: number } | undefined;
      try {
        const info = await stat(absolute);
        seen = { hash: '', bytes: info.size };
        // Oversized files are refused by the loader from their size alone, before any read.
        const hash = info.size <= maxBytes ? await fileHash(absolute) : undefined;
        seen.hash = hash ?? '';
        const before = previous && Object.hasOwn(previous.manifest.files, file) ? previous.manifest.files[file] : undefined;
        let meta: DocumentMeta;
        if (before && hash !== undefined && before.hash === hash && previousChunks.has(file)) {
          fileChunks = previousChunks.get(file)!;
          meta = catalog.get(file) ?? previous!.documents.find((document) => document.file === file)!;
          reused += 1;
          pages += before.pages ?? 0;
          records.set(file, before);
        } else if (info.size >= (options.streamFromBytes ?? LARGE_FILE_BYTES)) {
          // A large file is outlined, chunked, analysed and fitted as a stream: the analysis
          // thread starts on its first chunks while the rest is outlined, instead of waiting
          // (idle) for the whole file (one 50 MB file: about 15 s).
          const read = await streamSourceFile(absolute, file, maxBytes, catalog.get(file), (found) => metaByFile.set(found.file, found), feedChunks);
          if (info.size >= LARGE_FILE_BYTES) {
            collectGarbage();
            collectedSinceFeed = true;
          }
          meta = read.meta;
          parsed += 1;
          pages += read.pageCount ?? 0;
          records.set(file, { hash: hash ?? '', bytes: info.size, pages: read.pageCount, chunks: read.chunks, ...(read.warnings?.length ? { warnings: read.warnings } : {}) });
        } else {
          const read = await readSourceFile(absolute, file, maxBytes);
          // A large file's text, lines and outline are garbage now, beside its chunks: collected
          // before its chunks are analysed and fitted (one 50 MB file: about 200 MB of heap).
          if (info.size >= LARGE_FILE_BYTES) collectGarbage();
          fileChunks = read.chunks;
          meta = catalog.get(file) ?? read.meta;
          parsed += 1;
          pages += read.pageCount ?? 0;
          records.set(file, { hash: hash ?? '', bytes: info.size, pages: read.pageCount, chunks: fileChunks.length, ...(read.warnings?.length ? { warnings: read.warnings } : {}) });
        }
        for (const message of records.get(file)?.warnings ?? []) warnings.push({ file, message });
        documents.push(meta);
        metaByFile.set(meta.file, meta);
      } catch (error) {
        // Part of a streamed file went to the index: the ingest cannot skip the file any more.
        if (error instanceof StreamInterrupted) throw error;
        const reason = error instanceof LoadError ? error.reason : `erreur inattendue (${error instanceof Error ? error.message : String(error)})`;
        failures.push({ file, reason });
        if (seen) Object.defineProperty(failed, file, { value: seen, enumerable: true, writable: true, configurable: true });
        fileChunks = undefined;
      }
      previousChunks.delete(file);
      stageDone('parse');
      const all = fileChunks ?? [];
      fileChunks = undefined;
      // Each batch is taken out of the file's chunks: once sent and observed, nothing here holds it.
      while (all.length > 0) await feedChunks(all.splice(0, ANALYSIS_BATCH));
      bar?.increment(1, { file });
    }
  } catch (error) {
    // Not a file's failure (those are reported above): the analysis thread must not outlive the ingest.
    bar?.stop();
    await analysis.abort();
    throw error;
  }
  bar?.stop();
  for (const file of badNames) failures.push({ file, reason: NOT_UTF8_NAME });

  offline?.endFit();
  const embedderState: unknown = offline?.toJSON() ?? null;
  const manifest: IndexManifest = {
    schemaVersion: INDEX_SCHEMA_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    analyzerVersion: ANALYZER_VERSION,
    embedder: { id: embedder.id, dimension: embedder.dimension },
    createdAt: new Date().toISOString(),
    files: Object.fromEntries(records),
    ...(Object.keys(failed).length > 0 ? { failed } : {}),
    builtBy: { app: 'alinea', version: APP_VERSION },
  };
  const staging = stagingDirFor(settings.indexDir);
  let vectorBuild: VectorIndexBuild | undefined;
  try {
    await mkdir(staging, { recursive: true });
    // Every chunk is sent: the analysis thread writes the chunks, the postings, the glossary and
    // the look-ups, and ends (its memory returned), while the vectors are embedded and indexed,
    // before the vector index is at its largest.
    const analysed = analysis.finish(staging, documents);
    analysed.catch(() => undefined);
    await writeCatalogFiles(staging, documents, embedderState);
    stageDone('write');
    // What parsing left (a whole file's text, outline and chunks) is garbage now, but this thread
    // allocates little while it embeds, so V8 would keep it through the vector index's growth
    // (one 50 MB file: 330 MB of heap kept until the end): collected now, once, unless a large
    // file's own collection was the last thing done.
    if (!collectedSinceFeed) collectGarbage();
    vectorBuild = count > 0 ? new VectorIndexBuild(embedder.dimension, count) : undefined;
    // Checksums of the large files, worked out by the threads that write them while the vector
    // index's threads still work: `sealIndex` hashes only what is missing.
    const checksums = new Map<string, string>();
    // Each batch of chunks is embedded and handed to the vector index's threads.
    if (vectorBuild) await embedChunks({ embedder, offline, chunks, count, metaByFile, previous, indexDir: settings.indexDir, staging, vectorBuild, checksums });
    stageDone('embed');
    for (const [name, checksum] of (await analysed).checksums) checksums.set(name, checksum);
    stageDone('analyse');
    if (vectorBuild) {
      for (const [name, checksum] of await vectorBuild.save(staging)) checksums.set(name, checksum);
      stageDone('vectorIndex');
    }
    await sealIndex(staging, manifest, checksums);
    await swapIn(staging, settings.indexDir);
    stageDone('write');
  } catch (error) {
    await vectorBuild?.abort();
    await analysis.abort();
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  const previousFiles = Object.keys(previous?.manifest.files ?? {});
  return {
    files: files.length + badNames.length,
    parsed,
    reused,
    removed: previousFiles.filter((file) => !records.has(file)).length,
    pages,
    chunks: count,
    seconds: (performance.now() - started) / 1000,
    failures,
    warnings,
    indexDir: settings.indexDir,
    embedderId: embedder.id,
    stages,
  };
}

let fullCollection: (() => void) | undefined;

/** A full garbage collection (`--expose-gc`'s `gc`, made available if the process was started without it). */
function collectGarbage(): void {
  if (!fullCollection) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (!exposed) setFlagsFromString('--expose-gc');
    fullCollection = exposed ?? (runInNewContext('gc') as () => void);
  }
  fullCollection();
}

/**
 * What the analysis thread is sent of a chunk: every field as a plain object (a chunk read back
 * from the previous index has its fields on its prototype, which a message would not carry).
 */
function analysedChunk(chunk: Chunk, headingText: string): AnalysedChunk {
  return {
    id: chunk.id,
    file: chunk.file,
    breadcrumb: chunk.breadcrumb,
    headings: chunk.headings,
    sectionId: chunk.sectionId,
    kind: chunk.kind,
    text: chunk.text,
    headingLines: chunk.headingLines,
    lineStart: chunk.lineStart,
    lineEnd: chunk.lineEnd,
    pageStart: chunk.pageStart,
    pageEnd: chunk.pageEnd,
    headingText,
  };
}

/**
 * `vectors.f32` written batch by batch, appended in order, and hashed as it is written: the same
 * checksum as `fileChecksum` of the finished file, without reading 300 MB back at the end.
 */
class VectorsFileWriter {
  private readonly hash = createHash('sha256');

  constructor(private readonly handle: FileHandle) {}

  async write(vectors: Float32Array): Promise<void> {
    const bytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
    this.hash.update(bytes);
    await this.handle.write(bytes);
  }

  checksum(): string {
    return this.hash.digest('hex');
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

interface EmbedContext {
  embedder: Awaited<ReturnType<typeof createEmbedder>>;
  offline: OfflineEmbeddings | undefined;
  /** Every chunk, kept for a model embedder only (the offline one embeds the passages it observed). */
  chunks: Chunk[] | undefined;
  count: number;
  metaByFile: Map<string, DocumentMeta>;
  previous: PreviousIndex | undefined;
  indexDir: string;
  staging: string;
  vectorBuild: VectorIndexBuild;
  /** Receives the checksums (`fileChecksum`) of `vectors.f32` and `vectors.q8` once written. */
  checksums: Map<string, string>;
}

/**
 * Embeds every chunk, batch by batch, into the vector index being built. A model embedder's
 * vectors depend only on the passage, so those of unchanged chunks are read back from the previous
 * index and every vector is stored for the next ingest; the offline embedder is refitted on the
 * corpus, so it embeds all (and stores them only for a sharded index, whose graphs hold projections).
 */
async function embedChunks(context: EmbedContext): Promise<void> {
  const { embedder, offline, count, metaByFile, previous, vectorBuild } = context;
  const dimension = embedder.dimension;
  const passageOf = (chunk: Chunk) => passageTextOf(chunk, metaByFile.get(chunk.file));
  if (offline) {
    if (offline.observedPassages !== count) throw new Error(`${offline.observedPassages} passages observed for ${count} chunks`);
    // Graphs of projections (a sharded index) re-rank their candidates with the full vectors: kept
    // on disk, and as an 8-bit copy that the search holds in memory.
    const output = vectorBuild.keepsFullVectors ? new VectorsFileWriter(await open(path.join(context.staging, FILES.vectors), 'w')) : undefined;
    const quantized = vectorBuild.keepsFullVectors ? await QuantizedVectorsWriter.create(path.join(context.staging, FILES.quantizedVectors), count, dimension) : undefined;
    try {
      for (let start = 0; start < count; start += EMBED_BATCH) {
        const batch = Math.min(EMBED_BATCH, count - start);
        const vectors = vectorBuild.buffer(batch * dimension);
        for (let index = 0; index < batch; index += 1) offline.embedObservedInto(start + index, vectors, index * dimension);
        await output?.write(vectors);
        await quantized?.add(vectors);
        await vectorBuild.add(vectors);
      }
      await quantized?.finish();
      if (output) context.checksums.set(FILES.vectors, output.checksum());
      if (quantized) context.checksums.set(FILES.quantizedVectors, await fileChecksum(path.join(context.staging, FILES.quantizedVectors)));
    } finally {
      await output?.close();
      await quantized?.abort();
    }
    offline.endEmbedding();
    return;
  }

  const chunks = context.chunks;
  if (!chunks) throw new Error('a model embedder needs the chunks kept');
  const stored =
    previous && previous.manifest.embedder.id === embedder.id && previous.manifest.embedder.dimension === dimension
      ? await StoredVectors.open(context.indexDir, previous.chunks.length, dimension)
      : undefined;
  const storedAt = new Map<string, number>();
  if (stored) for (const [index, chunk] of previous!.chunks.entries()) storedAt.set(`${chunk.id}\u0000${chunk.text}`, index);
  const output = new VectorsFileWriter(await open(path.join(context.staging, FILES.vectors), 'w'));
  const quantized = vectorBuild.keepsFullVectors ? await QuantizedVectorsWriter.create(path.join(context.staging, FILES.quantizedVectors), chunks.length, dimension) : undefined;
  try {
    const modelBatch = (embedder.embeddings as { batchSize?: number }).batchSize ?? 1;
    const size = Math.ceil(EMBED_BATCH / modelBatch) * modelBatch;
    for (let start = 0; start < chunks.length; start += size) {
      const batch = chunks.slice(start, start + size);
      const vectors = vectorBuild.buffer(batch.length * dimension);
      const missing: number[] = [];
      for (const [index, chunk] of batch.entries()) {
        const at = storedAt.get(`${chunk.id}\u0000${chunk.text}`);
        if (at !== undefined) await stored!.readInto(at, vectors, index * dimension);
        else missing.push(index);
      }
      const fresh = await embedder.embeddings.embedDocuments(missing.map((index) => passageOf(batch[index]!)));
      for (const [position, index] of missing.entries()) vectors.set(fresh[position]!, index * dimension);
      // Kept for the next ingest to reuse, then handed to the vector index (which detaches it).
      await output.write(vectors);
      await quantized?.add(vectors);
      await vectorBuild.add(vectors);
    }
    await quantized?.finish();
    context.checksums.set(FILES.vectors, output.checksum());
    if (quantized) context.checksums.set(FILES.quantizedVectors, await fileChecksum(path.join(context.staging, FILES.quantizedVectors)));
  } finally {
    await output.close();
    await quantized?.abort();
    await stored?.close();
  }
}
