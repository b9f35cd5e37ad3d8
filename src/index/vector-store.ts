/**
 * A small approximate-nearest-neighbour store over hnswlib (cosine). Labels are positions in the
 * arrays given to `build` (or the order of `add`), so callers map hits back to their own chunk
 * list; the ids are the caller's (the index's chunk ids), given again on load and checked against
 * the count hnswlib read back.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';

const { HierarchicalNSW } = hnswlib;
type HnswIndex = InstanceType<typeof HierarchicalNSW>;

export const VECTOR_INDEX_FILE = 'vectors.hnsw';
export const VECTOR_META_FILE = 'vectors.json';

/** Build parameters; `ef` (search breadth) is not stored by hnswlib and is set again on load. */
export const HNSW_PARAMS = { m: 16, efConstruction: 200, ef: 80, randomSeed: 100 } as const;

/** A filter keeping this many entries or fewer is answered by an exact scan: cheaper and exact. */
export const EXACT_SCAN_LIMIT = 256;

export interface VectorHit {
  /** Position in the arrays given to `build`. */
  index: number;
  id: string;
  /** Cosine distance, 0 (same direction) to 2 (opposite). */
  distance: number;
  /** 1 - distance: cosine similarity, higher is better. */
  similarity: number;
}

/** Keeps an entry when it returns true. */
export type VectorFilter = (index: number, id: string) => boolean;

interface VectorStoreMeta {
  version: 2;
  space: 'cosine';
  dimension: number;
  count: number;
  m: number;
  efConstruction: number;
}

export class VectorStoreError extends Error {}

export class VectorStore {
  /** From a built or read hnswlib index: use `build`, `VectorStoreBuilder` or `load`. */
  constructor(
    private readonly index: HnswIndex,
    readonly dimension: number,
    readonly ids: string[],
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** Indexes `vectors[i]` under label i; `ids[i]` names it. */
  static build(vectors: number[][], ids: string[], dimension?: number): VectorStore {
    if (vectors.length !== ids.length) {
      throw new VectorStoreError(`${vectors.length} vectors but ${ids.length} ids`);
    }
    const dim = dimension ?? vectors[0]?.length;
    if (!dim) throw new VectorStoreError('Cannot infer the dimension of an empty store: pass it');
    const builder = new VectorStoreBuilder(dim, vectors.length);
    for (const vector of vectors) builder.add(vector);
    return builder.finish(ids);
  }

  /**
   * The k nearest entries, best first. With a filter, a few matching entries are scanned exactly;
   * many go through hnswlib's filtered search, with an exact scan if it comes back short.
   * `candidates` (ascending labels) holds every entry the filter can keep, when the caller knows.
   */
  search(vector: number[], k: number, filter?: VectorFilter, candidates?: readonly number[]): VectorHit[] {
    if (vector.length !== this.dimension) {
      throw new VectorStoreError(`Query has ${vector.length} dimensions, store has ${this.dimension}`);
    }
    if (this.size === 0 || k <= 0) return [];
    if (!filter) return this.knn(vector, Math.min(k, this.size));

    // The filter is asked about `candidates` only when the caller knows which entries can pass
    // (ascending labels, e.g. the chunks of the filtered files): not about every entry of the store.
    const matching: number[] = [];
    if (candidates) {
      for (const label of candidates) if (label >= 0 && label < this.size && filter(label, this.ids[label]!)) matching.push(label);
    } else {
      for (let label = 0; label < this.size; label += 1) if (filter(label, this.ids[label]!)) matching.push(label);
    }
    const wanted = Math.min(k, matching.length);
    if (wanted === 0) return [];
    if (matching.length <= EXACT_SCAN_LIMIT) return this.exact(vector, matching, wanted);
    const allowed = new Set(matching);
    const hits = this.knn(vector, wanted, (label) => allowed.has(label));
    return hits.length >= wanted ? hits : this.exact(vector, matching, wanted);
  }

  private knn(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[] {
    this.index.setEf(Math.max(HNSW_PARAMS.ef, k));
    const { neighbors, distances } = this.index.searchKnn(vector, k, filter);
    return neighbors.map((label, i) => this.hit(label, distances[i]!));
  }

  private exact(vector: number[], labels: number[], k: number): VectorHit[] {
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    const hits = labels.map((label) => {
      // hnswlib's cosine space stores normalised points.
      const point = this.index.getPoint(label);
      let dot = 0;
      for (let i = 0; i < point.length; i += 1) dot += point[i]! * vector[i]!;
      return this.hit(label, 1 - dot / norm);
    });
    return hits.sort((a, b) => a.distance - b.distance || a.index - b.index).slice(0, k);
  }

  private hit(label: number, distance: number): VectorHit {
    return { index: label, id: this.ids[label]!, distance, similarity: 1 - distance };
  }

  /** Writes the index and its metadata into `dir` (created if needed). */
  async save(dir: string): Promise<void> {
    await saveIndex(this.index, dir, this.dimension, this.size);
  }

  /**
   * Reads a store saved by `save`; `dimension` must match the embedder used for queries and
   * `ids` name its points in order (their count must be the stored one).
   */
  static async load(dir: string, dimension: number, ids: string[]): Promise<VectorStore> {
    let meta: VectorStoreMeta;
    try {
      meta = JSON.parse(await fs.readFile(path.join(dir, VECTOR_META_FILE), 'utf8')) as VectorStoreMeta;
    } catch (error) {
      throw new VectorStoreError(`Cannot read ${path.join(dir, VECTOR_META_FILE)}: ${(error as Error).message}`);
    }
    if (meta.version !== 2) throw new VectorStoreError(`Vector index metadata version ${meta.version}, expected 2`);
    if (meta.dimension !== dimension) {
      throw new VectorStoreError(`Vector index has ${meta.dimension} dimensions, the embedder gives ${dimension}`);
    }
    if (meta.count !== ids.length) throw new VectorStoreError(`Vector index metadata says ${meta.count} points, the caller names ${ids.length}`);
    const index = new HierarchicalNSW('cosine', dimension);
    try {
      await index.readIndex(path.join(dir, VECTOR_INDEX_FILE));
    } catch (error) {
      throw new VectorStoreError(`Cannot read ${path.join(dir, VECTOR_INDEX_FILE)}: ${(error as Error).message}`);
    }
    if (index.getCurrentCount() !== ids.length) {
      throw new VectorStoreError(`Vector index holds ${index.getCurrentCount()} points, the caller names ${ids.length}`);
    }
    index.setEf(HNSW_PARAMS.ef);
    return new VectorStore(index, dimension, ids);
  }
}

async function saveIndex(index: HnswIndex, dir: string, dimension: number, count: number): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await index.writeIndex(path.join(dir, VECTOR_INDEX_FILE));
  const meta: VectorStoreMeta = { version: 2, space: 'cosine', dimension, count, m: HNSW_PARAMS.m, efConstruction: HNSW_PARAMS.efConstruction };
  await fs.writeFile(path.join(dir, VECTOR_META_FILE), JSON.stringify(meta));
}

/**
 * Builds a store one vector at a time, in label order: the ingest streams vectors in as they are
 * embedded, and hnswlib keeps the only copy.
 */
export class VectorStoreBuilder {
  private readonly index: HnswIndex;
  private count = 0;

  constructor(
    readonly dimension: number,
    readonly capacity: number,
  ) {
    this.index = new HierarchicalNSW('cosine', dimension);
    // hnswlib cannot allocate 0 elements; an empty store simply answers nothing.
    this.index.initIndex(Math.max(1, capacity), HNSW_PARAMS.m, HNSW_PARAMS.efConstruction, HNSW_PARAMS.randomSeed);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the next vector (label = number added before it). */
  add(vector: ArrayLike<number>): void {
    if (vector.length !== this.dimension) throw new VectorStoreError(`Vector ${this.count} has ${vector.length} dimensions, expected ${this.dimension}`);
    if (this.count >= this.capacity) throw new VectorStoreError(`More than the ${this.capacity} vectors announced`);
    this.index.addPoint(Array.isArray(vector) ? (vector as number[]) : Array.from(vector), this.count);
    this.count += 1;
  }

  /** The store, its points named by `ids` (one per vector added). */
  finish(ids: string[]): VectorStore {
    if (ids.length !== this.count) throw new VectorStoreError(`${this.count} vectors but ${ids.length} ids`);
    this.index.setEf(HNSW_PARAMS.ef);
    return new VectorStore(this.index, this.dimension, [...ids]);
  }

  /** Writes the index without naming its points (the index folder's chunks name them). */
  async save(dir: string): Promise<void> {
    if (this.count !== this.capacity) throw new VectorStoreError(`${this.count} vectors of the ${this.capacity} announced`);
    await saveIndex(this.index, dir, this.dimension, this.count);
  }
}
