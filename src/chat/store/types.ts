/**
 * What the server keeps between questions, behind one interface with two implementations: an
 * embedded SQLite file (one replica, nothing to install) and PostgreSQL (`DATABASE_URL`, any
 * number of stateless replicas). It holds:
 * - the inbox: every Slack or Teams question is written here before it is acknowledged, keyed by
 *   the platform's id so a redelivery is a duplicate, handed to one replica at a time under a
 *   lease (a replica that dies lets another take it over), and marked answered once delivered;
 * - API questions, recorded with the same keys (duplicate detection, retention);
 * - conversations (follow-ups work on any replica) and feedback (a table with PostgreSQL, the
 *   JSONL log with the file store), all purged after the retention.
 */
import type { Answer, ConversationTurn } from '../../core/answer.js';
import type { FeedbackSink } from '../feedback-sink.js';
import type { StaffReview } from './staff-review.js';

export type InboxSurface = 'slack' | 'teams';

export interface InboxItem {
  /** Platform identity of the question (`slack:<channel>:<ts>`, `teams:<activity id>`): one answer per key. */
  key: string;
  surface: InboxSurface;
  /** Whatever the surface needs to answer later, on any replica (JSON). */
  payload: Record<string, unknown>;
}

export interface InboxJob extends InboxItem {
  /** What an earlier attempt already did (e.g. the Slack placeholder it posted), so a retry reuses it. */
  progress: Record<string, unknown>;
  /** 1 for the first delivery. */
  attempt: number;
}

/** Processes one question; throwing hands it back to the inbox for a later attempt. */
export type InboxHandler = (job: InboxJob, saveProgress: (progress: Record<string, unknown>) => Promise<void>) => Promise<void>;

export interface ConversationMemory {
  /** Earlier turns of a conversation, oldest first. */
  history(conversationKey: string): Promise<ConversationTurn[]>;
  record(conversationKey: string, question: string, answer: Answer): Promise<void>;
}

export interface StoreHealth {
  ok: boolean;
  kind: 'sqlite' | 'postgres' | 'memory';
  /** Why it is not ok, in French. */
  error?: string;
}

export type ApiRecord = { state: 'new' } | { state: 'answering' } | { state: 'answered'; answer: Answer };

export interface ServingStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Writes a question to the inbox; false when its key is already there (a duplicate delivery). */
  submit(item: InboxItem): Promise<boolean>;
  /**
   * Records an API question answered in place (the HTTP response carries the answer): `new` when
   * the key was unknown, else what became of the first request with that key.
   */
  beginApi(key: string, question: string): Promise<ApiRecord>;
  finishApi(key: string, answer: Answer): Promise<void>;
  /** Another thread or process wrote to the inbox: look for work now rather than at the next poll. */
  wake(): void;
  /** Starts handing inbox questions to `handler`, at most `concurrency` at once. */
  startProcessing(handler: InboxHandler, concurrency: number): Promise<void>;
  /** Stops taking questions, waits up to `timeoutMs` for those under way, hands the rest back. */
  stopProcessing(timeoutMs: number): Promise<void>;
  readonly conversations: ConversationMemory;
  /**
   * Feedback kept by the store and purged with its retention: the `feedback` table (PostgreSQL)
   * or the JSONL log (embedded file store). Undefined for an in-memory store.
   */
  readonly feedback?: FeedbackSink;
  /** Refusals and 👎 with their question, for the staff page. */
  readonly review: StaffReview;
  health(): StoreHealth;
  /** Deletes conversations, logged questions and feedback older than the retention, and review entries older than theirs. */
  purgeExpired(): Promise<{ questions: number; turns: number; feedback: number; review: number }>;
  close(): Promise<void>;
}

/** The store cannot be reached: the question was not accepted (the caller answers 503 / lets Slack retry). */
export class StoreUnavailableError extends Error {
  readonly code = 'ALINEA_STORE_UNAVAILABLE';
}

export const MAX_TURNS = 6;
/** After this many failed attempts a question is given up (its user got an error message each time). */
export const MAX_ATTEMPTS = 5;
