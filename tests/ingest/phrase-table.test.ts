import { describe, expect, it } from 'vitest';
import { PhraseTable } from '../../src/ingest/glossary.js';

describe('PhraseTable', () => {
  it('counts generated phrase keys as a Map of their joined ids would, in first-seen order, through collisions and growth', () => {
    let seed = 3;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const table = new PhraseTable();
    const reference = new Map<string, { index: number; count: number; text: string }>();
    const key = new Uint32Array(12);
    for (let i = 0; i < 30_000; i += 1) {
      const length = 1 + Math.floor(random() * 8);
      for (let w = 0; w < length; w += 1) key[w] = Math.floor(random() * (w === 0 ? 40 : 6));
      const joined = Array.from(key.subarray(0, length)).join(',');
      // Few distinct hashes, so different keys share one and must be told apart by their ids.
      const hash = (joined.length * 7 + key[0]!) % 97;
      const found = table.find(hash, key, length);
      const expected = reference.get(joined);
      expect(found).toBe(expected ? expected.index : -1);
      if (found >= 0) {
        table.counts[found]! += 1;
        expected!.count += 1;
      } else {
        const text = `phrase ${joined}`;
        const index = table.insert(hash, key, length, text, `chunk-${i}`, 'abc');
        reference.set(joined, { index, count: 1, text });
      }
    }
    expect(table.size).toBe(reference.size);
    expect(table.size).toBeGreaterThan(1 << 12);
    for (const { index, count, text } of reference.values()) {
      expect(table.counts[index]).toBe(count);
      expect(table.texts[index]).toBe(text);
    }
    expect([...reference.values()].map(({ index }) => index)).toEqual([...reference.values()].map((_, i) => i));
  });
});
