/**
 * Two versions of the code alternated in one process, on the same machine load (a shared
 * machine's percentiles move by 2× from run to run): this checkout's assistant and another
 * checkout's, each on its own copy of the same index, every question asked of one then the
 * other (which goes first alternating), one cold round then `--rounds` warm ones, then three
 * rounds of `search`. Prints wall and CPU percentiles per side and how many answers differ.
 *
 *   INDEX_DIR=… CORPUS_DIR=… npx tsx scripts/ab-answers.ts /path/to/other/checkout [--set eval/dev.jsonl] [--rounds 5]
 *
 * The other checkout needs its dependencies (a `node_modules` link is enough).
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSettings } from '../src/config.js';
import { openAssistant } from '../src/app/assistant.js';
import type { LoadedAssistant } from '../src/app/assistant.js';
import { loadGoldSet } from '../src/eval/gold-set.js';
import { percentile } from '../src/eval/scoring.js';

const [other, ...rest] = process.argv.slice(2);
if (!other) {
  process.stderr.write('usage: ab-answers.ts <other checkout> [--set file] [--rounds n]\n');
  process.exit(2);
}
const option = (name: string, fallback: string) => {
  const i = rest.indexOf(name);
  return i >= 0 && rest[i + 1] ? rest[i + 1]! : fallback;
};
const rounds = Number(option('--rounds', '5'));
const settings = loadSettings();
const otherModule = (await import(pathToFileURL(path.resolve(other, 'src/app/assistant.ts')).href)) as { openAssistant: typeof openAssistant };
const sides: Record<'other' | 'this', LoadedAssistant> = { other: await otherModule.openAssistant(settings), this: await openAssistant(settings) };
for (const assistant of Object.values(sides)) {
  await assistant.ready;
  await assistant.warmed;
}
const questions = (await loadGoldSet(option('--set', 'eval/dev.jsonl'))).map((item) => item.question);
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const times = {
  other: { cold: [] as number[], warm: [] as number[], warmCpu: [] as number[], search: [] as number[], searchCpu: [] as number[] },
  this: { cold: [] as number[], warm: [] as number[], warmCpu: [] as number[], search: [] as number[], searchCpu: [] as number[] },
};
let differ = 0;
for (let round = 0; round <= rounds; round += 1) {
  for (const [i, question] of questions.entries()) {
    const order = (round + i) % 2 ? (['other', 'this'] as const) : (['this', 'other'] as const);
    const texts: Record<string, string> = {};
    for (const side of order) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const answer = await sides[side].ask(question, { surface: 'bench' });
      const wall = performance.now() - started;
      if (round === 0) times[side].cold.push(wall);
      else {
        times[side].warm.push(wall);
        times[side].warmCpu.push(cpuMs(cpu));
      }
      texts[side] = JSON.stringify([answer.text, answer.citations, answer.refused]);
    }
    if (texts.other !== texts.this) differ += 1;
  }
}
for (let round = 0; round < 3; round += 1) {
  for (const [i, question] of questions.entries()) {
    const order = (round + i) % 2 ? (['other', 'this'] as const) : (['this', 'other'] as const);
    for (const side of order) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await sides[side].search(question, { k: 10 });
      times[side].search.push(performance.now() - started);
      times[side].searchCpu.push(cpuMs(cpu));
    }
  }
}
const at = (values: number[], p: number) => +(percentile(values, p) ?? 0).toFixed(1);
const mean = (values: number[]) => +(values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length)).toFixed(2);
for (const side of ['other', 'this'] as const) {
  const t = times[side];
  process.stdout.write(
    `${side} ${JSON.stringify({ askP50: at(t.warm, 50), askP95: at(t.warm, 95), askCpuMean: mean(t.warmCpu), askCpuP50: at(t.warmCpu, 50), askCpuP95: at(t.warmCpu, 95), askMax: Math.round(Math.max(...t.cold, ...t.warm)), searchP50: at(t.search, 50), searchP95: at(t.search, 95), searchCpuP95: at(t.searchCpu, 95) })}\n`,
  );
}
process.stdout.write(`answers differing: ${differ} of ${questions.length * (rounds + 1)}; load average ${(os.loadavg()[0] ?? 0).toFixed(2)}\n`);
process.exit(0);
