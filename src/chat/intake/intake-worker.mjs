// Entry of the intake thread (INTAKE_PORT: Slack events and Teams activities). Plain JavaScript so that it loads the TypeScript
// listener through tsx's API whatever started the process (tsx, node --import tsx, vitest).
import { register } from 'tsx/esm/api';

register();
await import('./intake-listener.ts');
