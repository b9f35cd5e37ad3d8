/**
 * Recall and cost of the dense search of a built index against an exact search over its full
 * vectors (issue 11), for re-ranking variants of a store whose graphs hold projections:
 *
 *   INDEX_DIR=… CORPUS_DIR=… npx tsx scripts/dense-recall.ts [--sets dev,fresh3] [--rounds 3] [--k 100]
 *     [--only 0,2] [--grid 200,300] [--breakdown]
 *
 * Questions are embedded as the retriever embeds them (the parsed text). `recall@n`: share of the
 * exact top n found in the search's top n (k = 100, the retriever's dense candidates). CPU per
 * search on this thread. Prints one JSON line per variant.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../src/config.js';
import { loadGoldSet } from '../src/eval/gold-set.js';
import { percentile } from '../src/eval/scoring.js';
import { FULL_VECTORS_FILE, projectVector, type VectorStore } from '../src/index/vector-store.js';
import { QuantizedVectors } from '../src/index/quantized-vectors.js';
import { loadIndex } from '../src/index/load-index.js';
import { HybridRetriever } from '../src/search/hybrid-retriever.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const sets = option('--sets', 'dev,fresh3').split(',');
const rounds = Number(option('--rounds', '3'));
const k = Number(option('--k', '100'));

const settings = loadSettings();
const index = await loadIndex(settings);
const store = index.vectors as VectorStore;
const retriever = new HybridRetriever(index);
const dimension = store.dimension;
const count = store.size;
const floats = new Float32Array(readFileSync(path.join(settings.indexDir, FULL_VECTORS_FILE)).buffer.slice(0));
if (floats.length !== count * dimension) throw new Error(`${FULL_VECTORS_FILE}: ${floats.length} floats for ${count} × ${dimension}`);
const norms = new Float64Array(count);
for (let label = 0; label < count; label += 1) {
  let squares = 0;
  for (let i = 0; i < dimension; i += 1) squares += floats[label * dimension + i]! ** 2;
  norms[label] = Math.sqrt(squares) || 1;
}

const questions: number[][] = [];
for (const set of sets) {
  for (const item of await loadGoldSet(`eval/${set}.jsonl`)) {
    const parsed = retriever.parse(item.question);
    questions.push((index.embeddings as unknown as { embedOne(text: string): number[] }).embedOne(parsed.text));
  }
}

/** Exact top n by cosine over the full vectors (ties by label). */
const exactTop = (query: number[], n: number, score: (label: number, query: number[]) => number): number[] => {
  const scored = Array.from({ length: count }, (_, label) => ({ label, score: score(label, query) }));
  scored.sort((a, b) => b.score - a.score || a.label - b.label);
  return scored.slice(0, n).map((entry) => entry.label);
};
const floatCosine = (label: number, query: number[]) => {
  let dot = 0;
  for (let i = 0; i < dimension; i += 1) dot += floats[label * dimension + i]! * query[i]!;
  return dot / norms[label]!;
};
const exact = questions.map((query) => exactTop(query, k, floatCosine));
const quantized = store.quantized ?? QuantizedVectors.fromFloats(floats, dimension);
const quantizedExact = questions.map((query) => {
  quantized.prepare(query);
  return exactTop(query, k, (label) => quantized.cosine(label));
});

const recall = (found: number[][], n: number) => {
  let total = 0;
  found.forEach((labels, q) => {
    const truth = new Set(exact[q]!.slice(0, n));
    total += labels.slice(0, n).filter((label) => truth.has(label)).length / n;
  });
  return +(total / found.length).toFixed(3);
};
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const report = (variant: string, found: number[][], times: number[]) =>
  process.stdout.write(
    `${JSON.stringify({ variant, questions: questions.length, recall10: recall(found, 10), recall100: recall(found, 100), cpuP50: +(percentile(times, 50) ?? 0).toFixed(2), cpuP95: +(percentile(times, 95) ?? 0).toFixed(2), load: os.loadavg()[0] })}\n`,
  );
report('8-bit exact scan of every vector (ceiling of 8-bit ranking)', quantizedExact, []);

// The store as loaded (its 8-bit copy if it has one, else one made here), then variants by number.
const variants: { name: string; quantized: boolean; candidates: number; kept: number; exactKept: number }[] = [
  { name: 'disk: 2 × 400 proposed, 300 re-ranked from vectors.f32', quantized: false, candidates: 400, kept: 300, exactKept: 0 },
  { name: '8-bit: 2 × 400 proposed, all re-ranked', quantized: true, candidates: 400, kept: 800, exactKept: 0 },
  { name: '8-bit: 2 × 300 proposed, all re-ranked', quantized: true, candidates: 300, kept: 600, exactKept: 0 },
  { name: '8-bit: 2 × 500 proposed, all re-ranked', quantized: true, candidates: 500, kept: 1000, exactKept: 0 },
  { name: '8-bit: 2 × 400 proposed, all re-ranked, best 100 from vectors.f32', quantized: true, candidates: 400, kept: 800, exactKept: 100 },
  { name: '8-bit: 2 × 400 proposed, all re-ranked, best 150 from vectors.f32', quantized: true, candidates: 400, kept: 800, exactKept: 150 },
];
// `--grid 100,200,…`: proposals per shard, every one re-ranked by the 8-bit copy (replaces the list above).
const grid = option('--grid', '');
if (grid) {
  variants.length = 0;
  for (const candidates of grid.split(',').map(Number)) variants.push({ name: `8-bit: 2 × ${candidates} proposed, all re-ranked`, quantized: true, candidates, kept: 1_000_000, exactKept: 0 });
}
const only = option('--only', '');
for (const [number, variant] of variants.entries()) {
  if (only && !only.split(',').includes(String(number))) continue;
  store.quantized = variant.quantized ? quantized : undefined;
  store.rerankCandidates = variant.candidates;
  store.rerankKept = variant.kept;
  store.exactKept = variant.exactKept;
  const times: number[] = [];
  let found: number[][] = [];
  for (let round = 0; round < rounds; round += 1) {
    found = questions.map((query) => {
      const started = process.cpuUsage();
      const hits = store.search(query, k);
      times.push(cpuMs(started));
      return hits.map((hit) => hit.index);
    });
  }
  report(variant.name, found, times);
}
// `--breakdown`: CPU of hnswlib's searches within the last variant's searches, and of the re-ranking's parts.
const breakdown = args.includes('--breakdown');
if (breakdown) {
  let native = 0;
  const shards = (store as unknown as { shards: object[] }).shards;
  shards.forEach((shard, i) => {
    shards[i] = new Proxy(shard, {
      get(target, property) {
        const value = Reflect.get(target, property) as unknown;
        if (typeof value !== 'function') return value;
        if (property !== 'searchKnn') return value.bind(target);
        return (...a: unknown[]) => {
          const t = process.cpuUsage();
          const r = value.apply(target, a);
          native += cpuMs(t);
          return r;
        };
      },
    });
  });
  const t = process.cpuUsage();
  for (const query of questions) store.search(query, k);
  process.stdout.write(`total ${(cpuMs(t) / questions.length).toFixed(2)} hnsw ${(native / questions.length).toFixed(2)} ms per search\n`);
}
if (breakdown) {
  const approximate = (store as unknown as { approximate(v: number[], l: number[], k: number): unknown }).approximate.bind(store);
  const labels = Array.from({ length: 600 }, (_, i) => (i * 7919) % count);
  let t = process.cpuUsage();
  for (const query of questions) approximate(query, labels, 100);
  process.stdout.write(`approximate 600: ${(cpuMs(t) / questions.length).toFixed(3)} ms\n`);
  t = process.cpuUsage();
  for (const query of questions) {
    quantized.prepare(query);
    for (const label of labels) quantized.cosine(label);
  }
  process.stdout.write(`prepare + 600 cosines: ${(cpuMs(t) / questions.length).toFixed(3)} ms\n`);
  t = process.cpuUsage();
  for (const query of questions) quantized.prepare(query);
  process.stdout.write(`prepare: ${(cpuMs(t) / questions.length).toFixed(3)} ms\n`);
  t = process.cpuUsage();
  for (const query of questions) {
    const p = new Float32Array(256);
    projectVector(query, 256, p);
    Array.from(p);
  }
  process.stdout.write(`project: ${(cpuMs(t) / questions.length).toFixed(3)} ms\n`);
}
