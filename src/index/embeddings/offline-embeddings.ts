/**
 * An embedder that needs no model: hashed character n-grams of folded words.
 *
 * Why it works for this corpus: French inflection, missing accents and OCR noise change a few
 * characters of a word but keep most of its 3–5-grams, so « mobilité », « mobilite » and
 * « mobilites » land close together. Each word is padded with boundary marks (`<mot>`), its
 * n-grams are hashed (32-bit FNV-1a, then mixed) into `dimension` signed buckets, weighted by
 * sublinear tf × optional IDF fitted on the corpus passages, and the vector is L2-normalised.
 * Everything is integer arithmetic on the folded text: deterministic across runs and machines.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { foldText } from '../../lang/fr/normalize.js';

export const OFFLINE_EMBEDDER_ID = 'offline-char-ngrams-v1';

export interface OfflineEmbeddingsOptions extends Partial<EmbeddingsParams> {
  /** Number of hash buckets (vector size). */
  dimension?: number;
  minN?: number;
  maxN?: number;
}

/** What `toJSON()` writes next to an index, so queries are weighted exactly as the passages were. */
export interface OfflineEmbeddingsState {
  id: string;
  dimension: number;
  minN: number;
  maxN: number;
  /** Passages the IDF was fitted on (0 when not fitted). */
  documents: number;
  /** Base64 of a little-endian Uint32Array of feature hashes, sorted ascending. */
  idfKeys: string;
  /** Base64 of a little-endian Uint32Array: document frequency of each key. */
  idfDf: string;
}

const BOUNDARY_START = 0x3c; // '<'
const BOUNDARY_END = 0x3e; // '>'
/** Seeds the whole-word feature so it never collides by construction with an n-gram of the same letters. */
const WORD_SEED = 0x9e3779b9;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Counts of uint32 feature keys in an open-addressing table, remembering the order keys first
 * appeared (a vector's buckets are summed in that order, as with a Map: same floats). Reused from
 * one text to the next; a JS Map of heap numbers cost most of the embedding time.
 */
class FeatureCounts {
  private keys = new Uint32Array(1024);
  private counts = new Uint32Array(1024);
  /** Slots in first-seen order. */
  private order = new Uint32Array(512);
  size = 0;

  clear(): void {
    for (let i = 0; i < this.size; i += 1) this.counts[this.order[i]!] = 0;
    this.size = 0;
  }

  add(key: number): void {
    let mask = this.keys.length - 1;
    let slot = key & mask;
    for (;;) {
      const count = this.counts[slot]!;
      if (count === 0) break;
      if (this.keys[slot] === key) {
        this.counts[slot] = count + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      mask = this.keys.length - 1;
      slot = key & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.counts[slot] = 1;
    this.order[this.size++] = slot;
  }

  /** The i-th key first seen, and its count. */
  keyAt(i: number): number {
    return this.keys[this.order[i]!]!;
  }

  countAt(i: number): number {
    return this.counts[this.order[i]!]!;
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    const order = this.order;
    const size = this.size;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    this.order = new Uint32Array(keys.length);
    const mask = this.keys.length - 1;
    for (let i = 0; i < size; i += 1) {
      const key = keys[order[i]!]!;
      let slot = key & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.counts[slot] = counts[order[i]!]!;
      this.order[i] = slot;
    }
  }
}

/** Document frequencies of feature keys, read-only once fitted: open addressing over typed arrays. */
class FrequencyTable {
  private readonly keys: Uint32Array;
  private readonly values: Uint32Array;
  private readonly mask: number;

  constructor(entries: Map<number, number>) {
    let capacity = 16;
    while (capacity < entries.size * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.values = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (const [key, value] of entries) {
      let slot = key & this.mask;
      while (this.values[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.values[slot] = value;
    }
  }

  /** The frequency of `key`, or undefined (frequencies are ≥ 1). */
  get(key: number): number | undefined {
    let slot = key & this.mask;
    for (;;) {
      const value = this.values[slot]!;
      if (value === 0) return undefined;
      if (this.keys[slot] === key) return value;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** murmur3's finaliser: spreads FNV's weak low bits before they choose bucket and sign. */
function mix(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function encodeUint32(values: Uint32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, value] of values.entries()) view.setUint32(i * 4, value, true);
  return Buffer.from(bytes).toString('base64');
}

function decodeUint32(base64: string): Uint32Array {
  const bytes = Buffer.from(base64, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Uint32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < values.length; i += 1) values[i] = view.getUint32(i * 4, true);
  return values;
}

export class OfflineEmbeddings extends Embeddings {
  readonly id = OFFLINE_EMBEDDER_ID;
  readonly dimension: number;
  readonly minN: number;
  readonly maxN: number;
  private documents = 0;
  /** Feature hash → number of fitted passages containing it. */
  private df = new Map<number, number>();
  /** `df` for look-ups while embedding. */
  private frequencies = new FrequencyTable(this.df);
  private readonly counts = new FeatureCounts();
  private codes = new Int32Array(64);
  /** Passages observed since the last `fit`/`beginFit` (streamed fitting). */
  private pending?: { df: Map<number, number>; documents: number };

  constructor(options: OfflineEmbeddingsOptions = {}) {
    const { dimension, minN, maxN, ...params } = options;
    super(params);
    this.dimension = Math.floor(dimension ?? 1024);
    this.minN = Math.floor(minN ?? 3);
    this.maxN = Math.floor(maxN ?? 5);
    if (this.dimension < 2) throw new RangeError('dimension must be at least 2');
    if (this.minN < 1 || this.maxN < this.minN) throw new RangeError('need 1 <= minN <= maxN');
  }

  /** True once IDF weights were fitted or restored. */
  get fitted(): boolean {
    return this.documents > 0;
  }

  /**
   * Learns document frequencies from the corpus passages, so words present everywhere
   * (« de », « la », « ville ») weigh less than distinctive ones. Replaces any previous fit.
   */
  fit(passages: string[]): this {
    this.beginFit();
    for (const passage of passages) this.observe(passage);
    return this.endFit();
  }

  /** Starts fitting passages given one at a time (`observe`), so a corpus is never held whole. */
  beginFit(): this {
    this.pending = { df: new Map(), documents: 0 };
    return this;
  }

  observe(passage: string): void {
    const pending = this.pending;
    if (!pending) throw new Error('observe() before beginFit()');
    const counts = this.features(passage);
    for (let i = 0; i < counts.size; i += 1) {
      const feature = counts.keyAt(i);
      pending.df.set(feature, (pending.df.get(feature) ?? 0) + 1);
    }
    pending.documents += 1;
  }

  /** Replaces any previous fit with the passages observed since `beginFit`. */
  endFit(): this {
    const pending = this.pending;
    if (!pending) throw new Error('endFit() before beginFit()');
    this.pending = undefined;
    this.df = pending.df;
    this.frequencies = new FrequencyTable(this.df);
    this.documents = pending.documents;
    return this;
  }

  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedSync(documents);
  }

  async embedQuery(document: string): Promise<number[]> {
    return this.embedOne(document);
  }

  /** Synchronous batch form, for callers that need no promise (index building, benchmarks). */
  embedSync(texts: string[]): number[][] {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): number[] {
    const vector = this.weigh(text);
    const out = new Array<number>(this.dimension);
    for (let i = 0; i < vector.length; i += 1) out[i] = vector[i]!;
    return out;
  }

  /** The vector of `text` written into `target` at `offset` (float32, as the vector index stores it). */
  embedInto(text: string, target: Float32Array, offset = 0): void {
    target.set(this.weigh(text), offset);
  }

  /** The normalised vector, in float64. */
  private weigh(text: string): Float64Array {
    const vector = new Float64Array(this.dimension);
    const logDocuments = Math.log(1 + this.documents);
    const counts = this.features(text);
    for (let i = 0; i < counts.size; i += 1) {
      const feature = counts.keyAt(i);
      const tf = 1 + Math.log(counts.countAt(i));
      // Smoothed IDF; a feature unseen in the corpus counts as seen once (rare, but not infinitely so).
      const idf = this.documents > 0 ? 1 + logDocuments - Math.log(1 + (this.frequencies.get(feature) ?? 1)) : 1;
      const bucket = (feature >>> 1) % this.dimension;
      vector[bucket]! += feature & 1 ? tf * idf : -tf * idf;
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i += 1) norm += vector[i]! * vector[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < vector.length; i += 1) vector[i] = norm > 0 ? vector[i]! / norm : 0;
    return vector;
  }

  /**
   * Feature hash → count, in first-seen order: the padded n-grams and the whole form of every
   * folded word. The table is reused by the next call.
   */
  private features(text: string): FeatureCounts {
    const counts = this.counts;
    counts.clear();
    const folded = foldText(text);
    const { minN, maxN } = this;
    for (let at = 0; at < folded.length; ) {
      // Words are runs of [a-z0-9].
      let code = folded.charCodeAt(at);
      if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39))) {
        at += 1;
        continue;
      }
      let end = at;
      while (end < folded.length) {
        code = folded.charCodeAt(end);
        if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39))) break;
        end += 1;
      }
      const length = end - at + 2;
      if (this.codes.length < length) this.codes = new Int32Array(length * 2);
      const codes = this.codes;
      codes[0] = BOUNDARY_START;
      for (let i = at; i < end; i += 1) codes[i - at + 1] = folded.charCodeAt(i);
      codes[length - 1] = BOUNDARY_END;
      at = end;

      // Whole word: keeps exact-word matches ahead of mere n-gram overlap.
      let wordHash = WORD_SEED;
      for (let i = 0; i < length; i += 1) wordHash = Math.imul(wordHash ^ codes[i]!, FNV_PRIME);
      counts.add(mix(wordHash));

      // FNV-1a extends one character at a time, so each start yields its minN..maxN grams in one pass.
      for (let start = 0; start + minN <= length; start += 1) {
        let hash = FNV_OFFSET;
        const last = Math.min(length, start + maxN);
        for (let i = start; i < last; i += 1) {
          hash = Math.imul(hash ^ codes[i]!, FNV_PRIME);
          if (i - start + 1 >= minN) counts.add(mix(hash));
        }
      }
      // Words shorter than minN - 2 (e.g. « a ») still count once through their whole form above.
    }
    return counts;
  }

  toJSON(): OfflineEmbeddingsState {
    const keys = Uint32Array.from([...this.df.keys()].sort((a, b) => a - b));
    const dfs = Uint32Array.from(keys, (key) => this.df.get(key) ?? 0);
    return {
      id: this.id,
      dimension: this.dimension,
      minN: this.minN,
      maxN: this.maxN,
      documents: this.documents,
      idfKeys: encodeUint32(keys),
      idfDf: encodeUint32(dfs),
    };
  }

  static fromJSON(state: OfflineEmbeddingsState, params: Partial<EmbeddingsParams> = {}): OfflineEmbeddings {
    if (state.id !== OFFLINE_EMBEDDER_ID) {
      throw new Error(`Unsupported offline embedder state "${state.id}" (expected ${OFFLINE_EMBEDDER_ID})`);
    }
    const embedder = new OfflineEmbeddings({ ...params, dimension: state.dimension, minN: state.minN, maxN: state.maxN });
    const keys = decodeUint32(state.idfKeys);
    const dfs = decodeUint32(state.idfDf);
    if (keys.length !== dfs.length) throw new Error('Corrupt offline embedder state: IDF arrays differ in length');
    embedder.df = new Map(Array.from(keys, (key, i) => [key, dfs[i]] as [number, number]));
    embedder.frequencies = new FrequencyTable(embedder.df);
    embedder.documents = state.documents;
    return embedder;
  }
}
