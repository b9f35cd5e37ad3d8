/**
 * A scripted stand-in for an OpenAI-compatible server (`POST /v1/chat/completions`), so the real
 * LangChain client can be exercised offline. Each request consumes the next queued behaviour
 * (the last one repeats when the queue runs dry) and is recorded for assertions on the prompt.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour =
  /** A normal JSON completion (or SSE chunks when the client asked to stream). */
  | { type: 'reply'; text: string }
  /** SSE chunks, sent with `delayMs` between them; non-streaming clients get them joined. */
  | { type: 'stream'; chunks: string[]; delayMs?: number }
  | { type: 'status'; status: number; message?: string }
  /** Wait before replying `text` (or never reply when `text` is absent, until the socket closes). */
  | { type: 'hang'; ms: number; text?: string }
  | { type: 'malformed' };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined when it was not JSON). */
  body: { model?: string; stream?: boolean; messages?: { role: string; content: unknown }[]; [key: string]: unknown } | undefined;
}

export interface FakeOpenAiServer {
  /** e.g. `http://127.0.0.1:43210/v1`, what goes in LLM_BASE_URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces the queue of behaviours. */
  script(...behaviours: FakeBehaviour[]): void;
  close(): Promise<void>;
}

function completionJson(text: string, model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
}

function chunkJson(delta: Record<string, unknown>, model: string, finish: string | null = null): string {
  return JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  let queue: FakeBehaviour[] = [{ type: 'reply', text: 'Réponse par défaut [1].' }];
  const requests: RecordedRequest[] = [];

  const nextBehaviour = (): FakeBehaviour => (queue.length > 1 ? queue.shift()! : queue[0]!);

  async function sendStream(res: http.ServerResponse, chunks: string[], model: string, delayMs: number) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`data: ${chunkJson({ role: 'assistant', content: '' }, model)}\n\n`);
    for (const chunk of chunks) {
      if (res.destroyed) return;
      if (delayMs > 0) await sleep(delayMs);
      res.write(`data: ${chunkJson({ content: chunk }, model)}\n\n`);
    }
    res.write(`data: ${chunkJson({}, model, 'stop')}\n\n`);
    res.end('data: [DONE]\n\n');
  }

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (raw += part));
    req.on('end', () => {
      void (async () => {
        let body: RecordedRequest['body'];
        try {
          body = JSON.parse(raw) as RecordedRequest['body'];
        } catch {
          body = undefined;
        }
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
          return;
        }
        const model = body?.model ?? 'fake-model';
        const wantsStream = body?.stream === true;
        const behaviour = nextBehaviour();
        switch (behaviour.type) {
          case 'reply':
            if (wantsStream) await sendStream(res, [behaviour.text], model, 0);
            else {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(completionJson(behaviour.text, model));
            }
            return;
          case 'stream':
            if (wantsStream) await sendStream(res, behaviour.chunks, model, behaviour.delayMs ?? 0);
            else {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(completionJson(behaviour.chunks.join(''), model));
            }
            return;
          case 'status': {
            res.writeHead(behaviour.status, { 'content-type': 'application/json' });
            // Like some real servers, echo what was received (the key) to prove it never reaches logs.
            const message = behaviour.message ?? `Erreur simulée ; en-tête reçu : ${req.headers.authorization ?? '(aucun)'}`;
            res.end(JSON.stringify({ error: { message, type: 'fake_error', code: behaviour.status } }));
            return;
          }
          case 'hang':
            await sleep(behaviour.ms);
            if (res.destroyed || behaviour.text === undefined) return;
            if (wantsStream) await sendStream(res, [behaviour.text], model, 0);
            else {
              res.writeHead(200, { 'content-type': 'application/json' });
              res.end(completionJson(behaviour.text, model));
            }
            return;
          case 'malformed':
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"choices": [ {"message": ');
            return;
        }
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(...behaviours: FakeBehaviour[]) {
      if (behaviours.length === 0) throw new Error('script() needs at least one behaviour');
      queue = [...behaviours];
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging replies keep sockets open: cut them so close() does not wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
