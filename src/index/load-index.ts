/** Opens a built index for querying, checking it was built the way this code expects. */
import type { Embeddings } from '@langchain/core/embeddings';
import type { Settings } from '../config.js';
import type { GlossaryLookup } from '../core/types.js';
import { APP_VERSION, CHUNKER_VERSION } from '../core/versions.js';
import type { Chunk, DocumentMeta } from '../core/types.js';
import { createEmbedder, type EmbedderLogger } from './embeddings/select-embedder.js';
import type { OfflineEmbeddingsState } from './embeddings/offline-embeddings.js';
import { corruptFileMessage, INDEX_SCHEMA_VERSION, IndexCorruptError, readIndexFiles, readManifest, recoverIndexDir, type IndexManifest } from './index-files.js';
import type { LexicalIndex } from './lexical-index.js';
import type { IndexLookups } from './lookup-file.js';
import { VECTOR_INDEX_FILE, VectorStore, VectorStoreError } from './vector-store.js';

export const ANALYZER_VERSION = 'fr-snowball-v10';

export class IndexMismatchError extends Error {}

export interface LoadedIndex {
  manifest: IndexManifest;
  chunks: Chunk[];
  documents: DocumentMeta[];
  lexical: LexicalIndex;
  /** The best long form of each acronym (`glossary.bin`; entries decoded when first read). */
  glossary: GlossaryLookup;
  /** Each file's chunks, the chunks under each numbered section, the documents' analysed names: made at ingest. */
  lookups?: IndexLookups;
  vectors?: VectorStore;
  embeddings?: Embeddings;
  loadMs: number;
  /**
   * While `openIndex`'s vectors are still being read: settles when they are attached (or fail).
   * Whatever searches this index waits for it (`createAssistant`), so no search runs without them.
   */
  vectorsAttached?: Promise<void>;
}

/** Why an index cannot be used by this version of the code, or undefined when it can. */
export function incompatibility(manifest: IndexManifest): string | undefined {
  if (manifest.schemaVersion !== INDEX_SCHEMA_VERSION) return `format d'index ${manifest.schemaVersion}, attendu ${INDEX_SCHEMA_VERSION}`;
  if (manifest.chunkerVersion !== CHUNKER_VERSION) return `découpage « ${manifest.chunkerVersion} », attendu « ${CHUNKER_VERSION} »`;
  if (manifest.analyzerVersion !== ANALYZER_VERSION) return `analyseur « ${manifest.analyzerVersion} », attendu « ${ANALYZER_VERSION} »`;
  if (manifest.builtBy?.version !== APP_VERSION) return `construit par Alinéa ${manifest.builtBy?.version ?? 'd’une version antérieure'}, ce serveur est la version ${APP_VERSION}`;
  return undefined;
}

/** An index whose vectors may still be read (by hnswlib, on threads of its own) when it is returned. */
export interface OpeningIndex {
  /** Everything but `vectors`, which `vectorsRead` attaches. */
  index: LoadedIndex;
  /** Resolves once the vectors are attached to `index` (and `loadMs` set); rejects as `loadIndex` would. */
  vectorsRead: Promise<LoadedIndex>;
}

/**
 * Opens an index and returns as soon as the chunks, postings, glossary and embedder are decoded,
 * while hnswlib still reads the vector shards: the caller builds what it needs from the rest (the
 * retriever's look-ups, a first warm answer) meanwhile, instead of waiting for the largest file.
 */
export async function openIndex(settings: Settings, logger?: EmbedderLogger): Promise<OpeningIndex> {
  const started = performance.now();
  // A replica that must not build (AUTO_INGEST=false) reads the artifact as it is, without writing.
  if (settings.AUTO_INGEST) await recoverIndexDir(settings.indexDir);
  // The vector index (the largest file) is read by hnswlib on a thread of its own while the
  // chunks and postings are decoded here.
  const manifest = await readManifest(settings.indexDir);
  const vectorRead = manifest && incompatibility(manifest) === undefined ? VectorStore.read(settings.indexDir, manifest.embedder.dimension) : undefined;
  // Observed at once: an index without vectors (no chunks) or with another dimension is handled below.
  vectorRead?.catch(() => undefined);
  const contents = await readIndexFiles(settings.indexDir);
  const problem = incompatibility(contents.manifest);
  if (problem) {
    throw new IndexMismatchError(`L'index de ${settings.indexDir} a été construit autrement (${problem}). Reconstruisez-le : npm run ingest`);
  }
  const embedder = await createEmbedder(settings, logger, { offlineState: (contents.embedderState ?? undefined) as OfflineEmbeddingsState | undefined });
  const index: LoadedIndex = {
    manifest: contents.manifest,
    chunks: contents.chunks,
    documents: contents.documents,
    lexical: contents.lexical,
    glossary: contents.glossary,
    lookups: contents.lookups,
    loadMs: 0,
  };
  const attachVectors = async (): Promise<LoadedIndex> => {
    if (embedder.id !== contents.manifest.embedder.id || embedder.dimension !== contents.manifest.embedder.dimension) {
      // Querying vectors with another model would return noise: keep lexical search and say why.
      (logger ?? { warn: (message: string) => process.stderr.write(`${message}\n`) }).warn(
        `L'index a été construit avec l'embedder « ${contents.manifest.embedder.id} » mais « ${embedder.id} » est configuré : recherche dense désactivée. Reconstruisez l'index : npm run ingest`,
      );
    } else if (contents.chunks.length > 0) {
      try {
        // Each chunk's id is made when a search first names it, not for all of them here.
        const chunks = contents.chunks;
        const ids = { length: chunks.length, at: (label: number) => chunks[label]?.id };
        const sameManifest = manifest?.createdAt === contents.manifest.createdAt;
        index.vectors = sameManifest && vectorRead ? (await vectorRead).named(ids) : await VectorStore.load(settings.indexDir, contents.manifest.embedder.dimension, ids);
      } catch (error) {
        if (error instanceof VectorStoreError) throw new IndexCorruptError(corruptFileMessage(settings.indexDir, VECTOR_INDEX_FILE, error.message));
        throw error;
      }
      index.embeddings = embedder.embeddings;
    }
    index.loadMs = performance.now() - started;
    return index;
  };
  const vectorsRead = attachVectors();
  // Observed at once: the caller awaits it after its own work, and a failure is reported there.
  vectorsRead.catch(() => undefined);
  index.vectorsAttached = vectorsRead.then(() => undefined);
  index.vectorsAttached.catch(() => undefined);
  return { index, vectorsRead };
}

export async function loadIndex(settings: Settings, logger?: EmbedderLogger): Promise<LoadedIndex> {
  return (await openIndex(settings, logger)).vectorsRead;
}
