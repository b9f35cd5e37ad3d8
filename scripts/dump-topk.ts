/**
 * Retrieval of a built index, written down so two versions of the code can be compared on the
 * same index (a query-side change must keep every top k identical):
 *
 *   INDEX_DIR=… CORPUS_DIR=… npx tsx scripts/dump-topk.ts dump out.jsonl [--sets dev,fresh3]
 *   npx tsx scripts/dump-topk.ts compare before.jsonl after.jsonl
 *
 * `dump` writes one line per question: the retriever's top 10 (chunk ids and fused scores), the
 * BM25 top 100 of the parsed question (passages and scores), its dense top 100, and the hits of a
 * search filtered to the first hit's file. `compare` prints how many lines differ, and which.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadSettings } from '../src/config.js';
import { loadIndex } from '../src/index/load-index.js';
import { HybridRetriever } from '../src/search/hybrid-retriever.js';
import { loadGoldSet } from '../src/eval/gold-set.js';

const [command, first, second, ...rest] = process.argv.slice(2);

if (command === 'dump' && first) {
  const argv = [second, ...rest].filter((value): value is string => value !== undefined);
  const setsAt = argv.indexOf('--sets');
  const sets = (setsAt >= 0 && argv[setsAt + 1] ? argv[setsAt + 1]! : 'dev,fresh3').split(',');
  const index = await loadIndex(loadSettings());
  const retriever = new HybridRetriever(index);
  const lines: string[] = [];
  for (const set of sets) {
    for (const item of await loadGoldSet(`eval/${set}.jsonl`)) {
      const parsed = retriever.parse(item.question);
      const hits = await retriever.search(parsed, { k: 10 });
      const lexical = index.lexical.searchWithCoverage(parsed.expanded.terms, 100).hits;
      const vector = index.embeddings ? await index.embeddings.embedQuery(parsed.text) : undefined;
      const dense = vector && index.vectors ? index.vectors.search(vector, 100).map((hit) => [hit.index, hit.distance]) : [];
      const file = hits[0]?.chunk.file;
      const filtered = file ? await retriever.search(parsed, { k: 10, filters: { file } }) : [];
      lines.push(
        JSON.stringify({
          set,
          question: item.question,
          hits: hits.map((hit) => [hit.chunk.id, hit.score]),
          lexical: lexical.map((hit) => [hit.docIndex, hit.score]),
          dense,
          filtered: filtered.map((hit) => [hit.chunk.id, hit.score]),
        }),
      );
    }
  }
  writeFileSync(first, `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.length} questions written to ${first}\n`);
} else if (command === 'compare' && first && second) {
  const read = (file: string) => readFileSync(file, 'utf8').trim().split('\n');
  const before = read(first);
  const after = read(second);
  let differ = 0;
  for (let i = 0; i < Math.max(before.length, after.length); i += 1) {
    if (before[i] === after[i]) continue;
    differ += 1;
    const a = JSON.parse(before[i] ?? '{}') as Record<string, unknown>;
    const b = JSON.parse(after[i] ?? '{}') as Record<string, unknown>;
    const parts = ['hits', 'lexical', 'dense', 'filtered'].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
    process.stdout.write(`differs: ${String(a.question ?? b.question)} (${parts.join(', ')})\n`);
  }
  process.stdout.write(`${before.length} / ${after.length} questions, ${differ} differ\n`);
  if (differ > 0 || before.length !== after.length) process.exitCode = 1;
} else {
  process.stderr.write('usage: dump-topk.ts dump out.jsonl [--sets dev,fresh3] | compare a.jsonl b.jsonl\n');
  process.exitCode = 2;
}
