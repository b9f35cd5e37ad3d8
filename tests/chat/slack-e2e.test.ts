/**
 * End to end: a signed Slack mention reaches the real core (a real index of corpus/) and the
 * answer comes back as Block Kit with its sources (tests/helpers/test-assistant.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { createSlackSurface, type SlackSurface } from '../../src/chat/slack/slack-surface.js';
import { startFakeSlackApi, waitFor, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { eventEnvelope, postSigned, type SlackRouterHost, serveSlackRouter } from '../helpers/slack-http.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const SECRET = 'e2e-signing-secret';

describe('Slack surface with the real core', () => {
  let fake: FakeSlackApi;
  let surface: SlackSurface;
  let host: SlackRouterHost;
  let workDir: string;

  beforeAll(async () => {
    const assistant = await getTestAssistant();
    fake = await startFakeSlackApi();
    workDir = await mkdtemp(path.join(tmpdir(), 'alinea-slack-e2e-'));
    const settings = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_SIGNING_SECRET: SECRET, FEEDBACK_LOG: path.join(workDir, 'f.jsonl') });
    surface = createSlackSurface({
      assistant,
      settings,
      logger: pino({ level: 'silent' }),
      feedbackLog: new FeedbackLog(settings.FEEDBACK_LOG),
      clientOptions: { slackApiUrl: fake.apiUrl },
      botId: 'BBOT',
      botUserId: 'UBOT',
    });
    host = await serveSlackRouter(surface.router!);
  });

  afterAll(async () => {
    await surface?.stop();
    await host?.close();
    await fake?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('answers the objective #18 question with the PDU and a cited Objectif #18 section', async () => {
    const ts = '1710000200.000001';
    const event = { type: 'app_mention', user: 'U1', text: "<@UBOT> Quels dispositifs sont mobilisables pour l'objectif #18 ?", ts, channel: 'C1', event_ts: ts };
    const response = await postSigned(host.eventsUrl, SECRET, eventEnvelope(event, 'EvE2E1'));
    expect(response.status).toBe(200);
    await waitFor(() => fake.callsTo('chat.update').length > 0, 30_000, 'answer from the real core');
    const update = fake.callsTo('chat.update')[0]!;
    const blocks = update.body.blocks as Record<string, any>[];
    const answerText = blocks
      .filter((b) => b.type === 'section')
      .map((b) => b.text.text)
      .join('\n');
    expect(answerText).toContain('Plan de déplacements urbains');
    const sources = blocks
      .filter((b) => b.type === 'context')
      .map((b) => b.elements[0].text)
      .join('\n');
    expect(sources).toContain('Objectif #18');
    expect(fake.callsTo('chat.postMessage')[0]!.body.thread_ts).toBe(ts);
  });
});
