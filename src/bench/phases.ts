/** Runs bench phases in child processes (per-phase peak RSS) with a time limit each. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULT_MARKER = 'BENCH_RESULT ';

export type PhaseName = 'ingest' | 'query' | 'http' | 'slack' | 'burst';

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
}

/** Whatever a phase measured (numbers, or null when not measurable), plus its peak RSS. */
export type PhaseResult = { phase: PhaseName } & Record<string, number | string | null>;

export class PhaseError extends Error {}

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts');

/** Extracts the result line from a worker's stdout (logs may surround it). */
export function parsePhaseOutput(stdout: string): PhaseResult | undefined {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(RESULT_MARKER));
  return line ? (JSON.parse(line.slice(RESULT_MARKER.length)) as PhaseResult) : undefined;
}

export function runPhase(request: PhaseRequest, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    // --expose-gc: a phase reports its live memory after a full collection.
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', WORKER, JSON.stringify(request)], {
      env: { LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    child.stderr.on('data', (data: Buffer) => {
      // Keep the tail only: a failing ingest may log a lot.
      stderr = (stderr + data.toString()).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new PhaseError(`${request.phase} : lancement impossible (${error.message})`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return reject(new PhaseError(`${request.phase} : délai de ${Math.round(timeoutMs / 1000)} s dépassé`));
      const result = parsePhaseOutput(stdout);
      if (code === 0 && result) return resolve(result);
      const detail = stderr.trim().split('\n').slice(-5).join('\n') || `code de sortie ${code}`;
      reject(new PhaseError(`${request.phase} : ${detail}`));
    });
  });
}
