/**
 * The features the learned weights read (src/search/rerank-features.ts), on a small corpus: each
 * says what its name says, and the weights only reorder the re-ranked candidates, which stay ahead
 * of the passages not re-ranked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import type { Chunk } from '../../src/core/types.js';
import { figureCheckKey, statesFigureOfSort } from '../../src/lang/fr/figure-kinds.js';
import { closestWindowShare, RERANK_FEATURES, RERANKED_TIER } from '../../src/search/rerank-features.js';
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

async function candidatesOf(question: string, history: { question: string }[] = []): Promise<Candidate[]> {
  let candidates: Candidate[] = [];
  await assistant.search(question, { k: 10, ...(history.length > 0 ? { history } : {}), onCandidates: (list) => (candidates = list) });
  return candidates;
}

describe('re-ranking features', () => {
  it('are read for every re-ranked candidate, within their ranges', async () => {
    const candidates = await candidatesOf('quand ont lieu les diagnostics en marchant dans le quartier ?');
    expect(candidates.length).toBeGreaterThan(1);
    for (const { features, chunk } of candidates) {
      expect(Object.keys(features ?? {}).sort()).toEqual([...RERANK_FEATURES].sort());
      for (const name of ['headingCoverage', 'lexicalShare', 'ownHeadingNamed', 'contextCoverage', 'namedDocument', 'proximity', 'figureSentence'] as const) {
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

  it('say how much of a figure question one sentence says beside a figure of the asked sort', async () => {
    // Not a figure question: no figure sentence is read.
    for (const { features } of await candidatesOf('les médiateurs interviennent en soirée ?')) expect(features!.figureSentence).toBe(0);
    // « combien de fois » asks a count: Article 2's sentence holds « deux fois » beside « halls »;
    // Article 1 says « bailleur » but gives no count, and its heading's « 1 » is no figure.
    const counted = await candidatesOf('le bailleur nettoie les halls combien de fois par semaine ?');
    const article2 = counted.find((candidate) => candidate.chunk.text.includes('halls'))!;
    expect(article2.features!.figureSentence).toBeGreaterThan(0.5);
    expect(article2.features!.figureSentence).toBeLessThanOrEqual(article2.features!.contextCoverage);
    for (const other of counted.filter((candidate) => candidate !== article2)) expect(other.features!.figureSentence).toBeLessThan(article2.features!.figureSentence);
    const article1 = counted.find((candidate) => candidate.chunk.text.includes('diagnostics'))!;
    expect(article1.features!.contextCoverage).toBeGreaterThan(0);
    expect(article1.features!.figureSentence).toBe(0);
  });

  it('count a block’s headings with each of its lines', async () => {
    // « deux fois par semaine » says none of « propreté des espaces extérieurs »: its heading does.
    const candidates = await candidatesOf('propreté des espaces extérieurs : combien de fois ?');
    const article2 = candidates.find((candidate) => candidate.chunk.text.includes('halls'))!;
    expect(article2.features!.figureSentence).toBeGreaterThan(0.6);
  });

  it('are not read for a follow-up, whose text carries the previous question’s words', async () => {
    const candidates = await candidatesOf('et les diagnostics en marchant ?', [{ question: 'le bailleur nettoie les halls combien de fois par semaine ?' }]);
    expect(candidates.length).toBeGreaterThan(0);
    for (const { features } of candidates) {
      expect(features!.proximity).toBe(0);
      expect(features!.figureSentence).toBe(0);
    }
    expect(candidates.some(({ features }) => features!.contextCoverage > 0)).toBe(true);
  });

  it('say how close together a passage says the question’s words', async () => {
    const candidates = await candidatesOf('les médiateurs interviennent en soirée ?');
    const article3 = candidates.find((candidate) => candidate.chunk.text.includes('adultes-relais'))!;
    expect(article3.features!.proximity).toBeGreaterThan(0.5);
    for (const { features } of candidates) expect(features!.proximity).toBeLessThanOrEqual(features!.contextCoverage + 1e-9);
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

describe('closestWindowShare', () => {
  const concepts = new Map([
    ['mediat', [0]],
    ['soire', [1]],
    ['mardi', [2]],
  ]);
  const weights = [1, 2, 4];

  it('sums the weights of the distinct concepts one window holds, each once', () => {
    expect(closestWindowShare(['mediat', 'x', 'soire', 'mediat', 'mardi'], concepts, weights, 5)).toBe(7);
    expect(closestWindowShare(['mediat', 'mediat', 'mediat'], concepts, weights, 5)).toBe(1);
    expect(closestWindowShare(['x', 'y'], concepts, weights, 5)).toBe(0);
  });

  it('counts a term for every concept it stands for', () => {
    const shared = new Map([
      ['signatair', [0, 1]],
      ['mardi', [2]],
    ]);
    expect(closestWindowShare(['signatair', 'mardi'], shared, weights, 2)).toBe(7);
    expect(closestWindowShare(['signatair'], shared, weights, 0)).toBe(0);
  });

  it('reads no concept farther apart than the window', () => {
    const spread = ['mardi', 'a', 'b', 'c', 'soire', 'd', 'e', 'f', 'mediat'];
    expect(closestWindowShare(spread, concepts, weights, 4)).toBe(4);
    expect(closestWindowShare(spread, concepts, weights, 5)).toBe(6);
    expect(closestWindowShare(spread, concepts, weights, 9)).toBe(7);
  });
});

describe('statesFigureOfSort', () => {
  it('reads a date on the calendar, a year after « en » or « d’ici », a length of time; not an event nor an age', () => {
    for (const stated of [
      'ouverture le 12 mars 2026',
      'à partir de mars 2026',
      'dans les 2 mois suivant la notification',
      'dans les six mois suivant la fin de la convention',
      'd’ici 2030',
      'sur la période 2024-2030',
    ])
      expect(statesFigureOfSort(stated, 'date'), stated).toBe(true);
    for (const notStated of ['après réception du bilan', 'les jeunes de moins de 30 ans', 'les jeunes de 11 à 14 ans', 'les dossiers déposés dans le cadre des contrats de ville'])
      expect(statesFigureOfSort(notStated, 'date'), notStated).toBe(false);
  });

  it('leaves the question’s own numbers out, and keys questions by what it reads of them', () => {
    expect(statesFigureOfSort('le bilan 2025', 'date', 'le bilan 2025 est dû quand ?')).toBe(false);
    expect(figureCheckKey('combien en 2025 ?', 'money')).toBe(figureCheckKey('et le montant en 2025 ?', 'money'));
    expect(figureCheckKey('combien en 2025 ?', 'money')).not.toBe(figureCheckKey('combien en 2026 ?', 'money'));
    expect(figureCheckKey('ça dure combien de temps ?', 'number')).not.toBe(figureCheckKey('combien de logements ?', 'number'));
  });
});
