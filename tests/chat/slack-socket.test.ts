/**
 * Socket Mode: the real Bolt app opens `apps.connections.open` on the local Web API, connects to a
 * local WebSocket, acknowledges envelopes by envelope_id and answers through the Web API. An
 * event's envelope is acknowledged only once its question is in the (real, SQLite) inbox.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { MESSAGES } from '../../src/chat/slack/blocks.js';
import { createSlackSurface, type SlackSurface } from '../../src/chat/slack/slack-surface.js';
import { openSqliteStore } from '../../src/chat/store/sqlite-store.js';
import { type InboxItem, type ServingStore, StoreUnavailableError } from '../../src/chat/store/types.js';
import { startFakeSlackApi, waitFor, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { createScriptedAssistant, type ScriptedAssistant } from '../helpers/scripted-assistant.js';

let fake: FakeSlackApi;
let assistant: ScriptedAssistant;
let surface: SlackSurface;
let workDir: string;

function eventsApiEnvelope(envelopeId: string, event: Record<string, unknown>, retryAttempt = 0) {
  return {
    envelope_id: envelopeId,
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: retryAttempt,
    retry_reason: retryAttempt > 0 ? 'timeout' : '',
    payload: {
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `Ev-${envelopeId}`,
      event_time: Math.floor(Date.now() / 1000),
      event,
    },
  };
}

beforeAll(async () => {
  fake = await startFakeSlackApi();
  workDir = await mkdtemp(path.join(tmpdir(), 'alinea-slack-socket-'));
  assistant = createScriptedAssistant();
  const settings = loadSettings({
    SLACK_BOT_TOKEN: 'xoxb-socket-test',
    SLACK_APP_TOKEN: 'xapp-socket-test',
    FEEDBACK_LOG: path.join(workDir, 'feedback.jsonl'),
  });
  surface = createSlackSurface({
    assistant,
    settings,
    logger: pino({ level: 'silent' }),
    feedbackLog: new FeedbackLog(settings.FEEDBACK_LOG),
    clientOptions: { slackApiUrl: fake.apiUrl },
    botId: 'BBOT',
    botUserId: 'UBOT',
  });
  expect(surface.mode).toBe('socket');
  expect(surface.router).toBeUndefined();
  await Promise.race([surface.start(), new Promise((_, reject) => setTimeout(() => reject(new Error('Socket Mode did not start')), 10_000).unref())]);
  await fake.socketConnected();
});

afterAll(async () => {
  await surface?.stop().catch(() => undefined);
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('Slack surface in Socket Mode (local WebSocket)', () => {
  it('opens the connection with the app token through apps.connections.open', () => {
    const opens = fake.callsTo('apps.connections.open');
    expect(opens.length).toBeGreaterThanOrEqual(1);
    expect(opens[0]!.authorized).toBe(true);
  });

  it('acknowledges an events_api envelope and answers the mention in its thread', async () => {
    const ts = '1710000100.000001';
    fake.sendEnvelope(eventsApiEnvelope('env-1', { type: 'app_mention', user: 'U1', text: '<@UBOT> Question par socket', ts, channel: 'C9', event_ts: ts }));
    await waitFor(() => fake.socketAcks.some((ack) => ack.envelope_id === 'env-1'), 5_000, 'ack');
    await waitFor(() => fake.callsTo('chat.update').length === 1, 5_000, 'answer');
    const placeholder = fake.callsTo('chat.postMessage')[0]!;
    expect(placeholder.body).toMatchObject({ channel: 'C9', thread_ts: ts, text: MESSAGES.placeholder });
    expect(String(fake.callsTo('chat.update')[0]!.body.text)).toContain('Réponse 1 à « Question par socket »');
    expect(assistant.calls.map((call) => call.question)).toEqual(['Question par socket']);
  });

  it('answers a retried envelope of an event it never received, once', async () => {
    const ts = '1710000100.000002';
    fake.sendEnvelope(eventsApiEnvelope('env-2', { type: 'app_mention', user: 'U1', text: '<@UBOT> Réessai', ts, channel: 'C9', event_ts: ts }, 1));
    await waitFor(() => fake.socketAcks.some((ack) => ack.envelope_id === 'env-2'), 5_000, 'ack of retry');
    const witness = '1710000100.000003';
    fake.sendEnvelope(eventsApiEnvelope('env-3', { type: 'app_mention', user: 'U1', text: '<@UBOT> Témoin', ts: witness, channel: 'C9', event_ts: witness }));
    await waitFor(() => fake.callsTo('chat.update').some((call) => String(call.body.text).includes('Témoin')), 5_000, 'witness');
    await waitFor(() => fake.callsTo('chat.update').some((call) => String(call.body.text).includes('Réessai')), 5_000, 'retried question');
    // A second retry of the same event is a duplicate.
    fake.sendEnvelope(eventsApiEnvelope('env-2b', { type: 'app_mention', user: 'U1', text: '<@UBOT> Réessai', ts, channel: 'C9', event_ts: ts }, 2));
    await waitFor(() => fake.socketAcks.some((ack) => ack.envelope_id === 'env-2b'), 5_000, 'ack of second retry');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(assistant.calls.map((call) => call.question).filter((question) => question === 'Réessai')).toHaveLength(1);
  });

  it('acknowledges a slash command with the private placeholder in the envelope ack', async () => {
    fake.sendEnvelope({
      envelope_id: 'env-cmd',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { team_id: 'T1', channel_id: 'C9', user_id: 'U1', command: '/alinea', text: 'Commande par socket', response_url: fake.responseUrl('socket-cmd'), trigger_id: 't' },
    });
    await waitFor(() => fake.socketAcks.some((ack) => ack.envelope_id === 'env-cmd'), 5_000, 'command ack');
    const ack = fake.socketAcks.find((a) => a.envelope_id === 'env-cmd') as { payload: Record<string, unknown> };
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: MESSAGES.placeholder });
    await waitFor(() => fake.responses.some((r) => r.id === 'socket-cmd'), 5_000, 'respond');
    expect(String(fake.responses.find((r) => r.id === 'socket-cmd')!.body.text)).toContain('Commande par socket');
  });

  it('ships a manifest that enables what the surface listens to', async () => {
    const manifest = JSON.parse(await readFile(path.resolve('slack/manifest.json'), 'utf8'));
    expect(manifest.display_information.name).toBe('Alinéa');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/alinea']);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'app_home_opened', 'message.channels']));
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'im:read', 'im:write', 'channels:history']));
    // The assistant container (split view, suggested prompts, thread titles, status).
    expect(manifest.features.assistant_view.assistant_description).toMatch(/contrats de ville/);
    expect(manifest.oauth_config.scopes.bot).toContain('assistant:write');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['assistant_thread_started', 'assistant_thread_context_changed', 'message.im']));
  });
});

/**
 * A real SQLite inbox whose writes can be made to fail (the store is down) or to never finish (the
 * process dies before the write): everything else goes to the real store.
 */
function storeWithFaults(store: ServingStore, fault: (item: InboxItem) => 'down' | 'hang' | undefined): ServingStore {
  const submit = async (item: InboxItem): Promise<boolean> => {
    const kind = fault(item);
    if (kind === 'down') throw new StoreUnavailableError('stockage indisponible (test)');
    if (kind === 'hang') return new Promise<boolean>(() => undefined);
    return store.submit(item);
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'submit') return submit;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('Socket Mode acknowledges an event only once its question is stored', () => {
  it('leaves unacknowledged an envelope the inbox could not take or is still writing, and answers its redelivery once', async () => {
    const api = await startFakeSlackApi();
    const dir = await mkdtemp(path.join(tmpdir(), 'alinea-slack-socket-store-'));
    const inbox = openSqliteStore({ file: path.join(dir, 'inbox.sqlite'), retentionDays: 30, leaseSeconds: 60, pollMs: 50 });
    let storeDown = true;
    const store = storeWithFaults(inbox, (item) => {
      const question = String(item.payload.question ?? '');
      if (question.includes('Panne') && storeDown) return 'down';
      if (question.includes('Coupure')) return 'hang';
      return undefined;
    });
    const scripted = createScriptedAssistant();
    const settings = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-socket-store', SLACK_APP_TOKEN: 'xapp-socket-store', FEEDBACK_LOG: path.join(dir, 'feedback.jsonl') });
    const socketSurface = createSlackSurface({
      assistant: scripted,
      settings,
      logger: pino({ level: 'silent' }),
      feedbackLog: new FeedbackLog(settings.FEEDBACK_LOG),
      clientOptions: { slackApiUrl: api.apiUrl },
      botId: 'BBOT',
      botUserId: 'UBOT',
      store,
    });
    try {
      await socketSurface.start();
      await api.socketConnected();
      await store.startProcessing(socketSurface.handleJob, 2);
      const mention = (envelopeId: string, ts: string, text: string, retry = 0) =>
        eventsApiEnvelope(envelopeId, { type: 'app_mention', user: 'U1', text: `<@UBOT> ${text}`, ts, channel: 'C7', event_ts: ts }, retry);
      const acked = (envelopeId: string) => api.socketAcks.some((ack) => ack.envelope_id === envelopeId);

      // The store refuses one question and never finishes writing another (the process would die
      // there); a third, stored, is acknowledged. Envelopes are handled in order on one socket, and
      // Bolt's own receiver acknowledged each before its listener ran: by the time the witness is
      // acknowledged, an early acknowledgement of the other two would have arrived.
      api.sendEnvelope(mention('env-down', '1710000200.000001', 'Panne du stockage'));
      api.sendEnvelope(mention('env-hang', '1710000200.000002', 'Coupure avant écriture'));
      api.sendEnvelope(mention('env-witness', '1710000200.000003', 'Témoin stocké'));
      await waitFor(() => acked('env-witness'), 5_000, 'ack of the stored question');
      expect(acked('env-down')).toBe(false);
      expect(acked('env-hang')).toBe(false);

      // Slack redelivers what was not acknowledged; the store is back.
      storeDown = false;
      api.sendEnvelope(mention('env-down-retry', '1710000200.000001', 'Panne du stockage', 1));
      await waitFor(() => acked('env-down-retry'), 5_000, 'ack of the redelivery');
      await waitFor(() => api.callsTo('chat.update').some((call) => String(call.body.text).includes('Panne du stockage')), 10_000, 'answer to the redelivery');
      await waitFor(() => api.callsTo('chat.update').some((call) => String(call.body.text).includes('Témoin stocké')), 10_000, 'answer to the witness');
      expect(scripted.calls.map((call) => call.question).sort()).toEqual(['Panne du stockage', 'Témoin stocké']);
    } finally {
      await socketSurface.stop().catch(() => undefined);
      await inbox.close().catch(() => undefined);
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
