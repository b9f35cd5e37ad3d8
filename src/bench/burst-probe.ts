/**
 * The burst's latency probes, in a process of their own: the deliveries — signed Slack events, or
 * Teams activities with the Bot Connector's token — timing their acknowledgements (to the main
 * port, or to the intake port when the server runs one), and the `/healthz` polling (main port). The load itself (300 `/api/ask`, answer
 * parsing, the Slack Web API sink) runs in the bench's process; sharing its event loop, a probe
 * waited there behind 300 requests being built and answers being read before its own request left,
 * and that wait was counted as the server's. Slack and an orchestrator's prober are separate
 * clients too.
 *
 * Protocol (IPC messages): the parent sends `start` (what to send), the probe answers `ready` once
 * its connections are warm; on `go` it sends every delivery at once and polls `/healthz`, answers
 * `acked` when every delivery got its answer, and on `stop` answers `health` and exits.
 */
import http from 'node:http';
import { type DeliveryLoadResult, runSlackEventLoad, runTeamsActivityLoad, type SlackLoadEvent, type TeamsLoadActivity } from '../chat/load-probe.js';

/** What the probe sends on `go`: Slack's signed events, or Teams activities with the connector's token. */
export type ProbeLoad = { kind: 'slack'; eventsUrl: string; signingSecret: string; events: SlackLoadEvent[] } | { kind: 'teams'; messagesUrl: string; token: string; activities: TeamsLoadActivity[] };

export type ProbeCommand = { type: 'start'; url: string; load: ProbeLoad; healthIntervalMs: number } | { type: 'go' } | { type: 'stop' };

export type ProbeReport = { type: 'ready' } | { type: 'acked'; deliveries: DeliveryLoadResult } | { type: 'health'; times: number[] } | { type: 'failed'; message: string };

/** Slack retries a delivery not acknowledged within 3 s; the Bot Connector gives a bot 15 s. */
const ACK_LIMIT_MS = { slack: 3_000, teams: 15_000 } as const;

function send(report: ProbeReport): void {
  process.send?.(report);
}

let setup: Extract<ProbeCommand, { type: 'start' }> | undefined;
let polling = false;
let pollingDone: Promise<void> = Promise.resolve();
const healthTimes: number[] = [];

/** One connection kept open, as a prober polling every few milliseconds would. */
const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function getHealth(url: string): Promise<void> {
  return new Promise((resolve) => {
    const request = http.get(`${url}/healthz`, { agent: healthAgent, timeout: 10_000 }, (response) => {
      response.resume();
      response.once('end', resolve);
      response.once('error', () => resolve());
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve());
  });
}

async function pollHealth(url: string, intervalMs: number): Promise<void> {
  while (polling) {
    const started = performance.now();
    await getHealth(url);
    healthTimes.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

let finished = false;
// In a session of its own (see burst.ts), no Ctrl-C reaches the probe: it ends with the bench.
process.once('disconnect', () => {
  if (!finished) process.exit(0);
});

process.on('message', (command: ProbeCommand) => {
  void (async () => {
    if (command.type === 'start') {
      setup = command;
      // Warm: the health connection is open, and the first request of a process pays for set-up.
      await getHealth(command.url);
      send({ type: 'ready' });
    } else if (command.type === 'go' && setup) {
      const { url, load, healthIntervalMs } = setup;
      polling = true;
      pollingDone = pollHealth(url, healthIntervalMs);
      const limits = { ackLimitMs: ACK_LIMIT_MS[load.kind], timeoutMs: 30_000 };
      let deliveries: DeliveryLoadResult;
      if (load.kind === 'slack') {
        const { events: _sent, ...result } = await runSlackEventLoad({ eventsUrl: load.eventsUrl, signingSecret: load.signingSecret, events: load.events, concurrency: load.events.length, ...limits });
        deliveries = result;
      } else {
        deliveries = await runTeamsActivityLoad({ messagesUrl: load.messagesUrl, token: load.token, activities: load.activities, concurrency: load.activities.length, ...limits });
      }
      send({ type: 'acked', deliveries });
    } else if (command.type === 'stop') {
      polling = false;
      await pollingDone;
      send({ type: 'health', times: healthTimes });
      healthAgent.destroy();
      finished = true;
      process.disconnect?.();
    }
  })().catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
});
