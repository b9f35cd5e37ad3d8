// Entry of an answering worker thread. Plain JavaScript so that it loads the TypeScript worker
// through tsx's API whatever started the process (tsx, node --import tsx, vitest).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
// The thread lowers its priority first (ANSWER_WORKER_NICE), so that loading the modules and the
// index (seconds of CPU, also when a rebuilt index replaces the workers) yields to the main thread.
const { lowerThreadPriority } = await import('./thread-priority.ts');
globalThis.alineaWorkerPriority = lowerThreadPriority(workerData.settings.ANSWER_WORKER_NICE);
const worker = await import('./answer-worker.ts');
export default worker.default;
