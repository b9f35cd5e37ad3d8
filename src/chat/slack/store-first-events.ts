/**
 * Slack's Events API over HTTP, acknowledged once stored and before anything else. An event
 * delivery is checked (Bolt's `verifySlackRequest`: signature and timestamp), written to the inbox
 * as it came under its event id, and acknowledged; Bolt routes it to the listeners when the inbox
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
 */
import { defaultBodyLimit, HTTPModuleFunctions, verifySlackRequest } from '@slack/bolt';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';

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

export function storeFirstEvents(options: StoreFirstEventsOptions): Router {
  const { signingSecret, store, logger } = options;
  const router = express.Router();
  // The signature covers the bytes as sent: read like Bolt reads them (its limit, nothing inflated).
  router.use(express.raw({ type: () => true, limit: defaultBodyLimit, inflate: false }));
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const raw = req.body as unknown;
    req.body = undefined;
    if (!Buffer.isBuffer(raw)) return next();
    const passOn = () => {
      // Bolt's receiver reads a body already read from `rawBody`.
      (req as Request & { rawBody?: Buffer }).rawBody = raw;
      next();
    };
    if (!req.is('application/json')) return passOn();
    const text = raw.toString('utf8');
    try {
      verifySlackRequest({
        signingSecret,
        body: text,
        headers: { 'x-slack-signature': req.get('x-slack-signature') ?? '', 'x-slack-request-timestamp': Number(req.get('x-slack-request-timestamp')) },
      });
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'slack: delivery refused');
      res.status(401).end();
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      res.status(400).end();
      return;
    }
    if (body.type !== 'event_callback' || typeof body.event_id !== 'string') return passOn();
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
      res.status(500).end();
      return;
    }
    res.status(200).end();
  });
  return router;
}
