/**
 * The main thread's turns: a step that can wait runs after the I/O ready, one per turn of the event
 * loop, in order, and not in a turn that has just accepted a connection (up to a bound).
 */
import { describe, expect, it } from 'vitest';
import { DeliveriesFirst } from '../../src/chat/deliveries-first.js';

/** Counts the turns of the event loop (one immediate per turn) while `run` is under way. */
async function countingTurns<T>(run: (turn: () => number, onTurn: (callback: () => void) => void) => Promise<T>): Promise<T> {
  let turn = 0;
  let stopped = false;
  const callbacks: (() => void)[] = [];
  const tick = () => {
    turn += 1;
    for (const callback of callbacks) callback();
    if (!stopped) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return await run(
      () => turn,
      (callback) => callbacks.push(callback),
    );
  } finally {
    stopped = true;
  }
}

describe('DeliveriesFirst', () => {
  it('runs waiting steps in order, one per turn of the event loop, never in the turn that asked', async () => {
    const turns = new DeliveriesFirst();
    await countingTurns(async (turn) => {
      const asked = turn();
      const ran: { step: number; turn: number }[] = [];
      await Promise.all([1, 2, 3].map((step) => turns.turn().then(() => ran.push({ step, turn: turn() }))));
      expect(ran.map((entry) => entry.step)).toEqual([1, 2, 3]);
      expect(ran[0]!.turn).toBeGreaterThan(asked);
      expect(ran[1]!.turn).toBeGreaterThan(ran[0]!.turn);
      expect(ran[2]!.turn).toBeGreaterThan(ran[1]!.turn);
      expect(turns.queued).toBe(0);
    });
  });

  it('lets turns that accept connections go by, then runs the step anyway after sixteen of them', async () => {
    const turns = new DeliveriesFirst();
    await countingTurns(async (turn, onTurn) => {
      const quiet = turn();
      await turns.turn();
      const withoutAccepts = turn() - quiet;

      // Every turn from now on accepts a connection, as during a burst.
      onTurn(turns.connectionAccepted);
      const busy = turn();
      await turns.turn();
      const duringAccepts = turn() - busy;
      expect(withoutAccepts).toBeLessThanOrEqual(2);
      expect(duringAccepts).toBeGreaterThanOrEqual(16);
      expect(duringAccepts).toBeLessThanOrEqual(19);
    });
  });
});
