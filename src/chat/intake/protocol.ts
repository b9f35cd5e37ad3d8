/** What the main thread and the intake thread (INTAKE_PORT) tell each other. */
import type { Settings } from '../../config.js';
import type { TeamsInboundAuth } from '../teams/bot-auth.js';

/** Where the intake thread stores deliveries: the replica's own store, through a connection of its own. */
export type IntakeStoreTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; connectionString: string; retentionDays: number; leaseSeconds: number };

/**
 * The thread's `workerData`. The signing secret and the connection string stay in memory, never
 * logged; Teams needs no secret here (checking a token takes the bot's id, tenant and cloud only).
 */
export interface IntakeWorkerData {
  port: number;
  host: string;
  /** Slack's Events API deliveries on /slack/events (HTTP mode); absent: that path is forwarded. */
  slack?: { signingSecret: string };
  /** Teams activities on /api/messages, authenticated as the main port does; absent: that path is forwarded. */
  teams?: TeamsInboundAuth;
  /** The main port's base URL: what the intake does not store itself goes there (URL verification, commands, interactions, Teams invokes). */
  forwardTo: string;
  store: IntakeStoreTarget;
  logLevel: Settings['LOG_LEVEL'];
}

/** Thread → main. `stored`: at least one fresh delivery is in the inbox (one message per turn of the thread's loop at most). */
/** `nice`: the thread's own niceness as read from /proc (Linux), for /readyz to show it ahead of the main thread's. */
export type IntakeReport = { type: 'listening'; port: number; nice?: number } | { type: 'stored' } | { type: 'failed'; message: string };

/** Main → thread: stop accepting, let deliveries under way finish within `graceMs`, close the store, end. */
export type IntakeCommand = { type: 'stop'; graceMs: number };
