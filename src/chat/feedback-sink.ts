/** Where 👍/👎 go: the JSONL log (one replica) or the shared store's table (PostgreSQL). */
import type { Verdict } from './feedback-log.js';

export interface FeedbackInput {
  surface: string;
  /** The platform's user id; only its hash is kept. */
  userId: string;
  verdict: Verdict;
  question: string;
  answer: string;
  sources: string[];
}

export interface FeedbackSink {
  append(entry: FeedbackInput): Promise<unknown>;
}
