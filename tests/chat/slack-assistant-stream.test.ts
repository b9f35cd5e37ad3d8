/**
 * Native streaming in Slack's assistant container: the real core with the real LLM composer
 * (LangChain against a local OpenAI-compatible stand-in) answers a message of an assistant
 * thread, and the real Bolt / web-api stream its checked sentences to the local Slack stand-in
 * (chat.startStream / appendStream / stopStream), ending with the sources and feedback_buttons.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmComposer } from '../../src/answer/llm-composer.js';
import { createAssistant } from '../../src/app/assistant.js';
import { loadSettings } from '../../src/config.js';
import type { Answer, AskContext } from '../../src/core/answer.js';
import { ACTION_IDS, MESSAGES } from '../../src/chat/slack/blocks.js';
import { createSlackSurface, type SlackSurface } from '../../src/chat/slack/slack-surface.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { startFakeSlackApi, waitFor, type ApiCall, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { eventEnvelope, postSigned, type SlackRouterHost, serveSlackRouter } from '../helpers/slack-http.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const SIGNING_SECRET = 'stream-signing-secret';
const QUESTION = 'Quels moyens et dispositifs sont mobilisables pour l’objectif #12 ?';

type AnyBlock = Record<string, any>;

let slack: FakeSlackApi;
let llmServer: FakeOpenAiServer;
let surface: SlackSurface;
let host: SlackRouterHost;
const answers: Answer[] = [];
let counter = 0;
const nextTs = () => `1720000000.${String(++counter).padStart(6, '0')}`;

async function sendThreadMessage(text: string, threadTs: string): Promise<void> {
  const ts = nextTs();
  const event = { type: 'message', user: 'U1', text, ts, event_ts: ts, channel: 'D7', channel_type: 'im', thread_ts: threadTs, team: 'T1' };
  const response = await postSigned(host.eventsUrl, SIGNING_SECRET, eventEnvelope(event, `EvS${counter}`));
  expect(response.status).toBe(200);
}

const streamedText = (calls: ApiCall[]) =>
  calls
    .flatMap((call) => (Array.isArray(call.body.chunks) ? (call.body.chunks as AnyBlock[]) : []))
    .filter((chunk) => chunk.type === 'markdown_text')
    .map((chunk) => chunk.text)
    .join('');

beforeAll(async () => {
  slack = await startFakeSlackApi();
  llmServer = await startFakeOpenAiServer();
  const base = await getTestAssistant();
  const settings = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-stream-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, LLM_BASE_URL: llmServer.baseUrl, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '5000' });
  const llm = createLlmComposer(settings, { warn: () => {} });
  const core = createAssistant(base.index, { llm });
  // The real core, recording what it answered.
  const assistant = {
    documents: core.documents,
    async ask(question: string, context?: AskContext) {
      const answer = await core.ask(question, context);
      answers.push(answer);
      return answer;
    },
  };
  surface = createSlackSurface({
    assistant,
    settings,
    logger: pino({ level: 'silent' }),
    feedbackLog: { append: async () => undefined },
    clientOptions: { slackApiUrl: slack.apiUrl },
    botId: 'BBOT',
    botUserId: 'UBOT',
  });
  host = await serveSlackRouter(surface.router!);
});

afterAll(async () => {
  await surface?.stop();
  await host?.close();
  await slack?.close();
  await llmServer?.close();
});

beforeEach(() => {
  slack.reset();
  answers.length = 0;
});

describe('Slack assistant thread with an LLM composer', () => {
  it('streams the checked sentences natively, then ends with the sources and feedback_buttons', async () => {
    llmServer.script({ type: 'stream', chunks: ['Le contrat cite ', 'le Projet de territoire 2022-2032 [1', ']. Il mobilise ', 'les acteurs éducatifs du territoire [1].'], delayMs: 30 });
    const threadTs = nextTs();
    await sendThreadMessage(QUESTION, threadTs);
    await waitFor(() => slack.callsTo('chat.stopStream').length > 0, 10_000, 'chat.stopStream');

    expect(answers).toHaveLength(1);
    expect(answers[0]!.mode).toBe('llm');
    const starts = slack.callsTo('chat.startStream');
    expect(starts).toHaveLength(1);
    expect(starts[0]!.body).toMatchObject({ channel: 'D7', thread_ts: threadTs, recipient_user_id: 'U1', recipient_team_id: 'T1' });
    // Status first, then the stream; the text arrives in more than one piece, as the LLM writes it.
    const status = slack.callsTo('assistant.threads.setStatus')[0]!;
    expect(status.body.status).toBe(MESSAGES.status);
    expect(slack.calls.indexOf(status)).toBeLessThan(slack.calls.indexOf(starts[0]!));
    const appends = slack.callsTo('chat.appendStream');
    expect(appends.length).toBeGreaterThanOrEqual(1);
    const stop = slack.callsTo('chat.stopStream')[0]!;
    expect(streamedText([...starts, ...appends, stop])).toBe(answers[0]!.text);
    expect(stop.body.ts).toBe(appends[0]!.body.ts);
    const blocks = stop.body.blocks as AnyBlock[];
    expect(blocks.find((b) => b.type === 'context')?.elements[0].text).toContain('[1]');
    expect(blocks.find((b) => b.type === 'context_actions')?.elements[0]).toMatchObject({ type: 'feedback_buttons', action_id: ACTION_IDS.feedback });
    // Streamed once: no second copy posted, nothing replaced.
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(slack.callsTo('chat.update')).toHaveLength(0);
  });

  it('posts an extractive answer in one piece when the LLM fails', async () => {
    llmServer.script({ type: 'status', status: 500 });
    const threadTs = nextTs();
    await sendThreadMessage(QUESTION, threadTs);
    await waitFor(() => slack.callsTo('chat.postMessage').length > 0, 10_000, 'chat.postMessage');
    expect(answers[0]!.mode).toBe('extractive');
    expect(slack.callsTo('chat.startStream')).toHaveLength(0);
    const blocks = slack.callsTo('chat.postMessage')[0]!.body.blocks as AnyBlock[];
    expect(blocks.some((b) => b.type === 'context_actions')).toBe(true);
  });
});
