/**
 * Dense embeddings from a local transformers.js (ONNX) model, behind LangChain's `Embeddings`.
 * Nothing is downloaded at run time unless `allowRemote` is set: a missing model fails fast with
 * a French message naming the missing files and the command that fetches them.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { DEFAULT_EMBEDDING_MODEL, availableDtype, downloadCommand, locateModel, missingModelFiles, type ModelDtype, type ModelLocation } from './model-files.js';

/** The part of transformers.js progress events we read. */
export interface ProgressInfo {
  status: string;
  file?: string;
  progress?: number;
}

export interface TransformersEmbeddingsOptions extends Partial<EmbeddingsParams> {
  /** Hub id (resolved under `modelsDir`) or a local folder path. */
  model?: string;
  /** Where hub models are stored (transformers.js `env.localModelPath` and `env.cacheDir`). */
  modelsDir?: string;
  /** Let transformers.js download a missing model (false by default: runs stay offline). */
  allowRemote?: boolean;
  /** Weights to load; by default the ones present on disk (fp32 first, then q8). */
  dtype?: ModelDtype;
  /** Prepended to queries; `query: ` for e5 models, nothing otherwise. */
  queryPrefix?: string;
  /** Prepended to passages; `passage: ` for e5 models, nothing otherwise. */
  passagePrefix?: string;
  /** Texts per forward pass: bigger is faster but pads every text to the longest of the batch. */
  batchSize?: number;
  /** Download/load progress from transformers.js (the download command shows it). */
  onProgress?: (info: ProgressInfo) => void;
}

/** The model cannot be loaded from disk; the message (French) says which files and how to get them. */
export class ModelUnavailableError extends Error {
  readonly model: string;
  readonly dir: string;
  readonly missingFiles: string[];
  readonly command: string;

  constructor(model: string, dir: string, missingFiles: string[], isLocalFolder: boolean, cause?: unknown) {
    const command = downloadCommand(isLocalFolder ? DEFAULT_EMBEDDING_MODEL : model);
    const files = missingFiles.length > 0 ? missingFiles.join(', ') : 'fichiers du modèle';
    const how = isLocalFolder ? `copiez-y les fichiers du modèle, ou téléchargez un modèle du hub : ${command}` : `téléchargez-le avec : ${command}`;
    super(
      `Modèle d'embeddings « ${model} » indisponible dans ${dir} (fichiers manquants : ${files}) ; ` + `${how} (ou EMBEDDING_MODEL=offline pour l'embedder hors ligne, sans téléchargement).`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'ModelUnavailableError';
    this.model = model;
    this.dir = dir;
    this.missingFiles = missingFiles;
    this.command = command;
  }
}

/** e5 models were trained with `query: ` / `passage: ` prefixes and lose quality without them. */
function isE5(model: string): boolean {
  return /(^|[^a-z])e5([^a-z0-9]|$)/i.test(model);
}

const NOT_FOUND_LOCALLY = /file was not found locally at "([^"]+)"/;

export class TransformersEmbeddings extends Embeddings {
  readonly model: string;
  readonly modelsDir: string;
  readonly allowRemote: boolean;
  readonly queryPrefix: string;
  readonly passagePrefix: string;
  readonly batchSize: number;
  private readonly requestedDtype?: ModelDtype;
  private readonly location: ModelLocation;
  private extractor?: Promise<FeatureExtractionPipeline>;
  private loadedDtype?: ModelDtype;
  private readonly onProgress?: (info: ProgressInfo) => void;

  constructor(options: TransformersEmbeddingsOptions = {}) {
    const { model, modelsDir, allowRemote, dtype, queryPrefix, passagePrefix, batchSize, onProgress, ...params } = options;
    super(params);
    this.model = model ?? DEFAULT_EMBEDDING_MODEL;
    this.modelsDir = modelsDir ?? 'models';
    this.allowRemote = allowRemote ?? false;
    this.requestedDtype = dtype;
    const e5 = isE5(this.model);
    this.queryPrefix = queryPrefix ?? (e5 ? 'query: ' : '');
    this.passagePrefix = passagePrefix ?? (e5 ? 'passage: ' : '');
    this.batchSize = Math.max(1, Math.floor(batchSize ?? 16));
    this.location = locateModel(this.model, this.modelsDir);
    this.onProgress = onProgress;
  }

  /** A stable identifier for index metadata: an index built with one model must not be queried with another. */
  get id(): string {
    return `transformers:${this.model}:${this.loadedDtype ?? this.requestedDtype ?? 'auto'}`;
  }

  /** Loads the model once (later calls share the same promise); throws ModelUnavailableError. */
  load(): Promise<FeatureExtractionPipeline> {
    if (!this.extractor) {
      const pending = this.createExtractor();
      this.extractor = pending;
      // A failed load is not cached, so a model downloaded meanwhile can be picked up by a retry.
      pending.catch(() => {
        if (this.extractor === pending) this.extractor = undefined;
      });
    }
    return this.extractor;
  }

  private async createExtractor(): Promise<FeatureExtractionPipeline> {
    const { dir, modelId, isLocalFolder } = this.location;
    const dtype = this.requestedDtype ?? availableDtype(dir) ?? (this.allowRemote ? 'q8' : undefined);
    if (!this.allowRemote) {
      const missing = missingModelFiles(dir, dtype);
      if (missing.length > 0) throw new ModelUnavailableError(this.model, dir, missing, isLocalFolder);
    }
    // transformers.js keeps these in a global `env`: set them right before each load.
    env.allowLocalModels = true;
    env.allowRemoteModels = this.allowRemote;
    env.localModelPath = this.modelsDir;
    env.cacheDir = this.modelsDir;
    try {
      const extractor = await pipeline('feature-extraction', modelId, { dtype, progress_callback: this.onProgress });
      this.loadedDtype = dtype;
      return extractor;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const notFound = NOT_FOUND_LOCALLY.exec(message);
      if (notFound) {
        const path = notFound[1]!;
        const file = path.startsWith(dir) ? path.slice(dir.length + 1) : path;
        throw new ModelUnavailableError(this.model, dir, [file], isLocalFolder, error);
      }
      throw error;
    }
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedBatched(documents.map((text) => this.passagePrefix + text));
  }

  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.embedBatched([this.queryPrefix + document]);
    return vector!;
  }

  /** Frees the ONNX session (tests, shutdown). */
  async dispose(): Promise<void> {
    const pending = this.extractor;
    this.extractor = undefined;
    if (pending) await (await pending.catch(() => undefined))?.dispose();
  }

  private async embedBatched(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const extractor = await this.load();
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize);
      const output = await extractor(batch, { pooling: 'mean', normalize: true });
      vectors.push(...(output.tolist() as number[][]));
      output.dispose();
    }
    return vectors;
  }
}
