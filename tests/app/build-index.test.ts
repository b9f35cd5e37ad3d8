/**
 * runIngest end to end on a temporary corpus (two corpus .txt copies, a generated PDF and DOCX):
 * summary counts, page spans, incremental re-runs, and bad files reported one line each while
 * the good files are ingested, in process and through the CLI.
 */
import { spawn } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, type Settings } from '../../src/config.js';
import { runIngest, runIngestInChild, type IngestSummary } from '../../src/app/build-index.js';
import { FILES, fileChecksum } from '../../src/index/index-files.js';
import { indexStaleness } from '../../src/app/ensure-index.js';
import { REASONS } from '../../src/ingest/loaders/index.js';
import { loadIndex } from '../../src/index/load-index.js';
import { createAssistant } from '../../src/app/assistant.js';
import { writeDocx, writeEncryptedPdf, writePdfFromText } from '../fixtures/build-fixtures.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.join(REPO, 'corpus');
const TXT_A = 'prefecture-62-politique-de-la-ville.txt';
const TXT_B = 'henin-carvin-contributions-partenaires-2024.txt';
const PDF = 'note-mobilite-2025.pdf';
const DOCX = 'compte-rendu-comite.docx';
const quiet = { warn: () => {}, info: () => {} };

let root: string;

function settingsFor(corpusDir: string, indexDir: string, extra: Record<string, string> = {}): Settings {
  return loadSettings({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent', ...extra });
}

const PDF_PAGES = [
  ['Note sur la mobilité des habitants', '', 'Axe 1 – Se déplacer pour travailler', '', 'Le transport à la demande dessert les quartiers prioritaires.'].join('\n'),
  ['Axe 2 – Les aides financières', '', 'La bourse au permis de conduire est ouverte aux jeunes de 18 à 25 ans.'].join('\n'),
  ['Axe 3 – Le garage solidaire', '', 'Le garage solidaire Zéphyrine répare les véhicules à prix coûtant.'].join('\n'),
];

async function writeGoodCorpus(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await copyFile(path.join(CORPUS, TXT_A), path.join(dir, TXT_A));
  await copyFile(path.join(CORPUS, TXT_B), path.join(dir, TXT_B));
  await writePdfFromText(path.join(dir, PDF), PDF_PAGES, { title: 'Note mobilité 2025' });
  await writeDocx(
    path.join(dir, DOCX),
    [
      { kind: 'heading', level: 1, text: 'Compte rendu du comité de pilotage' },
      { kind: 'paragraph', text: 'Le comité de pilotage du contrat de ville s’est réuni le 3 mars.' },
      { kind: 'heading', level: 2, text: 'Décisions' },
      { kind: 'bullets', items: ['Renforcer l’aide aux devoirs', 'Ouvrir un guichet unique Quetzalie'] },
      {
        kind: 'table',
        rows: [
          ['Action', 'Budget'],
          ['Aide aux devoirs', '12 000 €'],
        ],
      },
    ],
    { title: 'Compte rendu du comité' },
  );
  const catalog = JSON.parse(await readFile(path.join(CORPUS, 'catalog.json'), 'utf8')) as { documents: { file: string }[] };
  const documents = catalog.documents.filter((document) => document.file === TXT_A || document.file === TXT_B);
  documents.push({ file: PDF, title: 'Note sur la mobilité des habitants (2025)', short_title: 'Note mobilité 2025', territory: 'Testville', kind: 'note', date: '2025' } as { file: string });
  await writeFile(path.join(dir, 'catalog.json'), JSON.stringify({ documents }, null, 1));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'alinea-pipeline-'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('runIngest on a mixed corpus, then incrementally', () => {
  let corpus: string;
  let settings: Settings;
  let first: IngestSummary;

  beforeAll(async () => {
    corpus = path.join(root, 'corpus');
    await writeGoodCorpus(corpus);
    settings = settingsFor(corpus, path.join(root, 'index'));
    first = await runIngest({ settings, logger: quiet });
  });

  it('reports files, chunks, pages and time', async () => {
    expect(first.failures).toEqual([]);
    expect(first).toMatchObject({ files: 4, parsed: 4, reused: 0, removed: 0, pages: 3, embedderId: expect.stringMatching(/offline/) });
    expect(first.seconds).toBeGreaterThan(0);
    expect(first.seconds).toBeLessThan(60);
    const index = await loadIndex(settings, quiet);
    expect(index.chunks).toHaveLength(first.chunks);
    const files = new Set(index.chunks.map((chunk) => chunk.file));
    expect([...files].sort()).toEqual([DOCX, TXT_B, PDF, TXT_A].sort());
    expect(Object.keys(index.manifest.files).sort()).toEqual([DOCX, TXT_B, PDF, TXT_A].sort());
    expect(index.manifest.files[PDF]!.pages).toBe(3);
  });

  it('records the checksum of every index file, as read back from the file (those worked out by the threads that wrote them too)', async () => {
    const manifest = JSON.parse(await readFile(path.join(settings.indexDir, FILES.manifest), 'utf8')) as { checksums: Record<string, string> };
    const names = (await readdir(settings.indexDir)).filter((name) => name !== FILES.manifest).sort();
    expect(Object.keys(manifest.checksums).sort()).toEqual(names);
    for (const name of names) expect(manifest.checksums[name], name).toBe(await fileChecksum(path.join(settings.indexDir, name)));
  });

  it('builds the same index files when every file is outlined, chunked and analysed as a stream (large files)', async () => {
    const streamedDir = path.join(root, 'index-streamed');
    const streamed = await runIngest({ settings: settingsFor(corpus, streamedDir), logger: quiet, streamFromBytes: 0 });
    expect(streamed).toMatchObject({ files: first.files, parsed: first.parsed, chunks: first.chunks, pages: first.pages, failures: [] });
    const names = (await readdir(settings.indexDir)).filter((name) => name !== FILES.manifest).sort();
    expect((await readdir(streamedDir)).filter((name) => name !== FILES.manifest).sort()).toEqual(names);
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect((await readFile(path.join(streamedDir, name))).equals(await readFile(path.join(settings.indexDir, name))), name).toBe(true);
    const manifest = async (dir: string) => JSON.parse(await readFile(path.join(dir, FILES.manifest), 'utf8')) as { files: unknown };
    expect((await manifest(streamedDir)).files).toEqual((await manifest(settings.indexDir)).files);
  });

  it('builds the same index in a child process (the server’s way), reporting the same summary', async () => {
    const childSettings = settingsFor(corpus, path.join(root, 'index-child'));
    const summary = await runIngestInChild(childSettings, quiet);
    expect(summary).toMatchObject({ files: first.files, parsed: first.parsed, chunks: first.chunks, pages: first.pages, failures: [], embedderId: first.embedderId });
    expect(Object.keys(summary.stages)).toContain('vectorIndex');
    for (const file of [FILES.chunks, FILES.lexical, FILES.glossary, 'vectors.hnsw']) {
      expect((await readFile(path.join(childSettings.indexDir, file))).equals(await readFile(path.join(settings.indexDir, file))), file).toBe(true);
    }
    await expect(runIngestInChild(settingsFor(path.join(root, 'no-such-corpus'), path.join(root, 'index-none')), quiet)).rejects.toThrow(
      /Construction de l'index interrompue.*Dossier du corpus introuvable/,
    );
  });

  it('PDF chunks carry their pages; catalogue and embedded titles describe the documents', async () => {
    const index = await loadIndex(settings, quiet);
    const pdfChunks = index.chunks.filter((chunk) => chunk.file === PDF);
    expect(pdfChunks.length).toBeGreaterThan(0);
    for (const chunk of pdfChunks) {
      expect(chunk.pageStart).toBeGreaterThanOrEqual(1);
      expect(chunk.pageEnd).toBeLessThanOrEqual(3);
    }
    const garage = pdfChunks.find((chunk) => chunk.text.includes('Zéphyrine'));
    expect(garage?.pageStart).toBe(3);
    expect(index.chunks.filter((chunk) => chunk.file !== PDF).every((chunk) => chunk.pageStart === undefined)).toBe(true);
    const meta = new Map(index.documents.map((document) => [document.file, document]));
    expect(meta.get(PDF)?.territory).toBe('Testville');
    expect(meta.get(TXT_A)?.short_title).toBe('Politique de la ville dans le Pas-de-Calais (Préfecture)');
    // Not in the catalogue: the DOCX is named by its embedded title.
    expect(meta.get(DOCX)?.title).toBe('Compte rendu du comité');
    const docxText = index.chunks
      .filter((chunk) => chunk.file === DOCX)
      .map((chunk) => chunk.text)
      .join('\n');
    expect(docxText).toContain('Quetzalie');
  });

  it('a second run reuses unchanged files, re-parses a modified one, drops a removed one', async () => {
    const second = await runIngest({ settings, logger: quiet });
    expect(second).toMatchObject({ files: 4, parsed: 0, reused: 4, removed: 0, pages: 3, chunks: first.chunks });
    expect(second.failures).toEqual([]);

    await appendFile(path.join(corpus, TXT_A), '\n\nAjout pour le test\n\nLe dispositif Brontosaurine accompagne les associations de quartier.\n');
    await rm(path.join(corpus, DOCX));
    const third = await runIngest({ settings, logger: quiet });
    expect(third).toMatchObject({ files: 3, parsed: 1, reused: 2, removed: 1, pages: 3 });
    expect(third.failures).toEqual([]);

    const index = await loadIndex(settings, quiet);
    expect(index.chunks).toHaveLength(third.chunks);
    expect(index.chunks.some((chunk) => chunk.file === DOCX)).toBe(false);
    expect(index.documents.some((document) => document.file === DOCX)).toBe(false);
    expect(index.manifest.files[DOCX]).toBeUndefined();
    expect(index.chunks.filter((chunk) => chunk.text.includes('Brontosaurine')).map((chunk) => chunk.file)).toEqual([TXT_A]);
    // The rebuilt lexical index finds the new words: the modified file was really re-read.
    const hits = await createAssistant(index).search('Brontosaurine', { k: 3 });
    expect(hits[0]?.chunk.file).toBe(TXT_A);
    expect(await readdir(root)).not.toContain(expect.stringMatching(/\.staging-|\.previous$/));
  });
});

describe('ingest warnings', () => {
  it('a file with one invalid UTF-8 byte is ingested as UTF-8 and reported, also when reused', async () => {
    const corpus = path.join(root, 'mixed-encoding');
    await mkdir(corpus, { recursive: true });
    await copyFile(path.join(CORPUS, TXT_A), path.join(corpus, TXT_A));
    const bytes = Buffer.concat([
      Buffer.from('Note sur l’Éléphant\n\nLe centre social Éléphant accueille les habitants ', 'utf8'),
      Buffer.from([0x92]),
      Buffer.from(' du quartier prioritaire.\n', 'utf8'),
    ]);
    await writeFile(path.join(corpus, 'note-elephant.txt'), bytes);
    const settings = settingsFor(corpus, path.join(root, 'mixed-encoding-index'));
    const summary = await runIngest({ settings, logger: quiet });
    expect(summary.failures).toEqual([]);
    expect(summary.warnings).toEqual([{ file: 'note-elephant.txt', message: expect.stringMatching(/UTF-8.*1 octet invalide.*ligne 3/) }]);
    const index = await loadIndex(settings, quiet);
    const text = index.chunks
      .filter((chunk) => chunk.file === 'note-elephant.txt')
      .map((chunk) => chunk.text)
      .join('\n');
    expect(text).toContain('Le centre social Éléphant accueille');
    expect(text).not.toContain('Ã');

    const again = await runIngest({ settings, logger: quiet });
    expect(again.reused).toBe(2);
    expect(again.warnings).toEqual(summary.warnings);
  });
});

describe('catalogue', () => {
  const catalogCorpus = async (name: string, catalog: string | undefined) => {
    const corpus = path.join(root, name);
    await mkdir(corpus, { recursive: true });
    await copyFile(path.join(CORPUS, TXT_A), path.join(corpus, TXT_A));
    await copyFile(path.join(CORPUS, TXT_B), path.join(corpus, TXT_B));
    if (catalog !== undefined) await writeFile(path.join(corpus, 'catalog.json'), catalog);
    return settingsFor(corpus, path.join(root, `${name}-index`));
  };
  const titleOf = async (settings: Settings, file: string) => (await loadIndex(settings, quiet)).documents.find((document) => document.file === file)?.title;

  it('a malformed catalog.json is reported in French (file, line) and the corpus is ingested with default metadata', async () => {
    const settings = await catalogCorpus('bad-catalog', '{ "documents": [\n  { "file": ');
    const summary = await runIngest({ settings, logger: quiet });
    expect(summary.failures).toEqual([]);
    expect(summary.parsed).toBe(2);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]!.file).toBe('catalog.json');
    expect(summary.warnings[0]!.message).toMatch(/^catalogue ignoré : JSON mal formé \(ligne 2/);
    expect(summary.warnings[0]!.message).not.toMatch(/Unexpected|Expected|JSON input/);
    // The title derived from the file name, not the catalogue's.
    expect(await titleOf(settings, TXT_A)).toBe('prefecture 62 politique de la ville');
  });

  it('one bad entry is skipped and named; the other entries still describe their documents', async () => {
    const catalog = { documents: [{ file: TXT_A }, { file: TXT_B, title: 'Contributions des partenaires (Hénin-Carvin)', date: 2024 }, { file: 'autre.pdf', title: 'Autre' }] };
    const settings = await catalogCorpus('bad-entry-catalog', JSON.stringify(catalog));
    const summary = await runIngest({ settings, logger: quiet });
    expect(summary.failures).toEqual([]);
    expect(summary.warnings.map((warning) => warning.file)).toEqual(['catalog.json', 'catalog.json']);
    expect(summary.warnings[0]!.message).toBe(`entrée 1 (« ${TXT_A} ») ignorée : champ « title » manquant`);
    expect(summary.warnings[1]!.message).toBe(`entrée 2 (« ${TXT_B} ») ignorée : champ « date » : texte attendu`);
    expect(await titleOf(settings, TXT_A)).toBe('prefecture 62 politique de la ville');
    expect(await titleOf(settings, TXT_B)).toBe('henin carvin contributions partenaires 2024');
  });

  it('a catalogue of the wrong shape, or one that cannot be read, is reported and ignored', async () => {
    const wrongShape = await catalogCorpus('shape-catalog', JSON.stringify({ docs: [] }));
    const shape = await runIngest({ settings: wrongShape, logger: quiet });
    expect(shape.parsed).toBe(2);
    expect(shape.warnings).toEqual([{ file: 'catalog.json', message: 'catalogue ignoré : une liste « documents » est attendue' }]);

    const unreadable = await catalogCorpus('dir-catalog', undefined);
    await mkdir(path.join(unreadable.corpusDir, 'catalog.json'));
    const dir = await runIngest({ settings: unreadable, logger: quiet });
    expect(dir.parsed).toBe(2);
    expect(dir.warnings).toEqual([{ file: 'catalog.json', message: expect.stringMatching(/^catalogue ignoré : illisible/) }]);
  });
});

describe('file names that are not UTF-8', () => {
  it('are reported in French and skipped while the rest is ingested; the index stays up to date', async () => {
    const corpus = path.join(root, 'latin1-names');
    await mkdir(corpus, { recursive: true });
    await copyFile(path.join(CORPUS, TXT_A), path.join(corpus, TXT_A));
    // « réunion-quartier.txt » written by a Windows-1252 tool: é is the single byte 0xE9.
    const rawName = Buffer.concat([Buffer.from(corpus), Buffer.from('/r'), Buffer.from([0xe9]), Buffer.from('union-quartier.txt')]);
    await writeFile(rawName, 'Compte rendu de la réunion de quartier du 3 mars.\n');
    const settings = settingsFor(corpus, path.join(root, 'latin1-names-index'));
    const summary = await runIngest({ settings, logger: quiet });
    expect(summary.files).toBe(2);
    expect(summary.parsed).toBe(1);
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]!.file).toBe('réunion-quartier.txt');
    expect(summary.failures[0]!.reason).toMatch(/^nom de fichier qui n’est pas en UTF-8/);
    expect(summary.failures[0]!.reason).not.toMatch(/ENOENT|erreur inattendue/);
    expect(await indexStaleness(settings)).toBeUndefined();
  });
});

describe('bad input', () => {
  const BAD: Record<string, RegExp> = {
    'corrompu.pdf': new RegExp(`^${REASONS.pdfCorrupt}$`),
    'protege.pdf': new RegExp(`^${REASONS.pdfPassword}$`),
    'vide.pdf': /^PDF sans texte extractible/,
    'binaire.txt': new RegExp(`^${REASONS.binaryText}$`),
    'tableau.xlsx': /^format non pris en charge \(\.xlsx\)/,
    'enorme.pdf': /^fichier trop volumineux \(5 Mo, maximum 1 Mo\)$/,
  };
  let corpus: string;

  beforeAll(async () => {
    corpus = path.join(root, 'bad-corpus');
    await mkdir(corpus, { recursive: true });
    await copyFile(path.join(CORPUS, TXT_A), path.join(corpus, TXT_A));
    await writePdfFromText(path.join(corpus, PDF), PDF_PAGES);
    // A real PDF cut in the middle: the header is right, the body is not.
    const whole = path.join(root, 'whole.pdf');
    await writePdfFromText(whole, PDF_PAGES);
    const bytes = await readFile(whole);
    await writeFile(path.join(corpus, 'corrompu.pdf'), bytes.subarray(0, Math.floor(bytes.length / 3)));
    await writeEncryptedPdf(path.join(corpus, 'protege.pdf'));
    await writePdfFromText(path.join(corpus, 'vide.pdf'), ['', '']);
    await writeFile(path.join(corpus, 'binaire.txt'), Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 37) % 256)));
    await writeFile(path.join(corpus, 'tableau.xlsx'), Buffer.from('PK\u0003\u0004 pas un vrai classeur'));
    // Never content, never failures: hidden files and folders, Word lock files.
    await writeFile(path.join(corpus, '.DS_Store'), Buffer.from([0, 1, 2, 3]));
    await writeFile(path.join(corpus, '~$compte-rendu.docx'), Buffer.from('verrou Word'));
    await mkdir(path.join(corpus, '.git'));
    await writeFile(path.join(corpus, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    // Sparse: 5 MB on paper, nothing on disk; the limit is set to 1 MB below.
    const handle = await open(path.join(corpus, 'enorme.pdf'), 'w');
    await handle.truncate(5 * 1024 * 1024);
    await handle.close();
  });

  /** Two good files parsed, one failure line per bad file with its reason, and only the good files indexed. */
  const expectBadFilesReported = async (settings: Parameters<typeof runIngest>[0]['settings'], summary: Awaited<ReturnType<typeof runIngest>>) => {
    expect(summary.parsed).toBe(2);
    expect(summary.failures.map((failure) => failure.file).sort()).toEqual(Object.keys(BAD).sort());
    for (const failure of summary.failures) expect(failure.reason, failure.file).toMatch(BAD[failure.file]!);
    const index = await loadIndex(settings, quiet);
    expect([...new Set(index.chunks.map((chunk) => chunk.file))].sort()).toEqual([PDF, TXT_A].sort());
    expect(summary.chunks).toBe(index.chunks.length);
  };

  it('each bad file gives exactly one failure line while the good files are ingested', async () => {
    const settings = settingsFor(corpus, path.join(root, 'bad-index'), { MAX_FILE_MB: '1' });
    const summary = await runIngest({ settings, logger: quiet });
    expect(summary.files).toBe(8);
    await expectBadFilesReported(settings, summary);
    expect(summary.pages).toBe(3);

    // The failed files are remembered as they were: unchanged, they do not make the index stale
    // (no rebuild at every start); changed, or a new file beside them, they do.
    expect(await indexStaleness(settings)).toBeUndefined();
    await writeFile(path.join(corpus, 'binaire.txt'), Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 41) % 256)));
    expect(await indexStaleness(settings)).toBe('binaire.txt a changé');
    await runIngest({ settings, logger: quiet });
    expect(await indexStaleness(settings)).toBeUndefined();
    await writeFile(path.join(corpus, 'nouveau.txt'), 'Un document ajouté au corpus après la construction de l’index.\n');
    expect(await indexStaleness(settings)).toBe('nouveau.txt est nouveau dans le corpus');
    await rm(path.join(corpus, 'nouveau.txt'));
  });

  it('streamed, each bad file still gives exactly one failure line while the good files are ingested', async () => {
    const settings = settingsFor(corpus, path.join(root, 'bad-index-streamed'), { MAX_FILE_MB: '1' });
    const summary = await runIngest({ settings, logger: quiet, streamFromBytes: 0 });
    await expectBadFilesReported(settings, summary);
  });

  it('the CLI exits with code 1 and prints one « ✗ file : reason » line per bad file', async () => {
    const indexDir = path.join(root, 'cli-index');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('npx', ['tsx', 'src/cli/ingest.ts', '--corpus', corpus, '--index', indexDir, '--no-progress'], {
        cwd: REPO,
        env: { ...process.env, EMBEDDING_MODEL: 'offline', MAX_FILE_MB: '1', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
    expect(result.code, result.stderr).toBe(1);
    const failureLines = result.stderr.split('\n').filter((line) => line.startsWith('✗ '));
    expect(failureLines).toHaveLength(Object.keys(BAD).length);
    for (const [file, reason] of Object.entries(BAD)) {
      const line = failureLines.filter((candidate) => candidate.startsWith(`✗ ${file} : `));
      expect(line, file).toHaveLength(1);
      expect(line[0]!.slice(`✗ ${file} : `.length)).toMatch(reason);
    }
    expect(result.stdout).toMatch(/Index prêt .*8 fichiers \(2 analysés/);
    expect(result.stdout).toContain('6 échec(s)');
    const index = await loadIndex(settingsFor(corpus, indexDir), quiet);
    expect(new Set(index.chunks.map((chunk) => chunk.file))).toEqual(new Set([PDF, TXT_A]));
  });
});
