/**
 * The intake thread (INTAKE_PORT): an HTTP server on its own port and its own event loop.
 * - Slack (/slack/events): does what the main port's early door does (store-first-events.ts):
 *   check a delivery's signature, write it to the inbox under its event id, acknowledge. The main
 *   thread's inbox processing routes the stored deliveries through Bolt as before.
 * - Teams (/api/messages): a message activity is authenticated by the Teams SDK as on the main
 *   port, written to the inbox under its activity id and acknowledged (teams-door.ts); the main
 *   thread answers it from the inbox.
 *
 * Why a thread: Node 20's libuv accepts one connection per turn of an event loop, and on the main
 * port every turn also serves the API connections that arrived first; during a burst a delivery
 * waited there hundreds of milliseconds before being accepted, then was acknowledged in about
 * three. Here nothing but deliveries is accepted.
 *
 * What the intake does not store itself (Slack: URL verification, slash commands, interactions,
 * anything signed that is not an Events API event, or not JSON; Teams: invokes, shares, anything
 * that is not a question; either surface when this replica does not serve it here) is forwarded as
 * it came to the main port, which answers it. `/healthz` answers whether the thread is up.
 */
import { threadNiceness } from '../../app/thread-priority.js';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger, type Logger } from '../logger.js';
import { storeFirstEventsEarly, type StoredDelivery } from '../slack/store-first-events.js';
import type { InboxItem } from '../store/types.js';
import { TEAMS_MESSAGING_ENDPOINT } from '../teams/messaging-endpoint.js';
import type { IntakeCommand, IntakeReport, IntakeStoreTarget, IntakeWorkerData } from './protocol.js';
import type { TeamsDoor } from './teams-door.js';

const EVENTS_PATH = '/slack/events';
const HEALTH_BODY = JSON.stringify({ ok: true });
/** Hop-by-hop headers, not forwarded. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

interface IntakeInbox {
  submit(item: InboxItem): Promise<boolean>;
  close(): Promise<void>;
}

async function openInbox(target: IntakeStoreTarget, logger: Logger): Promise<IntakeInbox> {
  if (target.kind === 'sqlite') {
    const { openSqliteInbox } = await import('../store/sqlite-store.js');
    const inbox = openSqliteInbox(target.file);
    // Group commit: the deliveries read in one turn of this loop are inserted in one transaction
    // at the end of it (one commit, one set of WAL frames for the pages they share), each
    // acknowledged once that transaction is committed.
    let batch: { item: InboxItem; resolve: (fresh: boolean) => void; reject: (error: unknown) => void }[] = [];
    const flush = () => {
      const pending = batch;
      batch = [];
      try {
        const fresh = inbox.submitAll(pending.map((entry) => entry.item));
        for (const [i, entry] of pending.entries()) entry.resolve(fresh[i] === true);
      } catch (error) {
        for (const entry of pending) entry.reject(error);
      }
    };
    return {
      submit: (item) =>
        new Promise<boolean>((resolve, reject) => {
          if (batch.push({ item, resolve, reject }) === 1) setImmediate(flush);
        }),
      close: async () => {
        if (batch.length > 0) flush();
        inbox.close();
      },
    };
  }
  const { openPostgresStore } = await import('../store/postgres-store.js');
  const store = await openPostgresStore({
    connectionString: target.connectionString,
    retentionDays: target.retentionDays,
    leaseSeconds: target.leaseSeconds,
    intakeOnly: true,
    onError: (message) => logger.warn(message),
  });
  // The store groups submissions itself (PostgresStore.submit: those made while no transaction is
  // under way go in the next one, those made while its connections commit go together in the one
  // after), each resolved once its transaction is committed.
  return { submit: (item) => store.submit(item), close: () => store.close() };
}

/** Sends a request the intake does not store to the main port, body as read (or still to read). */
function forward(forwardTo: string, req: IncomingMessage, res: ServerResponse, logger: Logger): void {
  const raw = (req as IncomingMessage & { rawBody?: Buffer }).rawBody;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
  if (raw) headers['content-length'] = String(raw.length);
  const upstream = request(new URL(req.url ?? EVENTS_PATH, forwardTo), { method: req.method, headers }, (response) => {
    res.writeHead(response.statusCode ?? 502, response.headers);
    response.pipe(res);
  });
  upstream.once('error', (error) => {
    logger.error({ err: { message: error.message } }, 'intake: forwarding to the main port failed');
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  if (raw) upstream.end(raw);
  else req.pipe(upstream);
}

export interface IntakeListener {
  port: number;
  /** Stops accepting, waits up to `graceMs` for deliveries under way, closes the store. */
  stop(graceMs: number): Promise<void>;
}

export async function startIntakeListener(data: IntakeWorkerData, onStored: () => void): Promise<IntakeListener> {
  const logger = createLogger({ LOG_LEVEL: data.logLevel }).child({ thread: 'intake' });
  const inbox = await openInbox(data.store, logger);
  const submit = async (item: InboxItem): Promise<boolean> => {
    const fresh = await inbox.submit(item);
    if (fresh) onStored();
    return fresh;
  };
  const slackLogger = logger.child({ surface: 'slack' });
  const slackDoor = data.slack
    ? storeFirstEventsEarly({
        signingSecret: data.slack.signingSecret,
        store: (key: string, delivery: StoredDelivery) => submit({ key, surface: 'slack', payload: { ...delivery } }),
        logger: slackLogger,
      })
    : undefined;
  let teamsDoor: TeamsDoor | undefined;
  try {
    // Loaded only when Teams is served here: the Teams SDK is heavy for a Slack-only intake.
    if (data.teams) {
      const { openTeamsDoor } = await import('./teams-door.js');
      teamsDoor = await openTeamsDoor({ auth: data.teams, store: submit, logger: logger.child({ surface: 'teams' }) });
    }
  } catch (error) {
    await inbox.close().catch(() => undefined);
    throw error;
  }
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    const toMainPort = () => forward(data.forwardTo, req, res, logger);
    if (pathname === EVENTS_PATH) {
      if (slackDoor) slackDoor(req, res, toMainPort);
      else toMainPort();
    } else if (pathname === TEAMS_MESSAGING_ENDPOINT) {
      if (teamsDoor) teamsDoor.handle(req, res, toMainPort);
      else toMainPort();
    } else if (pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': HEALTH_BODY.length });
      res.end(req.method === 'HEAD' ? undefined : HEALTH_BODY);
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: `Ressource introuvable sur le port d'accueil : ${req.method} ${pathname.slice(0, 100)}` }));
    }
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(data.port, data.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await inbox.close().catch(() => undefined);
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    async stop(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      server.closeAllConnections();
      await inbox.close().catch((error: unknown) => logger.warn({ err: { message: (error as Error).message } }, 'intake: store not closed cleanly'));
    },
  };
}

// Run as the intake thread (intake-worker.mjs): report, serve, stop when told.
if (parentPort && (workerData as { intake?: IntakeWorkerData } | undefined)?.intake) {
  const port = parentPort;
  const report = (message: IntakeReport) => port.postMessage(message);
  let notifying = false;
  // One message per turn of this loop at most: the main thread pays for each.
  const onStored = () => {
    if (notifying) return;
    notifying = true;
    setImmediate(() => {
      notifying = false;
      report({ type: 'stored' });
    });
  };
  try {
    const listener = await startIntakeListener((workerData as { intake: IntakeWorkerData }).intake, onStored);
    port.on('message', (command: IntakeCommand) => {
      if (command.type !== 'stop') return;
      void listener.stop(command.graceMs).finally(() => {
        port.close();
        // Ends this thread only, whatever timer a client library left behind.
        process.exit(0);
      });
    });
    const nice = threadNiceness();
    report({ type: 'listening', port: listener.port, ...(nice === undefined ? {} : { nice }) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    report({
      type: 'failed',
      message: code === 'EADDRINUSE' ? `le port ${(workerData as { intake: IntakeWorkerData }).intake.port} est déjà utilisé` : error instanceof Error ? error.message : String(error),
    });
    port.close();
    process.exit(1);
  }
}
