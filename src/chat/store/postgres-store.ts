/**
 * The shared store: PostgreSQL (`DATABASE_URL`) holds the inbox, conversations and feedback, so
 * any number of stateless replicas answer behind a load balancer. Delivery is pg-boss's job: a
 * question is inserted in the inbox and its job sent in one transaction; a job whose replica dies
 * expires after the lease and is retried by another. The inbox row is the source of truth for
 * « answered once »: a job finding its question answered (or leased by a live replica) does nothing.
 * The database may go away: the server stays up, says so on /readyz, refuses new questions (Slack
 * retries them) and catches up when it is back.
 */
import pg from 'pg';
import { PgBoss } from './pg-boss.js';
import type { Answer, ConversationTurn } from '../../core/answer.js';
import { hashUserId } from '../feedback-log.js';
import type { FeedbackInput, FeedbackSink } from '../feedback-sink.js';
import { migrationsFor } from './migrations.js';
import { LEASE_OWNER } from './lease-owner.js';
import { postgresStaffReview, type StaffReview } from './staff-review.js';
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

export interface PostgresStoreOptions {
  connectionString: string;
  retentionDays: number;
  /** Review entries (refusals, 👎) are deleted after this many days; `retentionDays` when absent. */
  reviewRetentionDays?: number;
  leaseSeconds: number;
  /** Logs problems (never the connection string). */
  onError?: (message: string) => void;
  /**
   * The intake thread's store (INTAKE_PORT): it only submits deliveries. Its queue client does no
   * maintenance (the replica's own does), and its pool stays small.
   */
  intakeOnly?: boolean;
}

const QUEUE = 'alinea-inbox';
const BOSS_SCHEMA = 'alinea_boss';
const HEALTH_INTERVAL_MS = 1_000;
const QUERY_TIMEOUT_MS = 5_000;

/**
 * Connections and groups of the PostgreSQL store. A replica holds `answerPool + intakePool` of
 * its own connections, plus pg-boss's `queuePool` (the intake thread's store: `intakeOnlyAnswerPool
 * + intakePool + intakeOnlyQueuePool`).
 */
export const POSTGRES_TUNING = {
  /** Everything but inbox submissions: API records, conversations, the inbox's claims, progress and marks, feedback, health. */
  answerPool: 10,
  /**
   * Connections reserved for inbox submissions, the writes an acknowledgement waits for. With one
   * pool for everything, a burst's 300 `/api/ask` queued 60+ requests for its 10 connections and a
   * Slack delivery waited 166 ms (p50; 228 ms p95) for one before its insert could start. Two,
   * not one: a delivery read while one group commits starts its own group at once instead of
   * waiting for that commit. Kept open while idle (the pool's `min`), so that the first delivery
   * after a quiet hour does not pay for a new connection.
   */
  intakePool: 2,
  /**
   * Rows of one group commit at most: submissions waiting together go in one statement (their rows
   * as one JSON parameter, their jobs inserted by the same statement).
   */
  maxGroup: 200,
  /** pg-boss's own pool: its workers' fetches and its maintenance. */
  queuePool: 5,
  /** The intake thread's store only submits: its answer-side pool checks health and nothing else. */
  intakeOnlyAnswerPool: 1,
  /** The intake thread's pg-boss does no maintenance and fetches nothing (its jobs go through `intakePool`). */
  intakeOnlyQueuePool: 2,
} as const;
/** A constant key for pg_advisory_lock while setting the database up (replicas may start together). */
const SETUP_LOCK = 0x616c696e;

/** The PostgreSQL store, with the batch insert its group commit uses. */
export interface PostgresServingStore extends ServingStore {
  submitAll(items: readonly InboxItem[]): Promise<boolean[]>;
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresServingStore> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.intakeOnly ? POSTGRES_TUNING.intakeOnlyAnswerPool : POSTGRES_TUNING.answerPool,
    connectionTimeoutMillis: 3_000,
    query_timeout: QUERY_TIMEOUT_MS,
    application_name: 'alinea',
  });
  // Inbox submissions only (see POSTGRES_TUNING.intakePool): acknowledgements never queue behind answer-side queries.
  const intakePool = new pg.Pool({
    connectionString: options.connectionString,
    max: POSTGRES_TUNING.intakePool,
    min: POSTGRES_TUNING.intakePool,
    connectionTimeoutMillis: 3_000,
    query_timeout: QUERY_TIMEOUT_MS,
    application_name: 'alinea-intake',
  });
  // An idle connection dropped by the server must not end the process.
  for (const each of [pool, intakePool]) each.on('error', (error) => options.onError?.(`PostgreSQL : connexion perdue (${error.message})`));
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: BOSS_SCHEMA,
    max: options.intakeOnly ? POSTGRES_TUNING.intakeOnlyQueuePool : POSTGRES_TUNING.queuePool,
    application_name: options.intakeOnly ? 'alinea-intake-queue' : 'alinea-queue',
    ...(options.intakeOnly ? { supervise: false } : {}),
    // Expired leases (a replica that died mid-answer) are detected this often.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(options.leaseSeconds / 2))),
    monitorStateIntervalSeconds: 60,
    schedule: false,
  });
  boss.on('error', (error: Error) => options.onError?.(`file d'attente : ${error.message}`));
  // Replicas starting together set the database up one at a time: our migrations, then pg-boss's
  // schema and queue (two pg-boss installs at once on a fresh database end in « deadlock detected »).
  let client: pg.PoolClient | undefined;
  let failure: unknown;
  try {
    try {
      client = await pool.connect();
      await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK]);
      await migrate(client);
    } catch (error) {
      throw new StoreUnavailableError(`PostgreSQL injoignable ou refusé (${describe(error)})`);
    }
    await boss.start();
    if (!(await boss.getQueue(QUEUE))) {
      await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: MAX_ATTEMPTS - 1, retryDelay: 1, retryBackoff: true, expireInSeconds: options.leaseSeconds, retentionDays: options.retentionDays });
    }
    // The submissions' connections opened now, not by the first delivery (the pool's `min` keeps them).
    const opened = await Promise.allSettled(Array.from({ length: POSTGRES_TUNING.intakePool }, () => intakePool.connect()));
    for (const result of opened) if (result.status === 'fulfilled') result.value.release();
    const refused = opened.find((result) => result.status === 'rejected');
    if (refused) throw new StoreUnavailableError(`PostgreSQL injoignable ou refusé (${describe(refused.reason)})`);
  } catch (error) {
    failure = error;
  } finally {
    await client?.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK]).catch(() => undefined);
    client?.release();
  }
  if (failure !== undefined) {
    // The client is released first: ending the pool waits for its clients.
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    await intakePool.end().catch(() => undefined);
    throw failure;
  }
  return new PostgresStore(pool, intakePool, boss, options);
}

/** Applies the migrations not applied yet, on a client holding the setup lock. */
async function migrate(client: pg.PoolClient): Promise<void> {
  await client.query('CREATE TABLE IF NOT EXISTS alinea_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
  const applied = new Set((await client.query<{ version: number }>('SELECT version FROM alinea_migrations')).rows.map((row) => row.version));
  for (const migration of migrationsFor('postgres')) {
    if (applied.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO alinea_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // pg error messages never carry the password, but a URL could slip into one: cut anything URL-like.
  return message.replace(/postgres(?:ql)?:\/\/\S+/g, 'postgres://…');
}

interface InboxRow {
  key: string;
  surface: InboxItem['surface'];
  payload: Record<string, unknown>;
  progress: Record<string, unknown>;
  attempts: number;
}

/** A submission waiting for its group's commit. */
interface PendingSubmit {
  item: InboxItem;
  resolve: (fresh: boolean) => void;
  reject: (error: unknown) => void;
}

class PostgresStore implements ServingStore {
  readonly kind = 'postgres' as const;
  readonly conversations: ConversationMemory;
  readonly feedback: FeedbackSink;
  readonly review: StaffReview;
  private healthy: StoreHealth = { ok: true, kind: 'postgres' };
  private readonly healthTimer: NodeJS.Timeout;
  private readonly workerIds: string[] = [];
  private readonly inFlight = new Map<string, { run: Promise<void>; jobId: string }>();
  private closed = false;
  /** Submissions not in a group yet, in the order they came. */
  private waitingSubmits: PendingSubmit[] = [];
  /** Groups being committed (at most POSTGRES_TUNING.intakePool, one connection each). */
  private readonly groups = new Set<Promise<void>>();
  private groupScheduled = false;
  /** The group submission statement, made once (see submitStatement). */
  private submitSql: { text: string; bossParams: unknown[] } | undefined;

  constructor(
    private readonly pool: pg.Pool,
    /** Inbox submissions only: see POSTGRES_TUNING.intakePool. */
    private readonly intakePool: pg.Pool,
    private readonly boss: PgBoss,
    private readonly options: PostgresStoreOptions,
  ) {
    this.conversations = {
      history: async (conversationKey: string): Promise<ConversationTurn[]> => {
        const { rows } = await this.query<{ question: string; answer: Answer }>(
          'SELECT question, answer FROM (SELECT id, question, answer FROM conversation_turns WHERE conversation = $1 ORDER BY id DESC LIMIT $2) recent ORDER BY id',
          [conversationKey, MAX_TURNS],
        );
        return rows.map((row) => ({ question: row.question, answer: row.answer }));
      },
      record: async (conversationKey: string, question: string, answer: Answer): Promise<void> => {
        await this.query(
          `WITH added AS (INSERT INTO conversation_turns (conversation, question, answer) VALUES ($1, $2, $3) RETURNING id)
           DELETE FROM conversation_turns WHERE conversation = $1 AND id NOT IN (SELECT id FROM conversation_turns WHERE conversation = $1 ORDER BY id DESC LIMIT $4)`,
          [conversationKey, question, JSON.stringify(answer), MAX_TURNS - 1],
        );
      },
    };
    this.feedback = {
      append: async (entry: FeedbackInput) => {
        await this.query('INSERT INTO feedback (surface, user_hash, verdict, question, answer, sources) VALUES ($1, $2, $3, $4, $5, $6)', [
          entry.surface,
          hashUserId(entry.userId),
          entry.verdict,
          entry.question,
          entry.answer,
          JSON.stringify(entry.sources),
        ]);
      },
    };
    this.review = postgresStaffReview((text, values) => this.query(text, values), options.reviewRetentionDays ?? options.retentionDays);
    this.healthTimer = setInterval(() => void this.checkHealth(), HEALTH_INTERVAL_MS);
    this.healthTimer.unref();
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new StoreUnavailableError('stockage fermé');
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      if (isConnectionError(error)) {
        this.healthy = { ok: false, kind: 'postgres', error: `PostgreSQL injoignable (${describe(error)})` };
        throw new StoreUnavailableError(this.healthy.error);
      }
      throw error;
    }
  }

  private async checkHealth(): Promise<void> {
    if (this.closed) return;
    try {
      await this.pool.query('SELECT 1');
      this.healthy = { ok: true, kind: 'postgres' };
    } catch (error) {
      this.healthy = { ok: false, kind: 'postgres', error: `PostgreSQL injoignable (${describe(error)})` };
    }
  }

  /**
   * Group commit: the submissions made while no group is being committed go in the next one at
   * the end of this turn of the event loop, and those made while every submission connection is
   * committing wait for one and go together in the group after (one statement for their rows and
   * their jobs, see submitAll). Each resolves once its group is committed, so
   * a delivery is acknowledged only when it is durably in the inbox, as before.
   */
  submit(item: InboxItem): Promise<boolean> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('stockage fermé'));
    return new Promise<boolean>((resolve, reject) => {
      this.waitingSubmits.push({ item, resolve, reject });
      this.scheduleGroup();
    });
  }

  private scheduleGroup(): void {
    if (this.groupScheduled || this.waitingSubmits.length === 0 || this.groups.size >= POSTGRES_TUNING.intakePool) return;
    this.groupScheduled = true;
    // At the end of this turn: the submissions of the deliveries read in it go together.
    setImmediate(() => {
      this.groupScheduled = false;
      this.startGroup();
    });
  }

  private startGroup(): void {
    if (this.waitingSubmits.length === 0 || this.groups.size >= POSTGRES_TUNING.intakePool) return;
    const group = this.waitingSubmits.splice(0, POSTGRES_TUNING.maxGroup);
    const committed = this.submitAll(group.map((entry) => entry.item)).then(
      (fresh) => {
        for (const [i, entry] of group.entries()) entry.resolve(fresh[i] === true);
      },
      async (error: unknown) => {
        // One submission PostgreSQL refuses (a payload it cannot store) must not fail the deliveries
        // grouped with it, nor each retry of theirs: alone, each one succeeds or fails on its own.
        if (group.length > 1 && !(error instanceof StoreUnavailableError)) {
          await Promise.all(
            group.map((entry) =>
              this.submitAll([entry.item]).then(
                (fresh) => entry.resolve(fresh[0] === true),
                (one: unknown) => entry.reject(one),
              ),
            ),
          );
          return;
        }
        for (const entry of group) entry.reject(error);
      },
    );
    this.groups.add(committed);
    void committed.finally(() => {
      this.groups.delete(committed);
      // Submitted while every connection was committing: the next group.
      this.scheduleGroup();
    });
    // More than one group's worth waiting, and a connection free: start another.
    this.scheduleGroup();
  }

  /** Commits every submission made so far (closing). */
  private async drainSubmits(): Promise<void> {
    while (this.waitingSubmits.length > 0 || this.groups.size > 0) {
      this.startGroup();
      await Promise.race(this.groups);
    }
  }

  /**
   * The statement that submits a group: its inbox rows and, for the new ones, their jobs, in one
   * statement (one round trip, one commit). pg-boss writes the job rows as its `insert` does
   * (its own statement, read once through the `db` option and nested here), with the queue's
   * retry, expiry and retention: a question is in the inbox with its job, or not at all.
   */
  private async submitStatement(): Promise<{ text: string; bossParams: unknown[] }> {
    if (this.submitSql) return this.submitSql;
    let captured: { text: string; params: unknown[] } | undefined;
    await this.boss.insert([{ name: QUEUE, data: {} }], {
      db: {
        executeSql: (text: string, params: unknown[]) => {
          captured = { text, params };
          return Promise.resolve({ rows: [] });
        },
      },
    });
    // The statement is pg-boss's (pinned version): its jobs as JSON in $1, five settings after it.
    // Another shape would be nested wrongly; say so at the first submission instead.
    if (captured?.params.length !== 6 || captured.text.match(/json_to_recordset\(\$1\)/g)?.length !== 1) {
      throw new Error("pg-boss : requête d'insertion des tâches d'une forme inattendue (version de pg-boss changée ?)");
    }
    // pg-boss's $1 is its jobs as JSON: here, one job per inbox row this statement inserted.
    const jobsOfFresh = `(SELECT COALESCE(json_agg(json_build_object('name', $2::text, 'data', json_build_object('key', fresh.key))), '[]'::json) FROM fresh)`;
    const jobsInsert = captured.text.replace(/\$(\d+)\b/g, (_whole, n: string) => (n === '1' ? jobsOfFresh : `$${Number(n) + 1}`));
    const text = [
      'WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x (key TEXT, surface TEXT, payload JSONB)),',
      "fresh AS (INSERT INTO inbox (key, surface, payload, state) SELECT key, surface, payload, 'pending' FROM input ON CONFLICT (key) DO NOTHING RETURNING key),",
      `jobs AS (${jobsInsert})`,
      'SELECT key FROM fresh',
    ].join('\n');
    this.submitSql = { text, bossParams: captured.params.slice(1) };
    return this.submitSql;
  }

  /**
   * Several items in one statement (one round trip, one commit, so one WAL flush, for all) on a
   * submission connection: each row with its job, or none. Whether each was new; a key twice in
   * `items` is new once, at its first place.
   */
  async submitAll(items: readonly InboxItem[]): Promise<boolean[]> {
    if (this.closed) throw new StoreUnavailableError('stockage fermé');
    if (items.length === 0) return [];
    const statement = await this.submitStatement();
    let client: pg.PoolClient;
    try {
      client = await this.intakePool.connect();
    } catch (error) {
      this.healthy = { ok: false, kind: 'postgres', error: `PostgreSQL injoignable (${describe(error)})` };
      throw new StoreUnavailableError(this.healthy.error);
    }
    try {
      const rows = JSON.stringify(items.map((item) => ({ key: item.key, surface: item.surface, payload: item.payload })));
      const inserted = await client.query<{ key: string }>(statement.text, [rows, QUEUE, ...statement.bossParams]);
      const fresh = new Set(inserted.rows.map((row) => row.key));
      const result = items.map((item) => fresh.delete(item.key));
      if (result.includes(true)) this.wakeWorker();
      return result;
    } catch (error) {
      if (isConnectionError(error)) throw new StoreUnavailableError(`PostgreSQL injoignable (${describe(error)})`);
      throw error;
    } finally {
      client.release();
    }
  }

  wake(): void {
    this.wakeWorker();
  }

  /** Lets an idle worker of this replica fetch at once instead of at its next poll. */
  private wakeWorker(): void {
    const id = this.workerIds[Math.floor(Math.random() * this.workerIds.length)];
    if (id) this.boss.notifyWorker(id);
  }

  async beginApi(key: string, question: string): Promise<ApiRecord> {
    const inserted = await this.query("INSERT INTO inbox (key, surface, payload, state) VALUES ($1, 'api', $2, 'answering') ON CONFLICT (key) DO NOTHING", [key, JSON.stringify({ question })]);
    if (inserted.rowCount === 1) return { state: 'new' };
    const { rows } = await this.query<{ state: string; result: Answer | null }>('SELECT state, result FROM inbox WHERE key = $1', [key]);
    const row = rows[0];
    if (row?.state === 'answered' && row.result) return { state: 'answered', answer: row.result };
    return { state: 'answering' };
  }

  async finishApi(key: string, answer: Answer): Promise<void> {
    await this.query("UPDATE inbox SET state = 'answered', result = $2, answered_at = now() WHERE key = $1", [key, JSON.stringify(answer)]);
  }

  async startProcessing(handler: InboxHandler, concurrency: number): Promise<void> {
    for (let i = 0; i < Math.max(1, concurrency); i++) {
      const worker = { id: '' };
      worker.id = await this.boss.work<{ key: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (!job) return;
        const run = this.process(job.data.key, handler);
        this.inFlight.set(job.data.key, { run, jobId: job.id });
        try {
          await run;
        } finally {
          this.inFlight.delete(job.data.key);
          // pg-boss waits out the rest of its polling interval after every fetch, even one that
          // found work: with more questions queued (a burst) each worker would take two a second.
          // Having just found one, it fetches again at once; an empty fetch still waits.
          if (worker.id) this.boss.notifyWorker(worker.id);
        }
      });
      this.workerIds.push(worker.id);
    }
  }

  /** One delivery of a question: claim it under a lease, answer, mark it answered. */
  private async process(key: string, handler: InboxHandler): Promise<void> {
    const leaseMs = this.options.leaseSeconds * 1000;
    const claimed = await this.query<InboxRow>(
      `UPDATE inbox SET lease_owner = $2, lease_until = now() + make_interval(secs => $3), attempts = attempts + 1
       WHERE key = $1 AND state = 'pending' AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2)
       RETURNING key, surface, payload, progress, attempts`,
      [key, LEASE_OWNER, this.options.leaseSeconds],
    );
    const row = claimed.rows[0];
    if (!row) {
      const { rows } = await this.query<{ state: string }>('SELECT state FROM inbox WHERE key = $1', [key]);
      // Answered (or given up) already: this delivery is a duplicate and ends here.
      if (rows[0]?.state !== 'pending') return;
      // Another live replica holds it: try again once its lease may have run out.
      throw new Error('question en cours sur un autre réplica');
    }
    const job: InboxJob = { key: row.key, surface: row.surface, payload: row.payload, progress: row.progress ?? {}, attempt: row.attempts };
    const renew = setInterval(() => {
      void this.pool
        .query("UPDATE inbox SET lease_until = now() + make_interval(secs => $3) WHERE key = $1 AND lease_owner = $2 AND state = 'pending'", [key, LEASE_OWNER, this.options.leaseSeconds])
        .catch(() => undefined);
    }, leaseMs / 3);
    try {
      await handler(job, async (progress) => {
        job.progress = { ...job.progress, ...progress };
        await this.query('UPDATE inbox SET progress = $2 WHERE key = $1', [key, JSON.stringify(job.progress)]);
      });
      await this.query("UPDATE inbox SET state = 'answered', answered_at = now(), lease_owner = NULL, lease_until = NULL WHERE key = $1", [key]);
    } catch (error) {
      await this.pool
        .query(
          job.attempt >= MAX_ATTEMPTS
            ? "UPDATE inbox SET state = 'failed', lease_owner = NULL, lease_until = NULL WHERE key = $1"
            : 'UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE key = $1',
          [key],
        )
        .catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  async stopProcessing(timeoutMs: number): Promise<void> {
    const workers = this.workerIds.splice(0);
    if (workers.length === 0) return;
    // Stop fetching; pg-boss waits for jobs under way up to the timeout, then fails them: they are retried.
    await this.boss.offWork(QUEUE).catch(() => undefined);
    const started = Date.now();
    while (this.inFlight.size > 0 && Date.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 50));
    // Handed back: the lease is released and the job failed, so another replica retries it now.
    for (const [key, { jobId }] of this.inFlight) {
      await this.pool.query("UPDATE inbox SET lease_owner = NULL, lease_until = NULL WHERE key = $1 AND state = 'pending'", [key]).catch(() => undefined);
      await this.boss.fail(QUEUE, jobId, { message: 'réplica arrêté' }).catch(() => undefined);
    }
  }

  health(): StoreHealth {
    return this.closed ? { ok: false, kind: 'postgres', error: 'stockage fermé' } : this.healthy;
  }

  async purgeExpired(): Promise<{ questions: number; turns: number; feedback: number; review: number }> {
    // In seconds: make_interval's `days` is an integer, and RETENTION_DAYS may be a fraction.
    const seconds = this.options.retentionDays * 86_400;
    const expired = 'created_at < now() - make_interval(secs => $1::float8)';
    const questions = await this.query(`DELETE FROM inbox WHERE ${expired} AND state <> 'pending'`, [seconds]);
    const turns = await this.query(`DELETE FROM conversation_turns WHERE ${expired}`, [seconds]);
    const feedback = await this.query(`DELETE FROM feedback WHERE ${expired}`, [seconds]);
    return { questions: questions.rowCount ?? 0, turns: turns.rowCount ?? 0, feedback: feedback.rowCount ?? 0, review: await this.review.purge() };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stopProcessing(0);
    // Submissions already made are committed (their deliveries are waiting for an acknowledgement).
    await this.drainSubmits();
    this.closed = true;
    clearInterval(this.healthTimer);
    await this.boss.stop({ graceful: true, timeout: 1_000, wait: true }).catch(() => undefined);
    await this.pool.end().catch(() => undefined);
    await this.intakePool.end().catch(() => undefined);
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code) ||
    /timeout|terminat|Connection|connect/i.test(message)
  );
}
