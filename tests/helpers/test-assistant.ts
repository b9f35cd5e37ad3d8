/**
 * The real core over the bundled corpus, for end-to-end tests. The index is built once into a
 * temporary folder shared by the test files of a run (rebuilt only when the corpus changes).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings, type Settings } from '../../src/config.js';
import { openAssistant, type LoadedAssistant } from '../../src/app/assistant.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** One index per checkout: two worktrees of other versions must not rebuild each other's index mid-run. */
const checkout = createHash('sha256').update(repoRoot).digest('hex').slice(0, 8);

export function testSettings(overrides: Record<string, string> = {}): Settings {
  return loadSettings({
    CORPUS_DIR: path.join(repoRoot, 'corpus'),
    INDEX_DIR: path.join(os.tmpdir(), `alinea-test-index-${process.getuid?.() ?? 'user'}-${checkout}`),
    EMBEDDING_MODEL: 'offline',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

let cached: Promise<LoadedAssistant> | undefined;

export function getTestAssistant(): Promise<LoadedAssistant> {
  cached ??= openAssistant(testSettings(), { ensureIndex: true, logger: { warn: () => {}, info: () => {} } });
  return cached;
}
