/**
 * Slack over HTTP for tests: a surface's router served the way the server mounts it (at
 * /slack/events, on 127.0.0.1), Events API envelopes, and deliveries signed like Slack's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { signSlackRequest } from '../../src/chat/slack/request-signing.js';
import type { EarlyHandler } from '../../src/chat/server.js';

export interface SlackRouterHost {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Where the router answers: `${baseUrl}/slack/events`. */
  eventsUrl: string;
  close(): Promise<void>;
}

/**
 * Serves `router` at /slack/events on an ephemeral port of 127.0.0.1. `mount` adds other routes
 * to the host app first (a body parser that must not see Slack's requests, a host API); `early`
 * takes /slack/events before express, as the server's `earlyRoute` does.
 */
export async function serveSlackRouter(router: Router, mount?: (app: express.Express) => void, early?: EarlyHandler): Promise<SlackRouterHost> {
  const app = express();
  mount?.(app);
  app.use('/slack/events', router);
  // With `early`, /slack/events goes through it first, as the server's earlyRoute does.
  const server: Server = createServer((req, res) => {
    if (early && req.url?.split('?')[0] === '/slack/events') early(req, res, () => app(req, res));
    else app(req, res);
  }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An Events API delivery of `event`, as Slack sends it (JSON text, the body that is signed). */
export function eventEnvelope(event: Record<string, unknown>, eventId: string, botUserId = 'UBOT'): string {
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: botUserId, is_bot: true }],
    event,
  });
}

export interface SignedPostOptions {
  contentType?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
  /** A signature of one's own (a forged one); by default the body signed with the secret. */
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs `body` to `url` with Slack's signature headers, as a Slack delivery. */
export function postSigned(url: string, secret: string, body: string, options: SignedPostOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(secret, timestamp, body),
      ...options.headers,
    },
    body,
    signal: AbortSignal.timeout(5_000),
  });
}
