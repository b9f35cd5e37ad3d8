/**
 * Slack's Events API over HTTP, acknowledged once stored and before anything else. An event
 * delivery is checked (signature and timestamp: `checkSlackSignature`, Bolt's rules at a third of
 * the cost), written to the inbox as it came under its event id, and acknowledged; Bolt routes it to the listeners when the inbox
 * hands it over (`SlackSurface.handleJob`), and the listeners store the question under its message
 * as before (so an `app_mention` and a `message` event of one message stay one question).
 *
 * Bolt's receiver and middleware (the listeners' matchers, the assistant container, `say` and
 * `respond` built for every event) took half of an acknowledgement's time on the main thread, and
 * during a burst that time was spent a hundred times over before the last delivery was answered.
 * A signature check and one insert are all an acknowledgement needs.
 *
 * Every other request (slash commands and interactions, whose acknowledgement the listener
 * writes; URL verification; anything not signed JSON) goes on to Bolt's receiver, with the body
 * read here handed over as `rawBody`.
 *
 * Two doors to the same check: `storeFirstEventsEarly`, which the server calls on the raw
 * request before express (server.ts, `earlyRoute`: express's app and router, body-parser and
 * type-is were most of what remained of an acknowledgement's main-thread time), and the express
 * router `storeFirstEvents` (a Slack surface listening on its own port, and every request the
 * early door hands on).
 */
import type { IncomingMessage } from 'node:http';
import { defaultBodyLimit, HTTPModuleFunctions } from '@slack/bolt';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { EarlyHandler } from '../server.js';
import { checkSlackSignature } from './request-signing.js';

/** An Events API delivery as the inbox keeps it, to be routed by Bolt later. */
export interface StoredDelivery {
  type: 'delivery';
  body: Record<string, unknown>;
  retryNum?: number;
  retryReason?: string;
}

export interface StoreFirstEventsOptions {
  signingSecret: string;
  /** Writes a delivery to the inbox under `key`; false when the key is already there. Throws when the store is down. */
  store: (key: string, delivery: StoredDelivery) => Promise<boolean>;
  logger: Logger;
}

/** What to do with a signed JSON body: answer with this status, or hand it on to Bolt. */
type Decision = number | 'pass';

/** Checks, stores and decides the status of one JSON body as Slack sent it. */
async function decide(options: StoreFirstEventsOptions, raw: Buffer, req: IncomingMessage): Promise<Decision> {
  const { signingSecret, store, logger } = options;
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const refused = checkSlackSignature(signingSecret, raw, header('x-slack-request-timestamp'), header('x-slack-signature'));
  if (refused) {
    logger.warn({ err: { message: `Failed to verify authenticity: ${refused}` } }, 'slack: delivery refused');
    return 401;
  }
  const text = raw.toString('utf8');
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 400;
  }
  if (body.type !== 'event_callback' || typeof body.event_id !== 'string') return 'pass';
  const delivery: StoredDelivery = {
    type: 'delivery',
    body,
    retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
    retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
  };
  try {
    const fresh = await store(`slack:event:${body.event_id}`, delivery);
    logger.debug({ retryNum: delivery.retryNum, duplicate: !fresh }, fresh ? 'slack: delivery stored' : 'slack: duplicate delivery');
  } catch (error) {
    // Not stored, so not acknowledged: Slack delivers it again later.
    logger.error({ err: { message: (error as Error).message, code: (error as { code?: string }).code } }, 'slack: delivery not stored');
    return 500;
  }
  return 200;
}

/** A request's body as Bolt will read it again (`rawBody`), once read here. */
type WithRawBody = IncomingMessage & { rawBody?: Buffer };

export function storeFirstEvents(options: StoreFirstEventsOptions): Router {
  const router = express.Router();
  // The signature covers the bytes as sent: read like Bolt reads them (its limit, nothing inflated).
  router.use(express.raw({ type: () => true, limit: defaultBodyLimit, inflate: false }));
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    // Read already by the early door, which handed it on.
    const raw = (req.body as unknown) ?? (req as WithRawBody).rawBody;
    req.body = undefined;
    if (!Buffer.isBuffer(raw)) return next();
    const passOn = () => {
      // Bolt's receiver reads a body already read from `rawBody`.
      (req as WithRawBody).rawBody = raw;
      next();
    };
    if (!req.is('application/json')) return passOn();
    const decision = await decide(options, raw, req);
    if (decision === 'pass') passOn();
    else res.status(decision).end();
  });
  return router;
}

/** Content types the early door reads: JSON as `req.is('application/json')` knows it. */
const JSON_TYPE = /^\s*application\/json\s*(;|$)/i;

/**
 * The early door: an Events API delivery (a POST of uncompressed JSON within Bolt's limit) is
 * read, checked, stored and acknowledged without express; anything else goes on to the express
 * router untouched, or, once read (signed JSON that is not an event), with its body as `rawBody`.
 */
export function storeFirstEventsEarly(options: StoreFirstEventsOptions): EarlyHandler {
  return (req, res, next) => {
    const encoding = req.headers['content-encoding'];
    const declared = Number(req.headers['content-length'] ?? 0);
    if (req.method !== 'POST' || !JSON_TYPE.test(req.headers['content-type'] ?? '') || (encoding !== undefined && encoding !== 'identity') || !(declared <= defaultBodyLimit)) {
      next();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > defaultBodyLimit && !refused) {
        refused = true;
        res.writeHead(413, { connection: 'close' }).end();
      }
      if (!refused) chunks.push(chunk);
    });
    req.once('error', () => {
      if (!res.headersSent) res.writeHead(400).end();
    });
    req.once('end', () => {
      if (refused) return;
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      void decide(options, raw, req).then((decision) => {
        if (decision !== 'pass') {
          res.writeHead(decision).end();
          return;
        }
        (req as WithRawBody).rawBody = raw;
        next();
      });
    });
  };
}
