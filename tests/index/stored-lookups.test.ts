/**
 * What an index stores so that loading it builds nothing from its chunks (format 8): the glossary
 * in binary (`glossary.bin`) with its acronym and long-form look-ups, and the look-ups of files,
 * numbered sections and document names (`lookups.bin`). Each must answer exactly as what it
 * replaces — the glossary's `Map`, the look-ups made from every chunk at load — and a damaged or
 * mismatched file is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { DocumentTree } from '../../src/answer/compose/document-tree.js';
import type { GlossaryEntry } from '../../src/core/types.js';
import { BundleFormatError, decodeStrings, encodeStrings } from '../../src/index/binary-bundle.js';
import { decodeGlossary, encodeGlossary, StoredGlossary } from '../../src/index/glossary-file.js';
import { glossaryIndex, longFormsByFirstWord } from '../../src/index/glossary-index.js';
import { decodeLookups, encodeLookups } from '../../src/index/lookup-file.js';
import { expandQuery } from '../../src/query/query-understanding.js';
import { HybridRetriever } from '../../src/search/hybrid-retriever.js';
import { buildIndexLookups } from '../../src/search/index-lookups.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const join = (parts: Buffer[]) => {
  const joined = Buffer.concat(parts);
  // At offset 0 of memory of its own, as a file read whole is.
  const copy = Buffer.alloc(joined.length);
  joined.copy(copy);
  return copy;
};

/** A small deterministic generator (the same cases on every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('string tables', () => {
  const perString = (bytes: Uint8Array, offsets: Uint32Array) => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Array.from({ length: offsets.length - 1 }, (_, index) => buffer.toString('utf8', offsets[index], offsets[index + 1]));
  };

  it('decodes ASCII and non-ASCII tables (accents, emoji, empty strings) as written', () => {
    const next = random(7);
    const alphabet = ['a', 'z', '0', ' ', '#', 'é', 'Œ', '’', '«', '😀', '𝔸', '\u00a0'];
    for (const asciiOnly of [true, false]) {
      const strings = Array.from({ length: 300 }, () => {
        const length = Math.floor(next() * 12);
        return Array.from({ length }, () => alphabet[Math.floor(next() * (asciiOnly ? 5 : alphabet.length))]).join('');
      });
      const { bytes, offsets } = encodeStrings(strings);
      expect(decodeStrings(bytes, offsets, 'test')).toEqual(strings);
    }
  });

  it('decodes a damaged table (a character cut between two strings, a stray byte) as string-by-string decoding does', () => {
    for (const [bytes, offsets] of [
      [
        [0xc3, 0xa9, 0x41],
        [0, 1, 3],
      ],
      [
        [0x82, 0x41, 0x42],
        [0, 1, 3],
      ],
      [
        [0xe2, 0x82, 0x41],
        [0, 2, 3],
      ],
      [
        [0x41, 0xf0, 0x9f, 0x98],
        [0, 1, 4],
      ],
    ] as const) {
      const table = Uint8Array.from(bytes);
      const starts = Uint32Array.from(offsets);
      expect(decodeStrings(table, starts, 'test')).toEqual(perString(table, starts));
    }
  });

  it('refuses offsets outside the bytes', () => {
    expect(() => decodeStrings(Uint8Array.from([0x41]), Uint32Array.from([0, 2]), 'test')).toThrow(BundleFormatError);
  });
});

/** Entries as the miner makes them: acronyms in several spellings, several long forms, implicit ones. */
function generatedEntries(count: number, seed: number): GlossaryEntry[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const letters = ['Q', 'P', 'V', 'É', 'C', 'A', 'R', 'S'];
  const words = ['quartiers', 'prioritaires', 'politique', 'ville', 'contrat', 'équipe', 'réussite', 'éducative', 'Agence', 'emploi'];
  return Array.from({ length: count }, (_, index) => {
    const length = 2 + Math.floor(next() * 3);
    const acronym = Array.from({ length }, () => pick(letters)).join('');
    const term = next() < 0.2 ? acronym.toLowerCase() : acronym;
    const expansion = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick(words)).join(next() < 0.3 ? '-' : ' ');
    const entry: GlossaryEntry = { term, expansion, chunkId: `doc-${index % 7}.txt#${index}`, count: 1 + Math.floor(next() * 5) };
    if (next() < 0.5) entry.implicit = true;
    return entry;
  });
}

describe('glossary.bin', () => {
  const entries = generatedEntries(400, 11);
  const stored = decodeGlossary(join(encodeGlossary(entries)));
  const map = glossaryIndex(entries);

  it('gives back every entry in order', () => {
    expect(stored.entries()).toEqual(entries);
  });

  it('finds the best entry of each folded acronym as the glossary’s map does, and nothing else', () => {
    expect(map.size).toBeGreaterThan(50);
    expect(map.size).toBeLessThan(entries.length);
    for (const [key, entry] of map) {
      expect(stored.get(key)).toEqual(entry);
      expect(stored.has(key)).toBe(true);
    }
    for (const missing of ['', 'zz', 'qpvx', 'QPV']) {
      expect(stored.get(missing)).toBe(map.get(missing));
      expect(stored.has(missing)).toBe(map.has(missing));
    }
    expect([...stored.values()]).toEqual([...map.values()]);
  });

  it('looks long forms up by first word as the map’s entries give them', () => {
    const best = [...map.values()];
    const expected = longFormsByFirstWord(best);
    expect(expected.size).toBeGreaterThan(3);
    for (const [word, positions] of expected) {
      expect(Array.from(stored.longForms.positions(word) ?? [])).toEqual(positions);
      for (const position of positions) expect(stored.longForms.entry(position)).toEqual(best[position]);
    }
    expect(stored.longForms.positions('absent')).toBeUndefined();
  });

  it('expands questions as the map does', () => {
    for (const question of ['Combien de QPV ?', 'les quartiers prioritaires de la ville', 'qpv et CRA', 'la politique de la ville et l’équipe de réussite éducative', 'Agence emploi']) {
      expect(expandQuery(question, stored)).toEqual(expandQuery(question, map));
    }
  });

  it('refuses a truncated file and an entry pointing to a string it does not hold', () => {
    const data = join(encodeGlossary(entries));
    expect(() => decodeGlossary(data.subarray(0, data.length - 100))).toThrow(BundleFormatError);
    const damaged = join(encodeGlossary(entries));
    const bundle = decodeGlossary(damaged);
    expect(bundle).toBeInstanceOf(StoredGlossary);
    // The first entry's term id, in place: past the string table.
    const header = damaged.readUInt32LE(8);
    const meta = JSON.parse(damaged.toString('utf8', 12, 12 + header)) as { arrays: { name: string; offset: number }[] };
    const dataStart = Math.ceil((12 + header) / 8) * 8;
    const termArray = meta.arrays.find((array) => array.name === 'entryTerm')!;
    damaged.writeUInt32LE(0xfffffff0, dataStart + termArray.offset);
    expect(() => decodeGlossary(damaged)).toThrow(/glossaire : chaîne \d+ absente/);
  });
});

describe('lookups.bin on the bundled corpus', () => {
  let assistant: LoadedAssistant;

  beforeAll(async () => {
    assistant = await getTestAssistant();
  });

  it('holds what the chunks and documents give when read at load', () => {
    const { index } = assistant;
    expect(index.lookups).toBeDefined();
    const made = buildIndexLookups(index.chunks, index.documents);
    expect(index.lookups).toEqual(made);
    expect(made.files.length).toBe(index.documents.length);
    expect(made.referenceKeys).toContain('objectif 18');
    expect(made.fileChunks.length).toBe(index.chunks.length);
  });

  it('round-trips, and is refused for another index’s chunks or documents', () => {
    const { index } = assistant;
    const data = join(encodeLookups(index.lookups!));
    expect(decodeLookups(data, index.chunks.length, index.documents.length)).toEqual(index.lookups);
    expect(() => decodeLookups(data, index.chunks.length - 1, index.documents.length)).toThrow(BundleFormatError);
    expect(() => decodeLookups(data, index.chunks.length + 1, index.documents.length)).toThrow(/passages rangés par fichier/);
    expect(() => decodeLookups(data, index.chunks.length, index.documents.length + 1)).toThrow(/documents : tableaux de tailles différentes/);
    expect(() => decodeLookups(data.subarray(0, data.length - 8), index.chunks.length, index.documents.length)).toThrow(BundleFormatError);
  });

  it('a retriever over the stored look-ups and glossary parses and searches as one that makes them from the chunks', async () => {
    const { index } = assistant;
    await assistant.ready;
    const glossary = index.glossary as StoredGlossary;
    expect(glossary).toBeInstanceOf(StoredGlossary);
    const stored = new HybridRetriever(index);
    // Another list of the same documents, so nothing made for the stored one is reused.
    const made = new HybridRetriever({ ...index, documents: [...index.documents], lookups: undefined, glossary: glossaryIndex(glossary.entries()) });
    const questions = [
      "Quels dispositifs pour l'objectif #18 ?",
      "Que prévoit l'objectif 40 ?",
      'Que dit la convention Bassin minier sur la mobilité ?',
      "Qu'est-ce que la CABBALR finance pour les QPV ?",
      'Combien de quartiers prioritaires de la politique de la ville à Hénin-Carvin ?',
      'Le contrat de ville de Lens-Liévin prévoit-il un budget ?',
      'Qui touche le RSA ?',
    ];
    for (const question of questions) {
      const parsed = stored.parse(question);
      expect(parsed, question).toEqual(made.parse(question));
      const hits = await stored.search(parsed, { k: 8 });
      expect(hits.length, question).toBeGreaterThan(0);
      expect(
        hits.map((hit) => [hit.chunk.id, hit.score]),
        question,
      ).toEqual((await made.search(made.parse(question), { k: 8 })).map((hit) => [hit.chunk.id, hit.score]));
    }
    const file = index.documents[0]!.file;
    const filtered = await stored.search('mobilité emploi', { k: 5, filters: { file } });
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((hit) => hit.chunk.file === file)).toBe(true);
    expect(filtered).toEqual(await made.search('mobilité emploi', { k: 5, filters: { file } }));
    expect(stored.isMissingSection('objectif 40')).toBe(true);
    expect(stored.isMissingSection('objectif 18')).toBe(false);
    expect(stored.hasSectionIn('objectif 18', new Set(index.documents.map((document) => document.file)))).toBe(true);
  });

  it('a document tree given each file’s chunks by the look-ups has the outline of one grouping every chunk', () => {
    const { index } = assistant;
    const stored = new HybridRetriever(index);
    const byFile = new DocumentTree(index.chunks, { files: stored.lookups.files, chunksOf: (file) => Array.from(stored.chunkIndexesOf(file), (position) => index.chunks[position]!) });
    const whole = new DocumentTree(index.chunks);
    const outline = (tree: DocumentTree) => tree.allNodes().map((node) => [node.key, node.chunks.map((chunk) => chunk.id), node.children.map((child) => child.key)]);
    expect(outline(byFile)).toEqual(outline(whole));
    for (const chunk of [index.chunks[0]!, index.chunks.at(-1)!, index.chunks[Math.floor(index.chunks.length / 2)]!]) {
      expect(byFile.chunkById(chunk.id)).toBe(chunk);
      expect(byFile.chunksOfFile(chunk.file)).toEqual(whole.chunksOfFile(chunk.file));
    }
    expect(byFile.chunkById('absent.txt#3')).toBeUndefined();
  });
});
