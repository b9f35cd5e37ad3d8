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
  corpus = await openTempCorpus('rerank-features', FILES, [
    { file: 'charte-gusp.md', title: 'Charte de gestion urbaine de proximité', issuer: 'Mauvière Habitat' },
    { file: 'convention-tfpb.md', title: 'Convention d’abattement de TFPB' },
  ]);
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
      for (const name of ['headingCoverage', 'lexicalShare', 'ownHeadingNamed', 'contextCoverage', 'namedDocument'] as const) {
        expect(features![name]).toBeGreaterThanOrEqual(0);
        expect(features![name]).toBeLessThanOrEqual(1);
      }
      expect(features!.logLength).toBeCloseTo(Math.log(1 + chunk.text.length));
    }
    // The best lexical match has the whole share; the others less.
    expect(Math.max(...candidates.map((candidate) => candidate.features!.lexicalShare))).toBe(1);
  });

  it('say how much of its own title the question names', async () => {
    const candidates = await candidatesOf('propreté des espaces extérieurs ?');
    const under = (word: string) => candidates.find((candidate) => candidate.chunk.headings.some((heading) => heading.includes(word)));
    const named = under('Propreté')!;
    // « Article 2 : Propreté des espaces extérieurs »: every word of the title but « article ».
    expect(named.features!.ownHeadingNamed).toBeGreaterThan(0.5);
    expect(named.features!.ownHeadingNamed).toBeLessThan(1);
    expect(named.features!.headingCoverage).toBe(1);
    for (const other of candidates.filter((candidate) => candidate !== named)) expect(other.features!.ownHeadingNamed).toBeLessThan(named.features!.ownHeadingNamed);
  });

  it('count what the document’s catalogue says with the passage, not the passage alone', async () => {
    // « propreté » is in the heading of Article 2, « halls » in its text, « Mauvière » only in the
    // catalogue's issuer, which the index does not hold with the passage.
    const candidates = await candidatesOf('mauvière : propreté des halls ?');
    const article = candidates.find((candidate) => candidate.chunk.text.includes('halls'))!;
    expect(article.features!.contextCoverage).toBe(1);
    expect(article.features!.coverage).toBeLessThan(0.9);
    for (const other of candidates.filter((candidate) => candidate !== article)) expect(other.features!.contextCoverage).toBeLessThan(1);
  });

  it('mark the passages of a document the question names', async () => {
    const candidates = await candidatesOf('la convention d’abattement de TFPB finance quoi ?');
    for (const { chunk, features } of candidates) expect(features!.namedDocument).toBe(chunk.file === 'convention-tfpb.md' ? 1 : 0);
  });

  it('are weighted: each re-ranked score is the fused one plus its weighted features, and stays ahead of the rest', async () => {
    const weights = SEARCH_TUNING.learnedWeights as Partial<Record<string, number>>;
    expect(Object.keys(weights).length).toBeGreaterThan(0);
    const tuning = SEARCH_TUNING as unknown as Record<string, number>;
    const depth = tuning.rerankDepth!;
    tuning.rerankDepth = 2;
    try {
      const question = 'le bailleur nettoie les halls combien de fois ?';
      const candidates = await candidatesOf(question);
      expect(candidates).toHaveLength(2);
      for (const { score, baseScore, features } of candidates) {
        const weighted = RERANK_FEATURES.reduce((sum, name) => sum + (weights[name] ?? 0) * features![name], 0);
        expect(score).toBeCloseTo(baseScore! + weighted + RERANKED_TIER, 9);
      }
      const hits = await assistant.search(question, { k: 10 });
      expect(hits.length).toBeGreaterThan(2);
      expect(hits.slice(0, 2).every((hit) => hit.score >= RERANKED_TIER)).toBe(true);
      expect(hits.slice(2).every((hit) => hit.score < RERANKED_TIER)).toBe(true);
    } finally {
      tuning.rerankDepth = depth;
    }
  });
});
