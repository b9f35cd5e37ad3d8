import { murmurFinalize } from './hash.js';

/**
 * Words found by their characters in a text, without making a string of them: the ingest looks
 * up millions of words, almost all already known, and a sliced string per word (then hashed by a
 * `Map`) cost more than the look-up itself.
 */

/** FNV-1a's offset basis: a word's hash before its first code unit (`extendWordHash`). */
export const WORD_HASH_START = 0x811c9dc5;

/** The hash of a word extended by one code unit (FNV-1a; `>>> 0` the result before `get`/`set`). */
export function extendWordHash(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/**
 * Values by word as written, found by the word's place in a text and its hash (`extendWordHash` over its
 * code units, worked out by the caller while reading it): no string is made for a word already
 * known. Open addressing over typed arrays.
 */
export class RawWords<T> {
  private slots = new Int32Array(1 << 12);
  private hashes = new Uint32Array(1 << 11);
  private words: string[] = [];
  private values: T[] = [];

  get size(): number {
    return this.words.length;
  }

  clear(): void {
    this.slots = new Int32Array(1 << 12);
    this.hashes = new Uint32Array(1 << 11);
    this.words = [];
    this.values = [];
  }

  /** The value of the word `text[start … end)`, whose hash is `hash`. */
  get(text: string, start: number, end: number, hash: number): T | undefined {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = murmurFinalize(hash) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return undefined;
      if (this.hashes[entry - 1] !== hash) continue;
      const word = this.words[entry - 1]!;
      if (word.length !== length) continue;
      let same = true;
      for (let i = 0; i < length; i += 1) {
        if (word.charCodeAt(i) !== text.charCodeAt(start + i)) {
          same = false;
          break;
        }
      }
      if (same) return this.values[entry - 1];
    }
  }

  /** Adds a word not known yet (`get` gave undefined) with its hash. */
  set(word: string, hash: number, value: T): void {
    const index = this.words.length;
    this.words.push(word);
    this.values.push(value);
    if (index >= this.hashes.length) {
      const hashes = new Uint32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[index] = hash;
    if ((index + 1) * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let other = 0; other <= index; other += 1) this.place(other);
    } else this.place(index);
  }

  private place(index: number): void {
    const mask = this.slots.length - 1;
    let slot = murmurFinalize(this.hashes[index]!) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }
}
