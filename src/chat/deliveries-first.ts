/**
 * Acknowledgements before the rest, on the one main thread.
 *
 * Node 20's libuv (1.46) accepts one new connection per turn of the event loop, whatever the
 * number waiting in the kernel's queue. During a burst every delivery comes on a connection of its
 * own (as from Slack), queued behind the few hundred API requests that reached the server first;
 * each turn also ran whatever work was ready (API requests, their answers), so the deliveries
 * were accepted one per turn, seconds later, while `/healthz`, on a connection already open, was
 * answered at once.
 *
 * Work that can wait a moment (taking an API request, sending its answer) therefore awaits
 * `turn()`: it runs in the check phase that follows the I/O callbacks, one step per turn, in the
 * order asked, and not in a turn that has just accepted a connection (more may be waiting), up to
 * MAX_SKIPPED_TURNS in a row so that it still progresses. A delivery, stored and acknowledged
 * within its own I/O callbacks, is then accepted after the connections ahead of it in a few
 * cheap turns each.
 */

/** Turns in a row given to accepting connections before a waiting step runs anyway. */
const MAX_SKIPPED_TURNS = 16;

export class DeliveriesFirst {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;
  private accepted = false;
  private skipped = 0;

  /** Resolves on a later turn of the event loop, after the I/O callbacks ready by then. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** To be called on each connection the server accepts (its `connection` event). */
  readonly connectionAccepted = (): void => {
    this.accepted = true;
  };

  /** Steps waiting for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.next);
  }

  // An immediate queued by an immediate runs in the next turn, after its poll phase.
  private readonly next = (): void => {
    this.scheduled = false;
    if (this.accepted && this.skipped < MAX_SKIPPED_TURNS) {
      this.skipped += 1;
    } else {
      this.skipped = 0;
      this.waiting.shift()?.();
    }
    this.accepted = false;
    if (this.waiting.length > 0) this.schedule();
  };
}
