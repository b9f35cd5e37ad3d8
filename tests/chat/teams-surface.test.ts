/**
 * The Teams surface end to end at the protocol level: activities POSTed to /api/messages on
 * 127.0.0.1 (auth off, tests only), replies captured by a fake Bot Connector (`serviceUrl`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import type { Assistant } from '../../src/core/answer.js';
import { loadSettings, type Settings } from '../../src/config.js';
import { FeedbackLog, hashUserId } from '../../src/chat/feedback-log.js';
import { createLogger } from '../../src/chat/logger.js';
import { createTeamsSurface, ERROR_TEXT, TeamsConfigError, type TeamsSurface } from '../../src/chat/teams/teams-surface.js';
import { createScriptedAssistant, type ScriptedAssistant } from '../helpers/scripted-assistant.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../helpers/fake-teams-connector.js';

const BOT = { id: '28:alinea-bot', name: 'Alinéa', role: 'bot' };
const USER = { id: '29:user-marie', name: 'Marie', aadObjectId: '00000000-aaaa-bbbb-cccc-000000000001', role: 'user' };

let tmp: string;
let connector: FakeTeamsConnector;
let logLines: string[];
let activityCounter = 0;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-teams-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

beforeEach(async () => {
  connector = await startFakeTeamsConnector();
  logLines = [];
});
afterEach(async () => {
  await connector.close();
});

function settingsFor(env: Record<string, string> = {}): Settings {
  return loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'info', FEEDBACK_LOG: path.join(tmp, 'feedback.jsonl'), ...env });
}

function testLogger() {
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  return createLogger({ LOG_LEVEL: 'info' }, destination);
}

interface Started {
  surface: TeamsSurface;
  assistant: ScriptedAssistant;
  feedbackLog: FeedbackLog;
}

const started: TeamsSurface[] = [];
afterEach(async () => {
  while (started.length > 0) await started.pop()!.stop();
});

async function startSurface(assistant: ScriptedAssistant = createScriptedAssistant(), file = 'feedback.jsonl'): Promise<Started> {
  const feedbackLog = new FeedbackLog(path.join(tmp, `${Date.now()}-${file}`));
  const surface = createTeamsSurface({
    assistant,
    settings: settingsFor(),
    logger: testLogger(),
    feedbackLog,
    allowUnauthenticated: true,
    host: '127.0.0.1',
  });
  await surface.start(0);
  started.push(surface);
  return { surface, assistant, feedbackLog };
}

function personalMessage(text: string, overrides: Record<string, unknown> = {}) {
  activityCounter += 1;
  return {
    type: 'message',
    id: `inbound-${activityCounter}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'fr-FR',
    from: USER,
    recipient: BOT,
    conversation: { id: 'a:1personal-conversation', conversationType: 'personal', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
    text,
    textFormat: 'plain',
    ...overrides,
  };
}

async function post(surface: TeamsSurface, activity: unknown): Promise<Response> {
  return fetch(surface.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(10_000),
  });
}

describe('Teams surface', () => {
  it('answers a 1:1 message with AI label, [n] citations linked to claims and feedback buttons', async () => {
    const { surface, assistant } = await startSurface();
    const question = 'Quels sont les quartiers prioritaires de Béthune ?';
    const response = await post(surface, personalMessage(question));
    expect(response.status).toBe(200);
    await surface.idle();

    const reply = (await connector.waitForMessages(1))[0]!;
    expect(assistant.calls).toHaveLength(1);
    expect(assistant.calls[0]!.question).toBe(question);
    expect(assistant.calls[0]!.context?.surface).toBe('teams');
    expect(assistant.calls[0]!.context?.history).toEqual([]);

    expect(reply.conversationId).toBe('a:1personal-conversation');
    // Without credentials teams.apps 2.0 sends a literal « Bearer null »: no real token was fetched.
    expect([undefined, 'Bearer null']).toContain(reply.authorization);
    expect(reply.body.text).toContain(question);
    expect(reply.body.text).toContain('[1]');
    expect(reply.body.channelData.feedbackLoop).toEqual({ type: 'default' });
    const messageEntity = reply.body.entities.find((entity: { type: string; '@type': string }) => entity.type === 'https://schema.org/Message' && entity['@type'] === 'Message');
    expect(messageEntity['@context']).toBe('https://schema.org');
    expect(messageEntity.additionalType).toContain('AIGeneratedContent');
    const positions = messageEntity.citation.map((claim: { position: number }) => claim.position);
    expect(positions).toEqual([1, 2]);
    const markers = [...String(reply.body.text).matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(new Set(markers)).toEqual(new Set(positions));
    for (const claim of messageEntity.citation) {
      expect(claim['@type']).toBe('Claim');
      expect(claim.appearance.name).toBe(`Document ${claim.position}`);
      expect(claim.appearance.abstract.length).toBeLessThanOrEqual(160);
      expect(claim.appearance.abstract).toContain(`Passage cité numéro ${claim.position}`);
    }

    // A typing indicator went out, before the answer.
    const typingIndex = connector.activities.findIndex((activity) => activity.body.type === 'typing');
    const replyIndex = connector.activities.findIndex((activity) => activity.body.type === 'message');
    expect(typingIndex).toBeGreaterThanOrEqual(0);
    expect(typingIndex).toBeLessThan(replyIndex);
    // No token endpoint or other API was called: there are no credentials in tests.
    expect(connector.otherRequests).toEqual([]);
    // Info logs carry a fingerprint of the question, not the question.
    expect(logLines.join('')).toContain('teams answer sent');
    expect(logLines.join('')).not.toContain('quartiers prioritaires');
  });

  it('acknowledges the POST before a slow answer (the connector gives up after 15 s) and still answers', async () => {
    const { surface } = await startSurface(createScriptedAssistant({ delayMs: 800 }));
    const before = Date.now();
    const response = await post(surface, personalMessage('Une question longue ?'));
    expect(response.status).toBe(200);
    expect(Date.now() - before).toBeLessThan(700);
    expect(connector.messages()).toHaveLength(0);
    await surface.idle();
    expect((await connector.waitForMessages(1))[0]!.body.text).toContain('Une question longue');
  });

  it('keeps the typing indicator alive while the core works', async () => {
    const { surface } = await startSurface(createScriptedAssistant({ delayMs: 3_300 }));
    await post(surface, personalMessage('Une question lente ?'));
    await connector.waitForMessages(1);
    expect(connector.typings().length).toBeGreaterThanOrEqual(2);
  });

  it('strips the @mention in a channel before the question reaches the assistant, and replies in the thread', async () => {
    const { surface, assistant } = await startSurface();
    const threadId = '19:general-channel@thread.tacv2;messageid=1700000000000';
    const response = await post(
      surface,
      personalMessage('<at>Alinéa</at> Quel est le budget du contrat de ville ?', {
        conversation: { id: threadId, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' },
        entities: [{ type: 'mention', text: '<at>Alinéa</at>', mentioned: { id: BOT.id, name: BOT.name } }],
        channelData: { teamsChannelId: '19:general-channel@thread.tacv2', teamsTeamId: '19:team@thread.tacv2', tenant: { id: 'tenant-1' } },
      }),
    );
    expect(response.status).toBe(200);
    const reply = (await connector.waitForMessages(1))[0]!;
    expect(assistant.calls[0]!.question).toBe('Quel est le budget du contrat de ville ?');
    expect(reply.conversationId).toBe(threadId);
    expect(reply.body.text).not.toContain('<at>');
  });

  it('passes the earlier turns of the same conversation as history, and not those of another', async () => {
    const { surface, assistant } = await startSurface();
    await post(surface, personalMessage('Quels sont les objectifs du contrat ?'));
    await post(surface, personalMessage("Et pour l'objectif 19 ?"));
    await post(surface, personalMessage('Autre conversation ?', { conversation: { id: 'a:2other', conversationType: 'personal' } }));
    const replies = await connector.waitForMessages(3);

    expect(assistant.calls[1]!.question).toBe("Et pour l'objectif 19 ?");
    const history = assistant.calls[1]!.context?.history ?? [];
    expect(history).toHaveLength(1);
    expect(history[0]!.question).toBe('Quels sont les objectifs du contrat ?');
    expect(history[0]!.answer?.text).toContain('Réponse 1');
    expect(replies[1]!.body.text).toContain('Réponse 2');
    expect(assistant.calls[2]!.context?.history).toEqual([]);
  });

  it('records the feedback invoke in the feedback log with a hashed user id', async () => {
    const { surface, feedbackLog } = await startSurface();
    const question = 'Combien de quartiers prioritaires ?';
    await post(surface, personalMessage(question));
    await surface.idle();
    const reply = (await connector.waitForMessages(1))[0]!;

    const response = await post(surface, {
      type: 'invoke',
      name: 'message/submitAction',
      id: 'invoke-1',
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      from: USER,
      recipient: BOT,
      conversation: { id: 'a:1personal-conversation', conversationType: 'personal', tenantId: 'tenant-1' },
      replyToId: reply.id,
      value: { actionName: 'feedback', actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"incomplet"}' } },
    });
    expect(response.status).toBe(200);

    const entries = await feedbackLog.readAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ surface: 'teams', verdict: 'down', question, userHash: hashUserId(USER.aadObjectId) });
    expect(entries[0]!.answer).toBe(reply.body.text);
    expect(entries[0]!.answer).toContain(`Réponse 1 à « ${question} »`);
    expect(entries[0]!.sources).toEqual(['doc-1.txt (l. 10-14)', 'doc-2.txt (l. 20-24)']);
    const raw = JSON.stringify(entries[0]);
    expect(raw).not.toContain(USER.aadObjectId);
    expect(raw).not.toContain(USER.id);
  });

  it('answers with one polite French message when the assistant throws', async () => {
    const { surface } = await startSurface(createScriptedAssistant({ failOn: 'panne' }));
    const response = await post(surface, personalMessage('Provoque une panne secrète'));
    expect(response.status).toBe(200);
    await surface.idle();
    const messages = await connector.waitForMessages(1);
    expect(connector.messages()).toHaveLength(1);
    expect(messages[0]!.body.text).toBe(ERROR_TEXT);
    expect(messages[0]!.body.text).not.toContain('scripted failure');
    const logs = logLines.join('');
    expect(logs).toContain('teams answer failed');
    expect(logs).toContain('scripted failure');
    expect(logs).not.toContain('panne secrète');
  });

  it('shows a refusal without citation claims', async () => {
    const { surface } = await startSurface(createScriptedAssistant({ refuseOn: 'météo' }));
    await post(surface, personalMessage('Quelle météo demain ?'));
    const reply = (await connector.waitForMessages(1))[0]!;
    expect(reply.body.text).toContain('ne permet pas');
    const messageEntity = reply.body.entities.find((entity: { type: string }) => entity.type === 'https://schema.org/Message');
    expect(messageEntity.citation ?? []).toEqual([]);
  });

  it('rejects unauthenticated activities when auth is on', async () => {
    const surface = createTeamsSurface({
      assistant: createScriptedAssistant(),
      settings: settingsFor(),
      logger: testLogger(),
      feedbackLog: new FeedbackLog(path.join(tmp, 'unused.jsonl')),
      host: '127.0.0.1',
    });
    await surface.start(0);
    started.push(surface);
    const response = await post(surface, personalMessage('Bonjour ?'));
    expect(response.status).toBe(401);
    expect(connector.activities).toEqual([]);
  });

  it('answers malformed bodies with a short 400, without reaching the assistant', async () => {
    const { surface, assistant } = await startSurface();
    for (const body of ['{pas du json', '"une chaîne"']) {
      const response = await fetch(surface.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(text).not.toContain('at ');
      expect(JSON.parse(text).error).toBeTruthy();
    }
    expect(assistant.calls).toEqual([]);
    expect(connector.activities).toEqual([]);
  });

  it('can be mounted into an existing express app', async () => {
    const assistant = createScriptedAssistant();
    const surface = createTeamsSurface({
      assistant,
      settings: settingsFor(),
      logger: testLogger(),
      feedbackLog: new FeedbackLog(path.join(tmp, 'mounted.jsonl')),
      allowUnauthenticated: true,
    });
    const web = express();
    web.get('/health', (_req, res) => {
      res.json({ ok: true });
    });
    surface.mount(web);
    const server = web.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(personalMessage('Question via le serveur principal ?')),
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(200);
      expect((await connector.waitForMessages(1))[0]!.body.text).toContain('Question via le serveur principal');
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses the unauthenticated mode in production', () => {
    const build = () =>
      createTeamsSurface({
        assistant: createScriptedAssistant() as Assistant,
        settings: settingsFor({ NODE_ENV: 'production' }),
        logger: testLogger(),
        feedbackLog: new FeedbackLog(path.join(tmp, 'never.jsonl')),
        allowUnauthenticated: true,
      });
    expect(build).toThrow(TeamsConfigError);
    expect(build).toThrow(/production/);
  });

  it('refuses the Microsoft login stand-in in production, whatever the settings say', () => {
    const settings = { ...settingsFor({ TEAMS_CLIENT_ID: 'bot', TEAMS_CLIENT_SECRET: 'secret', TEAMS_TEST_LOGIN_URL: 'http://127.0.0.1:9' }), NODE_ENV: 'production' };
    const build = () => createTeamsSurface({ assistant: createScriptedAssistant(), settings, logger: testLogger(), feedbackLog: new FeedbackLog(path.join(tmp, 'unused.jsonl')) });
    expect(build).toThrow(TeamsConfigError);
    expect(build).toThrow(/TEAMS_TEST_LOGIN_URL.*NODE_ENV=test/);
  });

  it('never turns auth off from the environment', async () => {
    process.env.DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS = 'true';
    try {
      const surface = createTeamsSurface({
        assistant: createScriptedAssistant(),
        settings: settingsFor(),
        logger: testLogger(),
        feedbackLog: new FeedbackLog(path.join(tmp, 'env.jsonl')),
        host: '127.0.0.1',
      });
      await surface.start(0);
      started.push(surface);
      expect((await post(surface, personalMessage('Bonjour ?'))).status).toBe(401);
    } finally {
      delete process.env.DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS;
    }
  });
});
