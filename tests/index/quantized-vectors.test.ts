import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuantizedVectors, QuantizedVectorsWriter, quantizeVector } from '../../src/index/quantized-vectors.js';

/** Deterministic pseudo-random floats in −0.5 … 0.5 (mulberry32). */
function randomFloats(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  });
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
};

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alinea-q8-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('QuantizedVectors', () => {
  it('scales each vector to −127 … 127 by its largest component, and says how to make the codes unit length', () => {
    const codes = new Int8Array(4);
    const factor = quantizeVector([0.5, -1, 0.25, 0], codes);
    expect(Array.from(codes)).toEqual([64, -127, 32, 0]);
    expect(factor).toBeCloseTo(1 / Math.sqrt(64 ** 2 + 127 ** 2 + 32 ** 2), 12);
    expect(quantizeVector([0, 0, 0, 0], codes)).toBe(0);
    expect(Array.from(codes)).toEqual([0, 0, 0, 0]);
  });

  it('gives the same cosines by the WebAssembly SIMD dot product as by the JavaScript loop, close to the floats', () => {
    for (const dimension of [16, 32, 1024, 1040, 2048]) {
      const count = 50;
      const floats = randomFloats(count * dimension, dimension);
      const simd = QuantizedVectors.fromFloats(floats, dimension);
      const plain = QuantizedVectors.fromFloats(floats, dimension, { simd: false });
      expect(simd.simd).toBe(true);
      expect(plain.simd).toBe(false);
      for (let q = 0; q < 5; q += 1) {
        const query = randomFloats(dimension, 1000 + q);
        // Any scale: only the direction counts.
        for (let i = 0; i < dimension; i += 1) query[i] = query[i]! * 37;
        simd.prepare(query);
        plain.prepare(query);
        for (let label = 0; label < count; label += 1) {
          const exact = cosine(query, floats.subarray(label * dimension, (label + 1) * dimension));
          expect(simd.cosine(label)).toBeCloseTo(plain.cosine(label), 4);
          expect(plain.cosine(label)).toBeCloseTo(exact, 2);
        }
      }
    }
    // Not a multiple of 16: the JavaScript loop.
    expect(QuantizedVectors.fromFloats(randomFloats(24 * 3, 1), 24).simd).toBe(false);
  });

  it('writes vectors.q8 batch by batch and reads it back, refusing a file of another size', async () => {
    const dimension = 32;
    const count = 70;
    const floats = randomFloats(count * dimension, 5);
    const file = path.join(tmp, 'vectors.q8');
    const writer = await QuantizedVectorsWriter.create(file, count, dimension);
    for (let start = 0; start < count; start += 32) await writer.add(floats.slice(start * dimension, Math.min(count, start + 32) * dimension));
    await writer.finish();
    expect(fs.statSync(file).size).toBe(count * 4 + count * dimension);
    const read = await QuantizedVectors.read(file, count, dimension);
    const made = QuantizedVectors.fromFloats(floats, dimension);
    expect(Array.from(read.codes)).toEqual(Array.from(made.codes));
    expect(Array.from(read.factors)).toEqual(Array.from(made.factors));
    await expect(QuantizedVectors.read(file, count + 1, dimension)).rejects.toThrow(/holds \d+ bytes, expected/);
    await expect(QuantizedVectors.read(path.join(tmp, 'missing.q8'), count, dimension)).rejects.toThrow(/Cannot read/);
    // Fewer vectors than announced: refused at the end.
    const short = await QuantizedVectorsWriter.create(path.join(tmp, 'short.q8'), count, dimension);
    await short.add(floats.slice(0, dimension));
    await expect(short.finish()).rejects.toThrow(/1 vectors of the 70 announced/);
  });
});
