/**
 * Late-bound access to the core's entry points (`openAssistant`, `runIngest`). The eval and bench
 * are tools around the core: importing it at run time lets them fail with a clear message when the
 * core is missing or broken, instead of a stack trace from the module loader.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Assistant } from '../answer/types.js';
import type { Settings } from '../config.js';

export interface IngestSummary {
  files: number;
  pages: number;
  chunks: number;
  seconds: number;
  failures: { file: string; reason: string }[];
}

export interface RunIngestOptions {
  settings: Settings;
  logger?: unknown;
  progress?: boolean;
}

export type OpenAssistant = (settings: Settings) => Promise<Assistant>;
export type RunIngest = (options: RunIngestOptions) => Promise<IngestSummary>;

export class MissingCoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingCoreError';
  }
}

async function importFunction<T>(relative: string, exportName: string, purpose: string): Promise<T> {
  const source = `src/${relative.replace(/^\.\.\//, '').replace(/\.js$/, '.ts')}`;
  // A computed specifier keeps the type checker from requiring the module at compile time.
  const url = new URL(relative, import.meta.url);
  if (!existsSync(fileURLToPath(url).replace(/\.js$/, '.ts')) && !existsSync(fileURLToPath(url))) {
    throw new MissingCoreError(`${purpose} a besoin de ${exportName}() dans ${source}, qui n'existe pas encore.`);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    throw new MissingCoreError(`${purpose} : impossible de charger ${source} (${(error as Error).message}).`);
  }
  const value = module[exportName];
  if (typeof value !== 'function') {
    throw new MissingCoreError(`${purpose} a besoin de la fonction exportée ${exportName}() dans ${source}.`);
  }
  return value as T;
}

export function importOpenAssistant(purpose: string): Promise<OpenAssistant> {
  return importFunction<OpenAssistant>('../answer/assistant.js', 'openAssistant', purpose);
}

export function importRunIngest(purpose: string): Promise<RunIngest> {
  return importFunction<RunIngest>('../ingest/pipeline.js', 'runIngest', purpose);
}
