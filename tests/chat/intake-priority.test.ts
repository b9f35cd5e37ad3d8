/**
 * The turn queue that keeps acknowledgements ahead of other requests (src/chat/intake-priority.ts):
 * deferred tasks run in order, one per event-loop turn, and wait while connections are being
 * accepted. Turns are counted with setImmediate, so nothing here depends on timing.
 */
import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../../src/chat/intake-priority.js';

/** Resolves after the queue's pending turn (immediates run in the order they were set). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnQueue', () => {
  it('runs deferred tasks in order, one per event-loop turn', async () => {
    const queue = new TurnQueue();
    const ran: number[] = [];
    for (const n of [1, 2, 3]) queue.defer(() => ran.push(n));
    expect(ran).toEqual([]);
    await turn();
    expect(ran).toEqual([1]);
    await turn();
    expect(ran).toEqual([1, 2]);
    await turn();
    expect(ran).toEqual([1, 2, 3]);
  });

  it('holds tasks back while connections are being accepted, then runs them', async () => {
    const queue = new TurnQueue(Number.POSITIVE_INFINITY, 3);
    const ran: number[] = [];
    queue.defer(() => ran.push(1));
    queue.defer(() => ran.push(2));
    // Connections every other turn: still arriving.
    for (let i = 0; i < 5; i++) {
      queue.connectionAccepted();
      await turn();
      await turn();
      expect(ran).toEqual([]);
    }
    // Three turns without a connection: they have stopped.
    await turn();
    expect(ran).toEqual([]);
    await turn();
    expect(ran).toEqual([1]);
    await turn();
    expect(ran).toEqual([1, 2]);
  });

  it('does not hold a task longer than its limit', async () => {
    const queue = new TurnQueue(0, 3);
    const ran: number[] = [];
    queue.defer(() => ran.push(1));
    queue.connectionAccepted();
    await turn();
    expect(ran).toEqual([1]);
  });
});
