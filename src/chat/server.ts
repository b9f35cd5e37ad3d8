/**
 * The HTTP side of Alinéa: a JSON API over the core (`/api/ask`, `/api/feedback`,
 * `/api/documents`, `/api/passages/:chunkId`), health probes for whoever runs it, and the local web chat page.
 * Surfaces that need HTTP (Slack HTTP mode, Teams) mount themselves on `deliveries`, a router that
 * sits ahead of everything else so it can be filled after the server is created.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { renderShareText } from '../answer/render-text.js';
import type { Answer, Assistant } from '../core/answer.js';
import type { Settings } from '../config.js';
import type { Chunk } from '../core/types.js';
import { FeedbackLogFullError } from './feedback-log.js';
import type { FeedbackSink } from './feedback-sink.js';
import { questionFingerprint, type Logger } from './logger.js';
import { createPassageLookup, type PassageLookup } from './passages.js';
import { createRateLimiter } from './rate-limit.js';
import { readerLinks } from './reader-link.js';
import { staffRoutes } from './staff/staff-page.js';
import { memoryStore } from './store/open-store.js';
import { type ServingStore, StoreUnavailableError } from './store/types.js';
import { DeliveriesFirst } from './deliveries-first.js';

/** What the server needs of the core: answering, the catalogue and (for cited passages) the chunks. */
export type AnsweringCore = Pick<Assistant, 'ask' | 'documents'> & { chunks?: readonly Chunk[] };

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
  /**
   * The platforms' deliveries (Slack events, Teams activities), mounted after creation by the
   * surfaces. First in the stack: a delivery is acknowledged without the middleware of the page
   * and the API (request ids, security headers, Host check, session, static files), which it does
   * not use and which cost each acknowledgement of a burst its share of the main thread.
   */
  deliveries: express.Router;
  /**
   * Runs `handler` on the raw request for `path`, before express and before anything else (a
   * Slack delivery acknowledged without express's routing and body parsing); its `next` hands the
   * request to express.
   */
  earlyRoute(path: string, handler: EarlyHandler): void;
  listen(port: number, host: string): Promise<RunningServer>;
}

/** A handler run on a raw request before express; `next` hands it to express. */
export type EarlyHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Health probes and the platforms' deliveries (Slack events, Teams activities). Answered whatever
 * the `Host` header says: a load balancer may probe the pod IP, and the platform endpoints
 * authenticate every request by signature or token. And taken as soon as they arrive, while other
 * requests wait for their turn (see `listen`).
 */
const PROBES_AND_DELIVERIES = new Set(['/healthz', '/readyz', '/slack/events', '/api/messages']);

/** `Host` names always accepted: the loopback addresses a local browser uses. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Splits a Host header into a lower-case name and a port (undefined when not written). */
function parseHostHeader(header: string): { name: string; port: number | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase().replace(/\.$/, ''), port: match[2] === undefined ? undefined : Number(match[2]) };
}

/** A host as written in a Host header: IPv6 in brackets. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

/**
 * Checks `Host` against the names this server answers to (DNS rebinding: a page on another
 * site whose name resolves to 127.0.0.1 must not read the local API). Loopback names and the
 * configured HOST must come with the port the request arrived on; PUBLIC_URL's host with its own
 * port (or none, behind a proxy).
 */
function createHostCheck(settings: Settings): (header: string | undefined, localPort: number | undefined) => boolean {
  const local = new Set(LOOPBACK_NAMES);
  if (!['0.0.0.0', '::', '[::]', ''].includes(settings.HOST)) local.add(hostName(settings.HOST));
  const publicUrl = settings.PUBLIC_URL ? new URL(settings.PUBLIC_URL) : undefined;
  const publicName = publicUrl ? hostName(publicUrl.hostname) : undefined;
  const publicPort = publicUrl ? Number(publicUrl.port || (publicUrl.protocol === 'https:' ? 443 : 80)) : undefined;
  return (header, localPort) => {
    if (!header) return false;
    const host = parseHostHeader(header);
    if (!host) return false;
    if (publicName && host.name === publicName && (host.port === undefined || host.port === publicPort)) return true;
    if (!local.has(host.name)) return false;
    return (host.port ?? 80) === localPort;
  };
}

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');
const SESSION_COOKIE = 'alinea_sid';
const BODY_LIMIT = '16kb';
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
/** A chunk id: `${file}#${ordinal}`, the file relative to the corpus, no control character. */
const CHUNK_ID_PATTERN = /^[^\u0000-\u001f\u007f]{1,400}#\d{1,7}$/;
const LINES_PATTERN = /^(\d{1,7})-(\d{1,7})$/;

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

/** Sent with every response (the early door's `/healthz` included). */
const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
];

/** `/healthz`'s answer (ASCII: its length is its byte length). */
const HEALTH_BODY = JSON.stringify({ ok: true });

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

/** Every bound of the feedback endpoint, in one place. */
const FEEDBACK_LIMITS = {
  /** Avis a session may give per window (a person clicks a few thumbs, a script thousands). */
  perSession: 20,
  windowMs: 60_000,
  /** Sessions remembered by the rate limiter before the oldest windows are forgotten. */
  trackedSessions: 10_000,
  questionChars: 2_000,
  answerChars: 4_000,
  sources: 20,
  sourceChars: 300,
} as const;

const feedbackSchema = z
  .object({
    conversationId: z.string().regex(ID_PATTERN),
    question: z.string().max(FEEDBACK_LIMITS.questionChars),
    answer: z.string().max(FEEDBACK_LIMITS.answerChars),
    sources: z.array(z.string().max(FEEDBACK_LIMITS.sourceChars)).max(FEEDBACK_LIMITS.sources),
    verdict: z.enum(['up', 'down']),
  })
  .strict();

/**
 * Session ids signed with a server key: only a cookie this server issued (with the page) opens
 * the feedback endpoint, so a script cannot invent sessions to get around the rate limit.
 */
function createSessionSigner(secret: string | undefined) {
  const key = secret ?? randomBytes(32).toString('hex');
  const mac = (id: string) => createHmac('sha256', key).update(`alinea-session:${id}`).digest('base64url');
  return {
    issue: (): string => {
      const id = randomUUID();
      return `${id}.${mac(id)}`;
    },
    /** The session id of a signed cookie value, or undefined. */
    verify: (value: string | undefined): string | undefined => {
      if (!value || !ID_PATTERN.test(value)) return undefined;
      const dot = value.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const id = value.slice(0, dot);
      const given = Buffer.from(value.slice(dot + 1));
      const expected = Buffer.from(mac(id));
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
    },
  };
}

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

/** A cookie's value, or undefined when absent or not decodable (a malformed cookie is no cookie). */
function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Liveness and readiness probes, polled by orchestrators. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

export function createServer(options: ServerOptions): AlineaServer {
  const { settings, logger, feedbackLog } = options;
  const store = options.store ?? memoryStore();
  const conversations = store.conversations;
  const getAssistant = typeof options.assistant === 'function' ? options.assistant : () => options.assistant as AnsweringCore;
  const secureCookie = settings.NODE_ENV === 'production';

  const deliveriesFirst = new DeliveriesFirst();
  const earlyRoutes = new Map<string, EarlyHandler>();

  // Liveness on the raw request, before express: probes poll it every few milliseconds to seconds,
  // and during a burst each trip through express's router and the middleware below was main-thread
  // time taken from the acknowledgements. Same answer, headers and access line as through express;
  // anything but GET and HEAD goes on to express (a 404).
  earlyRoutes.set('/healthz', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && ID_PATTERN.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': HEALTH_BODY.length });
    res.end(req.method === 'HEAD' ? undefined : HEALTH_BODY);
    if (logger.isLevelEnabled('debug')) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.child({ reqId: requestId }).debug({ method: req.method, path: '/healthz', status: 200, ms: Math.round(ms * 10) / 10 }, 'requête');
    }
  });

  const app = express();
  app.disable('x-powered-by');
  // JSON answers are never revalidated: hashing each one for an ETag is CPU the main thread
  // needs for acknowledgements (static files keep theirs, from express.static).
  app.set('etag', false);
  const jsonBody = express.json({ limit: BODY_LIMIT, strict: true });

  const deliveries = express.Router();
  app.use(deliveries);

  // Request id in and out, a child logger per request, one access line when the response ends.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && ID_PATTERN.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    // The request's child logger is made when first used: most requests (probes, deliveries
    // acknowledged at once) only write their access line, after the response has left.
    let log: Logger | undefined;
    const requestLog = (): Logger => (log ??= logger.child({ reqId: requestId }));
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 };
      // Health probes poll every few seconds: their access lines would drown the rest (debug level).
      const level = PROBE_PATHS.has(req.path) && res.statusCode < 500 ? 'debug' : 'info';
      if (logger.isLevelEnabled(level)) requestLog()[level](line, 'requête');
    });
    Object.defineProperty(res.locals, 'log', { get: requestLog, enumerable: true });
    res.locals.requestId = requestId;
    next();
  });

  // Security headers on every response; the CSP matters for the page, harmless for JSON.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    next();
  });

  const hostAllowed = createHostCheck(settings);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (PROBES_AND_DELIVERIES.has(req.path) || hostAllowed(req.get('host'), req.socket.localPort)) return next();
    const shown = (req.get('host') ?? '').slice(0, 100);
    locals(res).log.warn({ host: shown }, 'hôte refusé');
    res.status(421).json({
      error: `Hôte non autorisé : « ${shown} ». Ce serveur répond à localhost, 127.0.0.1, [::1] et à l'adresse configurée (HOST, PORT, PUBLIC_URL).`,
    });
  });

  // An opaque, signed session id in a cookie: feedback counts distinct people without any account.
  const sessions = createSessionSigner(settings.SESSION_SECRET);
  const session = (req: Request, res: Response, next: NextFunction) => {
    let sessionId = sessions.verify(readCookie(req.get('cookie'), SESSION_COOKIE));
    if (!sessionId) {
      const value = sessions.issue();
      sessionId = sessions.verify(value)!;
      res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: secureCookie, path: '/' });
    }
    locals(res).sessionId = sessionId;
    next();
  };

  // Feedback needs the session the page set, and is rate-limited per session.
  const feedbackLimiter = createRateLimiter(FEEDBACK_LIMITS.perSession, FEEDBACK_LIMITS.windowMs, FEEDBACK_LIMITS.trackedSessions);
  const requireSession = (req: Request, res: Response, next: NextFunction) => {
    const sessionId = sessions.verify(readCookie(req.get('cookie'), SESSION_COOKIE));
    if (!sessionId) throw new HttpError(401, 'Session absente ou expirée : rechargez la page pour pouvoir donner votre avis.');
    const wait = feedbackLimiter(sessionId);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new HttpError(429, `Trop d'avis envoyés en peu de temps : réessayez dans ${wait} s.`);
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

  // The answer as the API returns it: with its conversation, and the plain text « Copier » puts in
  // the clipboard (the same text Slack's and Teams' share actions post).
  const link = readerLinks(settings.PUBLIC_URL);
  const answerResponse = (answer: Answer, conversationId: string) => ({ ...answer, conversationId, shareText: renderShareText(answer, link) });

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
      res.json(answerResponse(record.answer, conversationId));
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
    // Sent after the deliveries ready by now, like the request was taken.
    await deliveriesFirst.turn();
    try {
      if (answer.mode !== 'validation') await conversations.record(conversationId, body.question, answer);
      await store.finishApi(key, answer);
    } catch (error) {
      // The answer exists: it is sent even if the store could not keep it.
      log.warn({ err: error, conversationId }, 'réponse non enregistrée');
    }
    log.info({ conversationId, mode: answer.mode, refused: answer.refused, citations: answer.citations.length, totalMs: answer.timings.totalMs }, 'réponse envoyée');
    res.json(answerResponse(answer, conversationId));
  });

  app.post('/api/feedback', requireSession, jsonBody, async (req: Request, res: Response) => {
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
      .catch((error: unknown) => {
        if (!(error instanceof FeedbackLogFullError)) return storeDown(error);
        log.error({ file: error.file }, 'journal des avis plein : archivez-le ou augmentez FEEDBACK_LOG_MAX_MB');
        throw new HttpError(507, "Votre avis n'a pas pu être enregistré : le journal des avis est plein. L'équipe doit l'archiver.");
      });
    log.info({ conversationId: body.conversationId, verdict: body.verdict }, 'avis enregistré');
    res.status(201).json({ ok: true });
  });

  app.get('/api/documents', (_req, res) => {
    res.json({ documents: requireAssistant().documents });
  });

  // The whole cited node of a citation, for the citation drawer: indexed text only, read-only.
  const lookups = new WeakMap<readonly Chunk[], PassageLookup>();
  const passageLookup = (): PassageLookup | undefined => {
    const assistant = requireAssistant();
    const chunks = assistant.chunks;
    if (!chunks) return undefined;
    let lookup = lookups.get(chunks);
    if (!lookup) {
      lookup = createPassageLookup(chunks, assistant.documents);
      lookups.set(chunks, lookup);
    }
    return lookup;
  };

  // The reader: a whole indexed document (table of contents and text), by its catalogue name only.
  app.get('/api/documents/:file/text', (req: Request, res: Response) => {
    const file = String(req.params.file ?? '');
    if (file.length === 0 || file.length > 300 || /[\u0000-\u001f\u007f]/.test(file)) throw new HttpError(400, 'Nom de document invalide.');
    const document = passageLookup()?.document(file);
    if (!document) throw new HttpError(404, `Document introuvable : « ${file.slice(0, 100)} » n'est pas dans l'index.`);
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.json(document);
  });

  app.get('/api/passages/:chunkId', (req: Request, res: Response) => {
    const chunkId = String(req.params.chunkId ?? '');
    if (!CHUNK_ID_PATTERN.test(chunkId)) throw new HttpError(400, 'Identifiant de passage invalide (attendu : « fichier#numéro »).');
    let lines: { start: number; end: number } | undefined;
    if (req.query.lines !== undefined) {
      const match = typeof req.query.lines === 'string' ? LINES_PATTERN.exec(req.query.lines) : null;
      if (!match || Number(match[1]) > Number(match[2])) throw new HttpError(400, 'Paramètre « lines » invalide (attendu : « début-fin », par exemple 10-14).');
      lines = { start: Number(match[1]), end: Number(match[2]) };
    }
    const passage = passageLookup()?.passage(chunkId, lines);
    if (!passage) throw new HttpError(404, `Passage introuvable : « ${chunkId.slice(0, 100)} » n'est pas dans l'index.`);
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.json(passage);
  });

  // The staff page: refusals and 👎 with their question, behind ADMIN_TOKEN.
  app.use(staffRoutes({ settings, review: store.review, webDir: WEB_DIR }));

  // The web chat: static files, no framework; the session cookie is set with the page.
  app.get(['/', '/index.html'], session, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(WEB_DIR, 'index.html'));
  });
  app.use(express.static(WEB_DIR, { index: false, maxAge: '5m', dotfiles: 'ignore' }));

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
    deliveries,
    earlyRoute: (path, handler) => {
      earlyRoutes.set(path, handler);
    },
    listen: (port, host) => listen(app, deliveriesFirst, earlyRoutes, port, host),
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

/**
 * Probes and deliveries go to the app at once; any other request (an API question, the page)
 * waits for its turn (deliveries-first.ts). Its headers are parsed, which says which it is;
 * its middleware and handler run after the I/O ready by then. During a burst, the deliveries
 * queued behind a few hundred API requests are thus acknowledged after those requests' headers
 * were read, not after each went through the whole stack.
 */
function listen(app: express.Express, turns: DeliveriesFirst, earlyRoutes: Map<string, EarlyHandler>, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = createHttpServer((req, res) => {
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      const pathname = query === -1 ? url : url.slice(0, query);
      const early = earlyRoutes.get(pathname);
      if (early) early(req, res, () => app(req, res));
      else if (PROBES_AND_DELIVERIES.has(pathname)) app(req, res);
      else void turns.turn().then(() => app(req, res));
    });
    server.on('connection', turns.connectionAccepted);
    server.listen(port, host);
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
