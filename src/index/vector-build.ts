/**
 * Builds the vector index on other threads while the caller keeps embedding: vectors are sent in
 * batches (their buffers transferred, not copied), at most a few batches ahead of the builders, so
 * memory stays bounded whatever the corpus size and hnswlib holds the only full copy. A large index
 * is built in shards (`shardCount`), one thread each, so hnswlib's insertions — the slowest stage
 * of an ingest, one thread per index by design of the library — use every core.
 */
import { Worker } from 'node:worker_threads';
import type { VectorBuildReply, VectorBuildRequest } from './vector-build-worker.js';
import { efConstructionFor, graphDimensionFor, SHARD_STRIDE, shardCapacity, shardCount, shardOf, VectorStoreError, writeVectorMeta } from './vector-store.js';

const WORKER_ENTRY = new URL('./vector-build-worker.mjs', import.meta.url);
/** Batches sent to a shard but not yet added: enough to keep its thread busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 4;
/** Buffers the threads handed back, kept for the next batches (see `buffer`). */
const MAX_SPARE = 16;

export interface VectorBuildOptions {
  /** Shards (default: `shardCount(capacity)`, from the count alone). */
  shards?: number;
  /** Labels dealt to the shards in runs of this many. */
  stride?: number;
  /** Dimensions of the graphs (default: `graphDimensionFor(shards, dimension)`); shorter than the vectors, the caller writes the full vectors to `vectors.f32`. */
  graphDimension?: number;
}

interface ShardThread {
  worker: Worker;
  inFlight: number;
  saved?: { resolve: (checksum: [string, string]) => void; reject: (error: Error) => void };
}

export class VectorIndexBuild {
  private readonly threads: ShardThread[];
  private readonly stride: number;
  /** Dimensions of the graphs' vectors: below `dimension`, the full vectors must be kept in `vectors.f32` (`keepsFullVectors`). */
  readonly graphDimension: number;
  private sent = 0;
  private failure: Error | undefined;
  private waiting: (() => void)[] = [];
  private readonly spare: Float32Array[] = [];
  /** How many batches reused a buffer a thread handed back (tests, measurements). */
  recycled = 0;

  constructor(
    readonly dimension: number,
    readonly capacity: number,
    options: VectorBuildOptions = {},
  ) {
    const shards = options.shards ?? shardCount(capacity);
    this.stride = options.stride ?? SHARD_STRIDE;
    const graphDimension = options.graphDimension ?? graphDimensionFor(shards, dimension);
    this.graphDimension = graphDimension;
    this.threads = Array.from({ length: shards }, (_, shard) => {
      const thread: ShardThread = {
        worker: new Worker(WORKER_ENTRY, { workerData: { dimension, graphDimension, capacity: shardCapacity(capacity, shard, shards, this.stride), efConstruction: efConstructionFor(shards) } }),
        inFlight: 0,
      };
      thread.worker.on('message', (reply: VectorBuildReply) => {
        if (reply.type === 'added') {
          thread.inFlight -= 1;
          if (this.spare.length < MAX_SPARE) this.spare.push(reply.vectors);
          this.wake();
        } else if (reply.type === 'saved') thread.saved?.resolve([reply.file, reply.checksum]);
        else this.fail(new VectorStoreError(reply.message));
      });
      thread.worker.on('error', (error) => this.fail(error));
      thread.worker.on('exit', (code) => {
        if (code !== 0) this.fail(new VectorStoreError(`vector index thread stopped (code ${code})`));
      });
      return thread;
    });
  }

  get shards(): number {
    return this.threads.length;
  }

  /** True when the graphs hold projections: the search re-ranks with the full vectors, which the caller writes to `vectors.f32`. */
  get keepsFullVectors(): boolean {
    return this.graphDimension < this.dimension;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const thread of this.threads) thread.saved?.reject(this.failure);
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /**
   * A zeroed buffer of `length` floats for the next batch: one a thread has handed back when there
   * is one of that length, so an ingest allocates a few batches' worth, not one per batch.
   */
  buffer(length: number): Float32Array {
    const at = this.spare.findIndex((spare) => spare.length === length);
    if (at < 0) return new Float32Array(length);
    const [reused] = this.spare.splice(at, 1);
    this.recycled += 1;
    return reused!.fill(0);
  }

  /**
   * Adds the next vectors (row-major, `dimension` floats each), handing them over: an array that
   * is its whole buffer and goes to one shard is transferred (detached), any other is copied.
   * Resolves once there is room for more.
   */
  async add(vectors: Float32Array): Promise<void> {
    if (vectors.length % this.dimension !== 0) throw new VectorStoreError(`${vectors.length} floats are not whole vectors of ${this.dimension}`);
    const count = vectors.length / this.dimension;
    if (this.sent + count > this.capacity) throw new VectorStoreError(`More than the ${this.capacity} vectors announced`);
    // Runs of consecutive labels of one shard each.
    let offset = 0;
    while (offset < count) {
      const label = this.sent + offset;
      const shard = shardOf(label, this.threads.length, this.stride);
      const run = this.threads.length === 1 ? count - offset : Math.min(count - offset, this.stride - (label % this.stride));
      const whole = run === count && vectors.byteOffset === 0 && vectors.byteLength === vectors.buffer.byteLength;
      const part = whole ? vectors : vectors.slice(offset * this.dimension, (offset + run) * this.dimension);
      await this.send(shard, part, label);
      offset += run;
    }
    this.sent += count;
  }

  private async send(shard: number, vectors: Float32Array, firstLabel: number): Promise<void> {
    const thread = this.threads[shard]!;
    while (thread.inFlight >= MAX_IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure) throw this.failure;
    thread.inFlight += 1;
    thread.worker.postMessage({ type: 'add', vectors, firstLabel } satisfies VectorBuildRequest, [vectors.buffer as ArrayBuffer]);
  }

  /**
   * Writes the index into `dir` once every vector is added (each shard by its thread), then ends the
   * threads. Resolves with each shard file's checksum (`fileChecksum`) by name, worked out by its thread.
   */
  async save(dir: string): Promise<Map<string, string>> {
    try {
      if (this.failure) throw this.failure;
      const checksums = await Promise.all(
        this.threads.map(
          (thread, shard) =>
            new Promise<[string, string]>((resolve, reject) => {
              thread.saved = { resolve, reject };
              thread.worker.postMessage({ type: 'save', dir, shard } satisfies VectorBuildRequest);
            }),
        ),
      );
      await writeVectorMeta(dir, this.dimension, this.capacity, this.threads.length, this.stride, this.graphDimension);
      return new Map(checksums);
    } finally {
      await this.abort();
    }
  }

  /** Stops the threads without saving (the ingest failed). */
  async abort(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }
}
