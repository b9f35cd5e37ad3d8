/**
 * The real core over a small corpus written for one test file: files (and an optional catalogue)
 * go into a temporary folder, are ingested with the offline embedder, and the assistant is opened.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { openAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { loadSettings } from '../../src/config.js';
import { runIngest } from '../../src/app/build-index.js';

const quiet = { warn: () => {}, info: () => {} };

export interface TempCorpus {
  assistant: LoadedAssistant;
  /** Removes the temporary folder (call it in afterAll). */
  cleanup: () => Promise<void>;
}

export async function openTempCorpus(name: string, files: Record<string, string[]>, catalog?: unknown): Promise<TempCorpus> {
  const root = await mkdtemp(path.join(os.tmpdir(), `alinea-${name}-`));
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  for (const [file, lines] of Object.entries(files)) await writeFile(path.join(corpusDir, file), `${lines.join('\n')}\n`);
  if (catalog) await writeFile(path.join(corpusDir, 'catalog.json'), JSON.stringify(catalog));
  const settings = loadSettings({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(root, 'index'), EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' });
  const summary = await runIngest({ settings, logger: quiet });
  expect(summary.failures).toEqual([]);
  expect(summary.files).toBe(Object.keys(files).length);
  const assistant = await openAssistant(settings, { logger: quiet });
  return { assistant, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * A test file's temporary corpus: opened before its tests (the assistant handed to `opened`) and
 * removed after them. Call at the top level of the file.
 */
export function useTempCorpus(name: string, files: Record<string, string[]>, opened: (assistant: LoadedAssistant) => void, catalog?: unknown): void {
  let corpus: TempCorpus | undefined;
  beforeAll(async () => {
    corpus = await openTempCorpus(name, files, catalog);
    opened(corpus.assistant);
  });
  afterAll(async () => {
    await corpus?.cleanup();
  });
}
