/** Human-readable eval output: per-question table, per-type table, failures, one summary line. */
import type { EvalMetrics, QuestionResult, TypeMetrics } from './scoring.js';
import { MAX_ANSWER_CHARS, MAX_CHUNK_CHARS, MAX_SOURCES } from './scoring.js';

const ratio = (value: number | null): string => (value === null ? '-' : value.toFixed(2));
const whole = (value: number | null): string => (value === null ? '-' : String(Math.round(value)));
const ms = (value: number | null): string => (value === null ? '-' : value < 10 ? value.toFixed(1) : String(Math.round(value)));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** « ok » when the answer is right for its kind: exact for answerable, refused for unanswerable. */
export function answerOk(result: QuestionResult): boolean {
  return result.error === undefined && (result.answerable ? result.exact && !result.refused : result.refused);
}

export function formatQuestionTable(results: QuestionResult[]): string {
  const rows = results.map((r) => [
    r.id,
    r.type,
    r.sourceRanks.length === 0 ? 'n/a' : r.firstHitRank === null ? '-' : String(r.firstHitRank),
    answerOk(r) ? 'oui' : 'NON',
    r.refused ? 'oui' : 'non',
    `${r.citations.filter((c) => c.precise).length}/${r.citations.length}`,
    String(r.answerLength),
    ms(r.askMs),
  ]);
  return table(['id', 'type', 'rang', 'réponse ok', 'refus', 'citations ok', 'longueur', 'ms'], rows);
}

export function formatTypeTable(byType: EvalMetrics['byType']): string {
  const rows = (Object.entries(byType) as [string, TypeMetrics][]).map(([type, m]) => [
    type,
    String(m.questions),
    ratio(m.hitAt1),
    ratio(m.hitAt5),
    ratio(m.hitAt10),
    ratio(m.mrr),
    ratio(m.exact),
    ratio(m.mustIncludeCoverage),
    ratio(m.refused),
  ]);
  return (
    table(['type', 'n', 'hit@1', 'hit@5', 'hit@10', 'MRR', 'exact', 'must_include', 'refus*'], rows) + '\n* refus : taux de refus corrects pour « unanswerable », de refus à tort pour les autres types'
  );
}

/** What went wrong per failing question; with `verbose`, the answer text as well. */
export function formatFailures(results: QuestionResult[], verbose = false): string {
  const blocks: string[] = [];
  for (const r of results) {
    const problems: string[] = [];
    if (r.error) problems.push(`erreur : ${r.error}`);
    const missingSources = r.sourceRanks.filter((rank) => rank === null || rank > 10).length;
    if (r.sourceRanks.length > 0 && r.firstHitRank === null) problems.push('aucune source retrouvée dans les passages récupérés');
    else if (missingSources > 0) problems.push(`${missingSources}/${r.sourceRanks.length} source(s) hors des 10 premiers passages`);
    if (r.answerable && r.refused) problems.push('refus à tort');
    if (!r.answerable && !r.refused) problems.push('aurait dû refuser (hors corpus)');
    if (r.mustInclude.missing.length > 0) problems.push(`manque : ${r.mustInclude.missing.map((s) => `« ${s} »`).join(', ')}`);
    const imprecise = r.citations.filter((c) => !c.precise);
    if (r.answerable && imprecise.length > 0) {
      problems.push(`citations imprécises : ${imprecise.map((c) => `[${c.n}] ${c.chunkId}${c.reason === 'unknown-chunk' ? ' (passage inconnu)' : ''}`).join(', ')}`);
    }
    if (r.answerLength > MAX_ANSWER_CHARS) problems.push(`réponse trop longue (${r.answerLength} > ${MAX_ANSWER_CHARS} caractères)`);
    if (r.sourceCount > MAX_SOURCES) problems.push(`trop de sources (${r.sourceCount} > ${MAX_SOURCES})`);
    if (problems.length === 0) continue;
    const lines = [`${r.id} (${r.type}) ${r.question}`, ...problems.map((p) => `  - ${p}`)];
    if (verbose) lines.push('  réponse :', ...r.answerText.split('\n').map((line) => `    | ${line}`));
    blocks.push(lines.join('\n'));
  }
  return blocks.length === 0 ? 'Aucun échec.' : blocks.join('\n');
}

/** Every figure on one line, the last line the eval prints (easy to grep and to diff between runs). */
export function formatSummaryLine(m: EvalMetrics): string {
  const r = m.retrieval;
  const a = m.answers;
  const extraChunks = m.chunks.overLimit > 0 ? ` (${m.chunks.overLimit} > ${MAX_CHUNK_CHARS})` : '';
  return [
    `hit@1 ${ratio(r.hitAt1)} hit@5 ${ratio(r.hitAt5)} hit@10 ${ratio(r.hitAt10)} MRR ${ratio(r.mrr)} recall@10 ${ratio(r.recallAt10)}`,
    `exact ${ratio(a.exact)} must_include ${ratio(a.mustIncludeCoverage)} refused(unans) ${ratio(a.refusedUnanswerable)} wrong_refusals ${ratio(a.wrongRefusals)} cit_precision ${ratio(a.citationPrecision)}`,
    `chunks ${m.chunks.count} mean ${whole(m.chunks.meanLength)} max ${m.chunks.maxLength}${extraChunks}`,
    `answer mean ${whole(m.answerSize.meanLength)} max ${m.answerSize.maxLength} sources≤${m.answerSize.maxSources}`,
    `p50 ${ms(m.latency.askP50)} ms p95 ${ms(m.latency.askP95)} ms`,
    ...(m.turns ? [`turns first exact ${ratio(m.turns.first.exact)} later exact ${ratio(m.turns.later.exact)} (${m.turns.later.answerable + m.turns.later.unanswerable})`] : []),
    ...(m.baseline ? [`baseline exact ${ratio(m.baseline.exact)} must_include ${ratio(m.baseline.mustIncludeCoverage)} cit_precision ${ratio(m.baseline.citationPrecision)}`] : []),
  ].join(' | ');
}

export function formatReport(results: QuestionResult[], metrics: EvalMetrics, verbose = false): string {
  return [formatQuestionTable(results), '', formatTypeTable(metrics.byType), '', 'Échecs :', formatFailures(results, verbose), '', formatSummaryLine(metrics)].join('\n');
}
