/**
 * The real Bolt app in HTTP mode, mounted into an express 5 app like the server does, receiving
 * signed requests, and talking to a local stand-in of Slack's Web API.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog, hashUserId } from '../../src/chat/feedback-log.js';
import { ACTION_IDS, MESSAGES } from '../../src/chat/slack/blocks.js';
import { createSlackSurface, type SlackSurface } from '../../src/chat/slack/slack-surface.js';
import { memoryStore } from '../../src/chat/store/open-store.js';
import { type InboxItem, type ServingStore, StoreUnavailableError } from '../../src/chat/store/types.js';
import { signSlackRequest, startFakeSlackApi, waitFor, type ApiCall, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { createScriptedAssistant, type ScriptedAssistant } from '../helpers/scripted-assistant.js';
import { eventEnvelope as envelopeOf, postSigned as postSignedTo, type SignedPostOptions, type SlackRouterHost, serveSlackRouter } from '../helpers/slack-http.js';

const SIGNING_SECRET = 'test-signing-secret-123';
const BOT_TOKEN = 'xoxb-test-token-456';
const BOT_USER = 'UBOT';

type AnyBlock = Record<string, any>;

let fake: FakeSlackApi;
let assistant: ScriptedAssistant;
let surface: SlackSurface;
let host: SlackRouterHost;
let workDir: string;
let feedbackLog: FeedbackLog;
const logLines: string[] = [];
let counter = 0;

const nextTs = () => `1710000000.${String(++counter).padStart(6, '0')}`;
const nextEventId = () => `Ev${String(++counter).padStart(8, '0')}`;

function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return signSlackRequest(secret, timestamp, body);
}

function postSigned(body: string, contentType: string, options: Omit<SignedPostOptions, 'contentType'> = {}): Promise<Response> {
  return postSignedTo(host.eventsUrl, SIGNING_SECRET, body, { contentType, ...options });
}

function eventEnvelope(event: Record<string, unknown>, eventId = nextEventId()): string {
  return envelopeOf(event, eventId, BOT_USER);
}

async function sendEvent(event: Record<string, unknown>, eventId?: string, headers?: Record<string, string>): Promise<Response> {
  const response = await postSigned(eventEnvelope(event, eventId), 'application/json', { headers });
  expect(response.status).toBe(200);
  return response;
}

function mention(text: string, extra: Record<string, unknown> = {}) {
  const ts = nextTs();
  return { type: 'app_mention', user: 'U1', text, ts, channel: 'C1', event_ts: ts, ...extra };
}

function message(text: string, extra: Record<string, unknown>) {
  const ts = nextTs();
  return { type: 'message', user: 'U1', text, ts, event_ts: ts, channel: 'C1', channel_type: 'channel', ...extra };
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function sendAction(actionId: string, value: string, extra: Record<string, unknown> = {}): Promise<Response> {
  const payload = {
    type: 'block_actions',
    user: { id: 'U1', username: 'agent', team_id: 'T1' },
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'collectivite' },
    channel: { id: 'C1', name: 'politique-de-la-ville' },
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C1', is_ephemeral: false },
    trigger_id: 'trigger',
    response_url: fake.responseUrl(),
    actions: [{ type: 'button', action_id: actionId, block_id: 'alinea_answer_actions', value, action_ts: String(Date.now() / 1000) }],
    ...extra,
  };
  const response = await postSigned(formBody({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded');
  expect(response.status).toBe(200);
  return response;
}

const textOf = (call: ApiCall) => JSON.stringify(call.body.blocks ?? []) + String(call.body.text ?? '');
const updates = () => fake.callsTo('chat.update');
const posts = () => fake.callsTo('chat.postMessage');

/** Waits until the answer to a question has replaced its placeholder. */
async function answerFor(question: string): Promise<ApiCall> {
  await waitFor(() => updates().some((call) => textOf(call).includes(question)), 5_000, `answer to ${question}`);
  return updates().find((call) => textOf(call).includes(question)) as ApiCall;
}

beforeAll(async () => {
  fake = await startFakeSlackApi();
  workDir = await mkdtemp(path.join(tmpdir(), 'alinea-slack-'));
  const settings = loadSettings({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    FEEDBACK_LOG: path.join(workDir, 'feedback.jsonl'),
  });
  feedbackLog = new FeedbackLog(settings.FEEDBACK_LOG);
  assistant = createScriptedAssistant({ failOn: 'PLANTE', refuseOn: 'HORS-SUJET' });
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  surface = createSlackSurface({
    assistant,
    settings,
    logger: pino({ level: 'info' }, logStream),
    feedbackLog,
    clientOptions: { slackApiUrl: fake.apiUrl },
    botId: 'BBOT',
    botUserId: BOT_USER,
    topics: [{ title: 'Lever les freins à la mobilité', file: 'doc-1.txt', passages: 5 }],
  });
  expect(surface.mode).toBe('http');
  expect(surface.router).toBeDefined();
  expect(surface.early).toBeDefined();
  // Mounted like the server does, beside a JSON parser for the host's own API, deliveries taken
  // by the early door first (what it does not acknowledge goes on to the router).
  host = await serveSlackRouter(
    surface.router!,
    (app) => {
      app.use('/api', express.json(), (req, res) => {
        res.json({ echo: req.body });
      });
    },
    surface.early,
  );
  await surface.start();
});

afterAll(async () => {
  await surface?.stop();
  await host?.close();
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.reset();
  assistant.calls.length = 0;
});

describe('Slack surface over HTTP (signed requests, local Web API)', () => {
  it('answers the URL verification challenge and leaves the host app working', async () => {
    const response = await postSigned(JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }), 'application/json');
    expect(await response.json()).toEqual({ challenge: 'abc123' });
    const api = await fetch(`${host.baseUrl}/api/ping`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await api.json()).toEqual({ echo: { a: 1 } });
  });

  it('answers a mention in its thread: placeholder, then the answer with sources and feedback buttons', async () => {
    const event = mention(`<@${BOT_USER}> Quels dispositifs pour la mobilité ?`);
    const started = Date.now();
    await sendEvent(event);
    expect(Date.now() - started).toBeLessThan(3_000);
    const update = await answerFor('Quels dispositifs pour la mobilité ?');

    expect(assistant.calls).toHaveLength(1);
    expect(assistant.calls[0]!.question).toBe('Quels dispositifs pour la mobilité ?');
    expect(assistant.calls[0]!.context?.surface).toBe('slack');
    expect(assistant.calls[0]!.context?.history).toEqual([]);

    const placeholder = posts()[0]!;
    expect(placeholder.body.channel).toBe('C1');
    expect(placeholder.body.thread_ts).toBe(event.ts);
    expect(placeholder.body.text).toBe(MESSAGES.placeholder);
    expect(placeholder.authorized).toBe(true);

    expect(update.body.channel).toBe('C1');
    expect(update.body.ts).toMatch(/^1700000000\./); // the placeholder's ts, as returned by the Web API
    expect(String(update.body.text)).toContain('Réponse 1 à « Quels dispositifs pour la mobilité ? »');
    const blocks = update.body.blocks as AnyBlock[];
    expect(
      blocks
        .filter((b) => b.type === 'section')
        .map((b) => b.text.text)
        .join('\n'),
    ).toContain('Réponse 1 à');
    const sources = blocks.find((b) => b.type === 'context') as AnyBlock;
    expect(sources.elements[0].text).toContain('[1] Document 1 › Annexe 2 › Objectif #1 — l. 10-14');
    expect(sources.elements[0].text).toContain('[2] Document 2');
    const actions = blocks.find((b) => b.type === 'actions') as AnyBlock;
    expect(actions.elements.map((e: AnyBlock) => e.action_id)).toEqual([ACTION_IDS.feedbackUp, ACTION_IDS.feedbackDown]);
    expect(posts()).toHaveLength(1);
  });

  it('treats a reply without mention in an answered thread as a follow-up with history', async () => {
    const first = mention(`<@${BOT_USER}> Quels dispositifs pour l'objectif 18 ?`);
    await sendEvent(first);
    await answerFor("Quels dispositifs pour l'objectif 18 ?");

    // A reply in a thread the bot never answered is not for the bot.
    await sendEvent(message('Une discussion entre collègues', { thread_ts: '1690000000.000001' }));
    await sendEvent(message('et pour le 19 ?', { thread_ts: first.ts }));
    const followUp = await answerFor('et pour le 19 ?');

    expect(assistant.calls.map((call) => call.question)).toEqual(["Quels dispositifs pour l'objectif 18 ?", 'et pour le 19 ?']);
    const history = assistant.calls[1]!.context?.history ?? [];
    expect(history).toHaveLength(1);
    expect(history[0]!.question).toBe("Quels dispositifs pour l'objectif 18 ?");
    expect(history[0]!.answer?.text).toContain('Réponse 1');
    expect(String(followUp.body.text)).toContain('Réponse 2');
    expect(posts().every((call) => call.body.thread_ts === first.ts)).toBe(true);
  });

  it('answers a direct message in the DM and ignores bot messages and edits', async () => {
    await sendEvent(message('réponse automatique', { channel: 'D1', channel_type: 'im', bot_id: 'BOTHER', subtype: 'bot_message' }));
    await sendEvent(message('édité', { channel: 'D1', channel_type: 'im', subtype: 'message_changed' }));
    await sendEvent(message('Qui préside le comité des financeurs ?', { channel: 'D1', channel_type: 'im' }));
    const update = await answerFor('Qui préside le comité des financeurs ?');
    expect(update.body.channel).toBe('D1');
    expect(posts()[0]!.body.channel).toBe('D1');
    expect(posts()[0]!.body.thread_ts).toBeUndefined();
    expect(assistant.calls.map((call) => call.question)).toEqual(['Qui préside le comité des financeurs ?']);
  });

  it('does not answer twice: retried deliveries and duplicate event ids are answered once', async () => {
    const event = mention(`<@${BOT_USER}> Question livrée trois fois`);
    const eventId = nextEventId();
    await sendEvent(event, eventId);
    await sendEvent(event, eventId, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await sendEvent(event, eventId);
    // The same message reaching us under a new event id (app_mention + message) is answered once.
    await sendEvent({ ...event }, nextEventId());
    await answerFor('Question livrée trois fois');
    // A later event proves the earlier ones were fully processed.
    await sendEvent(mention(`<@${BOT_USER}> Question témoin`));
    await answerFor('Question témoin');
    expect(assistant.calls.map((call) => call.question)).toEqual(['Question livrée trois fois', 'Question témoin']);
    expect(posts()).toHaveLength(2);
  });

  it('escapes the notification text like the blocks: a passage cannot ping the channel or hide a link', async () => {
    await sendEvent(mention(`<@${BOT_USER}> Alerte <!channel> <!here> & <https://evil.example.com|le site officiel> <@U999>`));
    const update = await answerFor('Alerte');
    const text = String(update.body.text);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&amp;');
    expect(text).toContain('&lt;https://evil.example.com|le site officiel&gt;');
    expect(text).not.toMatch(/<!channel>|<!here>|<https:|<@U999>/);
    const sections = JSON.stringify((update.body.blocks as AnyBlock[]).filter((b) => b.type === 'section'));
    expect(sections).not.toContain('<!channel>');
  });

  it('answers a signed app_mention without text with the polite empty-question reply', async () => {
    const ts = nextTs();
    await sendEvent({ type: 'app_mention', user: 'U1', ts, channel: 'C1', event_ts: ts });
    await waitFor(() => posts().length > 0, 5_000, 'reply to an empty mention');
    const reply = posts()[0]!;
    expect(reply.body.channel).toBe('C1');
    expect(reply.body.thread_ts).toBe(ts);
    expect(String(reply.body.text)).toMatch(/^Bonjour ! Posez-moi une question/);
    expect(assistant.calls).toHaveLength(0);
    expect(logLines.some((line) => /"level":50/.test(line) && line.includes('app_mention'))).toBe(false);
  });

  it('answers a retried delivery of an event whose first delivery never reached it', async () => {
    // Slack retries when the first delivery failed (restart, deploy, 5xx): that question was never
    // stored, so the retry is the question, not a duplicate.
    await sendEvent(mention(`<@${BOT_USER}> Question réessayée`), undefined, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' });
    await answerFor('Question réessayée');
    expect(assistant.calls.map((call) => call.question)).toEqual(['Question réessayée']);
    expect(posts()).toHaveLength(1);
  });

  it('answers one polite French message when the core fails', async () => {
    const event = mention(`<@${BOT_USER}> PLANTE maintenant`);
    await sendEvent(event);
    await waitFor(() => updates().length > 0, 5_000, 'error message');
    await sendEvent(mention(`<@${BOT_USER}> Question témoin après erreur`));
    await answerFor('Question témoin après erreur');
    const errorMessages = fake.calls.filter((call) => String(call.body.text).startsWith('Désolé, une erreur est survenue'));
    expect(errorMessages).toHaveLength(1);
    expect(errorMessages[0]!.method).toBe('chat.update');
    expect(errorMessages[0]!.body.channel).toBe('C1');
    expect(posts()[0]!.body.thread_ts).toBe(event.ts);
    expect(logLines.some((line) => line.includes('slack: answer failed'))).toBe(true);
  });

  it('answers /alinea privately with a share button, and sharing posts it in the channel', async () => {
    const responseUrl = fake.responseUrl('command');
    const response = await postSigned(
      formBody({
        token: 'legacy',
        team_id: 'T1',
        channel_id: 'C1',
        user_id: 'U1',
        command: '/alinea',
        text: 'Quels sont les axes du pacte ?',
        response_url: responseUrl,
        trigger_id: 't1',
        api_app_id: 'A1',
      }),
      'application/x-www-form-urlencoded',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ response_type: 'ephemeral', text: MESSAGES.placeholder });
    await waitFor(() => fake.responses.some((r) => r.id === 'command'), 5_000, 'command response');
    const answer = fake.responses.find((r) => r.id === 'command')!.body;
    expect(answer.response_type).toBe('ephemeral');
    expect(String(answer.text)).toContain('Réponse 1 à « Quels sont les axes du pacte ? »');
    const actions = (answer.blocks as AnyBlock[]).find((b) => b.type === 'actions') as AnyBlock;
    const share = actions.elements.find((e: AnyBlock) => e.action_id === ACTION_IDS.share);
    expect(share.text.text).toBe('Partager dans le canal');
    expect(posts()).toHaveLength(0); // nothing public yet

    await sendAction(ACTION_IDS.share, share.value, { container: { type: 'message', message_ts: '1', channel_id: 'C1', is_ephemeral: true } });
    await waitFor(() => posts().length === 1, 5_000, 'shared message');
    const shared = posts()[0]!;
    expect(shared.body.channel).toBe('C1');
    expect(textOf(shared)).toContain('<@U1> a partagé');
    expect(textOf(shared)).toContain('Réponse 1 à « Quels sont les axes du pacte ? »');
    await waitFor(() => fake.responses.some((r) => r.body.text === MESSAGES.shared), 5_000, 'share confirmation');

    // When the bot is not in the channel, the share goes through response_url instead.
    fake.failNext('chat.postMessage', 'not_in_channel');
    await sendAction(ACTION_IDS.share, share.value);
    await waitFor(() => fake.responses.some((r) => r.body.response_type === 'in_channel'), 5_000, 'in_channel share');
    expect(textOf({ method: '', authorized: false, body: fake.responses.find((r) => r.body.response_type === 'in_channel')!.body })).toContain('a partagé');
  });

  it('asks for a question when /alinea comes alone, without calling the core', async () => {
    const response = await postSigned(
      formBody({ team_id: 'T1', channel_id: 'C1', user_id: 'U1', command: '/alinea', text: '  ', response_url: fake.responseUrl(), trigger_id: 't' }),
      'application/x-www-form-urlencoded',
    );
    expect((await response.json()).text).toBe(MESSAGES.emptyQuestion);
    expect(assistant.calls).toHaveLength(0);
  });

  it('records a 👎 in the feedback log with a hashed user id and thanks the user', async () => {
    await sendEvent(mention(`<@${BOT_USER}> Question à évaluer`));
    const update = await answerFor('Question à évaluer');
    const actions = (update.body.blocks as AnyBlock[]).find((b) => b.type === 'actions') as AnyBlock;
    const down = actions.elements.find((e: AnyBlock) => e.action_id === ACTION_IDS.feedbackDown);

    await sendAction(ACTION_IDS.feedbackDown, down.value);
    await waitFor(() => fake.responses.some((r) => r.body.text === MESSAGES.thanks), 5_000, 'thanks');
    const entries = await feedbackLog.readAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ surface: 'slack', verdict: 'down', question: 'Question à évaluer', userHash: hashUserId('U1') });
    expect(entries[0]!.answer).toContain('Réponse 1 à « Question à évaluer »');
    expect(entries[0]!.sources[0]).toBe('[1] Document 1 › Annexe 2 › Objectif #1 — l. 10-14');
    const raw = await readFile(feedbackLog.file, 'utf8');
    expect(raw).not.toContain('"U1"');
    expect(fake.responses.find((r) => r.body.text === MESSAGES.thanks)?.body.response_type).toBe('ephemeral');
  });

  it('rejects a bad signature and a stale timestamp with 401, without answering', async () => {
    const body = eventEnvelope(mention(`<@${BOT_USER}> Requête falsifiée`));
    const forged = await postSigned(body, 'application/json', { signature: sign(body, Math.floor(Date.now() / 1000), 'wrong-secret') });
    expect(forged.status).toBe(401);
    const staleTs = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await postSigned(body, 'application/json', { timestamp: staleTs, signature: sign(body, staleTs) });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(host.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    await sendEvent(mention(`<@${BOT_USER}> Question témoin signée`));
    await answerFor('Question témoin signée');
    expect(assistant.calls.map((call) => call.question)).toEqual(['Question témoin signée']);
  });

  it('publishes the Home tab with the catalogue and example questions', async () => {
    await sendEvent({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'messages', event_ts: nextTs() });
    await sendEvent({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: nextTs() });
    await waitFor(() => fake.callsTo('views.publish').length > 0, 5_000, 'views.publish');
    const publish = fake.callsTo('views.publish')[0]!;
    expect(publish.body.user_id).toBe('U1');
    const view = publish.body.view as AnyBlock;
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Document 1');
    expect(text).toContain('Exemples de questions');
    expect(fake.callsTo('views.publish')).toHaveLength(1);
  });

  it('keeps questions and secrets out of info-level logs', async () => {
    await sendEvent(mention(`<@${BOT_USER}> Question confidentielle numéro 7`));
    await answerFor('Question confidentielle numéro 7');
    const logs = logLines.join('');
    expect(logs).toContain('slack: answered');
    expect(logs).not.toContain('confidentielle');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
  });
});

describe("Slack's assistant container (AI app split view)", () => {
  const assistantThread = (threadTs = nextTs()) => ({ user_id: 'U1', context: { channel_id: 'C1', team_id: 'T1' }, channel_id: 'D9', thread_ts: threadTs });
  const threadMessage = (text: string, threadTs: string) => message(text, { channel: 'D9', channel_type: 'im', thread_ts: threadTs, team: 'T1' });
  const answerPosted = async (question: string): Promise<ApiCall> => {
    await waitFor(() => posts().some((call) => textOf(call).includes(question)), 5_000, `answer to ${question}`);
    return posts().find((call) => textOf(call).includes(question)) as ApiCall;
  };

  it('suggests prompts drawn from the corpus when a thread starts', async () => {
    const thread = assistantThread();
    await sendEvent({ type: 'assistant_thread_started', assistant_thread: thread, event_ts: nextTs() });
    await waitFor(() => fake.callsTo('assistant.threads.setSuggestedPrompts').length > 0, 5_000, 'setSuggestedPrompts');
    const call = fake.callsTo('assistant.threads.setSuggestedPrompts')[0]!;
    expect(call.body.channel_id).toBe('D9');
    expect(call.body.thread_ts).toBe(thread.thread_ts);
    expect(call.body.title).toBe(MESSAGES.promptsTitle);
    const prompts = call.body.prompts as { title: string; message: string }[];
    // The topic given to the surface (from the index's headings), asked in its document.
    expect(prompts[0]).toEqual({ title: 'Lever les freins à la mobilité', message: 'Que dit Document 1 à propos de « Lever les freins à la mobilité » ?' });
    expect(prompts.length).toBeGreaterThanOrEqual(1);
    expect(prompts.length).toBeLessThanOrEqual(4);
    expect(assistant.calls).toHaveLength(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers a message of an assistant thread: title, status, then the answer with feedback_buttons', async () => {
    const thread = assistantThread();
    await sendEvent(threadMessage('Quels dispositifs pour la mobilité des jeunes ?', thread.thread_ts));
    const answer = await answerPosted('Réponse 1 à « Quels dispositifs pour la mobilité des jeunes ? »');

    expect(assistant.calls.map((call) => call.question)).toEqual(['Quels dispositifs pour la mobilité des jeunes ?']);
    const title = fake.callsTo('assistant.threads.setTitle');
    expect(title).toHaveLength(1);
    expect(title[0]!.body).toMatchObject({ channel_id: 'D9', thread_ts: thread.thread_ts, title: 'Quels dispositifs pour la mobilité des jeunes ?' });
    const status = fake.callsTo('assistant.threads.setStatus');
    expect(status).toHaveLength(1);
    expect(status[0]!.body).toMatchObject({ channel_id: 'D9', thread_ts: thread.thread_ts, status: 'Recherche dans les documents…' });
    // The status comes first; no placeholder message in the container.
    expect(fake.calls.indexOf(status[0]!)).toBeLessThan(fake.calls.indexOf(answer));
    expect(posts()).toHaveLength(1);
    expect(updates()).toHaveLength(0);

    expect(answer.body.channel).toBe('D9');
    expect(answer.body.thread_ts).toBe(thread.thread_ts);
    const blocks = answer.body.blocks as AnyBlock[];
    expect(blocks.find((b) => b.type === 'context')?.elements[0].text).toContain('[1] Document 1');
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    const contextActions = blocks.find((b) => b.type === 'context_actions') as AnyBlock;
    expect(contextActions.elements).toHaveLength(1);
    const feedback = contextActions.elements[0];
    expect(feedback).toMatchObject({ type: 'feedback_buttons', action_id: ACTION_IDS.feedback });
    expect(feedback.positive_button.value).toMatch(/^up:/);
    expect(feedback.negative_button.value).toMatch(/^down:/);

    // A second question in the same thread is a follow-up: history, no new title.
    await sendEvent(threadMessage('et pour les seniors ?', thread.thread_ts));
    await answerPosted('Réponse 2 à « et pour les seniors ? »');
    expect(assistant.calls[1]!.context?.history?.map((turn) => turn.question)).toEqual(['Quels dispositifs pour la mobilité des jeunes ?']);
    expect(fake.callsTo('assistant.threads.setTitle')).toHaveLength(1);
    expect(fake.callsTo('assistant.threads.setStatus')).toHaveLength(2);
  });

  it('ignores its own answers and edits in an assistant thread', async () => {
    const thread = assistantThread();
    await sendEvent({ ...threadMessage('une réponse du bot', thread.thread_ts), bot_id: 'BBOT', user: BOT_USER });
    await sendEvent({ ...threadMessage('édité', thread.thread_ts), subtype: 'message_changed' });
    await sendEvent(threadMessage('Question témoin du conteneur', thread.thread_ts));
    await answerPosted('Question témoin du conteneur');
    expect(assistant.calls.map((call) => call.question)).toEqual(['Question témoin du conteneur']);
  });

  it('records one feedback entry for a feedback_buttons click, even when Slack delivers it twice', async () => {
    const thread = assistantThread();
    await sendEvent(threadMessage('Question du conteneur à évaluer', thread.thread_ts));
    const answer = await answerPosted('Question du conteneur à évaluer');
    const feedback = ((answer.body.blocks as AnyBlock[]).find((b) => b.type === 'context_actions') as AnyBlock).elements[0];
    const before = (await feedbackLog.readAll()).length;
    const click = {
      channel: { id: 'D9', name: 'directmessage' },
      container: { type: 'message', message_ts: '1700000000.000009', channel_id: 'D9', thread_ts: thread.thread_ts, is_ephemeral: false },
      actions: [
        {
          type: 'feedback_buttons',
          action_id: ACTION_IDS.feedback,
          block_id: 'alinea_answer_feedback',
          value: feedback.positive_button.value,
          text: { type: 'plain_text', text: 'Utile' },
          action_ts: String(Date.now() / 1000),
        },
      ],
    };
    await sendAction(ACTION_IDS.feedback, feedback.positive_button.value, click);
    await waitFor(() => logLines.join('').includes('slack: feedback recorded'), 5_000, 'feedback recorded');
    await sendAction(ACTION_IDS.feedback, feedback.positive_button.value, click);
    // A value we never wrote is not feedback.
    await sendAction(ACTION_IDS.feedback, 'up:{"id":"inconnu"}', { ...click, actions: [{ ...click.actions[0], value: 'up:{"id":"inconnu"}' }] });
    const entries = (await feedbackLog.readAll()).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ surface: 'slack', verdict: 'up', question: 'Question du conteneur à évaluer', userHash: hashUserId('U1') });
    expect(entries[0]!.sources[0]).toBe('[1] Document 1 › Annexe 2 › Objectif #1 — l. 10-14');
  });
});

/**
 * A surface over a store of its own whose writes go through `submit` (to play an inbox that fails),
 * served on a port of its own; the caller starts the inbox's processing when it wants.
 */
async function surfaceOverStore(name: string, submit: (item: InboxItem, inner: ServingStore) => Promise<boolean>) {
  const settings = loadSettings({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, FEEDBACK_LOG: path.join(workDir, `${name}.jsonl`) });
  const inner = memoryStore();
  // The store as the runtime shares it with the surface.
  const store: ServingStore = Object.assign(Object.create(inner) as ServingStore, { submit: (item: InboxItem) => submit(item, inner) });
  const core = createScriptedAssistant();
  const own = createSlackSurface({ assistant: core, settings, logger: pino({ level: 'silent' }), feedbackLog, clientOptions: { slackApiUrl: fake.apiUrl }, botId: 'BBOT', botUserId: BOT_USER, store });
  const ownHost = await serveSlackRouter(own.router!);
  return {
    core,
    eventsUrl: ownHost.eventsUrl,
    startProcessing: () => inner.startProcessing((job, saveProgress) => own.handleJob(job, saveProgress), 2),
    close: async () => {
      await ownHost.close();
      await own.stop();
      await inner.stopProcessing(1_000);
      await inner.close();
    },
  };
}

describe('Slack assistant thread with the inbox down', () => {
  it('does not acknowledge a message it could not store; the retry is stored and answered once', async () => {
    let down = true;
    const own = await surfaceOverStore('inbox-down', async (item, inner) => {
      if (down) throw new StoreUnavailableError('store unreachable');
      return inner.submit(item);
    });
    await own.startProcessing();
    const deliver = (body: string, retryNum?: number) =>
      postSignedTo(own.eventsUrl, SIGNING_SECRET, body, { headers: retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_error' } : {} });
    try {
      const body = eventEnvelope(message('Question pendant la panne', { channel: 'D8', channel_type: 'im', thread_ts: nextTs() }));
      const first = await deliver(body);
      expect(first.status).toBeGreaterThanOrEqual(500);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(own.core.calls).toHaveLength(0);
      down = false;
      const retry = await deliver(body, 1);
      expect(retry.status).toBe(200);
      await waitFor(() => posts().some((call) => textOf(call).includes('Question pendant la panne')), 5_000, 'answer after the retry');
      expect(own.core.calls.map((call) => call.question)).toEqual(['Question pendant la panne']);
    } finally {
      await own.close();
    }
  });
});

describe("Slack's early door (before express)", () => {
  it('acknowledges event deliveries without express, and hands everything else to the router', async () => {
    const reachedExpress: string[] = [];
    const door = await serveSlackRouter(
      surface.router!,
      (app) =>
        app.use('/slack/events', (req, _res, next) => {
          reachedExpress.push(String(req.headers['content-type']));
          next();
        }),
      surface.early,
    );
    try {
      const post = (body: string, options: SignedPostOptions = {}) => postSignedTo(door.eventsUrl, SIGNING_SECRET, body, options);
      // An event, sent whole or in chunks (no Content-Length): acknowledged at the door, and answered.
      expect((await post(eventEnvelope(mention(`<@${BOT_USER}> Question par la porte`)))).status).toBe(200);
      const chunked = eventEnvelope(mention(`<@${BOT_USER}> Question en morceaux`));
      const timestamp = Math.floor(Date.now() / 1000);
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(chunked.slice(0, 40)));
          controller.enqueue(new TextEncoder().encode(chunked.slice(40)));
          controller.close();
        },
      });
      const inChunks = await fetch(door.eventsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(chunked, timestamp) },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(inChunks.status).toBe(200);
      // A forged one is refused there too.
      expect((await post(eventEnvelope(mention(`<@${BOT_USER}> Fausse`)), { signature: 'v0=00' })).status).toBe(401);
      await answerFor('Question par la porte');
      await answerFor('Question en morceaux');
      expect(reachedExpress).toEqual([]);

      // Signed JSON that is not an event goes on, body read once: Bolt answers the challenge.
      const challenge = await post(JSON.stringify({ type: 'url_verification', challenge: 'porte', token: 'x' }));
      expect(await challenge.json()).toEqual({ challenge: 'porte' });
      // Not JSON (a slash command) or compressed: not read at the door, handled as before.
      const compressed = await post(eventEnvelope(mention(`<@${BOT_USER}> Compressée`)), { headers: { 'content-encoding': 'gzip' } });
      expect(compressed.status).toBe(415);
      const slash = await post(new URLSearchParams({ command: '/alinea', text: '', user_id: 'U1', channel_id: 'C1', response_url: `${fake.apiUrl}hooks/x`, trigger_id: 't' }).toString(), {
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(slash.status).toBe(200);
      expect(reachedExpress).toEqual(['application/json', 'application/json', 'application/x-www-form-urlencoded']);
    } finally {
      await door.close();
    }
  });
});

describe('Slack events stored before Bolt routes them', () => {
  it('acknowledges an event once it is in the inbox, routes it when the inbox hands it over, and tries again a routing that could not store', async () => {
    const submitted: string[] = [];
    let questionStoreDown = true;
    const own = await surfaceOverStore('store-first', async (item, inner) => {
      submitted.push(item.key);
      if (!item.key.startsWith('slack:event:') && questionStoreDown) {
        questionStoreDown = false;
        throw new StoreUnavailableError('store unreachable');
      }
      return inner.submit(item);
    });
    try {
      const event = mention(`<@${BOT_USER}> Question rangée d'abord`);
      const eventId = nextEventId();
      expect((await postSignedTo(own.eventsUrl, SIGNING_SECRET, eventEnvelope(event, eventId))).status).toBe(200);
      // Acknowledged with the delivery in the inbox; no listener has run yet.
      expect(submitted).toEqual([`slack:event:${eventId}`]);
      expect(own.core.calls).toHaveLength(0);

      await own.startProcessing();
      await answerFor("Question rangée d'abord");
      // The first routing could not store the question: the inbox routed the delivery again.
      expect(submitted).toEqual([`slack:event:${eventId}`, `slack:C1:${event.ts}`, `slack:C1:${event.ts}`]);
      expect(own.core.calls.map((call) => call.question)).toEqual(["Question rangée d'abord"]);
    } finally {
      await own.close();
    }
  });
});

describe('Slack surface on its own port, learning its identity through auth.test', () => {
  it('listens on httpPort at /slack/events and calls auth.test once for several events', async () => {
    const settings = loadSettings({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, FEEDBACK_LOG: path.join(workDir, 'other.jsonl') });
    const standalone = createSlackSurface({
      assistant,
      settings,
      logger: pino({ level: 'silent' }),
      feedbackLog,
      clientOptions: { slackApiUrl: fake.apiUrl },
      httpPort: 0,
    });
    await standalone.start();
    try {
      expect(standalone.port).toBeGreaterThan(0);
      const url = `http://127.0.0.1:${standalone.port}/slack/events`;
      for (const text of ['Première question directe', 'Seconde question directe']) {
        // The fake auth.test says the bot user is UBOT: its mention must be stripped.
        const response = await postSignedTo(url, SIGNING_SECRET, eventEnvelope(mention(`<@UBOT> ${text}`)));
        expect(response.status).toBe(200);
        await answerFor(text);
      }
      expect(assistant.calls.map((call) => call.question)).toEqual(['Première question directe', 'Seconde question directe']);
      expect(fake.callsTo('auth.test')).toHaveLength(1);
    } finally {
      await standalone.stop();
    }
  });

  it('refuses to start without the credentials it needs', () => {
    const base = { assistant, logger: pino({ level: 'silent' }), feedbackLog };
    expect(() => createSlackSurface({ ...base, settings: loadSettings({ SLACK_SIGNING_SECRET: 's' }) })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => createSlackSurface({ ...base, settings: loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1' }) })).toThrow(/SLACK_APP_TOKEN/);
  });
});

describe('Slack router mounted behind a body parser', () => {
  it('fails with 500 and a clear log instead of a vague body error', async () => {
    const settings = loadSettings({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET });
    const misplaced = createSlackSurface({ assistant, settings, logger: pino({ level: 'silent' }), feedbackLog, clientOptions: { slackApiUrl: fake.apiUrl }, botId: 'BBOT', botUserId: BOT_USER });
    const misplacedHost = await serveSlackRouter(misplaced.router!, (app) => app.use(express.json()));
    try {
      const response = await postSignedTo(misplacedHost.eventsUrl, SIGNING_SECRET, eventEnvelope(mention(`<@${BOT_USER}> Question mal routée`)));
      expect(response.status).toBe(500);
      expect(assistant.calls).toHaveLength(0);
    } finally {
      await misplacedHost.close();
    }
  });
});
