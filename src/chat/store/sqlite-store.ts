/**
 * The embedded store: one SQLite file (better-sqlite3), nothing to install. One replica only: the
 * file is opened in exclusive locking mode, so a second server on the same file is refused with a
 * clear message instead of answering questions twice. Writes are synchronous and take tens of
 * microseconds (WAL), well within an acknowledgement.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Answer, ConversationTurn } from '../../core/answer.js';
import type { FeedbackLog } from '../feedback-log.js';
import type { FeedbackSink } from '../feedback-sink.js';
import { migrationsFor } from './migrations.js';
import { LEASE_OWNER } from './lease-owner.js';
import { type StaffReview, sqliteStaffReview } from './staff-review.js';
import {
  type ApiRecord,
  type ConversationMemory,
  type InboxHandler,
  type InboxItem,
  type InboxJob,
  MAX_ATTEMPTS,
  MAX_TURNS,
  type ServingStore,
  type StoreHealth,
  StoreUnavailableError,
} from './types.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` (tests, and surfaces created without a store). */
  file: string;
  retentionDays: number;
  /** Review entries (refusals, 👎) are deleted after this many days; `retentionDays` when absent. */
  reviewRetentionDays?: number;
  leaseSeconds: number;
  /** How often idle processing looks for work it was not told about (retries whose delay ran out). */
  pollMs?: number;
  /** The feedback log this store keeps, purged with the same retention (none for an in-memory store). */
  feedbackLog?: FeedbackLog;
  /** The WAL is checkpointed once no write has been seen for about this long (CHECKPOINT_IDLE_MS). */
  checkpointIdleMs?: number;
  /**
   * The Slack intake thread (INTAKE_PORT) writes deliveries to this file through a connection of
   * its own (`openSqliteInbox`). SQLite's exclusive locking mode, which refuses a second server on
   * the file, would refuse that connection too: the file is then opened in normal locking mode and
   * the second server is refused by an exclusive lock on a companion file (`<file>.lock`).
   */
  sharedWithIntake?: boolean;
}

/**
 * Checkpoints (copying the WAL into the database file, then an fsync of both) run when the store
 * has gone quiet, not inside a write. SQLite's own runs in the commit that takes the WAL past 1,000
 * pages: every 250 or so inbox inserts one of them stalled the main thread 20 to 40 ms (an insert
 * otherwise takes tens of microseconds), several times during a burst, while deliveries waited for
 * their acknowledgement. Durability does not change: a commit is in the WAL file before the write
 * returns, which a crash of the process does not lose; with `synchronous = NORMAL` the WAL reaches
 * the disk at the next checkpoint, now at the end of a burst rather than within it.
 */
const CHECKPOINT_IDLE_MS = 250;
/**
 * SQLite still checkpoints by itself past this many WAL pages (about 40 MB), so that a load that
 * never pauses cannot grow the WAL without bound; a burst of 300 questions and 100 Slack events
 * writes about 6,000.
 */
const WAL_BACKSTOP_PAGES = 10_000;

interface InboxRow {
  key: string;
  surface: InboxItem['surface'];
  payload: string;
  progress: string;
  attempts: number;
}

const DAY_MS = 86_400_000;

export class StoreLockedError extends Error {}

const lockedMessage = (file: string) => `Le stockage ${file} est déjà utilisé par un autre serveur Alinéa. Un seul serveur par fichier ; pour plusieurs réplicas, utilisez PostgreSQL (DATABASE_URL).`;

/**
 * Holds `<file>.lock` in SQLite's exclusive locking mode for as long as the returned connection
 * is open (the lock goes with the process, even killed): the one-server-per-file rule when the
 * store itself must stay open to the intake thread's connection.
 */
function takeServerLock(file: string): Database.Database {
  const lock = new Database(`${file}.lock`);
  try {
    lock.pragma('busy_timeout = 0');
    lock.pragma('locking_mode = EXCLUSIVE');
    // A write takes the exclusive lock, held until the connection closes.
    lock.exec('CREATE TABLE IF NOT EXISTS server_lock (id INTEGER PRIMARY KEY)');
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
    return lock;
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new StoreLockedError(lockedMessage(file));
    throw error;
  }
}

export function openSqliteStore(options: SqliteStoreOptions): ServingStore {
  if (options.file !== ':memory:') mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const shared = options.sharedWithIntake === true && options.file !== ':memory:';
  const lock = shared ? takeServerLock(options.file) : undefined;
  const db = new Database(options.file);
  try {
    db.pragma('busy_timeout = 2000');
    // Shared with the intake thread: normal locking (the companion lock refuses a second server).
    if (!shared) db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    migrate(db);
  } catch (error) {
    db.close();
    lock?.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new StoreLockedError(lockedMessage(options.file));
    throw error;
  }
  // The previous process on this file is gone (we hold the exclusive lock): its leases are void.
  db.prepare("UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE state = 'pending'").run();
  db.prepare("UPDATE inbox SET state = 'failed' WHERE state = 'answering'").run();
  return new SqliteStore(db, options, lock);
}

/** The intake thread's door to the inbox: inserts only, on a connection of its own. */
export interface SqliteInbox {
  submit(item: InboxItem): boolean;
  /** Several items in one transaction (one commit for all): whether each was new. */
  submitAll(items: readonly InboxItem[]): boolean[];
  close(): void;
}

/**
 * Opens the inbox of a store file that `openSqliteStore` opened with `sharedWithIntake` (the
 * schema is there, the file in WAL mode): each insert is one short write transaction, alongside
 * the main thread's. Checkpoints stay with the main connection, when the store has gone quiet
 * (SQLite's backstop aside).
 */
export function openSqliteInbox(file: string): SqliteInbox {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    db.pragma('synchronous = NORMAL');
    db.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
    const insert = db.prepare("INSERT OR IGNORE INTO inbox (key, surface, payload, state, created_at) VALUES (?, ?, ?, 'pending', ?)");
    let closed = false;
    const one = (item: InboxItem) => insert.run(item.key, item.surface, JSON.stringify(item.payload), Date.now()).changes === 1;
    const all = db.transaction((items: readonly InboxItem[]) => items.map(one));
    return {
      submit: (item) => {
        if (closed) throw new StoreUnavailableError('stockage fermé');
        return one(item);
      },
      submitAll: (items) => {
        if (closed) throw new StoreUnavailableError('stockage fermé');
        return all(items);
      },
      close: () => {
        if (closed) return;
        closed = true;
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS alinea_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM alinea_migrations').all() as { version: number }[]).map((row) => row.version));
  for (const migration of migrationsFor('sqlite')) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO alinea_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
    })();
  }
}

class SqliteStore implements ServingStore {
  readonly kind = 'sqlite' as const;
  readonly conversations: ConversationMemory;
  readonly feedback?: FeedbackSink;
  readonly review: StaffReview;
  private handler: InboxHandler | undefined;
  private concurrency = 1;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private processing = false;
  private closed = false;
  private readonly statements;
  private readonly checkpointTimer: NodeJS.Timeout | undefined;
  /** Rows changed by this connection when last looked at, and whether the WAL holds some since the last checkpoint. */
  private seenChanges = 0;
  private walDirty = true;

  constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteStoreOptions,
    private readonly lock?: Database.Database,
  ) {
    this.feedback = options.feedbackLog;
    this.statements = {
      submit: db.prepare("INSERT OR IGNORE INTO inbox (key, surface, payload, state, created_at) VALUES (?, ?, ?, 'pending', ?)"),
      claim: db.prepare(
        `UPDATE inbox SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1
         WHERE key IN (SELECT key FROM inbox WHERE state = 'pending' AND (lease_until IS NULL OR lease_until < @now) ORDER BY created_at LIMIT @limit)
         RETURNING key, surface, payload, progress, attempts`,
      ),
      renew: db.prepare("UPDATE inbox SET lease_until = ? WHERE key = ? AND lease_owner = ? AND state = 'pending'"),
      progress: db.prepare('UPDATE inbox SET progress = ? WHERE key = ?'),
      answered: db.prepare("UPDATE inbox SET state = 'answered', answered_at = ?, lease_owner = NULL, lease_until = NULL WHERE key = ?"),
      retryLater: db.prepare('UPDATE inbox SET lease_owner = NULL, lease_until = ? WHERE key = ?'),
      giveUp: db.prepare("UPDATE inbox SET state = 'failed', lease_owner = NULL, lease_until = NULL WHERE key = ?"),
      release: db.prepare("UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE key = ? AND state = 'pending'"),
      apiInsert: db.prepare("INSERT OR IGNORE INTO inbox (key, surface, payload, state, created_at) VALUES (?, 'api', ?, 'answering', ?)"),
      apiRead: db.prepare('SELECT state, result FROM inbox WHERE key = ?'),
      apiFinish: db.prepare("UPDATE inbox SET state = 'answered', result = ?, answered_at = ? WHERE key = ?"),
      history: db.prepare('SELECT question, answer FROM (SELECT id, question, answer FROM conversation_turns WHERE conversation = ? ORDER BY id DESC LIMIT ?) ORDER BY id'),
      addTurn: db.prepare('INSERT INTO conversation_turns (conversation, question, answer, created_at) VALUES (?, ?, ?, ?)'),
      trimTurns: db.prepare('DELETE FROM conversation_turns WHERE conversation = ? AND id NOT IN (SELECT id FROM conversation_turns WHERE conversation = ? ORDER BY id DESC LIMIT ?)'),
      totalChanges: db.prepare('SELECT total_changes()').pluck(),
      // Changes when another connection (the intake thread's) has committed since the last look.
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
    };
    if (options.file !== ':memory:') {
      this.checkpointTimer = setInterval(() => this.checkpointWhenQuiet(), options.checkpointIdleMs ?? CHECKPOINT_IDLE_MS);
      this.checkpointTimer.unref();
    }
    this.review = sqliteStaffReview(db, options.reviewRetentionDays ?? options.retentionDays);
    const { statements } = this;
    this.conversations = {
      history: async (conversationKey: string): Promise<ConversationTurn[]> =>
        (statements.history.all(conversationKey, MAX_TURNS) as { question: string; answer: string }[]).map((row) => ({ question: row.question, answer: JSON.parse(row.answer) as Answer })),
      record: async (conversationKey: string, question: string, answer: Answer): Promise<void> => {
        db.transaction(() => {
          statements.addTurn.run(conversationKey, question, JSON.stringify(answer), Date.now());
          statements.trimTurns.run(conversationKey, conversationKey, MAX_TURNS);
        })();
      },
    };
  }

  /** Checkpoints the WAL when no row has changed since the last look (see CHECKPOINT_IDLE_MS). */
  private checkpointWhenQuiet(): void {
    if (this.closed) return;
    try {
      const changes = (this.statements.totalChanges.get() as number) + (this.statements.dataVersion.get() as number) * 2 ** 32;
      if (changes !== this.seenChanges) {
        this.seenChanges = changes;
        this.walDirty = true;
        return;
      }
      if (!this.walDirty) return;
      this.walDirty = false;
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A failed checkpoint loses nothing (the WAL keeps every commit): tried again after the next write.
    }
  }

  private guard<T>(action: () => T): T {
    if (this.closed) throw new StoreUnavailableError('stockage fermé');
    return action();
  }

  async submit(item: InboxItem): Promise<boolean> {
    const inserted = this.guard(() => this.statements.submit.run(item.key, item.surface, JSON.stringify(item.payload), Date.now()).changes === 1);
    if (inserted) setImmediate(() => this.pump());
    return inserted;
  }

  wake(): void {
    setImmediate(() => this.pump());
  }

  async beginApi(key: string, question: string): Promise<ApiRecord> {
    return this.guard(() => {
      if (this.statements.apiInsert.run(key, JSON.stringify({ question }), Date.now()).changes === 1) return { state: 'new' };
      const row = this.statements.apiRead.get(key) as { state: string; result: string | null } | undefined;
      if (row?.state === 'answered' && row.result) return { state: 'answered', answer: JSON.parse(row.result) as Answer };
      return { state: 'answering' };
    });
  }

  async finishApi(key: string, answer: Answer): Promise<void> {
    this.guard(() => this.statements.apiFinish.run(JSON.stringify(answer), Date.now(), key));
  }

  async startProcessing(handler: InboxHandler, concurrency: number): Promise<void> {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.processing = true;
    const poll = () => {
      this.pump();
      this.timer = setTimeout(poll, this.options.pollMs ?? 500);
      this.timer.unref();
    };
    poll();
    const leaseMs = this.options.leaseSeconds * 1000;
    this.leaseTimer = setInterval(() => {
      if (this.closed) return;
      for (const key of this.inFlight.keys()) this.statements.renew.run(Date.now() + leaseMs, key, LEASE_OWNER);
    }, leaseMs / 3);
    this.leaseTimer.unref();
  }

  /** Claims as many pending questions as there are free slots and runs them. */
  private pump(): void {
    if (!this.processing || this.closed || !this.handler) return;
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = Date.now();
    const rows = this.statements.claim.all({ owner: LEASE_OWNER, until: now + this.options.leaseSeconds * 1000, now, limit: free }) as InboxRow[];
    for (const row of rows) {
      const job: InboxJob = { key: row.key, surface: row.surface, payload: JSON.parse(row.payload), progress: JSON.parse(row.progress), attempt: row.attempts };
      const run = this.run(job).finally(() => {
        this.inFlight.delete(job.key);
        this.pump();
      });
      this.inFlight.set(job.key, run);
    }
  }

  private async run(job: InboxJob): Promise<void> {
    const handler = this.handler!;
    const save = async (progress: Record<string, unknown>) => {
      job.progress = { ...job.progress, ...progress };
      if (!this.closed) this.statements.progress.run(JSON.stringify(job.progress), job.key);
    };
    try {
      await handler(job, save);
      if (!this.closed) this.statements.answered.run(Date.now(), job.key);
    } catch {
      if (this.closed) return;
      if (job.attempt >= MAX_ATTEMPTS) this.statements.giveUp.run(job.key);
      else this.statements.retryLater.run(Date.now() + retryDelayMs(job.attempt), job.key);
    }
  }

  async stopProcessing(timeoutMs: number): Promise<void> {
    this.processing = false;
    clearTimeout(this.timer);
    clearInterval(this.leaseTimer);
    await waitAll([...this.inFlight.values()], timeoutMs);
    // What is still running is handed back: the next start (or replica) takes it again.
    if (!this.closed) for (const key of this.inFlight.keys()) this.statements.release.run(key);
  }

  health(): StoreHealth {
    return this.closed ? { ok: false, kind: 'sqlite', error: 'stockage fermé' } : { ok: true, kind: 'sqlite' };
  }

  async purgeExpired(): Promise<{ questions: number; turns: number; feedback: number; review: number }> {
    const cutoff = Date.now() - this.options.retentionDays * DAY_MS;
    const purged = this.guard(() => ({
      questions: this.db.prepare("DELETE FROM inbox WHERE created_at < ? AND state <> 'pending'").run(cutoff).changes,
      turns: this.db.prepare('DELETE FROM conversation_turns WHERE created_at < ?').run(cutoff).changes,
    }));
    const feedback = (await this.options.feedbackLog?.purgeBefore(new Date(cutoff))) ?? 0;
    return { ...purged, feedback, review: await this.review.purge() };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stopProcessing(0);
    clearInterval(this.checkpointTimer);
    this.closed = true;
    this.db.close();
    this.lock?.close();
  }
}

export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 1_000 * 2 ** (attempt - 1));
}

export async function waitAll(promises: Promise<unknown>[], timeoutMs: number): Promise<void> {
  if (promises.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(promises), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}
