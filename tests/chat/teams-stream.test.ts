/**
 * Streaming of LLM answers in Teams: the real core with the real LLM composer (LangChain against a
 * local OpenAI-compatible stand-in) answers a 1:1 message, and the real Teams SDK's streamer sends
 * the checked sentences to the local Bot Connector stand-in as `typing` chunks of one stream, then
 * a final message that keeps the citations, the AI label, 👍/👎 and the share card.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmComposer } from '../../src/answer/llm-composer.js';
import { createAssistant } from '../../src/app/assistant.js';
import { loadSettings } from '../../src/config.js';
import type { Answer, AskContext } from '../../src/core/answer.js';
import { renderTeamsReply, SHARE_TITLE } from '../../src/chat/teams/render-activity.js';
import { createTeamsSurface, type TeamsSurface } from '../../src/chat/teams/teams-surface.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { startFakeTeamsConnector, type FakeTeamsConnector, type RecordedActivity } from '../helpers/fake-teams-connector.js';
import { waitFor } from '../helpers/fake-slack-api.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const QUESTION = 'Quels moyens et dispositifs sont mobilisables pour l’objectif #12 ?';
const SENTENCES = ['Le contrat cite ', 'le Projet de territoire 2022-2032 [1', ']. Il mobilise ', 'les acteurs éducatifs du territoire [1].'];

type AnyEntity = Record<string, any>;

let connector: FakeTeamsConnector;
let llmServer: FakeOpenAiServer;
let surface: TeamsSurface;
const answers: Answer[] = [];
let counter = 0;

async function ask(conversationId: string, conversationType: string): Promise<void> {
  const response = await fetch(surface.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `stream-${++counter}`,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: { id: '29:user', name: 'Agent', aadObjectId: 'aad-user' },
      recipient: { id: '28:alinea-bot', name: 'Alinéa' },
      conversation: { id: conversationId, conversationType },
      text: QUESTION,
    }),
  });
  expect(response.status).toBe(200);
}

const inConversation = (conversationId: string) => connector.activities.filter((activity) => activity.conversationId === conversationId);
const streamChunks = (activities: RecordedActivity[]) => activities.filter((activity) => activity.body.type === 'typing' && activity.body.channelData?.streamType === 'streaming');
const messages = (activities: RecordedActivity[]) => activities.filter((activity) => activity.body.type === 'message');

beforeAll(async () => {
  connector = await startFakeTeamsConnector();
  llmServer = await startFakeOpenAiServer();
  const base = await getTestAssistant();
  const settings = loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LLM_BASE_URL: llmServer.baseUrl, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '5000' });
  const core = createAssistant(base.index, { llm: createLlmComposer(settings, { warn: () => {} }) });
  surface = createTeamsSurface({
    assistant: {
      async ask(question: string, context?: AskContext) {
        const answer = await core.ask(question, context);
        answers.push(answer);
        return answer;
      },
    },
    settings,
    logger: pino({ level: 'silent' }),
    feedbackLog: { append: async () => undefined },
    allowUnauthenticated: true,
    host: '127.0.0.1',
  });
  await surface.start(0);
});

afterAll(async () => {
  await surface?.stop();
  await connector?.close();
  await llmServer?.close();
});

beforeEach(() => {
  answers.length = 0;
});

describe('Teams streaming of LLM answers', () => {
  it('streams the checked sentences in a 1:1 chat, then ends the stream with the cited final message', async () => {
    llmServer.script({ type: 'stream', chunks: SENTENCES, delayMs: 30 });
    await ask('a:stream-personal', 'personal');
    await waitFor(() => messages(inConversation('a:stream-personal')).length > 0, 15_000, 'final message');
    await surface.idle();

    expect(answers).toHaveLength(1);
    const answer = answers[0]!;
    expect(answer.mode).toBe('llm');
    const activities = inConversation('a:stream-personal');
    const chunks = streamChunks(activities);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    const streamId = chunks[0]!.id;
    chunks.forEach((chunk, index) => {
      // Each chunk holds the text so far: a beginning of the answer, growing, in sequence.
      expect(answer.text.startsWith(chunk.body.text)).toBe(true);
      expect(chunk.body.channelData.streamSequence).toBe(index + 1);
      expect(chunk.body.entities).toContainEqual(expect.objectContaining({ type: 'streaminfo', streamType: 'streaming' }));
      if (index > 0) expect(chunk.body.channelData.streamId).toBe(streamId);
    });
    // The first chunk left before the LLM had finished: the answer was really streamed.
    expect(chunks[0]!.body.text.length).toBeLessThan(answer.text.length);

    // One final message, in the same stream, with everything a one-piece answer has.
    const [final, ...others] = messages(activities);
    expect(others).toHaveLength(0);
    expect(activities.indexOf(final!)).toBeGreaterThan(activities.indexOf(chunks.at(-1)!));
    expect(final!.body.channelData).toMatchObject({ streamId, streamType: 'final', feedbackLoop: { type: 'default' } });
    expect(final!.body.entities).toContainEqual(expect.objectContaining({ type: 'streaminfo', streamType: 'final', streamId }));
    const reply = renderTeamsReply(answer);
    expect(final!.body.text).toBe(reply.text);
    const entity = final!.body.entities.find((e: AnyEntity) => e.type === 'https://schema.org/Message');
    expect(entity.additionalType).toContain('AIGeneratedContent');
    expect(entity.citation.map((claim: AnyEntity) => claim.position)).toEqual(reply.citations.map((citation) => citation.position));
    expect(entity.citation.length).toBeGreaterThan(0);
    const card = final!.body.attachments.find((attachment: AnyEntity) => attachment.contentType === 'application/vnd.microsoft.card.adaptive');
    expect(card.content.actions[0].title).toBe(SHARE_TITLE);
    // No plain typing indicator after the stream started.
    const firstChunk = activities.indexOf(chunks[0]!);
    expect(activities.slice(firstChunk).filter((activity) => activity.body.type === 'typing' && !activity.body.channelData?.streamType)).toHaveLength(0);
  });

  it('answers in one piece in a group chat, where Teams does not stream', async () => {
    llmServer.script({ type: 'stream', chunks: SENTENCES, delayMs: 30 });
    await ask('19:stream-group', 'groupChat');
    await waitFor(() => messages(inConversation('19:stream-group')).length > 0, 15_000, 'group answer');
    await surface.idle();
    expect(answers[0]!.mode).toBe('llm');
    const activities = inConversation('19:stream-group');
    expect(streamChunks(activities)).toHaveLength(0);
    const [reply, ...others] = messages(activities);
    expect(others).toHaveLength(0);
    expect(reply!.body.text).toBe(renderTeamsReply(answers[0]!).text);
    expect(reply!.body.entities.some((e: AnyEntity) => e.type === 'streaminfo')).toBe(false);
  });

  it('sends the extractive answer in one piece when the LLM fails', async () => {
    llmServer.script({ type: 'status', status: 500 });
    await ask('a:stream-fallback', 'personal');
    await waitFor(() => messages(inConversation('a:stream-fallback')).length > 0, 15_000, 'fallback answer');
    await surface.idle();
    expect(answers[0]!.mode).toBe('extractive');
    const activities = inConversation('a:stream-fallback');
    expect(streamChunks(activities)).toHaveLength(0);
    expect(messages(activities)).toHaveLength(1);
    expect(messages(activities)[0]!.body.entities.find((e: AnyEntity) => e.type === 'https://schema.org/Message').citation.length).toBeGreaterThan(0);
  });
});
