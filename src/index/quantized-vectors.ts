/**
 * An 8-bit copy of the full vectors of a store whose graphs hold projections, kept in memory to
 * re-rank the graphs' candidates without reading `vectors.f32` from disk (issue 11: those reads
 * were most of a dense search's cost at 100×). Each vector is scaled by its own largest component
 * to −127 … 127 and rounded; the cosine of a query with it is then one pass over 1-byte codes.
 *
 * File `vectors.q8`: `count` float32 factors (1 / the norm of each vector's codes), then the
 * codes, row-major in label order (`count × dimension` signed bytes). Read whole at load (a quarter
 * of the float file: 87 MB for the 85k vectors of the 100× bench corpus), viewed without a copy.
 */
import { closeSync, fstatSync, openSync, read } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

export const QUANTIZED_VECTORS_FILE = 'vectors.q8';

export class QuantizedVectorsError extends Error {}

/**
 * `vector` quantized into `codes` at `offset` (its `vector.length` components): each scaled by
 * 127 / its largest magnitude and rounded. Returns the factor that makes the codes a unit vector
 * (1 / their norm; 0 for a zero vector, whose cosine with anything is then 0).
 */
export function quantizeVector(vector: ArrayLike<number>, codes: Int8Array, offset = 0): number {
  const length = vector.length;
  let largest = 0;
  for (let i = 0; i < length; i += 1) {
    const magnitude = Math.abs(vector[i]!);
    if (magnitude > largest) largest = magnitude;
  }
  if (largest === 0 || !Number.isFinite(largest)) {
    codes.fill(0, offset, offset + length);
    return 0;
  }
  const scale = 127 / largest;
  let squares = 0;
  for (let i = 0; i < length; i += 1) {
    const code = Math.round(vector[i]! * scale);
    codes[offset + i] = code;
    squares += code * code;
  }
  return squares > 0 ? 1 / Math.sqrt(squares) : 0;
}

/**
 * A WebAssembly function (SIMD) for the dot product of `length` int8 codes at `codes` with as many
 * int16 query components at `query`, in the memory it imports: 16 codes a step, each half widened
 * to 16 bits and multiplied pairwise with the query into four 32-bit sums (`i32x4.dot_i16x8_s`),
 * about nine times faster than the JavaScript loop (0.19 against 1.7 µs for 1024 dimensions).
 * `length` must be a positive multiple of 16. Hand-assembled (no toolchain), tested against the
 * JavaScript loop; the text form:
 *
 *   (func (export "dot") (param $c i32) (param $q i32) (param $n i32) (result i32)
 *     (local $end i32) (local $acc v128)
 *     (local.set $end (i32.add (local.get $c) (local.get $n)))
 *     (local.set $acc (v128.const i32x4 0 0 0 0))
 *     (loop $next
 *       (local.set $acc (i32x4.add (i32x4.add (local.get $acc)
 *           (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (v128.load (local.get $c))) (v128.load (local.get $q))))
 *           (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (v128.load (local.get $c))) (v128.load offset=16 (local.get $q)))))
 *       (local.set $q (i32.add (local.get $q) (i32.const 32)))
 *       (br_if $next (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $end))))
 *     (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
 *              (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
 */
const DOT_MODULE =
  'AGFzbQEAAAABCAFgA39/fwF/Ag0BAW0GbWVtb3J5AgABAwIBAAcHAQNkb3QAAAp+AXwCAX8BeyAAIAJqIQP9DAAAAAAAAAAAAAAAAAAAAAAhBANAIAQgAP0AAAD9hwEgAf0AAAD9ugH9rgEgAP0AAAD9iAEgAf0AABD9ugH9rgEhBCABQSBqIQEgAEEQaiIAIANJDQALIAT9GwAgBP0bAWogBP0bAmogBP0bA2oL';
/**
 * The query's largest component becomes this int16: products with codes (at most 127) summed over
 * a lane's quarter of 1024 dimensions stay within 32 bits (256 × 127 × 16383 < 2³¹); beyond 1024
 * dimensions the query is scaled down to keep that bound.
 */
const QUERY_SCALE = 16_383;
const WASM_PAGE = 65_536;
/** The codes and the query must fit in one WebAssembly memory (at most 4 GB; kept under 2). */
const MAX_WASM_BYTES = 2 ** 31;

type Dot = (codes: number, query: number, length: number) => number;
let dotModule: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is missing (the JavaScript loop is used). */
function compiledDot(): WebAssembly.Module | null {
  if (dotModule === undefined) {
    try {
      dotModule = new WebAssembly.Module(Buffer.from(DOT_MODULE, 'base64'));
    } catch {
      dotModule = null;
    }
  }
  return dotModule;
}

/** Where the codes live: in a WebAssembly memory with the SIMD dot product, or in a plain array. */
interface CodeStorage {
  codes: Int8Array;
  dot?: { run: Dot; query: Int16Array; queryOffset: number };
}

function storageFor(count: number, dimension: number, useWasm: boolean): CodeStorage {
  const codeBytes = count * dimension;
  const module = useWasm && dimension % 16 === 0 && dimension > 0 ? compiledDot() : null;
  // The query (int16, 16-byte aligned) after the codes.
  const queryOffset = Math.ceil(codeBytes / 16) * 16;
  const total = queryOffset + dimension * 2;
  if (!module || total > MAX_WASM_BYTES) return { codes: new Int8Array(codeBytes) };
  const memory = new WebAssembly.Memory({ initial: Math.ceil(total / WASM_PAGE) });
  const instance = new WebAssembly.Instance(module, { m: { memory } });
  return {
    codes: new Int8Array(memory.buffer, 0, codeBytes),
    dot: { run: instance.exports.dot as Dot, query: new Int16Array(memory.buffer, queryOffset, dimension), queryOffset },
  };
}

export class QuantizedVectors {
  /** The query of the last `prepare`, unit length, as float64 (the JavaScript loop). */
  private readonly query: Float64Array;
  /** What the SIMD dot product of the int16 query must be multiplied by to be the unit query's. */
  private queryUnit = 0;
  readonly codes: Int8Array;
  private readonly dot: CodeStorage['dot'];

  private constructor(
    storage: CodeStorage,
    readonly factors: Float32Array,
    readonly dimension: number,
  ) {
    this.codes = storage.codes;
    this.dot = storage.dot;
    if (this.codes.length !== factors.length * dimension) throw new QuantizedVectorsError(`${this.codes.length} codes for ${factors.length} vectors of ${dimension}`);
    this.query = new Float64Array(dimension);
  }

  get count(): number {
    return this.factors.length;
  }

  /** True when cosines are computed by the WebAssembly SIMD dot product. */
  get simd(): boolean {
    return this.dot !== undefined;
  }

  /** Bytes of memory the copy holds. */
  get bytes(): number {
    return this.codes.byteLength + this.factors.byteLength;
  }

  /** Quantizes `count` row-major vectors held in memory (tests, measurements); `simd: false` keeps the JavaScript loop. */
  static fromFloats(vectors: ArrayLike<number>, dimension: number, options: { simd?: boolean } = {}): QuantizedVectors {
    const count = vectors.length / dimension;
    const storage = storageFor(count, dimension, options.simd ?? true);
    const factors = new Float32Array(count);
    const row = new Float64Array(dimension);
    for (let label = 0; label < count; label += 1) {
      for (let i = 0; i < dimension; i += 1) row[i] = vectors[label * dimension + i]!;
      factors[label] = quantizeVector(row, storage.codes, label * dimension);
    }
    return new QuantizedVectors(storage, factors, dimension);
  }

  /**
   * Reads `vectors.q8` (see above), checking its size against `count` vectors of `dimension`. The
   * file is opened and checked at once, and both reads are handed to libuv's pool in one go: they
   * proceed while this thread decodes the rest of the index, without waiting for it between steps.
   */
  static read(file: string, count: number, dimension: number, options: { simd?: boolean } = {}): Promise<QuantizedVectors> {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      return Promise.reject(new QuantizedVectorsError(`Cannot read ${file}: ${(error as Error).message}`));
    }
    const closeFile = () => closeSync(fd);
    try {
      const { size } = fstatSync(fd);
      const expected = count * 4 + count * dimension;
      if (size !== expected) throw new QuantizedVectorsError(`${file} holds ${size} bytes, expected ${expected} (${count} vectors of ${dimension})`);
    } catch (error) {
      closeFile();
      return Promise.reject(error);
    }
    const factors = new Float32Array(count);
    // The codes go straight where they are used (the WebAssembly memory): no second copy.
    const storage = storageFor(count, dimension, options.simd ?? true);
    return Promise.all([
      readFully(fd, new Uint8Array(factors.buffer), 0, file),
      readFully(fd, new Uint8Array(storage.codes.buffer, storage.codes.byteOffset, storage.codes.byteLength), count * 4, file),
    ])
      .then(() => new QuantizedVectors(storage, factors, dimension))
      .finally(closeFile);
  }

  /** Sets the query of the next `cosine` calls (any length; only its direction counts). */
  prepare(vector: ArrayLike<number>): void {
    const dimension = this.dimension;
    if (vector.length !== dimension) throw new QuantizedVectorsError(`Query has ${vector.length} dimensions, expected ${dimension}`);
    let squares = 0;
    let largest = 0;
    for (let i = 0; i < dimension; i += 1) {
      const value = vector[i]!;
      squares += value * value;
      if (Math.abs(value) > largest) largest = Math.abs(value);
    }
    const inverse = squares > 0 ? 1 / Math.sqrt(squares) : 0;
    for (let i = 0; i < dimension; i += 1) this.query[i] = vector[i]! * inverse;
    if (this.dot) {
      // The unit query as int16, its largest component ±QUERY_SCALE (less beyond 1024 dimensions).
      const top = Math.floor(QUERY_SCALE * Math.min(1, 1024 / dimension));
      const scale = largest > 0 ? top / (largest * inverse) : 0;
      for (let i = 0; i < dimension; i += 1) this.dot.query[i] = Math.round(this.query[i]! * scale);
      this.queryUnit = scale > 0 ? 1 / scale : 0;
    }
  }

  /** The cosine of the prepared query with vector `label`'s codes. */
  cosine(label: number): number {
    const dimension = this.dimension;
    const base = label * dimension;
    if (this.dot) return this.dot.run(base, this.dot.queryOffset, dimension) * this.queryUnit * this.factors[label]!;
    const codes = this.codes;
    const query = this.query;
    // Four sums (about a third faster than one: independent additions).
    let dot0 = 0;
    let dot1 = 0;
    let dot2 = 0;
    let dot3 = 0;
    let i = 0;
    for (; i + 3 < dimension; i += 4) {
      dot0 += codes[base + i]! * query[i]!;
      dot1 += codes[base + i + 1]! * query[i + 1]!;
      dot2 += codes[base + i + 2]! * query[i + 2]!;
      dot3 += codes[base + i + 3]! * query[i + 3]!;
    }
    for (; i < dimension; i += 1) dot0 += codes[base + i]! * query[i]!;
    return (dot0 + dot1 + dot2 + dot3) * this.factors[label]!;
  }
}

/** Fills `target` from `fd` at `position` (one request to libuv's pool, more only if a read comes back short). */
async function readFully(fd: number, target: Uint8Array, position: number, file: string): Promise<void> {
  for (let done = 0; done < target.byteLength; ) {
    const bytesRead = await new Promise<number>((resolve, reject) =>
      read(fd, target, done, target.byteLength - done, position + done, (error, bytes) => (error ? reject(new QuantizedVectorsError(`Cannot read ${file}: ${error.message}`)) : resolve(bytes))),
    );
    if (bytesRead === 0) throw new QuantizedVectorsError(`${file} cut short`);
    done += bytesRead;
  }
}

/**
 * Writes `vectors.q8` as the vectors are embedded (batch by batch, in label order): the codes go
 * to the file at once, the factors (4 bytes a vector) are written in front of them at the end.
 */
export class QuantizedVectorsWriter {
  private written = 0;
  private closed = false;
  private readonly factors: Float32Array;
  private codeBuffer = new Int8Array(0);

  private constructor(
    private readonly handle: FileHandle,
    readonly count: number,
    readonly dimension: number,
  ) {
    this.factors = new Float32Array(count);
  }

  static async create(file: string, count: number, dimension: number): Promise<QuantizedVectorsWriter> {
    return new QuantizedVectorsWriter(await open(file, 'w'), count, dimension);
  }

  /** Quantizes and writes the next vectors (row-major, `dimension` floats each). */
  async add(vectors: Float32Array): Promise<void> {
    const rows = vectors.length / this.dimension;
    if (!Number.isInteger(rows) || this.written + rows > this.count) throw new QuantizedVectorsError(`${vectors.length} floats do not fit the ${this.count} vectors of ${this.dimension} announced`);
    // One buffer for every batch (each is written before the next is quantized).
    if (this.codeBuffer.length < vectors.length) this.codeBuffer = new Int8Array(vectors.length);
    const codes = this.codeBuffer.subarray(0, vectors.length);
    for (let row = 0; row < rows; row += 1) {
      this.factors[this.written + row] = quantizeVector(vectors.subarray(row * this.dimension, (row + 1) * this.dimension), codes, row * this.dimension);
    }
    await this.handle.write(new Uint8Array(codes.buffer, 0, codes.byteLength), 0, codes.byteLength, this.count * 4 + this.written * this.dimension);
    this.written += rows;
  }

  /** Writes the factors and closes the file; every announced vector must have been added. */
  async finish(): Promise<void> {
    try {
      if (this.written !== this.count) throw new QuantizedVectorsError(`${this.written} vectors of the ${this.count} announced`);
      await this.handle.write(new Uint8Array(this.factors.buffer), 0, this.factors.byteLength, 0);
    } finally {
      await this.abort();
    }
  }

  /** Closes the file without finishing it (the ingest failed). */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
