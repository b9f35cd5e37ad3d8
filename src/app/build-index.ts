/**
 * `npm run ingest`: corpus files → outline → chunks → lexical + dense index, incremental by
 * content hash and swapped in atomically. A file that cannot be read is reported and skipped.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Settings } from '../config.js';
import { analyze, familyTerms } from '../lang/fr/analyzer.js';
import { createEmbedder, type EmbedderLogger } from '../index/embeddings/select-embedder.js';
import { OfflineEmbeddings } from '../index/embeddings/offline-embeddings.js';
import { LexicalIndex } from '../index/lexical-index.js';
import { VectorStore } from '../index/vector-store.js';
import {
  INDEX_SCHEMA_VERSION,
  readIndexFiles,
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

export interface IngestSummary {
  files: number;
  parsed: number;
  reused: number;
  removed: number;
  pages: number;
  chunks: number;
  seconds: number;
  failures: IngestFailure[];
  indexDir: string;
  embedderId: string;
}

export interface IngestOptions {
  settings: Settings;
  logger?: EmbedderLogger;
  /** Show a progress bar on stderr (the CLI sets it when stderr is a terminal). */
  progress?: boolean;
}

async function listCorpusFiles(corpusDir: string): Promise<string[]> {
  const entries = await readdir(corpusDir, { recursive: true, withFileTypes: true });
  return (
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(corpusDir, path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)))
      // Hidden files and folders (.git, .DS_Store) and Word's `~$…` lock files sit next to real
      // documents in shared folders: they are never content and must not be reported as failures.
      .filter((file) => file !== CATALOG_FILE && !file.split(path.sep).some((part) => part.startsWith('.')) && !path.basename(file).startsWith('~$'))
      .sort()
  );
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
  const { settings } = options;
  const logger = options.logger ?? { warn: (message: string) => process.stderr.write(`${message}\n`) };
  await recoverIndexDir(settings.indexDir);
  const corpusStat = await stat(settings.corpusDir).catch(() => undefined);
  if (!corpusStat?.isDirectory()) throw new Error(`Dossier du corpus introuvable : ${settings.corpusDir}`);

  const catalog = await readCatalog(settings.corpusDir);
  const files = await listCorpusFiles(settings.corpusDir);
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
  const chunks: Chunk[] = [];
  const documents: DocumentMeta[] = [];
  const records: Record<string, FileRecord> = {};
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
      const before = previous?.manifest.files[file];
      let fileChunks: Chunk[];
      let meta: DocumentMeta;
      if (before && data && before.hash === hash && previousChunks.has(file)) {
        fileChunks = previousChunks.get(file)!;
        meta = catalog.get(file) ?? previous!.documents.find((document) => document.file === file)!;
        reused += 1;
        pages += before.pages ?? 0;
        records[file] = before;
      } else {
        const document = await loadSourceDocument(absolute, file, { maxBytes });
        fileChunks = chunkSections(file, buildOutline(document));
        if (fileChunks.length === 0) throw new LoadError(file, 'aucun texte exploitable');
        meta = catalog.get(file) ?? deriveMeta(document);
        parsed += 1;
        pages += document.pageCount ?? 0;
        records[file] = { hash, bytes: info.size, pages: document.pageCount, chunks: fileChunks.length };
      }
      chunks.push(...fileChunks);
      documents.push(meta);
    } catch (error) {
      const reason = error instanceof LoadError ? error.reason : `erreur inattendue (${error instanceof Error ? error.message : String(error)})`;
      failures.push({ file, reason });
    }
    bar?.increment(1, { file });
  }
  bar?.stop();

  const metaByFile = new Map(documents.map((document) => [document.file, document]));
  const lexical = LexicalIndex.build(
    chunks.map((chunk) => {
      const bodyTerms = analyze(chunk.text);
      return { bodyTerms: [...bodyTerms, ...familyTerms(bodyTerms)], headingTerms: analyze(headingTextOf(chunk, metaByFile.get(chunk.file))) };
    }),
  );

  const embedder = await createEmbedder(settings, logger);
  const passages = chunks.map((chunk) => passageTextOf(chunk, metaByFile.get(chunk.file)));
  let embedderState: unknown = null;
  if (embedder.embeddings instanceof OfflineEmbeddings) {
    embedder.embeddings.fit(passages);
    embedderState = embedder.embeddings.toJSON();
  }
  const vectors = await embedPassages(embedder, passages, chunks, previous);

  const manifest: IndexManifest = {
    schemaVersion: INDEX_SCHEMA_VERSION,
    chunkerVersion: CHUNKER_VERSION,
    analyzerVersion: ANALYZER_VERSION,
    embedder: { id: embedder.id, dimension: embedder.dimension },
    createdAt: new Date().toISOString(),
    files: records,
    builtBy: { app: 'alinea', version: APP_VERSION },
  };
  const staging = stagingDirFor(settings.indexDir);
  try {
    const flat = new Float32Array(chunks.length * embedder.dimension);
    for (const [index, vector] of vectors.entries()) flat.set(vector, index * embedder.dimension);
    await writeIndexFiles(staging, { manifest, chunks, documents, lexical: lexical.toJSON(), glossary: mineGlossary(chunks), embedderState, vectors: flat });
    if (chunks.length > 0) {
      await VectorStore.build(
        vectors,
        chunks.map((chunk) => chunk.id),
        embedder.dimension,
      ).save(staging);
    }
    await sealIndex(staging, manifest);
    await swapIn(staging, settings.indexDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }

  const previousFiles = Object.keys(previous?.manifest.files ?? {});
  return {
    files: files.length,
    parsed,
    reused,
    removed: previousFiles.filter((file) => !records[file]).length,
    pages,
    chunks: chunks.length,
    seconds: (performance.now() - started) / 1000,
    failures,
    indexDir: settings.indexDir,
    embedderId: embedder.id,
  };
}

/**
 * Vectors for every chunk. A model embedder's vectors depend only on the passage, so those of
 * unchanged files are reused; the offline embedder is refitted on the corpus, so it re-embeds all.
 */
async function embedPassages(embedder: Awaited<ReturnType<typeof createEmbedder>>, passages: string[], chunks: Chunk[], previous: IndexContents | undefined): Promise<number[][]> {
  const reusable = new Map<string, number[]>();
  if (previous && !(embedder.embeddings instanceof OfflineEmbeddings) && previous.manifest.embedder.id === embedder.id) {
    const dimension = previous.manifest.embedder.dimension;
    previous.chunks.forEach((chunk, index) => {
      reusable.set(`${chunk.id}\u0000${chunk.text}`, Array.from(previous.vectors.subarray(index * dimension, (index + 1) * dimension)));
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
