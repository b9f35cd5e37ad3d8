/**
 * A small approximate-nearest-neighbour store over hnswlib (cosine). Labels are positions in the
 * arrays given to `build`, so callers map hits back to their own chunk list; `ids` are saved
 * alongside to check that the two still agree after a reload.
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
  version: 1;
  space: 'cosine';
  dimension: number;
  count: number;
  m: number;
  efConstruction: number;
  ids: string[];
}

export class VectorStoreError extends Error {}

export class VectorStore {
  private constructor(
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
    const index = new HierarchicalNSW('cosine', dim);
    // hnswlib cannot allocate 0 elements; an empty store simply answers nothing.
    index.initIndex(Math.max(1, vectors.length), HNSW_PARAMS.m, HNSW_PARAMS.efConstruction, HNSW_PARAMS.randomSeed);
    vectors.forEach((vector, label) => {
      if (vector.length !== dim) {
        throw new VectorStoreError(`Vector ${label} (${ids[label]}) has ${vector.length} dimensions, expected ${dim}`);
      }
      index.addPoint(vector, label);
    });
    index.setEf(HNSW_PARAMS.ef);
    return new VectorStore(index, dim, [...ids]);
  }

  /**
   * The k nearest entries, best first. With a filter, a few matching entries are scanned exactly;
   * many go through hnswlib's filtered search, with an exact scan if it comes back short.
   */
  search(vector: number[], k: number, filter?: VectorFilter): VectorHit[] {
    if (vector.length !== this.dimension) {
      throw new VectorStoreError(`Query has ${vector.length} dimensions, store has ${this.dimension}`);
    }
    if (this.size === 0 || k <= 0) return [];
    if (!filter) return this.knn(vector, Math.min(k, this.size));

    const matching: number[] = [];
    for (let label = 0; label < this.size; label += 1) if (filter(label, this.ids[label]!)) matching.push(label);
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
    await fs.mkdir(dir, { recursive: true });
    await this.index.writeIndex(path.join(dir, VECTOR_INDEX_FILE));
    const meta: VectorStoreMeta = {
      version: 1,
      space: 'cosine',
      dimension: this.dimension,
      count: this.size,
      m: HNSW_PARAMS.m,
      efConstruction: HNSW_PARAMS.efConstruction,
      ids: this.ids,
    };
    await fs.writeFile(path.join(dir, VECTOR_META_FILE), JSON.stringify(meta));
  }

  /** Reads a store saved by `save`; `dimension` must match the embedder used for queries. */
  static async load(dir: string, dimension: number): Promise<VectorStore> {
    let meta: VectorStoreMeta;
    try {
      meta = JSON.parse(await fs.readFile(path.join(dir, VECTOR_META_FILE), 'utf8')) as VectorStoreMeta;
    } catch (error) {
      throw new VectorStoreError(`Cannot read ${path.join(dir, VECTOR_META_FILE)}: ${(error as Error).message}`);
    }
    if (meta.dimension !== dimension) {
      throw new VectorStoreError(`Vector index has ${meta.dimension} dimensions, the embedder gives ${dimension}`);
    }
    const index = new HierarchicalNSW('cosine', dimension);
    await index.readIndex(path.join(dir, VECTOR_INDEX_FILE));
    if (index.getCurrentCount() !== meta.ids.length) {
      throw new VectorStoreError(`Vector index holds ${index.getCurrentCount()} points, metadata ${meta.ids.length} ids`);
    }
    index.setEf(HNSW_PARAMS.ef);
    return new VectorStore(index, dimension, meta.ids);
  }
}
