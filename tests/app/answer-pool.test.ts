/**
 * The answering pool: worker threads that each load the index once answer exactly as the core
 * does in-process, report when they are loaded, and keep the main thread free meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnswerPool, createAnswerPool, defaultPoolSize } from '../../src/app/answer-pool.js';
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
    // least once per 50 ms even on a loaded machine, where a load on the main thread would let
    // it fire once or twice in all.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsed / 50));
  }, 120_000);

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
