/**
 * A local stand-in for Slack, on 127.0.0.1 only:
 * - the Web API (`POST /api/<method>`, form-encoded like @slack/web-api sends it), recording every
 *   call with its body (JSON fields such as `blocks`, `view`, `prompts` and streamed `chunks`
 *   decoded); `chat.startStream` returns the streamed message's ts like Slack;
 * - `response_url` endpoints (`POST /respond/<id>`, JSON), for slash commands and button clicks;
 * - a Socket Mode WebSocket (`/socket`) that says hello, delivers envelopes and records acks.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  /** Whether an Authorization header came with the call (its value is never recorded). */
  authorized: boolean;
}

export interface ResponseUrlCall {
  id: string;
  body: Record<string, unknown>;
}

export interface FakeSlackApi {
  /** Base URL for `clientOptions.slackApiUrl` (ends with `/api/`). */
  apiUrl: string;
  /** A fresh response_url on this server. */
  responseUrl(id?: string): string;
  calls: ApiCall[];
  responses: ResponseUrlCall[];
  /** Socket Mode acks received (`{ envelope_id, payload }`). */
  socketAcks: Record<string, unknown>[];
  /** Makes the next call of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string): void;
  /** Calls of `method` from now on get no answer and are not recorded (Slack never applied them). */
  hold(method: string): void;
  /** How many calls are being held. */
  heldCount(): number;
  /** Stops holding: held calls are answered `{ ok: false, error: 'held' }` (if their caller still listens). */
  releaseHeld(): void;
  callsTo(method: string): ApiCall[];
  /** Resolves once a Socket Mode client has connected (and received hello). */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Sends an envelope to the connected Socket Mode client. */
  sendEnvelope(envelope: Record<string, unknown>): void;
  reset(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata', 'chunks', 'prompts'];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const parsed: Record<string, unknown> = { ...parseQuery(raw) };
  for (const field of JSON_FIELDS) {
    const value = parsed[field];
    if (typeof value === 'string') {
      try {
        parsed[field] = JSON.parse(value);
      } catch {
        // Left as sent: a test will notice a malformed field.
      }
    }
  }
  return parsed;
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: ApiCall[] = [];
  const responses: ResponseUrlCall[] = [];
  const socketAcks: Record<string, unknown>[] = [];
  const failures = new Map<string, string>();
  const holding = new Set<string>();
  const held: import('node:http').ServerResponse[] = [];
  let tsCounter = 0;
  let responseCounter = 0;
  let socket: WebSocket | undefined;
  const nextTs = (): string => `1700000000.${String(++tsCounter).padStart(6, '0')}`;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const body = parseBody(raw, req.headers['content-type']);
      const reply = (status: number, payload: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'POST' && url.pathname.startsWith('/respond/')) {
        responses.push({ id: url.pathname.slice('/respond/'.length), body });
        reply(200, { ok: true });
        return;
      }
      if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
        reply(404, { ok: false, error: 'unknown_path' });
        return;
      }
      const method = url.pathname.slice('/api/'.length);
      if (holding.has(method)) {
        held.push(res);
        return;
      }
      calls.push({ method, body, authorized: typeof req.headers.authorization === 'string' });
      const failure = failures.get(method);
      if (failure !== undefined) {
        failures.delete(method);
        reply(200, { ok: false, error: failure });
        return;
      }
      switch (method) {
        case 'chat.postMessage':
          reply(200, { ok: true, channel: body.channel, ts: nextTs(), message: { text: body.text } });
          return;
        case 'chat.startStream':
          reply(200, { ok: true, channel: body.channel, ts: nextTs() });
          return;
        case 'chat.appendStream':
        case 'chat.stopStream':
          reply(200, { ok: true, channel: body.channel, ts: body.ts });
          return;
        case 'chat.update':
          reply(200, { ok: true, channel: body.channel, ts: body.ts, text: body.text });
          return;
        case 'chat.postEphemeral':
          reply(200, { ok: true, message_ts: nextTs() });
          return;
        case 'views.publish':
          reply(200, { ok: true, view: { id: 'V1', ...(body.view as object) } });
          return;
        case 'auth.test':
          reply(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'alinea' });
          return;
        case 'apps.connections.open': {
          const { port } = server.address() as AddressInfo;
          reply(200, { ok: true, url: `ws://127.0.0.1:${port}/socket` });
          return;
        }
        default:
          reply(200, { ok: true });
      }
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, sock, head) => {
    if (!req.url?.startsWith('/socket')) {
      sock.destroy();
      return;
    }
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        try {
          socketAcks.push(JSON.parse(data.toString()) as Record<string, unknown>);
        } catch {
          // Not JSON: not an ack.
        }
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } }));
      wss.emit('alinea-connected');
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id = `r${++responseCounter}`) => `${base}/respond/${id}`,
    calls,
    responses,
    socketAcks,
    failNext: (method, error) => failures.set(method, error),
    hold: (method) => holding.add(method),
    heldCount: () => held.length,
    releaseHeld() {
      holding.clear();
      for (const res of held.splice(0)) {
        if (res.destroyed || res.writableEnded) continue;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'held' }));
      }
    },
    callsTo: (method) => calls.filter((call) => call.method === method),
    async socketConnected(timeoutMs = 5_000) {
      if (socket) return;
      await Promise.race([once(wss, 'alinea-connected'), new Promise((_, reject) => setTimeout(() => reject(new Error('no Socket Mode connection')), timeoutMs).unref())]);
    },
    sendEnvelope(envelope) {
      if (!socket) throw new Error('no Socket Mode client connected');
      socket.send(JSON.stringify(envelope));
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      socketAcks.length = 0;
      failures.clear();
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `predicate` holds, failing after `timeoutMs`: keeps asynchronous tests bounded. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The signing lives with the app code (the load probe signs too); re-exported for existing tests.
export { signSlackRequest } from '../../src/chat/slack/request-signing.js';
