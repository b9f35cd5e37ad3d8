/**
 * The generative composer at the `ask` level: whatever it does wrong (nothing, an exception, an
 * HTTP 500 from a real client), the user still gets the cited extractive answer; a valid
 * composition is used as it is, with mode 'llm'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { createAssistant, type LlmComposerLike, type LoadedAssistant } from '../../src/app/assistant.js';
import { citationFor } from '../../src/answer/citations.js';
import { createLlmComposer } from '../../src/answer/llm-composer.js';
import { getTestAssistant } from '../helpers/test-assistant.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { expectWellFormed } from './answer-invariants.js';

type ComposeInput = Parameters<LlmComposerLike['compose']>[0];

const QUESTION = 'Quels moyens et dispositifs sont mobilisables pour l’objectif #12 ?';

let base: LoadedAssistant;
let extractive: Awaited<ReturnType<LoadedAssistant['ask']>>;

beforeAll(async () => {
  base = await getTestAssistant();
  extractive = await base.ask(QUESTION);
  expect(extractive.mode).toBe('extractive');
  expect(extractive.citations.length).toBeGreaterThan(0);
});

/** A composer that records its calls and behaves as told. */
function stub(behaviour: (input: ComposeInput) => ReturnType<LlmComposerLike['compose']>) {
  const calls: ComposeInput[] = [];
  const llm: LlmComposerLike = {
    compose: (input) => {
      calls.push(input);
      return behaviour(input);
    },
  };
  return { llm, calls };
}

describe('ask with a stub LLM composer', () => {
  it('(a) returns undefined → the extractive answer, with its citations', async () => {
    const { llm, calls } = stub(async () => undefined);
    const assistant = createAssistant(base.index, { llm });
    const answer = await assistant.ask(QUESTION);
    expect(calls).toHaveLength(1);
    expect(answer.mode).toBe('extractive');
    expectWellFormed(answer, assistant);
    expect(answer.text).toBe(extractive.text);
    expect(answer.citations).toEqual(extractive.citations);
  });

  it('(b) throws (sync or async) → the extractive answer, no exception', async () => {
    for (const behaviour of [
      async () => {
        throw new Error('connexion refusée');
      },
      () => Promise.reject(new TypeError('fetch failed')),
    ]) {
      const { llm, calls } = stub(behaviour);
      const assistant = createAssistant(base.index, { llm });
      const answer = await assistant.ask(QUESTION);
      expect(calls).toHaveLength(1);
      expect(answer.mode).toBe('extractive');
      expectWellFormed(answer, assistant);
      expect(answer.text).toBe(extractive.text);
    }
  });

  it('(c) returns a valid composition → used as is, mode llm; it received the question, kind, hits and history', async () => {
    const { llm, calls } = stub(async (input) => {
      const chunk = input.hits[0]!.chunk;
      return {
        text: 'Pour l’objectif #12, le contrat cite notamment les Programmes de Réussite Educative [1].',
        citations: [citationFor(chunk, input.metaByFile.get(chunk.file), 1, 'Programmes de Réussite Educative (PRE)')],
      };
    });
    const assistant = createAssistant(base.index, { llm });
    const history = [{ question: 'Que veut dire TFPB ?' }];
    const tokens: string[] = [];
    const answer = await assistant.ask(QUESTION, { history, onToken: (token) => tokens.push(token) });

    expect(answer.mode).toBe('llm');
    expect(answer.refused).toBe(false);
    expect(answer.kind).toBe('list');
    expect(answer.question).toBe(QUESTION);
    expect(answer.text).toContain('Programmes de Réussite Educative [1]');
    expectWellFormed(answer, assistant);
    expect(answer.citations[0]!.breadcrumb.join(' › ')).toContain('Objectif #12');

    expect(calls).toHaveLength(1);
    expect(calls[0]!.question).toBe(QUESTION);
    expect(calls[0]!.kind).toBe('list');
    expect(calls[0]!.hits.length).toBeGreaterThan(0);
    expect(calls[0]!.history).toBe(history);
    expect(typeof calls[0]!.onToken).toBe('function');
    expect(calls[0]!.metaByFile.size).toBe(base.documents.length);
  });

  it('validation answers never reach the LLM', async () => {
    const { llm, calls } = stub(async () => undefined);
    const assistant = createAssistant(base.index, { llm });
    const answer = await assistant.ask('   ');
    expect(answer.mode).toBe('validation');
    expect(calls).toHaveLength(0);
  });
});

describe('ask with the real LLM composer against a failing server', () => {
  let server: FakeOpenAiServer;

  beforeAll(async () => {
    server = await startFakeOpenAiServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it('HTTP 500 → the extractive answer comes back, one request, one warning', async () => {
    const warnings: string[] = [];
    const settings = loadSettings({ LLM_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-model', LLM_API_KEY: 'sk-test-key-000000', LLM_TIMEOUT_MS: '2000' });
    const llm = createLlmComposer(settings, { warn: (message) => warnings.push(message) });
    expect(llm).toBeDefined();
    server.script({ type: 'status', status: 500 });
    const assistant = createAssistant(base.index, { llm });

    // No timing: the fallback is the 500's (the warning says so), not the timeout's, and no retry.
    const answer = await assistant.ask(QUESTION);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.url).toBe('/v1/chat/completions');
    expect(answer.mode).toBe('extractive');
    expectWellFormed(answer, assistant);
    expect(answer.text).toBe(extractive.text);
    expect(answer.citations).toEqual(extractive.citations);
    expect(warnings.some((warning) => warning.includes('500'))).toBe(true);
    expect(warnings.some((warning) => warning.includes('délai dépassé'))).toBe(false);
    for (const warning of warnings) expect(warning).not.toContain('sk-test-key-000000');
  });

  it('a valid reply from the server → mode llm with citations checked against the passages', async () => {
    const settings = loadSettings({ LLM_BASE_URL: server.baseUrl, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '2000' });
    const llm = createLlmComposer(settings, { warn: () => {} });
    server.script({ type: 'reply', text: 'Le contrat cite le Projet de territoire 2022-2032 [1].' });
    const assistant = createAssistant(base.index, { llm });
    const answer = await assistant.ask(QUESTION);
    expect(answer.mode).toBe('llm');
    expectWellFormed(answer, assistant);
    expect(answer.citations).toHaveLength(1);
  });
});
