/**
 * The answering pool: worker threads that each load the index once answer exactly as the core
 * does in-process, report when they are loaded, and keep the main thread free meanwhile.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerPool, createAnswerPool, defaultPoolSize } from '../../src/app/answer-pool.js';
import { lowerThreadPriority, threadNiceness } from '../../src/app/thread-priority.js';
import { startFakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { getTestAssistant, testSettings } from '../helpers/test-assistant.js';

let pool: AnswerPool;

beforeAll(async () => {
  await getTestAssistant(); // builds the shared test index if needed
  pool = createAnswerPool(testSettings(), 2);
}, 180_000);
afterAll(async () => {
  await pool?.close();
});

describe('the answering pool', () => {
  it('is sized to the cores but one by default', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
  });

  it('says when every worker has loaded the index, and never blocks the main thread meanwhile', async () => {
    const started = performance.now();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 5);
    await pool.loaded();
    clearInterval(timer);
    const elapsed = performance.now() - started;
    expect(pool.status()).toMatchObject({ size: 2, loaded: 2 });
    // The index loads in the workers: the main thread's 5 ms timer kept firing all along — at
    // least once per 200 ms even on a machine whose two cores also run other test files and an
    // eval (once per 69 ms measured there), where a load on the main thread would let it fire
    // once or twice in all.
    expect(ticks).toBeGreaterThanOrEqual(Math.max(3, Math.floor(elapsed / 200)));
  }, 120_000);

  it.runIf(process.platform === 'linux')(
    'runs its threads at ANSWER_WORKER_NICE above the server’s niceness, and leaves the calling thread’s alone',
    async () => {
      await pool.loaded();
      const base = threadNiceness();
      expect(base).toBeDefined();
      const { threads } = pool.status();
      expect(threads).toHaveLength(2);
      for (const thread of threads) {
        // Read here, from this process's /proc, not taken from what the worker said.
        expect(thread.tid).toBeDefined();
        expect(threadNiceness(thread.tid)).toBe(Math.min(19, (base ?? 0) + testSettings().ANSWER_WORKER_NICE));
        expect(thread.nice).toBe(threadNiceness(thread.tid));
      }
      expect(testSettings().ANSWER_WORKER_NICE).toBeGreaterThan(0);
      expect(threadNiceness()).toBe(base);
      // Every other thread of the process (the main thread, libuv's, V8's) kept the base niceness.
      const tids = new Set(threads.map((thread) => thread.tid));
      const others = readdirSync(`/proc/${process.pid}/task`)
        .map(Number)
        .filter((tid) => !tids.has(tid));
      expect(others.length).toBeGreaterThan(0);
      for (const tid of others) expect(threadNiceness(tid), `thread ${tid}`).toBe(base);

      const unniced = createAnswerPool(testSettings({ ANSWER_WORKER_NICE: '0' }), 1);
      try {
        await unniced.loaded();
        const [thread] = unniced.status().threads;
        expect(threadNiceness(thread?.tid)).toBe(base);
      } finally {
        await unniced.close();
      }
    },
    120_000,
  );

  it('does not change the priority where a thread cannot have one of its own', () => {
    const before = threadNiceness();
    expect(lowerThreadPriority(5, 'darwin')).toMatchObject({ unchanged: expect.stringContaining('darwin') });
    expect(threadNiceness()).toBe(before);
  });

  it('answers exactly as the in-process core, history included', async () => {
    const assistant = await getTestAssistant();
    const question = "Qu'est-ce que le BOP 147 ?";
    const [pooled, local] = await Promise.all([pool.ask(question, { surface: 'api' }), assistant.ask(question, { surface: 'api' })]);
    expect(pooled.text).toBe(local.text);
    expect(pooled.citations).toEqual(local.citations);
    const followUp = 'et pour les associations ?';
    const history = [{ question, answer: local }];
    const [pooledFollow, localFollow] = await Promise.all([pool.ask(followUp, { history }), assistant.ask(followUp, { history })]);
    expect(pooledFollow.text).toBe(localFollow.text);
  }, 60_000);

  it('answers many questions at once, each its own', async () => {
    const questions = Array.from({ length: 40 }, (_, i) => `Question ${i} : qu'est-ce que le BOP 147 ?`);
    const answers = await Promise.all(questions.map((question) => pool.ask(question)));
    expect(answers.map((answer) => answer.question)).toEqual(questions);
  }, 60_000);

  it('streams an LLM answer from a worker to the caller’s onToken, every text before the answer', async () => {
    const llm = await startFakeOpenAiServer();
    const streaming = createAnswerPool(testSettings({ LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '5000' }), 1);
    try {
      await streaming.loaded();
      llm.script({ type: 'stream', chunks: ['Le contrat cite ', 'le Projet de territoire 2022-2032 [1', ']. Il mobilise ', 'les acteurs éducatifs du territoire [1].'], delayMs: 20 });
      const tokens: string[] = [];
      const answer = await streaming.ask('Quels moyens et dispositifs sont mobilisables pour l’objectif #12 ?', { onToken: (text) => tokens.push(text) });
      const afterAnswer = tokens.length;
      expect(answer.mode).toBe('llm');
      expect(tokens.length).toBeGreaterThanOrEqual(2);
      expect(tokens[tokens.length - 1]).toBe(answer.text);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(tokens).toHaveLength(afterAnswer);
    } finally {
      await streaming.close();
      await llm.close();
    }
  }, 120_000);
});
