/**
 * Bounded load: 200 simultaneous POST /api/ask on 127.0.0.1. Every request must be answered
 * 200 with its own question, and the core must be called exactly once per request.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { runAskLoad } from '../../src/chat/load-probe.js';
import { createLogger } from '../../src/chat/logger.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { createScriptedAssistant, type ScriptedAssistant } from '../helpers/scripted-assistant.js';

const REQUESTS = 200;

describe('server under load', () => {
  let tmp: string;
  let running: RunningServer;
  let assistant: ScriptedAssistant;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-load-'));
    const settings = loadSettings({ LOG_LEVEL: 'silent', FEEDBACK_LOG: path.join(tmp, 'feedback.jsonl') });
    // A little latency so the 200 requests really overlap inside the server.
    assistant = createScriptedAssistant({ delayMs: 20 });
    const server = createServer({ assistant, settings, logger: createLogger(settings), feedbackLog: new FeedbackLog(settings.FEEDBACK_LOG) });
    running = await server.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await running?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it(`answers ${REQUESTS} concurrent questions, none lost, failed or doubled`, async () => {
    const result = await runAskLoad(running.url, REQUESTS, REQUESTS, { timeoutMs: 20_000 });
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(REQUESTS);
    expect(result.failed).toBe(0);

    // The core saw each question exactly once.
    expect(assistant.calls).toHaveLength(REQUESTS);
    const seen = assistant.calls.map((call) => call.question).sort();
    expect(seen).toEqual([...result.questions].sort());
    expect(new Set(seen).size).toBe(REQUESTS);

    expect(result.requestsPerSecond).toBeGreaterThan(0);
    expect(result.p95Ms).toBeGreaterThanOrEqual(20);
    console.info(`[load] ${result.ok}/${REQUESTS} en ${result.seconds} s : ${result.requestsPerSecond} req/s, p95 ${result.p95Ms} ms`);
  });
});
