/**
 * A Slack delivery that reaches the server together with API requests is stored and acknowledged
 * before any of them is taken: platform deliveries go to the app at once, other requests wait for
 * their turn of the event loop (src/chat/deliveries-first.ts). Real server, real Slack surface,
 * raw sockets on 127.0.0.1 so that every request arrives in the same turn.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { createLogger } from '../../src/chat/logger.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { slackSignatureHeaders } from '../../src/chat/slack/request-signing.js';
import { startSurfaces, type StartedSurfaces } from '../../src/chat/start-surfaces.js';
import { memoryStore } from '../../src/chat/store/open-store.js';
import type { ServingStore } from '../../src/chat/store/types.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';
import { eventEnvelope } from '../helpers/slack-http.js';

const SIGNING_SECRET = 'deliveries-first-secret';
const API_REQUESTS = 10;

let tmp: string;
let running: RunningServer;
let surfaces: StartedSurfaces;
let inner: ServingStore;
/** What reached the store, in order: `api` for an API question taken, the key for a Slack delivery. */
const taken: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-deliveries-first-'));
  const settings = loadSettings({ LOG_LEVEL: 'silent', FEEDBACK_LOG: path.join(tmp, 'feedback.jsonl'), SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET });
  const logger = createLogger(settings);
  const feedbackLog = new FeedbackLog(settings.FEEDBACK_LOG);
  const assistant = createScriptedAssistant();
  inner = memoryStore();
  const store: ServingStore = Object.assign(Object.create(inner) as ServingStore, {
    submit: (item: Parameters<ServingStore['submit']>[0]) => {
      taken.push(item.key);
      return inner.submit(item);
    },
    beginApi: (key: string, question: string) => {
      taken.push('api');
      return inner.beginApi(key, question);
    },
  });
  const server = createServer({ assistant, settings, logger, feedbackLog, store });
  running = await server.listen(0, '127.0.0.1');
  surfaces = await startSurfaces({
    app: server.deliveries,
    assistant,
    settings,
    logger,
    feedbackLog,
    store,
    slack: { botId: 'B1', botUserId: 'U1', clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/' } },
  });
});

afterAll(async () => {
  await surfaces?.stop();
  running?.closeAll();
  await running?.close();
  await inner?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A raw HTTP/1.1 POST, the connection closed after the response. */
function rawPost(port: number, route: string, body: string, headers: Record<string, string>): string {
  const lines = [`POST ${route} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with everything the server wrote before closing. */
function readAll(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.once('end', () => resolve(text));
    socket.once('error', reject);
  });
}

describe('deliveries first', () => {
  it('stores and acknowledges a Slack delivery that arrives with API requests before taking any of them', async () => {
    const port = Number(new URL(running.url).port);
    const sockets = await Promise.all(Array.from({ length: API_REQUESTS + 1 }, () => connect(port)));
    // Every connection accepted (one per turn of the server's event loop) before anything is written.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const replies = sockets.map(readAll);
    const event = { type: 'app_mention', user: 'U2', text: '<@U1> Question pressée', ts: '1710000000.000001', channel: 'C1', event_ts: '1710000000.000001' };
    const delivery = eventEnvelope(event, 'EvFIRST', 'U1');
    // The API requests are written first, the delivery last, all in the same turn.
    for (let i = 0; i < API_REQUESTS; i++) sockets[i]!.write(rawPost(port, '/api/ask', JSON.stringify({ question: `Question ${i}` }), {}));
    sockets[API_REQUESTS]!.write(rawPost(port, '/slack/events', delivery, slackSignatureHeaders(SIGNING_SECRET, delivery)));

    const texts = await Promise.all(replies);
    expect(texts.slice(0, API_REQUESTS).every((text) => text.startsWith('HTTP/1.1 200'))).toBe(true);
    expect(texts[API_REQUESTS]).toMatch(/^HTTP\/1\.1 200/);
    // The delivery's write (under its event id, or its message) came before any API question's.
    expect(taken[0]).toMatch(/^slack:/);
    expect(taken.slice(1, API_REQUESTS + 1)).toEqual(Array.from({ length: API_REQUESTS }, () => 'api'));
  });
});
