/** Builds the index when it is missing, built by another version, or behind the corpus. */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../config.js';
import { readManifest, recoverIndexDir } from '../index/index-files.js';
import { incompatibility } from '../index/load-index.js';
import type { EmbedderLogger } from '../index/embeddings/select-embedder.js';
import { listCorpusFiles, runIngest, runIngestInChild, type IngestSummary } from './build-index.js';

/** Builds the index in a child process (the server's way: its thread and memory stay its own). */
export function buildIndexInChild(settings: Settings, logger?: EmbedderLogger): Promise<IngestSummary> {
  return runIngestInChild(settings, logger);
}

/** Why the index must be (re)built, or undefined when it is up to date with the corpus. */
export async function indexStaleness(settings: Settings): Promise<string | undefined> {
  await recoverIndexDir(settings.indexDir);
  const manifest = await readManifest(settings.indexDir);
  if (!manifest) return 'index absent';
  const problem = incompatibility(manifest);
  if (problem) return problem;
  // The files an ingest would read (hidden files, lock files and the catalogue left out).
  const { files } = await listCorpusFiles(settings.corpusDir);
  const known = new Set(Object.keys(manifest.files));
  const hashOf = async (file: string) =>
    createHash('sha256')
      .update(await readFile(path.join(settings.corpusDir, file)))
      .digest('hex');
  for (const file of files) {
    known.delete(file);
    const record = Object.hasOwn(manifest.files, file) ? manifest.files[file] : undefined;
    // A file that failed last time is stale only when it changed; one never seen is new.
    const failed = !record && manifest.failed && Object.hasOwn(manifest.failed, file) ? manifest.failed[file] : undefined;
    const expected = record ?? failed;
    if (!expected) return `${file} est nouveau dans le corpus`;
    const info = await stat(path.join(settings.corpusDir, file));
    if (info.size !== expected.bytes) return `${file} a changé`;
    // A file refused unread (too large) has no hash: its size is what it was refused for.
    if (expected.hash !== '' && (await hashOf(file)) !== expected.hash) return `${file} a changé`;
  }
  if (known.size > 0) return `${[...known][0]} a été retiré du corpus`;
  return undefined;
}

export async function ensureIndex(settings: Settings, logger?: EmbedderLogger): Promise<IngestSummary | undefined> {
  const reason = await indexStaleness(settings);
  if (!reason) return undefined;
  (logger?.info ?? ((message: string) => process.stderr.write(`${message}\n`)))(`Construction de l'index (${reason})…`);
  const summary = await runIngest({ settings, logger });
  // A server building its own index says what it skipped or read approximately, like the CLI.
  const warn = logger?.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  for (const warning of summary.warnings) warn(`Ingestion : ${warning.file} : ${warning.message}`);
  for (const failure of summary.failures) warn(`Ingestion : ${failure.file} ignoré : ${failure.reason}`);
  return summary;
}
