/**
 * Fault tests of the serving architecture, with real server processes (`serve.ts --no-ingest`),
 * the real Bolt app receiving signed Slack deliveries, the local Slack Web API stand-in, and real
 * stores: a PostgreSQL server started here from Debian's package (two replicas share it), and the
 * embedded SQLite file (one replica, restarted). Everything listens on 127.0.0.1; every wait is
 * bounded. Slack's behaviour is played by the test: a delivery that fails is sent again with
 * `X-Slack-Retry-Num`, as Slack does.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackMentionEvents, type SlackLoadEvent } from '../../src/chat/load-probe.js';
import { MESSAGES } from '../../src/chat/slack/blocks.js';
import { startFakeSlackApi, waitFor, type ApiCall, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { bundledIndex } from '../helpers/bundled-index.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import { type Replica, startReplica } from '../helpers/replica.js';
import { eventEnvelope, postSigned } from '../helpers/slack-http.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIGNING_SECRET = 'fault-signing-secret';
const LEASE_SECONDS = 3;
const QUESTION = (k: number) => `Question ${k} : qu'est-ce que le BOP 147 ?`;

/** One index for every replica of the run, built once (a replica never builds: --no-ingest). */
const faultIndex = bundledIndex('fault');
const faultIndexDir = () => faultIndex.dir();

afterAll(() => faultIndex.remove());

const isPlaceholder = (call: ApiCall) => String(call.body.text ?? '') === MESSAGES.placeholder;
const isError = (call: ApiCall) => String(call.body.text ?? '') === MESSAGES.error;

/** Final messages delivered for a mention (its channel is its own): placeholder updates or direct posts. */
function deliveries(fake: FakeSlackApi, event: SlackLoadEvent): ApiCall[] {
  return fake.calls.filter((call) => (call.method === 'chat.update' || (call.method === 'chat.postMessage' && !isPlaceholder(call))) && call.body.channel === event.channel);
}
/** What the user sees: distinct messages carrying an answer (an update of one placeholder twice is one message). */
function answerMessages(fake: FakeSlackApi, event: SlackLoadEvent): string[] {
  return [...new Set(deliveries(fake, event).map((call) => (call.method === 'chat.update' ? `update:${String(call.body.ts)}` : `post:${String(call.body.ts ?? Math.random())}`)))];
}
function placeholders(fake: FakeSlackApi, event: SlackLoadEvent): ApiCall[] {
  return fake.callsTo('chat.postMessage').filter((call) => call.body.channel === event.channel && isPlaceholder(call));
}

async function deliver(replica: Replica, event: SlackLoadEvent, retryNum = 0): Promise<number> {
  const headers: Record<string, string> = retryNum > 0 ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_error' } : {};
  const response = await postSigned(`${replica.url}/slack/events`, SIGNING_SECRET, event.body, { headers });
  await response.arrayBuffer();
  return response.status;
}

/**
 * A Slack-like delivery: a delivery that fails (no answer, 5xx) is sent again, with its retry
 * number, to whichever replica is up; while none is, it waits (bounded).
 */
async function deliverLikeSlack(pick: () => Replica | undefined, event: SlackLoadEvent): Promise<{ retries: number }> {
  const deadline = Date.now() + 90_000;
  let attempts = 0;
  while (Date.now() < deadline) {
    const replica = pick();
    if (replica) {
      const status = await deliver(replica, event, attempts).catch(() => 0);
      if (status === 200) return { retries: attempts };
      attempts += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`delivery of ${event.eventId} failed ${attempts} times in 90 s`);
}

function threadReply(event: SlackLoadEvent, text: string, tag: string): SlackLoadEvent {
  const ts = `${event.ts.split('.')[0]}.9${event.ts.split('.')[1]!.slice(1)}`;
  const reply = { type: 'message', channel_type: 'channel', user: event.user, text, ts, thread_ts: event.ts, channel: event.channel, event_ts: ts };
  return { ...event, eventId: `Ev${tag}`, ts, question: text, body: eventEnvelope(reply, `Ev${tag}`) };
}

for (const kind of ['postgres', 'sqlite'] as const) {
  describe(`durable serving on ${kind === 'postgres' ? 'PostgreSQL shared by two replicas' : 'the embedded SQLite store'}`, () => {
    let fake: FakeSlackApi;
    let db: TestPostgres | undefined;
    let workDir: string;
    let indexDir: string;
    const running: Replica[] = [];

    const env = (name: string): Record<string, string> => ({
      INDEX_DIR: indexDir,
      SLACK_BOT_TOKEN: 'xoxb-fault',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      INBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      SHUTDOWN_TIMEOUT_MS: '3000',
      FEEDBACK_LOG: path.join(workDir, `feedback-${name}.jsonl`),
      // Replicas behind one load balancer share the key that signs the web session cookie.
      SESSION_SECRET: 'fault-test-session-secret',
      ...(db ? { DATABASE_URL: db.url } : { STORE_FILE: path.join(workDir, 'alinea.sqlite') }),
    });
    const start = async (name: string, waitReady = true): Promise<Replica> => {
      const replica = await startReplica({ name, env: env(name), waitReady });
      running.push(replica);
      return replica;
    };

    beforeAll(async () => {
      workDir = await mkdtemp(path.join(os.tmpdir(), `alinea-fault-${kind}-`));
      [fake, db, indexDir] = await Promise.all([startFakeSlackApi(), kind === 'postgres' ? startTestPostgres() : Promise.resolve(undefined), faultIndexDir()]);
    }, 180_000);

    // A test that failed half-way must not leave its replicas holding the store for the next one.
    beforeEach(async () => {
      await Promise.allSettled(running.splice(0).map((replica) => replica.kill()));
    });

    afterAll(async () => {
      await Promise.allSettled(running.map((replica) => replica.kill()));
      await fake?.close();
      await db?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    if (kind === 'postgres') {
      it('two replicas: a retry answered by A is not answered by B, a follow-up on B continues A, feedback lands in one table', async () => {
        const [a, b] = await Promise.all([start('A'), start('B')]);
        const [event] = slackMentionEvents(1, { tag: 'SHARE', question: QUESTION });
        expect(await deliver(a, event!)).toBe(200);
        await waitFor(() => deliveries(fake, event!).length === 1, 20_000, 'the answer from A');
        // Slack retries the same event on B (the load balancer's choice): it is the same question.
        expect(await deliver(b, event!, 1)).toBe(200);
        expect(await deliver(b, event!, 2)).toBe(200);

        // A thread reply without mention is answered only in a conversation the bot knows: B knows A's.
        const followUp = threadReply(event!, 'et pour les associations ?', 'SHAREFOLLOW');
        expect(await deliver(b, followUp)).toBe(200);
        await waitFor(
          () => fake.callsTo('chat.update').some((call) => call.body.channel === event!.channel && call.body.ts !== deliveries(fake, event!)[0]!.body.ts),
          20_000,
          'the follow-up answered by B',
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(placeholders(fake, event!)).toHaveLength(2);
        expect(fake.calls.filter((call) => call.body.channel === event!.channel && call.method === 'chat.update')).toHaveLength(2);
        expect(fake.calls.filter(isError)).toEqual([]);

        // Feedback from the web chat of both replicas, in one browser session opened on A: one table.
        const page = await fetch(`${a.url}/`);
        const cookie = /^(alinea_sid=[^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
        expect(cookie).toBeDefined();
        for (const [replica, verdict] of [
          [a, 'up'],
          [b, 'down'],
        ] as const) {
          const response = await fetch(`${replica.url}/api/feedback`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: cookie! },
            body: JSON.stringify({ conversationId: 'c1', question: `question ${replica.name}`, answer: 'réponse', sources: [], verdict }),
          });
          expect(response.status).toBe(201);
        }
        const client = new pg.Client(db!.url);
        await client.connect();
        const { rows } = await client.query<{ question: string; verdict: string }>('SELECT question, verdict FROM feedback ORDER BY question');
        await client.end();
        expect(rows).toEqual([
          { question: 'question A', verdict: 'up' },
          { question: 'question B', verdict: 'down' },
        ]);
        // Nothing went to a replica's local file.
        await expect(readFile(path.join(workDir, 'feedback-A.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
      }, 120_000);
    } else {
      it('a retry of an answered event is not answered again, even after a restart', async () => {
        let a = await start('A');
        const [event] = slackMentionEvents(1, { tag: 'SQLRETRY', question: QUESTION });
        expect(await deliver(a, event!)).toBe(200);
        await waitFor(() => deliveries(fake, event!).length === 1, 20_000, 'the answer');
        expect(await deliver(a, event!, 1)).toBe(200);
        expect((await a.terminate()).code).toBe(0);
        a = await start('A2');
        expect(await deliver(a, event!, 2)).toBe(200);
        // A follow-up after the restart continues the conversation stored before it.
        const followUp = threadReply(event!, 'et pour les associations ?', 'SQLFOLLOW');
        expect(await deliver(a, followUp)).toBe(200);
        await waitFor(
          () => placeholders(fake, event!).length === 2 && fake.calls.filter((call) => call.body.channel === event!.channel && call.method === 'chat.update').length === 2,
          20_000,
          'the follow-up',
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(answerMessages(fake, event!)).toHaveLength(2);
        expect(fake.calls.filter(isError)).toEqual([]);
        expect((await a.terminate()).code).toBe(0);
      }, 120_000);

      it("Slack's assistant container on a real server: prompts from the index's headings, status, then the pool's answer", async () => {
        const a = await start('AI');
        const signed = (event: Record<string, unknown>, id: string) => postSigned(`${a.url}/slack/events`, SIGNING_SECRET, eventEnvelope(event, id));
        const threadTs = '1730000000.000100';
        const thread = { user_id: 'UAI', context: {}, channel_id: 'DAI', thread_ts: threadTs };
        expect((await signed({ type: 'assistant_thread_started', assistant_thread: thread, event_ts: threadTs }, 'EvAISTART')).status).toBe(200);
        await waitFor(() => fake.callsTo('assistant.threads.setSuggestedPrompts').some((call) => call.body.channel_id === 'DAI'), 20_000, 'suggested prompts');
        const prompts = fake.callsTo('assistant.threads.setSuggestedPrompts').find((call) => call.body.channel_id === 'DAI')!.body.prompts as { title: string; message: string }[];
        expect(prompts).toHaveLength(4);
        // Drawn from the bundled corpus's headings, each asked in its document.
        const documents = JSON.parse(await readFile(path.join(indexDir, 'documents.json'), 'utf8')) as { short_title: string }[];
        for (const prompt of prompts) expect(documents.some((document) => prompt.message.startsWith(`Que dit ${document.short_title} à propos de « `))).toBe(true);

        const ts = '1730000000.000200';
        const question = prompts[0]!.message;
        expect((await signed({ type: 'message', channel_type: 'im', user: 'UAI', text: question, ts, thread_ts: threadTs, channel: 'DAI', event_ts: ts }, 'EvAIMSG')).status).toBe(200);
        await waitFor(() => fake.callsTo('chat.postMessage').some((call) => call.body.channel === 'DAI'), 20_000, 'the answer');
        const status = fake.callsTo('assistant.threads.setStatus').find((call) => call.body.channel_id === 'DAI')!;
        const answer = fake.callsTo('chat.postMessage').find((call) => call.body.channel === 'DAI')!;
        expect(fake.calls.indexOf(status)).toBeLessThan(fake.calls.indexOf(answer));
        expect(answer.body.thread_ts).toBe(threadTs);
        expect((answer.body.blocks as { type: string }[]).some((block) => block.type === 'context_actions')).toBe(true);
        expect(String(answer.body.text)).toContain('Sources :');
        expect((await a.terminate()).code).toBe(0);
      }, 120_000);
    }

    it('kill -9 of a replica while it answers: the question is answered once, by the survivor', async () => {
      const survivorReady = kind === 'postgres' ? start('survivor') : undefined;
      const victim = await start('victim');
      const survivor = await survivorReady;
      const [event] = slackMentionEvents(1, { tag: `KILL${kind}`, question: QUESTION });
      // The victim gets as far as delivering its answer, which Slack never receives.
      fake.hold('chat.update');
      expect(await deliver(victim, event!)).toBe(200);
      await waitFor(() => fake.heldCount() === 1, 20_000, 'the victim delivering its answer');
      await victim.kill();
      fake.releaseHeld();
      // PostgreSQL: the other replica takes the question over once the victim's lease ran out.
      // SQLite: the replica comes back and resumes its inbox.
      const taker = survivor ?? (await start('restarted'));
      await waitFor(() => deliveries(fake, event!).length >= 1, (LEASE_SECONDS + 20) * 1000, 'the answer after the kill');
      await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000 + 1_000));
      expect(answerMessages(fake, event!)).toHaveLength(1);
      expect(deliveries(fake, event!)).toHaveLength(1);
      // The placeholder posted before the kill is the one answered (an update, not a new post): no second placeholder either.
      expect(placeholders(fake, event!)).toHaveLength(1);
      expect(deliveries(fake, event!)[0]!.method).toBe('chat.update');
      expect(deliveries(fake, event!).filter(isError)).toEqual([]);
      expect((await taker.terminate()).code).toBe(0);
    }, 150_000);

    it('a restart during a burst of 100 signed events: 100 answers, none doubled', async () => {
      const events = slackMentionEvents(100, { tag: `BURST${kind}`, question: QUESTION });
      let first: Replica | undefined = await start('burst-1');
      const other = kind === 'postgres' ? await start('burst-2') : undefined;
      let replacement: Replica | undefined;
      // Slack spreads deliveries over the replicas behind the balancer (one, with SQLite).
      let turn = 0;
      const pick = () => {
        const up = [first, other, replacement].filter((replica): replica is Replica => replica !== undefined);
        return up[turn++ % Math.max(1, up.length)];
      };
      const sending = Promise.all(events.map((event, i) => new Promise((resolve) => setTimeout(resolve, i * 15)).then(() => deliverLikeSlack(pick, event))));
      // Mid-burst, the first replica is restarted (SIGTERM, as a deploy does).
      await new Promise((resolve) => setTimeout(resolve, 700));
      const stopping = first;
      first = undefined;
      const stopped = await stopping.terminate();
      expect(stopped.code).toBe(0);
      replacement = await start('burst-1b');
      const results = await sending;
      await waitFor(() => events.every((event) => deliveries(fake, event).length >= 1), 90_000, 'an answer to each of the 100 events');
      await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000 + 1_000));
      const counts = events.map((event) => answerMessages(fake, event).length);
      expect(counts.filter((count) => count === 0)).toHaveLength(0);
      expect(counts.filter((count) => count > 1)).toHaveLength(0);
      expect(events.filter((event) => placeholders(fake, event).length !== 1)).toEqual([]);
      expect(events.flatMap((event) => deliveries(fake, event)).filter(isError)).toEqual([]);
      console.info(`[fault:${kind}] burst: ${results.filter((r) => r.retries > 0).length} deliveries retried by « Slack » across the restart, stop took ${stopped.ms} ms`);
      await Promise.all([replacement.terminate(), other?.terminate()]);
    }, 200_000);

    if (kind === 'postgres') {
      /**
       * A probe on a connection of its own, as a liveness probe makes it: a pooled keep-alive
       * connection the server is closing as it is reused would be reset by the network, whatever
       * the server's health (seen once on a loaded machine).
       */
      const probe = (url: string): Promise<{ status: number; body: string }> =>
        new Promise((resolve, reject) => {
          const request = http.get(url, { agent: false, timeout: 2_000 }, (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              body += chunk;
            });
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          });
          request.on('timeout', () => request.destroy(new Error(`${url}: no answer in 2 s`)));
          request.on('error', reject);
        });

      it('PostgreSQL stopped for 10 s: the server stays up, says so on /readyz, and catches up', async () => {
        const a = await start('outage');
        const [before, during] = slackMentionEvents(2, { tag: 'OUTAGE', question: QUESTION });
        expect(await deliver(a, before!)).toBe(200);
        await waitFor(() => deliveries(fake, before!).length === 1, 20_000, 'an answer before the outage');

        await db!.stop();
        const outageStarted = Date.now();
        let readyDown = false;
        const healthTimes: number[] = [];
        let duringStatus = 0;
        while (Date.now() - outageStarted < 10_000) {
          const t = performance.now();
          const health = await probe(`${a.url}/healthz`);
          healthTimes.push(performance.now() - t);
          expect(health.status).toBe(200);
          const ready = await probe(`${a.url}/readyz`);
          const body = JSON.parse(ready.body) as { ready: boolean; store: { ok: boolean; error?: string } };
          if (ready.status === 503 && body.store.ok === false) {
            readyDown = true;
            expect(body.store.error).toMatch(/PostgreSQL injoignable/);
          }
          // A question arriving now cannot be stored: it is not acknowledged, so Slack will retry it.
          if (readyDown && duringStatus === 0) duringStatus = await deliver(a, during!);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(readyDown).toBe(true);
        expect(duringStatus).toBeGreaterThanOrEqual(500);
        expect(Math.max(...healthTimes)).toBeLessThan(1_000);
        expect(a.process.exitCode).toBeNull();

        await db!.start();
        const back = Date.now();
        while (Date.now() - back < 20_000) {
          const ready = await probe(`${a.url}/readyz`);
          if (ready.status === 200) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect((await probe(`${a.url}/readyz`)).status).toBe(200);
        // Slack's retry of the refused delivery is answered now.
        expect(await deliver(a, during!, 1)).toBe(200);
        await waitFor(() => deliveries(fake, during!).length === 1, 30_000, 'the question refused during the outage, answered after');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(answerMessages(fake, during!)).toHaveLength(1);
        expect(answerMessages(fake, before!)).toHaveLength(1);
        expect((await a.terminate()).code).toBe(0);
      }, 120_000);
    }
  });
}

describe('npm start and signals', () => {
  it('SIGTERM to `npm start` stops the server and exits 0 within the shutdown bound', async () => {
    const { spawn } = await import('node:child_process');
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'alinea-npm-start-'));
    const indexDir = await faultIndexDir();
    const child = spawn('npm', ['start', '--silent', '--', '--no-ingest'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', INDEX_DIR: indexDir, STORE_FILE: path.join(workDir, 's.sqlite'), LOG_LEVEL: 'warn', ANSWER_WORKERS: '1', SHUTDOWN_TIMEOUT_MS: '3000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(() => /Prêt :/.test(output), 90_000, `the server ready:\n${output}`);
      const url = /chat web et API sur (http:\/\/[^\s/]+)\//.exec(output)![1]!;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000))]);
      expect(code, output).toBe(0);
      expect(Date.now() - started).toBeLessThan(8_000);
      // Nothing is left listening (npm forwarded the signal to the server itself).
      await expect(fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) })).rejects.toThrow();
      expect(output).toContain('Alinéa arrêté.');
    } finally {
      child.kill('SIGKILL');
      await rm(workDir, { recursive: true, force: true });
    }
  }, 120_000);
});
