/**
 * Acknowledgements first. Slack and Teams wait for the HTTP answer to a delivery (Slack: 3 s);
 * answering an inbox question costs the main thread too (Web API calls, rendering). Since every
 * acknowledged question is already stored, its processing can wait a moment: while deliveries are
 * arriving, inbox work holds back (never longer than MAX_DEFER_MS), so a burst is acknowledged
 * at once and answered right after.
 */
import type { NextFunction, Request, Response } from 'express';

/** A burst is over once no delivery has arrived for this long. */
const QUIET_MS = 25;
/** Processing never waits longer than this, however long deliveries keep coming. */
const MAX_DEFER_MS = 1_000;

export class IntakePriority {
  private inFlight = 0;
  private lastSeen = 0;

  /** `paths`: the intake routes (prefixes); none means every request through the middleware. */
  constructor(private readonly paths: string[] = []) {}

  /** Express middleware counting deliveries under way on the intake paths. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.paths.length > 0 && !this.paths.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`))) {
      next();
      return;
    }
    this.inFlight += 1;
    this.lastSeen = Date.now();
    res.once('close', () => {
      this.inFlight -= 1;
      this.lastSeen = Date.now();
    });
    next();
  };

  /** Resolves once deliveries have gone quiet, or after MAX_DEFER_MS. */
  async quiet(): Promise<void> {
    const deadline = Date.now() + MAX_DEFER_MS;
    while ((this.inFlight > 0 || Date.now() - this.lastSeen < QUIET_MS) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    }
  }
}

/**
 * A deferred task waits at most this long for connections to stop arriving (as MAX_DEFER_MS for
 * inbox work): long enough to accept a burst of a few hundred connections on two busy cores.
 */
const MAX_HOLD_MS = 1_000;
/**
 * Connections are still arriving while one was accepted in the last this many turns: a client
 * short of CPU opens its connections a few milliseconds apart, and a deferred handler run in each
 * gap (a few milliseconds of its own) would double the time every delivery waits to be accepted.
 * Idle turns take microseconds, so this costs a deferred task almost nothing when all is quiet.
 */
const ARRIVAL_TURNS = 4;

/**
 * Everything but acknowledgements and probes waits its turn: deferred tasks run in order, one per
 * event-loop turn, and none while connections are arriving (up to MAX_HOLD_MS).
 *
 * Why: Node 20's libuv accepts one connection per event-loop turn. A burst of 300 `/api/ask`
 * queued ahead of a Slack delivery in the listening socket's backlog meant 300 turns, each running
 * an `/api/ask` handler (body parsing, store writes, handing the question to a worker), before the
 * delivery was even accepted. Held back, those handlers leave turns that only accept and read, so
 * the delivery is accepted, stored and acknowledged within the burst's first milliseconds.
 */
export class TurnQueue {
  private readonly waiting: { task: () => void; since: number }[] = [];
  private scheduled = false;
  /** Turns since a connection was last accepted. */
  private turnsSinceAccept = Number.POSITIVE_INFINITY;

  /**
   * `maxHoldMs`: how long a task may be held back while connections keep arriving;
   * `arrivalTurns`: how many turns after an accepted connection count as still arriving.
   */
  constructor(
    private readonly maxHoldMs = MAX_HOLD_MS,
    private readonly arrivalTurns = ARRIVAL_TURNS,
  ) {}

  /** Call on each accepted connection (the server's `connection` event). */
  readonly connectionAccepted = (): void => {
    this.turnsSinceAccept = 0;
  };

  defer(task: () => void): void {
    this.waiting.push({ task, since: performance.now() });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.runOne);
    }
  }

  private readonly runOne = (): void => {
    const head = this.waiting[0];
    if (!head) {
      this.scheduled = false;
      return;
    }
    const arriving = this.turnsSinceAccept < this.arrivalTurns;
    this.turnsSinceAccept += 1;
    setImmediate(this.runOne);
    if (arriving && performance.now() - head.since < this.maxHoldMs) return;
    this.waiting.shift();
    head.task();
  };
}
