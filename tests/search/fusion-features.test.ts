/**
 * Two signals rank fusion alone loses: how far ahead the best BM25 match is (fusion keeps ranks
 * only), and a name the question quotes (« … »), which is copied from a document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { quotedNamesOf } from '../../src/query/parse-question.js';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { SEARCH_TUNING } from '../../src/search/search-tuning.js';
import type { FusedCandidate } from '../../src/search/types.js';
import type { Chunk } from '../../src/core/types.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'convention-actions.txt': [
    'CONVENTION DES ACTIONS JEUNESSE',
    '',
    'Article 1 – Financement des actions',
    '',
    'Le financement des actions de la convention est assuré chaque année par l’État et le Département, pour un montant global voté en commission.',
    '',
    'Article 2 – Action 4 : Prévenir les ruptures de parcours des jeunes majeurs',
    '',
    'L’action accompagne les jeunes sortant de l’aide sociale à l’enfance vers un logement et un emploi.',
    '',
    'Article 3 – Action 5 : Ateliers numériques',
    '',
    'Des ateliers apprennent aux habitants à faire leurs démarches en ligne.',
  ],
};

const tuning = SEARCH_TUNING as unknown as Record<string, number>;
let corpus: TempCorpus;
let assistant: LoadedAssistant;

beforeAll(async () => {
  corpus = await openTempCorpus('fusion-features', FILES);
  assistant = corpus.assistant;
});
afterAll(async () => corpus?.cleanup());

async function candidatesOf(question: string): Promise<(FusedCandidate & { chunk: Chunk })[]> {
  let candidates: (FusedCandidate & { chunk: Chunk })[] = [];
  await assistant.search(question, { onCandidates: (list) => (candidates = list) });
  return candidates;
}

describe('quoted names', () => {
  it('reads the content words of each name in « » or straight quotes, two words or more', () => {
    const names = quotedNamesOf('Quel budget pour l’action « Prévenir les ruptures de parcours » et le "PRE" ?');
    expect(names).toEqual([[...new Set(analyze('Prévenir les ruptures de parcours'))]]);
    expect(quotedNamesOf('Sans guillemets, rien à lire')).toEqual([]);
  });

  it('marks the passages holding every word of the quoted name, and only those', async () => {
    const candidates = await candidatesOf('Quel financement pour l’action « Prévenir les ruptures de parcours » ?');
    const marked = candidates.filter((candidate) => candidate.quotedName).map((candidate) => candidate.chunk.text);
    expect(marked.length).toBeGreaterThan(0);
    for (const text of marked) expect(text).toMatch(/Prévenir les ruptures de parcours/);
    const first = await assistant.search('Quel financement pour l’action « Prévenir les ruptures de parcours » ?', { k: 1 });
    expect(first[0]!.chunk.text).toMatch(/Prévenir les ruptures de parcours/);
  });
});

describe('the lead of the best BM25 match', () => {
  it('adds the weight times the share of the best BM25 score to the fused score', async () => {
    const saved = tuning.lexicalScoreWeight!;
    try {
      tuning.lexicalScoreWeight = 0;
      const without = await candidatesOf('ateliers numériques démarches en ligne');
      tuning.lexicalScoreWeight = 0.05;
      const withShare = await candidatesOf('ateliers numériques démarches en ligne');
      const best = without.find((candidate) => candidate.lexicalRank === 0)!;
      const same = withShare.find((candidate) => candidate.chunk.id === best.chunk.id)!;
      expect(same.score - best.score).toBeCloseTo(0.05, 6);
      for (const candidate of withShare.filter((entry) => entry.lexical !== undefined && entry.lexicalRank !== 0)) {
        const before = without.find((entry) => entry.chunk.id === candidate.chunk.id)!;
        expect(candidate.score - before.score).toBeCloseTo((0.05 * candidate.lexical!) / best.lexical!, 6);
      }
    } finally {
      tuning.lexicalScoreWeight = saved;
    }
  });
});
