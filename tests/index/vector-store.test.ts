import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineEmbeddings } from '../../src/index/embeddings/offline-embeddings.js';
import { QUANTIZED_VECTORS_FILE, QuantizedVectors, QuantizedVectorsWriter } from '../../src/index/quantized-vectors.js';
import { VectorIndexBuild } from '../../src/index/vector-build.js';
import {
  EXACT_SCAN_LIMIT,
  FULL_VECTORS_FILE,
  graphDimensionFor,
  projectVector,
  QUANTIZED_SCAN_LIMIT,
  RERANK_CANDIDATES,
  RERANK_KEPT,
  SHARD_GRAPH_DIMENSION,
  SHARD_SIZE,
  shardCapacity,
  shardCount,
  shardFile,
  shardOf,
  VECTOR_INDEX_FILE,
  VECTOR_META_FILE,
  VectorStore,
  VectorStoreBuilder,
  VectorStoreError,
} from '../../src/index/vector-store.js';

const DIM = 24;
const COUNT = 400;

/** Deterministic pseudo-random vectors (mulberry32), so failures reproduce. */
function randomVectors(count: number, dim: number, seed: number): number[][] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => Array.from({ length: dim }, next));
}

const cosine = (a: number[], b: number[]): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
};

function bruteForce(vectors: number[][], query: number[], k: number, keep: (i: number) => boolean = () => true): number[] {
  return vectors
    .map((v, i) => [cosine(query, v), i] as const)
    .filter(([, i]) => keep(i))
    .sort((x, y) => y[0] - x[0])
    .slice(0, k)
    .map(([, i]) => i);
}

const vectors = randomVectors(COUNT, DIM, 7);
const ids = vectors.map((_, i) => `chunk-${i}`);
const queries = randomVectors(20, DIM, 99);
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alinea-vectors-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('VectorStore', () => {
  it('finds each stored vector first, with cosine similarity 1', () => {
    const store = VectorStore.build(vectors, ids);
    expect(store.size).toBe(COUNT);
    expect(store.dimension).toBe(DIM);
    for (const i of [0, 17, 123, COUNT - 1]) {
      const best = store.search(vectors[i]!, 3)[0]!;
      expect(best.index).toBe(i);
      expect(best.id).toBe(`chunk-${i}`);
      expect(best.similarity).toBeCloseTo(1, 5);
      expect(best.distance).toBeCloseTo(0, 5);
    }
  });

  it('agrees with an exact search (recall@10 >= 0.9) and sorts by similarity', () => {
    const store = VectorStore.build(vectors, ids);
    let found = 0;
    for (const query of queries) {
      const hits = store.search(query, 10);
      expect(hits).toHaveLength(10);
      for (let i = 1; i < hits.length; i += 1) expect(hits[i - 1]!.similarity).toBeGreaterThanOrEqual(hits[i]!.similarity);
      expect(hits[0]!.similarity).toBeCloseTo(cosine(query, vectors[hits[0]!.index]!), 4);
      const exact = new Set(bruteForce(vectors, query, 10));
      found += hits.filter((hit) => exact.has(hit.index)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.9);
  });

  it('returns the same neighbours after save and load', async () => {
    const store = VectorStore.build(vectors, ids);
    const dir = path.join(tmp, 'saved');
    await store.save(dir);
    expect(fs.existsSync(path.join(dir, VECTOR_INDEX_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dir, VECTOR_META_FILE))).toBe(true);
    const loaded = await VectorStore.load(dir, DIM, ids);
    expect(loaded.ids).toEqual(ids);
    for (const query of queries) {
      const before = store.search(query, 8);
      const after = loaded.search(query, 8);
      expect(after.map((hit) => hit.id)).toEqual(before.map((hit) => hit.id));
      after.forEach((hit, i) => expect(hit.distance).toBeCloseTo(before[i]!.distance, 6));
    }
    await expect(VectorStore.load(dir, DIM + 1, ids)).rejects.toThrow(VectorStoreError);
    await expect(VectorStore.load(path.join(tmp, 'nothing-here'), DIM, ids)).rejects.toThrow(VectorStoreError);
    // The ids name the stored points: another count is another index.
    await expect(VectorStore.load(dir, DIM, ids.slice(1))).rejects.toThrow(/points/);
  });

  it('filters, both broadly (hnswlib filtered search) and selectively (exact scan)', async () => {
    const dir = path.join(tmp, 'filtered');
    await VectorStore.build(vectors, ids).save(dir);
    const store = await VectorStore.load(dir, DIM, ids);
    // 300 of 400 entries kept: more than EXACT_SCAN_LIMIT, so hnswlib's own filtered search answers.
    const broad = (index: number): boolean => index % 4 !== 0;
    expect(vectors.filter((_, i) => broad(i)).length).toBeGreaterThan(EXACT_SCAN_LIMIT);
    for (const query of queries.slice(0, 5)) {
      const hits = store.search(query, 10, (index) => broad(index));
      expect(hits).toHaveLength(10);
      expect(hits.every((hit) => broad(hit.index))).toBe(true);
      const exact = new Set(bruteForce(vectors, query, 10, broad));
      expect(hits.filter((hit) => exact.has(hit.index)).length).toBeGreaterThanOrEqual(8);
    }
    // Told which entries can pass, the store asks the filter about those only: same hits.
    const candidates = vectors.map((_, i) => i).filter((i) => i % 2 === 1);
    const odd = (index: number) => index % 2 === 1 && broad(index);
    for (const query of queries.slice(0, 5)) expect(store.search(query, 10, odd, candidates)).toEqual(store.search(query, 10, odd));
    const few = new Set(['chunk-5', 'chunk-250', 'chunk-399']);
    const query = queries[0]!;
    const hits = store.search(query, 10, (_index, id) => few.has(id));
    expect(hits.map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 10, (i) => few.has(`chunk-${i}`)));
    expect(store.search(query, 10, () => false)).toEqual([]);
  });

  it('builds the same index from vectors streamed in one at a time', async () => {
    const builder = new VectorStoreBuilder(DIM, vectors.length);
    for (const vector of vectors) builder.add(Float32Array.from(vector));
    const streamed = builder.finish(ids);
    const built = VectorStore.build(vectors, ids);
    for (const query of queries) expect(streamed.search(query, 8)).toEqual(built.search(query, 8));
    expect(() => builder.add(vectors[0]!)).toThrow(/More than/);
    const short = new VectorStoreBuilder(DIM, 2);
    short.add(vectors[0]!);
    await expect(short.save(path.join(tmp, 'short'))).rejects.toThrow(/1 vectors of the 2/);
  });

  it('builds the same index on its own thread, from batches handed over as they are embedded', async () => {
    const build = new VectorIndexBuild(DIM, vectors.length);
    for (let start = 0; start < vectors.length; start += 37) {
      const batch = vectors.slice(start, start + 37);
      const flat = new Float32Array(batch.length * DIM);
      batch.forEach((vector, index) => flat.set(vector, index * DIM));
      await build.add(flat);
      expect(flat.length, 'the batch is handed over (transferred)').toBe(0);
    }
    const dir = path.join(tmp, 'threaded');
    await build.save(dir);
    const threaded = await VectorStore.load(dir, DIM, ids);
    const built = VectorStore.build(vectors, ids);
    for (const query of queries) expect(threaded.search(query, 8)).toEqual(built.search(query, 8));

    const short = new VectorIndexBuild(DIM, 2);
    await short.add(Float32Array.from(vectors[0]!));
    await expect(short.save(path.join(tmp, 'threaded-short'))).rejects.toThrow(/1 vectors of the 2/);
    const over = new VectorIndexBuild(DIM, 1);
    await expect(over.add(new Float32Array(2 * DIM))).rejects.toThrow(/More than the 1/);
    await over.abort();
  });

  it('deals labels to shards in runs, by the count alone', () => {
    expect(shardCount(1)).toBe(1);
    expect(shardCount(SHARD_SIZE)).toBe(1);
    expect(shardCount(SHARD_SIZE + 1)).toBe(2);
    expect(shardCount(85_297), 'the 100× bench corpus').toBe(2);
    expect(shardCount(1_000_000_000)).toBeLessThanOrEqual(8);
    // Runs of 16 dealt to 3 shards: 0–15 → 0, 16–31 → 1, 32–47 → 2, 48–63 → 0 …
    expect([0, 15, 16, 31, 32, 48, 100].map((label) => shardOf(label, 3, 16))).toEqual([0, 0, 1, 1, 2, 0, 0]);
    for (const count of [0, 1, 47, 48, 49, 400, 1001]) {
      const capacities = [0, 1, 2].map((shard) => shardCapacity(count, shard, 3, 16));
      expect(capacities.reduce((a, b) => a + b, 0)).toBe(count);
      for (const [shard, capacity] of capacities.entries()) expect(Array.from({ length: count }, (_, label) => shardOf(label, 3, 16)).filter((s) => s === shard)).toHaveLength(capacity);
    }
  });

  it('built in shards on several threads, returns the same neighbours as one index', async () => {
    const build = new VectorIndexBuild(DIM, vectors.length, { shards: 3, stride: 16 });
    expect(build.shards).toBe(3);
    // Batches that straddle runs, as an embedder's batches may.
    for (let start = 0; start < vectors.length; start += 37) {
      const batch = vectors.slice(start, start + 37);
      const flat = new Float32Array(batch.length * DIM);
      batch.forEach((vector, index) => flat.set(vector, index * DIM));
      await build.add(flat);
    }
    const dir = path.join(tmp, 'sharded');
    await build.save(dir);
    for (const shard of [0, 1, 2]) expect(fs.existsSync(path.join(dir, shardFile(shard)))).toBe(true);
    const sharded = await VectorStore.load(dir, DIM, ids);
    expect(sharded.shardCount).toBe(3);
    const single = VectorStore.build(vectors, ids);
    expect(single.shardCount).toBe(1);
    for (const query of [...queries, ...vectors.slice(0, 10)]) {
      const expected = single.search(query, 10);
      const found = sharded.search(query, 10);
      expect(found.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
      found.forEach((hit, i) => expect(hit.distance).toBeCloseTo(expected[i]!.distance, 5));
      expect(found.map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 10));
    }
    // Filters and exact scans read each label's point from its own shard.
    const few = new Set(['chunk-5', 'chunk-250', 'chunk-399', 'chunk-17', 'chunk-40']);
    for (const query of queries.slice(0, 5)) {
      expect(sharded.search(query, 3, (_index, id) => few.has(id)).map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 3, (i) => few.has(`chunk-${i}`)));
      const broad = (index: number) => index % 5 !== 0;
      expect(sharded.search(query, 10, broad).map((hit) => hit.id)).toEqual(single.search(query, 10, broad).map((hit) => hit.id));
    }
    // A shard file missing or from another build is refused.
    fs.rmSync(path.join(dir, shardFile(2)));
    await expect(VectorStore.load(dir, DIM, ids)).rejects.toThrow(/vectors\.2\.hnsw/);
  });

  it('projects vectors by a fixed count sketch that keeps cosines roughly', () => {
    expect(graphDimensionFor(1, 1024), 'one index: full vectors').toBe(1024);
    expect(graphDimensionFor(2, 1024)).toBe(SHARD_GRAPH_DIMENSION);
    expect(graphDimensionFor(2, 100), 'already short').toBe(100);
    const long = randomVectors(40, 512, 3);
    const projected = long.map((vector) => {
      const target = new Float32Array(64);
      projectVector(vector, 64, target);
      return Array.from(target);
    });
    // Deterministic, normalised, and cosines kept within a margin (64 of 512 dimensions).
    const again = new Float32Array(64);
    projectVector(long[0]!, 64, again);
    expect(Array.from(again)).toEqual(projected[0]);
    expect(Math.hypot(...projected[0]!)).toBeCloseTo(1, 5);
    const near = long[1]!.map((x, i) => x + 0.1 * long[2]![i]!);
    const nearProjected = new Float32Array(64);
    projectVector(near, 64, nearProjected);
    expect(cosine(Array.from(nearProjected), projected[1]!)).toBeGreaterThan(0.95);
    let error = 0;
    for (let i = 0; i < 20; i += 1) error += Math.abs(cosine(long[i]!, long[i + 20]!) - cosine(projected[i]!, projected[i + 20]!));
    expect(error / 20).toBeLessThan(0.15);
    // Not longer than the vector: copied as it is.
    const short = new Float32Array(5);
    projectVector([1, 2, 3, 4, 5], 8, short);
    expect(Array.from(short)).toEqual([1, 2, 3, 4, 5]);
  });

  it('built in shards of projected vectors, re-ranks their candidates with the full vectors', async () => {
    const graphDimension = 8;
    const build = new VectorIndexBuild(DIM, vectors.length, { shards: 2, stride: 16, graphDimension });
    expect(build.keepsFullVectors).toBe(true);
    const dir = path.join(tmp, 'projected');
    fs.mkdirSync(dir, { recursive: true });
    // The caller keeps the full vectors (as the ingest does), then hands each batch over.
    const full = new Float32Array(vectors.length * DIM);
    vectors.forEach((vector, index) => full.set(vector, index * DIM));
    fs.writeFileSync(path.join(dir, FULL_VECTORS_FILE), new Uint8Array(full.buffer));
    const writer = await QuantizedVectorsWriter.create(path.join(dir, QUANTIZED_VECTORS_FILE), vectors.length, DIM);
    for (let start = 0; start < vectors.length; start += 37) {
      const batch = full.slice(start * DIM, Math.min(vectors.length, start + 37) * DIM);
      await writer.add(batch);
      await build.add(batch);
    }
    await writer.finish();
    await build.save(dir);
    const store = await VectorStore.load(dir, DIM, ids);
    expect(store.shardCount).toBe(2);
    expect(store.graphDimension).toBe(graphDimension);
    // Read from disk, the store holds the 8-bit copy and ranks every candidate by it: 400 vectors are
    // all candidates, so the search is an exact search over the 8-bit copy, close to the float one.
    expect(store.quantized?.count).toBe(vectors.length);
    const copy = QuantizedVectors.fromFloats(full, DIM);
    let agreed = 0;
    for (const query of [...queries, ...vectors.slice(0, 10)]) {
      copy.prepare(query);
      const byCodes = vectors
        .map((_, index) => index)
        .sort((a, b) => copy.cosine(b) - copy.cosine(a) || a - b)
        .slice(0, 10);
      const found = store.search(query, 10);
      expect(found.map((hit) => hit.index)).toEqual(byCodes);
      for (const hit of found) expect(hit.similarity).toBeCloseTo(cosine(query, vectors[hit.index]!), 1);
      const exact = new Set(bruteForce(vectors, query, 10));
      agreed += found.filter((hit) => exact.has(hit.index)).length;
    }
    expect(agreed / (10 * (queries.length + 10))).toBeGreaterThanOrEqual(0.9);
    // A document's passages and a few entries: scanned by the 8-bit copy too.
    const passages = (index: number) => index >= 130 && index < 230;
    for (const query of queries.slice(0, 5)) {
      const exact = new Set(bruteForce(vectors, query, 10, passages));
      expect(store.search(query, 10, passages).filter((hit) => passages(hit.index) && exact.has(hit.index)).length).toBeGreaterThanOrEqual(8);
    }
    // A broad filter (under QUANTIZED_SCAN_LIMIT entries): a scan of the 8-bit copy, not hnswlib's filtered search.
    const broadFilter = (index: number) => index % 5 !== 0;
    expect(vectors.filter((_, index) => broadFilter(index)).length).toBeLessThanOrEqual(QUANTIZED_SCAN_LIMIT);
    for (const query of queries.slice(0, 5)) {
      copy.prepare(query);
      const byCodes = vectors
        .map((_, index) => index)
        .filter(broadFilter)
        .sort((a, b) => copy.cosine(b) - copy.cosine(a) || a - b)
        .slice(0, 10);
      expect(store.search(query, 10, broadFilter).map((hit) => hit.index)).toEqual(byCodes);
    }
    // The best of the 8-bit ranking ranked again by the full vectors from disk: exact.
    store.exactKept = 40;
    for (const query of queries) expect(store.search(query, 10).map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 10));
    store.exactKept = 0;
    // Without the 8-bit copy, candidates are re-ranked by their full vectors read from vectors.f32.
    const quantized = store.quantized;
    store.quantized = undefined;
    // Whatever is re-ranked, a hit's distance is its full vector's cosine, not its projection's.
    for (const query of queries) for (const hit of store.search(query, 10)) expect(hit.similarity).toBeCloseTo(cosine(query, vectors[hit.index]!), 5);
    // 400 vectors: every one is a candidate (RERANK_CANDIDATES per shard); all re-ranked, the search
    // is exact whatever the projections' graphs found.
    expect(RERANK_CANDIDATES * 2).toBeGreaterThanOrEqual(vectors.length);
    store.rerankKept = vectors.length;
    for (const query of [...queries, ...vectors.slice(0, 10)]) {
      const found = store.search(query, 10);
      expect(found.map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 10));
      for (const hit of found) expect(hit.similarity).toBeCloseTo(cosine(query, vectors[hit.index]!), 5);
    }
    // Fewer re-ranked: the nearest projections of both shards, still ranked by their full vectors.
    store.rerankKept = 20;
    for (const query of queries) {
      const found = store.search(query, 10);
      for (let i = 1; i < found.length; i += 1) expect(found[i - 1]!.distance).toBeLessThanOrEqual(found[i]!.distance);
      const projectedQuery = new Float32Array(graphDimension);
      projectVector(query, graphDimension, projectedQuery);
      const projectedCosine = (index: number) => {
        const point = new Float32Array(graphDimension);
        projectVector(vectors[index]!, graphDimension, point);
        return cosine(Array.from(projectedQuery), Array.from(point));
      };
      // Every hit is among the 20 nearest projections (the graphs are exact on so few points).
      const nearest = vectors
        .map((_, index) => index)
        .sort((a, b) => projectedCosine(b) - projectedCosine(a))
        .slice(0, 20);
      expect(found.every((hit) => nearest.includes(hit.index))).toBe(true);
    }
    store.rerankKept = RERANK_KEPT;
    // Filtered searches, broad (the graphs) and selective (exact scan of the full vectors).
    const few = new Set(['chunk-5', 'chunk-250', 'chunk-399']);
    for (const query of queries.slice(0, 5)) {
      expect(store.search(query, 3, (_index, id) => few.has(id)).map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 3, (i) => few.has(`chunk-${i}`)));
      const broad = (index: number) => index % 5 !== 0;
      expect(store.search(query, 10, broad).map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 10, broad));
    }
    // A document's passages (consecutive labels, fewer than EXACT_SCAN_LIMIT): read in runs, exact.
    const document = (index: number) => index >= 130 && index < 230;
    for (const query of queries.slice(0, 5)) expect(store.search(query, 10, document).map((hit) => hit.index)).toEqual(bruteForce(vectors, query, 10, document));
    store.quantized = quantized;
    store.close();
    // The 8-bit copy and the full vectors are part of the index: missing or cut short, it is refused.
    const q8 = path.join(dir, QUANTIZED_VECTORS_FILE);
    fs.copyFileSync(q8, `${q8}.kept`);
    fs.truncateSync(q8, 100);
    await expect(VectorStore.load(dir, DIM, ids)).rejects.toThrow(/vectors\.q8 holds 100 bytes/);
    fs.rmSync(q8);
    await expect(VectorStore.load(dir, DIM, ids)).rejects.toThrow(/vectors\.q8/);
    fs.renameSync(`${q8}.kept`, q8);
    fs.truncateSync(path.join(dir, FULL_VECTORS_FILE), 100);
    await expect(VectorStore.load(dir, DIM, ids)).rejects.toThrow(/vectors\.f32 holds 100 bytes/);
    fs.rmSync(path.join(dir, FULL_VECTORS_FILE));
    await expect(VectorStore.load(dir, DIM, ids)).rejects.toThrow(/vectors\.f32/);
  });

  it('clamps k, rejects bad input and handles an empty store', async () => {
    const small = VectorStore.build(vectors.slice(0, 3), ids.slice(0, 3));
    expect(small.search(queries[0]!, 50)).toHaveLength(3);
    expect(small.search(queries[0]!, 0)).toEqual([]);
    expect(() => small.search([1, 2, 3], 1)).toThrow(VectorStoreError);
    expect(() => VectorStore.build(vectors.slice(0, 2), ['only-one'])).toThrow(VectorStoreError);
    expect(() => VectorStore.build([vectors[0]!, [1, 2]], ['a', 'b'])).toThrow(/dimensions/);
    expect(() => VectorStore.build([], [])).toThrow(VectorStoreError);

    const empty = VectorStore.build([], [], DIM);
    expect(empty.search(queries[0]!, 5)).toEqual([]);
    const dir = path.join(tmp, 'empty');
    await empty.save(dir);
    expect((await VectorStore.load(dir, DIM, [])).search(queries[0]!, 5)).toEqual([]);
  });

  it('serves real embeddings: a question finds its passage', () => {
    const passages = [
      'La mobilité des habitants : transports en commun, permis de conduire et vélo.',
      "L'emploi et l'insertion professionnelle des jeunes des quartiers.",
      'Le renouvellement urbain et la reconstruction des logements sociaux.',
      'La santé mentale et l’accès aux soins.',
    ];
    const embedder = new OfflineEmbeddings().fit(passages);
    const store = VectorStore.build(embedder.embedSync(passages), ['m', 'e', 'r', 's']);
    expect(store.search(embedder.embedOne('transports et mobilite'), 1)[0]!.id).toBe('m');
    expect(store.search(embedder.embedOne('sante mentale'), 1)[0]!.id).toBe('s');
  });
});

describe("LangChain's HNSWLib over the same embedder", () => {
  it('adds documents and finds the relevant one first, with a filter', async () => {
    const embeddings = new OfflineEmbeddings();
    const store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: embeddings.dimension });
    await store.addDocuments([
      new Document({ pageContent: 'La mobilité des habitants et les transports en commun.', metadata: { file: 'a.txt' } }),
      new Document({ pageContent: "L'emploi des jeunes et l'insertion professionnelle.", metadata: { file: 'b.txt' } }),
      new Document({ pageContent: 'La mobilité résidentielle et le logement social.', metadata: { file: 'c.txt' } }),
    ]);
    const [best, distance] = (await store.similaritySearchWithScore('transports et mobilite', 1))[0]!;
    expect(best.metadata.file).toBe('a.txt');
    expect(distance).toBeLessThan(1); // a cosine distance: lower is better
    const filtered = await store.similaritySearch('transports et mobilite', 1, (doc) => doc.metadata.file === 'c.txt');
    expect(filtered.map((doc) => doc.metadata.file)).toEqual(['c.txt']);
  });
});
