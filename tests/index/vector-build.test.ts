/**
 * The vector index built on other threads: the batches' buffers come back from the threads and are
 * filled again, zeroed, and the index is the same as one built from fresh buffers.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileChecksum } from '../../src/index/index-files.js';
import { VectorIndexBuild } from '../../src/index/vector-build.js';
import { shardFile } from '../../src/index/vector-store.js';

const DIMENSION = 8;
const BATCH = 16;
const BATCHES = 6;

/** A fixed pseudo-random vector per label. */
const componentOf = (label: number, i: number) => Math.sin(label * 12.9898 + i * 78.233) * 0.5;

async function build(dir: string, recycle: boolean): Promise<VectorIndexBuild> {
  const vectors = new VectorIndexBuild(DIMENSION, BATCH * BATCHES);
  for (let batch = 0; batch < BATCHES; batch += 1) {
    const buffer = recycle ? vectors.buffer(BATCH * DIMENSION) : new Float32Array(BATCH * DIMENSION);
    expect(buffer.every((value) => value === 0)).toBe(true);
    // Only half of each vector is written: a reused buffer must not keep the previous batch's values.
    for (let row = 0; row < BATCH; row += 1) for (let i = 0; i < DIMENSION / 2; i += 1) buffer[row * DIMENSION + i] = componentOf(batch * BATCH + row, i);
    await vectors.add(buffer);
    // Time for the thread to add the batch and hand its buffer back.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await vectors.save(dir);
  return vectors;
}

describe('VectorIndexBuild', () => {
  it('fills the buffers the threads hand back again, zeroed, and builds the same index', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'alinea-vector-build-'));
    try {
      const recycled = await build(path.join(root, 'recycled'), true);
      await build(path.join(root, 'fresh'), false);
      expect(recycled.recycled).toBeGreaterThan(0);
      const [a, b] = await Promise.all(['recycled', 'fresh'].map((name) => readFile(path.join(root, name, 'vectors.hnsw'))));
      expect(a!.equals(b!)).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('saves each shard on its thread and hands back its checksum, the one fileChecksum reads from the file', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'alinea-vector-build-'));
    try {
      const vectors = new VectorIndexBuild(DIMENSION, BATCH * BATCHES, { shards: 2, stride: 4 });
      for (let batch = 0; batch < BATCHES; batch += 1) {
        const buffer = vectors.buffer(BATCH * DIMENSION);
        for (let row = 0; row < BATCH; row += 1) for (let i = 0; i < DIMENSION; i += 1) buffer[row * DIMENSION + i] = componentOf(batch * BATCH + row, i);
        await vectors.add(buffer);
      }
      const checksums = await vectors.save(root);
      expect([...checksums.keys()].sort()).toEqual([shardFile(0), shardFile(1)].sort());
      for (const [name, checksum] of checksums) expect(checksum, name).toBe(await fileChecksum(path.join(root, name)));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('fails, and ends its threads, when a shard cannot be saved', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'alinea-vector-build-'));
    try {
      // A file where the index folder should be: the threads' writes fail.
      const blocked = path.join(root, 'blocked');
      await writeFile(blocked, '');
      const vectors = new VectorIndexBuild(DIMENSION, BATCH, { shards: 2, stride: 4 });
      const buffer = vectors.buffer(BATCH * DIMENSION);
      for (let i = 0; i < buffer.length; i += 1) buffer[i] = componentOf(i, 1);
      await vectors.add(buffer);
      await expect(vectors.save(blocked)).rejects.toThrow();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
