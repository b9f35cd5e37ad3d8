/** Runs a gold set against a loaded assistant: retrieval and answer per question, then scoring. */
import { performance } from 'node:perf_hooks';
import { citationFor } from '../answer/citations.js';
import type { Answer, Assistant, ConversationTurn } from '../core/answer.js';
import type { GoldQuestion } from './gold-set.js';
import type { Chunk } from '../core/types.js';
import { MAX_ANSWER_CHARS, NormalizedTexts, scoreBaseline, scoreQuestion, summarize, type EvalMetrics, type QuestionResult, type ScoredChunk } from './scoring.js';

export interface EvalOptions {
  /** Retrieval depth (default 10); hit@10 and recall@10 always look at the first 10. */
  k?: number;
  /** Called after each question, e.g. to show progress on stderr. */
  onQuestion?: (result: QuestionResult, index: number, total: number) => void;
}

export interface EvalReport {
  results: QuestionResult[];
  metrics: EvalMetrics;
}

/** SCORING.md's baseline: the first retrieved chunk quoted verbatim, its only citation, never a refusal. */
export function baselineAnswer(question: string, retrieved: ScoredChunk[]): Answer {
  const top = retrieved[0] as Chunk | undefined;
  return {
    question,
    text: top ? top.text.slice(0, MAX_ANSWER_CHARS) : '',
    citations: top ? [citationFor(top, undefined, 1)] : [],
    refused: false,
    kind: 'lookup',
    mode: 'extractive',
    timings: { retrieveMs: 0, composeMs: 0, totalMs: 0 },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runEval(assistant: Pick<Assistant, 'ask' | 'search' | 'chunks'>, questions: GoldQuestion[], options: EvalOptions = {}): Promise<EvalReport> {
  const k = options.k ?? 10;
  const depth = Math.max(k, 10);
  const chunkById = new Map<string, ScoredChunk>(assistant.chunks.map((chunk) => [chunk.id, chunk]));
  const texts = new NormalizedTexts();

  // Latency is measured with the index loaded and warm: the first call pays lazy loading (models,
  // caches) that a running server has already paid.
  const warmUp = questions[0];
  if (warmUp !== undefined) {
    await assistant.search(warmUp.question, { k: depth }).catch(() => undefined);
    await assistant.ask(warmUp.question, { surface: 'eval' }).catch(() => undefined);
  }

  const results: QuestionResult[] = [];
  // Earlier turns of the conversation being played, so a later turn is asked as a follow-up.
  let history: ConversationTurn[] = [];
  for (const [index, question] of questions.entries()) {
    if (!question.conversation || question.conversation.turn === 0) history = [];
    const turnContext = history.length > 0 ? { history: [...history] } : {};
    let retrieved: ScoredChunk[] = [];
    let searchError: string | undefined;
    const searchStart = performance.now();
    try {
      retrieved = (await assistant.search(question.question, { k: depth, ...turnContext })).slice(0, depth).map((hit) => hit.chunk);
    } catch (error) {
      searchError = `search : ${message(error)}`;
    }
    const searchMs = performance.now() - searchStart;

    let answer: Answer | { error: string };
    const askStart = performance.now();
    try {
      answer = await assistant.ask(question.question, { surface: 'eval', ...turnContext });
    } catch (error) {
      answer = { error: `ask : ${message(error)}` };
    }
    const askMs = performance.now() - askStart;

    const result = scoreQuestion(question, { retrieved, answer, chunkById, searchMs, askMs, searchError }, texts);
    result.baseline = scoreBaseline(question, baselineAnswer(question.question, retrieved), chunkById, texts);
    results.push(result);
    if (question.conversation) history.push({ question: question.question, ...('error' in answer ? {} : { answer }) });
    options.onQuestion?.(result, index, questions.length);
  }
  return { results, metrics: summarize(results, assistant.chunks, k) };
}
