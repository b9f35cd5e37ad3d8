/**
 * Starts and stops the intake thread (intake-listener.ts) from the main thread: a worker thread
 * with its own event loop and its own connection to the store, listening on INTAKE_PORT for
 * Slack's deliveries and Teams' activities.
 */
import { Worker } from 'node:worker_threads';
import type { Settings } from '../../config.js';
import type { Logger } from '../logger.js';
import type { TeamsInboundAuth } from '../teams/bot-auth.js';
import type { IntakeCommand, IntakeReport, IntakeStoreTarget, IntakeWorkerData } from './protocol.js';

const ENTRY = new URL('./intake-worker.mjs', import.meta.url);
/** The thread loads its modules and opens the store: bounded, so a stuck start is reported. */
const START_TIMEOUT_MS = 30_000;

export interface IntakeThread {
  /** `http://host:port`, as the main server's URL is written. */
  url: string;
  port: number;
  /** The thread's niceness as it read it (Linux), undefined elsewhere. */
  nice?: number;
  /** False once the thread has ended (stopped, or crashed). */
  running(): boolean;
  /** Resolves with the thread's exit code once it has ended. */
  readonly exited: Promise<number>;
  /** Stops accepting, lets deliveries under way finish within `graceMs`, closes the thread's store connection. */
  stop(graceMs: number): Promise<void>;
}

export interface IntakeThreadOptions {
  settings: Pick<Settings, 'INTAKE_PORT' | 'HOST' | 'SLACK_SIGNING_SECRET' | 'DATABASE_URL' | 'STORE_FILE' | 'RETENTION_DAYS' | 'INBOX_LEASE_SECONDS' | 'LOG_LEVEL'>;
  logger: Logger;
  /** The main server's base URL: what the intake does not store itself is forwarded there. */
  forwardTo: string;
  /** Fresh deliveries are in the inbox (the main thread looks for work and holds it back a moment). */
  onStored: () => void;
  /** Serve Slack's Events API deliveries (HTTP mode; SLACK_SIGNING_SECRET needed). */
  slack: boolean;
  /** Serve Teams activities, authenticated with these (as the main port's surface is); absent: forwarded to the main port. */
  teams?: TeamsInboundAuth;
}

export class IntakeStartError extends Error {}

export async function startIntakeThread(options: IntakeThreadOptions): Promise<IntakeThread> {
  const { settings, logger } = options;
  if (settings.INTAKE_PORT === undefined) throw new IntakeStartError('INTAKE_PORT absent');
  if (!options.slack && !options.teams) throw new IntakeStartError('ni Slack en mode HTTP ni Teams authentifié : rien à accueillir');
  if (options.slack && !settings.SLACK_SIGNING_SECRET) throw new IntakeStartError('SLACK_SIGNING_SECRET absent : le port d’accueil ne reçoit que des événements signés');
  let store: IntakeStoreTarget;
  if (settings.DATABASE_URL) {
    store = { kind: 'postgres', connectionString: settings.DATABASE_URL, retentionDays: settings.RETENTION_DAYS, leaseSeconds: settings.INBOX_LEASE_SECONDS };
  } else if (settings.STORE_FILE === ':memory:') {
    throw new IntakeStartError('un stockage en mémoire ne se partage pas avec le fil d’accueil : STORE_FILE doit être un fichier (ou DATABASE_URL)');
  } else {
    store = { kind: 'sqlite', file: settings.STORE_FILE };
  }
  const intake: IntakeWorkerData = {
    port: settings.INTAKE_PORT,
    host: settings.HOST,
    ...(options.slack && settings.SLACK_SIGNING_SECRET ? { slack: { signingSecret: settings.SLACK_SIGNING_SECRET } } : {}),
    ...(options.teams ? { teams: options.teams } : {}),
    forwardTo: options.forwardTo,
    store,
    logLevel: settings.LOG_LEVEL,
  };
  const worker = new Worker(ENTRY, { workerData: { intake }, name: 'alinea-intake' });
  let alive = true;
  let stopping = false;
  const exited = new Promise<number>((resolve) =>
    worker.once('exit', (code) => {
      alive = false;
      if (!stopping) logger.error({ code }, 'intake: thread ended unexpectedly');
      resolve(code);
    }),
  );
  worker.on('error', (error) => logger.error({ err: { message: error.message } }, 'intake: thread failed'));

  const { port, nice } = await new Promise<{ port: number; nice?: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new IntakeStartError(`pas prêt après ${START_TIMEOUT_MS / 1000} s`));
      void worker.terminate();
    }, START_TIMEOUT_MS);
    const onMessage = (report: IntakeReport) => {
      if (report.type === 'listening') resolve({ port: report.port, ...(report.nice === undefined ? {} : { nice: report.nice }) });
      else if (report.type === 'failed') reject(new IntakeStartError(report.message));
      else return;
      clearTimeout(timer);
      worker.off('message', onMessage);
    };
    worker.on('message', onMessage);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new IntakeStartError(`le fil s’est arrêté (code ${code})`));
    });
  });
  worker.on('message', (report: IntakeReport) => {
    if (report.type === 'stored') options.onStored();
  });
  const hostShown = settings.HOST.includes(':') && !settings.HOST.startsWith('[') ? `[${settings.HOST}]` : settings.HOST;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${hostShown}:${port}`,
    port,
    ...(nice === undefined ? {} : { nice }),
    running: () => alive,
    exited,
    stop(graceMs) {
      stopped ??= (async () => {
        stopping = true;
        if (!alive) return;
        worker.postMessage({ type: 'stop', graceMs } satisfies IntakeCommand);
        // The thread closes its store itself; past the grace and a second for that, it is ended.
        let timer: NodeJS.Timeout | undefined;
        const late = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs + 1_000)))]);
        clearTimeout(timer);
        if (late) {
          logger.warn('intake: thread did not stop in time, terminated');
          await worker.terminate();
        }
      })();
      return stopped;
    },
  };
}
