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
import { murmurFinalize } from '../../text/hash.js';

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

/**
 * Document frequencies of feature keys: open addressing over typed arrays, counted while fitting
 * and read while embedding. Feature hashes are uint32, above V8's small integers: as `Map` keys
 * each was a heap number, and counting them in a `Map` cost more than computing them.
 */
export class FrequencyTable {
  private keys: Uint32Array;
  private values: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 16) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Uint32Array(slots);
    this.values = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  static from(keys: ArrayLike<number>, values: ArrayLike<number>): FrequencyTable {
    const table = new FrequencyTable(keys.length);
    for (let i = 0; i < keys.length; i += 1) table.set(keys[i]!, values[i]!);
    return table;
  }

  /** The slot of `key`: where it is, or the empty slot where it would go. */
  private slotOf(key: number): number {
    let slot = key & this.mask;
    while (this.values[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** The frequency of `key`, or undefined (frequencies are ≥ 1). */
  get(key: number): number | undefined {
    const value = this.values[this.slotOf(key)]!;
    return value === 0 ? undefined : value;
  }

  /** Sets a frequency (≥ 1). */
  set(key: number, value: number): void {
    let slot = this.slotOf(key);
    if (this.values[slot] === 0) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key;
      this.size += 1;
    }
    this.values[slot] = value;
  }

  increment(key: number): void {
    const slot = this.slotOf(key);
    if (this.values[slot] !== 0) this.values[slot]! += 1;
    else this.set(key, 1);
  }

  /** Every key, ascending, and its frequency. */
  sorted(): { keys: Uint32Array; values: Uint32Array } {
    const keys = new Uint32Array(this.size);
    let at = 0;
    for (let slot = 0; slot < this.keys.length; slot += 1) if (this.values[slot] !== 0) keys[at++] = this.keys[slot]!;
    keys.sort();
    return { keys, values: Uint32Array.from(keys, (key) => this.values[this.slotOf(key)]!) };
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let slot = 0; slot < keys.length; slot += 1) {
      if (values[slot] === 0) continue;
      const at = this.slotOf(keys[slot]!);
      this.keys[at] = keys[slot]!;
      this.values[at] = values[slot]!;
    }
  }
}

/** Bytes of passages' word ids kept per block: a passage is never split between two blocks. */
const TOKEN_BLOCK = 1 << 20;

/** `1 + Math.log(n)` for small counts, the sublinear tf of a feature seen n times. */
const SUBLINEAR_TF = Float64Array.from({ length: 1024 }, (_, n) => 1 + Math.log(n));

/**
 * The passages observed while fitting, kept for embedding them next without reading their text
 * again: the corpus's distinct folded words, each with its features (`hashWord`), and each
 * passage as the ids of its words. Folding and hashing a passage cost most of the fit and most of
 * the embedding; words repeat far more than they vary. A feature is known by a dense id (the
 * order it was first seen in), so its document frequency, its IDF and a passage's count of it
 * are arrays indexed by that id, not hash tables probed once per feature of every word. The word
 * ids of a passage are kept as varints (7 bits a byte; ids are given in first-seen order, so
 * common words have small ones: about 1.5 bytes a word instead of 4) in blocks that are never
 * copied to grow (at 100×, 15 M words took 64–128 MB as a doubling Uint32Array, and three
 * times that while it grew).
 */
class ObservedPassages {
  /** Folded word → id. */
  readonly words = new Map<string, number>();
  /** Feature ids of word `id`: `features[featureStarts[id] … featureStarts[id + 1]]` (a feature repeated in a word, repeated here). */
  features = new Uint32Array(1 << 16);
  featureStarts = new Uint32Array(1 << 12);
  featureCount = 0;
  /** Per feature id: its key (the feature hash), the passages holding it, the last passage that counted it. */
  featureKeys = new Uint32Array(1 << 12);
  df = new Uint32Array(1 << 12);
  lastPassage = new Int32Array(1 << 12).fill(-1);
  distinctFeatures = 0;
  /** Feature key → 1 + its id (open addressing; 0 is an empty slot). */
  private featureSlots = new Int32Array(1 << 13);
  /** Word ids of passage `i`, as varints: `blocks[passageBlock[i]][passageStart[i] … passageEnd[i]]`. */
  readonly blocks: Uint8Array[] = [];
  passageBlock = new Uint32Array(1 << 12);
  passageStart = new Uint32Array(1 << 12);
  passageEnd = new Uint32Array(1 << 12);
  /** Bytes used of the last block. */
  private blockUsed = 0;
  constructor(private readonly blockBytes = TOKEN_BLOCK) {}

  /** The passage being observed, encoded. */
  private current = new Uint8Array(1 << 12);
  private currentLength = 0;
  passages = 0;
  /** Once fitted: per feature id, its IDF negated when its key's low bit is 0 (its sign), and its bucket (`embedObservedInto`). */
  signedIdfs?: Float64Array;
  featureBuckets = new Uint32Array(0);
  /** Scratch space per word id and per feature id (`embedObservedInto`). */
  scratchWords = new Uint32Array(0);
  scratchCounts = new Uint32Array(0);
  scratchFeatureCounts = new Uint32Array(0);
  scratchOrder = new Uint32Array(0);

  /** Appends a word's features (`count` keys, from `keys`); its id. */
  addWord(word: string, keys: Uint32Array, count: number): number {
    const id = this.words.size;
    this.words.set(word, id);
    if (this.featureCount + count > this.features.length) this.features = grown(this.features, this.featureCount + count);
    for (let i = 0; i < count; i += 1) this.features[this.featureCount + i] = this.featureId(keys[i]!);
    this.featureCount += count;
    if (id + 2 > this.featureStarts.length) this.featureStarts = grown(this.featureStarts, id + 2);
    this.featureStarts[id + 1] = this.featureCount;
    return id;
  }

  /** The id of feature `key`, given on first sight. */
  private featureId(key: number): number {
    let mask = this.featureSlots.length - 1;
    let slot = key & mask;
    for (;;) {
      const entry = this.featureSlots[slot]!;
      if (entry === 0) break;
      if (this.featureKeys[entry - 1] === key) return entry - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.distinctFeatures++;
    if (id >= this.featureKeys.length) {
      this.featureKeys = grown(this.featureKeys, id + 1);
      this.df = grown(this.df, id + 1);
      const lastPassage = new Int32Array(this.featureKeys.length).fill(-1);
      lastPassage.set(this.lastPassage);
      this.lastPassage = lastPassage;
    }
    this.featureKeys[id] = key;
    if (this.distinctFeatures * 2 > this.featureSlots.length) {
      this.featureSlots = new Int32Array(this.featureSlots.length * 2);
      mask = this.featureSlots.length - 1;
      for (let other = 0; other < this.distinctFeatures; other += 1) {
        let at = this.featureKeys[other]! & mask;
        while (this.featureSlots[at] !== 0) at = (at + 1) & mask;
        this.featureSlots[at] = other + 1;
      }
    } else this.featureSlots[slot] = id + 1;
    return id;
  }

  /** Counts the features of word `id` once for passage `passage` (the passage's distinct features). */
  countDocumentFrequencies(id: number, passage: number): void {
    const { features, lastPassage, df } = this;
    for (let i = this.featureStarts[id]!, end = this.featureStarts[id + 1]!; i < end; i += 1) {
      const feature = features[i]!;
      if (lastPassage[feature] === passage) continue;
      lastPassage[feature] = passage;
      df[feature]! += 1;
    }
  }

  /** The document frequencies counted, as a table of feature keys. */
  frequencies(): FrequencyTable {
    return FrequencyTable.from(this.featureKeys.subarray(0, this.distinctFeatures), this.df.subarray(0, this.distinctFeatures));
  }

  addToken(word: number): void {
    if (this.currentLength + 5 > this.current.length) {
      const next = new Uint8Array(this.current.length * 2);
      next.set(this.current);
      this.current = next;
    }
    let value = word;
    while (value >= 0x80) {
      this.current[this.currentLength++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.current[this.currentLength++] = value;
  }

  endPassage(): void {
    const length = this.currentLength;
    let block = this.blocks[this.blocks.length - 1];
    if (!block || this.blockUsed + length > block.length) {
      block = new Uint8Array(Math.max(this.blockBytes, length));
      this.blocks.push(block);
      this.blockUsed = 0;
    }
    block.set(this.current.subarray(0, length), this.blockUsed);
    const index = this.passages;
    if (index + 1 > this.passageBlock.length) {
      this.passageBlock = grown(this.passageBlock, index + 1);
      this.passageStart = grown(this.passageStart, index + 1);
      this.passageEnd = grown(this.passageEnd, index + 1);
    }
    this.passageBlock[index] = this.blocks.length - 1;
    this.passageStart[index] = this.blockUsed;
    this.passageEnd[index] = this.blockUsed + length;
    this.blockUsed += length;
    this.currentLength = 0;
    this.passages += 1;
  }
}

/** A character of a word: [a-z0-9] of folded text. */
function isWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/** `vector` scaled to unit length in place (zero stays zero). */
function normalised(vector: Float64Array): Float64Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i += 1) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  for (let i = 0; i < vector.length; i += 1) vector[i] = norm > 0 ? vector[i]! / norm : 0;
  return vector;
}

/**
 * `normalised(vector)` written into `target` at `offset` as float32, in one pass instead of two:
 * the same divisions, each rounded to float32 as `target.set` would.
 */
function normalisedInto(vector: Float64Array, target: Float32Array, offset: number): void {
  let norm = 0;
  const length = vector.length;
  for (let i = 0; i < length; i += 1) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < length; i += 1) target[offset + i] = vector[i]! / norm;
  else target.fill(0, offset, offset + length);
}

function grown(array: Uint32Array, needed: number): Uint32Array<ArrayBuffer> {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const next = new Uint32Array(length);
  next.set(array);
  return next;
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

export interface BeginFitOptions {
  /** Keep each passage's word ids for `embedObservedInto`. */
  keepPassages?: boolean;
  /** Bytes of word ids per block of kept passages (tests). */
  blockBytes?: number;
}

export class OfflineEmbeddings extends Embeddings {
  readonly id = OFFLINE_EMBEDDER_ID;
  readonly dimension: number;
  readonly minN: number;
  readonly maxN: number;
  private documents = 0;
  /** Feature hash → number of fitted passages containing it. */
  private frequencies = new FrequencyTable();
  private readonly counts = new FeatureCounts();
  private codes = new Int32Array(64);
  /** The vector being weighed (`weigh`). */
  private readonly vector: Float64Array;
  /** Feature keys of the word being hashed. */
  private wordKeys = new Uint32Array(256);
  /** Passages observed since the last `fit`/`beginFit` (streamed fitting). */
  private pending?: { df: FrequencyTable; documents: number };
  /** What `embedObservedInto` embeds (`beginFit({ keepPassages: true })`), until `endEmbedding`. */
  private observed?: ObservedPassages;
  /** Per word id, the last passage that counted its features in the document frequencies. */
  private lastSeen = new Int32Array(0);

  constructor(options: OfflineEmbeddingsOptions = {}) {
    const { dimension, minN, maxN, ...params } = options;
    super(params);
    this.dimension = Math.floor(dimension ?? 1024);
    this.minN = Math.floor(minN ?? 3);
    this.maxN = Math.floor(maxN ?? 5);
    if (this.dimension < 2) throw new RangeError('dimension must be at least 2');
    if (this.minN < 1 || this.maxN < this.minN) throw new RangeError('need 1 <= minN <= maxN');
    this.vector = new Float64Array(this.dimension);
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

  /**
   * Starts fitting passages given one at a time (`observe`), so a corpus is never held whole.
   * With `keepPassages`, each passage is also kept as the ids of its words, and
   * `embedObservedInto(i)` embeds the i-th passage observed without folding or hashing it again.
   */
  beginFit(options: BeginFitOptions = {}): this {
    this.pending = { df: new FrequencyTable(), documents: 0 };
    this.observed = options.keepPassages ? new ObservedPassages(options.blockBytes) : undefined;
    this.lastSeen = new Int32Array(0);
    return this;
  }

  observe(passage: string): void {
    const pending = this.pending;
    if (!pending) throw new Error('observe() before beginFit()');
    const observed = this.observed;
    if (observed) {
      const passageIndex = observed.passages;
      // Each distinct word's features once: the passage's distinct features, whatever their order.
      // A word already known is only looked up (its characters are padded and hashed on first sight).
      const folded = foldText(passage);
      const length = folded.length;
      for (let at = 0; at < length; ) {
        if (!isWordCode(folded.charCodeAt(at))) {
          at += 1;
          continue;
        }
        let end = at + 1;
        while (end < length && isWordCode(folded.charCodeAt(end))) end += 1;
        const word = folded.slice(at, end);
        let id = observed.words.get(word);
        if (id === undefined) {
          const count = this.hashWord(this.padded(folded, at, end), end - at + 2);
          id = observed.addWord(word, this.wordKeys, count);
        }
        observed.addToken(id);
        at = end;
        if (id >= this.lastSeen.length) {
          const next = new Int32Array(Math.max(1024, this.lastSeen.length * 2, id + 1)).fill(-1);
          next.set(this.lastSeen);
          this.lastSeen = next;
        }
        if (this.lastSeen[id] === passageIndex) continue;
        this.lastSeen[id] = passageIndex;
        observed.countDocumentFrequencies(id, passageIndex);
      }
      observed.endPassage();
    } else {
      const counts = this.features(passage);
      for (let i = 0; i < counts.size; i += 1) pending.df.increment(counts.keyAt(i));
    }
    pending.documents += 1;
  }

  /** Replaces any previous fit with the passages observed since `beginFit`. */
  endFit(): this {
    const pending = this.pending;
    if (!pending) throw new Error('endFit() before beginFit()');
    this.pending = undefined;
    this.lastSeen = new Int32Array(0);
    // Kept passages counted their frequencies by feature id.
    this.frequencies = this.observed ? this.observed.frequencies() : pending.df;
    this.documents = pending.documents;
    return this;
  }

  /** How many observed passages `embedObservedInto` can embed (0 unless kept). */
  get observedPassages(): number {
    return this.observed?.passages ?? 0;
  }

  /**
   * The vector of the `index`-th passage observed since `beginFit({ keepPassages: true })`, once
   * fitted: the same floats as `embedInto` of its text.
   */
  embedObservedInto(index: number, target: Float32Array, offset = 0): void {
    const observed = this.observed;
    if (!observed || this.pending || index < 0 || index >= observed.passages) throw new RangeError(`No observed passage ${index} to embed`);
    const { features, featureStarts } = observed;
    const bytes = observed.blocks[observed.passageBlock[index]!]!;
    const signedIdfs = this.signedIdfs(observed);
    // The passage's distinct words in the order they first occur, with how often: each word's
    // features are then added once, times its count (the same counts, in the same first-seen
    // order, as adding every token's), their IDF worked out once per corpus feature, not per passage.
    const words = observed.scratchWords;
    const wordCounts = observed.scratchCounts;
    let distinct = 0;
    for (let at = observed.passageStart[index]!, end = observed.passageEnd[index]!; at < end; ) {
      let byte = bytes[at++]!;
      let id = byte & 0x7f;
      // Ids below 2^28 (four bytes at most).
      for (let shift = 7; byte >= 0x80; shift += 7) {
        byte = bytes[at++]!;
        id |= (byte & 0x7f) << shift;
      }
      if (wordCounts[id] === 0) words[distinct++] = id;
      wordCounts[id]! += 1;
    }
    // The passage's features in the order they are first seen, and their counts, by feature id.
    const counts = observed.scratchFeatureCounts;
    const order = observed.scratchOrder;
    let size = 0;
    for (let w = 0; w < distinct; w += 1) {
      const id = words[w]!;
      const times = wordCounts[id]!;
      wordCounts[id] = 0;
      for (let i = featureStarts[id]!, end = featureStarts[id + 1]!; i < end; i += 1) {
        const feature = features[i]!;
        const count = counts[feature]!;
        if (count === 0) order[size++] = feature;
        counts[feature] = count + times;
      }
    }
    // As `weigh`: the same sums in the same order.
    const vector = this.vector;
    vector.fill(0);
    const featureBuckets = observed.featureBuckets;
    for (let i = 0; i < size; i += 1) {
      const feature = order[i]!;
      const count = counts[feature]!;
      counts[feature] = 0;
      const tf = count < SUBLINEAR_TF.length ? SUBLINEAR_TF[count]! : 1 + Math.log(count);
      // The IDF carries the feature's sign: tf × (−idf) is −(tf × idf) exactly, as `weigh` adds it.
      vector[featureBuckets[feature]!]! += tf * signedIdfs[feature]!;
    }
    normalisedInto(vector, target, offset);
  }

  /** The IDF, with the feature's sign, and the bucket of every observed feature (by feature id), worked out once after the fit. */
  private signedIdfs(observed: ObservedPassages): Float64Array {
    if (observed.signedIdfs) return observed.signedIdfs;
    const features = observed.distinctFeatures;
    const idfs = new Float64Array(features);
    const buckets = new Uint32Array(features);
    for (let i = 0; i < features; i += 1) {
      const key = observed.featureKeys[i]!;
      const idf = this.idfOf(key);
      idfs[i] = key & 1 ? idf : -idf;
      buckets[i] = (key >>> 1) % this.dimension;
    }
    observed.signedIdfs = idfs;
    observed.featureBuckets = buckets;
    observed.scratchWords = new Uint32Array(observed.words.size);
    observed.scratchCounts = new Uint32Array(observed.words.size);
    observed.scratchFeatureCounts = new Uint32Array(features);
    observed.scratchOrder = new Uint32Array(features);
    return idfs;
  }

  /** Smoothed IDF; a feature unseen in the corpus counts as seen once (rare, but not infinitely so). */
  private idfOf(feature: number): number {
    return this.documents > 0 ? 1 + Math.log(1 + this.documents) - Math.log(1 + (this.frequencies.get(feature) ?? 1)) : 1;
  }

  /** Drops the observed passages (embedded). */
  endEmbedding(): void {
    this.observed = undefined;
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
    const vector = this.weigh(this.features(text));
    const out = new Array<number>(this.dimension);
    for (let i = 0; i < vector.length; i += 1) out[i] = vector[i]!;
    return out;
  }

  /** The vector of `text` written into `target` at `offset` (float32, as the vector index stores it). */
  embedInto(text: string, target: Float32Array, offset = 0): void {
    target.set(this.weigh(this.features(text)), offset);
  }

  /**
   * The normalised vector of a passage's feature counts, in float64, in a buffer reused by the
   * next call (a new 8 KB buffer per passage was most of an ingest's garbage while it embeds).
   */
  private weigh(counts: FeatureCounts): Float64Array {
    const vector = this.vector;
    vector.fill(0);
    for (let i = 0; i < counts.size; i += 1) {
      const feature = counts.keyAt(i);
      const tf = 1 + Math.log(counts.countAt(i));
      const idf = this.idfOf(feature);
      const bucket = (feature >>> 1) % this.dimension;
      vector[bucket]! += feature & 1 ? tf * idf : -tf * idf;
    }
    return normalised(vector);
  }

  /**
   * Calls `visit` for every word of folded text (runs of [a-z0-9]) with its characters padded
   * with boundary marks in `codes[0 … length)`.
   */
  private forEachWord(folded: string, visit: (codes: Int32Array, length: number) => void): void {
    for (let at = 0; at < folded.length; ) {
      if (!isWordCode(folded.charCodeAt(at))) {
        at += 1;
        continue;
      }
      let end = at + 1;
      while (end < folded.length && isWordCode(folded.charCodeAt(end))) end += 1;
      visit(this.padded(folded, at, end), end - at + 2);
      at = end;
    }
  }

  /** The characters of `folded[at … end)` padded with boundary marks, in `codes[0 … end - at + 2)`. */
  private padded(folded: string, at: number, end: number): Int32Array {
    const length = end - at + 2;
    if (this.codes.length < length) this.codes = new Int32Array(length * 2);
    const codes = this.codes;
    codes[0] = BOUNDARY_START;
    for (let i = at; i < end; i += 1) codes[i - at + 1] = folded.charCodeAt(i);
    codes[length - 1] = BOUNDARY_END;
    return codes;
  }

  /**
   * The feature keys of one padded word into `wordKeys`, in the order they count: its whole form,
   * then its n-grams by start and length. Returns how many.
   */
  private hashWord(codes: Int32Array, length: number): number {
    const { minN, maxN } = this;
    const most = 1 + length * (maxN - minN + 1);
    if (this.wordKeys.length < most) this.wordKeys = new Uint32Array(most * 2);
    const keys = this.wordKeys;
    let count = 0;
    // Whole word: keeps exact-word matches ahead of mere n-gram overlap.
    let wordHash = WORD_SEED;
    for (let i = 0; i < length; i += 1) wordHash = Math.imul(wordHash ^ codes[i]!, FNV_PRIME);
    keys[count++] = murmurFinalize(wordHash);
    // FNV-1a extends one character at a time, so each start yields its minN..maxN grams in one pass.
    for (let start = 0; start + minN <= length; start += 1) {
      let hash = FNV_OFFSET;
      const last = Math.min(length, start + maxN);
      for (let i = start; i < last; i += 1) {
        hash = Math.imul(hash ^ codes[i]!, FNV_PRIME);
        if (i - start + 1 >= minN) keys[count++] = murmurFinalize(hash);
      }
    }
    // Words shorter than minN - 2 (e.g. « a ») still count once through their whole form above.
    return count;
  }

  /**
   * Feature hash → count, in first-seen order: the padded n-grams and the whole form of every
   * folded word. The table is reused by the next call.
   */
  private features(text: string): FeatureCounts {
    const counts = this.counts;
    counts.clear();
    this.forEachWord(foldText(text), (codes, length) => {
      const count = this.hashWord(codes, length);
      const keys = this.wordKeys;
      for (let i = 0; i < count; i += 1) counts.add(keys[i]!);
    });
    return counts;
  }

  toJSON(): OfflineEmbeddingsState {
    const { keys, values } = this.frequencies.sorted();
    return {
      id: this.id,
      dimension: this.dimension,
      minN: this.minN,
      maxN: this.maxN,
      documents: this.documents,
      idfKeys: encodeUint32(keys),
      idfDf: encodeUint32(values),
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
    embedder.frequencies = FrequencyTable.from(keys, dfs);
    embedder.documents = state.documents;
    return embedder;
  }
}
