/**
 * A script of this project run in a child process that prints its result as one marked line of
 * JSON on stdout (`ingest.ts --json` for a server building its index, the bench's phases): the
 * child gets its own thread and memory, and the caller gets back the result, or the exit code and
 * the end of stderr to say why there is none.
 */
import { spawn } from 'node:child_process';
import { lowerProcessPriority } from './thread-priority.js';

/** How much of a child's stderr is kept: a failing ingest may log a lot. */
const STDERR_TAIL_CHARS = 4_000;

export interface ChildResult<T> {
  /** The marked line's JSON; undefined when the child printed none. */
  result: T | undefined;
  code: number | null;
  /** The last characters of stderr. */
  stderr: string;
  /** Killed once `timeoutMs` had passed. */
  timedOut: boolean;
}

export interface ChildResultOptions {
  env: NodeJS.ProcessEnv;
  /** What the result line starts with. */
  marker: string;
  /** The child is killed after this long (no limit by default). */
  timeoutMs?: number;
  /** Added to the child's niceness as soon as it is started (a server's index build; 0 by default). */
  nice?: number;
}

/** The JSON of the last stdout line that starts with `marker` (logs may surround it). */
export function markedResult<T>(stdout: string, marker: string): T | undefined {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(marker));
  return line ? (JSON.parse(line.slice(marker.length)) as T) : undefined;
}

/** Runs `node <nodeArgs>` and resolves once the child has exited; rejects when it could not start. */
export function runForResult<T>(nodeArgs: string[], options: ChildResultOptions): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (options.nice && child.pid !== undefined) lowerProcessPriority(child.pid, options.nice);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr = (stderr + data.toString()).slice(-STDERR_TAIL_CHARS);
    });
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ result: timedOut ? undefined : markedResult<T>(stdout, options.marker), code, stderr, timedOut });
    });
  });
}
