/**
 * The bundled corpus indexed once per test file, in a temporary folder of the run's own (runs in
 * two worktrees at once must not build into each other's), for replicas started with --no-ingest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureIndex } from '../../src/app/ensure-index.js';
import { loadSettings } from '../../src/config.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BundledIndex {
  /** The index folder, built on first call. */
  dir(): Promise<string>;
  /** Removes the folder (call from afterAll). */
  remove(): Promise<void>;
}

export function bundledIndex(prefix: string): BundledIndex {
  let built: Promise<string> | undefined;
  return {
    dir() {
      built ??= (async () => {
        const dir = path.join(await mkdtemp(path.join(os.tmpdir(), `alinea-${prefix}-index-`)), 'index');
        await ensureIndex(loadSettings({ CORPUS_DIR: path.join(repoRoot, 'corpus'), INDEX_DIR: dir, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' }), { warn: () => {}, info: () => {} });
        return dir;
      })();
      return built;
    },
    async remove() {
      const dir = await built?.catch(() => undefined);
      if (dir) await rm(path.dirname(dir), { recursive: true, force: true });
    },
  };
}
