import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/answer.js';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { createLogger } from '../../src/chat/logger.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { createScriptedAssistant, type ScriptedAssistant } from '../helpers/scripted-assistant.js';

/** Captures pino's JSON lines. */
function captureStream() {
  const lines: string[] = [];
  return {
    lines,
    stream: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) },
  };
}

let tmp: string;
let running: RunningServer;
let assistant: ScriptedAssistant;
let feedbackLog: FeedbackLog;
let ready = false;
const captured = captureStream();

async function post(route: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${running.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-server-'));
  const settings = loadSettings({ LOG_LEVEL: 'info', FEEDBACK_LOG: path.join(tmp, 'feedback.jsonl') });
  const logger = createLogger(settings, captured.stream);
  assistant = createScriptedAssistant({ failOn: 'PANNE', refuseOn: 'météo' });
  feedbackLog = new FeedbackLog(settings.FEEDBACK_LOG);
  const server = createServer({
    assistant: () => (ready ? (assistant as Assistant) : undefined),
    settings,
    logger,
    feedbackLog,
  });
  running = await server.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await running?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('server: health and readiness', () => {
  it('answers /healthz before express, with the headers express would have sent', async () => {
    const settings = loadSettings({ LOG_LEVEL: 'silent', FEEDBACK_LOG: path.join(tmp, 'feedback-health.jsonl') });
    const server = createServer({ assistant: assistant as Assistant, settings, logger: createLogger(settings), feedbackLog });
    const throughExpress: string[] = [];
    server.deliveries.use((req, _res, next) => {
      throughExpress.push(`${req.method} ${req.path}`);
      next();
    });
    const own = await server.listen(0, '127.0.0.1');
    try {
      const health = await fetch(`${own.url}/healthz`, { headers: { 'x-request-id': 'live-1' } });
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
      expect(health.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(health.headers.get('x-request-id')).toBe('live-1');
      const head = await fetch(`${own.url}/healthz`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      const ready = await fetch(`${own.url}/readyz`);
      for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options']) {
        expect(health.headers.get(name), name).toBe(ready.headers.get(name));
        expect(health.headers.get(name), name).toBeTruthy();
      }
      // Only GET and HEAD are the probe: anything else is express's 404.
      expect((await fetch(`${own.url}/healthz`, { method: 'POST' })).status).toBe(404);
      expect(throughExpress).toEqual(['GET /readyz', 'POST /healthz']);
    } finally {
      await own.close();
    }
  });

  it('is live and not ready while the index loads, then ready', async () => {
    const live = await fetch(`${running.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true });

    const notReady = await fetch(`${running.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ ready: false });

    const askEarly = await post('/api/ask', { question: 'Bonjour ?' });
    expect(askEarly.status).toBe(503);
    expect(askEarly.json.error).toMatch(/chargement/);

    ready = true;
    const nowReady = await fetch(`${running.url}/readyz`);
    expect(nowReady.status).toBe(200);
    expect(await nowReady.json()).toEqual({ ready: true });
  });
});

describe('server: /api/ask', () => {
  beforeAll(() => {
    ready = true;
  });

  it('answers with the core answer and a conversation id', async () => {
    const before = assistant.calls.length;
    const response = await post('/api/ask', { question: "C'est quoi le BOP 147 ?", filters: { territory: 'CABBALR' } });
    expect(response.status).toBe(200);
    expect(response.json.question).toBe("C'est quoi le BOP 147 ?");
    expect(response.json.text).toContain("Réponse 1 à « C'est quoi le BOP 147 ? »");
    expect(response.json.citations).toHaveLength(2);
    expect(response.json.citations[0].breadcrumb).toEqual(['Annexe 2', 'Objectif #1']);
    expect(typeof response.json.conversationId).toBe('string');
    expect(assistant.calls.length).toBe(before + 1);
    const call = assistant.calls.at(-1)!;
    expect(call.context?.filters).toEqual({ territory: 'CABBALR' });
    expect(call.context?.surface).toBe('web');
    expect(call.context?.history).toEqual([]);
  });

  it('passes the earlier turns of the same conversation as history', async () => {
    const first = await post('/api/ask', { question: "Quels dispositifs pour l'objectif #18 ?" });
    const conversationId = first.json.conversationId;
    const second = await post('/api/ask', { question: "Et pour l'objectif 19 ?", conversationId });
    expect(second.status).toBe(200);
    expect(second.json.conversationId).toBe(conversationId);
    expect(second.json.text).toContain('Réponse 2');
    const history = assistant.calls.at(-1)!.context?.history ?? [];
    expect(history).toHaveLength(1);
    expect(history[0]!.question).toBe("Quels dispositifs pour l'objectif #18 ?");
    expect(history[0]!.answer?.text).toBe(first.json.text);

    // Another conversation does not see it.
    const other = await post('/api/ask', { question: 'Autre chose ?', conversationId: 'autre-conversation' });
    expect(other.json.text).toContain('Réponse 1');
  });

  it('forwards an empty question to the core instead of rejecting it', async () => {
    const before = assistant.calls.length;
    const response = await post('/api/ask', { question: '' });
    expect(response.status).toBe(200);
    expect(assistant.calls.length).toBe(before + 1);
    expect(assistant.calls.at(-1)!.question).toBe('');

    // Over 2,000 characters but under the 16 KB body limit: the core decides, not the server.
    const long = 'é'.repeat(2_500);
    const longResponse = await post('/api/ask', { question: long });
    expect(longResponse.status).toBe(200);
    expect(assistant.calls.at(-1)!.question).toBe(long);
  });

  it('forwards a refusal as is', async () => {
    const response = await post('/api/ask', { question: 'Quelle météo demain ?' });
    expect(response.status).toBe(200);
    expect(response.json.refused).toBe(true);
  });

  it('rejects malformed JSON with 400 in French', async () => {
    const response = await post('/api/ask', '{"question": "oups"');
    expect(response.status).toBe(400);
    expect(response.json.error).toMatch(/JSON mal formé/);
  });

  it('rejects wrong types with 400 naming the field', async () => {
    const wrongType = await post('/api/ask', { question: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error).toContain('« question »');
    expect(wrongType.json.error).toMatch(/texte attendu/);

    const missing = await post('/api/ask', { conversationId: 'abc' });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toContain('« question »');

    const badFilter = await post('/api/ask', { question: 'x', filters: { territory: 3 } });
    expect(badFilter.status).toBe(400);
    expect(badFilter.json.error).toContain('filters.territory');

    const notObject = await post('/api/ask', '["question"]');
    expect(notObject.status).toBe(400);
    expect(notObject.json.error).toMatch(/objet JSON/);

    const noContentType = await fetch(`${running.url}/api/ask`, { method: 'POST', body: 'question=x' });
    expect(noContentType.status).toBe(400);
    expect((await noContentType.json()).error).toMatch(/objet JSON/);
  });

  it('rejects a body over 16 KB with 413', async () => {
    const response = await post('/api/ask', { question: 'a'.repeat(20_000) });
    expect(response.status).toBe(413);
    expect(response.json.error).toMatch(/trop volumineuse/);
  });

  it('turns a core exception into a French 500 and logs it', async () => {
    const response = await post('/api/ask', { question: 'Provoquer une PANNE' });
    expect(response.status).toBe(500);
    expect(response.json.error).toMatch(/erreur interne/i);
    expect(response.json.error).not.toContain('scripted failure');
    const errorLine = captured.lines.map((line) => JSON.parse(line)).find((entry) => entry.level === 50 && entry.msg === 'le cœur a échoué');
    expect(errorLine?.err?.message).toBe('scripted failure');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${running.url}/api/nope`);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatch(/introuvable/);
    const wrongMethod = await fetch(`${running.url}/api/ask`);
    expect(wrongMethod.status).toBe(404);
  });

  it('sets a request id, echoing a valid incoming one', async () => {
    const generated = await fetch(`${running.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${running.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const refused = await fetch(`${running.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(refused.headers.get('x-request-id')).not.toBe('bad id with spaces');
  });

  it('logs one access line per request, health probes below the info level', async () => {
    await fetch(`${running.url}/healthz`, { headers: { 'x-request-id': 'probe-check' } });
    await fetch(`${running.url}/api/documents`, { headers: { 'x-request-id': 'access-check' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const entries = captured.lines.map((line) => JSON.parse(line) as { reqId?: string; msg: string; level: number; path?: string });
    const access = (reqId: string) => entries.filter((entry) => entry.reqId === reqId && entry.msg === 'requête');
    expect(access('access-check').map((entry) => entry.level)).toEqual([30]);
    expect(access('probe-check').every((entry) => entry.level < 30)).toBe(true);
  });

  it('never writes the question text into the logs', async () => {
    const secretQuestion = 'Mon association Les Petits Jardins de Bruay peut-elle recruter ?';
    const response = await post('/api/ask', { question: secretQuestion }, { 'x-request-id': 'privacy-check' });
    expect(response.status).toBe(200);
    const all = captured.lines.join('\n');
    expect(all).not.toContain('Petits Jardins');
    const received = captured.lines.map((line) => JSON.parse(line)).find((entry) => entry.reqId === 'privacy-check' && entry.msg === 'question reçue');
    expect(received).toBeDefined();
    expect(received.questionLength).toBe(secretQuestion.length);
    expect(received.questionHash).toMatch(/^[0-9a-f]{12}$/);
  });
});

describe('server: documents, feedback and page', () => {
  beforeAll(() => {
    ready = true;
  });

  it('lists the catalogue', async () => {
    const response = await fetch(`${running.url}/api/documents`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.documents).toEqual(assistant.documents);
  });

  it('appends feedback with a hashed session user', async () => {
    const cookie = await sessionCookie();
    const sessionId = cookie.split('=')[1]!.split('.')[0]!;
    const response = await post('/api/feedback', { conversationId: 'c-1', question: 'Q ?', answer: 'R [1].', sources: ['doc-1.txt (l. 10-14)'], verdict: 'down' }, { cookie });
    expect(response.status).toBe(201);
    const entries = await feedbackLog.readAll();
    const entry = entries.at(-1)!;
    expect(entry).toMatchObject({ surface: 'web', verdict: 'down', question: 'Q ?', answer: 'R [1].', sources: ['doc-1.txt (l. 10-14)'] });
    expect(entry.userHash).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(entry)).not.toContain(sessionId);

    const bad = await post('/api/feedback', { conversationId: 'c-1', question: 'Q', answer: 'R', sources: [], verdict: 'bof' }, { cookie });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('« verdict »');
    expect((await feedbackLog.readAll()).length).toBe(entries.length);
  });

  it('serves the page with a strict CSP and a session cookie', async () => {
    const response = await fetch(`${running.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('set-cookie')).toMatch(/alinea_sid=.*HttpOnly/i);
    const html = await response.text();
    expect(html).toContain('Nouvelle conversation');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${running.url}/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const style = await fetch(`${running.url}/style.css`);
    expect(style.status).toBe(200);
  });
});

/** A GET with a chosen Host header (fetch does not let a caller set it). */
function getWithHost(base: string, route: string, host: string | undefined): Promise<{ status: number; body: string }> {
  const url = new URL(route, base);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', setHost: false, headers: host === undefined ? {} : { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (part: string) => (body += part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The session cookie the page sets, as a `name=value` pair to send back. */
async function sessionCookie(base = running.url): Promise<string> {
  const page = await fetch(`${base}/`);
  await page.text();
  const cookie = /^(alinea_sid=[^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

const FEEDBACK = { conversationId: 'c-2', question: 'Q ?', answer: 'R [1].', sources: ['doc-1.txt (l. 10-14)'], verdict: 'up' };

describe('server: feedback is bounded, tied to a session and rate-limited', () => {
  beforeAll(() => {
    ready = true;
  });

  it('refuses feedback without a session the server issued, in French', async () => {
    const before = (await feedbackLog.readAll()).length;
    const none = await post('/api/feedback', FEEDBACK);
    expect(none.status).toBe(401);
    expect(none.json.error).toMatch(/session/i);
    const forged = await post('/api/feedback', FEEDBACK, { cookie: 'alinea_sid=session-abc' });
    expect(forged.status).toBe(401);
    const cookie = await sessionCookie();
    const tampered = await post('/api/feedback', FEEDBACK, { cookie: `${cookie.slice(0, -2)}xx` });
    expect(tampered.status).toBe(401);
    expect((await feedbackLog.readAll()).length).toBe(before);
  });

  it('bounds every field and the body', async () => {
    const cookie = await sessionCookie();
    const longQuestion = await post('/api/feedback', { ...FEEDBACK, question: 'q'.repeat(2_001) }, { cookie });
    expect(longQuestion.status).toBe(400);
    expect(longQuestion.json.error).toContain('« question »');
    const manySources = await post('/api/feedback', { ...FEEDBACK, sources: Array.from({ length: 21 }, () => 's') }, { cookie });
    expect(manySources.status).toBe(400);
    const longSource = await post('/api/feedback', { ...FEEDBACK, sources: ['s'.repeat(301)] }, { cookie });
    expect(longSource.status).toBe(400);
    const extra = await post('/api/feedback', { ...FEEDBACK, note: 'x' }, { cookie });
    expect(extra.status).toBe(400);
    const huge = await post('/api/feedback', { ...FEEDBACK, answer: 'a'.repeat(20_000) }, { cookie });
    expect(huge.status).toBe(413);
  });

  it('limits each session to a few avis a minute (429 in French), other sessions unaffected', async () => {
    const cookie = await sessionCookie();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await post('/api/feedback', FEEDBACK, { cookie })).status);
    expect(statuses.slice(0, 20).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    const limited = await post('/api/feedback', FEEDBACK, { cookie });
    expect(limited.json.error).toMatch(/Trop d'avis/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await post('/api/feedback', FEEDBACK, { cookie: await sessionCookie() });
    expect(other.status).toBe(201);
  });

  it('refuses with a clear message once the log reaches its size cap, keeping what it holds', async () => {
    const file = path.join(tmp, 'small-feedback.jsonl');
    const settings = loadSettings({ LOG_LEVEL: 'silent', FEEDBACK_LOG: file, FEEDBACK_LOG_MAX_MB: '0.001' });
    const smallLog = new FeedbackLog(settings.FEEDBACK_LOG, { maxBytes: settings.FEEDBACK_LOG_MAX_MB * 1024 * 1024 });
    const small = await createServer({ assistant: assistant as Assistant, settings, logger: createLogger(settings), feedbackLog: smallLog }).listen(0, '127.0.0.1');
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 12; i++) {
        last = await fetch(`${small.url}/api/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: await sessionCookie(small.url) },
          body: JSON.stringify(FEEDBACK),
        });
        statuses.push(last.status);
      }
      expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(2);
      expect(statuses.at(-1)).toBe(507);
      expect((await last!.json()).error).toMatch(/journal des avis est plein/);
      const { size } = await stat(file);
      expect(size).toBeLessThanOrEqual(1024 * 1.001 + 1);
      expect((await smallLog.readAll()).length).toBe(statuses.filter((status) => status === 201).length);
    } finally {
      await small.close();
    }
  });
});

describe('server: Host header (DNS rebinding)', () => {
  beforeAll(() => {
    ready = true;
  });

  it('answers the loopback names on its own port', async () => {
    const port = new URL(running.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const response = await getWithHost(running.url, '/api/documents', host);
      expect(response.status, host).toBe(200);
    }
  });

  it('refuses another name, another port or no Host, with a French message', async () => {
    const port = new URL(running.url).port;
    // Without any Host, Node itself answers 400 before the app sees the request.
    expect((await getWithHost(running.url, '/api/documents', undefined)).status).toBe(400);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, '127.0.0.1:1', `localhost:${port}@evil.example`]) {
      const response = await getWithHost(running.url, '/api/documents', host);
      expect([421, 403], String(host)).toContain(response.status);
      expect(JSON.parse(response.body).error).toMatch(/^Hôte non autorisé/);
    }
    const page = await getWithHost(running.url, '/', `evil.example:${port}`);
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('Nouvelle conversation');
  });

  it('leaves the health probes open', async () => {
    expect((await getWithHost(running.url, '/healthz', 'evil.example')).status).toBe(200);
    expect((await getWithHost(running.url, '/readyz', 'evil.example')).status).toBe(200);
  });

  it('accepts the host of PUBLIC_URL and the configured HOST', async () => {
    const settings = loadSettings({ LOG_LEVEL: 'silent', FEEDBACK_LOG: path.join(tmp, 'feedback-public.jsonl'), PUBLIC_URL: 'https://alinea.exemple.fr', HOST: '127.0.0.2' });
    const other = await createServer({ assistant: assistant as Assistant, settings, logger: createLogger(settings), feedbackLog }).listen(0, '127.0.0.1');
    try {
      const port = new URL(other.url).port;
      expect((await getWithHost(other.url, '/api/documents', 'alinea.exemple.fr')).status).toBe(200);
      expect((await getWithHost(other.url, '/api/documents', 'alinea.exemple.fr:443')).status).toBe(200);
      expect((await getWithHost(other.url, '/api/documents', `127.0.0.2:${port}`)).status).toBe(200);
      expect((await getWithHost(other.url, '/api/documents', 'autre.exemple.fr')).status).toBe(421);
    } finally {
      await other.close();
    }
  });
});

describe('server: session cookie', () => {
  beforeAll(() => {
    ready = true;
  });

  it.each(['alinea_sid=%E0%A4%A', 'alinea_sid=%', 'alinea_sid=%ZZ; other=1', 'alinea_sid'])('a malformed cookie (%s) is no session, not a 500', async (cookie) => {
    const response = await fetch(`${running.url}/`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/^alinea_sid=[^;%]+;/);
  });
});

describe('logger', () => {
  it('redacts secrets and credentials by path', () => {
    const sink = captureStream();
    const log = createLogger({ LOG_LEVEL: 'info' }, sink.stream);
    log.info(
      {
        slack: { token: 'xoxb-secret-token' },
        req: { headers: { authorization: 'Bearer abc.def', cookie: 'alinea_sid=s1' } },
        llm: { apiKey: 'sk-live-123' },
        teams: { secret: 'client-secret' },
        kept: 'visible',
      },
      'test',
    );
    const line = sink.lines.join('\n');
    for (const secret of ['xoxb-secret-token', 'Bearer abc.def', 'alinea_sid=s1', 'sk-live-123', 'client-secret']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('visible');
    expect(line).toContain('[masqué]');
  });
});
