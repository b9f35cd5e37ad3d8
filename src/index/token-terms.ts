/**
 * The postings' terms of a chunk's body by the builder's term ids, each distinct token analysed
 * once (lexical-build-worker.ts).
 */
import { familyTermOf, indexTokens, termOfToken } from '../lang/fr/analyzer.js';
import type { LexicalIndexBuilder } from './lexical-index.js';

/**
 * What a token (`indexTokens`) gives the postings, by the builder's term ids: its term and its
 * word-family term (`termOfToken`, `familyTermOf`), or -1 for none. Worked out once per distinct
 * token (tokens repeat far more than they vary), instead of a stop-word test, a stem look-up, a
 * family key and two term look-ups per token.
 */
export class TokenTerms {
  private readonly tokens = new Map<string, number>();
  private termIds = new Int32Array(1 << 12);
  private familyIds = new Int32Array(1 << 12);

  constructor(private readonly lexical: LexicalIndexBuilder) {}

  /** The index of `token` in `termIds` and `familyIds`. */
  private indexOf(token: string): number {
    let index = this.tokens.get(token);
    if (index !== undefined) return index;
    // A bounded cache: a corpus of any size keeps its memory.
    if (this.tokens.size >= 500_000) this.tokens.clear();
    index = this.tokens.size;
    this.tokens.set(token, index);
    if (index >= this.termIds.length) {
      const termIds = new Int32Array(this.termIds.length * 2);
      termIds.set(this.termIds);
      this.termIds = termIds;
      const familyIds = new Int32Array(this.familyIds.length * 2);
      familyIds.set(this.familyIds);
      this.familyIds = familyIds;
    }
    const term = termOfToken(token);
    const family = term === undefined ? undefined : familyTermOf(term);
    this.termIds[index] = term === undefined ? -1 : this.lexical.termId(term);
    this.familyIds[index] = family === undefined ? -1 : this.lexical.termId(family);
    return index;
  }

  /** The body terms' ids of folded text into `into`: every token's term, then the family terms of those, as `[...terms, ...familyTerms(terms)]`. */
  bodyIds(folded: string, into: IdList): void {
    const tokens = indexTokens(folded);
    const indexes = this.indexes.reset(tokens.length);
    let terms = 0;
    for (const token of tokens) {
      const index = this.indexOf(token);
      if (this.termIds[index]! < 0) continue;
      indexes.values[terms++] = index;
    }
    into.reset(terms * 2);
    for (let i = 0; i < terms; i += 1) into.values[into.length++] = this.termIds[indexes.values[i]!]!;
    for (let i = 0; i < terms; i += 1) {
      const family = this.familyIds[indexes.values[i]!]!;
      if (family >= 0) into.values[into.length++] = family;
    }
  }

  private readonly indexes = new IdList();
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
