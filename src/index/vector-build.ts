/**
 * Builds the vector index on another thread while the caller keeps embedding: vectors are sent in
 * batches (their buffers transferred, not copied), at most a few batches ahead of the builder, so
 * memory stays bounded whatever the corpus size and hnswlib holds the only full copy.
 */
import { Worker } from 'node:worker_threads';
import type { VectorBuildReply, VectorBuildRequest } from './vector-build-worker.js';
import { VectorStoreError } from './vector-store.js';

const WORKER_ENTRY = new URL('./vector-build-worker.mjs', import.meta.url);
/** Batches sent but not yet added: enough to keep the builder busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 4;

export class VectorIndexBuild {
  private readonly worker: Worker;
  private inFlight = 0;
  private sent = 0;
  private failure: Error | undefined;
  private waiting: (() => void)[] = [];
  private saved: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(
    readonly dimension: number,
    readonly capacity: number,
  ) {
    this.worker = new Worker(WORKER_ENTRY, { workerData: { dimension, capacity } });
    this.worker.on('message', (reply: VectorBuildReply) => {
      if (reply.type === 'added') {
        this.inFlight -= 1;
        this.wake();
      } else if (reply.type === 'saved') this.saved?.resolve();
      else this.fail(new VectorStoreError(reply.message));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new VectorStoreError(`vector index thread stopped (code ${code})`));
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.saved?.reject(this.failure);
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /**
   * Adds the next vectors (row-major, `dimension` floats each), handing them over: an array that
   * is its whole buffer is transferred (detached), any other is copied. Resolves once there is
   * room for more.
   */
  async add(vectors: Float32Array): Promise<void> {
    if (vectors.length % this.dimension !== 0) throw new VectorStoreError(`${vectors.length} floats are not whole vectors of ${this.dimension}`);
    this.sent += vectors.length / this.dimension;
    if (this.sent > this.capacity) throw new VectorStoreError(`More than the ${this.capacity} vectors announced`);
    while (this.inFlight >= MAX_IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure) throw this.failure;
    this.inFlight += 1;
    const own = vectors.byteOffset === 0 && vectors.byteLength === vectors.buffer.byteLength ? vectors : vectors.slice();
    this.worker.postMessage({ type: 'add', vectors: own } satisfies VectorBuildRequest, [own.buffer as ArrayBuffer]);
  }

  /** Writes the index into `dir` once every vector is added, then ends the thread. */
  async save(dir: string): Promise<void> {
    try {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve, reject) => {
        this.saved = { resolve, reject };
        this.worker.postMessage({ type: 'save', dir } satisfies VectorBuildRequest);
      });
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the thread without saving (the ingest failed). */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}
