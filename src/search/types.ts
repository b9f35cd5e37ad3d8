import type { Chunk } from '../core/types.js';

export interface SearchFilters {
  file?: string;
  /** Only these files (a scope's documents). */
  files?: readonly string[];
  territory?: string;
  kind?: string;
}

export interface SearchOptions {
  /** How many hits to return (default 10). */
  k?: number;
  filters?: SearchFilters;
  /** Earlier questions of the conversation: a follow-up (« et pour l'objectif 19 ? ») is read against them. */
  history?: { question: string }[];
}

export interface SearchHit {
  chunk: Chunk;
  /** Fused score, higher is better. */
  score: number;
  /** The parts the fused score came from, for `ask --json` and debugging. */
  scores: { lexical?: number; dense?: number; reference?: number };
}
