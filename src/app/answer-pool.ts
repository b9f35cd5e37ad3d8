/**
 * Answers off the event loop: a pool of worker threads (piscina), each holding the loaded index
 * and answering `ask` calls, so the HTTP server, Slack acknowledgements and health checks never
 * wait behind an answer. Sized to the cores by default (ANSWER_WORKERS).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Settings } from '../config.js';
import type { Answer, AskContext } from '../core/answer.js';
import type { AskTask } from './answer-worker.js';
import type { ThreadPriority } from './thread-priority.js';

const WORKER_ENTRY = new URL('./answer-worker.mjs', import.meta.url).href;
/** Must match WORKER_LOADED in answer-worker.ts (not imported: that module loads the index). */
const WORKER_LOADED = 'alinea:answer-worker-loaded';
/** Questions waiting for a free worker beyond this are refused rather than piling up in memory. */
const MAX_QUEUE = 5_000;

export interface PoolStatus {
  size: number;
  loaded: number;
  /** Questions waiting for a worker. */
  queued: number;
  /** Why a worker could not load, if one failed. */
  error?: string;
  /**
   * Each loaded worker thread's kernel id and niceness, read from /proc by the thread itself
   * (ANSWER_WORKER_NICE; Linux only, empty fields elsewhere).
   */
  threads: ThreadPriority[];
}

export interface AnswerPool {
  ask(question: string, context?: AskContext): Promise<Answer>;
  status(): PoolStatus;
  /** Resolves once every worker has loaded the index; rejects if one fails to. */
  loaded(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One worker per core but one: the main thread keeps a core for acknowledgements, health checks
 * and the inbox (measured on 2 cores: a second worker made the burst slower, not faster).
 */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

export function createAnswerPool(settings: Settings, size = settings.ANSWER_WORKERS ?? defaultPoolSize()): AnswerPool {
  const pool = new Piscina<AskTask, Answer>({
    filename: WORKER_ENTRY,
    minThreads: size,
    maxThreads: size,
    idleTimeout: Number.POSITIVE_INFINITY,
    maxQueue: MAX_QUEUE,
    // Each worker lowers its own priority (thread-priority.ts): when cores are short, the main
    // thread's acknowledgements, health checks and deliveries get the CPU first.
    workerData: { settings },
  });
  const loadedThreads = new Map<number, ThreadPriority>();
  let failure: string | undefined;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const allLoaded = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Nobody may be waiting yet: an unobserved rejection must not end the process.
  allLoaded.catch(() => undefined);

  pool.on('message', (message: { type?: string; threadId?: number; priority?: ThreadPriority }) => {
    if (message?.type !== WORKER_LOADED || typeof message.threadId !== 'number') return;
    loadedThreads.set(message.threadId, message.priority ?? {});
    if (loadedThreads.size >= size) settle?.resolve();
  });
  pool.on('workerDestroy', (worker: { threadId?: number }) => {
    if (typeof worker?.threadId === 'number') loadedThreads.delete(worker.threadId);
  });
  pool.on('error', (error: Error) => {
    failure = error.message;
    settle?.reject(error);
  });

  return {
    async ask(question, context = {}) {
      const { onToken, ...rest } = context;
      if (!onToken) return pool.run({ question, context: rest });
      // Functions do not cross threads: the worker posts each streamed text on a port of its own,
      // then `null` once done. Messages of one port keep their order, so waiting for `null` means
      // no text arrives after the answer.
      const { port1, port2 } = new MessageChannel();
      const drained = new Promise<void>((resolve) => {
        port1.on('message', (text: unknown) => {
          if (text === null) resolve();
          else if (typeof text === 'string') {
            try {
              onToken(text);
            } catch {
              // A surface's display problem must not cost the answer.
            }
          }
        });
      });
      try {
        const answer = await pool.run({ question, context: rest, tokens: port2 }, { transferList: [port2] });
        await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
        return answer;
      } finally {
        port1.close();
      }
    },
    status: () => ({ size, loaded: loadedThreads.size, queued: pool.queueSize, ...(failure ? { error: failure } : {}), threads: [...loadedThreads.values()] }),
    loaded: () => allLoaded,
    async close() {
      await pool.close({ force: false }).catch(() => pool.destroy());
    },
  };
}
