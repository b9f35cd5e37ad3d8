/**
 * The burst the serving architecture must hold (issue 9): a real server process on 127.0.0.1
 * (`serve.ts --no-ingest` on an index built beforehand, embedded store in a temporary folder,
 * Slack in HTTP mode towards a local Web API sink) receives 300 concurrent `/api/ask` and 100
 * signed Slack mentions at once, while `/healthz` is polled. Measured: questions lost, questions
 * answered twice, Slack acknowledgement p95 and `/healthz` p95 during the burst.
 *
 * Then, on the same server, a second burst: 300 more `/api/ask` and 100 Teams questions, each in a
 * personal conversation of its own, posted as the Bot Connector posts them — with a real RS256
 * token that the server's Teams SDK checks against a local stand-in for Microsoft's signing keys
 * (teams-login-stand-in.ts, the tests' own; the server points at it with TEAMS_TEST_LOGIN_URL,
 * which it accepts only under NODE_ENV=test and on loopback, so this server runs with
 * NODE_ENV=test, which changes nothing else: only that stand-in is allowed) — and answers through
 * a local Bot Connector stand-in (teams-connector-sink.ts). Same measures for Teams.
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
import { type DeliveryLoadResult, runAskLoad, runSlackEventLoad, runTeamsActivityLoad, slackMentionEvents, teamsMessageActivities } from '../chat/load-probe.js';
import { percentile } from '../eval/scoring.js';
import type { ProbeCommand, ProbeLoad, ProbeReport } from './burst-probe.js';
import { startSlackApiSink } from './slack-api-sink.js';
import { startTeamsConnectorSink } from './teams-connector-sink.js';
import { startFakeBotLogin } from './teams-login-stand-in.js';

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
  /** Teams activities of the second burst (with as many `/api/ask` as the first); 0: no Teams burst, Teams not configured. */
  teams: number;
  /** Extra environment for the server (ANSWER_WORKERS, DATABASE_URL…). */
  env?: Record<string, string>;
  /** Extra node flags for the server process (e.g. `--cpu-prof` to profile it). */
  nodeArgs?: string[];
  /** The server runs its intake thread (INTAKE_PORT) and the deliveries go there; else to the main port. */
  intake?: boolean;
}

/** One burst's measures: `/api/ask` and one platform's deliveries at once. */
interface OneBurst {
  apiOk: number;
  answered: number;
  lost: number;
  doubled: number;
  ackP95Ms: number;
  ackMaxMs: number;
  clientDelayP95Ms: number;
  healthzP95Ms: number;
  healthzMaxMs: number;
  healthzSamples: number;
  apiP95Ms: number;
  seconds: number;
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
  /** 1 when the server's store was PostgreSQL (DATABASE_URL), 0 for its SQLite file. */
  postgres: number;
  /** The main thread's niceness behind the intake thread (MAIN_THREAD_NICE), -1 when not lowered or unknown. */
  mainThreadNice: number;
  /** The Teams burst (absent with `teams: 0`): the same measures, `teams` prefixed. */
  teamsActivities: number;
  teamsApiOk?: number;
  teamsAnswered?: number;
  teamsLost?: number;
  teamsDoubled?: number;
  teamsAckP95Ms?: number;
  teamsAckMaxMs?: number;
  teamsClientDelayP95Ms?: number;
  teamsHealthzP95Ms?: number;
  teamsHealthzMaxMs?: number;
  teamsHealthzSamples?: number;
  teamsApiP95Ms?: number;
  teamsSeconds?: number;
}

/** The bot the Teams burst talks to (a made-up Entra app id and tenant: only the local stand-ins know them). */
const TEAMS_BOT_ID = 'b0b0b0b0-0000-4000-8000-00000000be1c';
const TEAMS_TENANT = 'tenant-bench';

async function startServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ url: string; slackIntakeUrl?: string; teamsIntakeUrl?: string; child: ChildProcess; output: () => string }> {
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
    const slackIntakeUrl = /accueil des événements sur (http:\/\/[^\s/]+)\/slack\/events/.exec(output)?.[1];
    const teamsIntakeUrl = /accueil des activités sur (http:\/\/[^\s/]+)\/api\/messages/.exec(output)?.[1];
    if (url && /Prêt :/.test(output)) return { url, ...(slackIntakeUrl ? { slackIntakeUrl } : {}), ...(teamsIntakeUrl ? { teamsIntakeUrl } : {}), child, output: () => output };
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
  const teams = options.teams > 0;
  const teamsSecret = randomBytes(16).toString('hex');
  const [connector, login] = teams ? await Promise.all([startTeamsConnectorSink(), startFakeBotLogin({ clientId: TEAMS_BOT_ID, clientSecret: teamsSecret })]) : [];
  const signingSecret = randomBytes(16).toString('hex');
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer(
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
        // Teams against the local stand-ins; TEAMS_TEST_LOGIN_URL is accepted only with NODE_ENV=test.
        TEAMS_CLIENT_ID: login ? TEAMS_BOT_ID : '',
        TEAMS_CLIENT_SECRET: login ? teamsSecret : '',
        TEAMS_TENANT_ID: login ? TEAMS_TENANT : '',
        TEAMS_TEST_LOGIN_URL: login?.url ?? '',
        ...(login ? { NODE_ENV: 'test' } : {}),
        DATABASE_URL: '',
        // With --no-intake, none (the intake port is on by default when Slack or Teams is configured, as here).
        INTAKE_PORT: options.intake ? '0' : 'off',
        ...options.env,
      },
      options.nodeArgs,
    );
    const { url } = server;
    if (options.intake && !server.slackIntakeUrl) throw new Error(`le port d'accueil n'a pas démarré : ${server.output().trim().split('\n').slice(-3).join(' / ')}`);
    if (options.intake && teams && !server.teamsIntakeUrl) throw new Error(`le port d'accueil ne reçoit pas Teams : ${server.output().trim().split('\n').slice(-3).join(' / ')}`);
    const readiness = (await (await fetch(`${url}/readyz`)).json()) as { workers?: { size?: number }; intake?: { mainThreadNice?: number | null } };
    const round = (value: number) => Math.round(value * 10) / 10;

    /**
     * One burst: `requests` /api/ask from this process, the deliveries and the /healthz polling from
     * a probe; then waits for every delivery's answer, and a grace period so that a late second
     * answer would be counted.
     */
    const burst = async (load: ProbeLoad, questionTag: string, tallies: () => ({ answers: number; errors: number } | undefined)[]): Promise<OneBurst> => {
      const probe = startProbe();
      try {
        await probe.command({ type: 'start', url, load, healthIntervalMs: HEALTH_INTERVAL_MS }, 'ready');
        const started = performance.now();
        // The API load first (its requests are created before the probe hears `go`), as before.
        const api = runAskLoad(url, options.requests, options.requests, { timeoutMs: 120_000, question: (i) => `Question de charge${questionTag} n° ${i} : qu'est-ce que le BOP 147 ?` });
        const acked = probe.command({ type: 'go' }, 'acked');
        const [apiResult, ackedReport] = await Promise.all([api, acked]);
        const deliveries: DeliveryLoadResult = ackedReport.deliveries;
        const count = tallies().length;
        const answered = () => tallies().filter((tally) => (tally?.answers ?? 0) > 0).length;
        const deadline = performance.now() + 120_000;
        while (answered() < count && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        const seconds = (performance.now() - started) / 1000;
        const healthTimes = (await probe.command({ type: 'stop' }, 'health')).times;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const final = tallies();
        return {
          apiOk: apiResult.ok,
          answered: final.filter((tally) => tally?.answers === 1 && tally.errors === 0).length,
          lost: apiResult.failed + final.filter((tally) => !tally).length,
          doubled: final.filter((tally) => tally && tally.answers > 1).length,
          ackP95Ms: deliveries.p95AckMs,
          ackMaxMs: deliveries.maxAckMs,
          clientDelayP95Ms: deliveries.p95ClientDelayMs,
          healthzP95Ms: round(percentile(healthTimes, 95) ?? 0),
          healthzMaxMs: round(Math.max(0, ...healthTimes)),
          healthzSamples: healthTimes.length,
          apiP95Ms: apiResult.p95Ms,
          seconds: round(seconds),
        };
      } finally {
        probe.kill();
      }
    };

    // Slack: to the intake port when the server runs one, else to the main port.
    const eventsUrl = `${server.slackIntakeUrl ?? url}/slack/events`;
    const question = (k: number) => `Question Slack n° ${k} : qu'est-ce que le BOP 147 ?`;
    // Warm-up: one of each, so the burst does not measure lazy initialisation.
    await runAskLoad(url, 1, 1);
    await runSlackEventLoad({ eventsUrl, signingSecret, events: slackMentionEvents(1, { tag: 'WARM', question }), concurrency: 1 });
    const events = slackMentionEvents(options.events, { tag: 'BURST', question });
    const slack = await burst({ kind: 'slack', eventsUrl, signingSecret, events }, '', () => events.map((event) => sink.thread(event.channel, event.ts)));

    let teamsResult: Partial<BurstResult> = {};
    if (connector && login) {
      const messagesUrl = `${server.teamsIntakeUrl ?? url}/api/messages`;
      // One token for every activity, as the Bot Connector reuses its token for its lifetime.
      const token = login.connectorToken({ audience: TEAMS_BOT_ID, serviceUrl: connector.serviceUrl });
      const activities = (n: number, tag: string) =>
        teamsMessageActivities(n, { serviceUrl: connector.serviceUrl, botId: TEAMS_BOT_ID, tenantId: TEAMS_TENANT, tag, question: (k) => `Question Teams n° ${k} : qu'est-ce que le BOP 147 ?` });
      // Warm-up: the signing keys read, the bot's token obtained, the Teams code paths run once.
      const warm = activities(1, 'WARM');
      const warmed = await runTeamsActivityLoad({ messagesUrl, token, activities: warm, concurrency: 1 });
      if (warmed.failed > 0) throw new Error(`Teams : l'activité d'échauffement a été refusée (${warmed.failures.join(' ; ')})`);
      const warmDeadline = performance.now() + 60_000;
      while (!connector.conversation(warm[0]!.conversationId) && performance.now() < warmDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const burstActivities = activities(options.teams, 'BURST');
      const t = await burst({ kind: 'teams', messagesUrl, token, activities: burstActivities }, ' (Teams)', () => burstActivities.map((activity) => connector.conversation(activity.conversationId)));
      teamsResult = {
        teamsApiOk: t.apiOk,
        teamsAnswered: t.answered,
        teamsLost: t.lost,
        teamsDoubled: t.doubled,
        teamsAckP95Ms: t.ackP95Ms,
        teamsAckMaxMs: t.ackMaxMs,
        teamsClientDelayP95Ms: t.clientDelayP95Ms,
        teamsHealthzP95Ms: t.healthzP95Ms,
        teamsHealthzMaxMs: t.healthzMaxMs,
        teamsHealthzSamples: t.healthzSamples,
        teamsApiP95Ms: t.apiP95Ms,
        teamsSeconds: t.seconds,
      };
    }
    return {
      requests: options.requests,
      events: options.events,
      apiOk: slack.apiOk,
      slackAnswered: slack.answered,
      lost: slack.lost,
      doubled: slack.doubled,
      slackAckP95Ms: slack.ackP95Ms,
      slackAckMaxMs: slack.ackMaxMs,
      slackClientDelayP95Ms: slack.clientDelayP95Ms,
      healthzP95Ms: slack.healthzP95Ms,
      healthzMaxMs: slack.healthzMaxMs,
      healthzSamples: slack.healthzSamples,
      apiP95Ms: slack.apiP95Ms,
      seconds: slack.seconds,
      workers: readiness.workers?.size ?? 0,
      intake: server.slackIntakeUrl ? 1 : 0,
      postgres: options.env?.DATABASE_URL ? 1 : 0,
      mainThreadNice: readiness.intake?.mainThreadNice ?? -1,
      teamsActivities: teams ? options.teams : 0,
      ...teamsResult,
    };
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      const child = server.child;
      if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    }
    await sink.close();
    await connector?.close();
    await login?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
