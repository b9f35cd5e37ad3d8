/** The best fused candidates are the first n of a stable sort by score, ties in the map's order. */
import { describe, expect, it } from 'vitest';
import { bestFused } from '../../src/search/hybrid-retriever.js';
import type { FusedCandidate } from '../../src/search/types.js';
import { seededRandom as random } from '../../src/bench/synth-corpus.js';

describe('bestFused', () => {
  it('equals sorting every entry (stable) and keeping the first n, ties included', () => {
    const next = random(7);
    for (let round = 0; round < 200; round += 1) {
      const fused = new Map<number, FusedCandidate>();
      const size = Math.floor(next() * 400);
      // Few distinct scores, so that most entries tie with others.
      for (let i = 0; i < size; i += 1) fused.set(Math.floor(next() * 10_000), { score: Math.floor(next() * (round % 2 ? 5 : 500)) / 7 });
      const n = [0, 1, 10, 60, 1000][round % 5]!;
      const expected = [...fused.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, n);
      expect(bestFused(fused, n)).toEqual(expected);
    }
  });
});
