import type { Chunk } from '../ingest/types.js';

export interface SearchFilters {
  file?: string;
  territory?: string;
  kind?: string;
}

export interface SearchOptions {
  /** How many hits to return (default 10). */
  k?: number;
  filters?: SearchFilters;
}

export interface SearchHit {
  chunk: Chunk;
  /** Fused score, higher is better. */
  score: number;
  /** The parts the fused score came from, for `ask --json` and debugging. */
  scores: { lexical?: number; dense?: number; reference?: number };
}
