/** The lexical index answers « which passages hold all these words » from its postings. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { LexicalIndex } from '../../src/index/lexical-index.js';
import { seededRandom as random } from '../../src/bench/synth-corpus.js';

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

  it('tells of one passage whether it holds every term, as documentsWithAll does', () => {
    for (const words of ['habitants Cité', 'charte cité', 'projets méthode', 'habitants Lens', '', 'cité']) {
      const terms = analyze(words);
      for (let doc = 0; doc < index.size; doc += 1) expect(index.holdsAll(doc, terms)).toBe(index.documentsWithAll(terms).includes(doc));
    }
  });
});

describe('top-k search over reused score accumulators', () => {
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

  it('returns the same top k, scores, order and coverage as scoring every document, search after search', () => {
    for (const [seed, count] of [
      [1, 20_000],
      [2, 20_000],
      [3, 2_000],
      [4, 40],
    ] as const) {
      const { index, vocabulary, next } = generated(seed, count);
      for (let round = 0; round < 40; round += 1) {
        const terms = Array.from({ length: 1 + Math.floor(next() * 12) }, () => ({
          // Common and rare terms, a few unknown ones, some repeated with another weight.
          term: next() < 0.05 ? `absent${round}` : vocabulary[Math.floor(vocabulary.length * next() ** 2)]!,
          weight: [1, 1, 0.6, 0.5, 0.3][Math.floor(next() * 5)]!,
        }));
        const k = [1, 5, 10, 100][round % 4]!;
        const allowed = round % 5 === 0 ? (doc: number) => doc % 3 !== 0 : undefined;
        // Each search reuses the scores of the one before: a score left behind would show here.
        const fast = index.searchWithCoverage(terms, k, allowed);
        const exact = index.searchExhaustive(terms, k, allowed);
        expect(fast.hits).toEqual(exact.hits);
        expect(fast.hits.length).toBe(Math.min(k, exact.hits.length));
        for (let doc = 0; doc < index.size; doc += 97) expect(fast.coverage(doc)).toBe(exact.coverage(doc));
        for (const hit of exact.hits) expect(fast.coverage(hit.docIndex)).toBe(exact.coverage(hit.docIndex));
        // Told that only documents in a range can pass, the search reads only their postings: same hits.
        const from = Math.floor(next() * index.size);
        const to = from + Math.floor(next() * (index.size - from));
        const inRange = (doc: number) => doc >= from && doc < to && (allowed?.(doc) ?? true);
        expect(index.searchWithCoverage(terms, k, inRange, { from, to }).hits).toEqual(index.searchExhaustive(terms, k, inRange).hits);
        // Passages holding every term: the same as intersecting each term's passages.
        const distinct = [...new Set(terms.map((term) => term.term))];
        const each = distinct.map((term) => new Set(index.documentsWithAll([term])));
        const expected = [...(each[0] ?? [])].filter((doc) => each.every((docs) => docs.has(doc))).sort((a, b) => a - b);
        expect(index.documentsWithAll(distinct)).toEqual(expected);
        // The first of them a predicate accepts, asked in ascending order and no further.
        const wanted = expected[Math.floor(next() * expected.length)];
        const asked: number[] = [];
        const accepted = index.someDocumentWithAll(distinct, (doc) => {
          asked.push(doc);
          return doc === wanted;
        });
        expect(accepted).toBe(wanted !== undefined);
        expect(asked).toEqual(wanted === undefined ? expected : expected.slice(0, expected.indexOf(wanted) + 1));
        const inRangePostings = [...new Set(terms.map((term) => term.term))].reduce((sum, term) => sum + index.documentsWithAll([term]).filter((doc) => doc >= from && doc < to).length, 0);
        expect(index.lastRead).toBe(inRangePostings);
      }
    }
  });

  it('scores passages on both sides of every tile of the score table as scoring every passage does', () => {
    // Passages on tile edges (the search adds postings 4,096 passages at a time) hold the rare
    // term; every passage holds a common one, a few a third one.
    const edges = new Set([0, 4095, 4096, 8191, 8192, 12_287, 12_288, 12_300]);
    const documents = Array.from({ length: 12_301 }, (_, doc) => ({
      bodyTerms: ['commun', ...(edges.has(doc) ? ['rare', 'rare'] : []), ...(doc % 7 === 0 ? ['autre'] : [])],
      headingTerms: doc % 1000 === 0 ? ['rare'] : [],
    }));
    const tiled = LexicalIndex.build(documents);
    const queries = [
      [{ term: 'rare', weight: 1 }],
      [
        { term: 'commun', weight: 1 },
        { term: 'rare', weight: 0.5 },
        { term: 'autre', weight: 0.3 },
      ],
      [{ term: 'autre', weight: 1 }],
    ];
    for (const terms of queries) {
      for (const k of [1, 8, 20, 5000]) {
        const exact = tiled.searchExhaustive(terms, k).hits;
        expect(tiled.searchWithCoverage(terms, k).hits).toEqual(exact);
        for (const [from, to] of [
          [4095, 4097],
          [4096, 8192],
          [100, 12_301],
        ] as const) {
          const inRange = (doc: number) => doc >= from && doc < to;
          expect(tiled.searchWithCoverage(terms, k, inRange, { from, to }).hits).toEqual(tiled.searchExhaustive(terms, k, inRange).hits);
        }
      }
    }
    // Every passage holding the rare term, on whichever side of an edge, and no other.
    const holding = [...new Set([...edges, ...Array.from({ length: 13 }, (_, i) => i * 1000)])].sort((a, b) => a - b);
    expect(
      tiled
        .search([{ term: 'rare', weight: 1 }], 50)
        .map((hit) => hit.docIndex)
        .sort((a, b) => a - b),
    ).toEqual(holding);
  });

  it('ranks equal scores by passage, whatever the query', () => {
    const twins = LexicalIndex.build([
      { bodyTerms: ['a', 'b'], headingTerms: [] },
      { bodyTerms: ['c'], headingTerms: [] },
      { bodyTerms: ['a', 'b'], headingTerms: [] },
      { bodyTerms: ['a', 'b'], headingTerms: [] },
    ]);
    const hits = twins.search([{ term: 'a', weight: 1 }], 2);
    expect(hits.map((hit) => hit.docIndex)).toEqual([0, 2]);
    expect(hits[0]!.score).toBe(hits[1]!.score);
    expect(twins.search([{ term: 'c', weight: 1 }], 5).map((hit) => hit.docIndex)).toEqual([1]);
  });
});
