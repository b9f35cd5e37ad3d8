/**
 * An index load as the bench's query phase times it, alone: `npx tsx scripts/time-load.ts <indexDir>
 * [--runs 5] [--cpu-prof dir]` opens the assistant in a fresh process per run (modules imported
 * first, page cache warm) and prints one JSON line per run: `openAssistant`'s wall and CPU (the
 * whole process's, hnswlib's threads included), when the vectors are attached (`ready`) and when
 * the background warm-up is done, the main thread's event-loop delay while loading, and the RSS
 * and live heap after a full collection. With `--cpu-prof`, each run writes a V8 CPU profile of the main thread's load (until `ready`) there.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const [indexDir, ...rest] = process.argv.slice(2);
if (!indexDir) {
  process.stderr.write('usage: time-load.ts <indexDir> [--runs n] [--cpu-prof dir]\n');
  process.exit(2);
}
const option = (name: string): string | undefined => {
  const at = rest.indexOf(name);
  return at >= 0 ? rest[at + 1] : undefined;
};

if (process.env.TIME_LOAD_CHILD !== '1') {
  const runs = Number(option('--runs') ?? 5) || 5;
  const profileDir = option('--cpu-prof');
  for (let run = 0; run < runs; run += 1) {
    const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), indexDir], {
      env: { ...process.env, TIME_LOAD_CHILD: '1', LOG_LEVEL: 'warn', ...(profileDir ? { TIME_LOAD_PROFILE: path.resolve(profileDir, `load-${Date.now()}-${run}.cpuprofile`) } : {}) },
      encoding: 'utf8',
    });
    process.stdout.write(output);
  }
  process.exit(0);
}

const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const { loadSettings } = await import('../src/config.js');
const { openAssistant } = await import('../src/app/assistant.js');
const settings = loadSettings({ ...process.env, INDEX_DIR: path.resolve(indexDir) });
// The profile covers the load alone (from `openAssistant` until the vectors are attached), not the imports nor the warm-up.
const profileFile = process.env.TIME_LOAD_PROFILE;
const session = profileFile ? new Session() : undefined;
const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
}
const delay = monitorEventLoopDelay({ resolution: 5 });
const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const startLoad = loadAverage();
const started = performance.now();
const startCpu = cpu();
delay.enable();
const assistant = await openAssistant(settings);
const loadMs = performance.now() - started;
const loadCpuMs = cpu() - startCpu;
await assistant.ready;
const readyMs = performance.now() - started;
const readyCpuMs = cpu() - startCpu;
if (session && profileFile) {
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  mkdirSync(path.dirname(profileFile), { recursive: true });
  writeFileSync(profileFile, JSON.stringify(profile));
}
await assistant.warmed;
const warmedMs = performance.now() - started;
const warmedCpuMs = cpu() - startCpu;
delay.disable();
(globalThis as { gc?: () => void }).gc?.();
const memory = process.memoryUsage();
const round = (value: number) => Math.round(value);
process.stdout.write(
  `${JSON.stringify({
    loadMs: round(loadMs),
    loadCpuMs: round(loadCpuMs),
    readyMs: round(readyMs),
    readyCpuMs: round(readyCpuMs),
    warmedMs: round(warmedMs),
    warmedCpuMs: round(warmedCpuMs),
    maxDelayMs: round(delay.max / 1e6),
    rssMb: round(memory.rss / 1e6),
    heapMb: round(memory.heapUsed / 1e6),
    loadAverage: [startLoad, loadAverage()],
  })}\n`,
);
process.exit(0);
