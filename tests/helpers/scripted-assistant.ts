/**
 * A test double of the core for platform-protocol tests: it answers deterministically from the
 * question so a surface's formatting, threading and error paths can be checked without an index.
 * End-to-end tests use the real core instead (tests/helpers/test-assistant.ts).
 */
import type { Answer, AskContext, Assistant, Citation } from '../../src/core/answer.js';

export interface ScriptedAssistantOptions {
  /** Questions containing this text throw, to exercise error paths. */
  failOn?: string;
  /** Questions containing this text are refused. */
  refuseOn?: string;
  /** Artificial latency in ms. */
  delayMs?: number;
}

export interface ScriptedAssistant extends Assistant {
  calls: { question: string; context?: AskContext }[];
}

export function createScriptedAssistant(options: ScriptedAssistantOptions = {}): ScriptedAssistant {
  const calls: { question: string; context?: AskContext }[] = [];
  const citation = (n: number): Citation => ({
    n,
    chunkId: `doc-${n}.txt#${n}`,
    file: `doc-${n}.txt`,
    docTitle: `Document ${n}`,
    breadcrumb: ['Annexe 2', `Objectif #${n}`],
    span: { lineStart: 10 * n, lineEnd: 10 * n + 4 },
    spanLabel: `l. ${10 * n}-${10 * n + 4}`,
    quote: `Passage cité numéro ${n}.`,
  });
  return {
    calls,
    documents: [{ file: 'doc-1.txt', title: 'Document 1', short_title: 'Document 1', issuer: null, territory: null, kind: null, date: null }],
    chunks: [],
    async search() {
      return [];
    },
    async ask(question: string, context?: AskContext): Promise<Answer> {
      calls.push({ question, context });
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.failOn && question.includes(options.failOn)) throw new Error('scripted failure');
      const refused = Boolean(options.refuseOn && question.includes(options.refuseOn));
      const turn = (context?.history?.length ?? 0) + 1;
      return {
        question,
        text: refused ? 'Le corpus ne permet pas de répondre à cette question.' : `Réponse ${turn} à « ${question} » [1] [2].`,
        citations: refused ? [] : [citation(1), citation(2)],
        refused,
        kind: 'lookup',
        mode: 'extractive',
        timings: { retrieveMs: 1, composeMs: 1, totalMs: 2 },
      };
    },
  };
}
