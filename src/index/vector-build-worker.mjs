// Entry of the vector-index build thread. Plain JavaScript so that it loads the TypeScript worker
// through tsx's API whatever started the process (tsx, node --import tsx, vitest).
import { register } from 'tsx/esm/api';

register();
await import('./vector-build-worker.ts');
