/**
 * Where a search's time goes on a built index (issue 11): load stages, then per question the
 * parse, BM25, the query embedding and the dense search, each timed apart over a gold set.
 *
 *   INDEX_DIR=… CORPUS_DIR=… npx tsx scripts/profile-search.ts [--sets dev,fresh3] [--rounds 3]
 *
 * Prints one JSON line: medians and p95 per stage (ms of CPU of this thread), and load stages.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadSettings } from '../src/config.js';
import { loadIndex } from '../src/index/load-index.js';
import { HybridRetriever } from '../src/search/hybrid-retriever.js';
import { loadGoldSet } from '../src/eval/gold-set.js';
import { percentile } from '../src/eval/scoring.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const sets = option('--sets', 'dev,fresh3').split(',');
const rounds = Number(option('--rounds', '3'));

/** CPU time (ms) of this process since `since`: on a shared machine wall time counts the waits for a core. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const settings = loadSettings();
let t = performance.now();
let cpu = process.cpuUsage();
const index = await loadIndex(settings);
const loadMs = performance.now() - t;
const loadCpuMs = cpuMs(cpu);
t = performance.now();
cpu = process.cpuUsage();
const retriever = new HybridRetriever(index);
const retrieverMs = performance.now() - t;
const retrieverCpuMs = cpuMs(cpu);

const questions: string[] = [];
for (const set of sets) for (const item of await loadGoldSet(`eval/${set}.jsonl`)) questions.push(item.question);

const stages: Record<string, number[]> = { parse: [], bm25: [], embed: [], dense: [], search: [] };
let differ = 0;
const time = (stage: string, run: () => unknown) => {
  const started = process.cpuUsage();
  const value = run();
  stages[stage]!.push(cpuMs(started));
  return value;
};
let postings = 0;
let read = 0;
for (let round = 0; round < rounds; round += 1) {
  for (const question of questions) {
    const parsed = time('parse', () => retriever.parse(question)) as ReturnType<HybridRetriever['parse']>;
    const fast = time('bm25', () => index.lexical.searchWithCoverage(parsed.expanded.terms, 100).hits);
    if (round === 0 && JSON.stringify(fast) !== JSON.stringify(index.lexical.searchExhaustive(parsed.expanded.terms, 100).hits)) differ += 1;
    if (round === 0) {
      read += index.lexical.lastRead;
      for (const term of new Set(parsed.expanded.terms.map(({ term }) => term))) postings += index.lexical.documentFrequency(term);
    }
    const vector = time('embed', () => (index.embeddings as unknown as { embedOne(text: string): number[] }).embedOne(parsed.text)) as number[];
    if (index.vectors) time('dense', () => index.vectors!.search(vector, 100));
    const started = process.cpuUsage();
    await retriever.search(parsed, { k: 10 });
    stages.search!.push(cpuMs(started));
  }
}
const summary = Object.fromEntries(Object.entries(stages).map(([stage, times]) => [stage, { p50: +(percentile(times, 50) ?? 0).toFixed(2), p95: +(percentile(times, 95) ?? 0).toFixed(2) }]));
process.stdout.write(
  `${JSON.stringify({ chunks: index.chunks.length, questions: questions.length, loadMs: Math.round(loadMs), loadCpuMs: Math.round(loadCpuMs), retrieverMs: Math.round(retrieverMs), retrieverCpuMs: Math.round(retrieverCpuMs), loadAverage: os.loadavg()[0], postingsPerQuestion: Math.round(postings / questions.length), postingsReadPerQuestion: Math.round(read / questions.length), differ, ...summary })}\n`,
);
