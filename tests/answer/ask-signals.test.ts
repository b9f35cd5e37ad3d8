/**
 * A list is given whole only when its lead-in or headings are about the question: a list that
 * mentions the subject in one item (« … de tranquillité publique (CISPD) ») is not that list.
 * On a temporary corpus.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { runIngest } from '../../src/ingest/pipeline.js';
import { openAssistant, type LoadedAssistant } from '../../src/answer/assistant.js';
import { expectWellFormed } from './answer-invariants.js';

const quiet = { warn: () => {}, info: () => {} };

const FILES = {
  'programme-horizon.txt': [
    'PROGRAMME HORIZON',
    '',
    'GOUVERNANCE',
    '',
    'Le comité de pilotage du programme Horizon arrête chaque subvention après instruction des dossiers.',
    '',
    'LE PILOTAGE INTERCOMMUNAL',
    '',
    'Le service d’appui déploie une ingénierie dédiée au pilotage du contrat, autour des missions suivantes :',
    '',
    '- l’animation et la coordination du contrat ;',
    '- le soutien à l’émergence de nouveaux projets dans les quartiers ;',
    '- le suivi des dispositifs spécifiques au contrat ;',
    '- l’articulation avec les politiques intercommunales de santé, d’habitat et de tranquillité publique (CISPD).',
    '',
  ],
};

let root: string;
let assistant: LoadedAssistant;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'alinea-signals-'));
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  for (const [file, lines] of Object.entries(FILES)) await writeFile(path.join(corpusDir, file), `${lines.join('\n')}\n`);
  const settings = loadSettings({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(root, 'index'), EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' });
  const summary = await runIngest({ settings, logger: quiet });
  expect(summary.failures).toEqual([]);
  assistant = await openAssistant(settings, { logger: quiet });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('lists about the question', () => {
  it('« quelles actions pour la tranquillité publique ? » does not recite the pilotage missions as if they were those actions', async () => {
    const answer = await assistant.ask('quelles actions pour la tranquillité publique ?');
    expectWellFormed(answer, assistant);
    expect(answer.text).not.toContain('le soutien à l’émergence de nouveaux projets');
    expect(answer.text).not.toContain('le suivi des dispositifs spécifiques');
  });
});
