/**
 * Bounded Slack load: the real Bolt app in HTTP mode, mounted in an express app on 127.0.0.1,
 * receives 100 simultaneous signed mentions while the core takes 50 ms per answer. Every delivery
 * must be acknowledged within Slack's 3 s, and every mention must get exactly one answer in its
 * own thread; Slack's retries of the same events must change nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { runSlackEventLoad, SLACK_ACK_LIMIT_MS, type SlackLoadEvent } from '../../src/chat/load-probe.js';
import { MESSAGES } from '../../src/chat/slack/blocks.js';
import { createSlackSurface } from '../../src/chat/slack/slack-surface.js';
import { startFakeSlackApi, waitFor, type ApiCall, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { createScriptedAssistant, type ScriptedAssistant } from '../helpers/scripted-assistant.js';
import { type SlackRouterHost, serveSlackRouter } from '../helpers/slack-http.js';

const EVENTS = 100;
const RETRIED = 10;
const SIGNING_SECRET = 'load-signing-secret';
const BOT_USER = 'UBOT';

const textOf = (call: ApiCall) => JSON.stringify(call.body.blocks ?? []) + String(call.body.text ?? '');

describe('Slack events under load', () => {
  let fake: FakeSlackApi;
  let assistant: ScriptedAssistant;
  let host: SlackRouterHost;
  let eventsUrl: string;
  let workDir: string;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    workDir = await mkdtemp(path.join(tmpdir(), 'alinea-slack-load-'));
    const settings = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-load', SLACK_SIGNING_SECRET: SIGNING_SECRET, LOG_LEVEL: 'silent' });
    assistant = createScriptedAssistant({ delayMs: 50 });
    const surface = createSlackSurface({
      assistant,
      settings,
      logger: pino({ level: 'silent' }),
      feedbackLog: new FeedbackLog(path.join(workDir, 'feedback.jsonl')),
      clientOptions: { slackApiUrl: fake.apiUrl },
      botId: 'BBOT',
      botUserId: BOT_USER,
    });
    host = await serveSlackRouter(surface.router!);
    eventsUrl = host.eventsUrl;
  });

  afterAll(async () => {
    await host?.close();
    await fake?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** The final answers to one mention: updates of its placeholder, or direct posts, carrying its question. */
  const answersTo = (event: SlackLoadEvent): ApiCall[] => {
    const marker = `« ${event.question} »`;
    return fake.calls.filter((call) => (call.method === 'chat.update' || call.method === 'chat.postMessage') && call.body.channel === event.channel && textOf(call).includes(marker));
  };
  const placeholdersIn = (event: SlackLoadEvent): ApiCall[] =>
    fake.callsTo('chat.postMessage').filter((call) => call.body.channel === event.channel && call.body.thread_ts === event.ts && textOf(call).includes(MESSAGES.placeholder));

  it(`acknowledges ${EVENTS} simultaneous signed mentions within 3 s and answers each exactly once`, async () => {
    const load = await runSlackEventLoad({ eventsUrl, signingSecret: SIGNING_SECRET, events: EVENTS, concurrency: EVENTS, botUserId: BOT_USER, timeoutMs: 10_000 });
    expect(load.failures).toEqual([]);
    expect(load.acknowledged).toBe(EVENTS);
    expect(load.failed).toBe(0);
    expect(load.maxAckMs).toBeLessThan(SLACK_ACK_LIMIT_MS);
    expect(new Set(load.events.map((event) => event.eventId)).size).toBe(EVENTS);

    // Answers arrive after the acknowledgements, through the Web API.
    await waitFor(() => load.events.every((event) => answersTo(event).length > 0), 20_000, 'an answer to every mention');
    // A short grace period so that a late duplicate would be seen.
    await new Promise((resolve) => setTimeout(resolve, 300));

    for (const event of load.events) {
      const answers = answersTo(event);
      expect(answers, event.question).toHaveLength(1);
      expect(answers[0]!.method, event.question).toBe('chat.update');
      expect(placeholdersIn(event), event.question).toHaveLength(1);
    }
    expect(fake.calls.filter((call) => textOf(call).includes(MESSAGES.error))).toEqual([]);
    expect(fake.callsTo('chat.update')).toHaveLength(EVENTS);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(EVENTS);
    // Each placeholder was replaced once: one update per placeholder ts.
    expect(new Set(fake.callsTo('chat.update').map((call) => `${String(call.body.channel)}:${String(call.body.ts)}`)).size).toBe(EVENTS);

    expect(assistant.calls).toHaveLength(EVENTS);
    expect(assistant.calls.map((call) => call.question).sort()).toEqual(load.events.map((event) => event.question).sort());
    console.info(`[slack-load] ${load.acknowledged}/${EVENTS} accusés en ${load.seconds} s : ${load.eventsPerSecond} évén./s, max ${load.maxAckMs} ms, p95 ${load.p95AckMs} ms`);

    // Slack retries deliveries it believes lost: acknowledged, and nothing answered twice.
    const callsBefore = fake.calls.length;
    const retry = await runSlackEventLoad({
      eventsUrl,
      signingSecret: SIGNING_SECRET,
      events: load.events.slice(0, RETRIED),
      concurrency: RETRIED,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
      timeoutMs: 10_000,
    });
    expect(retry.failures).toEqual([]);
    expect(retry.acknowledged).toBe(RETRIED);
    expect(retry.maxAckMs).toBeLessThan(SLACK_ACK_LIMIT_MS);
    // Longer than an answer takes (50 ms + Web API calls), so a wrongly handled retry would show.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.calls.length).toBe(callsBefore);
    expect(assistant.calls).toHaveLength(EVENTS);
  }, 30_000);
});
