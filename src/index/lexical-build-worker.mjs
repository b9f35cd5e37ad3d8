// Entry of the thread that analyses chunks for the postings and the glossary. Plain JavaScript so
// that it loads the TypeScript worker through tsx's API whatever started the process.
import { register } from 'tsx/esm/api';

register();
await import('./lexical-build-worker.ts');
