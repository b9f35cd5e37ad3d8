/**
 * A server whose index is behind its corpus builds the new index in the background and answers
 * from the previous one meanwhile (the build never blocks serving), then answers from the new one
 * once every worker has loaded it. The build is held back by the test until it has seen the
 * server answer from the previous index.
 */
import { appendFile, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/app/build-index.js';
import { loadSettings, type Settings } from '../../src/config.js';
import { createLogger } from '../../src/chat/logger.js';
import { type Runtime, startRuntime } from '../../src/chat/runtime.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FILE = 'prefecture-62-politique-de-la-ville.txt';
const QUESTION = 'Que finance le dispositif Zorglubien ?';

let root: string;
let settings: Settings;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'alinea-rebuild-'));
  const corpus = path.join(root, 'corpus');
  await mkdir(corpus);
  await copyFile(path.join(REPO, 'corpus', FILE), path.join(corpus, FILE));
  settings = loadSettings({
    CORPUS_DIR: corpus,
    INDEX_DIR: path.join(root, 'index'),
    STORE_FILE: path.join(root, 'store.sqlite'),
    FEEDBACK_LOG: path.join(root, 'feedback.jsonl'),
    EMBEDDING_MODEL: 'offline',
    LOG_LEVEL: 'silent',
    PORT: '0',
    ANSWER_WORKERS: '1',
  });
  await runIngest({ settings, logger: { warn: () => {} } });
  // The corpus moves on (a document gains a section): the index is now behind it.
  await appendFile(
    path.join(corpus, FILE),
    '\n\nJARDINS PARTAGÉS DU QUARTIER DES OYATS\n\nLe dispositif Zorglubien finance les jardins partagés du quartier des Oyats et leurs ateliers de compostage.\n',
  );
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Whether the answer to a question about `word` quotes the section that names it. */
async function knows(runtime: Runtime, word = 'Zorglubien', question = QUESTION): Promise<boolean> {
  const response = await fetch(`${runtime.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  expect(response.status).toBe(200);
  const answer = (await response.json()) as { citations: { quote: string }[] };
  return answer.citations.some((citation) => citation.quote.includes(word));
}

describe('a server whose index is behind its corpus', () => {
  it('answers from the previous index while the new one is built, then from the new one', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let buildStarted = false;
    const runtime = await startRuntime({
      settings,
      logger: createLogger(settings),
      buildIndex: async (buildSettings, logger) => {
        buildStarted = true;
        await held;
        return runIngest({ settings: buildSettings, logger });
      },
    });
    try {
      await runtime.started;
      expect(buildStarted).toBe(true);
      expect(runtime.rebuilt).toBeDefined();
      const ready = (await (await fetch(`${runtime.url}/readyz`)).json()) as { ready: boolean };
      expect(ready.ready).toBe(true);
      // The build is held: the answer comes from the previous index, which lacks the new file.
      expect(await knows(runtime)).toBe(false);

      release();
      await runtime.rebuilt;
      expect(await knows(runtime)).toBe(true);
    } finally {
      release();
      await runtime.stop();
    }
  }, 120_000);

  it('keeps answering from the previous index when the build fails', async () => {
    await appendFile(path.join(settings.corpusDir, FILE), '\n\nATELIERS VÉLO\n\nLe dispositif Quetzalien répare les vélos des habitants.\n');
    const runtime = await startRuntime({
      settings: { ...settings, STORE_FILE: path.join(root, 'store-2.sqlite') },
      logger: createLogger(settings),
      buildIndex: async () => {
        throw new Error('disque plein');
      },
    });
    try {
      await runtime.started;
      await expect(runtime.rebuilt).rejects.toThrow('disque plein');
      const ready = (await (await fetch(`${runtime.url}/readyz`)).json()) as { ready: boolean };
      expect(ready.ready).toBe(true);
      // The index built by the first test, with its section, and without the one added since.
      expect(await knows(runtime)).toBe(true);
      expect(await knows(runtime, 'Quetzalien', 'Que répare le dispositif Quetzalien ?')).toBe(false);
    } finally {
      await runtime.stop();
    }
  }, 120_000);
});
