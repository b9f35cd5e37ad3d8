// Entry of an answering worker thread. Plain JavaScript so that it loads the TypeScript worker
// through tsx's API whatever started the process (tsx, node --import tsx, vitest).
import { register } from 'tsx/esm/api';

register();
const worker = await import('./answer-worker.ts');
export default worker.default;
