/**
 * One ingest alone in this process, for measuring it (`flock /tmp/alinea-bench.lock /usr/bin/time -v
 * npx tsx scripts/ingest-alone.ts <corpus> <index>`): prints one JSON line with the summary's
 * chunks, seconds and stages, the CPU of every thread (user + system) and the peak RSS.
 * `--rss-trace <ms>` also prints the RSS every <ms> milliseconds on stderr, with the stage it is in.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { loadSettings } from '../src/config.js';
import { runIngest } from '../src/app/build-index.js';

const [corpus, index, ...rest] = process.argv.slice(2);
if (!corpus || !index) {
  process.stderr.write('usage: ingest-alone.ts <corpus dir> <index dir> [--keep] [--rss-trace ms]\n');
  process.exit(2);
}
const indexDir = path.resolve(index);
// A fresh build each time (an ingest reuses the chunks of an index it finds), unless --keep.
if (!rest.includes('--keep')) await rm(indexDir, { recursive: true, force: true });
const traceAt = rest.indexOf('--rss-trace');
const every = traceAt >= 0 ? Number(rest[traceAt + 1] ?? 1000) : 0;
const started = performance.now();
const timer =
  every > 0
    ? setInterval(() => {
        const memory = process.memoryUsage();
        const mb = (bytes: number) => Math.round(bytes / 1048576);
        process.stderr.write(
          `${((performance.now() - started) / 1000).toFixed(1)} s rss ${mb(memory.rss)} heap ${mb(memory.heapUsed)} external ${mb(memory.external)} buffers ${mb(memory.arrayBuffers)}\n`,
        );
      }, every)
    : undefined;
const summary = await runIngest({ settings: loadSettings({ ...process.env, CORPUS_DIR: path.resolve(corpus), INDEX_DIR: indexDir }), progress: false });
if (timer) clearInterval(timer);
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    chunks: summary.chunks,
    seconds: Number(summary.seconds.toFixed(1)),
    cpu: Number(((usage.userCPUTime + usage.systemCPUTime) / 1e6).toFixed(1)),
    peakRssMB: Math.round(usage.maxRSS / 1024),
    stages: Object.fromEntries(Object.entries(summary.stages).map(([name, seconds]) => [name, Number(seconds.toFixed(1))])),
    failures: summary.failures.length,
  })}\n`,
);
