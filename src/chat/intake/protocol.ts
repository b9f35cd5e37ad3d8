/** What the main thread and the Slack intake thread (INTAKE_PORT) tell each other. */
import type { Settings } from '../../config.js';

/** Where the intake thread stores deliveries: the replica's own store, through a connection of its own. */
export type IntakeStoreTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; connectionString: string; retentionDays: number; leaseSeconds: number };

/** The thread's `workerData`. The signing secret and the connection string stay in memory, never logged. */
export interface IntakeWorkerData {
  port: number;
  host: string;
  signingSecret: string;
  /** The main port's base URL: what the intake does not store itself goes there (URL verification, commands, interactions). */
  forwardTo: string;
  store: IntakeStoreTarget;
  logLevel: Settings['LOG_LEVEL'];
}

/** Thread → main. `stored`: at least one fresh delivery is in the inbox (one message per turn of the thread's loop at most). */
export type IntakeReport = { type: 'listening'; port: number } | { type: 'stored' } | { type: 'failed'; message: string };

/** Main → thread: stop accepting, let deliveries under way finish within `graceMs`, close the store, end. */
export type IntakeCommand = { type: 'stop'; graceMs: number };
