/**
 * One answering worker thread of the pool (answer-pool.ts), at a lower CPU priority set by its entry
 * (answer-worker.mjs: ANSWER_WORKER_NICE, this thread only): loads the index once, read-only, then answers `ask`
 * calls. It tells the pool when it is loaded, and at which niceness, so `/readyz` can say so.
 */
import { type MessagePort, parentPort, threadId, workerData } from 'node:worker_threads';
import type { Settings } from '../config.js';
import type { Answer, AskContext } from '../core/answer.js';
import { createLlmComposer } from '../answer/llm-composer.js';
import { openAssistant } from './assistant.js';
import { currentThreadTid, type ThreadPriority, threadNiceness } from './thread-priority.js';

export const WORKER_LOADED = 'alinea:answer-worker-loaded';

export interface AskTask {
  question: string;
  context: Omit<AskContext, 'onToken'>;
  /** Where streamed texts go (the caller's onToken), then `null` once answered. */
  tokens?: MessagePort;
}

const { settings } = workerData as { settings: Settings };
// The entry (answer-worker.mjs) lowered this thread's priority before loading anything.
const priority: ThreadPriority = (globalThis as { alineaWorkerPriority?: ThreadPriority }).alineaWorkerPriority ?? { tid: currentThreadTid(), nice: threadNiceness() };
const logger = {
  warn: (message: string) => process.stderr.write(`${message}\n`),
  info: () => undefined,
};
const assistant = await openAssistant(settings, { logger, llm: createLlmComposer(settings, logger) });
// Loaded means able to answer at once: the vectors attached (a damaged vector file fails the start, as before).
await assistant.ready;
parentPort?.postMessage({ type: WORKER_LOADED, threadId, chunks: assistant.chunks.length, priority });

export default async function ask(task: AskTask): Promise<Answer> {
  const port = task.tokens;
  if (!port) return assistant.ask(task.question, task.context);
  try {
    return await assistant.ask(task.question, { ...task.context, onToken: (text) => port.postMessage(text) });
  } finally {
    port.postMessage(null);
    port.close();
  }
}
