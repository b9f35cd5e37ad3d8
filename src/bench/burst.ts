/**
 * The burst the serving architecture must hold (issue 9): a real server process on 127.0.0.1
 * (`serve.ts --no-ingest` on an index built beforehand, embedded store in a temporary folder,
 * Slack in HTTP mode towards a local Web API sink) receives 300 concurrent `/api/ask` and 100
 * signed Slack mentions at once, while `/healthz` is polled. Measured: questions lost, questions
 * answered twice, Slack acknowledgement p95 and `/healthz` p95 during the burst.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAskLoad, runSlackEventLoad, slackMentionEvents } from '../chat/load-probe.js';
import { percentile } from '../eval/scoring.js';
import { startSlackApiSink } from './slack-api-sink.js';

const SERVE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/serve.ts');

export { BURST_TARGETS } from './burst-targets.js';

export interface BurstOptions {
  indexDir: string;
  requests: number;
  events: number;
  /** Extra environment for the server (ANSWER_WORKERS, DATABASE_URL…). */
  env?: Record<string, string>;
}

export interface BurstResult {
  requests: number;
  events: number;
  apiOk: number;
  slackAnswered: number;
  lost: number;
  doubled: number;
  slackAckP95Ms: number;
  slackAckMaxMs: number;
  healthzP95Ms: number;
  healthzMaxMs: number;
  healthzSamples: number;
  apiP95Ms: number;
  seconds: number;
  workers: number;
}

async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, '--no-ingest'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  while (Date.now() < deadline && child.exitCode === null) {
    url ??= /chat web et API sur (http:\/\/[^\s/]+)\//.exec(output)?.[1];
    if (url && /Prêt :/.test(output)) return { url, child, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`le serveur n'a pas démarré : ${output.trim().split('\n').slice(-3).join(' / ')}`);
}

export async function runBurst(options: BurstOptions): Promise<BurstResult> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'alinea-burst-'));
  const sink = await startSlackApiSink();
  const signingSecret = randomBytes(16).toString('hex');
  const server = await startServer({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    INDEX_DIR: options.indexDir,
    STORE_FILE: path.join(workDir, 'alinea.sqlite'),
    FEEDBACK_LOG: path.join(workDir, 'feedback.jsonl'),
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: sink.apiUrl,
    TEAMS_CLIENT_ID: '',
    TEAMS_CLIENT_SECRET: '',
    DATABASE_URL: '',
    ...options.env,
  });
  try {
    const readiness = (await (await fetch(`${server.url}/readyz`)).json()) as { workers?: { size?: number } };
    const question = (k: number) => `Question Slack n° ${k} : qu'est-ce que le BOP 147 ?`;
    // Warm-up: one of each, so the burst does not measure lazy initialisation.
    await runAskLoad(server.url, 1, 1);
    const warm = slackMentionEvents(1, { tag: 'WARM', question });
    await runSlackEventLoad({ eventsUrl: `${server.url}/slack/events`, signingSecret, events: warm, concurrency: 1 });

    const events = slackMentionEvents(options.events, { tag: 'BURST', question });
    const healthTimes: number[] = [];
    let bursting = true;
    const polling = (async () => {
      while (bursting) {
        const started = performance.now();
        await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) })
          .then((response) => response.arrayBuffer())
          .catch(() => undefined);
        healthTimes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const [api, slack] = await Promise.all([
      runAskLoad(server.url, options.requests, options.requests, { timeoutMs: 120_000 }),
      runSlackEventLoad({ eventsUrl: `${server.url}/slack/events`, signingSecret, events, concurrency: options.events, ackLimitMs: 3_000, timeoutMs: 30_000 }),
    ]);
    const answered = () => events.filter((event) => (sink.thread(event.channel, event.ts)?.answers ?? 0) > 0).length;
    const deadline = performance.now() + 120_000;
    while (answered() < events.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (performance.now() - started) / 1000;
    bursting = false;
    await polling;
    // A grace period, so that a late second answer would be counted.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tallies = events.map((event) => sink.thread(event.channel, event.ts));
    const slackAnswered = tallies.filter((tally) => tally?.answers === 1 && tally.errors === 0).length;
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      requests: options.requests,
      events: options.events,
      apiOk: api.ok,
      slackAnswered,
      lost: api.failed + tallies.filter((tally) => !tally).length,
      doubled: tallies.filter((tally) => tally && tally.answers > 1).length,
      slackAckP95Ms: slack.p95AckMs,
      slackAckMaxMs: slack.maxAckMs,
      healthzP95Ms: round(percentile(healthTimes, 95) ?? 0),
      healthzMaxMs: round(Math.max(0, ...healthTimes)),
      healthzSamples: healthTimes.length,
      apiP95Ms: api.p95Ms,
      seconds: round(seconds),
      workers: readiness.workers?.size ?? 0,
    };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await sink.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
