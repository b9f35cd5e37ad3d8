/**
 * The index on disk is swapped in whole: an ingest killed while it works leaves the previous
 * index usable, its leftovers do not break the next ingest, and an index built by another
 * version of the code is refused with a French message saying how to rebuild it.
 */
import { spawn } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, type Settings } from '../../src/config.js';
import { openAssistant } from '../../src/app/assistant.js';
import { runIngest } from '../../src/app/build-index.js';
import { FILES, readManifest, recoverIndexDir, sealIndex, swapIn, writeIndexFiles } from '../../src/index/index-files.js';
import { IndexMismatchError, loadIndex } from '../../src/index/load-index.js';
import { LexicalIndex } from '../../src/index/lexical-index.js';
import { buildIndexLookups } from '../../src/search/index-lookups.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.join(REPO, 'corpus');
const SMALL = ['prefecture-62-politique-de-la-ville.txt', 'henin-carvin-contributions-partenaires-2024.txt'];
const quiet = { warn: () => {}, info: () => {} };

let root: string;
let smallCorpus: string;

function settingsFor(corpusDir: string, indexDir: string): Settings {
  return loadSettings({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'alinea-atomic-'));
  smallCorpus = path.join(root, 'small-corpus');
  await mkdir(smallCorpus);
  for (const file of SMALL) await copyFile(path.join(CORPUS, file), path.join(smallCorpus, file));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Entries next to the index folder that an interrupted swap or build leaves behind. */
async function leftovers(indexDir: string): Promise<string[]> {
  const base = path.basename(indexDir);
  return (await readdir(path.dirname(indexDir))).filter((entry) => entry.startsWith(`${base}.`));
}

describe('an ingest killed while it works', () => {
  it('leaves the previous index loadable and searchable, and the next ingest succeeds', async () => {
    const indexDir = path.join(root, 'killed', 'index');
    await mkdir(path.dirname(indexDir), { recursive: true });
    const settings = settingsFor(smallCorpus, indexDir);
    const built = await runIngest({ settings, logger: quiet });
    expect(built.failures).toEqual([]);
    const before = await readManifest(indexDir);

    // A corpus large enough that the child is still parsing when it is killed (≈ 1 minute of work).
    const bigCorpus = path.join(root, 'big-corpus');
    await mkdir(bigCorpus);
    const sources = (await readdir(CORPUS)).filter((file) => file.endsWith('.txt'));
    for (let copy = 1; copy <= 14; copy += 1) {
      for (const file of sources) await copyFile(path.join(CORPUS, file), path.join(bigCorpus, `copie-${String(copy).padStart(2, '0')}-${file}`));
    }
    expect((await readdir(bigCorpus)).length).toBeGreaterThanOrEqual(60);

    // A stale staging folder of a dead process: the child's runIngest removes it first thing
    // (recoverIndexDir), which tells this test that module loading is over and the ingest works.
    const deadPid = await new Promise<number>((resolve, reject) => {
      const short = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
      short.on('error', reject);
      short.on('exit', () => resolve(short.pid!));
    });
    const marker = path.join(path.dirname(indexDir), `index.staging-${deadPid}-1`);
    await mkdir(marker);

    // `node --import tsx` rather than `npx tsx`: one process, so SIGKILL leaves no orphan to finish the job.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', '--corpus', bigCorpus, '--index', indexDir, '--no-progress'], {
      cwd: REPO,
      env: { ...process.env, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const started = Date.now();
    while ((await readdir(path.dirname(indexDir))).includes(path.basename(marker))) {
      expect(Date.now() - started, 'the child should start ingesting within 30 s').toBeLessThan(30_000);
      expect(child.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The child now reads and parses the big corpus (about a minute of work): kill it mid-way.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(child.exitCode, 'the child must still be working when it is killed').toBeNull();
    expect(child.kill('SIGKILL')).toBe(true);
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

    // A half-written staging folder of that dead process, as if it had been killed while writing.
    const stale = path.join(path.dirname(indexDir), `index.staging-${child.pid}-${Date.now()}`);
    await mkdir(stale);
    await writeFile(path.join(stale, FILES.chunks), '[{"id":"cass');

    const assistant = await openAssistant(settings, { logger: quiet });
    expect(assistant.chunks).toHaveLength(built.chunks);
    expect(assistant.index.manifest.createdAt).toBe(before?.createdAt);
    const hits = await assistant.search('politique de la ville quartiers prioritaires', { k: 5 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(SMALL).toContain(hit.chunk.file);
    const answer = await assistant.ask('Quels sont les engagements de France Travail ?');
    expect(answer.citations.length).toBeGreaterThan(0);
    // Opening the index already dropped the dead process's staging folder.
    expect(await leftovers(indexDir)).toEqual([]);

    await mkdir(stale);
    const again = await runIngest({ settings, logger: quiet });
    expect(again.failures).toEqual([]);
    expect(again).toMatchObject({ reused: 2, parsed: 0, chunks: built.chunks });
    expect(await leftovers(indexDir)).toEqual([]);
  }, 60_000);
});

describe('recoverIndexDir', () => {
  async function fakeIndex(dir: string, createdAt: string): Promise<void> {
    const built = await readFile(path.join(root, 'killed', 'index', FILES.manifest), 'utf8').catch(() => undefined);
    expect(built, 'the killed-ingest test builds the index copied here').toBeDefined();
    await cp(path.join(root, 'killed', 'index'), dir, { recursive: true });
    const manifest = JSON.parse(built!);
    await writeFile(path.join(dir, FILES.manifest), JSON.stringify({ ...manifest, createdAt }));
  }

  it('restores the previous index when a swap was cut between its two renames', async () => {
    const indexDir = path.join(root, 'cut-swap', 'index');
    await mkdir(path.dirname(indexDir), { recursive: true });
    await fakeIndex(`${indexDir}.previous`, 'ancien');
    // The new folder was being moved in: present but without its manifest.
    await mkdir(indexDir);
    await writeFile(path.join(indexDir, FILES.chunks), '[]');
    await recoverIndexDir(indexDir);
    expect((await readManifest(indexDir))?.createdAt).toBe('ancien');
    expect(await leftovers(indexDir)).toEqual([]);
    const index = await loadIndex(settingsFor(smallCorpus, indexDir), quiet);
    expect(index.chunks.length).toBeGreaterThan(0);
  });

  it('keeps a complete index and the staging folder of a live process', async () => {
    const indexDir = path.join(root, 'live', 'index');
    await mkdir(path.dirname(indexDir), { recursive: true });
    await fakeIndex(indexDir, 'courant');
    const live = `${indexDir}.staging-${process.pid}-1`;
    await mkdir(live);
    await recoverIndexDir(indexDir);
    expect((await readManifest(indexDir))?.createdAt).toBe('courant');
    expect(await leftovers(indexDir)).toEqual([path.basename(live)]);
    await rm(live, { recursive: true });
  });

  it('swapIn replaces the index whole and leaves no backup', async () => {
    const indexDir = path.join(root, 'swap', 'index');
    await mkdir(path.dirname(indexDir), { recursive: true });
    await fakeIndex(indexDir, 'avant');
    const staging = `${indexDir}.staging-${process.pid}-2`;
    await fakeIndex(staging, 'après');
    await swapIn(staging, indexDir);
    expect((await readManifest(indexDir))?.createdAt).toBe('après');
    expect(await leftovers(indexDir)).toEqual([]);
  });

  it('the manifest is written last, by sealIndex: a folder without it is no index', async () => {
    const dir = path.join(root, 'partial', 'index');
    await writeIndexFiles(dir, { chunks: [], documents: [], lexical: LexicalIndex.build([]), glossary: [], lookups: buildIndexLookups([], []), embedderState: null });
    await expect(loadIndex(settingsFor(smallCorpus, dir), quiet)).rejects.toThrow(/Aucun index trouvé.*npm run ingest/);
    const sealed = await sealIndex(dir, { schemaVersion: 0, chunkerVersion: 'x', analyzerVersion: 'x', embedder: { id: 'x', dimension: 1 }, createdAt: 'x', files: {} });
    expect(Object.keys(sealed.checksums ?? {}).sort()).toEqual([FILES.chunks, FILES.documents, FILES.embedder, FILES.glossary, FILES.lexical, FILES.lookups].sort());
    await rm(path.join(dir, FILES.manifest));
    await expect(loadIndex(settingsFor(smallCorpus, dir), quiet)).rejects.toThrow(/Aucun index trouvé.*npm run ingest/);
    // Checksums already worked out (by the threads that wrote their files) are recorded as given;
    // the other files are read and hashed.
    const known = await sealIndex(dir, { ...sealed, checksums: undefined }, new Map([[FILES.chunks, 'donnée']]));
    expect(known.checksums).toEqual({ ...sealed.checksums, [FILES.chunks]: 'donnée' });
  });
});

describe('an index built by another version', () => {
  for (const [field, value, expected] of [
    ['schemaVersion', 1, /format d'index 1/],
    ['chunkerVersion', 'sections-v0', /découpage « sections-v0 »/],
  ] as const) {
    it(`is refused when its manifest has another ${field}, telling to run npm run ingest`, async () => {
      const indexDir = path.join(root, `mismatch-${field}`, 'index');
      await mkdir(path.dirname(indexDir), { recursive: true });
      await cp(path.join(root, 'killed', 'index'), indexDir, { recursive: true });
      const manifest = JSON.parse(await readFile(path.join(indexDir, FILES.manifest), 'utf8'));
      await writeFile(path.join(indexDir, FILES.manifest), JSON.stringify({ ...manifest, [field]: value }));
      const settings = settingsFor(smallCorpus, indexDir);
      const error = await loadIndex(settings, quiet).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(IndexMismatchError);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).toMatch(/construit autrement.*Reconstruisez-le : npm run ingest/);
      await expect(openAssistant(settings, { logger: quiet })).rejects.toThrow(/npm run ingest/);
    });
  }
});
