/**
 * The bench's query phase on corpora and indexes built once, for comparing query-side changes
 * without re-ingesting 100× each time (the full `npm run bench` ingests every corpus first):
 *
 *   npx tsx scripts/bench-query.ts prepare <dir> [--only 1,100,100v]   build corpora and indexes in <dir>
 *   npx tsx scripts/bench-query.ts query <dir> [--only 1,100,100v] [--set eval/dev.jsonl]
 *
 * `query` prints one JSON line per scale: the query phase's result (same worker as the bench).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSettings } from '../src/config.js';
import { runIngest } from '../src/app/build-index.js';
import { runPhase } from '../src/bench/phases.js';
import { buildSyntheticCorpus, buildVariedCorpus } from '../src/bench/synth-corpus.js';

const [command, root, ...rest] = process.argv.slice(2);
if ((command !== 'prepare' && command !== 'query') || !root) {
  process.stderr.write('usage: bench-query.ts prepare|query <dir> [--only 1,100,100v] [--set file]\n');
  process.exit(2);
}
const option = (name: string, fallback: string) => {
  const i = rest.indexOf(name);
  return i >= 0 && rest[i + 1] ? rest[i + 1]! : fallback;
};
const scales = option('--only', '1,100,100v').split(',');
const settings = loadSettings();

for (const scale of scales) {
  const varied = scale.endsWith('v');
  const copies = Number.parseInt(scale, 10);
  const name = `${copies}x${varied ? '-varie' : ''}`;
  const corpusDir = copies === 1 && !varied ? settings.corpusDir : path.resolve(root, `corpus-${name}`);
  const indexDir = path.resolve(root, `index-${name}`);
  if (command === 'prepare') {
    if (!existsSync(corpusDir)) {
      if (varied) await buildVariedCorpus(settings.corpusDir, corpusDir, copies);
      else await buildSyntheticCorpus(settings.corpusDir, corpusDir, copies);
    }
    const summary = await runIngest({ settings: loadSettings({ ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir }), progress: false });
    process.stdout.write(`${JSON.stringify({ scale: name, chunks: summary.chunks, seconds: summary.seconds })}\n`);
  } else {
    const result = await runPhase({ phase: 'query', corpusDir, indexDir, goldSet: path.resolve(option('--set', 'eval/dev.jsonl')), rounds: 3 }, 600_000);
    process.stdout.write(`${JSON.stringify({ scale: name, ...result })}\n`);
  }
}
