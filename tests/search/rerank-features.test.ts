/**
 * The features the learned weights read (src/search/rerank-features.ts), on a small corpus: each
 * says what its name says, and the weights only reorder the re-ranked candidates, which stay ahead
 * of the passages not re-ranked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import type { Chunk } from '../../src/core/types.js';
import { RERANK_FEATURES, RERANKED_TIER } from '../../src/search/rerank-features.js';
import { SEARCH_TUNING } from '../../src/search/search-tuning.js';
import type { FusedCandidate } from '../../src/search/types.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'charte-gusp.md': [
    '# Charte de gestion urbaine de proximité',
    '## Article 1 – Diagnostics en marchant',
    'Les diagnostics en marchant réunissent chaque trimestre les habitants, le bailleur et la ville dans le quartier.',
    '## Article 2 – Propreté des espaces extérieurs',
    'Le bailleur assure le nettoyage des halls deux fois par semaine et signale les dépôts sauvages.',
    '## Article 3 – Médiation sociale',
    'Deux médiateurs adultes-relais interviennent en soirée, du mardi au samedi, auprès des locataires.',
  ],
  'convention-tfpb.md': ['# Convention d’abattement de TFPB', '## Article 4 – Programme d’actions', 'Le programme d’actions finance la médiation, le sur-entretien et l’animation du lien social.'],
};

let corpus: TempCorpus;
let assistant: LoadedAssistant;
type Candidate = FusedCandidate & { chunk: Chunk };

beforeAll(async () => {
  corpus = await openTempCorpus('rerank-features', FILES);
  assistant = corpus.assistant;
});
afterAll(async () => corpus?.cleanup());

async function candidatesOf(question: string): Promise<Candidate[]> {
  let candidates: Candidate[] = [];
  await assistant.search(question, { k: 10, onCandidates: (list) => (candidates = list) });
  return candidates;
}

describe('re-ranking features', () => {
  it('are read for every re-ranked candidate, within their ranges', async () => {
    const candidates = await candidatesOf('quand ont lieu les diagnostics en marchant dans le quartier ?');
    expect(candidates.length).toBeGreaterThan(1);
    for (const { features, chunk } of candidates) {
      expect(Object.keys(features ?? {}).sort()).toEqual([...RERANK_FEATURES].sort());
      for (const name of ['headingCoverage', 'lexicalShare', 'ownHeadingNamed', 'rarest', 'namedDocument'] as const) {
        expect(features![name]).toBeGreaterThanOrEqual(0);
        expect(features![name]).toBeLessThanOrEqual(1);
      }
      expect(features!.logLength).toBeCloseTo(Math.log(1 + chunk.text.length));
    }
    // The best lexical match has the whole share; the others less.
    expect(Math.max(...candidates.map((candidate) => candidate.features!.lexicalShare))).toBe(1);
  });

  it('say how much of its own title the question names, and whether it holds the rarest word', async () => {
    const candidates = await candidatesOf('propreté des espaces extérieurs ?');
    const under = (word: string) => candidates.find((candidate) => candidate.chunk.headings.some((heading) => heading.includes(word)));
    const named = under('Propreté')!;
    // « Article 2 : Propreté des espaces extérieurs »: every word of the title but « article ».
    expect(named.features!.ownHeadingNamed).toBeGreaterThan(0.5);
    expect(named.features!.ownHeadingNamed).toBeLessThan(1);
    expect(named.features!.headingCoverage).toBe(1);
    for (const other of candidates.filter((candidate) => candidate !== named)) expect(other.features!.ownHeadingNamed).toBeLessThan(named.features!.ownHeadingNamed);
    const rare = await candidatesOf('les médiateurs interviennent en soirée ?');
    const holder = rare.find((candidate) => candidate.chunk.text.includes('soirée'))!;
    expect(holder.features!.rarest).toBe(1);
    expect(rare.filter((candidate) => !candidate.chunk.text.includes('soirée') && !candidate.chunk.text.includes('médiat')).every((candidate) => candidate.features!.rarest === 0)).toBe(true);
  });

  it('mark the passages of a document the question names', async () => {
    const candidates = await candidatesOf('la convention d’abattement de TFPB finance quoi ?');
    for (const { chunk, features } of candidates) expect(features!.namedDocument).toBe(chunk.file === 'convention-tfpb.md' ? 1 : 0);
  });

  it('are weighted: the re-ranked candidates stay ahead of the rest, each score the fused one plus its weighted features', async () => {
    const weights = SEARCH_TUNING.learnedWeights as Partial<Record<string, number>>;
    expect(Object.keys(weights).length).toBeGreaterThan(0);
    const hits = await assistant.search('le bailleur nettoie les halls combien de fois ?', { k: 10 });
    const reranked = hits.filter((hit) => hit.score >= RERANKED_TIER);
    expect(reranked.length).toBeGreaterThan(0);
    // Ordered best first, the re-ranked ones before any other.
    const firstOther = hits.findIndex((hit) => hit.score < RERANKED_TIER);
    if (firstOther >= 0) expect(hits.slice(firstOther).every((hit) => hit.score < RERANKED_TIER)).toBe(true);
    expect(hits[0]!.chunk.text).toContain('halls');
  });
});
