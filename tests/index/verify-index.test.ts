/**
 * The index as a build artifact: `npm run ingest` seals it (manifest with the building release and
 * a checksum per file); a replica that must not build (`--no-ingest`) checks it and refuses, in one
 * French line, an index that is missing, tampered with, or built by another release.
 */
import { execFile } from 'node:child_process';
import { appendFile, copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/app/build-index.js';
import { loadSettings } from '../../src/config.js';
import { APP_VERSION } from '../../src/core/versions.js';
import { FILES, readManifest } from '../../src/index/index-files.js';
import { verifyIndex } from '../../src/index/verify-index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

let root: string;
let built: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'alinea-artifact-'));
  const corpus = path.join(root, 'corpus');
  await mkdir(corpus);
  await copyFile(path.join(REPO, 'corpus', 'prefecture-62-politique-de-la-ville.txt'), path.join(corpus, 'prefecture-62-politique-de-la-ville.txt'));
  built = path.join(root, 'index');
  await runIngest({ settings: loadSettings({ CORPUS_DIR: corpus, INDEX_DIR: built, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' }) });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function copyOf(name: string): Promise<string> {
  const dir = path.join(root, name);
  await cp(built, dir, { recursive: true });
  return dir;
}

describe('the index artifact', () => {
  it('records the release that built it and a checksum of every file', async () => {
    const manifest = await readManifest(built);
    expect(manifest?.builtBy).toEqual({ app: 'alinea', version: APP_VERSION });
    expect(Object.keys(manifest?.checksums ?? {})).toEqual(expect.arrayContaining([FILES.chunks, FILES.lexical, FILES.documents, 'vectors.hnsw']));
    expect(await verifyIndex(built)).toBeUndefined();
  });

  it('refuses a tampered file', async () => {
    const dir = await copyOf('tampered');
    await appendFile(path.join(dir, FILES.chunks), ' ');
    expect(await verifyIndex(dir)).toBe(`L'index de ${dir} est altéré (${FILES.chunks} ne correspond pas à sa somme de contrôle) : reconstruisez-le avec « npm run ingest ».`);
  });

  it('refuses an index built by another release', async () => {
    const dir = await copyOf('other-release');
    const manifest = JSON.parse(await readFile(path.join(dir, FILES.manifest), 'utf8'));
    manifest.builtBy.version = '0.0.1-ancienne';
    await writeFile(path.join(dir, FILES.manifest), JSON.stringify(manifest));
    const problem = await verifyIndex(dir);
    expect(problem).toMatch(/^L'index de .* vient d'une autre version d'Alinéa \(construit par Alinéa 0\.0\.1-ancienne, ce serveur est la version .*\) : reconstruisez-le avec « npm run ingest »\.$/);
    expect(problem).not.toContain('\n');
  });

  it('`npm start -- --no-ingest` exits with that one line and never rebuilds', async () => {
    const dir = await copyOf('replica-refuses');
    const manifest = JSON.parse(await readFile(path.join(dir, FILES.manifest), 'utf8'));
    manifest.builtBy.version = '0.0.1-ancienne';
    await writeFile(path.join(dir, FILES.manifest), JSON.stringify(manifest));
    const failure = await run(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli/serve.ts'), '--no-ingest'], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', INDEX_DIR: dir, PORT: '0', STORE_FILE: path.join(root, 'refuse.sqlite'), LOG_LEVEL: 'silent' },
      timeout: 60_000,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^L'index de .* vient d'une autre version d'Alinéa .* npm run ingest/)]);
    // Not rebuilt: the manifest is still the refused one.
    expect((await readManifest(dir))?.builtBy?.version).toBe('0.0.1-ancienne');
  }, 90_000);
});
