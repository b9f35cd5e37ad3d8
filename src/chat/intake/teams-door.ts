/**
 * Teams on the intake port (INTAKE_PORT). A message activity's Bot Framework token is checked by
 * the Teams SDK's own validator (`ServiceTokenValidator`: RS256 signature against the keys of the
 * OpenID document, audience, issuer, `serviceurl` claim equal to the activity's), built from the
 * credentials and cloud of a Teams SDK `App` made with the bot id, tenant and cloud the main port's
 * app has (bot-auth.ts) — the very class and arguments the SDK's HttpServer uses — then written to
 * the inbox under its activity id (inbox-question.ts, the main port's key: a retry on either port is
 * a duplicate) and acknowledged; the main thread answers it from the inbox.
 *
 * Cheaper than running the SDK's whole request path, measured under a burst (about 1.5 ms of the
 * thread's CPU per activity, four times a Slack delivery's): the SDK's activity processing builds a
 * context with four HTTP clients (axios instances) for every activity, which the intake never uses,
 * so the conversation reference is built here as the SDK builds it; and the token check turns the
 * signing key's PEM into a key object for every verification (jsonwebtoken), so a token and
 * serviceUrl that passed the check are remembered until the token expires (the Bot Connector
 * sends one token with every activity for its hour of life): the same pair is accepted without a
 * second RSA verification, and anything else is checked in full.
 *
 * Anything else on /api/messages — invokes (👍/👎), a click on « Partager » (the replica that sent
 * the answer shares it from memory), conversation updates, a body that is not a JSON activity — is
 * forwarded as it came to the main port, which authenticates and answers it as it always has.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConversationReference, IToken } from '@microsoft/teams.api';
import { App } from '@microsoft/teams.apps';
// The SDK's own inbound check, as its HttpServer builds it (not re-exported at the package root).
import { ServiceTokenValidator } from '@microsoft/teams.apps/dist/middleware/index.js';
import type { Logger } from '../logger.js';
import type { InboxItem } from '../store/types.js';
import type { TeamsInboundAuth } from '../teams/bot-auth.js';
import { isInboxQuestion, teamsInboxItem } from '../teams/inbox-question.js';
import { pinoTeamsLogger } from '../teams/sdk-logger.js';

/** The main port's limit for an activity (router-adapter.ts). */
const BODY_LIMIT = 256 * 1024;

/** Verified (token, serviceUrl) pairs remembered at most; past that the oldest is forgotten. */
const VERIFIED_TOKENS_MAX = 256;

/**
 * How long a verified token is taken again without a check, at most: a signing key Microsoft
 * withdraws from its published keys (rotated or revoked) stops opening the door within this
 * time, not at the end of the token's life (an hour for the Bot Connector's tokens).
 */
const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;

/**
 * Tokens that passed the SDK's check, with the activity serviceUrl they were checked against,
 * until the token's `exp` and for five minutes at most (the SDK itself tolerates five minutes past
 * `exp`; not this cache).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { until: number; token: IToken }>();

  constructor(
    private readonly max = VERIFIED_TOKENS_MAX,
    private readonly ttlMs = VERIFIED_TOKEN_TTL_MS,
  ) {}

  get(raw: string, serviceUrl: string, now = Date.now()): IToken | undefined {
    const key = `${serviceUrl}\n${raw}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now < entry.until) return entry.token;
    this.entries.delete(key);
    return undefined;
  }

  /** Remembers a token the SDK accepted; `raw` is the JWT, whose `exp` bounds the entry, as does the TTL. */
  remember(raw: string, serviceUrl: string, token: IToken, now = Date.now()): void {
    const exp = jwtExpiry(raw);
    if (exp === undefined) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(`${serviceUrl}\n${raw}`, { until: Math.min(exp * 1000, now + this.ttlMs), token });
  }
}

/** The `exp` claim (seconds) of a JWT whose signature was checked, or undefined. */
function jwtExpiry(raw: string): number | undefined {
  try {
    const exp = (JSON.parse(Buffer.from(raw.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
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
  const sdkLogger = pinoTeamsLogger(logger);
  // The SDK's App resolves the credentials and the cloud (its CLOUD variable included) as on the main port.
  const app = new App({
    clientId: auth.clientId,
    tenantId: auth.tenantId,
    ...(auth.cloud ? { cloud: auth.cloud } : {}),
    // Always explicit: the SDK's DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS variable cannot turn the check off here.
    dangerouslyAllowUnauthenticatedRequests: false,
    logger: sdkLogger,
  });
  const credentials = app.credentials;
  if (!credentials?.clientId) throw new Error('the Teams SDK has no bot id to check tokens against');
  const validator = new ServiceTokenValidator(credentials.clientId, credentials.tenantId, undefined, sdkLogger, app.cloud);
  const verified = new VerifiedTokens();

  /** The token's check, as the SDK's HttpServer does it; undefined when refused. */
  const authorize = async (header: string | undefined, activity: { serviceUrl?: unknown }): Promise<IToken | undefined> => {
    if (!header) return undefined;
    const raw = header.startsWith('Bearer ') ? header.slice(7) : header;
    const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : '';
    const known = verified.get(raw, serviceUrl);
    if (known) return known;
    try {
      const token = await validator.check(header, activity);
      verified.remember(raw, serviceUrl, token);
      return token;
    } catch {
      return undefined;
    }
  };

  /** Authenticates, stores and answers one message activity. */
  const accept = async (req: IncomingMessage, res: ServerResponse, activity: Record<string, unknown>): Promise<void> => {
    const header = Array.isArray(req.headers.authorization) ? req.headers.authorization[0] : req.headers.authorization;
    const token = await authorize(header, activity);
    if (!token) {
      logger.warn({ type: String(activity.type).slice(0, 40) }, header ? 'teams intake: token refused' : 'teams intake: no Authorization header');
      sendJson(res, 401, { error: header ? 'JWT validation failed' : 'Missing authorization header' });
      return;
    }
    const message = activity as unknown as Parameters<typeof teamsInboxItem>[0] & {
      serviceUrl?: string;
      channelId: string;
      locale?: string;
      from: ConversationReference['user'];
      recipient: ConversationReference['bot'];
    };
    // The reference the SDK builds for an activity (its ActivityProcessor), which the main port answers from.
    let serviceUrl = message.serviceUrl || token.serviceUrl;
    if (serviceUrl.endsWith('/')) serviceUrl = serviceUrl.slice(0, -1);
    const ref: ConversationReference = {
      serviceUrl,
      activityId: message.id,
      bot: message.recipient,
      channelId: message.channelId as ConversationReference['channelId'],
      conversation: message.conversation,
      locale: message.locale,
      user: message.from,
    };
    const fresh = await options.store(teamsInboxItem(message, ref));
    if (!fresh) logger.info('teams duplicate activity ignored');
    sendJson(res, 200, undefined);
  };

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
        const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
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
        accept(req, res, body as Record<string, unknown>).catch((error: unknown) => {
          logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'teams intake: activity not handled');
          sendJson(res, 500, { error: 'Internal server error' });
        });
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
