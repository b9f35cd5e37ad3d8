/**
 * A thread that builds the vector index, or one shard of it (vector-build.ts): it receives float32
 * vectors with their labels, in label order, adds them to hnswlib, and writes its index file when
 * told to. hnswlib's insertions are the slowest stage of an ingest; here they run on their own core
 * while the ingest embeds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { fileChecksum } from './file-checksum.js';
import { projectVector, shardFile, VectorStoreBuilder } from './vector-store.js';

export type VectorBuildRequest = { type: 'add'; vectors: Float32Array; firstLabel: number } | { type: 'save'; dir: string; shard: number };
/** `saved`: the shard's file and its `fileChecksum`, worked out on this thread (each shard's in parallel). */
export type VectorBuildReply = { type: 'added'; count: number; vectors: Float32Array } | { type: 'saved'; file: string; checksum: string } | { type: 'error'; message: string };

const { dimension, graphDimension, capacity, efConstruction } = workerData as { dimension: number; graphDimension: number; capacity: number; efConstruction: number };
// The graph holds each vector's projection (`projectVector`) when it is shorter than the vectors.
const builder = new VectorStoreBuilder(graphDimension, capacity, efConstruction);
const projected = new Float32Array(graphDimension);
const port = parentPort!;

port.on('message', (request: VectorBuildRequest) => {
  void (async () => {
    try {
      if (request.type === 'add') {
        const { vectors, firstLabel } = request;
        for (let offset = 0; offset < vectors.length; offset += dimension) {
          const vector = vectors.subarray(offset, offset + dimension);
          if (graphDimension < dimension) projectVector(vector, graphDimension, projected);
          builder.add(graphDimension < dimension ? projected : vector, firstLabel + offset / dimension);
        }
        // The buffer goes back to be filled again: no megabyte of garbage per batch left to this
        // thread's collector, which runs rarely on so small a heap (about 170 MB of them at 100×).
        port.postMessage({ type: 'added', count: vectors.length / dimension, vectors } satisfies VectorBuildReply, [vectors.buffer as ArrayBuffer]);
      } else {
        await builder.saveShard(request.dir, request.shard);
        const file = shardFile(request.shard);
        port.postMessage({ type: 'saved', file, checksum: await fileChecksum(path.join(request.dir, file)) } satisfies VectorBuildReply);
      }
    } catch (error) {
      port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies VectorBuildReply);
    }
  })();
});
