/**
 * Microsoft Teams surface: a thin adapter from Teams activities to `assistant.ask()`, built on
 * Microsoft's Teams SDK (`@microsoft/teams.apps` 2.0).
 *
 * Serving: the SDK's routes are registered on an express Router (see router-adapter.ts), so the
 * same surface can be
 *   - mounted into the main express 5 server with `mount(expressApp)`: web chat and Teams share
 *     PORT, and Azure Bot's messaging endpoint is `https://<host>/api/messages`; or
 *   - served on its own port with `start(port)` (TEAMS_PORT, default 3978, the Bot Framework
 *     convention), e.g. behind a dev tunnel.
 * The SDK's `app.start()` is not used: it would insist on owning the http.Server.
 *
 * Answers: typing indicators while the core works; in 1:1 chats an LLM answer is streamed with the
 * SDK's streamer (answer-stream.ts) and ends with the same cited message as a one-piece answer.
 *
 * Auth: requests are checked by the SDK against Teams service tokens (JWT) with TEAMS_CLIENT_ID /
 * TEAMS_CLIENT_SECRET / TEAMS_TENANT_ID (bot-auth.ts; the intake thread checks them the same way).
 * `allowUnauthenticated` turns that off for tests only:
 * it is never read from the environment (we always pass an explicit boolean, so the SDK's own
 * DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS variable cannot switch it on) and it is refused
 * outright when NODE_ENV is production, as is TEAMS_TEST_LOGIN_URL (a stand-in for Microsoft's
 * login endpoints).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { App, type IStreamer } from '@microsoft/teams.apps';
import { type ActivityLike, type ConversationReference, type SentActivity, toActivityParams } from '@microsoft/teams.api';
import type { Logger } from 'pino';
import { renderShareText } from '../../answer/render-text.js';
import type { Answer, Assistant } from '../../core/answer.js';
import type { Settings } from '../../config.js';
import type { Verdict } from '../feedback-log.js';
import type { FeedbackSink } from '../feedback-sink.js';
import { memoryStore } from '../store/open-store.js';
import type { InboxJob, ServingStore } from '../store/types.js';
import { questionFingerprint } from '../logger.js';
import { readerLinks } from '../reader-link.js';
import { NO_SCOPES, type Scopes } from '../scopes.js';
import { TeamsAnswerStream } from './answer-stream.js';
import { teamsInboundAuth, teamsOutboundCredentials, testLoginRefused } from './bot-auth.js';
import { isInboxQuestion, type TeamsQuestion, teamsInboxItem } from './inbox-question.js';
import { TEAMS_MESSAGING_ENDPOINT } from './messaging-endpoint.js';
import { isShareAction, renderActivity, renderNotice, renderSharedText } from './render-activity.js';
import { RouterAdapter } from './router-adapter.js';
import { pinoTeamsLogger } from './sdk-logger.js';
import { describeAnswer, SentAnswers } from './sent-answers.js';

export { TEAMS_MESSAGING_ENDPOINT };
export const DEFAULT_TEAMS_PORT = 3978;
/** Teams hides the typing indicator after a few seconds: repeat it while the core works. */
const TYPING_REPEAT_MS = 3_000;
/** How long stop() waits for answers under way. */
const STOP_GRACE_MS = 5_000;

export const ERROR_TEXT = "Désolé, je n'ai pas pu répondre à votre question pour le moment. Merci de réessayer dans quelques instants.";
export const EXPIRED_TEXT = "Cette réponse n'est plus disponible : posez à nouveau la question pour la partager.";
export const HELP_TEXT =
  'Bonjour ! Je réponds aux questions sur les contrats de ville du Pas-de-Calais, en citant mes sources. ' + 'Par exemple : « Quels sont les quartiers prioritaires de la CABBALR ? »';

export interface TeamsSurfaceOptions {
  assistant: Pick<Assistant, 'ask'>;
  settings: Settings;
  logger: Logger;
  feedbackLog: FeedbackSink;
  /**
   * The inbox and conversations, shared with the other surfaces; whoever passes it also runs its
   * processing (`handleJob`). Without one, the surface keeps an in-memory store and processes it.
   */
  store?: ServingStore;
  /** Teams bound to a territory or documents (scopes.json): their questions are searched there first. */
  scopes?: Scopes;
  /** Skip Teams token validation. Tests only: refused when NODE_ENV is production. */
  allowUnauthenticated?: boolean;
  /** Port for `start()` when none is passed (0 picks a free one). */
  port?: number;
  /** Interface for `start()`; defaults to settings.HOST. */
  host?: string;
}

export interface TeamsSurface {
  /** The Teams SDK app (routes, events), for callers that need more. */
  app: App;
  /**
   * Serves the messaging endpoint inside an existing express app or router (one port for
   * everything). Mount it before any catch-all 404 handler; a global express.json() is fine.
   */
  mount(target: Mountable): void;
  /** Serves the messaging endpoint on its own port. */
  start(port?: number): Promise<void>;
  /** Waits (up to `timeoutMs`) until no answer is under way: answers are sent after the POST returns. */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /** Full URL of the messaging endpoint once started, else its path. */
  readonly endpoint: string;
  /** Answers one question from the inbox (any replica may run it). */
  handleJob(job: InboxJob, saveProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void>;
}

/** The SDK's App, able to send and stream to a stored conversation reference (its sender is protected). */
class ReplyingApp extends App {
  sendTo(ref: ConversationReference, activity: ActivityLike): Promise<SentActivity> {
    return this.activitySender.send(toActivityParams(activity), ref);
  }

  /** The SDK's streamer (`stream.emit` / `stream.update` / `stream.close`) for a stored conversation. */
  streamTo(ref: ConversationReference): IStreamer {
    return this.activitySender.createStream(ref);
  }
}

/** An express Application or Router: all `mount` needs is `.use(router)`. */
export interface Mountable {
  use(handler: express.Router): unknown;
}

export class TeamsConfigError extends Error {}

export function createTeamsSurface(options: TeamsSurfaceOptions): TeamsSurface {
  const { assistant, settings, feedbackLog } = options;
  const allowUnauthenticated = options.allowUnauthenticated === true;
  if (allowUnauthenticated && settings.NODE_ENV === 'production') {
    throw new TeamsConfigError('Teams : le mode sans authentification (allowUnauthenticated) est réservé aux tests et refusé quand NODE_ENV=production.');
  }
  if (testLoginRefused(settings)) {
    throw new TeamsConfigError('Teams : TEAMS_TEST_LOGIN_URL (connexion Microsoft simulée) est réservé aux tests et accepté seulement avec NODE_ENV=test.');
  }
  const logger = options.logger.child({ surface: 'teams' });
  if (!allowUnauthenticated && !(settings.TEAMS_CLIENT_ID && settings.TEAMS_CLIENT_SECRET)) {
    logger.warn('Teams : TEAMS_CLIENT_ID et TEAMS_CLIENT_SECRET manquent, toutes les requêtes Teams seront refusées (401).');
  }

  const adapter = new RouterAdapter();
  const inbound = teamsInboundAuth(settings);
  const app = new ReplyingApp({
    clientId: settings.TEAMS_CLIENT_ID,
    tenantId: settings.TEAMS_TENANT_ID,
    ...(inbound?.cloud ? { cloud: inbound.cloud } : {}),
    ...teamsOutboundCredentials(settings),
    httpServerAdapter: adapter,
    messagingEndpoint: TEAMS_MESSAGING_ENDPOINT,
    dangerouslyAllowUnauthenticatedRequests: allowUnauthenticated,
    logger: pinoTeamsLogger(logger),
  });

  const ownStore = options.store === undefined;
  const store = options.store ?? memoryStore();
  const conversations = store.conversations;
  const sentAnswers = new SentAnswers();
  // Citations link to the web reader when the server has a public address (their abstract quotes the passage either way).
  const link = readerLinks(settings.PUBLIC_URL);
  const scopes = options.scopes ?? NO_SCOPES;

  const work = new ConversationQueue();

  // The Bot Connector gives up on a POST after 15 s, and an LLM answer can take longer: the
  // activity is written to the inbox (keyed by its id: a redelivery is a duplicate), acknowledged,
  // and answered from the inbox by any replica, which posts to the stored conversation reference.
  // If the store is down the POST fails and the connector may send it again.
  app.on('message', async ({ activity, ref, send }) => {
    // A click on an answer's « Partager »: its plain text is posted in the conversation at once
    // (nothing to compute, nothing to store).
    if (isShareAction(activity.value)) {
      const sent = sentAnswers.get(activity.replyToId);
      await send(sent ? renderSharedText(sent.shareText) : renderNotice(EXPIRED_TEXT));
      logger.info({ found: sent !== undefined }, 'teams answer shared');
      return;
    }
    if (!isInboxQuestion(activity)) return;
    // The same item, under the same key, as the intake thread stores (inbox-question.ts).
    const fresh = await store.submit(teamsInboxItem(activity, ref));
    if (!fresh) logger.info('teams duplicate activity ignored');
  });

  async function handleJob(job: InboxJob, saveProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void> {
    const question = job.payload as unknown as TeamsQuestion;
    // An earlier attempt sent the answer, or was sending it, when it stopped: it is not sent again.
    if (typeof job.progress.sentId === 'string') return;
    if (job.progress.sending !== undefined) {
      logger.warn({ attempt: job.attempt }, 'teams answer was being sent when an earlier attempt stopped: not sent again');
      return;
    }
    const send = (activity: ActivityLike) => app.sendTo(question.ref, activity);
    // Turns of one conversation run in order on a replica, so a quick follow-up sees the previous answer.
    await new Promise<void>((resolve, reject) => work.enqueue(question.conversationId, () => answerMessage(question, send, saveProgress).then(resolve, reject)));
  }
  if (ownStore) void store.startProcessing(handleJob, 16);

  /**
   * Answers one question. The Bot Connector has no idempotency key and no way to read back what a
   * bot posted, so the answer is sent once under a durable mark: `sending` is saved before the
   * POST (if the store cannot take it, nothing is sent and the inbox tries again later), and an
   * attempt that finds the mark does not send again. The mark is written after the typing
   * indicator has gone out on the same client and token, so the only interruption that leaves it
   * without a reply is one within the millisecond between the write and the POST; the one it
   * guards against (an interruption during the POST's round trip, or a store that fails once
   * Teams has the reply) would otherwise send the answer twice.
   */
  async function answerMessage(input: TeamsQuestion, send: (activity: ActivityLike) => Promise<SentActivity>, saveProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void> {
    const { question, conversationId, conversationType } = input;
    if (question === '') {
      await send(renderNotice(HELP_TEXT)).catch((error: unknown) => logger.error({ error: errorMessage(error) }, 'teams help message could not be sent'));
      return;
    }
    const typing = keepTyping(send, logger);
    // Teams streams bot messages in 1:1 chats only; elsewhere the answer comes in one piece.
    const stream = conversationType === 'personal' ? new TeamsAnswerStream(app.streamTo(input.ref), () => typing.stop(), logger) : undefined;
    const started = Date.now();
    let answer: Answer;
    try {
      const history = await conversations.history(conversationId);
      const scope = scopes.forTeamsTeam(input.teamId);
      // Only the LLM composer calls onToken: an extractive answer is sent in one piece.
      answer = await assistant.ask(question, { history, surface: 'teams', scope, ...(stream ? { onToken: (text: string) => stream.show(text) } : {}) });
      await conversations.record(conversationId, question, answer).catch((error: unknown) => logger.warn({ error: errorMessage(error) }, 'teams conversation not recorded'));
    } catch (error) {
      await typing.stop();
      logger.error({ ...questionFingerprint(question), error: errorMessage(error) }, 'teams answer failed');
      try {
        // A stream under way ends with the error message rather than leaving a half answer.
        const outcome = stream ? await stream.finish(renderNotice(ERROR_TEXT)) : undefined;
        if (outcome?.kind !== 'sent' && outcome?.kind !== 'canceled') await send(renderNotice(ERROR_TEXT));
      } catch (sendError) {
        logger.error({ error: errorMessage(sendError) }, 'teams error message could not be sent');
      }
      return;
    }
    await typing.stop();
    const message = renderActivity(answer, link);
    // Throws when the store cannot keep the mark: the answer is not sent and the inbox retries.
    await saveProgress({ sending: new Date().toISOString() });
    let sent: SentActivity;
    let streamed = false;
    try {
      const outcome = stream ? await stream.finish(message) : { kind: 'not-streamed' as const };
      if (outcome.kind === 'canceled') {
        // The user pressed « Arrêter » in Teams: nothing more is sent.
        await saveProgress({ sentId: 'canceled' }).catch(() => undefined);
        logger.info({ ...questionFingerprint(question), ms: Date.now() - started }, 'teams answer stopped by the user');
        return;
      }
      streamed = outcome.kind === 'sent';
      sent = outcome.kind === 'sent' ? outcome.sent : await send(message);
    } catch (error) {
      if (notDelivered(error)) {
        // The connector refused it or could not be reached: the mark goes, the inbox tries again.
        logger.warn({ ...questionFingerprint(question), error: errorMessage(error) }, 'teams answer not delivered, will retry');
        await saveProgress({ sending: undefined });
        throw error;
      }
      // Cut off during the round trip: Teams may have it, so it is not sent again.
      logger.error({ ...questionFingerprint(question), error: errorMessage(error) }, 'teams answer may not have been delivered');
      return;
    }
    // Only remembered for the logs and feedback: the `sending` mark already prevents a second send.
    await saveProgress({ sentId: sent.id ?? 'sent' }).catch(() => undefined);
    if (sent.id) sentAnswers.remember(sent.id, describeAnswer(question, answer, renderShareText(answer, link)));
    logger.info(
      {
        ...questionFingerprint(question),
        conversationType,
        refused: answer.refused,
        citations: answer.citations.length,
        streamed,
        ms: Date.now() - started,
      },
      'teams answer sent',
    );
  }

  app.on('message.submit.feedback', async ({ activity }) => {
    const reaction = activity.value?.actionValue?.reaction;
    const verdict: Verdict | undefined = reaction === 'like' ? 'up' : reaction === 'dislike' ? 'down' : undefined;
    if (!verdict) return { status: 400 };
    const sent = sentAnswers.get(activity.replyToId);
    if (!sent) logger.warn('teams feedback on a message this process did not send (restarted?)');
    try {
      await feedbackLog.append({
        surface: 'teams',
        // aadObjectId is the person's stable Entra id; from.id is per-bot and used when it is absent.
        userId: activity.from.aadObjectId ?? activity.from.id,
        verdict,
        question: sent?.question ?? '',
        answer: sent?.answer ?? '',
        sources: sent?.sources ?? [],
      });
      logger.info({ verdict }, 'teams feedback recorded');
      return { status: 200 };
    } catch (error) {
      logger.error({ error: errorMessage(error) }, 'teams feedback could not be recorded');
      return { status: 500 };
    }
  });

  // initialize() registers the messaging route on the router; hold requests until it has.
  adapter.router.post(TEAMS_MESSAGING_ENDPOINT, (_req, _res, next) => {
    ready.then(() => next(), next);
  });
  const ready = app.initialize();
  ready.catch((error: unknown) => logger.error({ error: errorMessage(error) }, 'teams app failed to initialize'));

  let server: http.Server | undefined;
  let endpoint: string = TEAMS_MESSAGING_ENDPOINT;

  return {
    app,
    get endpoint() {
      return endpoint;
    },
    mount(target) {
      target.use(adapter.router);
    },
    async start(port = options.port ?? DEFAULT_TEAMS_PORT) {
      if (server) throw new Error('Teams surface already started');
      await ready;
      const host = options.host ?? settings.HOST;
      const standalone = express();
      standalone.disable('x-powered-by');
      standalone.use(adapter.router);
      const listening = http.createServer(standalone);
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, host, () => {
          listening.off('error', reject);
          resolve();
        });
      });
      server = listening;
      const address = listening.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      endpoint = `http://${shownHost}:${address.port}${TEAMS_MESSAGING_ENDPOINT}`;
      logger.info({ endpoint }, 'teams endpoint listening');
    },
    idle(timeoutMs = 30_000) {
      return work.drain(timeoutMs);
    },
    handleJob,
    async stop() {
      // Let answers under way reach their users, but do not hold a shutdown for long.
      await work.drain(STOP_GRACE_MS);
      if (ownStore) {
        await store.stopProcessing(STOP_GRACE_MS);
        await store.close();
      }
      const current = server;
      server = undefined;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve, reject) => current.close((error) => (error ? reject(error) : resolve())));
      endpoint = TEAMS_MESSAGING_ENDPOINT;
    },
  };
}

/** Background tasks chained per conversation (in order within one, in parallel across them). */
class ConversationQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();

  enqueue(conversationId: string, task: () => Promise<void>): void {
    const previous = this.tails.get(conversationId) ?? Promise.resolve();
    // Tasks handle their own errors; the catch only keeps one failure from stalling the chain.
    const current = previous.then(task).catch(() => undefined);
    this.tails.set(conversationId, current);
    this.running.add(current);
    void current.finally(() => {
      this.running.delete(current);
      if (this.tails.get(conversationId) === current) this.tails.delete(conversationId);
    });
  }

  async drain(timeoutMs: number): Promise<void> {
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
  }
}

/** Sends a typing indicator now and every few seconds until `stop()`, which waits for the last. */
function keepTyping(send: (activity: ActivityLike) => Promise<SentActivity>, logger: Logger): { stop(): Promise<void> } {
  let pending: Promise<unknown> = Promise.resolve();
  const ping = (): void => {
    // Chained so a typing indicator never lands after the answer it announced.
    pending = pending.then(() => send({ type: 'typing' }).catch((error: unknown) => logger.debug({ error: errorMessage(error) }, 'teams typing failed')));
  };
  ping();
  const timer = setInterval(ping, TYPING_REPEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pending;
    },
  };
}

/**
 * Whether a failed send certainly did not reach Teams: the connector answered with an error
 * status, or could not be connected to. A connection cut during the exchange is not certain.
 */
function notDelivered(error: unknown): boolean {
  const failure = error as { response?: { status?: number }; code?: string } | null;
  if (typeof failure?.response?.status === 'number') return true;
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(failure?.code ?? '');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
