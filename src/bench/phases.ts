/** Runs bench phases in child processes (per-phase peak RSS) with a time limit each. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markedResult, runForResult } from '../app/child-result.js';

export const RESULT_MARKER = 'BENCH_RESULT ';

export type PhaseName = 'ingest' | 'query' | 'http' | 'slack' | 'burst' | 'peers';

export interface PhaseRequest {
  phase: PhaseName;
  corpusDir: string;
  indexDir: string;
  /** query: gold set whose questions are timed. */
  goldSet?: string;
  /** query: how many passes over the questions for retrieval latency. */
  rounds?: number;
  /** http: number of requests, all in flight at once. */
  requests?: number;
  /** slack, burst: number of signed mention events, all in flight at once. */
  events?: number;
  /** burst: Teams activities of the second burst (0: none). */
  teams?: number;
  /** burst: the server runs its intake thread (INTAKE_PORT), which the Slack and Teams deliveries go to. */
  intake?: boolean;
  /** burst: the server's store is this PostgreSQL (DATABASE_URL) instead of its SQLite file. */
  databaseUrl?: string;
}

/** Whatever a phase measured (numbers, or null when not measurable), plus its peak RSS. */
export type PhaseResult = { phase: PhaseName } & Record<string, number | string | null>;

export class PhaseError extends Error {}

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');

/** Extracts the result line from a worker's stdout (logs may surround it). */
export function parsePhaseOutput(stdout: string): PhaseResult | undefined {
  return markedResult<PhaseResult>(stdout, RESULT_MARKER);
}

export async function runPhase(request: PhaseRequest, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<PhaseResult> {
  // --expose-gc: a phase reports its live memory after a full collection.
  const run = await runForResult<PhaseResult>(['--expose-gc', '--import', 'tsx', WORKER, JSON.stringify(request)], { env: { LOG_LEVEL: 'warn', ...env }, marker: RESULT_MARKER, timeoutMs }).catch(
    (error: Error) => {
      throw new PhaseError(`${request.phase} : lancement impossible (${error.message})`);
    },
  );
  if (run.timedOut) throw new PhaseError(`${request.phase} : délai de ${Math.round(timeoutMs / 1000)} s dépassé`);
  if (run.code === 0 && run.result) return run.result;
  const detail = run.stderr.trim().split('\n').slice(-5).join('\n') || `code de sortie ${run.code}`;
  throw new PhaseError(`${request.phase} : ${detail}`);
}
