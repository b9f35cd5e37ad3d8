/**
 * What the staff who keep the corpus review: the questions Alinéa refused and the answers people
 * marked 👎, with the answer and its sources. Nothing else is kept here (an answered question with
 * no 👎 never is), and entries are deleted after REVIEW_RETENTION_DAYS. One table in the store
 * (SQLite or PostgreSQL), so every replica records into, and the staff page reads, the same list.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';

export type ReviewKind = 'refusal' | 'thumbs-down';

export interface ReviewInput {
  kind: ReviewKind;
  /** Where it was asked: web, api, slack, teams. */
  surface: string;
  question: string;
  answer: string;
  sources: string[];
}

export interface ReviewEntry extends ReviewInput {
  /** ISO date and time. */
  time: string;
}

export interface StaffReview {
  record(entry: ReviewInput): Promise<void>;
  /** The newest entries first. */
  recent(limit: number): Promise<ReviewEntry[]>;
  /** Deletes the entries older than the retention (as of `now`); how many went. */
  purge(now?: number): Promise<number>;
}

/** Bounds of what one entry keeps. */
export const REVIEW_LIMITS = { questionChars: 2_000, answerChars: 2_000, sources: 5, sourceChars: 300 } as const;

const DAY_MS = 86_400_000;

function bounded(entry: ReviewInput): ReviewInput {
  return {
    kind: entry.kind,
    surface: entry.surface.slice(0, 20),
    question: entry.question.slice(0, REVIEW_LIMITS.questionChars),
    answer: entry.answer.slice(0, REVIEW_LIMITS.answerChars),
    sources: entry.sources.slice(0, REVIEW_LIMITS.sources).map((source) => source.slice(0, REVIEW_LIMITS.sourceChars)),
  };
}

interface ReviewRow {
  created_at: number | Date;
  kind: ReviewKind;
  surface: string;
  question: string;
  answer: string;
  sources: string | string[];
}

function toEntry(row: ReviewRow): ReviewEntry {
  return {
    time: new Date(row.created_at).toISOString(),
    kind: row.kind,
    surface: row.surface,
    question: row.question,
    answer: row.answer,
    sources: typeof row.sources === 'string' ? (JSON.parse(row.sources) as string[]) : row.sources,
  };
}

export function sqliteStaffReview(db: Database.Database, retentionDays: number): StaffReview {
  const insert = db.prepare('INSERT INTO staff_review (created_at, kind, surface, question, answer, sources) VALUES (?, ?, ?, ?, ?, ?)');
  const select = db.prepare('SELECT created_at, kind, surface, question, answer, sources FROM staff_review ORDER BY id DESC LIMIT ?');
  const remove = db.prepare('DELETE FROM staff_review WHERE created_at < ?');
  return {
    async record(entry) {
      const kept = bounded(entry);
      insert.run(Date.now(), kept.kind, kept.surface, kept.question, kept.answer, JSON.stringify(kept.sources));
    },
    async recent(limit) {
      return (select.all(limit) as ReviewRow[]).map(toEntry);
    },
    async purge(now = Date.now()) {
      return remove.run(now - retentionDays * DAY_MS).changes;
    },
  };
}

/** `query` is the store's own (it reports an unreachable database as StoreUnavailableError). */
export function postgresStaffReview(query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => Promise<pg.QueryResult<R>>, retentionDays: number): StaffReview {
  return {
    async record(entry) {
      const kept = bounded(entry);
      await query('INSERT INTO staff_review (kind, surface, question, answer, sources) VALUES ($1, $2, $3, $4, $5)', [
        kept.kind,
        kept.surface,
        kept.question,
        kept.answer,
        JSON.stringify(kept.sources),
      ]);
    },
    async recent(limit) {
      const { rows } = await query<ReviewRow>('SELECT created_at, kind, surface, question, answer, sources FROM staff_review ORDER BY id DESC LIMIT $1', [limit]);
      return rows.map(toEntry);
    },
    async purge(now = Date.now()) {
      const result = await query('DELETE FROM staff_review WHERE created_at < $1', [new Date(now - retentionDays * DAY_MS)]);
      return result.rowCount ?? 0;
    },
  };
}
