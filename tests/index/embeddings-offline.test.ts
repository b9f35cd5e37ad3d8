import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrequencyTable, OFFLINE_EMBEDDER_ID, OfflineEmbeddings } from '../../src/index/embeddings/offline-embeddings.js';

const dot = (a: number[], b: number[]): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (v: number[]): number => Math.sqrt(dot(v, v));
const cosine = (a: number[], b: number[]): number => dot(a, b) / (norm(a) * norm(b));

const PASSAGES = [
  'Favoriser la mobilité des habitants des quartiers prioritaires : transports en commun, permis de conduire, vélo.',
  "L'insertion professionnelle des jeunes et l'accès à l'emploi dans les quartiers de la politique de la ville.",
  'Le nouveau programme de renouvellement urbain (NPNRU) prévoit la démolition et la reconstruction de logements sociaux.',
  'La santé mentale et l’accès aux soins des familles en situation de précarité.',
  'La prévention de la délinquance et la tranquillité publique dans les résidences.',
  "L'égalité entre les femmes et les hommes et la lutte contre les discriminations.",
];

/**
 * Fits one embedder keeping its passages and one not, on the same passages; checks they fit
 * alike and that each kept passage embeds exactly as its text does. Returns the keeping one.
 */
function expectKeptEmbedsAsText(passages: string[], dimension: number): OfflineEmbeddings {
  const kept = new OfflineEmbeddings({ dimension }).beginFit({ keepPassages: true });
  const plain = new OfflineEmbeddings({ dimension }).beginFit();
  for (const passage of passages) {
    kept.observe(passage);
    plain.observe(passage);
  }
  kept.endFit();
  plain.endFit();
  expect(kept.toJSON()).toEqual(plain.toJSON());
  expect(kept.observedPassages).toBe(passages.length);
  for (const [index, passage] of passages.entries()) {
    const fromWords = new Float32Array(dimension);
    const fromText = new Float32Array(dimension);
    kept.embedObservedInto(index, fromWords);
    plain.embedInto(passage, fromText);
    expect(fromWords).toEqual(fromText);
  }
  return kept;
}

describe('OfflineEmbeddings', () => {
  it('is deterministic and L2-normalised, with the announced dimension', async () => {
    const a = new OfflineEmbeddings();
    const b = new OfflineEmbeddings();
    expect(a.id).toBe(OFFLINE_EMBEDDER_ID);
    expect(a.dimension).toBe(1024);
    const first = (await a.embedDocuments([PASSAGES[0]!]))[0]!;
    expect(first).toHaveLength(1024);
    expect(norm(first)).toBeCloseTo(1, 10);
    expect(await b.embedQuery(PASSAGES[0]!)).toEqual(first);
    expect(new OfflineEmbeddings({ dimension: 256 }).embedOne('ville')).toHaveLength(256);
    // Nothing to hash: a zero vector rather than NaN.
    expect(a.embedOne('  ... ').every((x) => x === 0)).toBe(true);
  });

  it('ignores accents, case and typographic apostrophes (foldText)', () => {
    const embedder = new OfflineEmbeddings().fit(PASSAGES);
    expect(cosine(embedder.embedOne('mobilité'), embedder.embedOne('mobilite'))).toBeGreaterThan(0.95);
    expect(cosine(embedder.embedOne('Égalité Femmes-Hommes'), embedder.embedOne('egalite femmes-hommes'))).toBeGreaterThan(0.95);
    expect(cosine(embedder.embedOne('l’accès aux soins'), embedder.embedOne("l'acces aux soins"))).toBeGreaterThan(0.95);
  });

  it('tolerates inflection and OCR-like noise', () => {
    const embedder = new OfflineEmbeddings().fit(PASSAGES);
    const reference = embedder.embedOne('renouvellement urbain');
    expect(cosine(reference, embedder.embedOne('renouvelement urbains'))).toBeGreaterThan(0.5);
    expect(cosine(reference, embedder.embedOne('santé mentale'))).toBeLessThan(0.2);
  });

  it('puts related texts closer than unrelated ones', () => {
    for (const embedder of [new OfflineEmbeddings(), new OfflineEmbeddings().fit(PASSAGES)]) {
      const vectors = embedder.embedSync(PASSAGES);
      const rank = (query: string): number => {
        const q = embedder.embedOne(query);
        return vectors.map((v, i) => [cosine(q, v), i] as const).sort((x, y) => y[0] - x[0])[0]![1];
      };
      expect(rank('mobilite et transports des habitants'), String(embedder.fitted)).toBe(0);
      expect(rank('emploi des jeunes')).toBe(1);
      expect(rank('renouvellement urbain et logements')).toBe(2);
      expect(rank('sante mentale')).toBe(3);
      expect(rank('delinquance')).toBe(4);
      expect(rank('discrimination femmes hommes')).toBe(5);
      const query = embedder.embedOne("l'emploi et l'insertion des jeunes");
      expect(cosine(query, vectors[1]!)).toBeGreaterThan(cosine(query, vectors[3]!) + 0.1);
    }
  });

  it('lets IDF lower words found everywhere', () => {
    const passages = ['la ville de Lens', 'la ville de Liévin', 'la ville de Carvin', 'la ville de Hénin'];
    const plain = new OfflineEmbeddings();
    const fitted = new OfflineEmbeddings().fit(passages);
    const similarity = (embedder: OfflineEmbeddings): number => cosine(embedder.embedOne('la ville de Lens'), embedder.embedOne('la ville de Carvin'));
    expect(fitted.fitted).toBe(true);
    expect(plain.fitted).toBe(false);
    expect(similarity(fitted)).toBeLessThan(similarity(plain));
  });

  it('round-trips its IDF state through toJSON/fromJSON', () => {
    const embedder = new OfflineEmbeddings({ dimension: 512 }).fit(PASSAGES);
    const state = JSON.parse(JSON.stringify(embedder.toJSON()));
    expect(state).toMatchObject({ id: OFFLINE_EMBEDDER_ID, dimension: 512, minN: 3, maxN: 5, documents: PASSAGES.length });
    const restored = OfflineEmbeddings.fromJSON(state);
    expect(restored.dimension).toBe(512);
    expect(restored.fitted).toBe(true);
    for (const text of [...PASSAGES, 'une question jamais vue sur la mobilité']) {
      expect(restored.embedOne(text)).toEqual(embedder.embedOne(text));
    }
    expect(restored.embedOne(PASSAGES[0]!)).not.toEqual(new OfflineEmbeddings({ dimension: 512 }).embedOne(PASSAGES[0]!));
    expect(() => OfflineEmbeddings.fromJSON({ ...state, id: 'other' })).toThrow(/Unsupported/);
  });

  // Its speed is measured by `npm run bench` (ingest phase), not asserted here.
  it('embeds the whole corpus: one finite, normalised vector per chunk', () => {
    const corpusDir = path.resolve('corpus');
    const files = fs.readdirSync(corpusDir).filter((file) => file.endsWith('.txt'));
    expect(files.length).toBeGreaterThan(0);
    const text = files.map((file) => fs.readFileSync(path.join(corpusDir, file), 'utf8')).join('\n');
    const chunks: string[] = [];
    for (let start = 0; start < text.length; start += 800) chunks.push(text.slice(start, start + 800));
    const embedder = new OfflineEmbeddings().fit(chunks);
    const vectors = embedder.embedSync(chunks);
    expect(vectors).toHaveLength(chunks.length);
    for (const vector of vectors) {
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 3);
    }
  });

  it('embeds passages kept while fitting exactly as it embeds their text, and fits them alike', () => {
    // Generated passages: words drawn from a small vocabulary (so words repeat within and across
    // passages), with accents, elisions, digits and punctuation.
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const vocabulary = ['la', 'ville', 'Mobilité', "l'emploi", 'QPV', '2024', 'élèves', 'a', 'œuvre', 'politique', 'x', 'Hénin-Beaumont', '« santé »', 'km²', 'b2'];
    const passages = Array.from({ length: 300 }, () =>
      Array.from({ length: Math.floor(random() * 40) }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(random() < 0.5 ? ' ' : ', '),
    );
    const kept = expectKeptEmbedsAsText(passages, 128);
    kept.endEmbedding();
    expect(() => kept.embedObservedInto(0, new Float32Array(128))).toThrow(RangeError);
  });

  it('embeds kept passages as their text when word ids take several bytes and passages fill several blocks', () => {
    let seed = 11;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    // 20,000 distinct words: ids past 2^7 and 2^14 take two and three bytes.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = (n: number) => `m${letters[n % 26]}${letters[Math.floor(n / 26) % 26]}${letters[Math.floor(n / 676) % 26]}`;
    const introduce = Array.from({ length: 20_000 }, (_, n) => word(n)).join(' ');
    const pick = (count: number) => Array.from({ length: count }, () => word(Math.floor(random() ** 2 * 20_000))).join(' ');
    // Blocks of 4 KiB: passages fill several, and some are longer than a block on their own.
    const passages = [introduce, ...Array.from({ length: 60 }, () => pick(Math.floor(random() * 2_000))), pick(5_000), pick(30)];
    const kept = new OfflineEmbeddings({ dimension: 64 }).beginFit({ keepPassages: true, blockBytes: 4096 });
    const plain = new OfflineEmbeddings({ dimension: 64 }).beginFit();
    for (const passage of passages) {
      kept.observe(passage);
      plain.observe(passage);
    }
    kept.endFit();
    plain.endFit();
    for (const [index, passage] of passages.entries()) {
      const fromWords = new Float32Array(64);
      const fromText = new Float32Array(64);
      kept.embedObservedInto(index, fromWords);
      plain.embedInto(passage, fromText);
      expect(fromWords).toEqual(fromText);
    }
  });

  it('embeds kept passages as their text when a word is long enough to grow the keys of a word', () => {
    // A word of 100 letters has 1 + 3 × 100 features or so: more than the first buffer of keys.
    const long = 'abcdefghij'.repeat(10);
    const passages = ['la ville', `un mot ${long} dans la ville`, `${long}x et ${long}`, 'objectif emploi'];
    expectKeptEmbedsAsText(passages, 64);
  });

  it('counts document frequencies in its table as a Map would, growing past its first capacity', () => {
    const table = new FrequencyTable();
    const reference = new Map<number, number>();
    let key = 1;
    for (let i = 0; i < 20_000; i += 1) {
      // High keys (above 2^31) and colliding low bits.
      key = (Math.imul(key, 2654435761) + (i % 7 === 0 ? 0 : 1)) >>> 0;
      const k = i % 3 === 0 ? (key & 0xff) << 20 : key;
      table.increment(k);
      reference.set(k, (reference.get(k) ?? 0) + 1);
    }
    expect(table.size).toBe(reference.size);
    for (const [k, count] of reference) expect(table.get(k)).toBe(count);
    expect(table.get(123456789)).toBe(reference.get(123456789));
    const { keys, values } = table.sorted();
    const expected = [...reference.keys()].sort((a, b) => a - b);
    expect([...keys]).toEqual(expected);
    expect([...values]).toEqual(expected.map((k) => reference.get(k)));
    const copy = FrequencyTable.from(keys, values);
    for (const [k, count] of reference) expect(copy.get(k)).toBe(count);
  });
});
