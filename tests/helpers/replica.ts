/**
 * A real Alinéa server process (`node --import tsx src/cli/serve.ts --no-ingest`), as an operator
 * runs a replica, on 127.0.0.1 with a free port. The fault tests start, kill and restart them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Replica {
  name: string;
  url: string;
  process: ChildProcess;
  /** Everything it printed (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
  /** SIGTERM, then the exit code (bounded by `timeoutMs`). */
  terminate(timeoutMs?: number): Promise<{ code: number | null; ms: number }>;
}

export interface ReplicaOptions {
  name: string;
  env: Record<string, string>;
  /** Extra arguments after serve.ts (default: --no-ingest). */
  args?: string[];
  /** Wait for /readyz (every worker loaded, store reachable). */
  waitReady?: boolean;
  timeoutMs?: number;
}

export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/serve.ts'), ...(options.args ?? ['--no-ingest'])], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ANSWER_WORKERS: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => {
    output += data.toString();
  });
  child.stderr?.on('data', (data: Buffer) => {
    output += data.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timeoutMs = options.timeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!url) {
    const match = /chat web et API sur (http:\/\/[^\s/]+)\//.exec(output);
    if (match) url = match[1];
    else if (child.exitCode !== null) throw new Error(`replica ${options.name} exited (${child.exitCode}):\n${output}`);
    else if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`replica ${options.name} did not start in time:\n${output}`);
    } else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const replica: Replica = {
    name: options.name,
    url,
    process: child,
    output: () => output,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async terminate(limitMs = 20_000) {
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), limitMs))]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        throw new Error(`replica ${options.name} still running ${limitMs} ms after SIGTERM:\n${output}`);
      }
      return { code, ms: Date.now() - started };
    },
  };
  if (options.waitReady !== false) {
    while (true) {
      const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (ready) break;
      if (child.exitCode !== null) throw new Error(`replica ${options.name} exited (${child.exitCode}):\n${output}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`replica ${options.name} never became ready:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return replica;
}
