/**
 * The postings' terms of a chunk's body by the builder's term ids, each distinct run of
 * characters analysed once (lexical-build-worker.ts).
 */
import { familyTermOf, indexText, termOfToken, tokensOfRun } from '../lang/fr/analyzer.js';
import { extendWordHash, RawWords, WORD_HASH_START } from '../text/raw-words.js';
import type { LexicalIndexBuilder } from './lexical-index.js';

/** A character of a run `indexTokens` splits into tokens: [a-z0-9']. */
function isRunCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x27;
}

/**
 * What each run of [a-z0-9'] of a text gives the postings (`tokensOfRun`, then `termOfToken`
 * and `familyTermOf` of each token), by the builder's term ids: the ids of its terms and of their
 * family terms (-1 for none). Worked out once per distinct run (words repeat far more than they
 * vary), found again by its characters: no string, split, stop-word test, stem look-up, family
 * key or term look-up per word.
 */
export class TokenTerms {
  private runs = new RawWords<number>();
  /** Per run (its index): its terms at `pool[starts[i] … starts[i] + counts[i])`, pairs of term id and family id. */
  private starts = new Uint32Array(1 << 12);
  private counts = new Uint32Array(1 << 12);
  private pool = new Int32Array(1 << 14);
  private used = 0;
  private readonly tokens: string[] = [];
  private readonly families = new IdList();

  constructor(private readonly lexical: LexicalIndexBuilder) {}

  /** The index of the run `text[start … end)` (hash `hash`), analysed on first sight. */
  private runOf(text: string, start: number, end: number, hash: number): number {
    const known = this.runs.get(text, start, end, hash);
    if (known !== undefined) return known;
    // A bounded cache: a corpus of any size keeps its memory.
    if (this.runs.size >= 500_000) {
      this.runs = new RawWords<number>();
      this.used = 0;
    }
    const index = this.runs.size;
    const raw = text.slice(start, end);
    this.runs.set(raw, hash, index);
    const tokens = this.tokens;
    tokens.length = 0;
    tokensOfRun(raw, tokens);
    if (index >= this.starts.length) {
      const starts = new Uint32Array(this.starts.length * 2);
      starts.set(this.starts);
      this.starts = starts;
      const counts = new Uint32Array(this.counts.length * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    if (this.used + tokens.length * 2 > this.pool.length) {
      const pool = new Int32Array(Math.max(this.pool.length * 2, this.used + tokens.length * 2));
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
    }
    this.starts[index] = this.used;
    let count = 0;
    for (const token of tokens) {
      const term = termOfToken(token);
      if (term === undefined) continue;
      const family = familyTermOf(term);
      this.pool[this.used++] = this.lexical.termId(term);
      this.pool[this.used++] = family === undefined ? -1 : this.lexical.termId(family);
      count += 1;
    }
    this.counts[index] = count;
    return index;
  }

  /** The body terms' ids of folded text into `into`: every token's term, then the family terms of those, as `[...terms, ...familyTerms(terms)]`. */
  bodyIds(folded: string, into: IdList): void {
    const text = indexText(folded);
    const length = text.length;
    into.reset(2 * length + 1);
    const families = this.families.reset(length + 1);
    for (let at = 0; at < length; ) {
      let code = text.charCodeAt(at);
      if (!isRunCode(code)) {
        at += 1;
        continue;
      }
      let hash = extendWordHash(WORD_HASH_START, code);
      let end = at + 1;
      for (; end < length; end += 1) {
        code = text.charCodeAt(end);
        if (!isRunCode(code)) break;
        hash = extendWordHash(hash, code);
      }
      const run = this.runOf(text, at, end, hash >>> 0);
      for (let i = this.starts[run]!, last = i + this.counts[run]! * 2; i < last; i += 2) {
        into.values[into.length++] = this.pool[i]!;
        const family = this.pool[i + 1]!;
        if (family >= 0) families.values[families.length++] = family;
      }
      at = end;
    }
    into.values.set(families.values.subarray(0, families.length), into.length);
    into.length += families.length;
  }
}

/** A reusable list of ids: `values[0 … length)`. */
export class IdList {
  values = new Int32Array(1024);
  length = 0;

  reset(capacity: number): this {
    if (this.values.length < capacity) this.values = new Int32Array(capacity * 2);
    this.length = 0;
    return this;
  }
}
