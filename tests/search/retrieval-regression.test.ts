/**
 * Retrieval and answer regression on eval/dev.jsonl, scored by the project's own eval
 * (src/eval/run.ts and scoring.ts, the rules of eval/SCORING.md) over the real index of corpus/.
 * Thresholds sit a little under the measured values (hit@1 0.85, hit@5 0.93, MRR 0.88; exact
 * 0.78, must_include 0.81, refusals 1.00 / 0.00), and composed answers
 * must beat the baseline (the top passage quoted verbatim: exact 0.74). Raise them as the
 * assistant improves.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGoldSet } from '../../src/eval/gold-set.js';
import { runEval, type EvalReport } from '../../src/eval/run.js';
import { MAX_CHUNK_CHARS } from '../../src/eval/scoring.js';
import { generateStructureSet } from '../../src/eval/structure-set.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const THRESHOLDS = { hitAt1: 0.8, hitAt5: 0.88, mrr: 0.83 };
/**
 * Citation precision is 23 of 27 citations (0.852) since the fifteenth session, from 24: the
 * chunker now keeps title-only headings (« Sous action 3.3.1 »), and retrieval's passage for dev-017
 * became one; citing a lead from its own passage (lead.cited) restored dev-017, and moved the
 * citation of dev-026, a wrong answer, to its lead's passage, which holds no gold string. Over 65
 * dev sets the mean rose (0.705 → 0.708).
 */
const ANSWER_THRESHOLDS = { exact: 0.75, mustInclude: 0.78, citationPrecision: 0.85, refusedUnanswerable: 0.66, wrongRefusals: 0.05 };

let report: EvalReport;

/** The questions that missed, for a failure message that says what regressed. */
function misses(depth: number): string {
  return report.results
    .filter((result) => result.sourceRanks.length > 0 && (result.firstHitRank === null || result.firstHitRank > depth))
    .map((result) => `${result.id} (rang ${result.firstHitRank ?? '—'}) ${result.question}`)
    .join('\n');
}

beforeAll(async () => {
  const questions = await loadGoldSet(path.join(REPO, 'eval/dev.jsonl'));
  report = await runEval(await getTestAssistant(), questions, { k: 10 });
}, 120_000);

describe('retrieval on eval/dev.jsonl', () => {
  it('scores every answerable question without errors', () => {
    expect(report.metrics.retrieval.questions).toBeGreaterThanOrEqual(20);
    expect(report.metrics.answers.errors).toBe(0);
  });

  it(`hit@5 ≥ ${THRESHOLDS.hitAt5}`, () => {
    expect(report.metrics.retrieval.hitAt5, misses(5)).toBeGreaterThanOrEqual(THRESHOLDS.hitAt5);
  });

  it(`hit@1 ≥ ${THRESHOLDS.hitAt1}`, () => {
    expect(report.metrics.retrieval.hitAt1, misses(1)).toBeGreaterThanOrEqual(THRESHOLDS.hitAt1);
  });

  it(`MRR ≥ ${THRESHOLDS.mrr}`, () => {
    expect(report.metrics.retrieval.mrr, misses(10)).toBeGreaterThanOrEqual(THRESHOLDS.mrr);
  });

  it(`no chunk over ${MAX_CHUNK_CHARS} characters`, () => {
    expect(report.metrics.chunks.count).toBeGreaterThan(300);
    expect(report.metrics.chunks.overLimit).toBe(0);
    expect(report.metrics.chunks.maxLength).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
  });
});

describe('answers on eval/dev.jsonl', () => {
  const failures = () =>
    report.results
      .filter((result) => result.answerable && !result.exact)
      .map((result) => `${result.id} manque : ${result.mustInclude.missing.join(' | ')}`)
      .join('\n');

  it(`exact answers ≥ ${ANSWER_THRESHOLDS.exact} and must_include coverage ≥ ${ANSWER_THRESHOLDS.mustInclude}`, () => {
    expect(report.metrics.answers.exact ?? 0, failures()).toBeGreaterThanOrEqual(ANSWER_THRESHOLDS.exact);
    expect(report.metrics.answers.mustIncludeCoverage ?? 0, failures()).toBeGreaterThanOrEqual(ANSWER_THRESHOLDS.mustInclude);
  });

  it(`refuses unanswerable questions (≥ ${ANSWER_THRESHOLDS.refusedUnanswerable}) and almost never answerable ones`, () => {
    expect(report.metrics.answers.refusedUnanswerable ?? 0).toBeGreaterThanOrEqual(ANSWER_THRESHOLDS.refusedUnanswerable);
    expect(report.metrics.answers.wrongRefusals ?? 1).toBeLessThanOrEqual(ANSWER_THRESHOLDS.wrongRefusals);
  });

  it(`citation precision ≥ ${ANSWER_THRESHOLDS.citationPrecision}`, () => {
    expect(report.metrics.answers.citationPrecision ?? 0).toBeGreaterThanOrEqual(ANSWER_THRESHOLDS.citationPrecision);
  });

  it('composed answers beat the top passage quoted verbatim', () => {
    expect(report.metrics.baseline).not.toBeNull();
    expect(report.metrics.answers.exact ?? 0).toBeGreaterThan(report.metrics.baseline!.exact ?? 1);
  });
});

/**
 * The former held-out set (eval/heldout.jsonl, a dev set since rules were kept on it): thresholds
 * a little under the measured values (hit@5 0.92, exact 0.67, must_include 0.75, citation
 * precision 0.85, refusals 0.83 / 0.00; baseline exact 0.64).
 */
describe('held-out questions (eval/heldout.jsonl)', () => {
  let heldout: EvalReport;
  beforeAll(async () => {
    const questions = await loadGoldSet(path.join(REPO, 'eval/heldout.jsonl'));
    heldout = await runEval(await getTestAssistant(), questions, { k: 10 });
  }, 120_000);

  it('retrieval: hit@5 ≥ 0.85', () => {
    expect(heldout.metrics.retrieval.hitAt5).toBeGreaterThanOrEqual(0.85);
  });

  it('answers: exact ≥ 0.62, must_include ≥ 0.7, citation precision ≥ 0.8, above the baseline', () => {
    expect(heldout.metrics.answers.exact ?? 0).toBeGreaterThanOrEqual(0.62);
    expect(heldout.metrics.answers.mustIncludeCoverage ?? 0).toBeGreaterThanOrEqual(0.7);
    expect(heldout.metrics.answers.citationPrecision ?? 0).toBeGreaterThanOrEqual(0.8);
    expect(heldout.metrics.answers.exact ?? 0).toBeGreaterThan(heldout.metrics.baseline!.exact ?? 1);
  });

  it('refuses most unanswerable questions and almost never answerable ones', () => {
    expect(heldout.metrics.answers.refusedUnanswerable ?? 0).toBeGreaterThanOrEqual(0.66);
    expect(heldout.metrics.answers.wrongRefusals ?? 1).toBeLessThanOrEqual(0.05);
  });
});

/**
 * The structure eval generated from the bundled corpus's outline (every labelled block of a
 * numbered section and every numbered section holding items, three phrasings each): the answer
 * must hold the node's items; every titled numbered section, asked what it is, must give its title.
 * Measured: exact 0.90 (baseline 0.64) over 659 questions.
 */
describe('structure eval generated from the outline (bundled corpus)', () => {
  let structure: EvalReport;
  beforeAll(async () => {
    const assistant = await getTestAssistant();
    structure = await runEval(assistant, generateStructureSet(assistant.chunks, { documents: assistant.documents }), { k: 10 });
  }, 300_000);

  it('covers every labelled block (several hundred questions)', () => {
    expect(structure.results.length).toBeGreaterThan(300);
    expect(structure.metrics.answers.errors).toBe(0);
  });

  it('answers hold the node’s items: exact ≥ 0.8, above the baseline, never refused', () => {
    expect(structure.metrics.answers.exact ?? 0).toBeGreaterThanOrEqual(0.8);
    expect(structure.metrics.answers.exact ?? 0).toBeGreaterThan(structure.metrics.baseline!.exact ?? 1);
    expect(structure.metrics.answers.wrongRefusals ?? 1).toBeLessThanOrEqual(0.02);
  });

  // « c'est quoi l'objectif 19 ? », « obj 1 il porte sur quoi ? »: the title only the section's
  // heading gives. Measured: 183 of 183 (151 before node.reference-whole and whole titles).
  it('a numbered section asked what it is gets its whole title, in every phrasing', () => {
    const titles = structure.results.filter((result) => result.type === 'lookup');
    expect(titles.length).toBeGreaterThan(100);
    const right = titles.filter((result) => result.exact).length;
    expect(right / titles.length).toBeGreaterThanOrEqual(0.95);
    expect(titles.filter((result) => result.refused)).toEqual([]);
  });
});
