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
const WORD = /[a-z0-9]+/g;

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
    const df = new Map<number, number>();
    for (const passage of passages) {
      for (const feature of this.features(passage).keys()) df.set(feature, (df.get(feature) ?? 0) + 1);
    }
    this.df = df;
    this.documents = passages.length;
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
    const vector = new Float64Array(this.dimension);
    const logDocuments = Math.log(1 + this.documents);
    for (const [feature, count] of this.features(text)) {
      const tf = 1 + Math.log(count);
      // Smoothed IDF; a feature unseen in the corpus counts as seen once (rare, but not infinitely so).
      const idf = this.documents > 0 ? 1 + logDocuments - Math.log(1 + (this.df.get(feature) ?? 1)) : 1;
      const bucket = (feature >>> 1) % this.dimension;
      vector[bucket]! += feature & 1 ? tf * idf : -tf * idf;
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i += 1) norm += vector[i]! * vector[i]!;
    norm = Math.sqrt(norm);
    const out = new Array<number>(this.dimension);
    for (let i = 0; i < vector.length; i += 1) out[i] = norm > 0 ? vector[i]! / norm : 0;
    return out;
  }

  /** Feature hash → count: the padded n-grams and the whole form of every folded word. */
  private features(text: string): Map<number, number> {
    const counts = new Map<number, number>();
    const add = (hash: number): void => {
      const key = mix(hash);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    };
    const codes: number[] = [];
    for (const match of foldText(text).matchAll(WORD)) {
      const word = match[0];
      codes.length = 0;
      codes.push(BOUNDARY_START);
      for (let i = 0; i < word.length; i += 1) codes.push(word.charCodeAt(i));
      codes.push(BOUNDARY_END);

      // Whole word: keeps exact-word matches ahead of mere n-gram overlap.
      let wordHash = WORD_SEED;
      for (const code of codes) wordHash = Math.imul(wordHash ^ code, FNV_PRIME);
      add(wordHash);

      // FNV-1a extends one character at a time, so each start yields its minN..maxN grams in one pass.
      for (let start = 0; start + this.minN <= codes.length; start += 1) {
        let hash = FNV_OFFSET;
        const end = Math.min(codes.length, start + this.maxN);
        for (let i = start; i < end; i += 1) {
          hash = Math.imul(hash ^ codes[i]!, FNV_PRIME);
          if (i - start + 1 >= this.minN) add(hash);
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
    embedder.documents = state.documents;
    return embedder;
  }
}
