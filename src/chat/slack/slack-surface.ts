/**
 * The Slack surface: a thin adapter that turns Slack events into `assistant.ask()` calls and
 * answers into Block Kit (blocks.ts). No answering logic lives here.
 *
 * Transport:
 * - Socket Mode when SLACK_APP_TOKEN is set: Slack is reached by an outgoing WebSocket, so it works
 *   behind a collectivité's firewall with no public URL. `start()` opens the connection. An event's
 *   envelope is acknowledged once its question is in the inbox (store-first-socket-receiver.ts).
 * - HTTP mode otherwise (SLACK_SIGNING_SECRET): Bolt's ExpressReceiver verifies signatures. Bolt 5.1
 *   is built on express 5 (the same express the server uses), so its router mounts cleanly into
 *   the server's existing app: `server.use('/slack/events', surface.router)`. It must be mounted
 *   BEFORE any body parser (express.json/urlencoded) that would see these requests, because the
 *   signature is computed over the raw body. `start()` then does nothing, unless `httpPort` is
 *   given, in which case it listens on its own port with the router at /slack/events.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  Assistant as AssistantContainer,
  ExpressReceiver,
  LogLevel,
  type SocketModeReceiver,
  type AllMiddlewareArgs,
  type BlockButtonAction,
  type BlockFeedbackButtonsAction,
  ErrorCode,
  type Logger as BoltLogger,
  type RespondFn,
  type SlackActionMiddlewareArgs,
  webApi,
} from '@slack/bolt';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { renderShareText } from '../../answer/render-text.js';
import type { Answer, Assistant } from '../../core/answer.js';
import type { Settings } from '../../config.js';
import type { Verdict } from '../feedback-log.js';
import type { FeedbackSink } from '../feedback-sink.js';
import { IntakePriority } from '../intake-priority.js';
import { readerLinks } from '../reader-link.js';
import { NO_SCOPES, type Scopes } from '../scopes.js';
import { memoryStore } from '../store/open-store.js';
import { type InboxJob, type ServingStore, StoreUnavailableError } from '../store/types.js';
import { AnswerRefs } from './answer-refs.js';
import {
  ACTION_IDS,
  FEEDBACK_REF_LIMIT,
  MESSAGES,
  type SlackMessage,
  parseFeedbackValue,
  renderAnswer,
  renderError,
  renderHomeView,
  renderNotice,
  renderPlaceholder,
  renderSharedText,
  threadTitle,
} from './blocks.js';
import { RecentKeys } from './recent-keys.js';
import { type StoredDelivery, storeFirstEvents, storeFirstEventsEarly } from './store-first-events.js';
import type { EarlyHandler } from '../server.js';
import { StoreFirstSocketModeReceiver } from './store-first-socket-receiver.js';
import { type CorpusTopic, type SuggestedPrompt, suggestPrompts } from './suggested-prompts.js';

export const SLASH_COMMAND = '/alinea';

export interface SlackSurfaceOptions {
  assistant: Pick<Assistant, 'ask' | 'documents'>;
  settings: Settings;
  logger: Logger;
  feedbackLog: FeedbackSink;
  /** Tests point the Web API at a local stand-in: `{ slackApiUrl: 'http://127.0.0.1:PORT/api/' }`. */
  clientOptions?: { slackApiUrl?: string };
  /** When both ids are given `auth.test` is never called (tests, or to save a call). */
  botId?: string;
  botUserId?: string;
  /** HTTP mode only: listen on this port (router at /slack/events) instead of being mounted. */
  httpPort?: number;
  /**
   * The corpus's most frequent headings (corpusTopics), from which the assistant container's
   * suggested prompts are drawn along with the document titles.
   */
  topics?: CorpusTopic[];
  /**
   * The inbox and conversations, shared with the other surfaces; whoever passes it also runs its
   * processing (`handleJob`). Without one, the surface keeps an in-memory store and processes it.
   */
  store?: ServingStore;
  /** Channels bound to a territory or documents (scopes.json): their questions are searched there first. */
  scopes?: Scopes;
}

export interface SlackSurface {
  mode: 'socket' | 'http';
  app: App;
  /** HTTP mode: mount with `server.use('/slack/events', router)`, before any body parser. */
  router?: Router;
  /**
   * HTTP mode: the same deliveries taken on the raw request, before express (the server's
   * `earlyRoute` for /slack/events); what it does not acknowledge itself goes on to `router`.
   */
  early?: EarlyHandler;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The port `start()` listens on in HTTP mode with `httpPort` (useful with port 0). */
  port?: number;
  /** Answers one question from the inbox (any replica may run it). */
  handleJob(job: InboxJob, saveProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void>;
}

/** What the inbox keeps of a Slack question: enough to answer it from any replica. */
type SlackQuestion =
  | {
      type: 'message';
      channel: string;
      threadTs?: string;
      messageTs: string;
      conversationKey: string;
      question: string;
      kind: 'mention' | 'dm' | 'follow-up' | 'assistant';
      /** Assistant threads: who asked (the streaming API wants the recipient). */
      userId?: string;
      teamId?: string;
    }
  | { type: 'command'; responseUrl: string; question: string; channelId?: string }
  | StoredDelivery;

/** How many inbox questions a surface that owns its store answers at once. */
const OWN_STORE_CONCURRENCY = 16;

const { WebClient } = webApi;
type WebClient = InstanceType<typeof WebClient>;

export function createSlackSurface(options: SlackSurfaceOptions): SlackSurface {
  const { assistant, settings, feedbackLog } = options;
  const logger = options.logger.child({ surface: 'slack' });
  const token = settings.SLACK_BOT_TOKEN;
  if (!token) throw new Error('SLACK_BOT_TOKEN is required for the Slack surface');
  const mode: 'socket' | 'http' = settings.SLACK_APP_TOKEN ? 'socket' : 'http';
  if (mode === 'http' && !settings.SLACK_SIGNING_SECRET) {
    throw new Error('Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
  }

  const boltLogger = toBoltLogger(logger);
  // A chat answer is useless after a few minutes: fail fast instead of the Web API client's default
  // of ten retries over about thirty minutes.
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: { retries: 2, factor: 2 },
    ...(settings.SLACK_API_URL ? { slackApiUrl: settings.SLACK_API_URL } : {}),
    ...(options.clientOptions ?? {}),
  };
  const ownStore = options.store === undefined;
  const store = options.store ?? memoryStore();
  const conversations = store.conversations;
  // A surface with its own store acknowledges first, as the runtime does for a shared one
  // (intake-priority.ts): its inbox work waits while deliveries are arriving.
  const intake = new IntakePriority();
  let receiver: ExpressReceiver | SocketModeReceiver;
  let router: Router | undefined;
  let early: EarlyHandler | undefined;
  if (mode === 'socket') {
    // Acknowledges an event's envelope only once its listener has stored the question.
    receiver = new StoreFirstSocketModeReceiver({
      appToken: settings.SLACK_APP_TOKEN as string,
      logger: boltLogger,
      // The Socket Mode client has its own Web API client (for apps.connections.open); it keeps
      // its own generous retry policy so that reconnections survive a network outage.
      installerOptions: { clientOptions: { ...(settings.SLACK_API_URL ? { slackApiUrl: settings.SLACK_API_URL } : {}), ...(options.clientOptions ?? {}) } },
    });
  } else {
    const expressReceiver = new ExpressReceiver({
      signingSecret: settings.SLACK_SIGNING_SECRET as string,
      // '/' so that the router answers wherever the server mounts it (/slack/events).
      endpoints: '/',
      logger: boltLogger,
      // The acknowledgement leaves once the listeners return: they only write the question to the
      // inbox (a few milliseconds), so an acknowledged question is a stored one. If the store is
      // down the delivery gets a 500 and Slack retries it later.
      processBeforeResponse: true,
    });
    receiver = expressReceiver;
    router = express.Router();
    // A body parser mounted before this router would have consumed the raw body the signature is
    // computed over, and Bolt would only log a vague read error: say what is wrong instead.
    router.use((req, res, next) => {
      // (A body read by the early door comes as `rawBody`.)
      if ((req.body !== undefined || req.readableEnded) && !Buffer.isBuffer((req as { rawBody?: unknown }).rawBody)) {
        logger.error('slack: request body already parsed; mount the Slack router before express.json/urlencoded');
        res.status(500).end();
        return;
      }
      next();
    });
    router.use(intake.middleware);
    // Events are stored and acknowledged here, routed by Bolt when the inbox hands them over.
    const storeFirst = {
      signingSecret: settings.SLACK_SIGNING_SECRET as string,
      store: (key: string, delivery: StoredDelivery) => store.submit({ key, surface: 'slack', payload: { ...delivery } }),
      logger,
    };
    router.use(storeFirstEvents(storeFirst));
    router.use(expressReceiver.router as unknown as Router);
    const earlyDoor = storeFirstEventsEarly(storeFirst);
    early = (req, res, next) => {
      intake.track(res);
      earlyDoor(req, res, next);
    };
  }

  // Who the bot is (its ids filter its own messages and its mention). Learned once through
  // auth.test on first use, not at construction: Bolt's own eager check would turn a bad token or
  // an unreachable Slack into an unhandled rejection that takes the whole server down.
  const webClient = new WebClient(token, { ...clientOptions, logger: boltLogger });
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined = options.botId && options.botUserId ? Promise.resolve({ botId: options.botId, botUserId: options.botUserId }) : undefined;
  const whoAmI = (): Promise<{ botId?: string; botUserId?: string }> => {
    if (!identity) {
      const pending = webClient.auth.test().then((result) => ({ botId: result.bot_id, botUserId: result.user_id }));
      identity = pending;
      // A failed check is retried at the next event rather than cached.
      pending.catch(() => {
        if (identity === pending) identity = undefined;
      });
    }
    return identity;
  };
  const app = new App({
    receiver,
    logger: boltLogger,
    // Conversations live in the store; Bolt's in-memory conversation context would be a lookup
    // per delivery on the acknowledgement's path, for nothing.
    convoStore: false,
    clientOptions,
    authorize: async () => ({ botToken: token, ...(await whoAmI()) }),
  });

  const refs = new AnswerRefs();
  // Sources link to the web reader when the server has a public address, else carry their quote.
  const link = readerLinks(settings.PUBLIC_URL);
  const scopes = options.scopes ?? NO_SCOPES;
  const seenFeedback = new RecentKeys();

  app.error(async (error) => {
    logger.error({ err: { message: error.message, code: (error as { code?: string }).code } }, 'slack: unhandled error');
    // Not stored, so not acknowledged: the delivery fails and Slack sends it again later. A stored
    // delivery whose routing failed so (or found no bot identity) is tried again by the inbox.
    if (isStoreUnavailable(error) || (error as { code?: string }).code === ErrorCode.AuthorizationError) throw error;
  });

  function botUserIdOf(context: AllMiddlewareArgs['context']): string | undefined {
    return context.botUserId;
  }

  /**
   * Writes a question to the inbox, keyed by its message: Slack's retries of an event, and the
   * app_mention and message events of one message, are one question answered once. A retry of a
   * delivery that was never stored is a new question like any other.
   */
  /** A question asked in a thread (or starting one): the thread is the conversation. */
  function threadQuestion(
    source: { channel: string; ts: string; thread_ts?: string; text?: string },
    botUserId: string | undefined,
    kind: 'assistant' | 'mention',
  ): SlackQuestion & { type: 'message' } {
    const threadTs = source.thread_ts ?? source.ts;
    return { type: 'message', channel: source.channel, threadTs, messageTs: source.ts, conversationKey: `${source.channel}:${threadTs}`, question: stripMentions(source.text ?? '', botUserId), kind };
  }

  async function accept(question: SlackQuestion & { type: 'message' }, retryNum: number | undefined): Promise<void> {
    const fresh = await store.submit({ key: `slack:${question.channel}:${question.messageTs}`, surface: 'slack', payload: question });
    logger.info({ kind: question.kind, channel: question.channel, retryNum, duplicate: !fresh }, fresh ? 'slack: question stored' : 'slack: duplicate delivery');
  }

  /**
   * Answers a stored question: posts a placeholder in the thread (once, remembered across
   * attempts), asks the core, then replaces the placeholder with the answer or one polite error
   * message. Throws only when Slack cannot be reached, so the inbox tries again later.
   */
  async function answerInConversation(job: InboxJob, question: SlackQuestion & { type: 'message' }, saveProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void> {
    const { channel, threadTs, conversationKey, kind } = question;
    const client = webClient;
    const started = Date.now();
    if (question.question === '') {
      await client.chat.postMessage({ channel, thread_ts: threadTs, ...renderNotice(emptyMentionHelp()) });
      return;
    }
    let placeholderTs = typeof job.progress.placeholderTs === 'string' ? job.progress.placeholderTs : undefined;
    if (!placeholderTs) {
      try {
        const placeholder = await client.chat.postMessage({ channel, thread_ts: threadTs, ...renderPlaceholder() });
        placeholderTs = placeholder.ts;
        if (placeholderTs) await saveProgress({ placeholderTs });
      } catch (error) {
        logger.warn({ err: errorSummary(error), channel }, 'slack: placeholder not posted');
      }
    }
    let message: SlackMessage;
    let answer: Answer | undefined;
    let historyTurns = 0;
    try {
      const history = await conversations.history(conversationKey);
      historyTurns = history.length;
      logger.debug({ question: question.question }, 'slack: question');
      answer = await assistant.ask(question.question, { history, surface: 'slack', scope: scopes.forSlackChannel(channel) });
      message = renderAnswer(answer, { ref: refs.put(answer), link });
    } catch (error) {
      logger.error({ err: errorSummary(error), kind, channel, ms: Date.now() - started }, 'slack: answer failed');
      message = renderError();
    }
    if (answer) {
      await conversations.record(conversationKey, question.question, answer).catch((error: unknown) => logger.warn({ err: errorSummary(error) }, 'slack: conversation not recorded'));
    }
    if (placeholderTs) await client.chat.update({ channel, ts: placeholderTs, ...message });
    else await client.chat.postMessage({ channel, thread_ts: threadTs, ...message });
    if (answer) {
      logger.info(
        { kind, channel, questionChars: question.question.length, historyTurns, citations: answer.citations.length, refused: answer.refused, attempt: job.attempt, ms: Date.now() - started },
        'slack: answered',
      );
    }
  }

  /**
   * Answers a stored question of Slack's assistant container (split view): the thread gets its
   * title from its first question, the container shows « Recherche dans les documents… » while the
   * core works (no placeholder message), then the answer is posted with Slack's feedback_buttons.
   * When an LLM composes, its checked sentences are streamed natively (chat.startStream /
   * appendStream / stopStream) as they come, and the stream ends with the sources and the
   * feedback_buttons. Throws only when Slack cannot be reached, so the inbox tries again later.
   */
  async function answerInAssistantThread(job: InboxJob, question: SlackQuestion & { type: 'message' }, saveProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void> {
    const { channel, conversationKey } = question;
    const threadTs = question.threadTs ?? question.messageTs;
    const started = Date.now();
    // Delivered by an earlier attempt that stopped before the inbox heard of it.
    if (typeof job.progress.answerTs === 'string') return;
    if (question.question === '') {
      await webClient.chat.postMessage({ channel, thread_ts: threadTs, ...renderNotice(emptyMentionHelp()) });
      return;
    }
    let history: Awaited<ReturnType<typeof conversations.history>> = [];
    let answer: Answer | undefined;
    let message: SlackMessage;
    const stream = new AnswerStream(
      webClient,
      { channel, thread_ts: threadTs, ...(question.userId ? { recipient_user_id: question.userId } : {}), ...(question.teamId ? { recipient_team_id: question.teamId } : {}) },
      logger,
    );
    try {
      history = await conversations.history(conversationKey);
      // Cosmetic calls: a failure is logged, the answer still goes out.
      const title =
        history.length === 0 ? bestEffort('thread title', () => webClient.assistant.threads.setTitle({ channel_id: channel, thread_ts: threadTs, title: threadTitle(question.question) })) : undefined;
      await bestEffort('status', () => webClient.assistant.threads.setStatus({ channel_id: channel, thread_ts: threadTs, status: MESSAGES.status }));
      await title;
      logger.debug({ question: question.question }, 'slack: question');
      // Only the LLM composer calls onToken: an extractive answer is posted in one piece.
      answer = await assistant.ask(question.question, { history, surface: 'slack', scope: scopes.forSlackChannel(channel), onToken: (text) => stream.show(text) });
      message = renderAnswer(answer, { ref: refs.put(answer, FEEDBACK_REF_LIMIT), feedbackStyle: 'feedback_buttons', link });
    } catch (error) {
      logger.error({ err: errorSummary(error), kind: 'assistant', channel, ms: Date.now() - started }, 'slack: answer failed');
      message = renderError();
    }
    if (answer) {
      await conversations.record(conversationKey, question.question, answer).catch((error: unknown) => logger.warn({ err: errorSummary(error) }, 'slack: conversation not recorded'));
    }
    // Posting in the thread also clears the status.
    const streamedTs = await stream.finish(answer, message);
    const answerTs = streamedTs ?? (await webClient.chat.postMessage({ channel, thread_ts: threadTs, ...message })).ts;
    if (answerTs) await saveProgress({ answerTs }).catch(() => undefined);
    if (answer) {
      logger.info(
        {
          kind: 'assistant',
          channel,
          questionChars: question.question.length,
          historyTurns: history.length,
          citations: answer.citations.length,
          refused: answer.refused,
          attempt: job.attempt,
          ms: Date.now() - started,
        },
        'slack: answered',
      );
    }
  }

  async function bestEffort(what: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      logger.warn({ err: errorSummary(error) }, `slack: ${what} not set`);
    }
  }

  /**
   * Routes a stored Events API delivery through Bolt (store-first-events.ts): its listeners store
   * the question it carries, if any. Bolt's acknowledgement has already been sent. Throws when the
   * question could not be stored or the bot's identity not learnt, so the inbox tries again later.
   */
  async function route(delivery: StoredDelivery): Promise<void> {
    await app.processEvent({ body: delivery.body, retryNum: delivery.retryNum, retryReason: delivery.retryReason, customProperties: {}, ack: async () => undefined });
  }

  /** Answers a stored /alinea command through its response_url (valid 30 minutes, 5 uses). */
  async function answerCommand(question: SlackQuestion & { type: 'command' }): Promise<void> {
    const started = Date.now();
    let body: Record<string, unknown>;
    try {
      const answer = await assistant.ask(question.question, { history: [], surface: 'slack', scope: scopes.forSlackChannel(question.channelId) });
      const message = renderAnswer(answer, { ref: refs.put(answer), share: true, link });
      body = { response_type: 'ephemeral', replace_original: true, text: message.text, blocks: message.blocks };
      logger.info({ kind: 'command', questionChars: question.question.length, citations: answer.citations.length, refused: answer.refused, ms: Date.now() - started }, 'slack: answered');
    } catch (error) {
      logger.error({ err: errorSummary(error), kind: 'command', ms: Date.now() - started }, 'slack: answer failed');
      body = { response_type: 'ephemeral', replace_original: true, ...renderError() };
    }
    const response = await fetch(question.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`response_url: HTTP ${response.status}`);
  }

  async function handleJob(job: InboxJob, saveProgress: (progress: Record<string, unknown>) => Promise<void>): Promise<void> {
    const question = job.payload as SlackQuestion;
    if (question.type === 'delivery') await route(question);
    else if (question.type === 'command') await answerCommand(question);
    else if (question.kind === 'assistant') await answerInAssistantThread(job, question, saveProgress);
    else await answerInConversation(job, question, saveProgress);
  }
  if (ownStore) {
    void store.startProcessing(async (job, saveProgress) => {
      await intake.quiet();
      await handleJob(job, saveProgress);
    }, OWN_STORE_CONCURRENCY);
  }

  // Slack's assistant container (the split view of AI apps). Registered before the message
  // listener: Bolt routes a DM thread message of the container here and nowhere else.
  const prompts: SuggestedPrompt[] = suggestPrompts(assistant.documents, options.topics ?? []);
  app.assistant(
    new AssistantContainer({
      // The thread's context (the channel the user is looking at) is not used: answers come from
      // the corpus only. A no-op store spares the Web API calls of Bolt's default one.
      threadContextStore: { get: async () => ({}), save: async () => undefined },
      threadStarted: async ({ event }) => {
        const { channel_id, thread_ts } = event.assistant_thread;
        logger.info({ kind: 'assistant-thread', channel: channel_id }, 'slack: assistant thread started');
        if (prompts.length === 0) return;
        // Acknowledged at once; the prompts follow.
        detach('suggested prompts', async () => {
          await webClient.assistant.threads.setSuggestedPrompts({ channel_id, thread_ts, title: MESSAGES.promptsTitle, prompts });
        });
      },
      threadContextChanged: async () => undefined,
      userMessage: async ({ message, context }) => {
        // Only plain user messages: our own answers and edits come back as events too.
        if (message.subtype !== undefined || message.bot_id || !message.user) return;
        await accept(
          {
            ...threadQuestion(message, botUserIdOf(context), 'assistant'),
            userId: message.user,
            ...(context.teamId ? { teamId: context.teamId } : {}),
          },
          context.retryNum,
        );
      },
    }),
  );

  app.event('app_mention', async ({ event, context }) => {
    if (event.bot_id || !event.user) return;
    // Slack's types promise `text`, but a mention carrying only an attachment or a file arrives
    // without it: that is an empty question, answered politely.
    await accept(threadQuestion(event as { channel: string; ts: string; thread_ts?: string; text?: string }, botUserIdOf(context), 'mention'), context.retryNum);
  });

  app.message(async ({ message, context }) => {
    // Only plain user messages: edits, joins, bot posts (including ours) carry a subtype or bot_id.
    if (message.subtype !== undefined || message.bot_id || !message.user) return;
    const text = message.text ?? '';
    const botUserId = botUserIdOf(context);
    if (message.channel_type === 'im') {
      // A DM is one continuous conversation, unless the user replies in a thread of it.
      await accept(
        {
          type: 'message',
          channel: message.channel,
          threadTs: message.thread_ts,
          messageTs: message.ts,
          conversationKey: message.thread_ts ? `${message.channel}:${message.thread_ts}` : message.channel,
          question: stripMentions(text, botUserId),
          kind: 'dm',
        },
        context.retryNum,
      );
      return;
    }
    // In channels, a message that mentions the bot is answered by the app_mention listener.
    if (!message.thread_ts || (botUserId && text.includes(`<@${botUserId}>`))) return;
    const conversationKey = `${message.channel}:${message.thread_ts}`;
    // A reply without mention is a follow-up only in a thread the bot has already answered.
    if ((await conversations.history(conversationKey)).length === 0) return;
    await accept(
      {
        type: 'message',
        channel: message.channel,
        threadTs: message.thread_ts,
        messageTs: message.ts,
        conversationKey,
        question: stripMentions(text, botUserId),
        kind: 'follow-up',
      },
      context.retryNum,
    );
  });

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    const question = command.text.trim();
    if (question === '') {
      await ack({ response_type: 'ephemeral', text: MESSAGES.emptyQuestion });
      return;
    }
    // Stored first, then acknowledged within Slack's 3 s with a private placeholder; the answer
    // goes through response_url. A command has no event id: its trigger_id is unique per invocation.
    const fresh = await store.submit({
      key: `slack:command:${command.trigger_id}`,
      surface: 'slack',
      payload: { type: 'command', responseUrl: command.response_url, question, channelId: command.channel_id },
    });
    if (!fresh) logger.info('slack: duplicate command delivery');
    await ack({ response_type: 'ephemeral', text: MESSAGES.placeholder });
  });

  // The HTTP acknowledgement leaves when a listener returns (processBeforeResponse): what follows
  // an acknowledgement and needs nothing durable runs detached, so the click is acknowledged at once.
  const detached = new Set<Promise<void>>();
  const detach = (what: string, task: () => Promise<void>): void => {
    const running = task().catch((error: unknown) => logger.warn({ err: errorSummary(error) }, `slack: ${what} failed`));
    detached.add(running);
    void running.finally(() => detached.delete(running));
  };

  app.action<BlockButtonAction>(ACTION_IDS.share, async ({ ack, action, body, client, respond }) => {
    await ack();
    detach('share', () => shareAnswer({ action, body, client, respond }));
  });

  async function shareAnswer({ action, body, client, respond }: Pick<SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs, 'action' | 'body' | 'client' | 'respond'>): Promise<void> {
    const answer = refs.answer(action.value ?? '');
    const channel = body.channel?.id;
    if (!answer || !channel) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: MESSAGES.expired });
      return;
    }
    const message = renderSharedText(renderShareText(answer, link), body.user.id);
    try {
      await client.chat.postMessage({ channel, ...message });
      await respond({ response_type: 'ephemeral', replace_original: true, text: MESSAGES.shared });
    } catch (error) {
      // The bot may not be a member of the channel where /alinea was typed: response_url can
      // still post there on the user's behalf.
      logger.warn({ err: errorSummary(error), channel }, 'slack: share via chat.postMessage failed, using response_url');
      await respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks });
    }
    logger.info({ kind: 'share', channel }, 'slack: answer shared');
  }

  const onFeedback =
    (verdict: Verdict) =>
    async ({ ack, action, body, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
      await ack();
      const value = action.value ?? '';
      const subject = refs.subject(value);
      if (!subject) {
        logger.warn({ verdict }, 'slack: feedback on an unknown answer');
        detach('feedback acknowledgement', () => acknowledgeFeedback(respond, client, body, MESSAGES.expired));
        return;
      }
      if (seenFeedback.claim(`${body.user.id}:${verdict}:${value}`)) {
        try {
          await feedbackLog.append({ surface: 'slack', userId: body.user.id, verdict, ...subject });
        } catch (error) {
          logger.error({ err: errorSummary(error) }, 'slack: feedback not recorded');
          await acknowledgeFeedback(respond, client, body, MESSAGES.feedbackNotRecorded);
          return;
        }
        logger.info({ verdict }, 'slack: feedback recorded');
      }
      detach('feedback acknowledgement', () => acknowledgeFeedback(respond, client, body, MESSAGES.thanks));
    };
  app.action<BlockFeedbackButtonsAction>(ACTION_IDS.feedback, async ({ ack, action, body }) => {
    await ack();
    const parsed = parseFeedbackValue(action.value ?? '');
    const subject = parsed ? refs.subject(parsed.ref) : undefined;
    if (!parsed || !subject) {
      logger.warn('slack: feedback on an unknown answer');
      return;
    }
    // Slack shows the click itself (the chosen button stays selected): no thank-you message.
    if (!seenFeedback.claim(`${body.user.id}:${parsed.verdict}:${parsed.ref}`)) return;
    try {
      await feedbackLog.append({ surface: 'slack', userId: body.user.id, verdict: parsed.verdict, ...subject });
      logger.info({ verdict: parsed.verdict }, 'slack: feedback recorded');
    } catch (error) {
      logger.error({ err: errorSummary(error) }, 'slack: feedback not recorded');
      const channel = body.channel?.id;
      if (channel) {
        detach('feedback acknowledgement', async () => {
          await webClient.chat.postEphemeral({ channel, user: body.user.id, text: MESSAGES.feedbackNotRecorded, thread_ts: body.message?.thread_ts });
        });
      }
    }
  });
  app.action<BlockButtonAction>(ACTION_IDS.feedbackUp, onFeedback('up'));
  app.action<BlockButtonAction>(ACTION_IDS.feedbackDown, onFeedback('down'));

  async function acknowledgeFeedback(respond: RespondFn, client: WebClient, body: BlockButtonAction, text: string): Promise<void> {
    try {
      if (body.response_url) {
        await respond({ response_type: 'ephemeral', replace_original: false, text });
      } else if (body.channel?.id) {
        await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text, thread_ts: body.message?.thread_ts });
      }
    } catch (error) {
      logger.warn({ err: errorSummary(error) }, 'slack: feedback acknowledgement not delivered');
    }
  }

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    detach('home view', async () => {
      await client.views.publish({ user_id: event.user, view: renderHomeView(assistant.documents) });
    });
  });

  let ownServer: Server | undefined;
  const surface: SlackSurface = {
    mode,
    app,
    router,
    ...(early ? { early } : {}),
    async start() {
      // Checked in the background: a wrong token is logged at start-up without blocking the server.
      whoAmI().then(
        (who) => logger.info({ botUserId: who.botUserId }, 'slack: bot identity confirmed'),
        (error: unknown) => logger.error({ err: errorSummary(error) }, 'slack: auth.test failed, check SLACK_BOT_TOKEN'),
      );
      if (mode === 'socket') {
        await app.start();
        logger.info('slack: connected in Socket Mode');
        return;
      }
      if (options.httpPort === undefined || !router) return;
      const standalone = express();
      standalone.use('/slack/events', router);
      const server = createServer(standalone);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.httpPort, settings.HOST, () => resolve());
      });
      ownServer = server;
      surface.port = (server.address() as AddressInfo).port;
      logger.info({ port: surface.port }, 'slack: listening for events');
    },
    async stop() {
      if (mode === 'socket') await app.stop();
      const server = ownServer;
      ownServer = undefined;
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.race([Promise.allSettled([...detached]), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      if (ownStore) {
        await store.stopProcessing(5_000);
        await store.close();
      }
    },
    handleJob,
  };
  return surface;
}

/**
 * Slack's native streaming of one answer (client.chatStream). Started by the first text the LLM
 * composer shows; each call of `show` gets the whole checked text so far, and only what was added
 * is appended. `finish` ends the stream with the sources and feedback_buttons, and replaces the
 * streamed text when the final answer differs (an LLM answer rejected at the end falls back to the
 * extractive one). A streaming failure is logged and the answer is posted normally.
 */
class AnswerStream {
  private streamer: ReturnType<WebClient['chatStream']> | undefined;
  private streamed = '';
  private pending: Promise<unknown> = Promise.resolve();
  private failed = false;
  private finished = false;

  constructor(
    private readonly client: WebClient,
    private readonly target: { channel: string; thread_ts: string; recipient_user_id?: string; recipient_team_id?: string },
    private readonly logger: Logger,
  ) {}

  show(text: string): void {
    // A text that does not extend what is shown cannot be appended: the final answer replaces it.
    if (this.finished || this.failed || !text.startsWith(this.streamed) || text.length === this.streamed.length) return;
    const added = text.slice(this.streamed.length);
    this.streamed = text;
    // A small buffer: the composer already sends whole checked sentences.
    this.streamer ??= this.client.chatStream({ ...this.target, buffer_size: 1 });
    const streamer = this.streamer;
    this.pending = this.pending.then(() => streamer.append({ markdown_text: added })).catch((error: unknown) => this.fail(error));
  }

  /** Ends the stream; the streamed message's ts, or undefined when nothing was streamed. */
  async finish(answer: Answer | undefined, message: SlackMessage): Promise<string | undefined> {
    this.finished = true;
    const streamer = this.streamer;
    if (!streamer) return undefined;
    await this.pending;
    const ts = streamer.ts;
    if (!ts) return undefined;
    if (!this.failed) {
      try {
        // The text is already shown: the stream ends with the rest of the message (sources, 👍/👎).
        await streamer.stop({ blocks: message.blocks.filter((block) => block.type !== 'section') });
      } catch (error) {
        this.fail(error);
      }
    }
    if (this.failed || answer?.text !== this.streamed) {
      try {
        await this.client.chat.update({ channel: this.target.channel, ts, ...message });
      } catch (error) {
        // The half-streamed message stays; the answer is posted below it.
        this.logger.warn({ err: errorSummary(error) }, 'slack: streamed message not replaced');
        return undefined;
      }
    }
    return ts;
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.logger.warn({ err: errorSummary(error) }, 'slack: streaming failed');
  }
}

/** Removes `<@U123>` mentions (the bot's and, when unknown, any leading one) and tidies spaces. */
export function stripMentions(text: string, botUserId: string | undefined): string {
  let out = text;
  if (botUserId) out = out.split(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g')).join(' ');
  else out = out.replace(/^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

function emptyMentionHelp(): string {
  return "Bonjour ! Posez-moi une question sur les contrats de ville, par exemple : « Quels dispositifs sont mobilisables pour l'objectif #18 ? »";
}

function isStoreUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof StoreUnavailableError || (current as { code?: string }).code === 'ALINEA_STORE_UNAVAILABLE') return true;
    current = (current as { original?: unknown; cause?: unknown }).original ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

/** What is safe to log about an error: never request bodies or tokens. */
function errorSummary(error: unknown): { message: string; code?: string } {
  if (error instanceof Error) return { message: error.message, code: (error as { code?: string }).code };
  return { message: String(error) };
}

/**
 * Bolt and its Web API client log through this adapter into pino. Debug is floored at info because
 * Socket Mode's debug output includes connection URLs carrying a ticket.
 */
function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  if (child.level === 'debug' || child.level === 'trace') child.level = 'info';
  const format = (parts: unknown[]): string =>
    parts
      .map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : safeJson(part)))
      .join(' ')
      .slice(0, 1_000);
  return {
    debug: (...parts: unknown[]) => child.debug(format(parts)),
    info: (...parts: unknown[]) => child.info(format(parts)),
    warn: (...parts: unknown[]) => child.warn(format(parts)),
    error: (...parts: unknown[]) => child.error(format(parts)),
    // pino's level (from LOG_LEVEL) stays the single source of truth.
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
