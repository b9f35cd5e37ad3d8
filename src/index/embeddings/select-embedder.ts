/**
 * Chooses the dense embedder from settings: the offline n-gram embedder, or a transformers.js
 * model when one is configured and present. A configured but missing model never crashes the
 * app: one French warning says what is missing and how to fetch it, then the offline embedder
 * takes over.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import type { Settings } from '../../config.js';
import { OfflineEmbeddings, type OfflineEmbeddingsState } from './offline-embeddings.js';

/** The subset of a pino logger used here; console works too. */
export interface EmbedderLogger {
  warn(message: string): void;
  info?(message: string): void;
}

export interface SelectedEmbedder {
  embeddings: Embeddings;
  /** Stored with the index: an index must be queried with the embedder that built it. */
  id: string;
  dimension: number;
  /** Set when a configured model was unavailable and the offline embedder replaced it. */
  fallbackReason?: string;
}

export interface CreateEmbedderOptions {
  /** IDF state saved with an index (`OfflineEmbeddings#toJSON`), restored for query-time use. */
  offlineState?: OfflineEmbeddingsState;
  /** Passed through to TransformersEmbeddings (tests use a small batch). */
  batchSize?: number;
}

const stderrLogger: EmbedderLogger = {
  warn: (message) => process.stderr.write(`${message}\n`),
};

function offline(options: CreateEmbedderOptions): SelectedEmbedder {
  const embeddings = options.offlineState ? OfflineEmbeddings.fromJSON(options.offlineState) : new OfflineEmbeddings();
  return { embeddings, id: embeddings.id, dimension: embeddings.dimension };
}

export async function createEmbedder(settings: Pick<Settings, 'EMBEDDING_MODEL' | 'modelsDir'>, logger: EmbedderLogger = stderrLogger, options: CreateEmbedderOptions = {}): Promise<SelectedEmbedder> {
  const model = settings.EMBEDDING_MODEL.trim();
  if (model === '' || model.toLowerCase() === 'offline') return offline(options);

  // transformers.js (and onnxruntime) load only when a model is configured: most runs never use them.
  const { ModelUnavailableError, TransformersEmbeddings } = await import('./transformers-embeddings.js');
  const embeddings = new TransformersEmbeddings({ model, modelsDir: settings.modelsDir, batchSize: options.batchSize });
  try {
    // One short embedding loads the model and tells its dimension (384 for e5-small, but never assumed).
    const probe = await embeddings.embedQuery('test');
    return { embeddings, id: embeddings.id, dimension: probe.length };
  } catch (error) {
    const reason = error instanceof ModelUnavailableError ? error.message : `Modèle d'embeddings « ${model} » inutilisable : ${error instanceof Error ? error.message : String(error)}.`;
    logger.warn(`${reason} Recherche dense avec l'embedder hors ligne (n-grammes de caractères) à la place.`);
    return { ...offline(options), fallbackReason: reason };
  }
}
