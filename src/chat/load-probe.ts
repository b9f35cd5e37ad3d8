/**
 * Bounded load probes, used by the load tests and by `npm run bench`:
 * - `runAskLoad`: n `POST /api/ask` with at most `concurrency` in flight, each with a distinct
 *   question, so the caller can check that none was lost, failed or answered with somebody else's
 *   question;
 * - `runSlackEventLoad`: n distinct signed Slack `app_mention` deliveries, timing each
 *   acknowledgement against Slack's 3 s limit (the answers themselves arrive later through the Web
 *   API, which the caller observes). Sent with node:http, one connection each as from Slack:
 *   fetch's per-request cost (about a millisecond of CPU) held a hundred deliveries in the probe
 *   for up to a second on two busy cores before they left. Each acknowledgement is timed from when
 *   its delivery left: built all at once, the first waited for the ninety-nine others (160 to 330
 *   ms at p95 in the burst) before its request could be written;
 * - `runTeamsActivityLoad`: n distinct Teams message activities, each in a personal conversation of
 *   its own, posted as the Bot Connector posts them (its bearer token on each), timed the same way.
 */
import http from 'node:http';
import { slackSignatureHeaders } from './slack/request-signing.js';

export interface AskLoadResult {
  /** Requests answered 200 with their own question echoed back. */
  ok: number;
  failed: number;
  seconds: number;
  requestsPerSecond: number;
  p95Ms: number;
  /** Up to 10 failure descriptions (status, mismatch, network error). */
  failures: string[];
  /** The questions as sent, index i for request i. */
  questions: string[];
}

export interface AskLoadOptions {
  /** Builds the question of request i (distinct by default). */
  question?: (i: number) => string;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
}

/** `baseUrl` is the server root (e.g. http://127.0.0.1:3000); the probe posts to `/api/ask`. */
export async function runAskLoad(baseUrl: string, n: number, concurrency: number, options: AskLoadOptions = {}): Promise<AskLoadResult> {
  const endpoint = new URL('/api/ask', baseUrl).toString();
  const makeQuestion = options.question ?? ((i: number) => `Question de charge n° ${i} : qu'est-ce que le BOP 147 ?`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const questions = Array.from({ length: n }, (_, i) => makeQuestion(i));
  const durations: number[] = [];
  const failures: string[] = [];
  let ok = 0;
  let failed = 0;

  const fail = (description: string) => {
    failed += 1;
    if (failures.length < 10) failures.push(description);
  };

  const one = async (i: number) => {
    const started = performance.now();
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: questions[i] }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const payload = (await response.json()) as { question?: string };
      durations.push(performance.now() - started);
      if (response.status !== 200) fail(`#${i}: HTTP ${response.status}`);
      else if (payload.question !== questions[i]) fail(`#${i}: réponse à une autre question (${String(payload.question)})`);
      else ok += 1;
    } catch (error) {
      fail(`#${i}: ${(error as Error).message}`);
    }
  };

  const started = performance.now();
  await runPool(n, concurrency, one);
  const seconds = (performance.now() - started) / 1000;
  const p95 = percentile95(durations);
  return {
    ok,
    failed,
    seconds: Math.round(seconds * 1000) / 1000,
    requestsPerSecond: seconds > 0 ? Math.round((n / seconds) * 10) / 10 : 0,
    p95Ms: Math.round(p95 * 10) / 10,
    failures,
    questions,
  };
}

/** Runs `one(0..n-1)` with at most `concurrency` calls in flight. */
async function runPool(n: number, concurrency: number, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next;
      next += 1;
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, n)) }, () => worker()));
}

function percentile95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]! : 0;
}

/** Slack's limit: a delivery not acknowledged within 3 s is retried by Slack. */
export const SLACK_ACK_LIMIT_MS = 3_000;

/** One synthetic mention, with everything that identifies it distinct from the others. */
export interface SlackLoadEvent {
  eventId: string;
  channel: string;
  user: string;
  /** The message ts, which is also the thread the answer goes to. */
  ts: string;
  /** The question once the bot mention is stripped (what the assistant is asked). */
  question: string;
  /** The delivered `event_callback` body, byte for byte (the signature covers it). */
  body: string;
}

/**
 * Builds n distinct mentions of `botUserId` (« <@BOT> question k » unless `question` says
 * otherwise; a question must stay distinct per k for the caller to match answers). `tag` keeps the ids of two runs apart (a warm-up and
 * the measured run, for instance), since the surface drops an event_id or message it has seen.
 */
export function slackMentionEvents(n: number, options: { botUserId?: string; tag?: string; question?: (k: number) => string } = {}): SlackLoadEvent[] {
  const botUserId = options.botUserId ?? 'UBOT';
  const tag = options.tag ?? Date.now().toString(36).toUpperCase();
  const seconds = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, k) => {
    const eventId = `Ev${tag}${String(k).padStart(6, '0')}`;
    const channel = `C${tag}${k}`;
    const user = `U${tag}${k}`;
    const ts = `${seconds}.${String(k).padStart(6, '0')}`;
    const question = options.question?.(k) ?? `question ${k}`;
    const event = { type: 'app_mention', user, text: `<@${botUserId}> ${question}`, ts, channel, event_ts: ts };
    const body = JSON.stringify({
      token: 'load-probe',
      team_id: 'TLOAD',
      api_app_id: 'ALOAD',
      type: 'event_callback',
      event_id: eventId,
      event_time: seconds,
      authorizations: [{ team_id: 'TLOAD', user_id: botUserId, is_bot: true }],
      event,
    });
    return { eventId, channel, user, ts, question, body };
  });
}

export interface SlackEventLoadOptions {
  /** Where the Slack router is mounted, e.g. http://127.0.0.1:3000/slack/events. */
  eventsUrl: string;
  signingSecret: string;
  /** How many fresh mentions to send, or the exact events to (re)send. */
  events: number | SlackLoadEvent[];
  concurrency: number;
  /** Mentioned in fresh events; must match the surface's bot user id for the mention to be stripped. */
  botUserId?: string;
  /** Extra headers on every delivery, e.g. `{ 'x-slack-retry-num': '1' }` to play Slack's retries. */
  headers?: Record<string, string>;
  /** An acknowledgement slower than this counts as failed (Slack would retry it). */
  ackLimitMs?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
}

/** What a load of deliveries (Slack events, Teams activities) measured: their acknowledgements. */
export interface DeliveryLoadResult {
  /** Deliveries answered HTTP 200 within the acknowledgement limit. */
  acknowledged: number;
  failed: number;
  maxAckMs: number;
  p95AckMs: number;
  seconds: number;
  eventsPerSecond: number;
  /** Up to 10 failure descriptions (status, late acknowledgement, network error). */
  failures: string[];
  /**
   * p95 of the time a delivery spent in this client before it left (its connection open and its
   * request written). Not in the acknowledgement times, which run from then, as Slack's would.
   */
  p95ClientDelayMs: number;
}

export interface SlackEventLoadResult extends DeliveryLoadResult {
  /** The events as sent, index i for delivery i. */
  events: SlackLoadEvent[];
}

/** One POST on a connection of its own; `connectedAt` is when the request could leave. */
function postOnce(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; connectedAt: number }> {
  return new Promise((resolve, reject) => {
    let connectedAt = Number.NaN;
    const request = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0, connectedAt }));
      response.once('error', reject);
    });
    request.once('socket', (socket) => socket.once('connect', () => (connectedAt = performance.now())));
    request.once('timeout', () => request.destroy(new Error(`pas de réponse en ${timeoutMs} ms`)));
    request.once('error', reject);
    request.end(body);
  });
}

/** One delivery of a load: its id (for failure messages), its body, and its headers made at send time. */
interface Delivery {
  id: string;
  body: string;
  headers: () => Record<string, string>;
}

/** Sends `deliveries` to `url`, at most `concurrency` at once, each on a connection of its own, timing each acknowledgement. */
async function runDeliveryLoad(url: string, deliveries: Delivery[], options: { concurrency: number; ackLimitMs?: number; timeoutMs?: number }): Promise<DeliveryLoadResult> {
  const n = deliveries.length;
  const ackLimitMs = options.ackLimitMs ?? SLACK_ACK_LIMIT_MS;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const durations: number[] = [];
  const failures: string[] = [];
  let acknowledged = 0;
  let failed = 0;

  const fail = (description: string) => {
    failed += 1;
    if (failures.length < 10) failures.push(description);
  };

  const clientDelays: number[] = [];
  const one = async (i: number) => {
    const { body, id, headers } = deliveries[i]!;
    const started = performance.now();
    try {
      const { status, connectedAt } = await postOnce(url, headers(), body, timeoutMs);
      // Timed from when the delivery left (its connection open, the request written), as Slack
      // times it: the deliveries are all built at once, and the hundredth was built before the
      // first could leave; that wait is the client's, reported apart.
      const sent = Number.isNaN(connectedAt) ? started : connectedAt;
      const ms = performance.now() - sent;
      durations.push(ms);
      if (!Number.isNaN(connectedAt)) clientDelays.push(connectedAt - started);
      if (status !== 200) fail(`${id}: HTTP ${status}`);
      else if (ms > ackLimitMs) fail(`${id}: accusé de réception en ${Math.round(ms)} ms (> ${ackLimitMs} ms)`);
      else acknowledged += 1;
    } catch (error) {
      fail(`${id}: ${(error as Error).message}`);
    }
  };

  const started = performance.now();
  await runPool(n, options.concurrency, one);
  const seconds = (performance.now() - started) / 1000;
  return {
    acknowledged,
    failed,
    maxAckMs: Math.round(Math.max(0, ...durations) * 10) / 10,
    p95AckMs: Math.round(percentile95(durations) * 10) / 10,
    seconds: Math.round(seconds * 1000) / 1000,
    eventsPerSecond: seconds > 0 ? Math.round((n / seconds) * 10) / 10 : 0,
    failures,
    p95ClientDelayMs: Math.round(percentile95(clientDelays) * 10) / 10,
  };
}

export async function runSlackEventLoad(options: SlackEventLoadOptions): Promise<SlackEventLoadResult> {
  const events = typeof options.events === 'number' ? slackMentionEvents(options.events, { botUserId: options.botUserId }) : options.events;
  const deliveries = events.map(({ eventId, body }) => ({
    id: eventId,
    body,
    // Signed at send time: Bolt rejects a timestamp more than five minutes old.
    headers: () => ({ 'content-type': 'application/json', ...slackSignatureHeaders(options.signingSecret, body), ...options.headers }),
  }));
  return { ...(await runDeliveryLoad(options.eventsUrl, deliveries, options)), events };
}

/** One synthetic Teams question, in a 1:1 conversation of its own. */
export interface TeamsLoadActivity {
  activityId: string;
  conversationId: string;
  question: string;
  /** The activity as the Bot Connector posts it (JSON text). */
  body: string;
}

/**
 * Builds n distinct message activities, as the Bot Connector posts them to a bot: each from its
 * own user in its own personal conversation, `serviceUrl` the connector the bot replies to.
 */
export function teamsMessageActivities(n: number, options: { serviceUrl: string; botId: string; tenantId: string; tag?: string; question?: (k: number) => string }): TeamsLoadActivity[] {
  const tag = options.tag ?? Date.now().toString(36).toUpperCase();
  return Array.from({ length: n }, (_, k) => {
    const activityId = `act-${tag}-${k}`;
    const conversationId = `a:load-${tag}-${k}`;
    const question = options.question?.(k) ?? `question ${k}`;
    const body = JSON.stringify({
      type: 'message',
      id: activityId,
      channelId: 'msteams',
      serviceUrl: options.serviceUrl,
      timestamp: new Date().toISOString(),
      locale: 'fr-FR',
      from: { id: `29:user-${tag}-${k}`, name: 'Charge', aadObjectId: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`, role: 'user' },
      recipient: { id: `28:${options.botId}`, name: 'Alinéa', role: 'bot' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: options.tenantId },
      channelData: { tenant: { id: options.tenantId } },
      text: question,
      textFormat: 'plain',
    });
    return { activityId, conversationId, question, body };
  });
}

export interface TeamsActivityLoadOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3000/api/messages. */
  messagesUrl: string;
  /** The Bot Connector's bearer token (one for every activity, as the connector reuses its token). */
  token: string;
  activities: TeamsLoadActivity[];
  concurrency: number;
  /** An acknowledgement slower than this counts as failed. */
  ackLimitMs?: number;
  timeoutMs?: number;
}

export function runTeamsActivityLoad(options: TeamsActivityLoadOptions): Promise<DeliveryLoadResult> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${options.token}` };
  const deliveries = options.activities.map(({ activityId, body }) => ({ id: activityId, body, headers: () => headers }));
  return runDeliveryLoad(options.messagesUrl, deliveries, options);
}
