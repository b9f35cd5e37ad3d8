/**
 * The bench's stand-in for Slack's Web API, on 127.0.0.1 only: just enough for the Slack surface
 * to post its placeholders and replace them with answers, while counting the final answers per
 * thread. (The tests' richer stand-in lives under tests/helpers and is not shipped with src.)
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MESSAGES } from '../chat/slack/blocks.js';

export interface ThreadTally {
  /** Final answers delivered in the thread (placeholder updates or direct posts). */
  answers: number;
  /** How many of those were the surface's error message. */
  errors: number;
}

export interface SlackApiSink {
  /** For `clientOptions.slackApiUrl` (ends with `/api/`). */
  apiUrl: string;
  /** Tally for the thread `channel:threadTs`, if anything was delivered there. */
  thread(channel: string, threadTs: string): ThreadTally | undefined;
  close(): Promise<void>;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startSlackApiSink(): Promise<SlackApiSink> {
  const threads = new Map<string, ThreadTally>();
  /** Placeholder `channel:ts` → the thread it was posted in. */
  const placeholders = new Map<string, string>();
  let counter = 0;

  const tally = (thread: string, text: string) => {
    const entry = threads.get(thread) ?? { answers: 0, errors: 0 };
    entry.answers += 1;
    if (text === MESSAGES.error) entry.errors += 1;
    threads.set(thread, entry);
  };

  const server = createServer((req, res) => {
    void readForm(req).then((form) => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
      const channel = form.get('channel') ?? '';
      const text = form.get('text') ?? '';
      let reply: Record<string, unknown> = { ok: true };
      if (method === 'chat.postMessage') {
        const ts = `1800000000.${String(++counter).padStart(6, '0')}`;
        const thread = `${channel}:${form.get('thread_ts') ?? ts}`;
        if (text === MESSAGES.placeholder) placeholders.set(`${channel}:${ts}`, thread);
        else tally(thread, text);
        reply = { ok: true, channel, ts };
      } else if (method === 'chat.update') {
        const key = `${channel}:${form.get('ts') ?? ''}`;
        tally(placeholders.get(key) ?? key, text);
        reply = { ok: true, channel, ts: form.get('ts') };
      } else if (method === 'auth.test') {
        reply = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'TLOAD' };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    thread: (channel, threadTs) => threads.get(`${channel}:${threadTs}`),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
