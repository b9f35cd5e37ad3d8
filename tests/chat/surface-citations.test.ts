/**
 * Citations and shares in Slack and Teams, checked against the local stand-ins with the real SDKs
 * (Bolt over signed HTTP requests, the Teams SDK posting to a fake Bot Connector): with PUBLIC_URL
 * each source links to the web reader at the cited node; without it, each source carries its quote
 * and no link. Sharing an answer posts the same plain text as the web chat's « Copier ».
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { createLogger } from '../../src/chat/logger.js';
import { ACTION_IDS } from '../../src/chat/slack/blocks.js';
import { readerLinks } from '../../src/chat/reader-link.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { SHARE_TITLE } from '../../src/chat/teams/render-activity.js';
import { EXPIRED_TEXT } from '../../src/chat/teams/teams-surface.js';
import { createSlackSurface, type SlackSurface } from '../../src/chat/slack/slack-surface.js';
import { createTeamsSurface, type TeamsSurface } from '../../src/chat/teams/teams-surface.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../helpers/fake-teams-connector.js';
import { startFakeSlackApi, waitFor, type ApiCall, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';
import { eventEnvelope, postSigned as postSignedTo, type SlackRouterHost, serveSlackRouter } from '../helpers/slack-http.js';

const SIGNING_SECRET = 'citations-signing-secret';
const PUBLIC_URL = 'https://alinea.exemple.fr/pdc';
type AnyBlock = Record<string, any>;

interface SlackHarness {
  surface: SlackSurface;
  host: SlackRouterHost;
}

let fake: FakeSlackApi;
let connector: FakeTeamsConnector;
const slacks: SlackHarness[] = [];
const teamses: TeamsSurface[] = [];
let counter = 0;

function postSigned(harness: SlackHarness, body: string, contentType: string): Promise<Response> {
  return postSignedTo(harness.host.eventsUrl, SIGNING_SECRET, body, { contentType });
}

/** Slack shows `&amp;`, `&lt;`, `&gt;` as the characters they escape. */
const unescapeMrkdwn = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function startSlack(env: Record<string, string>): Promise<SlackHarness> {
  const surface = createSlackSurface({
    assistant: createScriptedAssistant(),
    settings: loadSettings({ SLACK_BOT_TOKEN: 'xoxb-citations', SLACK_SIGNING_SECRET: SIGNING_SECRET, LOG_LEVEL: 'silent', ...env }),
    logger: pino({ level: 'silent' }),
    feedbackLog: { append: async () => undefined },
    clientOptions: { slackApiUrl: fake.apiUrl },
    botId: 'BBOT',
    botUserId: 'UBOT',
  });
  const harness = { surface, host: await serveSlackRouter(surface.router!) };
  slacks.push(harness);
  return harness;
}

/** A signed mention in channel `channel`; resolves with the answer that replaced the placeholder. */
async function askSlack(harness: SlackHarness, channel: string, question: string): Promise<ApiCall> {
  const ts = `1730000000.${String(++counter).padStart(6, '0')}`;
  const event = { type: 'app_mention', user: 'U1', text: `<@UBOT> ${question}`, ts, channel, event_ts: ts };
  const response = await postSigned(harness, eventEnvelope(event, `EvC${counter}`), 'application/json');
  expect(response.status).toBe(200);
  const answered = () => fake.callsTo('chat.update').find((call) => call.body.channel === channel && JSON.stringify(call.body.blocks).includes(question));
  await waitFor(() => answered() !== undefined, 5_000, `answer in ${channel}`);
  return answered()!;
}

const sourcesOf = (call: ApiCall): string =>
  (call.body.blocks as AnyBlock[])
    .filter((block) => block.type === 'context')
    .map((block) => block.elements[0].text as string)
    .join('\n');

async function startTeams(env: Record<string, string>): Promise<TeamsSurface> {
  const surface = createTeamsSurface({
    assistant: createScriptedAssistant(),
    settings: loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }),
    logger: pino({ level: 'silent' }),
    feedbackLog: { append: async () => undefined },
    allowUnauthenticated: true,
    host: '127.0.0.1',
  });
  await surface.start(0);
  teamses.push(surface);
  return surface;
}

/** Posts a 1:1 Teams message activity (a question, or a card's submit with `extra.value`). */
async function postTeams(surface: TeamsSurface, conversationId: string, extra: Record<string, unknown>): Promise<void> {
  const response = await fetch(surface.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `citations-${++counter}`,
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: { id: '29:user', name: 'Agent', aadObjectId: 'aad-user' },
      recipient: { id: '28:alinea-bot', name: 'Alinéa' },
      conversation: { id: conversationId, conversationType: 'personal' },
      ...extra,
    }),
  });
  expect(response.status).toBe(200);
}

/** The bot's `index`-th message in a conversation, once it has arrived. */
async function teamsMessage(conversationId: string, index: number) {
  const inConversation = () => connector.messages().filter((activity) => activity.conversationId === conversationId);
  await waitFor(() => inConversation().length > index, 5_000, `Teams message ${index} in ${conversationId}`);
  return inConversation()[index]!;
}

/** A 1:1 Teams question; resolves with the bot's reply in that conversation. */
async function askTeams(surface: TeamsSurface, conversationId: string, text: string): Promise<Record<string, any>> {
  await postTeams(surface, conversationId, { text });
  return (await teamsMessage(conversationId, 0)).body;
}

const claimsOf = (activity: Record<string, any>): { position: number; appearance: Record<string, any> }[] =>
  activity.entities.find((entity: { type: string }) => entity.type === 'https://schema.org/Message').citation;

beforeAll(async () => {
  fake = await startFakeSlackApi();
  connector = await startFakeTeamsConnector();
});

afterAll(async () => {
  for (const harness of slacks) {
    await harness.surface.stop();
    await harness.host.close();
  }
  for (const surface of teamses) await surface.stop();
  await fake?.close();
  await connector?.close();
});

describe('PUBLIC_URL', () => {
  it('is validated: an absolute http(s) address, https in production, no query, fragment or credentials', () => {
    expect(loadSettings({ PUBLIC_URL: 'https://alinea.exemple.fr' }).PUBLIC_URL).toBe('https://alinea.exemple.fr');
    expect(loadSettings({ PUBLIC_URL: 'http://alinea.test:8080/pdc' }).PUBLIC_URL).toBe('http://alinea.test:8080/pdc');
    expect(loadSettings({ PUBLIC_URL: '' }).PUBLIC_URL).toBeUndefined();
    expect(() => loadSettings({ PUBLIC_URL: 'alinea.exemple.fr' })).toThrow(/PUBLIC_URL a une valeur invalide .*adresse absolue/);
    expect(() => loadSettings({ PUBLIC_URL: 'ftp://alinea.exemple.fr' })).toThrow(/PUBLIC_URL.*http\(s\)/);
    expect(() => loadSettings({ PUBLIC_URL: 'http://alinea.exemple.fr', NODE_ENV: 'production' })).toThrow(/PUBLIC_URL.*https:\/\/ obligatoire/);
    expect(loadSettings({ PUBLIC_URL: 'https://alinea.exemple.fr', NODE_ENV: 'production' }).PUBLIC_URL).toBe('https://alinea.exemple.fr');
    expect(() => loadSettings({ PUBLIC_URL: 'https://a:b@alinea.exemple.fr' })).toThrow(/identifiants/);
    expect(() => loadSettings({ PUBLIC_URL: 'https://alinea.exemple.fr/?x=1' })).toThrow(/« \? »/);
    expect(() => loadSettings({ PUBLIC_URL: 'https://alinea.exemple.fr/#' })).toThrow(/« # »/);
  });
});

describe('reader links', () => {
  it('open the passage, with the sentences the answer used in the fragment, under a path prefix, without any `&`', () => {
    const link = readerLinks(PUBLIC_URL)!;
    expect(link({ chunkId: 'contrat ville.txt#12', sentences: [0, 2] })).toBe(`${PUBLIC_URL}/?passage=contrat+ville.txt%2312#phrases=0,2`);
    expect(link({ chunkId: 'a.txt#1', sentences: [] })).toBe(`${PUBLIC_URL}/?passage=a.txt%231`);
    expect(readerLinks('https://alinea.exemple.fr/')!({ chunkId: 'a&b.txt#1' })).toBe('https://alinea.exemple.fr/?passage=a%26b.txt%231');
    expect(readerLinks(undefined)).toBeUndefined();
  });
});

describe('Slack citations', () => {
  it('link each source to the web reader at its passage when PUBLIC_URL is set', async () => {
    const slack = await startSlack({ PUBLIC_URL });
    const answer = await askSlack(slack, 'CLINK', 'Quels dispositifs pour la mobilité ?');
    const sources = sourcesOf(answer);
    expect(sources).toContain(`<${PUBLIC_URL}/?passage=doc-1.txt%231|[1] Document 1 › Annexe 2 › Objectif #1 — l. 10-14>`);
    expect(sources).toContain(`<${PUBLIC_URL}/?passage=doc-2.txt%232|[2] Document 2 › Annexe 2 › Objectif #2 — l. 20-24>`);
    // The link replaces the quote; no `&` in the link (Slack's iOS app breaks such links).
    expect(sources).not.toContain('Passage cité numéro');
    expect(sources).not.toContain('&amp;');
  });

  it('carry their quote, and no link, when PUBLIC_URL is not set', async () => {
    const slack = await startSlack({});
    const answer = await askSlack(slack, 'CQUOTE', 'Quels dispositifs pour la mobilité ?');
    const sources = sourcesOf(answer);
    expect(sources).toContain('[1] Document 1 › Annexe 2 › Objectif #1 — l. 10-14\n« Passage cité numéro 1. »');
    expect(sources).toContain('[2] Document 2 › Annexe 2 › Objectif #2 — l. 20-24\n« Passage cité numéro 2. »');
    expect(sources).not.toMatch(/https?:\/\//);
  });
});

describe('Teams citations', () => {
  it('link each claim to the web reader at its passage when PUBLIC_URL is set, the quote still in the abstract', async () => {
    const teams = await startTeams({ PUBLIC_URL });
    const reply = await askTeams(teams, 'a:teams-link', 'Quels dispositifs pour la mobilité ?');
    const claims = claimsOf(reply);
    expect(claims.map((claim) => claim.appearance.url)).toEqual([`${PUBLIC_URL}/?passage=doc-1.txt%231`, `${PUBLIC_URL}/?passage=doc-2.txt%232`]);
    expect(claims[0]!.appearance.abstract).toContain('« Passage cité numéro 1. »');
  });

  it('carry the quote and no link when PUBLIC_URL is not set', async () => {
    const teams = await startTeams({});
    const reply = await askTeams(teams, 'a:teams-quote', 'Quels dispositifs pour la mobilité ?');
    const claims = claimsOf(reply);
    expect(claims).toHaveLength(2);
    for (const claim of claims) {
      expect(claim.appearance.url).toBeUndefined();
      expect(claim.appearance.abstract).toContain(`« Passage cité numéro ${claim.position}. »`);
    }
  });
});

describe('Sharing an answer', () => {
  const QUESTION = 'Quels sont les axes du pacte ?';
  /** The scripted core's answer to QUESTION, as renderShareText writes it with links under PUBLIC_URL. */
  const SHARE_TEXT = [
    `Question : ${QUESTION}`,
    '',
    `Réponse 1 à « ${QUESTION} » [1] [2].`,
    '',
    'Sources :',
    '[1] Document 1 › Annexe 2 › Objectif #1 — l. 10-14',
    `    ${PUBLIC_URL}/?passage=doc-1.txt%231`,
    '[2] Document 2 › Annexe 2 › Objectif #2 — l. 20-24',
    `    ${PUBLIC_URL}/?passage=doc-2.txt%232`,
  ].join('\n');
  let web: RunningServer | undefined;

  afterAll(async () => {
    await web?.close();
  });

  it('the web API gives « Copier » the text to forward', async () => {
    const settings = loadSettings({ LOG_LEVEL: 'silent', PUBLIC_URL });
    web = await createServer({ assistant: createScriptedAssistant(), settings, logger: createLogger(settings), feedbackLog: { append: async () => undefined } }).listen(0, '127.0.0.1');
    const response = await fetch(`${web.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    expect(response.status).toBe(200);
    expect((await response.json()).shareText).toBe(SHARE_TEXT);
  });

  it('Slack: « Partager dans le canal » posts that same text under who shared it', async () => {
    const slack = await startSlack({ PUBLIC_URL });
    const responseUrl = fake.responseUrl('share-command');
    const command = new URLSearchParams({
      team_id: 'T1',
      channel_id: 'CSHARE',
      user_id: 'U1',
      command: '/alinea',
      text: QUESTION,
      response_url: responseUrl,
      trigger_id: 'share-trigger',
      api_app_id: 'A1',
    });
    expect((await postSigned(slack, command.toString(), 'application/x-www-form-urlencoded')).status).toBe(200);
    await waitFor(() => fake.responses.some((r) => r.id === 'share-command'), 5_000, 'private answer');
    const privateAnswer = fake.responses.find((r) => r.id === 'share-command')!.body;
    const button = (privateAnswer.blocks as AnyBlock[]).find((b) => b.type === 'actions')!.elements.find((e: AnyBlock) => e.action_id === ACTION_IDS.share);

    const click = {
      type: 'block_actions',
      user: { id: 'U1', username: 'agent', team_id: 'T1' },
      api_app_id: 'A1',
      team: { id: 'T1', domain: 'collectivite' },
      channel: { id: 'CSHARE', name: 'politique-de-la-ville' },
      container: { type: 'message', message_ts: '1', channel_id: 'CSHARE', is_ephemeral: true },
      trigger_id: 'share-click',
      response_url: fake.responseUrl('share-click'),
      actions: [{ type: 'button', action_id: ACTION_IDS.share, block_id: 'alinea_answer_actions', value: button.value, action_ts: '1' }],
    };
    expect((await postSigned(slack, new URLSearchParams({ payload: JSON.stringify(click) }).toString(), 'application/x-www-form-urlencoded')).status).toBe(200);
    const shared = () => fake.callsTo('chat.postMessage').find((call) => call.body.channel === 'CSHARE');
    await waitFor(() => shared() !== undefined, 5_000, 'shared message');
    const blocks = shared()!.body.blocks as AnyBlock[];
    expect(blocks[0]!.elements[0].text).toBe('<@U1> a partagé une réponse d’Alinéa :');
    expect(unescapeMrkdwn(String(shared()!.body.text))).toBe(SHARE_TEXT);
    const sectionText = blocks
      .filter((block) => block.type === 'section')
      .map((block) => block.text.text)
      .join('\n\n');
    expect(unescapeMrkdwn(sectionText)).toBe(SHARE_TEXT);
  });

  it('Teams: the answer’s « Partager » card action posts that same text in the conversation', async () => {
    const teams = await startTeams({ PUBLIC_URL });
    await postTeams(teams, 'a:teams-share', { text: QUESTION });
    const answer = await teamsMessage('a:teams-share', 0);
    const card = answer.body.attachments.find((attachment: AnyBlock) => attachment.contentType === 'application/vnd.microsoft.card.adaptive').content;
    const action = card.actions.find((candidate: AnyBlock) => candidate.title === SHARE_TITLE);
    expect(action.type).toBe('Action.Submit');

    // Teams sends the card's data back as the value of a message replying to the answer.
    await postTeams(teams, 'a:teams-share', { value: action.data, replyToId: answer.id });
    const shared = await teamsMessage('a:teams-share', 1);
    expect(shared.body.text).toBe(SHARE_TEXT);
    expect(shared.body.textFormat).toBe('plain');

    // A click on a message this process did not send (restarted meanwhile) says so.
    await postTeams(teams, 'a:teams-share', { value: action.data, replyToId: 'unknown-activity' });
    expect((await teamsMessage('a:teams-share', 2)).body.text).toBe(EXPIRED_TEXT);
  });
});
