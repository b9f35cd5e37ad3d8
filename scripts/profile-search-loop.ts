/**
 * A loop of searches on a built index, for a CPU profile (`node --cpu-prof --import tsx …`):
 * the dev and fresh3 questions, parsed and searched as the bench does, `--rounds` times.
 *
 *   INDEX_DIR=… CORPUS_DIR=… node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx scripts/profile-search-loop.ts [--rounds 5]
 */
import { loadSettings } from '../src/config.js';
import { loadIndex } from '../src/index/load-index.js';
import { HybridRetriever } from '../src/search/hybrid-retriever.js';
import { loadGoldSet } from '../src/eval/gold-set.js';

const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args[at + 1]) : 5;
const index = await loadIndex(loadSettings());
const retriever = new HybridRetriever(index);
const questions: string[] = [];
for (const set of ['dev', 'fresh3']) for (const item of await loadGoldSet(`eval/${set}.jsonl`)) questions.push(item.question);
const started = process.cpuUsage();
for (let round = 0; round < rounds; round += 1) for (const question of questions) await retriever.search(question, { k: 10 });
const used = process.cpuUsage(started);
process.stdout.write(`${JSON.stringify({ searches: rounds * questions.length, cpuMsPerSearch: (used.user + used.system) / 1000 / (rounds * questions.length) })}\n`);
