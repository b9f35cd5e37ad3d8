/**
 * A stand-in for the Bot Connector API (the `serviceUrl` Teams puts in every activity), on
 * 127.0.0.1 only. It records what the bot sends — new activities, replies to an activity id,
 * updates — answers each with an id, and records any other request (token endpoints, Graph…)
 * so a test can assert none was made.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedActivity {
  method: string;
  /** Conversation id exactly as it appeared in the path (Teams ids contain `:`, `@`, `;`). */
  conversationId: string;
  /** Set for `POST/PUT /v3/conversations/:id/activities/:activityId`. */
  replyToActivityId?: string;
  /** Id the connector gave this activity. */
  id: string;
  authorization?: string;
  body: any;
}

export interface FakeTeamsConnector {
  /** `http://127.0.0.1:PORT` — put it in the inbound activity's `serviceUrl`. */
  serviceUrl: string;
  activities: RecordedActivity[];
  /** Requests that were not activity posts. */
  otherRequests: { method: string; url: string }[];
  messages(): RecordedActivity[];
  typings(): RecordedActivity[];
  /** Resolves once `count` message activities were recorded (bounded by `timeoutMs`). */
  waitForMessages(count: number, timeoutMs?: number): Promise<RecordedActivity[]>;
  /**
   * Message activities matching `predicate` are recorded (Teams has them) but never answered: the
   * bot is left waiting, as when it is interrupted during the round trip.
   */
  holdMessages(predicate: (body: any) => boolean): void;
  /**
   * Any activity matching `predicate` (a typing indicator, say) is recorded but never answered;
   * `undefined` stops holding new ones.
   */
  holdActivities(predicate: ((body: any) => boolean) | undefined): void;
  /** The next message activity is refused with this HTTP status and not recorded (not delivered). */
  refuseNextMessage(status: number): void;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?\/?(?:\?.*)?$/;

export async function startFakeTeamsConnector(): Promise<FakeTeamsConnector> {
  const activities: RecordedActivity[] = [];
  const otherRequests: { method: string; url: string }[] = [];
  let counter = 0;
  let hold: ((body: any) => boolean) | undefined;
  let holdAny: ((body: any) => boolean) | undefined;
  let refuseStatus: number | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const match = ACTIVITY_PATH.exec(url);
      if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
        otherRequests.push({ method: req.method ?? '', url });
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not faked"}');
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (refuseStatus !== undefined && (body as { type?: string }).type === 'message') {
        res.writeHead(refuseStatus, { 'content-type': 'application/json' }).end('{"error":{"code":"ServiceError","message":"refused (test)"}}');
        refuseStatus = undefined;
        return;
      }
      const id = req.method === 'PUT' && match[2] ? decodeURIComponent(match[2]) : `activity-${++counter}`;
      activities.push({
        method: req.method,
        conversationId: decodeURIComponent(match[1]!),
        replyToActivityId: match[2] ? decodeURIComponent(match[2]) : undefined,
        id,
        authorization: req.headers.authorization,
        body,
      });
      if ((body as { type?: string }).type === 'message' && hold?.(body)) return;
      if (holdAny?.(body)) return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const messages = () => activities.filter((activity) => activity.body?.type === 'message');
  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    activities,
    otherRequests,
    messages,
    typings: () => activities.filter((activity) => activity.body?.type === 'typing'),
    async waitForMessages(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages().length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} message(s), got ${messages().length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return messages();
    },
    holdMessages(predicate) {
      hold = predicate;
    },
    holdActivities(predicate) {
      holdAny = predicate;
    },
    refuseNextMessage(status) {
      refuseStatus = status;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
