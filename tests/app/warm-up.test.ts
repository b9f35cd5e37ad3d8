/**
 * Start-up: the index opens while hnswlib still reads the vectors, the assistant answers its
 * warm-up questions meanwhile, and none of it changes an answer.
 */
import { describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/app/assistant.js';
import { openIndex } from '../../src/index/load-index.js';
import { getTestAssistant, testSettings } from '../helpers/test-assistant.js';

const quiet = { warn: () => {}, info: () => {} };
const QUESTIONS = [
  "Quels dispositifs sont mobilisables pour l'objectif #18 ?",
  'Quel est le montant du Fonds de Cohésion Sociale ?',
  "C'est quoi l'ERBM ?",
  'Qui préside le comité des financeurs ?',
  'Une association peut-elle demander une subvention ?',
];

const withoutTimings = (answer: { timings?: unknown }) => ({ ...answer, timings: undefined });

describe('start-up', () => {
  it('gives the same answers with and without the warm-up', async () => {
    await getTestAssistant(); // builds the shared test index if needed
    const cold = await openAssistant(testSettings(), { logger: quiet, warmUp: false });
    const warm = await openAssistant(testSettings(), { logger: quiet });
    for (const question of QUESTIONS) {
      const [a, b] = [await cold.ask(question), await warm.ask(question)];
      expect(withoutTimings(b)).toEqual(withoutTimings(a));
      expect(b.citations.length + (b.refused ? 1 : 0)).toBeGreaterThan(0);
    }
  });

  it('returns the decoded index before its vectors, then attaches them', async () => {
    await getTestAssistant();
    const opening = await openIndex(testSettings(), quiet);
    expect(opening.index.chunks.length).toBeGreaterThan(0);
    const index = await opening.vectorsRead;
    expect(index).toBe(opening.index);
    expect(index.vectors?.size).toBe(index.chunks.length);
    expect(index.embeddings).toBeDefined();
    expect(index.loadMs).toBeGreaterThan(0);
  });
});
