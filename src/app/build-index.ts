/**
 * `npm run ingest`: corpus files → outline → chunks → lexical + dense index, incremental by
 * content hash and swapped in atomically. A file that cannot be read is reported and skipped.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Settings } from '../config.js';
import { analyze, familyTerms } from '../lang/fr/analyzer.js';
import { createEmbedder, type EmbedderLogger } from '../index/embeddings/select-embedder.js';
import { OfflineEmbeddings } from '../index/embeddings/offline-embeddings.js';
import { LexicalIndex } from '../index/lexical-index.js';
import { VectorStore } from '../index/vector-store.js';
import {
  FILES,
  INDEX_SCHEMA_VERSION,
  readIndexFiles,
  readStoredVectors,
  recoverIndexDir,
  sealIndex,
  stagingDirFor,
  swapIn,
  writeIndexFiles,
  type FileRecord,
  type IndexContents,
  type IndexManifest,
} from '../index/index-files.js';
import { headingTextOf, passageTextOf } from '../index/passage-text.js';
import { CATALOG_FILE, deriveMeta, readCatalog } from '../ingest/catalog.js';
import { CHUNKER_VERSION, chunkSections } from '../ingest/chunker.js';
import { mineGlossary } from '../ingest/glossary.js';
import { loadSourceDocument } from '../ingest/loaders/index.js';
import { buildOutline } from '../ingest/structure.js';
import { LoadError, type Chunk, type DocumentMeta } from '../core/types.js';
import { APP_VERSION } from '../core/versions.js';

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
}

/** Files whose name (or a folder's) is not UTF-8: shown as Windows-1252 would read them. */
const NOT_UTF8_NAME = 'nom de fichier qui n’est pas en UTF-8 (écrit par un outil Windows ?) : renommez le fichier pour qu’il soit indexé';

interface CorpusListing {
  files: string[];
  /** Names that are not valid UTF-8, decoded as Windows-1252 for the report. */
  badNames: string[];
}

/**
 * Walks the corpus by raw names: a name that is not valid UTF-8 would come back from a string
 * readdir with U+FFFD in it, a path that does not exist (ENOENT), so it is reported instead.
 */
async function listCorpusFiles(corpusDir: string): Promise<CorpusListing> {
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

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readPreviousIndex(settings: Settings): Promise<IndexContents | undefined> {
  try {
    const previous = await readIndexFiles(settings.indexDir);
    const compatible = previous.manifest.schemaVersion === INDEX_SCHEMA_VERSION && previous.manifest.chunkerVersion === CHUNKER_VERSION && previous.manifest.analyzerVersion === ANALYZER_VERSION;
    return compatible ? previous : undefined;
  } catch {
    return undefined;
  }
}

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

  const bar = options.progress
    ? new cliProgress.SingleBar({ format: 'Ingestion [{bar}] {value}/{total} {file}', hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(files.length, 0, { file: '' });

  const failures: IngestFailure[] = [];
  const warnings: IngestWarning[] = catalogWarnings.map((message) => ({ file: CATALOG_FILE, message }));
  const chunks: Chunk[] = [];
  const documents: DocumentMeta[] = [];
  // Keyed by file name: a Map, so a file called « constructor » is a file like any other.
  const records = new Map<string, FileRecord>();
  let parsed = 0;
  let reused = 0;
  let pages = 0;
  const maxBytes = settings.MAX_FILE_MB * 1024 * 1024;

  for (const file of files) {
    bar?.increment(0, { file });
    const absolute = path.join(settings.corpusDir, file);
    try {
      const info = await stat(absolute);
      // Oversized files are refused by the loader from their size alone, before any read.
      const data = info.size <= maxBytes ? await readFile(absolute) : undefined;
      const hash = data ? sha256(data) : '';
      const before = previous && Object.hasOwn(previous.manifest.files, file) ? previous.manifest.files[file] : undefined;
      let fileChunks: Chunk[];
      let meta: DocumentMeta;
      if (before && data && before.hash === hash && previousChunks.has(file)) {
        fileChunks = previousChunks.get(file)!;
        meta = catalog.get(file) ?? previous!.documents.find((document) => document.file === file)!;
        reused += 1;
        pages += before.pages ?? 0;
        records.set(file, before);
      } else {
        const document = await loadSourceDocument(absolute, file, { maxBytes });
        fileChunks = chunkSections(file, buildOutline(document));
        if (fileChunks.length === 0) throw new LoadError(file, 'aucun texte exploitable');
        meta = catalog.get(file) ?? deriveMeta(document);
        parsed += 1;
        pages += document.pageCount ?? 0;
        records.set(file, { hash, bytes: info.size, pages: document.pageCount, chunks: fileChunks.length, ...(document.warnings?.length ? { warnings: document.warnings } : {}) });
      }
      for (const message of records.get(file)?.warnings ?? []) warnings.push({ file, message });
      chunks.push(...fileChunks);
      documents.push(meta);
    } catch (error) {
      const reason = error instanceof LoadError ? error.reason : `erreur inattendue (${error instanceof Error ? error.message : String(error)})`;
      failures.push({ file, reason });
    }
    bar?.increment(1, { file });
  }
  bar?.stop();
  stageDone('parse');
  for (const file of badNames) failures.push({ file, reason: NOT_UTF8_NAME });

  const metaByFile = new Map(documents.map((document) => [document.file, document]));
  const lexical = LexicalIndex.build(
    chunks.map((chunk) => {
      const bodyTerms = analyze(chunk.text);
      return { bodyTerms: [...bodyTerms, ...familyTerms(bodyTerms)], headingTerms: analyze(headingTextOf(chunk, metaByFile.get(chunk.file))) };
    }),
  );
  stageDone('analyse');

  const embedder = await createEmbedder(settings, logger);
  const passages = chunks.map((chunk) => passageTextOf(chunk, metaByFile.get(chunk.file)));
  let embedderState: unknown = null;
  if (embedder.embeddings instanceof OfflineEmbeddings) {
    embedder.embeddings.fit(passages);
    embedderState = embedder.embeddings.toJSON();
  }
  stageDone('embedFit');
  const vectors = await embedPassages(embedder, passages, chunks, previous, settings.indexDir);
  stageDone('embed');

  const manifest: IndexManifest = {
    schemaVersion: INDEX_SCHEMA_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    analyzerVersion: ANALYZER_VERSION,
    embedder: { id: embedder.id, dimension: embedder.dimension },
    createdAt: new Date().toISOString(),
    files: Object.fromEntries(records),
    builtBy: { app: 'alinea', version: APP_VERSION },
  };
  const staging = stagingDirFor(settings.indexDir);
  try {
    const glossary = mineGlossary(chunks);
    stageDone('glossary');
    await writeIndexFiles(staging, { chunks, documents, lexical, glossary, embedderState });
    if (!(embedder.embeddings instanceof OfflineEmbeddings)) {
      // A model's vectors depend on the passage only: kept for the next ingest to reuse.
      const flat = new Float32Array(chunks.length * embedder.dimension);
      for (const [index, vector] of vectors.entries()) flat.set(vector, index * embedder.dimension);
      await writeFile(path.join(staging, FILES.vectors), Buffer.from(flat.buffer, flat.byteOffset, flat.byteLength));
    }
    stageDone('write');
    if (chunks.length > 0) {
      const store = VectorStore.build(
        vectors,
        chunks.map((chunk) => chunk.id),
        embedder.dimension,
      );
      stageDone('hnsw');
      await store.save(staging);
    }
    await sealIndex(staging, manifest);
    await swapIn(staging, settings.indexDir);
    stageDone('write');
  } catch (error) {
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
    chunks: chunks.length,
    seconds: (performance.now() - started) / 1000,
    failures,
    warnings,
    indexDir: settings.indexDir,
    embedderId: embedder.id,
    stages,
  };
}

/**
 * Vectors for every chunk. A model embedder's vectors depend only on the passage, so those of
 * unchanged files are reused; the offline embedder is refitted on the corpus, so it re-embeds all.
 */
async function embedPassages(embedder: Awaited<ReturnType<typeof createEmbedder>>, passages: string[], chunks: Chunk[], previous: IndexContents | undefined, indexDir: string): Promise<number[][]> {
  const reusable = new Map<string, number[]>();
  if (previous && !(embedder.embeddings instanceof OfflineEmbeddings) && previous.manifest.embedder.id === embedder.id) {
    const dimension = previous.manifest.embedder.dimension;
    const stored = await readStoredVectors(indexDir, previous.chunks.length, dimension);
    previous.chunks.forEach((chunk, index) => {
      if (stored) reusable.set(`${chunk.id}\u0000${chunk.text}`, Array.from(stored.subarray(index * dimension, (index + 1) * dimension)));
    });
  }
  const vectors: number[][] = new Array(chunks.length);
  const missing: number[] = [];
  chunks.forEach((chunk, index) => {
    const known = reusable.get(`${chunk.id}\u0000${chunk.text}`);
    if (known) vectors[index] = known;
    else missing.push(index);
  });
  const fresh = await embedder.embeddings.embedDocuments(missing.map((index) => passages[index]!));
  missing.forEach((index, position) => {
    vectors[index] = fresh[position]!;
  });
  return vectors;
}
