/**
 * The whole scoring over a tiny fake assistant: every figure below was worked out by hand from the
 * chunks, retrievals and scripted answers, not read back from the code.
 */
import { describe, expect, it } from 'vitest';
import type { Answer, AskContext, Assistant, Citation } from '../../src/core/answer.js';
import type { Chunk } from '../../src/core/types.js';
import type { SearchHit } from '../../src/search/types.js';
import type { GoldQuestion } from '../../src/eval/gold-set.js';
import { runEval } from '../../src/eval/run.js';
import { parseGoldSet } from '../../src/eval/gold-set.js';
import { formatReport, formatSummaryLine } from '../../src/eval/report.js';

function chunk(id: string, text: string, length: number): Chunk {
  return { id, file: id.split('#')[0]!, breadcrumb: ['Section'], headings: ['Section'], sectionId: 's', kind: 'text', text: text.padEnd(length, '.'), lineStart: 1, lineEnd: 2 };
}

// Lengths 100 + 200 + 300 + 400 + 2100 = 3100 → mean 620, max 2100, one over 2,000.
const chunks = [
  chunk('a.txt#1', 'Objectif #18. Plan de déplacements urbains (CABBALR) et Pass’Mobil’Agglo.', 100),
  chunk('a.txt#2', 'Moyens : Dispositif en route pour l’emploi (Région).', 200),
  chunk('b.txt#1', 'Le contrat couvre 12 quartiers prioritaires.', 300),
  chunk('b.txt#2', 'La Banque des Territoires mobilise 3,5 millions d’euros.', 400),
  // Holds q2's quote, but in the wrong document: must not count as a hit.
  chunk('c.txt#1', 'Copie : Le contrat couvre 12 quartiers prioritaires.', 2100),
];
const byId = new Map(chunks.map((c) => [c.id, c]));

const base = { persona: 'staff' as const, notes: '' };
const questions: GoldQuestion[] = [
  {
    ...base,
    id: 'q1',
    type: 'list',
    question: 'Quels dispositifs pour la mobilité ?',
    must_include: ['Plan de déplacements urbains', "Pass'Mobil'Agglo"],
    sources: [
      { doc: 'a.txt', quote: 'Plan de déplacements urbains (CABBALR)' },
      { doc: 'a.txt', quote: "Dispositif en route pour l'emploi (Région)" },
    ],
  },
  {
    ...base,
    id: 'q2',
    type: 'numeric',
    question: 'Combien de quartiers et quel montant ?',
    must_include: ['12 quartiers', '3,5 millions'],
    sources: [{ doc: 'b.txt', quote: 'Le contrat couvre 12 quartiers prioritaires.' }],
  },
  {
    ...base,
    id: 'q3',
    type: 'lookup',
    question: 'Qui finance ?',
    must_include: ['Banque des Territoires'],
    sources: [{ doc: 'b.txt', quote: 'La Banque des Territoires mobilise 3,5 millions d’euros.' }],
  },
  { ...base, id: 'q4', type: 'unanswerable', question: 'Quel temps fera-t-il ?', must_include: [], sources: [] },
  { ...base, id: 'q5', type: 'unanswerable', question: 'Qui a gagné le match ?', must_include: [], sources: [] },
];

const retrievals: Record<string, string[]> = {
  'Quels dispositifs pour la mobilité ?': ['b.txt#1', 'a.txt#2', 'a.txt#1'],
  'Combien de quartiers et quel montant ?': ['c.txt#1', 'b.txt#2'],
  'Qui finance ?': ['b.txt#2', 'a.txt#1'],
  'Quel temps fera-t-il ?': ['a.txt#1'],
  'Qui a gagné le match ?': [],
};

function citation(n: number, chunkId: string, quote: string): Citation {
  return { n, chunkId, file: chunkId.split('#')[0]!, docTitle: 'Doc', breadcrumb: ['Section'], span: { lineStart: 1, lineEnd: 2 }, spanLabel: 'l. 1-2', quote };
}

// Answer lengths 300 + 200 + 60 + 60 + 100 = 720 → mean 144, max 300; at most 2 sources.
const scripted: Record<string, { text: string; length: number; refused: boolean; citations: Citation[]; delayMs?: number; trace?: Answer['trace'] }> = {
  'Quels dispositifs pour la mobilité ?': {
    text: 'Le PLAN DE DEPLACEMENTS URBAINS et le Pass’Mobil’Agglo [1] [2].',
    length: 300,
    refused: false,
    citations: [citation(1, 'a.txt#1', 'Plan de déplacements urbains'), citation(2, 'b.txt#1', '12 quartiers')],
    delayMs: 40,
    trace: { cues: ['kind.list'], rules: ['node.parent'], support: 0.42 },
  },
  'Combien de quartiers et quel montant ?': {
    // « 3,5 millions » only appears in the citation's quote: it does not count (surfaces list sources without quotes).
    text: 'Il couvre 12 quartiers [1].',
    length: 200,
    refused: false,
    citations: [citation(1, 'b.txt#1', 'montant de 3,5 millions'), citation(2, 'zz.txt#9', 'inconnu')],
  },
  'Qui finance ?': { text: 'Le corpus ne le précise pas.', length: 60, refused: true, citations: [] },
  // Closest sections on a refusal are not counted in citation precision (answerable only).
  'Quel temps fera-t-il ?': { text: 'Hors corpus.', length: 60, refused: true, citations: [citation(1, 'a.txt#2', 'x')] },
  'Qui a gagné le match ?': { text: 'Une invention.', length: 100, refused: false, citations: [] },
};

function fakeAssistant(): Assistant & { asks: { question: string; context?: AskContext }[] } {
  const asks: { question: string; context?: AskContext }[] = [];
  return {
    asks,
    documents: [],
    chunks,
    async search(query, options): Promise<SearchHit[]> {
      const ids = retrievals[query] ?? [];
      return ids.slice(0, options?.k ?? 10).map((id, i) => ({ chunk: byId.get(id)!, score: 1 / (i + 1), scores: {} }));
    },
    async ask(question, context): Promise<Answer> {
      asks.push({ question, context });
      const s = scripted[question];
      if (!s) throw new Error(`unscripted question: ${question}`);
      if (s.delayMs) await new Promise((resolve) => setTimeout(resolve, s.delayMs));
      return {
        question,
        text: s.text.padEnd(s.length, ' '),
        citations: s.citations,
        refused: s.refused,
        kind: 'lookup',
        mode: 'extractive',
        timings: { retrieveMs: 0, composeMs: 0, totalMs: 0 },
        ...(s.trace ? { trace: s.trace } : {}),
      };
    },
  };
}

describe('runEval over a fake assistant', () => {
  it('computes every figure of SCORING.md', async () => {
    const assistant = fakeAssistant();
    const { results, metrics: m } = await runEval(assistant, questions);

    // What decided each answer travels with its result (`eval --json`), when the answer says it.
    const traced = results.find((r) => r.question === 'Quels dispositifs pour la mobilité ?')!;
    expect(traced).toMatchObject({ rules: ['node.parent'], cues: ['kind.list'], support: 0.42 });
    expect(results.find((r) => r.question === 'Qui finance ?')!.support).toBeUndefined();

    // One warm-up call, then one per question, all on the eval surface.
    expect(assistant.asks).toHaveLength(6);
    expect(assistant.asks.every((call) => call.context?.surface === 'eval')).toBe(true);

    // Ranks: q1 → 2 (a.txt#2 holds source 2), q2 → none (quote only in c.txt), q3 → 1.
    expect(results.map((r) => r.firstHitRank)).toEqual([2, null, 1, null, null]);
    expect(results[0]!.sourceRanks).toEqual([3, 2]);
    expect(m.retrieval.questions).toBe(3);
    expect(m.retrieval.hitAt1).toBeCloseTo(1 / 3);
    expect(m.retrieval.hitAt5).toBeCloseTo(2 / 3);
    expect(m.retrieval.hitAt10).toBeCloseTo(2 / 3);
    expect(m.retrieval.mrr).toBeCloseTo((1 / 2 + 0 + 1) / 3);
    expect(m.retrieval.sources).toBe(4);
    expect(m.retrieval.recallAt10).toBeCloseTo(3 / 4);

    // must_include: q1 2/2, q2 1/2 (the quote is not read), q3 0/1.
    expect(m.answers.answerable).toBe(3);
    expect(m.answers.mustIncludeStrings).toBe(5);
    expect(m.answers.mustIncludeCoverage).toBeCloseTo(3 / 5);
    expect(m.answers.exact).toBeCloseTo(1 / 3);
    expect(results[2]!.mustInclude.missing).toEqual(['Banque des Territoires']);
    expect(m.answers.refusedUnanswerable).toBeCloseTo(1 / 2);
    expect(m.answers.wrongRefusals).toBeCloseTo(1 / 3);

    // Citations of answerable answers: q1 [a#1 ✓, b#1 ✗], q2 [b#1 ✓, unknown ✗] → 2/4.
    expect(m.answers.citations).toBe(4);
    expect(m.answers.citationPrecision).toBeCloseTo(0.5);
    expect(results[1]!.citations.map((c) => c.reason)).toEqual([undefined, 'unknown-chunk']);

    expect(m.chunks).toEqual({ count: 5, meanLength: 620, maxLength: 2100, overLimit: 1 });
    expect(m.answerSize).toEqual({ meanLength: 144, maxLength: 300, overLimit: 0, maxSources: 2, overSourceLimit: 0 });

    // Nearest rank over 5 timings: p95 is the slowest (q1, delayed 40 ms), p50 the third.
    expect(m.latency.askP95).toBeGreaterThanOrEqual(35);
    expect(m.latency.askP50).toBeLessThan(35);

    expect(m.byType.list).toMatchObject({ questions: 1, hitAt1: 0, hitAt5: 1, mrr: 0.5, exact: 1, refused: 0 });
    expect(m.byType.numeric).toMatchObject({ questions: 1, hitAt10: 0, mrr: 0, exact: 0, mustIncludeCoverage: 0.5 });
    expect(m.byType.lookup).toMatchObject({ questions: 1, hitAt1: 1, exact: 0, mustIncludeCoverage: 0, refused: 1 });
    expect(m.byType.unanswerable).toMatchObject({ questions: 2, hitAt1: null, refused: 0.5, exact: null });

    const summary = formatSummaryLine(m);
    expect(summary).toMatch(
      /^hit@1 0\.33 hit@5 0\.67 hit@10 0\.67 MRR 0\.50 recall@10 0\.75 \| exact 0\.33 must_include 0\.60 refused\(unans\) 0\.50 wrong_refusals 0\.33 cit_precision 0\.50 \| chunks 5 mean 620 max 2100 \(1 > 2000\) \| answer mean 144 max 300 sources≤2 \| p50 [\d.]+ ms p95 [\d.]+ ms \| baseline exact 0\.33 must_include 0\.40 cit_precision 0\.67$/,
    );
    const report = formatReport(results, m, true);
    expect(report.split('\n').at(-1)).toBe(summary);
    expect(report).toContain('manque : « Banque des Territoires »');
    expect(report).toContain('aurait dû refuser');
    expect(report).toContain('| Une invention.');
  });

  it('hit@10 and recall@10 look at the first 10 even when asked for fewer', async () => {
    const assistant = fakeAssistant();
    const { metrics } = await runEval(assistant, questions.slice(0, 1), { k: 1 });
    // MRR is counted over the k=1 list (rank 2 is past it); hit@5 still sees rank 2.
    expect(metrics.retrieval.mrr).toBe(0);
    expect(metrics.retrieval.hitAt5).toBe(1);
  });

  it('plays a conversation in order, each later turn seeing the earlier ones, and scores turns apart', async () => {
    const assistant = fakeAssistant();
    const conversation = parseGoldSet(
      JSON.stringify({
        id: 'c1',
        persona: 'staff',
        turns: [
          { question: 'Quels dispositifs pour la mobilité ?', must_include: ['Plan de déplacements urbains'], sources: [] },
          { question: 'Qui finance ?', must_include: ['Banque des Territoires'], sources: [] },
        ],
      }),
    );
    expect(conversation.map((q) => q.id)).toEqual(['c1#1', 'c1#2']);
    const { metrics } = await runEval(assistant, conversation);
    const second = assistant.asks.at(-1)!;
    expect(second.question).toBe('Qui finance ?');
    expect(second.context?.history?.map((turn) => turn.question)).toEqual(['Quels dispositifs pour la mobilité ?']);
    expect(second.context?.history?.[0]?.answer?.text).toContain('PLAN DE DEPLACEMENTS');
    // First turn answered, second refused by the script.
    expect(metrics.turns?.first.exact).toBe(1);
    expect(metrics.turns?.later.exact).toBe(0);
    expect(formatSummaryLine(metrics)).toContain('turns first exact 1.00 later exact 0.00 (1)');
  });
});
