/**
 * The index's binary files (`chunks.bin`, `lexical.bin`) give back exactly what was written, and
 * a damaged file is refused with a French message naming it and saying what to run — never read
 * past its end or half-loaded.
 */
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant } from '../../src/app/assistant.js';
import { runIngest } from '../../src/app/build-index.js';
import { loadSettings } from '../../src/config.js';
import type { Chunk } from '../../src/core/types.js';
import { BundleFormatError, decodeBundle } from '../../src/index/binary-bundle.js';
import { ChunkFileWriter, decodeChunks, encodeChunks, openChunkFile } from '../../src/index/chunk-file.js';
import { FILES, IndexCorruptError } from '../../src/index/index-files.js';
import { LexicalIndex, LexicalIndexBuilder } from '../../src/index/lexical-index.js';
import { loadIndex } from '../../src/index/load-index.js';
import { analyze } from '../../src/lang/fr/analyzer.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const quiet = { warn: () => {}, info: () => {} };
const join = (parts: Buffer[]) => Buffer.concat(parts);
/** A copy at offset 0 of its own memory, so views decoded from it edit it in place. */
const own = (parts: Buffer[]) => {
  const joined = join(parts);
  const copy = Buffer.alloc(joined.length);
  joined.copy(copy);
  return copy;
};

const CHUNKS: Chunk[] = [
  {
    id: 'contrat.txt#0',
    file: 'contrat.txt',
    breadcrumb: ['Enjeu #1', 'Objectif #18'],
    headings: ['Enjeu #1 : Cohésion sociale', 'Objectif #18 : Lever les freins à la mobilité'],
    sectionId: 'contrat.txt::4',
    kind: 'list',
    text: 'Objectif #18 : Lever les freins à la mobilité\n- Pass’Mobil’Agglo « CABBALR »\n- Œuvre éducative 😀',
    headingLines: 1,
    lineStart: 12,
    lineEnd: 15,
  },
  {
    id: 'contrat.txt#1',
    file: 'contrat.txt',
    breadcrumb: ['Enjeu #1', 'Objectif #18'],
    headings: ['Enjeu #1 : Cohésion sociale', 'Objectif #18 : Lever les freins à la mobilité'],
    sectionId: 'contrat.txt::4',
    kind: 'text',
    text: 'Le transport à la demande dessert les quartiers.',
    lineStart: 16,
    lineEnd: 16,
  },
  {
    id: 'note.pdf#7',
    file: 'note.pdf',
    breadcrumb: [],
    headings: [],
    sectionId: 'note.pdf::0',
    kind: 'table',
    text: 'Action ; Budget\nAide aux devoirs ; 12 000 €',
    lineStart: 1,
    lineEnd: 2,
    pageStart: 3,
    pageEnd: 4,
  },
];

describe('chunks.bin', () => {
  it('round-trips every field, optional ones only when present, and shares a section’s path', () => {
    const decoded = decodeChunks(join(encodeChunks(CHUNKS)));
    // JSON sees the chunker's objects: the same fields in the same order, the text in its place.
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(CHUNKS));
    // Every field reads back, the text (decoded when first read) included; absent optional fields read undefined.
    for (const [index, chunk] of CHUNKS.entries()) {
      for (const [field, value] of Object.entries(chunk)) expect(decoded[index]![field as keyof typeof chunk]).toEqual(value);
      for (const field of ['headingLines', 'pageStart', 'pageEnd'] as const) if (!(field in chunk)) expect(decoded[index]![field]).toBeUndefined();
    }
    expect(decoded.map((chunk) => JSON.parse(JSON.stringify(chunk)))).toEqual(CHUNKS);
    // A text set before it is read replaces it.
    const fresh = decodeChunks(join(encodeChunks(CHUNKS)));
    fresh[0]!.text = 'remplacé';
    expect(fresh[0]!.text).toBe('remplacé');
    expect(fresh[1]!.text).toBe(CHUNKS[1]!.text);
    // One breadcrumb array per section node, frozen so no chunk edits another's.
    expect(decoded[1]!.breadcrumb).toBe(decoded[0]!.breadcrumb);
    expect(Object.isFrozen(decoded[0]!.headings)).toBe(true);
    expect(decodeChunks(join(encodeChunks([])))).toEqual([]);
  });

  it('written a file at a time (ChunkFileWriter), round-trips texts and labels that fill several blocks', () => {
    // 6 MB of texts (blocks of 4 MiB) and 1.5 MB of distinct labels (blocks of 1 MiB), two-byte characters included.
    const chunks: Chunk[] = Array.from({ length: 600 }, (_, index) => {
      const file = `dossier/fichier-${index % 7}.txt`;
      const section = Math.floor(index / 3);
      return {
        id: `${file}#${index}`,
        file,
        breadcrumb: [`Partie ${section % 5}`, `Section ${section} ${'é’'.repeat(600)}`],
        headings: [`Section ${section} : ${'intitulé '.repeat(40)}`],
        sectionId: `${file}::${section}`,
        kind: index % 2 === 0 ? 'text' : 'list',
        text: `Passage ${index} ${'œuvre « contrat » '.repeat(index % 2 === 0 ? 1000 : 10)}😀`,
        ...(index % 3 === 0 ? { headingLines: 1 } : {}),
        lineStart: index,
        lineEnd: index + 1,
      };
    });
    const writer = new ChunkFileWriter();
    for (let start = 0; start < chunks.length; start += 97) writer.add(chunks.slice(start, start + 97));
    expect(writer.count).toBe(chunks.length);
    const written = join(writer.finish());
    // Compared as one string: the same fields in the same order, every text and label in its place.
    expect(JSON.stringify(decodeChunks(written)) === JSON.stringify(chunks)).toBe(true);
    expect(written.equals(join(encodeChunks(chunks)))).toBe(true);
  });

  it('refuses ids it could not rebuild and fields it cannot store', () => {
    expect(() => encodeChunks([{ ...CHUNKS[0]!, id: 'autre#0' }])).toThrow(/not contrat\.txt#<ordinal>/);
    expect(() => encodeChunks([{ ...CHUNKS[0]!, lineStart: -1 }])).toThrow(/lineStart/);
    expect(() => encodeChunks([{ ...CHUNKS[0]!, headingLines: 0 }])).toThrow(/headingLines/);
  });

  it('refuses a truncated file, another kind of file and garbage, in French', () => {
    const data = join(encodeChunks(CHUNKS));
    expect(() => decodeChunks(data.subarray(0, data.length - 10))).toThrow(/tronqué/);
    expect(() => decodeChunks(Buffer.from('[{"id":"cass'))).toThrow(/pas un fichier d’index binaire/);
    expect(() => decodeChunks(join(LexicalIndex.build([]).encode()))).toThrow(/contient « alinea-lexical », attendu « alinea-chunks »/);
    for (const error of [() => decodeChunks(Buffer.alloc(3)), () => decodeChunks(data.subarray(0, 40))]) expect(error).toThrow(BundleFormatError);
  });

  it('opened from its file, reads each text there when first asked, even once the file is replaced on disk', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'alinea-chunks-'));
    try {
      const file = path.join(dir, 'chunks.bin');
      await writeFile(file, join(encodeChunks(CHUNKS)));
      const opened = openChunkFile(file);
      expect(opened.map((chunk) => chunk.id)).toEqual(CHUNKS.map((chunk) => chunk.id));
      // A rebuilt index swapped in: the old file is gone, the open store still reads its texts.
      await rm(file);
      await writeFile(file, 'autre chose');
      expect(JSON.stringify(opened)).toBe(JSON.stringify(CHUNKS));
      expect(() => openChunkFile(file)).toThrow(BundleFormatError);
      await writeFile(file, join(encodeChunks(CHUNKS)).subarray(0, 200));
      expect(() => openChunkFile(file)).toThrow(/tronqué/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses, when it is opened, a chunk pointing to a section or a string the file does not hold', () => {
    const data = own(encodeChunks(CHUNKS));
    (decodeBundle(data, 'alinea-chunks', 1).arrays.get('chunkNode') as Uint32Array)[1] = 7;
    expect(() => decodeChunks(data)).toThrow(/passage 1 : section ou nature inconnue/);
    const other = own(encodeChunks(CHUNKS));
    (decodeBundle(other, 'alinea-chunks', 1).arrays.get('breadcrumbItems') as Uint32Array)[0] = 999;
    expect(() => decodeChunks(other)).toThrow(/chaîne 999 absente/);
  });

  it('refuses offsets that point outside the texts (a flipped byte in an offset table)', () => {
    const data = own(encodeChunks(CHUNKS));
    const offsets = decodeBundle(data, 'alinea-chunks', 1).arrays.get('textOffsets') as Uint32Array;
    offsets[offsets.length - 1]! += 1000;
    expect(() => decodeChunks(data)).toThrow(/textes : index incohérent/);
  });
});

describe('lexical.bin', () => {
  const documents = [
    { bodyTerms: analyze('La méthode Faire Cité part des habitants.'), headingTerms: analyze('Pour tous les projets') },
    { bodyTerms: analyze('Les habitants du quartier de la Cité des Oiseaux, les habitants.'), headingTerms: [] },
    { bodyTerms: analyze('Faire ensemble : une charte.'), headingTerms: analyze('Cité éducative Cité') },
    { bodyTerms: ['__proto__', 'constructor'], headingTerms: ['__proto__'] },
  ];

  it('answers exactly as the index it was written from (scores, coverage, vocabulary look-ups)', () => {
    const built = LexicalIndex.build(documents);
    const read = LexicalIndex.decode(join(built.encode()));
    const fromJson = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(built.toJSON())));
    const query = [...analyze('habitants de la Cité éducative'), '__proto__'].map((term, index) => ({ term, weight: index === 0 ? 1 : 0.5 }));
    for (const index of [read, fromJson]) {
      expect(index.size).toBe(built.size);
      const a = built.scoreAll(query);
      const b = index.scoreAll(query);
      expect([...b.scores]).toEqual([...a.scores]);
      expect([...b.coverage]).toEqual([...a.coverage]);
      expect(index.search(query, 3)).toEqual(built.search(query, 3));
      expect(index.termsWithPrefix('hab')).toEqual(built.termsWithPrefix('hab'));
      expect(index.termsWithinOneEdit('habitnt')).toEqual(built.termsWithinOneEdit('habitnt'));
      expect(index.documentsWithAll(analyze('habitants Cité')).sort()).toEqual([0, 1]);
      expect(index.documentFrequency('__proto__')).toBe(1);
      expect(index.documentFrequency('constructo')).toBe(0);
      expect(index.toJSON()).toEqual(built.toJSON());
    }
  });

  it('is the same whether documents are added one at a time or built at once', () => {
    const builder = new LexicalIndexBuilder();
    for (const document of documents) builder.add(document);
    expect(join(builder.finish().encode()).equals(join(LexicalIndex.build(documents).encode()))).toBe(true);
  });

  it('refuses a truncated file and postings naming a passage that does not exist', () => {
    const data = join(LexicalIndex.build(documents).encode());
    expect(() => LexicalIndex.decode(data.subarray(0, data.length - 4))).toThrow(/tronqué/);
    const altered = own([data]);
    const docs = decodeBundle(altered, 'alinea-lexical', 1).arrays.get('docs') as Uint32Array;
    docs[0] = 99;
    expect(() => LexicalIndex.decode(altered)).toThrow(/postings : passage inconnu/);
  });
});

describe('an index folder with a damaged file', () => {
  let root: string;
  let built: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'alinea-binary-'));
    const corpus = path.join(root, 'corpus');
    await cp(path.join(REPO, 'corpus', 'prefecture-62-politique-de-la-ville.txt'), path.join(corpus, 'prefecture-62-politique-de-la-ville.txt'));
    built = path.join(root, 'index');
    await runIngest({ settings: loadSettings({ CORPUS_DIR: corpus, INDEX_DIR: built, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' }), logger: quiet });
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  const open = (dir: string) => loadIndex(loadSettings({ CORPUS_DIR: path.join(root, 'corpus'), INDEX_DIR: dir, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent', AUTO_INGEST: 'false' }), quiet);

  it('loads the intact index', async () => {
    const index = await open(built);
    expect(index.chunks.length).toBeGreaterThan(10);
    expect(index.lexical.size).toBe(index.chunks.length);
    expect(index.vectors?.size).toBe(index.chunks.length);
  });

  for (const [file, damage, expected] of [
    [FILES.chunks, 'truncated', /chunks\.bin : tronqué/],
    [FILES.lexical, 'truncated', /lexical\.bin : tronqué/],
    [FILES.chunks, 'replaced', /chunks\.bin : ce n’est pas un fichier d’index binaire d’Alinéa/],
    [FILES.lexical, 'swapped', /lexical\.bin : contient « alinea-chunks »/],
    [FILES.glossary, 'truncated', /glossary\.bin : tronqué/],
    [FILES.lookups, 'truncated', /lookups\.bin : (en-tête )?tronqué/],
    [FILES.lookups, 'swapped', /lookups\.bin : contient « alinea-chunks »/],
    ['vectors.hnsw', 'truncated', /vectors\.hnsw/],
  ] as const) {
    it(`refuses it when ${file} is ${damage}, in French, saying to run npm run ingest`, async () => {
      const dir = path.join(root, `${file}-${damage}`);
      await cp(built, dir, { recursive: true });
      const target = path.join(dir, file);
      if (damage === 'truncated') await truncate(target, Math.floor((await readFile(target)).length / 2));
      if (damage === 'replaced') await writeFile(target, '[{"id":"cass');
      if (damage === 'swapped') await cp(path.join(dir, FILES.chunks), target);
      const error = await open(dir).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(IndexCorruptError);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).toMatch(/^L'index de .* est altéré \(.*\) : reconstruisez-le avec « npm run ingest »\.$/);
    });
  }

  it('an assistant opened while its vectors are read refuses a damaged vector file through `ready`, `ask` and `search`', async () => {
    const dir = path.join(root, 'vectors-late');
    await cp(built, dir, { recursive: true });
    const target = path.join(dir, 'vectors.hnsw');
    await truncate(target, Math.floor((await readFile(target)).length / 2));
    const settings = loadSettings({ CORPUS_DIR: path.join(root, 'corpus'), INDEX_DIR: dir, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent', AUTO_INGEST: 'false' });
    const assistant = await openAssistant(settings, { logger: quiet });
    for (const pending of [() => assistant.ready, () => assistant.ask('Qui pilote le dispositif ?'), () => assistant.search('dispositif')]) {
      await expect(pending()).rejects.toThrow(/^L'index de .* est altéré \(vectors\.hnsw : .*\) : reconstruisez-le avec « npm run ingest »\.$/);
    }
    await assistant.warmed;
  });

  it('an assistant answers only once its vectors are attached (every hit has a dense score when one exists)', async () => {
    const settings = loadSettings({ CORPUS_DIR: path.join(root, 'corpus'), INDEX_DIR: built, EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent', AUTO_INGEST: 'false' });
    const assistant = await openAssistant(settings, { logger: quiet, warmUp: false });
    // Asked at once, before `ready`: the search waits for the vectors instead of running lexically.
    const hits = await assistant.search('politique de la ville', { k: 5 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => hit.scores.dense !== undefined)).toBe(true);
    expect(assistant.index.vectors?.size).toBe(assistant.chunks.length);
  });
});
