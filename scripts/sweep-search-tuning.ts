/**
 * Retrieval tuning sweep (developer tool): varies one SEARCH_TUNING value at a time and prints
 * hit@1 and MRR@10 of each gold set's sources, so a weight is chosen on many sets at once and
 * its effect on each set stays visible. Only first turns and single questions are searched (a
 * later turn's retrieval depends on the answer before it).
 *
 *   npx tsx scripts/sweep-search-tuning.ts --sets dev,fresh3 --param coverageWeight --values 0.02,0.04,0.08
 */
import path from 'node:path';
import { Command } from 'commander';
import { openAssistant } from '../src/app/assistant.js';
import { loadSettings } from '../src/config.js';
import { loadGoldSet, settingsForGoldSet } from '../src/eval/gold-set.js';
import { firstHitRank, NormalizedTexts, sourceRanks } from '../src/eval/scoring.js';
import { SEARCH_TUNING } from '../src/search/search-tuning.js';

const program = new Command()
  .requiredOption('--sets <names>', 'gold sets (eval/<name>.jsonl), comma-separated')
  .requiredOption('--param <name>', 'SEARCH_TUNING key, or weights.dense / weights.lexical / learnedWeights.<feature>')
  .requiredOption('--values <numbers>', 'values to try, comma-separated')
  .parse();
const options = program.opts<{ sets: string; param: string; values: string }>();

const tuning = SEARCH_TUNING as unknown as Record<string, number | Record<string, number>>;
function setParam(name: string, value: number): void {
  const [head = '', tail] = name.split('.');
  const current = tuning[head];
  if (current === undefined) throw new Error(`unknown SEARCH_TUNING key: ${head}`);
  // An object of weights is swept one weight at a time (« learnedWeights.contextCoverage »), never replaced by a number.
  if (typeof current === 'object') {
    if (!tail || typeof current[tail] !== 'number') throw new Error(`${head} holds weights: name one (${Object.keys(current).join(', ')})`);
    current[tail] = value;
  } else if (tail) throw new Error(`${head} is a number, not weights`);
  else tuning[head] = value;
}

const values = options.values.split(',').map(Number);
const base = loadSettings();
const rows: string[] = [];
const totals = values.map(() => ({ hit1: 0, rr: 0, n: 0 }));
for (const name of options.sets.split(',')) {
  const assistant = await openAssistant(settingsForGoldSet(name, base), { ensureIndex: true });
  const questions = (await loadGoldSet(path.resolve('eval', `${name}.jsonl`))).filter((question) => question.sources.length > 0 && (question.conversation?.turn ?? 0) === 0);
  const texts = new NormalizedTexts();
  const cells: string[] = [];
  for (const [column, value] of values.entries()) {
    setParam(options.param, value);
    let hit1 = 0;
    let rr = 0;
    for (const question of questions) {
      const hits = await assistant.search(question.question, { k: 10 });
      const rank = firstHitRank(
        sourceRanks(
          question.sources,
          hits.map((hit) => hit.chunk),
          texts,
        ),
      );
      if (rank === 1) hit1 += 1;
      if (rank !== null) rr += 1 / rank;
    }
    totals[column]!.hit1 += hit1;
    totals[column]!.rr += rr;
    totals[column]!.n += questions.length;
    cells.push(`${(hit1 / questions.length).toFixed(3)}/${(rr / questions.length).toFixed(3)}`);
  }
  rows.push(`${name.padEnd(14)} ${cells.join('  ')}`);
}
console.log(`${options.param}: ${values.join('  ')}   (hit@1/MRR@10)`);
for (const row of rows) console.log(row);
console.log(`${'ALL'.padEnd(14)} ${totals.map((total) => `${(total.hit1 / total.n).toFixed(3)}/${(total.rr / total.n).toFixed(3)}`).join('  ')}`);
