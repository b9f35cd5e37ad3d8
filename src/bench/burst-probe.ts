/**
 * The burst's latency probes, in a process of their own: the signed Slack deliveries (their
 * acknowledgement time) and the `/healthz` polling. The load itself (300 `/api/ask`, answer
 * parsing, the Slack Web API sink) runs in the bench's process; sharing its event loop, a probe
 * waited there behind 300 requests being built and answers being read before its own request left,
 * and that wait was counted as the server's. Slack and an orchestrator's prober are separate
 * clients too.
 *
 * Protocol (IPC messages): the parent sends `start` (what to send), the probe answers `ready` once
 * its connections are warm; on `go` it sends every delivery at once and polls `/healthz`, answers
 * `acked` when every delivery got its answer, and on `stop` answers `health` and exits.
 */
import { runSlackEventLoad, type SlackEventLoadResult, type SlackLoadEvent } from '../chat/load-probe.js';

export type ProbeCommand = { type: 'start'; url: string; signingSecret: string; events: SlackLoadEvent[]; healthIntervalMs: number } | { type: 'go' } | { type: 'stop' };

export type ProbeReport = { type: 'ready' } | { type: 'acked'; slack: Omit<SlackEventLoadResult, 'events'> } | { type: 'health'; times: number[] } | { type: 'failed'; message: string };

function send(report: ProbeReport): void {
  process.send?.(report);
}

let setup: Extract<ProbeCommand, { type: 'start' }> | undefined;
let polling = false;
let pollingDone: Promise<void> = Promise.resolve();
const healthTimes: number[] = [];

async function pollHealth(url: string, intervalMs: number): Promise<void> {
  while (polling) {
    const started = performance.now();
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
    healthTimes.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

process.on('message', (command: ProbeCommand) => {
  void (async () => {
    if (command.type === 'start') {
      setup = command;
      // Warm: the first fetch of a process pays for undici's set-up.
      await fetch(`${command.url}/healthz`).then((response) => response.arrayBuffer());
      send({ type: 'ready' });
    } else if (command.type === 'go' && setup) {
      const { url, signingSecret, events, healthIntervalMs } = setup;
      polling = true;
      pollingDone = pollHealth(url, healthIntervalMs);
      const { events: _sent, ...slack } = await runSlackEventLoad({ eventsUrl: `${url}/slack/events`, signingSecret, events, concurrency: events.length, ackLimitMs: 3_000, timeoutMs: 30_000 });
      send({ type: 'acked', slack });
    } else if (command.type === 'stop') {
      polling = false;
      await pollingDone;
      send({ type: 'health', times: healthTimes });
      process.disconnect?.();
    }
  })().catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
});
