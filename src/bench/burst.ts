/**
 * The burst the serving architecture must hold (issue 9): a real server process on 127.0.0.1
 * (`serve.ts --no-ingest` on an index built beforehand, embedded store in a temporary folder,
 * Slack in HTTP mode towards a local Web API sink) receives 300 concurrent `/api/ask` and 100
 * signed Slack mentions at once, while `/healthz` is polled. Measured: questions lost, questions
 * answered twice, Slack acknowledgement p95 and `/healthz` p95 during the burst.
 *
 * Three processes: the server, this one (the 300 `/api/ask`, reading their answers, and the Slack
 * Web API sink the server posts answers to) and the probe (burst-probe.ts: the Slack deliveries
 * and the `/healthz` polling), so that the latencies measured are the server's, not the time a
 * request waited in a load generator's busy event loop before leaving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAskLoad, runSlackEventLoad, slackMentionEvents, type SlackEventLoadResult } from '../chat/load-probe.js';
import { percentile } from '../eval/scoring.js';
import type { ProbeCommand, ProbeReport } from './burst-probe.js';
import { startSlackApiSink } from './slack-api-sink.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVE = path.resolve(HERE, '../cli/serve.ts');
const PROBE = path.resolve(HERE, 'burst-probe.ts');
/**
 * The server and the probe run in sessions of their own (setsid), as a service and Slack do. Linux
 * schedules by session first when autogroups are on (they are on the shared 2-core machine the
 * bench runs on: kernel.sched_autogroup_enabled=1): in the bench's session, the server's main thread
 * shared one CPU share with the 300-request load generator and the probe, and waited for a CPU
 * longer than it ran. Each process keeps an IPC channel and stops when the bench is gone.
 */
const OWN_SESSION = true;
/** Pause between two `/healthz` polls of the probe. */
const HEALTH_INTERVAL_MS = 20;

export { BURST_TARGETS } from './burst-targets.js';

export interface BurstOptions {
  indexDir: string;
  requests: number;
  events: number;
  /** Extra environment for the server (ANSWER_WORKERS, DATABASE_URL…). */
  env?: Record<string, string>;
  /** Extra node flags for the server process (e.g. `--cpu-prof` to profile it). */
  nodeArgs?: string[];
  /** The server runs its Slack intake thread (INTAKE_PORT) and the deliveries go there; else to the main port. */
  intake?: boolean;
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
  /** What the probe itself took before a delivery left (p95), not counted in the acknowledgement times. */
  slackClientDelayP95Ms: number;
  healthzP95Ms: number;
  healthzMaxMs: number;
  healthzSamples: number;
  apiP95Ms: number;
  seconds: number;
  workers: number;
  /** 1 when the deliveries went to the intake port (INTAKE_PORT), 0 when to the main port. */
  intake: number;
}

async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; intakeUrl?: string; child: ChildProcess; output: () => string }> {
  // A session of its own, as a service has (see OWN_SESSION); the IPC channel stops it with the bench.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVE, '--no-ingest'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: OWN_SESSION,
  });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  while (Date.now() < deadline && child.exitCode === null) {
    url ??= /chat web et API sur (http:\/\/[^\s/]+)\//.exec(output)?.[1];
    const intakeUrl = /accueil des événements sur (http:\/\/[^\s/]+)\/slack\/events/.exec(output)?.[1];
    if (url && /Prêt :/.test(output)) return { url, ...(intakeUrl ? { intakeUrl } : {}), child, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`le serveur n'a pas démarré : ${output.trim().split('\n').slice(-3).join(' / ')}`);
}

interface Probe {
  /** Sends `command` and resolves with the probe's next report of type `reply`. */
  command<T extends ProbeReport['type']>(command: ProbeCommand, reply: T): Promise<Extract<ProbeReport, { type: T }>>;
  kill(): void;
}

function startProbe(): Probe {
  const child = spawn(process.execPath, ['--import', 'tsx', PROBE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: OWN_SESSION });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    command: (command, reply) =>
      new Promise((resolve, reject) => {
        const onMessage = (report: ProbeReport) => {
          if (report.type === 'failed') reject(new Error(`sonde : ${report.message}`));
          else if (report.type === reply) resolve(report as never);
          else return;
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        const onExit = () => reject(new Error('la sonde s’est arrêtée'));
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(command);
      }),
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
  };
}

export async function runBurst(options: BurstOptions): Promise<BurstResult> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'alinea-burst-'));
  const sink = await startSlackApiSink();
  const signingSecret = randomBytes(16).toString('hex');
  const server = await startServer(
    {
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
      INTAKE_PORT: options.intake ? '0' : '',
      ...options.env,
    },
    options.nodeArgs,
  );
  const probe = startProbe();
  try {
    if (options.intake && !server.intakeUrl) throw new Error(`le port d'accueil Slack n'a pas démarré : ${server.output().trim().split('\n').slice(-3).join(' / ')}`);
    // Where Slack's deliveries go: the intake port when the server runs one, else the main port.
    const eventsUrl = `${server.intakeUrl ?? server.url}/slack/events`;
    const readiness = (await (await fetch(`${server.url}/readyz`)).json()) as { workers?: { size?: number } };
    const question = (k: number) => `Question Slack n° ${k} : qu'est-ce que le BOP 147 ?`;
    // Warm-up: one of each, so the burst does not measure lazy initialisation.
    await runAskLoad(server.url, 1, 1);
    const warm = slackMentionEvents(1, { tag: 'WARM', question });
    await runSlackEventLoad({ eventsUrl, signingSecret, events: warm, concurrency: 1 });

    const events = slackMentionEvents(options.events, { tag: 'BURST', question });
    await probe.command({ type: 'start', url: server.url, eventsUrl, signingSecret, events, healthIntervalMs: HEALTH_INTERVAL_MS }, 'ready');
    const started = performance.now();
    // The API load first (its 300 requests are created before the probe hears `go`), as before.
    const api = runAskLoad(server.url, options.requests, options.requests, { timeoutMs: 120_000 });
    const acked = probe.command({ type: 'go' }, 'acked');
    const [apiResult, ackedReport] = await Promise.all([api, acked]);
    const slack: Omit<SlackEventLoadResult, 'events'> = ackedReport.slack;
    const answered = () => events.filter((event) => (sink.thread(event.channel, event.ts)?.answers ?? 0) > 0).length;
    const deadline = performance.now() + 120_000;
    while (answered() < events.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const seconds = (performance.now() - started) / 1000;
    const healthTimes = (await probe.command({ type: 'stop' }, 'health')).times;
    // A grace period, so that a late second answer would be counted.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const tallies = events.map((event) => sink.thread(event.channel, event.ts));
    const slackAnswered = tallies.filter((tally) => tally?.answers === 1 && tally.errors === 0).length;
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      requests: options.requests,
      events: options.events,
      apiOk: apiResult.ok,
      slackAnswered,
      lost: apiResult.failed + tallies.filter((tally) => !tally).length,
      doubled: tallies.filter((tally) => tally && tally.answers > 1).length,
      slackAckP95Ms: slack.p95AckMs,
      slackAckMaxMs: slack.maxAckMs,
      slackClientDelayP95Ms: slack.p95ClientDelayMs,
      healthzP95Ms: round(percentile(healthTimes, 95) ?? 0),
      healthzMaxMs: round(Math.max(0, ...healthTimes)),
      healthzSamples: healthTimes.length,
      apiP95Ms: apiResult.p95Ms,
      seconds: round(seconds),
      workers: readiness.workers?.size ?? 0,
      intake: server.intakeUrl ? 1 : 0,
    };
  } finally {
    probe.kill();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await sink.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
