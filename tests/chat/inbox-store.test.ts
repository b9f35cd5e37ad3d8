/**
 * The inbox and conversation store on both implementations, with real databases: the embedded
 * SQLite file and a PostgreSQL server started here. Then the Teams surface (real SDK, local Bot
 * Connector stand-in) over the file store: a redelivered activity is answered once, a question
 * stored before a crash is answered after the restart, and a reply is never sent twice across an
 * interruption between sending it and marking it answered.
 */
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSettings } from '../../src/config.js';
import type { Answer } from '../../src/core/answer.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { openPostgresStore, POSTGRES_TUNING } from '../../src/chat/store/postgres-store.js';
import { openSqliteStore, StoreLockedError } from '../../src/chat/store/sqlite-store.js';
import { type InboxJob, type ServingStore, StoreUnavailableError } from '../../src/chat/store/types.js';
import { createTeamsSurface, ERROR_TEXT } from '../../src/chat/teams/teams-surface.js';
import { startFakeTeamsConnector } from '../helpers/fake-teams-connector.js';
import { waitFor } from '../helpers/fake-slack-api.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';

let tmp: string;
let db: TestPostgres;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-inbox-'));
  db = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await db?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const answer = (text: string): Answer => ({ question: text, text, citations: [], refused: false, kind: 'lookup', mode: 'extractive', timings: { retrieveMs: 0, composeMs: 0, totalMs: 0 } });

const openers: Record<string, (name: string, retentionDays?: number) => Promise<ServingStore>> = {
  sqlite: async (name, retentionDays = 30) =>
    openSqliteStore({ file: path.join(tmp, `${name}.sqlite`), retentionDays, leaseSeconds: 2, pollMs: 50, feedbackLog: new FeedbackLog(path.join(tmp, `${name}-feedback.jsonl`)) }),
  postgres: async (_name, retentionDays = 30) => openPostgresStore({ connectionString: db.url, retentionDays, leaseSeconds: 2 }),
};

/** The questions of the feedback a store keeps, read from where it keeps them (not through the store). */
const feedbackKept: Record<string, (name: string) => Promise<string[]>> = {
  sqlite: async (name) => (await new FeedbackLog(path.join(tmp, `${name}-feedback.jsonl`)).readAll()).map((entry) => entry.question),
  postgres: async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query<{ question: string }>('SELECT question FROM feedback ORDER BY id')).rows.map((row) => row.question);
    } finally {
      await client.end();
    }
  },
};

for (const [kind, open] of Object.entries(openers)) {
  describe(`the ${kind} store`, () => {
    it('keeps one question per key and answers it once, even when processing stops half-way and resumes', async () => {
      const first = await open(`${kind}-resume`);
      const key = `slack:C1:${kind}-1`;
      expect(await first.submit({ key, surface: 'slack', payload: { question: 'q1' } })).toBe(true);
      expect(await first.submit({ key, surface: 'slack', payload: { question: 'q1' } })).toBe(false);
      // The first attempt saves its progress, then the process « dies » before finishing.
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      await first.startProcessing(async (_job, save) => {
        await save({ placeholderTs: '123.456' });
        entered();
        await new Promise(() => undefined);
      }, 2);
      await inside;
      await first.stopProcessing(100);
      await first.close();

      const second = await open(`${kind}-resume`);
      const seen: InboxJob[] = [];
      await second.startProcessing(async (job) => {
        seen.push(job);
      }, 2);
      await waitFor(() => seen.length === 1, 20_000, 'the resumed question');
      expect(seen[0]).toMatchObject({ key, surface: 'slack', payload: { question: 'q1' }, progress: { placeholderTs: '123.456' } });
      expect(seen[0]!.attempt).toBe(2);
      // Answered: a redelivery is a duplicate, and nothing runs it again.
      expect(await second.submit({ key, surface: 'slack', payload: { question: 'q1' } })).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(seen).toHaveLength(1);
      await second.close();
    }, 60_000);

    it('keeps conversations, bounded to the last turns, and API answers by idempotency key', async () => {
      const store = await open(`${kind}-conversations`);
      for (let i = 1; i <= 8; i++) await store.conversations.record(`conv-${kind}`, `question ${i}`, answer(`réponse ${i}`));
      const history = await store.conversations.history(`conv-${kind}`);
      expect(history.map((turn) => turn.question)).toEqual(['question 3', 'question 4', 'question 5', 'question 6', 'question 7', 'question 8']);
      expect(history[5]!.answer?.text).toBe('réponse 8');
      expect(await store.beginApi(`api:${kind}`, 'q')).toEqual({ state: 'new' });
      expect(await store.beginApi(`api:${kind}`, 'q')).toEqual({ state: 'answering' });
      await store.finishApi(`api:${kind}`, answer('la réponse'));
      expect(await store.beginApi(`api:${kind}`, 'q')).toMatchObject({ state: 'answered', answer: { text: 'la réponse' } });
      await store.close();
    });

    it('purges conversations and feedback older than the retention', async () => {
      const name = `${kind}-retention`;
      const store = await open(name);
      const personal = `Je touche le RSA depuis mars, ai-je droit à l'aide (${kind}) ?`;
      await store.conversations.record(`old-${kind}`, personal, answer('r'));
      await store.feedback!.append({ surface: 'web', userId: 'web:session', verdict: 'down', question: personal, answer: 'r', sources: [] });
      expect(await feedbackKept[kind]!(name)).toEqual([personal]);
      expect(await store.purgeExpired()).toMatchObject({ turns: 0, feedback: 0 });
      await store.close();
      // Thirty-one days later (the same data read with a retention of a few microseconds).
      const later = await open(name, 1e-9);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await later.purgeExpired()).toMatchObject({ feedback: 1 });
      expect(await later.conversations.history(`old-${kind}`)).toEqual([]);
      expect(await feedbackKept[kind]!(name)).toEqual([]);
      await later.close();
    });
  });
}

describe('PostgreSQL group commit (the intake thread)', () => {
  it('stores several items in one transaction, each with its job; a key already there, or twice in the group, is new once', async () => {
    const store = await openPostgresStore({ connectionString: db.url, retentionDays: 30, leaseSeconds: 2 });
    try {
      const item = (n: number) => ({ key: `slack:event:group-${n}`, surface: 'slack' as const, payload: { question: `q${n}` } });
      expect(await store.submit(item(0))).toBe(true);
      expect(await store.submitAll([item(1), item(0), item(2), item(1), item(3)])).toEqual([true, false, true, false, true]);
      expect(await store.submitAll([])).toEqual([]);
      // Each job as pg-boss's `send` makes one (what each delivery had before): the queue's retries
      // and expiry, the same retention. A job sent by a client of the same queue, for reference.
      const reference = new PgBoss({ connectionString: db.url, schema: 'alinea_boss', supervise: false, schedule: false, migrate: false });
      await reference.start();
      await reference.send('alinea-inbox', { key: 'reference-send' });
      await reference.stop({ graceful: false, wait: true });
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const jobs = (
          await client.query(
            "SELECT data->>'key' AS key, state, priority, retry_limit, retry_delay, retry_backoff, expire_in, keep_until - created_on AS kept, policy, dead_letter FROM alinea_boss.job WHERE data->>'key' LIKE 'slack:event:group-%' OR data->>'key' = 'reference-send' ORDER BY 1",
          )
        ).rows;
        await client.query("DELETE FROM alinea_boss.job WHERE data->>'key' = 'reference-send'");
        expect(jobs.map((job) => job.key)).toEqual(['reference-send', ...[0, 1, 2, 3].map((n) => item(n).key)]);
        const [sent, ...inserted] = jobs.map(({ key: _key, kept, ...job }) => ({ ...job, keptMinutes: Math.round(kept.days * 1440 + (kept.hours ?? 0) * 60 + (kept.minutes ?? 0)) }));
        expect(sent!.retry_limit).toBeGreaterThan(0);
        for (const job of inserted) expect(job).toEqual(sent);
      } finally {
        await client.end();
      }
      const seen: string[] = [];
      await store.startProcessing(async (job) => {
        seen.push(job.key);
      }, 4);
      await waitFor(() => seen.length >= 4, 20_000, 'the four questions');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(seen.sort()).toEqual([0, 1, 2, 3].map((n) => item(n).key));
    } finally {
      await store.close();
    }
  }, 60_000);
});

/** Removes a test's questions and their jobs, so that the workers of a later test do not take them. */
async function forgetQuestions(keyPrefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("DELETE FROM alinea_boss.job WHERE data->>'key' LIKE $1", [`${keyPrefix}%`]);
    await client.query('DELETE FROM inbox WHERE key LIKE $1', [`${keyPrefix}%`]);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL submissions (what an acknowledgement waits for)', () => {
  it('are written while every answer-side connection is busy: an acknowledgement never queues behind answers', async () => {
    const store = await openPostgresStore({ connectionString: db.url, retentionDays: 30, leaseSeconds: 2 });
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    let locked = false;
    try {
      // Every answer-side connection held by a conversation read waiting on a lock, and as many
      // reads again queued for one, as the pool was during a burst of API questions.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE conversation_turns IN ACCESS EXCLUSIVE MODE');
      locked = true;
      let settled = 0;
      const reads = Array.from({ length: POSTGRES_TUNING.answerPool * 2 }, (_, i) =>
        store.conversations.history(`busy-${i}`).then(
          () => (settled += 1),
          () => (settled += 1),
        ),
      );
      const pool = (store as unknown as { pool: pg.Pool }).pool;
      await waitFor(() => pool.totalCount === POSTGRES_TUNING.answerPool && pool.idleCount === 0 && pool.waitingCount >= POSTGRES_TUNING.answerPool, 10_000, 'the answer-side pool saturated');
      // Stored, and both keys new, while the reads still wait: before, the submission waited for an
      // answer-side connection, i.e. until the reads gave up (query timeout) or the lock went.
      const stored = await Promise.all([0, 1].map((n) => store.submit({ key: `slack:event:busy-${n}`, surface: 'slack', payload: { question: `q${n}` } })));
      expect(stored).toEqual([true, true]);
      expect(settled).toBe(0);
      const { rows } = await locker.query<{ key: string }>("SELECT key FROM inbox WHERE key LIKE 'slack:event:busy-%' ORDER BY key");
      expect(rows.map((row) => row.key)).toEqual(['slack:event:busy-0', 'slack:event:busy-1']);
      await locker.query('COMMIT');
      locked = false;
      await Promise.all(reads);
      expect(settled).toBe(POSTGRES_TUNING.answerPool * 2);
    } finally {
      if (locked) await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await store.close();
      await forgetQuestions('slack:event:busy-');
    }
  }, 60_000);

  it('one submission PostgreSQL refuses does not fail the ones grouped with it', async () => {
    const store = await openPostgresStore({ connectionString: db.url, retentionDays: 30, leaseSeconds: 2 });
    try {
      const item = (n: number, question = `q${n}`) => ({ key: `slack:event:bad-group-${n}`, surface: 'slack' as const, payload: { question } });
      // A NUL character is no text PostgreSQL stores: that delivery fails, alone.
      const results = await Promise.allSettled([store.submit(item(1)), store.submit(item(2, 'bad\u0000payload')), store.submit(item(3))]);
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.submit(item(1))).toBe(false);
      expect(await store.submit(item(3))).toBe(false);
    } finally {
      await store.close();
      await forgetQuestions('slack:event:bad-group-');
    }
  }, 60_000);

  it('made together go in one transaction (group commit), each resolved with whether its key was new', async () => {
    const store = await openPostgresStore({ connectionString: db.url, retentionDays: 30, leaseSeconds: 2 });
    try {
      const item = (n: number) => ({ key: `slack:event:together-${n}`, surface: 'slack' as const, payload: { question: `q${n}` } });
      expect(await store.submit(item(0))).toBe(true);
      const groups = vi.spyOn(store, 'submitAll');
      // Deliveries read in one turn of the event loop, a redelivery of one of them and of an older one among them.
      const keys = [1, 2, 3, 4, 5, 6, 7, 8, 3, 0];
      expect(await Promise.all(keys.map((n) => store.submit(item(n))))).toEqual([true, true, true, true, true, true, true, true, false, false]);
      expect(groups).toHaveBeenCalledTimes(1);
      expect(groups.mock.calls[0]![0].map((entry) => entry.key)).toEqual(keys.map((n) => item(n).key));
      // A group is committed before its submissions resolve, and closing commits what was submitted.
      const last = store.submit(item(9));
      await store.close();
      expect(await last).toBe(true);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM inbox WHERE key LIKE 'slack:event:together-%'");
        expect(rows[0]!.n).toBe(10);
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
      await forgetQuestions('slack:event:together-');
    }
  }, 60_000);
});

describe('PostgreSQL inbox workers in a burst', () => {
  it('fetch again at once after a question instead of waiting out pg-boss’s polling interval', async () => {
    const store = await openPostgresStore({ connectionString: db.url, retentionDays: 30, leaseSeconds: 2 });
    try {
      const keys = [0, 1, 2, 3, 4].map((n) => `slack:event:burst-${n}`);
      expect(await store.submitAll(keys.map((key) => ({ key, surface: 'slack' as const, payload: { question: key } })))).toEqual(keys.map(() => true));
      // pg-boss skips the rest of its polling wait for a worker told to (`notifyWorker`).
      const boss = (store as unknown as { boss: PgBoss }).boss;
      const notified = vi.spyOn(boss, 'notifyWorker');
      const seen: string[] = [];
      await store.startProcessing(async (job) => {
        seen.push(job.key);
      }, 1);
      await waitFor(() => seen.length >= keys.length, 20_000, 'the five questions');
      expect(seen.sort()).toEqual(keys);
      const worker = (store as unknown as { workerIds: string[] }).workerIds[0];
      // Once after each question it took (the submission's own wake-up aside).
      expect(notified.mock.calls.filter(([id]) => id === worker).length).toBeGreaterThanOrEqual(keys.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('the embedded store', () => {
  it('refuses a second server on the same file with one French line', async () => {
    const file = path.join(tmp, 'locked.sqlite');
    const first = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
    expect(() => openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 })).toThrow(StoreLockedError);
    expect(() => openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 })).toThrow(/déjà utilisé par un autre serveur Alinéa.*DATABASE_URL/);
    await first.close();
    const again = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
    await again.close();
  });

  it('checkpoints the WAL once writes stop, never inside a burst of them, and loses nothing', async () => {
    const file = path.join(tmp, 'checkpoint.sqlite');
    const store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60, checkpointIdleMs: 20 });
    // Quiet after opening: what the migrations wrote is checkpointed.
    await waitFor(() => statSync(file).size > 0);
    const before = statSync(file).size;
    // A burst: no timer can run between these writes, and they fill some 2,500 WAL pages (SQLite's
    // own checkpoint would have run inside the write that passed 1,000).
    const payload = { text: 'x'.repeat(8_000) };
    for (let i = 0; i < 400; i += 1) expect(await store.submit({ key: `burst:${i}`, surface: 'slack', payload: { i, ...payload } })).toBe(true);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(2_000 * 4096);
    expect(statSync(file).size).toBe(before);
    // Then quiet: the pages reach the database file.
    await waitFor(() => statSync(file).size > before + 400 * 8_000);
    await store.close();
    // Reopened, every question is there.
    const again = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
    for (const i of [0, 199, 399]) expect(await again.submit({ key: `burst:${i}`, surface: 'slack', payload: {} })).toBe(false);
    await again.close();
  });

  it('purges conversations and logged questions older than the retention', async () => {
    const file = path.join(tmp, 'retention.sqlite');
    const store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
    await store.conversations.record('old', 'question personnelle', answer('r'));
    await store.beginApi('api:old', 'question personnelle');
    await store.finishApi('api:old', answer('r'));
    expect(await store.purgeExpired()).toEqual({ questions: 0, turns: 0, feedback: 0, review: 0 });
    await store.close();
    // Thirty-one days later (the same file read with a retention of zero days).
    const later = openSqliteStore({ file, retentionDays: 1e-9, leaseSeconds: 60 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await later.purgeExpired()).toEqual({ questions: 1, turns: 1, feedback: 0, review: 0 });
    expect(await later.conversations.history('old')).toEqual([]);
    await later.close();
  });
});

describe('Teams over the durable inbox', () => {
  it('answers a redelivered activity once, and a question stored before a crash after the restart', async () => {
    const connector = await startFakeTeamsConnector();
    const file = path.join(tmp, 'teams.sqlite');
    const settings = loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const activity = (id: string, text: string) => ({
      type: 'message',
      id,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: '29:user', name: 'Marie', role: 'user' },
      recipient: { id: '28:bot', name: 'Alinéa', role: 'bot' },
      conversation: { id: 'a:conv', conversationType: 'personal', tenantId: 't' },
      text,
    });
    const post = (endpoint: string, body: unknown) => fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    try {
      // First process: receives two activities (one delivered twice) but « crashes » before answering the second.
      let store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
      const assistant = createScriptedAssistant();
      let surface = createTeamsSurface({
        assistant,
        settings,
        logger: pino({ level: 'silent' }),
        feedbackLog: new FeedbackLog(path.join(tmp, 'f.jsonl')),
        allowUnauthenticated: true,
        store,
        host: '127.0.0.1',
      });
      await surface.start(0);
      await store.startProcessing(surface.handleJob, 4);
      expect((await post(surface.endpoint, activity('act-1', 'Première question'))).status).toBe(200);
      expect((await post(surface.endpoint, activity('act-1', 'Première question'))).status).toBe(200);
      await connector.waitForMessages(1);
      await store.stopProcessing(1_000);
      expect((await post(surface.endpoint, activity('act-2', 'Question avant la panne'))).status).toBe(200);
      await surface.stop();
      await store.close();
      expect(assistant.calls.map((call) => call.question)).toEqual(['Première question']);

      // Restart: the stored question is answered, with the conversation's history.
      store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
      surface = createTeamsSurface({
        assistant,
        settings,
        logger: pino({ level: 'silent' }),
        feedbackLog: new FeedbackLog(path.join(tmp, 'f.jsonl')),
        allowUnauthenticated: true,
        store,
        host: '127.0.0.1',
      });
      await surface.start(0);
      await store.startProcessing(surface.handleJob, 4);
      const messages = await connector.waitForMessages(2, 20_000);
      expect(messages.map((message) => String(message.body.text).includes('Question avant la panne'))).toEqual([false, true]);
      expect(assistant.calls.map((call) => call.question)).toEqual(['Première question', 'Question avant la panne']);
      expect(assistant.calls[1]!.context?.history?.map((turn) => turn.question)).toEqual(['Première question']);
      await surface.stop();
      await store.close();
    } finally {
      await connector.close();
    }
  }, 60_000);
});

describe('Teams: one reply across interruptions', () => {
  const settings = () => loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const activity = (serviceUrl: string, id: string, text: string) => ({
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:user', name: 'Marie', role: 'user' },
    recipient: { id: '28:bot', name: 'Alinéa', role: 'bot' },
    conversation: { id: 'a:conv-once', conversationType: 'personal', tenantId: 't' },
    text,
  });
  const post = (endpoint: string, body: unknown) => fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const surfaceOver = (store: ServingStore, assistant: ReturnType<typeof createScriptedAssistant>) =>
    createTeamsSurface({
      assistant,
      settings: settings(),
      logger: pino({ level: 'silent' }),
      feedbackLog: new FeedbackLog(path.join(tmp, 'once.jsonl')),
      allowUnauthenticated: true,
      store,
      host: '127.0.0.1',
    });
  const answersTo = (connector: Awaited<ReturnType<typeof startFakeTeamsConnector>>, question: string) =>
    connector.messages().filter((message) => String(message.body.text).includes(`« ${question} »`));

  it('does not send a reply again when the attempt that sent it stopped before hearing back', async () => {
    const connector = await startFakeTeamsConnector();
    const file = path.join(tmp, 'teams-once.sqlite');
    try {
      // Teams receives the reply, but the bot never hears back: it stops (deploy, crash) right there.
      connector.holdMessages((body) => String(body.text).includes('Question coupée'));
      let store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
      const assistant = createScriptedAssistant();
      let surface = surfaceOver(store, assistant);
      await surface.start(0);
      await store.startProcessing(surface.handleJob, 4);
      expect((await post(surface.endpoint, activity(connector.serviceUrl, 'act-cut', 'Question coupée'))).status).toBe(200);
      await waitFor(() => answersTo(connector, 'Question coupée').length === 1, 10_000, 'the reply reaching Teams');
      await store.close();
      await surface.stop();

      // Restarted: the question is still in the inbox (never marked answered) and is taken again.
      // A second question of the same conversation runs after it on this replica, so once it is
      // answered the interrupted one has had its attempt.
      store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
      surface = surfaceOver(store, assistant);
      await surface.start(0);
      await store.startProcessing(surface.handleJob, 4);
      expect((await post(surface.endpoint, activity(connector.serviceUrl, 'act-after', 'Question suivante'))).status).toBe(200);
      await waitFor(() => answersTo(connector, 'Question suivante').length === 1, 10_000, 'the next answer');
      expect(answersTo(connector, 'Question coupée')).toHaveLength(1);
      expect(assistant.calls.map((call) => call.question)).toEqual(['Question coupée', 'Question suivante']);
      await surface.stop();
      await store.close();
    } finally {
      await connector.close();
    }
  }, 60_000);

  it('sends nothing when the store cannot keep the mark, then sends once', async () => {
    const connector = await startFakeTeamsConnector();
    const store = openSqliteStore({ file: ':memory:', retentionDays: 30, leaseSeconds: 60 });
    const assistant = createScriptedAssistant();
    const surface = surfaceOver(store, assistant);
    try {
      const ref = {
        serviceUrl: connector.serviceUrl,
        bot: { id: '28:bot', name: 'Alinéa', role: 'bot' },
        conversation: { id: 'a:conv-store', conversationType: 'personal' },
        channelId: 'msteams',
      };
      const job: InboxJob = { key: 'teams:act-store', surface: 'teams', payload: { question: 'Stockage en panne', conversationId: 'a:conv-store', ref }, progress: {}, attempt: 1 };
      const storeDown = async () => {
        throw new StoreUnavailableError('stockage indisponible (test)');
      };
      await expect(surface.handleJob(job, storeDown)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(answersTo(connector, 'Stockage en panne')).toHaveLength(0);
      const saved: Record<string, unknown>[] = [];
      await surface.handleJob({ ...job, attempt: 2 }, async (progress) => {
        saved.push(progress);
      });
      expect(answersTo(connector, 'Stockage en panne')).toHaveLength(1);
      expect(saved.map((progress) => Object.keys(progress)[0])).toEqual(['sending', 'sentId']);
    } finally {
      await surface.stop();
      await store.close();
      await connector.close();
    }
  });

  it('tries again, once, a reply the connector refused', async () => {
    const connector = await startFakeTeamsConnector();
    const store = openSqliteStore({ file: ':memory:', retentionDays: 30, leaseSeconds: 60, pollMs: 50 });
    const assistant = createScriptedAssistant();
    const surface = surfaceOver(store, assistant);
    try {
      await surface.start(0);
      await store.startProcessing(surface.handleJob, 4);
      connector.refuseNextMessage(503);
      expect((await post(surface.endpoint, activity(connector.serviceUrl, 'act-refused', 'Connecteur surchargé'))).status).toBe(200);
      await waitFor(() => answersTo(connector, 'Connecteur surchargé').length === 1, 20_000, 'the reply after the refusal');
      // A later question of the same conversation is answered after it: nothing else was sent for it.
      expect((await post(surface.endpoint, activity(connector.serviceUrl, 'act-witness', 'Témoin'))).status).toBe(200);
      await waitFor(() => answersTo(connector, 'Témoin').length === 1, 10_000, 'the witness');
      expect(answersTo(connector, 'Connecteur surchargé')).toHaveLength(1);
      expect(connector.messages().some((message) => String(message.body.text).includes(ERROR_TEXT))).toBe(false);
    } finally {
      await surface.stop();
      await store.close();
      await connector.close();
    }
  }, 40_000);
});
