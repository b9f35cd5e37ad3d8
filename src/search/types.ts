import type { Chunk } from '../core/types.js';
import type { ConversationTurn } from '../core/answer.js';
import type { ParsedQuestion } from '../query/parse-question.js';
import type { RerankFeatureValues } from './rerank-features.js';

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
  history?: ConversationTurn[];
  /** Receives the re-ranked candidates with their features (the reranker's training data, debugging). */
  onCandidates?: (candidates: (FusedCandidate & { chunk: Chunk })[], parsed: ParsedQuestion) => void;
}

/** A passage in the running for the first results, with what its score is made of. */
export interface FusedCandidate {
  score: number;
  lexical?: number;
  dense?: number;
  reference?: number;
  /** 0-based ranks in the lexical and dense rankings. */
  lexicalRank?: number;
  denseRank?: number;
  /** Features of the re-ranking (set for the first `rerankDepth` candidates). */
  coverage?: number;
  askedLabel?: boolean;
  figure?: boolean;
  person?: boolean;
  eligibility?: boolean;
  /** Holds every word of a name the question quotes. */
  quotedName?: boolean;
  /** What the learned weights read (src/search/rerank-features.ts). */
  features?: RerankFeatureValues;
  /** The score before the learned weights were added: what scripts/learn-rerank.py adds them to. */
  baseScore?: number;
}

export interface SearchHit {
  chunk: Chunk;
  /** Fused score, higher is better. */
  score: number;
  /** The parts the fused score came from, for `ask --json` and debugging. */
  scores: { lexical?: number; dense?: number; reference?: number };
}
