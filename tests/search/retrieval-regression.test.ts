/**
 * Retrieval regression on eval/dev.jsonl, scored by the project's own eval (src/eval/run.ts and
 * scoring.ts, the rules of eval/SCORING.md) over the real index of corpus/.
 * Thresholds sit a little under the measured values (hit@1 0.78, hit@5 0.89, MRR 0.83); raise
 * them as retrieval improves.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGoldSet } from '../../src/eval/gold-set.js';
import { runEval, type EvalReport } from '../../src/eval/run.js';
import { MAX_CHUNK_CHARS } from '../../src/eval/scoring.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const THRESHOLDS = { hitAt1: 0.7, hitAt5: 0.85, mrr: 0.75 };

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
