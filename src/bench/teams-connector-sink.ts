/**
 * The bench's stand-in for the Bot Connector (the `serviceUrl` of every Teams activity), on
 * 127.0.0.1 only: it takes the bot's typing indicators and messages, answers each with an id, and
 * counts the messages per conversation, so the burst can tell a question answered once from one
 * lost or answered twice. (The tests' recording stand-in lives under tests/helpers and is not
 * shipped with src.)
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_TEXT } from '../chat/teams/teams-surface.js';

export interface ConversationTally {
  /** Messages the bot sent in the conversation (typing indicators apart). */
  answers: number;
  /** How many of those were the surface's error message. */
  errors: number;
}

export interface TeamsConnectorSink {
  /** For the activities' `serviceUrl`. */
  serviceUrl: string;
  /** Tally for a conversation, if the bot sent a message there. */
  conversation(conversationId: string): ConversationTally | undefined;
  close(): Promise<void>;
}

/** `/v3/conversations/:id/activities[/:activityId]`, as the Teams SDK posts replies. */
const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/?]+)?\/?(?:\?.*)?$/;

async function readJson(req: IncomingMessage): Promise<{ type?: unknown; text?: unknown } | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { type?: unknown; text?: unknown };
  } catch {
    return undefined;
  }
}

export async function startTeamsConnectorSink(): Promise<TeamsConnectorSink> {
  const conversations = new Map<string, ConversationTally>();
  let counter = 0;
  const server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const match = ACTIVITY_PATH.exec(req.url ?? '');
      if (!match || !body || (req.method !== 'POST' && req.method !== 'PUT')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not faked"}');
        return;
      }
      if (body.type === 'message') {
        const id = decodeURIComponent(match[1]!);
        const tally = conversations.get(id) ?? { answers: 0, errors: 0 };
        tally.answers += 1;
        if (body.text === ERROR_TEXT) tally.errors += 1;
        conversations.set(id, tally);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `activity-${++counter}` }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    conversation: (conversationId) => conversations.get(conversationId),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
