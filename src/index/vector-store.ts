/**
 * A small approximate-nearest-neighbour store over hnswlib (cosine). Labels are positions in the
 * arrays given to `build` (or the order of `add`), so callers map hits back to their own chunk
 * list; the ids are the caller's (the index's chunk ids), given again on load and checked against
 * the count hnswlib read back.
 *
 * A large store is split into shards (`shardCount`): labels in runs of `SHARD_STRIDE`, dealt to
 * the shards in turn, each shard an hnswlib index of its own built on its own thread (hnswlib
 * inserts on one thread); a query searches every shard and merges their neighbours by distance.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { murmurFinalize } from '../text/hash.js';
import { QUANTIZED_VECTORS_FILE, QuantizedVectors, QuantizedVectorsError } from './quantized-vectors.js';

const { HierarchicalNSW } = hnswlib;
type HnswIndex = InstanceType<typeof HierarchicalNSW>;

export const VECTOR_INDEX_FILE = 'vectors.hnsw';
export const VECTOR_META_FILE = 'vectors.json';

/** The file of shard `shard`: the first keeps the single index's name. */
export function shardFile(shard: number): string {
  return shard === 0 ? VECTOR_INDEX_FILE : `vectors.${shard}.hnsw`;
}

/** Labels go to the shards in runs of this many (a run is one embedding batch). */
export const SHARD_STRIDE = 256;
/**
 * Up to this many vectors, one index (no merge at query time); above, shards of at most this size
 * (two for the 85k chunks of the 100× bench corpus: each query searches every shard).
 */
export const SHARD_SIZE = 49_152;
export const MAX_SHARDS = 8;

/**
 * How many shards a store of `count` vectors is built in: a function of the count alone, so the
 * same corpus gives the same index on any machine.
 */
export function shardCount(count: number): number {
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(count / SHARD_SIZE)));
}

/** The shard holding `label` in a store of `shards` shards. */
export function shardOf(label: number, shards: number, stride = SHARD_STRIDE): number {
  return Math.floor(label / stride) % shards;
}

/** How many of the labels 0 … count−1 fall in shard `shard`. */
export function shardCapacity(count: number, shard: number, shards: number, stride = SHARD_STRIDE): number {
  let total = 0;
  for (let start = shard * stride; start < count; start += shards * stride) total += Math.min(stride, count - start);
  return total;
}

/**
 * Build parameters; `ef` (search breadth) is not stored by hnswlib and is set again on load.
 * `shardEfConstruction` is the build breadth of each shard of a sharded store: about 40 % less
 * insertion work than 200, and the merged search over shards still finds more of the exact
 * neighbours than one index built at 200 (on 20k real vectors of the 100× bench corpus, 60
 * questions: recall@100 0.88 for one index at 200, 0.94 for two shards at 100).
 */
export const HNSW_PARAMS = { m: 16, efConstruction: 200, shardEfConstruction: 100, ef: 80, randomSeed: 100 } as const;

/**
 * Dimensions of the graphs of a sharded store (when the vectors are longer). hnswlib's insertions
 * cost about the vectors' length: at the 100× bench corpus's 85k vectors of 1024 dimensions, graphs
 * of 256 cost about half the CPU of full-length ones (63 → 30 s) and hold a quarter of the memory;
 * their candidates, re-ranked with the full vectors, keep as many of the exact neighbours (README,
 * « Ingest at 60 s »).
 */
export const SHARD_GRAPH_DIMENSION = 256;
/**
 * Candidates each shard's graph proposes for the re-ranking (at least the k asked), all re-ranked by
 * the 8-bit copy of their full vectors held in memory (`QuantizedVectors`). Measured on the 100×
 * corpus (150 dev and fresh3 questions against exact search over the float vectors; README,
 * « Ingest at scale »): 2 × 300 keep 0.598 / 0.602 of the exact top 10 / top 100 (2 × 250: 0.577 /
 * 0.578; 2 × 400: 0.651 / 0.652 for about 1 ms more of CPU), more than the full-length graphs did
 * (0.585 / 0.571); most of a search's cost is hnswlib's, which grows with the candidates.
 */
export const RERANK_CANDIDATES = 300;
/**
 * Without the 8-bit copy (a store read from disk always has it; tests and measurements drop it),
 * the nearest projections of all shards re-ranked with their full vectors read from `vectors.f32`.
 */
export const RERANK_KEPT = 300;

/** The dimensions of the graphs of a store of `shards` shards of `dimension`-long vectors. */
export function graphDimensionFor(shards: number, dimension: number): number {
  return shards > 1 ? Math.min(dimension, SHARD_GRAPH_DIMENSION) : dimension;
}

let signTable = new Int8Array(0);

/** The projection's sign of each of the first `length` components (worked out once). */
function signsFor(length: number): Int8Array {
  if (signTable.length < length) signTable = Int8Array.from({ length }, (_, i) => (murmurFinalize(i) & 1 ? -1 : 1));
  return signTable;
}

/**
 * `vector` projected to `graphDimension` floats into `target` at `offset`: component i, its sign
 * flipped by a fixed hash of i, is added to component i mod graphDimension (a count sketch, which
 * keeps inner products in expectation; the offline embedder's buckets are already such sums), then
 * the result is L2-normalised. A function of the vector alone: the same index on any machine.
 */
export function projectVector(vector: ArrayLike<number>, graphDimension: number, target: Float32Array, offset = 0): void {
  if (graphDimension >= vector.length) {
    for (let i = 0; i < vector.length; i += 1) target[offset + i] = vector[i]!;
    return;
  }
  const signs = signsFor(vector.length);
  const sums = new Float64Array(graphDimension);
  for (let i = 0; i < vector.length; i += 1) sums[i % graphDimension]! += signs[i]! * vector[i]!;
  let norm = 0;
  for (let i = 0; i < graphDimension; i += 1) norm += sums[i]! * sums[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < graphDimension; i += 1) target[offset + i] = sums[i]! / norm;
}

/**
 * The full vectors of a store whose graphs hold projections (`vectors.f32`, row-major float32,
 * label order), read one at a time where they lie: the file is kept open, so a store keeps reading
 * the file it was loaded with even after a rebuilt index replaces it on disk. Node closes the
 * descriptors a worker thread opened when it ends, so a retired answering worker releases the
 * replaced file; elsewhere `close()` (or the store being collected) does.
 */
export class FullVectors {
  private run: Float32Array;
  private closed = false;
  private static readonly registry = new FinalizationRegistry<number>((fd) => {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
  });

  private constructor(
    private readonly fd: number,
    readonly count: number,
    readonly dimension: number,
  ) {
    this.run = new Float32Array(dimension);
    FullVectors.registry.register(this, fd, this);
  }

  static open(file: string, count: number, dimension: number): FullVectors {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      throw new VectorStoreError(`Cannot read ${file}: ${(error as Error).message}`);
    }
    const { size } = fstatSync(fd);
    if (size !== count * dimension * 4) {
      closeSync(fd);
      throw new VectorStoreError(`${file} holds ${size} bytes, expected ${count * dimension * 4} (${count} vectors of ${dimension})`);
    }
    return new FullVectors(fd, count, dimension);
  }

  /** Vector `label`, in a buffer the next read reuses. */
  read(label: number): Float32Array {
    return this.readRun(label, 1);
  }

  /**
   * Vectors `first` … `first + count − 1`, one after the other, in one read (a document's passages
   * have consecutive labels), in a buffer the next read reuses.
   */
  readRun(first: number, count: number): Float32Array {
    if (this.closed) throw new VectorStoreError('Vector file closed');
    const rowBytes = this.dimension * 4;
    if (this.run.length < count * this.dimension) this.run = new Float32Array(count * this.dimension);
    const bytes = count * rowBytes;
    const target = new Uint8Array(this.run.buffer, 0, bytes);
    let done = 0;
    while (done < bytes) {
      const read = readSync(this.fd, target, done, bytes - done, first * rowBytes + done);
      if (read === 0) throw new VectorStoreError(`Vector ${first + Math.floor(done / rowBytes)} cut short`);
      done += read;
    }
    return this.run;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    FullVectors.registry.unregister(this);
    closeSync(this.fd);
  }
}

/** The build breadth of each index of a store of `shards` shards. */
export function efConstructionFor(shards: number): number {
  return shards > 1 ? HNSW_PARAMS.shardEfConstruction : HNSW_PARAMS.efConstruction;
}

/** A filter keeping this many entries or fewer is answered by an exact scan: cheaper and exact. */
export const EXACT_SCAN_LIMIT = 256;
/**
 * With the 8-bit copy in memory, a filter keeping this many entries or fewer is answered by a scan
 * of it (about 0.3 µs an entry): hnswlib's filtered search calls the filter back for every point it
 * visits, and a file's passages at the 100× corpus (about 480, under 1 % of the points) made it
 * visit most of both graphs before giving up short of the 300 candidates asked.
 */
export const QUANTIZED_SCAN_LIMIT = 8192;

export interface VectorHit {
  /** Position in the arrays given to `build`. */
  index: number;
  id: string;
  /** Cosine distance, 0 (same direction) to 2 (opposite). */
  distance: number;
  /** 1 - distance: cosine similarity, higher is better. */
  similarity: number;
}

/**
 * The names of a store's points, by label: an array, or anything that names label i when asked (the
 * index's chunks, whose ids are made when first read: naming 85k points at load cost 0.1 s).
 */
export interface PointNames {
  readonly length: number;
  at(label: number): string | undefined;
}

/** Keeps an entry when it returns true. */
export type VectorFilter = (index: number, id: string) => boolean;

interface VectorStoreMeta {
  /** 5: a store of projections also has `vectors.q8`, the 8-bit copy of its full vectors. */
  version: 5;
  space: 'cosine';
  dimension: number;
  count: number;
  m: number;
  efConstruction: number;
  /** Shards (`shardFile(i)`), labels dealt to them in runs of `stride`. */
  shards: number;
  stride: number;
  /** Dimensions of the graphs' vectors; below `dimension`, the full vectors are in `vectors.f32`. */
  graphDimension: number;
}

/** At most this many consecutive full vectors read at once (256 KB at 1024 dimensions). */
const MAX_READ_RUN = 64;

/** The full vectors of a store whose graphs hold projections (the index folder's `vectors.f32`). */
export const FULL_VECTORS_FILE = 'vectors.f32';

export class VectorStoreError extends Error {}

export class VectorStore {
  private readonly shards: HnswIndex[];
  /** Candidates per shard re-ranked when the graphs hold projections (a field so a measurement can vary it). */
  rerankCandidates = RERANK_CANDIDATES;
  /** Of all shards' candidates, how many (nearest projections first) are re-ranked with their full vectors. */
  rerankKept = RERANK_KEPT;
  /**
   * With an 8-bit copy of the full vectors in memory (`quantized`), the candidates are ranked by
   * it, then this many of the best are ranked again by their full vectors read from disk (0: none;
   * measured: 100 or 150 of them add 0.01 to recall@10 for 1.5–3.5 ms of CPU, so none).
   */
  exactKept = 0;

  /**
   * From built or read hnswlib indexes (one per shard): use `build`, `VectorStoreBuilder` or `load`.
   * With `full`, the graphs hold projections of these vectors (`projectVector`).
   */
  constructor(
    index: HnswIndex | HnswIndex[],
    readonly dimension: number,
    readonly ids: PointNames,
    private readonly stride = SHARD_STRIDE,
    private readonly full?: FullVectors,
    /** The 8-bit copy of the full vectors that re-ranks the candidates in memory (set by `load`; a measurement may replace or drop it). */
    public quantized?: QuantizedVectors,
  ) {
    this.shards = Array.isArray(index) ? index : [index];
  }

  /** Dimensions of the graphs' vectors (`dimension` unless they hold projections). */
  get graphDimension(): number {
    return this.full ? this.shards[0]!.getNumDimensions() : this.dimension;
  }

  /** Closes the full vectors' file, if any (the store cannot search after). */
  close(): void {
    this.full?.close();
  }

  get shardCount(): number {
    return this.shards.length;
  }

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
      for (const label of candidates) if (label >= 0 && label < this.size && filter(label, this.ids.at(label)!)) matching.push(label);
    } else {
      for (let label = 0; label < this.size; label += 1) if (filter(label, this.ids.at(label)!)) matching.push(label);
    }
    const wanted = Math.min(k, matching.length);
    if (wanted === 0) return [];
    if (matching.length <= (this.quantized ? QUANTIZED_SCAN_LIMIT : EXACT_SCAN_LIMIT)) return this.exact(vector, matching, wanted);
    const allowed = new Set(matching);
    const hits = this.knn(vector, wanted, (label) => allowed.has(label));
    return hits.length >= wanted ? hits : this.exact(vector, matching, wanted);
  }

  /** The k nearest of every shard, merged: nearest first, ties by label. */
  private knn(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[] {
    if (this.full) return this.reranked(vector, k, filter);
    const hits: VectorHit[] = [];
    for (const shard of this.shards) {
      const wanted = Math.min(k, shard.getCurrentCount());
      if (wanted === 0) continue;
      shard.setEf(Math.max(HNSW_PARAMS.ef, wanted));
      const { neighbors, distances } = shard.searchKnn(vector, wanted, filter);
      for (const [i, label] of neighbors.entries()) hits.push(this.hit(label, distances[i]!));
    }
    if (this.shards.length === 1) return hits;
    return hits.sort((a, b) => a.distance - b.distance || a.index - b.index).slice(0, k);
  }

  /**
   * The graphs hold projections: each proposes its `rerankCandidates` nearest projections, and the
   * `rerankKept` nearest of them all are ranked by the exact cosine of their full vectors.
   */
  private reranked(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[] {
    const projected = new Float32Array(this.graphDimension);
    projectVector(vector, projected.length, projected);
    // A plain array for hnswlib, filled by index (Array.from would go through an iterator, one
    // result object per component).
    const query = new Array<number>(projected.length);
    for (let i = 0; i < projected.length; i += 1) query[i] = projected[i]!;
    const labels: number[] = [];
    const projections: number[] = [];
    for (const shard of this.shards) {
      const wanted = Math.min(Math.max(k, this.rerankCandidates), shard.getCurrentCount());
      if (wanted === 0) continue;
      shard.setEf(Math.max(HNSW_PARAMS.ef, wanted));
      const { neighbors, distances } = shard.searchKnn(query, wanted, filter);
      for (let i = 0; i < neighbors.length; i += 1) labels.push(neighbors[i]!);
      // The projections' distances only order the candidates read from disk (no 8-bit copy).
      if (!this.quantized) for (let i = 0; i < distances.length; i += 1) projections.push(distances[i]!);
    }
    if (this.quantized) {
      // Every candidate ranked by the 8-bit copy in memory (about 0.3 µs each), and optionally the
      // best again by their full vectors from disk.
      const ranked = this.approximate(vector, labels, Math.max(k, this.exactKept));
      return this.exactKept > 0
        ? this.exact(
            vector,
            ranked.map((hit) => hit.index),
            k,
            true,
          )
        : ranked;
    }
    // Each full vector is a read from disk: only the nearest projections of all shards are re-ranked.
    const kept = Math.max(k, this.rerankKept);
    if (labels.length > kept) {
      const order = Array.from(labels.keys()).sort((a, b) => projections[a]! - projections[b]! || labels[a]! - labels[b]!);
      return this.exact(
        vector,
        order.slice(0, kept).map((at) => labels[at]!),
        k,
        true,
      );
    }
    return this.exact(vector, labels, k, true);
  }

  /** The k nearest of `labels` by the 8-bit copy of their full vectors (`quantized`). */
  private approximate(vector: number[], labels: readonly number[], k: number): VectorHit[] {
    const quantized = this.quantized!;
    quantized.prepare(vector);
    const count = labels.length;
    const distances = new Float64Array(count);
    for (let i = 0; i < count; i += 1) distances[i] = 1 - quantized.cosine(labels[i]!);
    // Positions ordered by distance, then label; hits made for the k kept only. Many entries (a
    // broad filter's scan): only those within the k-th distance are ordered.
    let bound = Number.POSITIVE_INFINITY;
    if (count > 4 * k && k > 0) bound = Float64Array.from(distances).sort()[k - 1]!;
    const order: number[] = [];
    for (let i = 0; i < count; i += 1) if (distances[i]! <= bound) order.push(i);
    order.sort((a, b) => distances[a]! - distances[b]! || labels[a]! - labels[b]!);
    const hits: VectorHit[] = [];
    for (let i = 0; i < Math.min(k, order.length); i += 1) hits.push(this.hit(labels[order[i]!]!, distances[order[i]!]!));
    return hits;
  }

  /**
   * The k nearest of `labels`: by the 8-bit copy when the store has one (unless `fromDisk`), else
   * by the exact cosine of the full vectors (hnswlib's points, or `vectors.f32`).
   */
  private exact(vector: number[], labels: number[], k: number, fromDisk = false): VectorHit[] {
    if (this.quantized && !fromDisk) return this.approximate(vector, labels, k);
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    const query = Float64Array.from(vector);
    const dimension = this.dimension;
    const full = this.full;
    const hits: VectorHit[] = [];
    for (let at = 0; at < labels.length; ) {
      // Consecutive labels (a filtered document's passages) are read from disk in one go.
      let run = 1;
      if (full) while (run < MAX_READ_RUN && at + run < labels.length && labels[at + run] === labels[at]! + run) run += 1;
      const points = full ? full.readRun(labels[at]!, run) : this.shards[shardOf(labels[at]!, this.shards.length, this.stride)]!.getPoint(labels[at]!);
      for (let row = 0; row < run; row += 1) {
        // hnswlib's cosine space stores normalised points; full vectors are normalised here.
        const offset = row * dimension;
        let dot = 0;
        let squares = 0;
        for (let i = 0; i < dimension; i += 1) {
          const value = points[offset + i]!;
          dot += value * query[i]!;
          squares += value * value;
        }
        const pointNorm = full ? Math.sqrt(squares) || 1 : 1;
        hits.push(this.hit(labels[at + row]!, 1 - dot / (norm * pointNorm)));
      }
      at += run;
    }
    return hits.sort((a, b) => a.distance - b.distance || a.index - b.index).slice(0, k);
  }

  private hit(label: number, distance: number): VectorHit {
    return { index: label, id: this.ids.at(label)!, distance, similarity: 1 - distance };
  }

  /** Writes the index and its metadata into `dir` (created if needed); a store of projections is written by its build only. */
  async save(dir: string): Promise<void> {
    if (this.full) throw new VectorStoreError('A store of projected vectors is saved by the build that made it');
    await fs.mkdir(dir, { recursive: true });
    for (const [shard, index] of this.shards.entries()) await index.writeIndex(path.join(dir, shardFile(shard)));
    await writeVectorMeta(dir, this.dimension, this.size, this.shards.length, this.stride, this.dimension);
  }

  /**
   * Reads a store saved by `save`; `dimension` must match the embedder used for queries and
   * `ids` name its points in order (their count must be the stored one).
   */
  static async load(dir: string, dimension: number, ids: PointNames): Promise<VectorStore> {
    return (await VectorStore.read(dir, dimension)).named(ids);
  }

  /**
   * Starts reading a saved store (hnswlib reads on a thread of its own, so the caller can decode
   * the rest of the index meanwhile); `named` then checks it against the ids of its points.
   */
  static async read(dir: string, dimension: number): Promise<ReadVectorIndex> {
    let meta: VectorStoreMeta;
    try {
      // Read at once, not in a later turn: the shards' reads then start before the caller decodes
      // the rest of the index on this thread, instead of waiting for it to finish.
      meta = JSON.parse(readFileSync(path.join(dir, VECTOR_META_FILE), 'utf8')) as VectorStoreMeta;
    } catch (error) {
      throw new VectorStoreError(`Cannot read ${path.join(dir, VECTOR_META_FILE)}: ${(error as Error).message}`);
    }
    if (meta.version !== 5) throw new VectorStoreError(`Vector index metadata version ${meta.version}, expected 5`);
    if (meta.dimension !== dimension) {
      throw new VectorStoreError(`Vector index has ${meta.dimension} dimensions, the embedder gives ${dimension}`);
    }
    if (!Number.isInteger(meta.shards) || meta.shards < 1 || meta.shards > MAX_SHARDS || !Number.isInteger(meta.stride) || meta.stride < 1) {
      throw new VectorStoreError(`Vector index metadata: ${meta.shards} shards in runs of ${meta.stride}`);
    }
    if (!Number.isInteger(meta.graphDimension) || meta.graphDimension < 1 || meta.graphDimension > dimension) {
      throw new VectorStoreError(`Vector index metadata: graphs of ${meta.graphDimension} dimensions for vectors of ${dimension}`);
    }
    const full = meta.graphDimension < dimension ? FullVectors.open(path.join(dir, FULL_VECTORS_FILE), meta.count, dimension) : undefined;
    // The 8-bit copy is read while hnswlib reads the shards, each on a thread of its own.
    const quantizedRead = full
      ? QuantizedVectors.read(path.join(dir, QUANTIZED_VECTORS_FILE), meta.count, dimension).catch((error: unknown) => {
          throw error instanceof QuantizedVectorsError ? new VectorStoreError(error.message) : error;
        })
      : undefined;
    quantizedRead?.catch(() => undefined);
    const shardsRead = Promise.all(
      Array.from({ length: meta.shards }, async (_, shard) => {
        const index = new HierarchicalNSW('cosine', meta.graphDimension);
        const file = path.join(dir, shardFile(shard));
        try {
          await index.readIndex(file);
        } catch (error) {
          throw new VectorStoreError(`Cannot read ${file}: ${(error as Error).message}`);
        }
        const expected = shardCapacity(meta.count, shard, meta.shards, meta.stride);
        if (index.getCurrentCount() !== expected) throw new VectorStoreError(`${file} holds ${index.getCurrentCount()} points, expected ${expected}`);
        return index;
      }),
    );
    const [shards, quantized] = await Promise.all([shardsRead, quantizedRead]).catch((error: unknown) => {
      full?.close();
      throw error;
    });
    return {
      named(ids: PointNames): VectorStore {
        const held = shards.reduce((sum, index) => sum + index.getCurrentCount(), 0);
        if (meta.count !== ids.length || held !== ids.length) {
          full?.close();
          throw new VectorStoreError(
            meta.count !== ids.length ? `Vector index metadata says ${meta.count} points, the caller names ${ids.length}` : `Vector index holds ${held} points, the caller names ${ids.length}`,
          );
        }
        for (const index of shards) index.setEf(HNSW_PARAMS.ef);
        return new VectorStore(shards, dimension, ids, meta.stride, full, quantized);
      },
    };
  }
}

/** A vector index read from disk, not yet checked against the ids of its points. */
export interface ReadVectorIndex {
  named(ids: PointNames): VectorStore;
}

/** Writes `vectors.json`, which says how many points and shards the index files hold, and how long the graphs' vectors are. */
export async function writeVectorMeta(dir: string, dimension: number, count: number, shards: number, stride = SHARD_STRIDE, graphDimension = dimension): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const meta: VectorStoreMeta = { version: 5, space: 'cosine', dimension, count, m: HNSW_PARAMS.m, efConstruction: efConstructionFor(shards), shards, stride, graphDimension };
  await fs.writeFile(path.join(dir, VECTOR_META_FILE), JSON.stringify(meta));
}

/**
 * Builds one index (a whole store, or one shard of it) one vector at a time, in label order: the
 * ingest streams vectors in as they are embedded, and hnswlib keeps the only copy.
 */
export class VectorStoreBuilder {
  private readonly index: HnswIndex;
  private count = 0;
  /**
   * The plain array hnswlib is given a typed vector in, filled anew for each: hnswlib copies it,
   * and a new array per vector (`Array.from`) was most of a shard thread's garbage, about a second
   * of scavenges per shard for one 50 MB file.
   */
  private readonly plain: number[];

  constructor(
    readonly dimension: number,
    readonly capacity: number,
    efConstruction: number = HNSW_PARAMS.efConstruction,
  ) {
    this.index = new HierarchicalNSW('cosine', dimension);
    this.plain = new Array<number>(dimension).fill(0.5);
    // hnswlib cannot allocate 0 elements; an empty store simply answers nothing.
    this.index.initIndex(Math.max(1, capacity), HNSW_PARAMS.m, efConstruction, HNSW_PARAMS.randomSeed);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the next vector under `label` (by default the number added before it). */
  add(vector: ArrayLike<number>, label = this.count): void {
    if (vector.length !== this.dimension) throw new VectorStoreError(`Vector ${this.count} has ${vector.length} dimensions, expected ${this.dimension}`);
    if (this.count >= this.capacity) throw new VectorStoreError(`More than the ${this.capacity} vectors announced`);
    let plain = vector as number[];
    if (!Array.isArray(vector)) {
      plain = this.plain;
      for (let i = 0; i < vector.length; i += 1) plain[i] = vector[i]!;
    }
    this.index.addPoint(plain, label);
    this.count += 1;
  }

  /** The store, its points named by `ids` (one per vector added). */
  finish(ids: string[]): VectorStore {
    if (ids.length !== this.count) throw new VectorStoreError(`${this.count} vectors but ${ids.length} ids`);
    this.index.setEf(HNSW_PARAMS.ef);
    return new VectorStore(this.index, this.dimension, [...ids]);
  }

  /** Writes the index as a single-shard store, without naming its points (the index folder's chunks name them). */
  async save(dir: string): Promise<void> {
    await this.saveShard(dir, 0);
    await writeVectorMeta(dir, this.dimension, this.count, 1, SHARD_STRIDE, this.dimension);
  }

  /** Writes this index as shard `shard` of a store (its metadata is the caller's). */
  async saveShard(dir: string, shard: number): Promise<void> {
    if (this.count !== this.capacity) throw new VectorStoreError(`${this.count} vectors of the ${this.capacity} announced`);
    await fs.mkdir(dir, { recursive: true });
    await this.index.writeIndex(path.join(dir, shardFile(shard)));
  }
}
