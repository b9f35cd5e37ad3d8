/**
 * The HTTP side of Alinéa: a JSON API over the core (`/api/ask`, `/api/feedback`,
 * `/api/documents`), health probes for whoever runs it, and the local web chat page.
 * Surfaces that need HTTP (Slack HTTP mode, Teams) mount themselves on `routes`, a router that
 * sits before the 404 handler so it can be filled after the server is created.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Assistant } from '../core/answer.js';
import type { Settings } from '../config.js';
import type { FeedbackSink } from './feedback-sink.js';
import { questionFingerprint, type Logger } from './logger.js';
import { memoryStore } from './store/open-store.js';
import { type ServingStore, StoreUnavailableError } from './store/types.js';

/** What the server needs of the core: answering and the catalogue. */
export type AnsweringCore = Pick<Assistant, 'ask' | 'documents'>;

/** What `/readyz` reports; `ready` decides its status (200 or 503). */
export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

export interface ServerOptions {
  /** The loaded core, or a getter returning undefined while the index is still loading. */
  assistant: AnsweringCore | (() => AnsweringCore | undefined);
  settings: Settings;
  logger: Logger;
  feedbackLog: FeedbackSink;
  /** Extra routes (mounted before the 404 handler). */
  extraRoutes?: (app: express.Express) => void;
  /** API questions and conversations; an in-memory store is created when omitted. */
  store?: ServingStore;
  /** Details for `/readyz` (workers loaded, store reachable); by default: the core is loaded. */
  readiness?: () => Readiness;
}

export interface RunningServer {
  url: string;
  /** Stops accepting connections and resolves once the requests under way have finished. */
  close(): Promise<void>;
  /** Cuts every connection still open (the end of a bounded shutdown). */
  closeAll(): void;
}

export interface AlineaServer {
  app: express.Express;
  /** Router mounted before the 404 handler, for routes added after creation (chat surfaces). */
  routes: express.Router;
  listen(port: number, host: string): Promise<RunningServer>;
}

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');
const SESSION_COOKIE = 'alinea_sid';
const BODY_LIMIT = '16kb';
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

/** Self only: the page has no inline script or style and loads nothing from elsewhere. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const askSchema = z.object({
  // Length is not checked here: the core answers an empty or too long question politely.
  question: z.string(),
  conversationId: z.string().regex(ID_PATTERN).optional(),
  filters: z
    .object({
      file: z.string().max(300).optional(),
      territory: z.string().max(300).optional(),
      kind: z.string().max(300).optional(),
    })
    .strict()
    .optional(),
});

const feedbackSchema = z.object({
  conversationId: z.string().regex(ID_PATTERN),
  question: z.string().max(4_000),
  answer: z.string().max(4_000),
  sources: z.array(z.string().max(500)).max(20),
  verdict: z.enum(['up', 'down']),
});

/** Per-request state kept on `res.locals` (typed here rather than through global augmentation). */
interface Locals {
  log: Logger;
  requestId: string;
  sessionId: string;
}

function locals(res: Response): Locals {
  return res.locals as unknown as Locals;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A French sentence naming the first faulty field, e.g. « Champ « question » : texte attendu. » */
function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Requête invalide.';
  const field = issue.path.length > 0 ? issue.path.join('.') : 'corps';
  let detail: string;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined') detail = 'champ obligatoire manquant';
      else if (issue.expected === 'string') detail = 'texte attendu';
      else if (issue.expected === 'array') detail = 'liste attendue';
      else if (issue.expected === 'object') detail = 'objet JSON attendu';
      else detail = `type attendu : ${issue.expected}`;
      break;
    case 'invalid_enum_value':
      detail = `valeur attendue parmi : ${issue.options.join(', ')}`;
      break;
    case 'invalid_string':
      detail = 'identifiant invalide (lettres, chiffres, « . _ : - », 100 caractères au plus)';
      break;
    case 'too_big':
      detail = 'valeur trop longue';
      break;
    case 'unrecognized_keys':
      detail = `champ(s) inconnu(s) : ${issue.keys.join(', ')}`;
      break;
    default:
      detail = 'valeur invalide';
  }
  return `Champ « ${field} » invalide : ${detail}.`;
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'Le corps de la requête doit être un objet JSON (Content-Type: application/json).');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error));
  return parsed.data;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function createServer(options: ServerOptions): AlineaServer {
  const { settings, logger, feedbackLog } = options;
  const store = options.store ?? memoryStore();
  const conversations = store.conversations;
  const getAssistant = typeof options.assistant === 'function' ? options.assistant : () => options.assistant as AnsweringCore;
  const secureCookie = settings.NODE_ENV === 'production';

  const app = express();
  app.disable('x-powered-by');
  const jsonBody = express.json({ limit: BODY_LIMIT, strict: true });

  // Request id in and out, a child logger per request, one access line when the response ends.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && ID_PATTERN.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const log = logger.child({ reqId: requestId });
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'requête');
    });
    Object.assign(res.locals, { log, requestId });
    next();
  });

  // Security headers on every response; the CSP matters for the page, harmless for JSON.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });

  // An opaque session id in a cookie: feedback counts distinct people without any account.
  const session = (req: Request, res: Response, next: NextFunction) => {
    let sessionId = readCookie(req.get('cookie'), SESSION_COOKIE);
    if (!sessionId || !ID_PATTERN.test(sessionId)) {
      sessionId = randomUUID();
      res.cookie(SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'strict', secure: secureCookie, path: '/' });
    }
    locals(res).sessionId = sessionId;
    next();
  };

  const requireAssistant = (): AnsweringCore => {
    const assistant = getAssistant();
    if (!assistant) throw new HttpError(503, "L'index est en cours de chargement : réessayez dans quelques instants.");
    return assistant;
  };

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  app.get('/readyz', (_req, res) => {
    const readiness = options.readiness?.() ?? { ready: getAssistant() !== undefined };
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });

  /** The store could not take the question: nothing was accepted, the client may retry. */
  const storeDown = (error: unknown): never => {
    if (error instanceof StoreUnavailableError) {
      throw new HttpError(503, 'Le stockage des questions est momentanément indisponible : réessayez dans quelques instants.');
    }
    throw error;
  };

  app.post('/api/ask', jsonBody, async (req: Request, res: Response) => {
    const body = parseBody(askSchema, req.body);
    const assistant = requireAssistant();
    const { log } = locals(res);
    const conversationId = body.conversationId ?? randomUUID();
    // Recorded before answering. A client that retries with the same Idempotency-Key gets the
    // first answer back instead of a second one.
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !ID_PATTERN.test(idempotencyKey)) throw new HttpError(400, 'En-tête « Idempotency-Key » invalide (lettres, chiffres, « . _ : - », 100 caractères au plus).');
    const key = `api:${idempotencyKey ?? randomUUID()}`;
    const record = await store.beginApi(key, body.question).catch(storeDown);
    if (record.state === 'answered') {
      res.json({ ...record.answer, conversationId });
      return;
    }
    if (record.state === 'answering') throw new HttpError(409, 'Cette question (même Idempotency-Key) est déjà en cours de traitement.');
    const history = await conversations.history(conversationId).catch(storeDown);
    log.info({ ...questionFingerprint(body.question), conversationId, turn: history.length + 1 }, 'question reçue');
    let answer: Awaited<ReturnType<typeof assistant.ask>>;
    try {
      answer = await assistant.ask(body.question, { history, filters: body.filters, surface: 'web' });
    } catch (error) {
      log.error({ err: error, conversationId }, 'le cœur a échoué');
      throw new HttpError(500, "Une erreur interne a empêché de répondre à cette question. Réessayez ; si le problème persiste, prévenez l'équipe.");
    }
    try {
      if (answer.mode !== 'validation') await conversations.record(conversationId, body.question, answer);
      await store.finishApi(key, answer);
    } catch (error) {
      // The answer exists: it is sent even if the store could not keep it.
      log.warn({ err: error, conversationId }, 'réponse non enregistrée');
    }
    log.info({ conversationId, mode: answer.mode, refused: answer.refused, citations: answer.citations.length, totalMs: answer.timings.totalMs }, 'réponse envoyée');
    res.json({ ...answer, conversationId });
  });

  app.post('/api/feedback', session, jsonBody, async (req: Request, res: Response) => {
    const body = parseBody(feedbackSchema, req.body);
    const { sessionId, log } = locals(res);
    await feedbackLog
      .append({
        surface: 'web',
        userId: `web:${sessionId}`,
        verdict: body.verdict,
        question: body.question,
        answer: body.answer,
        sources: body.sources,
      })
      .catch(storeDown);
    log.info({ conversationId: body.conversationId, verdict: body.verdict }, 'avis enregistré');
    res.status(201).json({ ok: true });
  });

  app.get('/api/documents', (_req, res) => {
    res.json({ documents: requireAssistant().documents });
  });

  // The web chat: static files, no framework; the session cookie is set with the page.
  app.get(['/', '/index.html'], session, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(WEB_DIR, 'index.html'));
  });
  app.use(express.static(WEB_DIR, { index: false, maxAge: '5m', dotfiles: 'ignore' }));

  const routes = express.Router();
  app.use(routes);
  options.extraRoutes?.(app);

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `Ressource introuvable : ${req.method} ${req.path}` });
  });

  // Express 5 forwards rejected async handlers here too.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const log = locals(res).log ?? logger;
    const { status, message } = toHttpError(error);
    // HttpErrors were raised on purpose (and a core failure is logged where it happens).
    if (error instanceof HttpError) log.warn({ status, error: message }, 'requête refusée');
    else if (status >= 500) log.error({ err: error }, 'erreur serveur');
    else log.warn({ status, error: message }, 'requête refusée');
    if (res.headersSent) return;
    res.status(status).json({ error: message });
  });

  return {
    app,
    routes,
    listen: (port, host) => listen(app, port, host),
  };
}

/** Maps body-parser, our own and unknown errors to a status and a French message. */
function toHttpError(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.too.large') {
    return { status: 413, message: `Requête trop volumineuse : ${BODY_LIMIT.replace('kb', ' Ko')} au plus.` };
  }
  if (type === 'entity.parse.failed') return { status: 400, message: 'JSON mal formé dans le corps de la requête.' };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { status: 415, message: 'Encodage non pris en charge : envoyez du JSON en UTF-8.' };
  }
  const status = (error as { status?: number } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, message: 'Requête invalide.' };
  return { status: 500, message: 'Erreur interne du serveur.' };
}

function listen(app: express.Express, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive sockets would hold close() open until they time out.
            server.closeIdleConnections();
          }),
        closeAll: () => server.closeAllConnections(),
      });
    });
  });
}
