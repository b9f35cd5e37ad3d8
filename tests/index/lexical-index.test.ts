/** The lexical index answers « which passages hold all these words » from its postings. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { LexicalIndex } from '../../src/index/lexical-index.js';

const index = LexicalIndex.build([
  { bodyTerms: analyze('La méthode Faire Cité part des habitants.'), headingTerms: analyze('Pour tous les projets') },
  { bodyTerms: analyze('Les habitants du quartier de la Cité des Oiseaux.'), headingTerms: [] },
  { bodyTerms: analyze('Faire ensemble : une charte.'), headingTerms: analyze('Cité éducative') },
]);

describe('documentsWithAll', () => {
  it('returns the passages holding every term, in its body or its headings', () => {
    expect(index.documentsWithAll(analyze('habitants Cité')).sort()).toEqual([0, 1]);
    expect(index.documentsWithAll(analyze('charte cité'))).toEqual([2]);
    expect(index.documentsWithAll(analyze('projets méthode'))).toEqual([0]);
  });

  it('returns nothing when one term is absent, and for no term at all', () => {
    expect(index.documentsWithAll(analyze('habitants Lens'))).toEqual([]);
    expect(index.documentsWithAll([])).toEqual([]);
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('top-k search with pruning', () => {
  /**
   * Generated postings with a Zipf-like vocabulary (a few terms in most documents, many rare),
   * repeated documents (equal scores, so ties are decided as the exhaustive scan decides them) and
   * heading terms.
   */
  function generated(seed: number, count: number): { index: LexicalIndex; vocabulary: string[]; next: () => number } {
    const next = random(seed);
    const vocabulary = Array.from({ length: 300 }, (_, i) => `t${i}`);
    const pick = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(vocabulary.length * next() ** 3))]!;
    const documents: { bodyTerms: string[]; headingTerms: string[] }[] = [];
    for (let doc = 0; doc < count; doc += 1) {
      if (doc > 0 && next() < 0.2) {
        documents.push(documents[Math.floor(next() * doc)]!);
        continue;
      }
      const length = 3 + Math.floor(next() * 60);
      documents.push({ bodyTerms: Array.from({ length }, pick), headingTerms: next() < 0.3 ? [pick(), pick()] : [] });
    }
    return { index: LexicalIndex.build(documents), vocabulary, next };
  }

  it('returns the same top k, scores, order and coverage as scoring every document', () => {
    let pruned = 0;
    for (const seed of [1, 2, 3]) {
      // Larger than the indexes a search scores whole (16384 documents), so that pruning answers.
      const { index, vocabulary, next } = generated(seed, 20_000);
      for (let round = 0; round < 40; round += 1) {
        const terms = Array.from({ length: 1 + Math.floor(next() * 12) }, () => ({
          // Common and rare terms, a few unknown ones, some repeated with another weight.
          term: next() < 0.05 ? `absent${round}` : vocabulary[Math.floor(vocabulary.length * next() ** 2)]!,
          weight: [1, 1, 0.6, 0.5, 0.3][Math.floor(next() * 5)]!,
        }));
        const k = [1, 5, 10, 100][round % 4]!;
        const allowed = round % 5 === 0 ? (doc: number) => doc % 3 !== 0 : undefined;
        const fast = index.searchWithCoverage(terms, k, allowed);
        const exact = index.searchExhaustive(terms, k, allowed);
        expect(fast.hits).toEqual(exact.hits);
        for (let doc = 0; doc < index.size; doc += 97) expect(fast.coverage(doc)).toBe(exact.coverage(doc));
        for (const hit of exact.hits) expect(fast.coverage(hit.docIndex)).toBe(exact.coverage(hit.docIndex));
        pruned += index.lastScored < index.size ? 1 : 0;
        // Told that only documents in a range can pass, the search reads only their postings: same hits.
        const from = Math.floor(next() * index.size);
        const to = from + Math.floor(next() * (index.size - from));
        const inRange = (doc: number) => doc >= from && doc < to && (allowed?.(doc) ?? true);
        expect(index.searchWithCoverage(terms, k, inRange, { from, to }).hits).toEqual(index.searchExhaustive(terms, k, inRange).hits);
      }
    }
    // The test is only worth its name if pruning skipped documents in most rounds.
    expect(pruned).toBeGreaterThan(60);
  });
});
