/**
 * Where a transformers.js model lives on disk and which of its files are missing, so a missing
 * model is reported in French, by name, before transformers.js is even called.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_EMBEDDING_MODEL = 'Xenova/multilingual-e5-small';

/** The command a user runs to fetch a model (package.json script `model:download`). */
export function downloadCommand(model: string): string {
  return `npm run model:download -- ${model}`;
}

export type ModelDtype = 'fp32' | 'q8';

/** ONNX weight file per dtype, as transformers.js names them (`_quantized` suffix for q8). */
export const ONNX_FILE_BY_DTYPE: Record<ModelDtype, string> = {
  fp32: 'onnx/model.onnx',
  q8: 'onnx/model_quantized.onnx',
};

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

export interface ModelLocation {
  /** What transformers.js receives: an absolute folder path, or a hub id resolved under modelsDir. */
  modelId: string;
  /** The folder the files are (or would be) in. */
  dir: string;
  /** True when `model` named an existing folder rather than a hub id. */
  isLocalFolder: boolean;
}

/**
 * A model option is either an existing folder (absolute or relative to the working directory) or
 * a hub id such as `Xenova/multilingual-e5-small`, stored as `<modelsDir>/<id>` once downloaded.
 */
export function locateModel(model: string, modelsDir: string): ModelLocation {
  const asPath = path.resolve(model);
  if (fs.existsSync(path.join(asPath, 'config.json')) || isDirectory(asPath)) {
    // transformers.js uses a non-hub-id string (an absolute path) as the folder itself.
    return { modelId: asPath, dir: asPath, isLocalFolder: true };
  }
  return { modelId: model, dir: path.join(path.resolve(modelsDir), model), isLocalFolder: false };
}

function isDirectory(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/** The dtype whose weights are present, preferring full precision; undefined when none is. */
export function availableDtype(dir: string): ModelDtype | undefined {
  if (fs.existsSync(path.join(dir, ONNX_FILE_BY_DTYPE.fp32))) return 'fp32';
  if (fs.existsSync(path.join(dir, ONNX_FILE_BY_DTYPE.q8))) return 'q8';
  return undefined;
}

/** Files the model needs that are absent from `dir` (weights for `dtype`, or any weights). */
export function missingModelFiles(dir: string, dtype?: ModelDtype): string[] {
  const missing = REQUIRED_FILES.filter((file) => !fs.existsSync(path.join(dir, file)));
  if (dtype) {
    if (!fs.existsSync(path.join(dir, ONNX_FILE_BY_DTYPE[dtype]))) missing.push(ONNX_FILE_BY_DTYPE[dtype]);
  } else if (!availableDtype(dir)) {
    missing.push('onnx/model*.onnx');
  }
  return missing;
}
