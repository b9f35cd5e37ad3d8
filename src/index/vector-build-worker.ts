/**
 * A thread that builds the vector index, or one shard of it (vector-build.ts): it receives float32
 * vectors with their labels, in label order, adds them to hnswlib, and writes its index file when
 * told to. hnswlib's insertions are the slowest stage of an ingest; here they run on their own core
 * while the ingest embeds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { VectorStoreBuilder } from './vector-store.js';

export type VectorBuildRequest = { type: 'add'; vectors: Float32Array; firstLabel: number } | { type: 'save'; dir: string; shard: number };
export type VectorBuildReply = { type: 'added'; count: number } | { type: 'saved' } | { type: 'error'; message: string };

const { dimension, capacity, efConstruction } = workerData as { dimension: number; capacity: number; efConstruction: number };
const builder = new VectorStoreBuilder(dimension, capacity, efConstruction);
const port = parentPort!;

port.on('message', (request: VectorBuildRequest) => {
  void (async () => {
    try {
      if (request.type === 'add') {
        const { vectors, firstLabel } = request;
        for (let offset = 0; offset < vectors.length; offset += dimension) builder.add(vectors.subarray(offset, offset + dimension), firstLabel + offset / dimension);
        port.postMessage({ type: 'added', count: vectors.length / dimension } satisfies VectorBuildReply);
      } else {
        await builder.saveShard(request.dir, request.shard);
        port.postMessage({ type: 'saved' } satisfies VectorBuildReply);
      }
    } catch (error) {
      port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies VectorBuildReply);
    }
  })();
});
