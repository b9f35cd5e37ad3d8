import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/core/answer.js';
import {
  finalAnswerText,
  firstHitRank,
  judgeCitations,
  longestCommonSubstring,
  mustIncludePresence,
  normalizeForScoring,
  normalizedQuoteFoundIn,
  percentile,
  quoteFoundIn,
  scoreQuestion,
  sourceRanks,
  summarize,
  type ScoredChunk,
} from '../../src/eval/scoring.js';
import type { GoldQuestion } from '../../src/eval/gold-set.js';

/** 100 pseudo-random lowercase letters, no spaces, so the LCS is exactly what the test puts in. */
const QUOTE = (() => {
  let seed = 12345;
  let out = '';
  for (let i = 0; i < 100; i++) {
    seed = (seed * 48271) % 2147483647;
    out += String.fromCharCode(97 + (seed % 26));
  }
  return out;
})();
const wrap = (part: string) => `0000 ${part} 9999`;

function chunk(id: string, file: string, text: string): ScoredChunk {
  return { id, file, text };
}

function citation(n: number, chunkId: string, quote = 'passage'): Citation {
  return {
    n,
    chunkId,
    file: chunkId.split('#')[0]!,
    docTitle: 'Contrat de ville',
    breadcrumb: ['Annexe 2', 'Objectif #18'],
    span: { lineStart: 1, lineEnd: 2 },
    spanLabel: 'l. 1-2',
    quote,
  };
}

describe('normalizeForScoring', () => {
  it('folds case, accents, apostrophes and whitespace runs', () => {
    expect(normalizeForScoring('  L’Été\u00a0 des\n\tQuartiers  ')).toBe("l'ete des quartiers");
    expect(normalizeForScoring('Pass’Mobil’Agglo')).toBe(normalizeForScoring("PASS'MOBIL'AGGLO"));
    expect(normalizeForScoring('Œuvre « éducative »')).toBe('oeuvre " educative "');
  });
});

describe('longestCommonSubstring', () => {
  it('measures the longest shared run in either argument order', () => {
    expect(longestCommonSubstring('abcdef', 'zcdez')).toBe(3);
    expect(longestCommonSubstring('zcdez', 'abcdef')).toBe(3);
    expect(longestCommonSubstring('', 'abc')).toBe(0);
    expect(longestCommonSubstring('abc', 'xyz')).toBe(0);
    expect(longestCommonSubstring('xxabcabcdyy', 'abcd')).toBe(4);
  });

  it('may stop early once the wanted length is reached, never under-reporting it', () => {
    expect(longestCommonSubstring('abcdefgh', 'abcdefgh', 3)).toBeGreaterThanOrEqual(3);
  });
});

describe('quoteFoundIn (80 % rule)', () => {
  it('finds a whole quote across case, accent, apostrophe and line-break differences', () => {
    const quote = 'Le dispositif Pass’Mobil’Agglo finance l’été des quartiers';
    const chunkText = "Intro.\nLE DISPOSITIF PASS'MOBIL'AGGLO\nfinance l'ete   des quartiers. Suite.";
    expect(quoteFoundIn(quote, chunkText)).toBe(true);
  });

  it('counts a quote found when at least 80 % of it lies in one chunk', () => {
    expect(quoteFoundIn(QUOTE, wrap(QUOTE.slice(0, 80)))).toBe(true);
    expect(quoteFoundIn(QUOTE, wrap(QUOTE.slice(20)))).toBe(true);
    expect(quoteFoundIn(QUOTE, wrap(QUOTE.slice(0, 79)))).toBe(false);
  });

  it('finds a quote split 50/50 across two chunks in neither, split 85/15 in the first only', () => {
    expect(quoteFoundIn(QUOTE, wrap(QUOTE.slice(0, 50)))).toBe(false);
    expect(quoteFoundIn(QUOTE, wrap(QUOTE.slice(50)))).toBe(false);
    expect(quoteFoundIn(QUOTE, wrap(QUOTE.slice(0, 85)))).toBe(true);
    expect(quoteFoundIn(QUOTE, wrap(QUOTE.slice(85)))).toBe(false);
  });

  it('agrees with the longest-common-substring definition on random strings', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const word = (length: number, alphabet: string) => Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    let found = 0;
    for (let trial = 0; trial < 300; trial++) {
      const quote = word(20 + Math.floor(random() * 40), 'abcdefgh');
      // Chunks mix noise with a random slice of the quote, so verdicts fall on both sides.
      const start = Math.floor(random() * 0.3 * quote.length);
      const end = start + Math.floor(random() * (quote.length - start + 1));
      const chunkText = word(Math.floor(random() * 30), 'abcdefgh') + quote.slice(start, end) + word(Math.floor(random() * 30), 'abcdefgh');
      const expected = longestCommonSubstring(quote, chunkText) >= Math.ceil(0.8 * quote.length);
      expect(normalizedQuoteFoundIn(quote, chunkText), `${quote} / ${chunkText}`).toBe(expected);
      if (expected) found += 1;
    }
    expect(found).toBeGreaterThan(15);
    expect(found).toBeLessThan(285);
  });

  it('needs one contiguous run: two separated halves of 50 % do not add up', () => {
    expect(quoteFoundIn(QUOTE, `${QUOTE.slice(0, 50)} 1234 ${QUOTE.slice(50)}`)).toBe(false);
  });
});

describe('sourceRanks and firstHitRank', () => {
  const sources = [
    { doc: 'a.txt', quote: 'Plan de déplacements urbains (CABBALR)' },
    { doc: 'a.txt', quote: 'Dispositif en route pour l’emploi (Région)' },
  ];

  it('only counts chunks of the source document, at their 1-based rank', () => {
    const retrieved = [
      chunk('b#1', 'b.txt', 'Copie : Plan de déplacements urbains (CABBALR) et Dispositif en route pour l’emploi (Région)'),
      chunk('a#1', 'a.txt', 'Rien à voir.'),
      chunk('a#2', 'a.txt', "- dispositif en route pour l'emploi (region)"),
      chunk('a#3', 'a.txt', 'PLAN DE DEPLACEMENTS URBAINS (CABBALR)'),
    ];
    const ranks = sourceRanks(sources, retrieved);
    expect(ranks).toEqual([4, 3]);
    expect(firstHitRank(ranks)).toBe(3);
  });

  it('gives null when no chunk of the same document holds a quote', () => {
    const ranks = sourceRanks(sources, [chunk('b#1', 'b.txt', 'Plan de déplacements urbains (CABBALR)')]);
    expect(ranks).toEqual([null, null]);
    expect(firstHitRank(ranks)).toBeNull();
  });
});

describe('answers', () => {
  it('counts must_include strings in the text and the listed sources, not in hidden quotes', () => {
    const text = finalAnswerText({ text: 'Le PLAN DE DEPLACEMENTS URBAINS [1].', citations: [citation(1, 'a#1', 'Pass’Mobil’Agglo')] });
    expect(text).toContain('Contrat de ville');
    expect(mustIncludePresence(['Plan de déplacements urbains', "Pass'Mobil'Agglo", 'FIPD', 'contrat de ville'], text)).toEqual({
      found: ['Plan de déplacements urbains', 'contrat de ville'],
      missing: ["Pass'Mobil'Agglo", 'FIPD'],
    });
  });

  it('judges citations by the cited chunk: must_include, 80 % of a quote, else imprecise', () => {
    const question = { must_include: ['FIPD'], sources: [{ doc: 'a.txt', quote: QUOTE }] };
    const chunks = new Map<string, ScoredChunk>([
      ['a#1', chunk('a#1', 'a.txt', 'Le fipd et la MILDECA')],
      ['a#2', chunk('a#2', 'a.txt', wrap(QUOTE.slice(10, 95)))],
      ['a#3', chunk('a#3', 'a.txt', wrap(QUOTE.slice(0, 60)))],
    ]);
    const verdicts = judgeCitations(question, [citation(1, 'a#1'), citation(2, 'a#2'), citation(3, 'a#3'), citation(4, 'zz#9')], chunks);
    expect(verdicts.map((v) => v.precise)).toEqual([true, true, false, false]);
    expect(verdicts[2]!.reason).toBe('no-gold-content');
    expect(verdicts[3]!.reason).toBe('unknown-chunk');
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('refusals and summary', () => {
  const base = { persona: 'staff' as const, notes: '' };
  const answerable: GoldQuestion = { ...base, id: 'q1', type: 'lookup', question: 'Q1 ?', must_include: ['FIPD'], sources: [{ doc: 'a.txt', quote: 'le FIPD' }] };
  const unanswerable: GoldQuestion = { ...base, id: 'q2', type: 'unanswerable', question: 'Q2 ?', must_include: [], sources: [] };
  const answer = (refused: boolean, text: string) => ({
    question: 'x',
    text,
    citations: [],
    refused,
    kind: 'lookup' as const,
    mode: 'extractive' as const,
    timings: { retrieveMs: 0, composeMs: 0, totalMs: 0 },
  });
  const inputs = { retrieved: [], chunkById: new Map(), searchMs: 1, askMs: 2 };

  it('scores a refused unanswerable as right and a refused answerable as a wrong refusal', () => {
    const results = [
      scoreQuestion(answerable, { ...inputs, answer: answer(true, 'Le corpus ne dit rien du FIPD.') }),
      scoreQuestion(unanswerable, { ...inputs, answer: answer(true, 'Hors corpus.') }),
    ];
    const m = summarize(results, []);
    expect(m.answers.wrongRefusals).toBe(1);
    expect(m.answers.refusedUnanswerable).toBe(1);
    // A refusal that happens to mention the string still holds it: coverage counts text, exact too.
    expect(m.answers.mustIncludeCoverage).toBe(1);
    expect(m.retrieval.hitAt1).toBe(0);
    expect(m.answers.citationPrecision).toBeNull();
  });

  it('scores an answered unanswerable as not refused, and an error as a miss', () => {
    const results = [scoreQuestion(answerable, { ...inputs, answer: { error: 'ask : boom' } }), scoreQuestion(unanswerable, { ...inputs, answer: answer(false, 'Voici une invention.') })];
    const m = summarize(results, []);
    expect(m.answers.refusedUnanswerable).toBe(0);
    expect(m.answers.wrongRefusals).toBe(0);
    expect(m.answers.exact).toBe(0);
    expect(m.answers.errors).toBe(1);
    expect(results[0]!.error).toBe('ask : boom');
  });
});
