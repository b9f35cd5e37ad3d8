/**
 * Teams on the intake port (INTAKE_PORT). A message activity is authenticated by the Teams SDK
 * exactly as on the main port — the SDK's own HttpServer checks the Bot Framework token, with the
 * bot id, tenant and cloud the main port's app has (bot-auth.ts) — then written to the inbox under
 * its activity id (inbox-question.ts, the main port's key: a retry on either port is a duplicate)
 * and acknowledged; the main thread answers it from the inbox.
 *
 * Anything else on /api/messages — invokes (👍/👎), a click on « Partager » (the replica that sent
 * the answer shares it from memory), conversation updates, a body that is not a JSON activity — is
 * forwarded as it came to the main port, which authenticates and answers it as it always has.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type HttpMethod, type HttpRouteHandler, type IHttpServerAdapter } from '@microsoft/teams.apps';
import type { Logger } from '../logger.js';
import type { InboxItem } from '../store/types.js';
import type { TeamsInboundAuth } from '../teams/bot-auth.js';
import { isInboxQuestion, teamsInboxItem } from '../teams/inbox-question.js';
import { TEAMS_MESSAGING_ENDPOINT } from '../teams/messaging-endpoint.js';
import { pinoTeamsLogger } from '../teams/sdk-logger.js';

/** The main port's limit for an activity (router-adapter.ts). */
const BODY_LIMIT = 256 * 1024;

/** Keeps the SDK's messaging-endpoint handler ({ body, headers } → { status, body }) to call it on the raw request. */
class CapturingAdapter implements IHttpServerAdapter {
  handler: HttpRouteHandler | undefined;

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    if (method === 'POST' && path === TEAMS_MESSAGING_ENDPOINT) this.handler = handler;
  }
}

export interface TeamsDoor {
  /** Serves one request on /api/messages; `forward` sends it on to the main port (the body read so far is on `req.rawBody`). */
  handle(req: IncomingMessage, res: ServerResponse, forward: () => void): void;
}

export interface TeamsDoorOptions {
  auth: TeamsInboundAuth;
  /** Writes the question to the inbox; false when its key was already there. */
  store: (item: InboxItem) => Promise<boolean>;
  logger: Logger;
}

export async function openTeamsDoor(options: TeamsDoorOptions): Promise<TeamsDoor> {
  const { auth, logger } = options;
  const adapter = new CapturingAdapter();
  const app = new App({
    clientId: auth.clientId,
    tenantId: auth.tenantId,
    ...(auth.cloud ? { cloud: auth.cloud } : {}),
    httpServerAdapter: adapter,
    messagingEndpoint: TEAMS_MESSAGING_ENDPOINT,
    // Always explicit: the SDK's DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS variable cannot turn the check off here.
    dangerouslyAllowUnauthenticatedRequests: false,
    logger: pinoTeamsLogger(logger),
  });
  app.on('message', async ({ activity, ref }) => {
    // Only questions reach the SDK here (see handle); anything else would have been forwarded.
    if (!isInboxQuestion(activity)) return;
    const fresh = await options.store(teamsInboxItem(activity, ref));
    if (!fresh) logger.info('teams duplicate activity ignored');
  });
  await app.initialize();
  const handler = adapter.handler;
  if (!handler) throw new Error('the Teams SDK registered no messaging endpoint');

  return {
    handle(req, res, forward) {
      const encoding = req.headers['content-encoding'];
      const declared = Number(req.headers['content-length'] ?? 0);
      // What the main port's body parser would treat differently (or refuse) goes there as it is.
      if (
        req.method !== 'POST' ||
        !/^application\/json\s*(;\s*charset=utf-?8\s*)?$/i.test(req.headers['content-type'] ?? '') ||
        (encoding !== undefined && encoding !== 'identity') ||
        declared > BODY_LIMIT
      ) {
        forward();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let refused = false;
      req.on('data', (chunk: Buffer) => {
        if (refused) return;
        size += chunk.length;
        if (size > BODY_LIMIT) {
          refused = true;
          sendJson(res, 413, { error: 'Invalid request body' }, true);
          return;
        }
        chunks.push(chunk);
      });
      req.on('error', () => res.destroy());
      req.on('end', () => {
        if (refused) return;
        const raw = Buffer.concat(chunks);
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          body = undefined;
        }
        if (body === null || typeof body !== 'object' || Array.isArray(body) || !isInboxQuestion(body as { type?: unknown; value?: unknown })) {
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
          forward();
          return;
        }
        handler({ body, headers: req.headers as Record<string, string | string[]> }).then(
          (response) => sendJson(res, response.status, response.body),
          (error: unknown) => {
            logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'teams intake: activity not handled');
            sendJson(res, 500, { error: 'Internal server error' });
          },
        );
      });
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = close ? { connection: 'close' } : {};
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'content-length': 0 }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}
