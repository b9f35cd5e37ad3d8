/**
 * The intake thread (INTAKE_PORT): real server processes with the real Bolt SDK, the local Slack
 * stand-in, deliveries signed like Slack's, on the embedded store and on a real PostgreSQL; the
 * same for Teams with the real Teams SDK, the local Bot Connector stand-in and real RS256 tokens
 * checked against a local stand-in for Microsoft's signing keys; and the thread itself started
 * in-process, to see it store, and stop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { type AddressInfo, connect, createServer as createNetServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { startIntakeThread } from '../../src/chat/intake/intake-thread.js';
import { slackMentionEvents, type SlackLoadEvent } from '../../src/chat/load-probe.js';
import { createLogger } from '../../src/chat/logger.js';
import { MESSAGES } from '../../src/chat/slack/blocks.js';
import { teamsInboundAuth } from '../../src/chat/teams/bot-auth.js';
import { HELP_TEXT } from '../../src/chat/teams/teams-surface.js';
import { openSqliteStore, StoreLockedError } from '../../src/chat/store/sqlite-store.js';
import type { InboxJob } from '../../src/chat/store/types.js';
import { startFakeSlackApi, waitFor, type ApiCall, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { bundledIndex } from '../helpers/bundled-index.js';
import { type FakeBotLogin, startFakeBotLogin } from '../helpers/fake-bot-login.js';
import { type FakeTeamsConnector, type RecordedActivity, startFakeTeamsConnector } from '../helpers/fake-teams-connector.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import { type Replica, startReplica } from '../helpers/replica.js';
import { eventEnvelope, postSigned } from '../helpers/slack-http.js';

const _repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIGNING_SECRET = 'intake-signing-secret';
const QUESTION = (k: number) => `Question ${k} : qu'est-ce que le BOP 147 ?`;

/** One index for the run, built once. */
const sharedIndex = bundledIndex('intake');
const indexDir = () => sharedIndex.dir();

afterAll(() => sharedIndex.remove());

const isPlaceholder = (call: ApiCall) => String(call.body.text ?? '') === MESSAGES.placeholder;
/** Messages carrying an answer for a mention (its channel is its own). */
function answers(fake: FakeSlackApi, event: SlackLoadEvent): ApiCall[] {
  return fake.calls.filter((call) => (call.method === 'chat.update' || (call.method === 'chat.postMessage' && !isPlaceholder(call))) && call.body.channel === event.channel);
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function status(response: Promise<Response>): Promise<number> {
  const done = await response;
  await done.arrayBuffer();
  return done.status;
}

/**
 * A replica serving an intake port, on the embedded store or on `db`, whose platform settings are
 * `env`; resolves once it printed `line`, whose first group is the intake's address.
 */
async function startIntakeReplica(options: {
  name: string;
  index: string;
  workDir: string;
  db: TestPostgres | undefined;
  running: Replica[];
  env: Record<string, string>;
  line: RegExp;
}): Promise<{ replica: Replica; intakeUrl: string }> {
  const { name, index, workDir, db, running, env, line } = options;
  const replica = await startReplica({
    name,
    env: {
      INDEX_DIR: index,
      INTAKE_PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '3000',
      FEEDBACK_LOG: path.join(workDir, `feedback-${name}.jsonl`),
      ...(db ? { DATABASE_URL: db.url } : { STORE_FILE: path.join(workDir, 'alinea.sqlite') }),
      ...env,
    },
  });
  running.push(replica);
  await waitFor(() => line.test(replica.output()), 5_000, `the intake line in:\n${replica.output()}`);
  return { replica, intakeUrl: line.exec(replica.output())![1]! };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the Slack intake port on ${kind === 'postgres' ? 'PostgreSQL' : 'the embedded store'}`, () => {
    let fake: FakeSlackApi;
    let db: TestPostgres | undefined;
    let workDir: string;
    let index: string;
    const running: Replica[] = [];

    // Ready (/readyz) only once the intake listens, and said so first.
    const start = (name: string) =>
      startIntakeReplica({
        name,
        index,
        workDir,
        db,
        running,
        env: { SLACK_BOT_TOKEN: 'xoxb-intake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl },
        line: /accueil des événements sur (http:\/\/[^\s/]+)\/slack\/events/,
      });

    beforeAll(async () => {
      workDir = await mkdtemp(path.join(os.tmpdir(), `alinea-intake-${kind}-`));
      [fake, db, index] = await Promise.all([startFakeSlackApi(), kind === 'postgres' ? startTestPostgres() : Promise.resolve(undefined), indexDir()]);
    }, 180_000);

    beforeEach(async () => {
      await Promise.allSettled(running.splice(0).map((replica) => replica.kill()));
    });

    afterAll(async () => {
      await Promise.allSettled(running.map((replica) => replica.kill()));
      await fake?.close();
      await db?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('stores and answers a signed delivery once, retries included; refuses a forged one; forwards what it does not store; stops on SIGTERM', async () => {
      const { replica, intakeUrl } = await start('intake');
      expect(intakeUrl).not.toBe(replica.url);
      const [event, other] = slackMentionEvents(2, { tag: `INTAKE${kind}`, question: QUESTION });
      const eventsUrl = `${intakeUrl}/slack/events`;

      // A forged signature: refused, nothing stored, nothing answered.
      expect(await status(postSigned(eventsUrl, 'not-the-secret', other!.body))).toBe(401);
      // Signed: acknowledged, then answered through the main thread's inbox and Bolt.
      expect(await status(postSigned(eventsUrl, SIGNING_SECRET, event!.body))).toBe(200);
      await waitFor(() => answers(fake, event!).length === 1, 30_000, 'the answer');
      // Slack's retries of the same event: acknowledged, never answered again (on either port).
      expect(await status(postSigned(eventsUrl, SIGNING_SECRET, event!.body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }))).toBe(200);
      expect(await status(postSigned(`${replica.url}/slack/events`, SIGNING_SECRET, event!.body, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } }))).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(answers(fake, event!)).toHaveLength(1);
      expect(answers(fake, other!)).toHaveLength(0);

      // URL verification is not an event: forwarded to the main port, where Bolt answers it.
      const verification = JSON.stringify({ token: 'legacy', challenge: 'défi-123', type: 'url_verification' });
      const challenged = await postSigned(eventsUrl, SIGNING_SECRET, verification);
      expect(challenged.status).toBe(200);
      expect(await challenged.text()).toContain('défi-123');
      // A signed event that is not JSON-typed goes the same way, and Bolt's rules apply there.
      expect(await status(postSigned(eventsUrl, 'not-the-secret', eventEnvelope({ type: 'app_mention' }, 'EvForm'), { contentType: 'application/x-www-form-urlencoded' }))).toBe(401);
      // The intake port serves nothing else; its /healthz says the thread is up.
      expect((await fetch(`${intakeUrl}/healthz`)).status).toBe(200);
      expect(await status(fetch(`${intakeUrl}/api/documents`))).toBe(404);
      const readiness = (await (await fetch(`${replica.url}/readyz`)).json()) as {
        intake?: { running: boolean; nice?: number | null; mainThreadNice?: number | null };
        workers: { nice: (number | null)[] };
      };
      expect(readiness.intake?.running).toBe(true);
      // The intake thread keeps the server's priority, the main thread runs behind it
      // (MAIN_THREAD_NICE, 3 by default) and the answering threads behind both. Linux only:
      // elsewhere the call would renice the whole process and nothing is done.
      if (process.platform === 'linux') {
        const base = os.getPriority();
        expect(readiness.intake?.nice).toBe(base);
        expect(readiness.intake?.mainThreadNice).toBe(Math.min(19, base + 3));
        for (const nice of readiness.workers.nice) expect(nice).toBeGreaterThan(readiness.intake?.mainThreadNice ?? 19);
      }

      const port = Number(new URL(intakeUrl).port);
      const { code, ms } = await replica.terminate();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(10_000);
      expect(await accepting(port)).toBe(false);
    }, 120_000);
  });
}

describe('the intake port by default', () => {
  let fake: FakeSlackApi;
  let workDir: string;
  let index: string;
  const running: Replica[] = [];
  const slack = () => ({ SLACK_BOT_TOKEN: 'xoxb-intake', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  const replicaEnv = (name: string, env: Record<string, string>) => ({
    INDEX_DIR: index,
    SHUTDOWN_TIMEOUT_MS: '3000',
    FEEDBACK_LOG: path.join(workDir, `feedback-${name}.jsonl`),
    STORE_FILE: path.join(workDir, `${name}.sqlite`),
    ...slack(),
    ...env,
  });
  const readiness = async (replica: Replica) => (await (await fetch(`${replica.url}/readyz`)).json()) as { ready: boolean; intake?: { running: boolean } };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'alinea-intake-default-'));
    [fake, index] = await Promise.all([startFakeSlackApi(), indexDir()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(running.map((replica) => replica.kill()));
    await fake?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('runs with Slack over HTTP and no INTAKE_PORT; not with INTAKE_PORT=off; and a taken default port leaves the server up on its main port', async () => {
    const [first, second, third] = slackMentionEvents(3, { tag: 'DEFAULT', question: QUESTION });
    // No INTAKE_PORT (PORT=0: the default is an ephemeral port too).
    const { replica, intakeUrl } = await startIntakeReplica({
      name: 'default',
      index,
      workDir,
      db: undefined,
      running,
      env: { ...slack(), INTAKE_PORT: '' },
      line: /accueil des événements sur (http:\/\/[^\s/]+)\/slack\/events \(port d’accueil par défaut/,
    });
    expect(intakeUrl).not.toBe(replica.url);
    expect((await readiness(replica)).intake?.running).toBe(true);
    expect(await status(postSigned(`${intakeUrl}/slack/events`, SIGNING_SECRET, first!.body))).toBe(200);
    await waitFor(() => answers(fake, first!).length === 1, 30_000, 'the answer through the default intake');
    expect((await replica.terminate()).code).toBe(0);

    // INTAKE_PORT=off: everything on the main port, as before the default.
    const off = await startReplica({ name: 'off', env: replicaEnv('off', { INTAKE_PORT: 'off' }) });
    running.push(off);
    expect(off.output()).not.toMatch(/accueil des événements/);
    expect((await readiness(off)).intake).toBeUndefined();
    expect(await status(postSigned(`${off.url}/slack/events`, SIGNING_SECRET, second!.body))).toBe(200);
    await waitFor(() => answers(fake, second!).length === 1, 30_000, 'the answer on the main port');
    expect((await off.terminate()).code).toBe(0);

    // The default port (PORT + 1) already taken: said, and the main port takes Slack as before.
    let taken: Replica | undefined;
    for (let attempt = 0; attempt < 5 && !taken; attempt++) {
      const blocker = createNetServer().listen(0, '127.0.0.1');
      await once(blocker, 'listening');
      const busy = (blocker.address() as AddressInfo).port;
      try {
        taken = await startReplica({ name: 'taken', env: replicaEnv('taken', { PORT: String(busy - 1), INTAKE_PORT: '' }) });
        running.push(taken);
        expect(taken.output()).toContain(`Port d’accueil par défaut (${busy}) non démarré`);
      } catch (error) {
        // PORT itself was taken by someone else: try another pair.
        if (!String(error).includes('EADDRINUSE') && !String(error).includes('déjà utilisé')) throw error;
      } finally {
        blocker.close();
      }
    }
    expect(taken).toBeDefined();
    const ready = await readiness(taken!);
    expect(ready.ready).toBe(true);
    expect(ready.intake).toBeUndefined();
    expect(await status(postSigned(`${taken!.url}/slack/events`, SIGNING_SECRET, third!.body))).toBe(200);
    await waitFor(() => answers(fake, third!).length === 1, 30_000, 'the answer on the main port');
    expect((await taken!.terminate()).code).toBe(0);
  }, 180_000);
});

const TEAMS_BOT_ID = 'b0b0b0b0-0000-4000-8000-00000000a11a';
const TEAMS_SECRET = 'teams-intake-client-secret';
const TEAMS_BOT = { id: `28:${TEAMS_BOT_ID}`, name: 'Alinéa', role: 'bot' };
const TEAMS_USER = { id: '29:user-intake', name: 'Marie', aadObjectId: '00000000-aaaa-bbbb-cccc-0000000000aa', role: 'user' };

/** A 1:1 message as the Bot Connector posts it. */
function teamsMessage(serviceUrl: string, id: string, conversationId: string, text: string) {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'fr-FR',
    from: TEAMS_USER,
    recipient: TEAMS_BOT,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-intake' },
    channelData: { tenant: { id: 'tenant-intake' } },
    text,
    textFormat: 'plain',
  };
}

/** POSTs an activity with `Authorization: Bearer <token>` (none when undefined); its status. */
async function postActivity(endpoint: string, activity: unknown, token: string | undefined): Promise<number> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The bot's messages in a conversation, split into answers and help notices (the reply to an empty message). */
function teamsReplies(connector: FakeTeamsConnector, conversationId: string): { answers: RecordedActivity[]; help: RecordedActivity[] } {
  const messages = connector.messages().filter((message) => message.conversationId === conversationId);
  const isHelp = (message: RecordedActivity) => String(message.body.text ?? '') === HELP_TEXT;
  return { answers: messages.filter((message) => !isHelp(message)), help: messages.filter(isHelp) };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`Teams on the intake port, ${kind === 'postgres' ? 'PostgreSQL' : 'the embedded store'}`, () => {
    let connector: FakeTeamsConnector;
    let login: FakeBotLogin;
    let db: TestPostgres | undefined;
    let workDir: string;
    let index: string;
    const running: Replica[] = [];

    /** A replica with Teams only (no Slack): the intake serves /api/messages alone. */
    const start = (name: string) =>
      startIntakeReplica({
        name,
        index,
        workDir,
        db,
        running,
        env: {
          TEAMS_CLIENT_ID: TEAMS_BOT_ID,
          TEAMS_CLIENT_SECRET: TEAMS_SECRET,
          TEAMS_TENANT_ID: 'tenant-intake',
          TEAMS_TEST_LOGIN_URL: login.url,
          NODE_ENV: 'test',
          INBOX_LEASE_SECONDS: '2',
        },
        line: /Teams : accueil des activités sur (http:\/\/[^\s/]+)\/api\/messages/,
      });
    const claims = () => ({ audience: TEAMS_BOT_ID, serviceUrl: connector.serviceUrl });

    beforeAll(async () => {
      workDir = await mkdtemp(path.join(os.tmpdir(), `alinea-intake-teams-${kind}-`));
      [connector, login, db, index] = await Promise.all([
        startFakeTeamsConnector(),
        startFakeBotLogin({ clientId: TEAMS_BOT_ID, clientSecret: TEAMS_SECRET }),
        kind === 'postgres' ? startTestPostgres() : Promise.resolve(undefined),
        indexDir(),
      ]);
    }, 180_000);

    beforeEach(async () => {
      await Promise.allSettled(running.splice(0).map((replica) => replica.kill()));
      connector.holdActivities(undefined);
    });

    afterAll(async () => {
      await Promise.allSettled(running.map((replica) => replica.kill()));
      await connector?.close();
      await login?.close();
      await db?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('authenticates with the Teams SDK against the signing keys, stores, and the main thread answers once, retries included', async () => {
      const { replica, intakeUrl } = await start('teams-intake');
      const endpoint = `${intakeUrl}/api/messages`;
      const conversation = `a:intake-answered-${kind}`;
      const forged = teamsMessage(connector.serviceUrl, `forged-${kind}`, conversation, 'Question forgée : le BOP 147 ?');

      // Refused (401), nothing stored: no token, unsigned, signed by another key, expired, for
      // another bot, for another connector than the activity's serviceUrl.
      expect(await postActivity(endpoint, forged, undefined)).toBe(401);
      expect(await postActivity(endpoint, forged, login.unsignedToken(claims()))).toBe(401);
      expect(await postActivity(endpoint, forged, login.forgedToken(claims()))).toBe(401);
      expect(await postActivity(endpoint, forged, login.expiredToken(claims()))).toBe(401);
      expect(await postActivity(endpoint, forged, login.connectorToken({ ...claims(), audience: 'another-bot' }))).toBe(401);
      expect(await postActivity(endpoint, forged, login.connectorToken({ ...claims(), serviceUrl: 'http://127.0.0.1:9' }))).toBe(401);
      // The main port checks the same way.
      expect(await postActivity(`${replica.url}/api/messages`, forged, login.forgedToken(claims()))).toBe(401);

      // Signed: acknowledged by the intake, answered by the main thread from the inbox.
      const question = teamsMessage(connector.serviceUrl, `question-${kind}`, conversation, QUESTION(1));
      expect(await postActivity(endpoint, question, login.connectorToken(claims()))).toBe(200);
      await waitFor(() => teamsReplies(connector, conversation).answers.length >= 1, 30_000, 'the Teams answer');
      // Replies go out with the token the bot got from the token endpoint (its client secret checked there).
      expect(login.issued.length).toBeGreaterThan(0);
      expect(connector.messages().find((message) => message.conversationId === conversation)?.authorization).toBe(`Bearer ${login.issued.at(-1)}`);

      // The Bot Connector's retries of the same activity, on either port: acknowledged, not answered again.
      expect(await postActivity(endpoint, question, login.connectorToken(claims()))).toBe(200);
      expect(await postActivity(`${replica.url}/api/messages`, question, login.connectorToken(claims()))).toBe(200);
      // An empty message of the same conversation (answered with the help notice) is taken from the
      // inbox after anything stored before it, and one conversation's turns are answered in order:
      // once its notice is there, a retry or forgery stored before it would have been answered too.
      const after = teamsMessage(connector.serviceUrl, `after-${kind}`, conversation, '');
      expect(await postActivity(endpoint, after, login.connectorToken(claims()))).toBe(200);
      await waitFor(() => teamsReplies(connector, conversation).help.length === 1, 30_000, 'the help notice');
      expect(teamsReplies(connector, conversation).answers).toHaveLength(1);

      // What the intake does not store goes to the main port, which authenticates it there: a 👍 on the answer.
      const answer = teamsReplies(connector, conversation).answers[0]!;
      const feedback = {
        type: 'invoke',
        name: 'message/submitAction',
        id: `feedback-${kind}`,
        channelId: 'msteams',
        serviceUrl: connector.serviceUrl,
        from: TEAMS_USER,
        recipient: TEAMS_BOT,
        conversation: { id: conversation, conversationType: 'personal', tenantId: 'tenant-intake' },
        replyToId: answer.id,
        value: { actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":""}' } },
      };
      expect(await postActivity(endpoint, feedback, login.forgedToken(claims()))).toBe(401);
      expect(await postActivity(endpoint, feedback, login.connectorToken(claims()))).toBe(200);
      const readiness = (await (await fetch(`${replica.url}/readyz`)).json()) as { intake?: { running: boolean } };
      expect(readiness.intake?.running).toBe(true);
      expect((await replica.terminate()).code).toBe(0);
    }, 120_000);

    it('an activity acknowledged by the intake, then the server killed before answering: answered once after the restart', async () => {
      const first = await start('teams-killed');
      const conversation = `a:intake-restart-${kind}`;
      // The main thread takes the question and waits on its typing indicator, never answered.
      connector.holdActivities((body) => body.type === 'typing' && body.conversation?.id === conversation);
      const question = teamsMessage(connector.serviceUrl, `restart-${kind}`, conversation, QUESTION(2));
      expect(await postActivity(`${first.intakeUrl}/api/messages`, question, login.connectorToken(claims()))).toBe(200);
      await waitFor(() => connector.typings().some((typing) => typing.conversationId === conversation), 30_000, 'the main thread taking the question');
      await first.replica.kill();
      connector.holdActivities(undefined);
      expect(teamsReplies(connector, conversation).answers).toHaveLength(0);

      // Restarted on the same store: the question is still there, and answered.
      const second = await start('teams-restarted');
      await waitFor(() => teamsReplies(connector, conversation).answers.length >= 1, 60_000, 'the answer after the restart');
      // The Bot Connector's retry, then a later turn: no second answer.
      expect(await postActivity(`${second.intakeUrl}/api/messages`, question, login.connectorToken(claims()))).toBe(200);
      const after = teamsMessage(connector.serviceUrl, `restart-after-${kind}`, conversation, '');
      expect(await postActivity(`${second.intakeUrl}/api/messages`, after, login.connectorToken(claims()))).toBe(200);
      await waitFor(() => teamsReplies(connector, conversation).help.length === 1, 30_000, 'the help notice');
      expect(teamsReplies(connector, conversation).answers).toHaveLength(1);
      expect((await second.replica.terminate()).code).toBe(0);
    }, 180_000);
  });
}

describe('the intake thread in-process', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'alinea-intake-thread-'));
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('stores a delivery in the shared embedded store, wakes the processing, and ends when stopped', async () => {
    const file = path.join(workDir, 'shared.sqlite');
    const store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60, pollMs: 60_000, sharedWithIntake: true });
    // One server per file still holds with the store shared with the intake thread.
    expect(() => openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 })).toThrow(StoreLockedError);
    expect(() => openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60, sharedWithIntake: true })).toThrow(/déjà utilisé par un autre serveur Alinéa/);
    const jobs: InboxJob[] = [];
    await store.startProcessing(async (job) => {
      jobs.push(job);
    }, 2);
    const settings = loadSettings({ INTAKE_PORT: '0', HOST: '127.0.0.1', SLACK_SIGNING_SECRET: SIGNING_SECRET, STORE_FILE: file, LOG_LEVEL: 'silent' });
    let woken = 0;
    const thread = await startIntakeThread({
      settings,
      logger: createLogger({ LOG_LEVEL: 'silent' }),
      forwardTo: 'http://127.0.0.1:9',
      slack: true,
      onStored: () => {
        woken += 1;
        store.wake();
      },
    });
    const eventsUrl = `${thread.url}/slack/events`;
    const [event] = slackMentionEvents(1, { tag: 'THREAD', question: QUESTION });
    expect(await status(postSigned(eventsUrl, SIGNING_SECRET, event!.body))).toBe(200);
    expect(await status(postSigned(eventsUrl, SIGNING_SECRET, event!.body, { headers: { 'x-slack-retry-num': '1' } }))).toBe(200);
    expect(await status(postSigned(eventsUrl, SIGNING_SECRET, event!.body, { signature: `v0=${'0'.repeat(64)}` }))).toBe(401);
    // Found at once (the poll is a minute away): the thread's message woke the processing.
    await waitFor(() => jobs.length === 1, 5_000, 'the stored delivery');
    expect(jobs[0]).toMatchObject({ key: `slack:event:${event!.eventId}`, surface: 'slack', payload: { type: 'delivery' } });
    expect(woken).toBeGreaterThanOrEqual(1);
    // Nothing to forward to: a signed URL verification gets a 502, not a hang.
    expect(await status(postSigned(eventsUrl, SIGNING_SECRET, JSON.stringify({ type: 'url_verification', challenge: 'x' })))).toBe(502);

    expect(thread.running()).toBe(true);
    await thread.stop(1_000);
    expect(await thread.exited).toBe(0);
    expect(thread.running()).toBe(false);
    expect(await accepting(thread.port)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(jobs).toHaveLength(1);
    await store.close();
    // The lock goes with the store.
    const again = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60 });
    await again.close();
  }, 60_000);

  it("Teams: checks every activity's token even with the SDK's opt-out variable set, stores questions under the main port's key, forwards the rest", async () => {
    const login = await startFakeBotLogin({ clientId: TEAMS_BOT_ID, clientSecret: TEAMS_SECRET });
    const file = path.join(workDir, 'teams.sqlite');
    const store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60, pollMs: 60_000, sharedWithIntake: true });
    const jobs: InboxJob[] = [];
    await store.startProcessing(async (job) => {
      jobs.push(job);
    }, 2);
    // The Teams SDK would skip the check with this variable when not told otherwise; the thread inherits the environment.
    process.env.DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS = 'true';
    try {
      const settings = loadSettings({
        INTAKE_PORT: '0',
        HOST: '127.0.0.1',
        STORE_FILE: file,
        LOG_LEVEL: 'silent',
        TEAMS_CLIENT_ID: TEAMS_BOT_ID,
        TEAMS_CLIENT_SECRET: TEAMS_SECRET,
        TEAMS_TEST_LOGIN_URL: login.url,
        NODE_ENV: 'test',
      });
      const auth = teamsInboundAuth(settings);
      expect(auth).toBeDefined();
      const thread = await startIntakeThread({ settings, logger: createLogger({ LOG_LEVEL: 'silent' }), forwardTo: 'http://127.0.0.1:9', slack: false, teams: auth, onStored: () => store.wake() });
      const endpoint = `${thread.url}/api/messages`;
      const serviceUrl = 'http://127.0.0.1:9';
      const claims = { audience: TEAMS_BOT_ID, serviceUrl };
      const question = teamsMessage(serviceUrl, 'thread-question', 'a:thread-conversation', '<at>Alinéa</at> Qu’est-ce que le BOP 147 ?');
      expect(await postActivity(endpoint, question, undefined)).toBe(401);
      expect(await postActivity(endpoint, question, login.forgedToken(claims))).toBe(401);
      expect(await postActivity(endpoint, question, login.connectorToken(claims))).toBe(200);
      expect(await postActivity(endpoint, question, login.connectorToken(claims))).toBe(200);
      await waitFor(() => jobs.length === 1, 5_000, 'the stored activity');
      // The key and payload the main port's surface stores for the same activity (inbox-question.ts),
      // with the conversation reference the Teams SDK builds for it.
      const ref = {
        serviceUrl,
        activityId: 'thread-question',
        bot: TEAMS_BOT,
        channelId: 'msteams',
        conversation: { id: 'a:thread-conversation', conversationType: 'personal', tenantId: 'tenant-intake' },
        locale: 'fr-FR',
        user: TEAMS_USER,
      };
      expect(jobs[0]).toMatchObject({
        key: 'teams:thread-question',
        surface: 'teams',
        payload: { question: 'Qu’est-ce que le BOP 147 ?', conversationId: 'a:thread-conversation', conversationType: 'personal', ref },
      });
      // The token just accepted, remembered with the serviceUrl it was checked against: another
      // question with it is stored; sent with another serviceUrl than its claim, it is refused.
      const token = login.connectorToken(claims);
      const second = teamsMessage(`${serviceUrl}/`, 'thread-second', 'a:thread-conversation', 'Et le BOP 148 ?');
      expect(await postActivity(endpoint, second, token)).toBe(200);
      expect(await postActivity(endpoint, second, token)).toBe(200);
      const elsewhere = teamsMessage('http://127.0.0.1:8', 'thread-elsewhere', 'a:thread-conversation', 'Ailleurs ?');
      expect(await postActivity(endpoint, elsewhere, token)).toBe(401);
      await waitFor(() => jobs.length === 2, 5_000, 'the second stored activity');
      expect(jobs[1]).toMatchObject({ key: 'teams:thread-second', payload: { question: 'Et le BOP 148 ?', ref: { ...ref, activityId: 'thread-second' } } });
      // Not questions: forwarded to the main port (nothing listens at 127.0.0.1:9 here, hence 502), never stored.
      const update = { ...question, id: 'thread-update', type: 'conversationUpdate', text: undefined };
      expect(await postActivity(endpoint, update, login.connectorToken(claims))).toBe(502);
      const share = { ...question, id: 'thread-share', value: { alinea: 'share' } };
      expect(await postActivity(endpoint, share, login.connectorToken(claims))).toBe(502);
      // Slack is not served here: its path goes to the main port too.
      expect(await status(postSigned(`${thread.url}/slack/events`, SIGNING_SECRET, slackMentionEvents(1, { tag: 'NOSLACK', question: QUESTION })[0]!.body))).toBe(502);
      await thread.stop(1_000);
      expect(await thread.exited).toBe(0);
      expect(jobs).toHaveLength(2);
    } finally {
      delete process.env.DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS;
      await store.close();
      await login.close();
    }
  }, 60_000);

  it('refuses to start on a port already taken, in French', async () => {
    const file = path.join(workDir, 'taken.sqlite');
    const store = openSqliteStore({ file, retentionDays: 30, leaseSeconds: 60, sharedWithIntake: true });
    const options = (port: string) => ({
      settings: loadSettings({ INTAKE_PORT: port, HOST: '127.0.0.1', SLACK_SIGNING_SECRET: SIGNING_SECRET, STORE_FILE: file, LOG_LEVEL: 'silent' }),
      logger: createLogger({ LOG_LEVEL: 'silent' }),
      forwardTo: 'http://127.0.0.1:9',
      slack: true,
      onStored: () => undefined,
    });
    const first = await startIntakeThread(options('0'));
    await expect(startIntakeThread(options(String(first.port)))).rejects.toThrow(/déjà utilisé/);
    await first.stop(500);
    await store.close();
  }, 60_000);
});
