/**
 * Acknowledgements first. Slack and Teams wait for the HTTP answer to a delivery (Slack: 3 s);
 * answering an inbox question costs the main thread too (Web API calls, rendering). Since every
 * acknowledged question is already stored, its processing can wait a moment: while deliveries are
 * arriving, inbox work holds back (never longer than MAX_DEFER_MS), so a burst is acknowledged
 * at once and answered right after.
 */
import type { ServerResponse } from 'node:http';
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
    this.track(res);
    next();
  };

  /** Counts one delivery under way until its response closes (the early door of server.ts). */
  track(res: ServerResponse): void {
    this.inFlight += 1;
    this.lastSeen = Date.now();
    res.once('close', () => {
      this.inFlight -= 1;
      this.lastSeen = Date.now();
    });
  }

  /** A delivery arrived elsewhere (the intake thread stored it): counts as one just finished. */
  touch(): void {
    this.lastSeen = Date.now();
  }

  /** Resolves once deliveries have gone quiet, or after MAX_DEFER_MS. */
  async quiet(): Promise<void> {
    const deadline = Date.now() + MAX_DEFER_MS;
    while ((this.inFlight > 0 || Date.now() - this.lastSeen < QUIET_MS) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    }
  }
}
