/**
 * BM25 over analysed French terms, with headings and breadcrumbs counted more than body text
 * (a BM25F-style field weight). Hand-written rather than a library because it must load without
 * parsing and score ~100k chunks per query in a few ms: the postings are typed arrays (one file,
 * `lexical.bin`, viewed in place), the vocabulary a sorted array searched by bisection.
 */
import { BundleFormatError, bundleArray, checkOffsets, decodeBundle, decodeStrings, encodeBundle, encodeStrings } from './binary-bundle.js';

export interface LexicalDocument {
  bodyTerms: string[];
  headingTerms: string[];
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

/** The index as plain JSON (tests, debugging); the index folder holds the binary form. */
export interface LexicalIndexData {
  k1: number;
  b: number;
  headingWeight: number;
  lengths: number[];
  /** term → flat [docIndex, tf×100, docIndex, tf×100, …] */
  postings: Record<string, number[]>;
}

export const LEXICAL_FILE_KIND = 'alinea-lexical';
export const LEXICAL_FILE_VERSION = 1;

export interface LexicalParameters {
  k1: number;
  b: number;
  headingWeight: number;
}

const DEFAULT_PARAMETERS = { k1: 1.2, b: 0.75 } as const;

/** Passages per tile of a search's score table (see `topKAccumulated`): 4,096 × 16 bytes. */
const SCORE_TILE = 4096;

/** The postings of term i are docs/tfs[starts[i] .. starts[i+1]), docs ascending; tfs are tf × 100. */
export interface PostingArrays {
  terms: string[];
  starts: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array | Uint32Array;
  lengths: Uint32Array;
}

/**
 * Adds documents one at a time (the ingest streams them); `finish()` lays the postings out. Each
 * term's postings grow in a typed array of their own, not in a JS array of boxed numbers.
 */
export class LexicalIndexBuilder {
  private readonly lists = new Map<string, { data: Uint32Array; size: number }>();
  private readonly lengths: number[] = [];
  /** Each term's postings, by the term's id (the order it was first seen in). */
  private readonly termIds = new Map<string, number>();
  private termLists: { data: Uint32Array; size: number }[] = [];
  /** Per term id: the last document that counted it, and its frequency there (scratch). */
  private lastDocument = new Int32Array(1024).fill(-1);
  private frequency = new Float64Array(1024);
  private headingSeen = new Int32Array(1024).fill(-1);
  private documentTerms: number[] = [];

  constructor(private readonly headingWeight = 2.5) {}

  get size(): number {
    return this.lengths.length;
  }

  /** The id of `term` in this builder (given in the order terms are first seen), for `addIds`. */
  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termLists.length;
      this.termIds.set(term, id);
      const list = { data: new Uint32Array(4), size: 0 };
      this.termLists.push(list);
      this.lists.set(term, list);
      if (id >= this.lastDocument.length) {
        const size = this.lastDocument.length * 2;
        const lastDocument = new Int32Array(size).fill(-1);
        lastDocument.set(this.lastDocument);
        this.lastDocument = lastDocument;
        const headingSeen = new Int32Array(size).fill(-1);
        headingSeen.set(this.headingSeen);
        this.headingSeen = headingSeen;
        const frequency = new Float64Array(size);
        frequency.set(this.frequency);
        this.frequency = frequency;
      }
    }
    return id;
  }

  add(document: LexicalDocument): number {
    const body = document.bodyTerms.map((term) => this.termId(term));
    const heading = document.headingTerms.map((term) => this.termId(term));
    return this.addIds(body, body.length, heading, heading.length);
  }

  /**
   * `add` of a document whose terms are given by their ids (`termId`): the first `bodyLength` of
   * `body`, the first `headingLength` of `heading`.
   */
  addIds(body: ArrayLike<number>, bodyLength: number, heading: ArrayLike<number>, headingLength: number): number {
    const docIndex = this.lengths.length;
    // Frequencies in per-term scratch arrays, not a Map per document: the same sums (a body count,
    // plus the heading weight once) and the same postings.
    const { lastDocument, frequency, headingSeen, headingWeight } = this;
    const terms = this.documentTerms;
    terms.length = 0;
    for (let i = 0; i < bodyLength; i += 1) {
      const id = body[i]!;
      if (lastDocument[id] !== docIndex) {
        lastDocument[id] = docIndex;
        frequency[id] = 1;
        terms.push(id);
      } else frequency[id]! += 1;
    }
    // A heading term counts once per document even if repeated down the breadcrumb.
    for (let i = 0; i < headingLength; i += 1) {
      const id = heading[i]!;
      if (headingSeen[id] === docIndex) continue;
      headingSeen[id] = docIndex;
      if (lastDocument[id] !== docIndex) {
        lastDocument[id] = docIndex;
        frequency[id] = 0;
        terms.push(id);
      }
      frequency[id]! += headingWeight;
    }
    this.lengths.push(bodyLength + headingLength);
    const lists = this.termLists;
    for (let t = 0; t < terms.length; t += 1) {
      const id = terms[t]!;
      const list = lists[id]!;
      let data = list.data;
      if (list.size + 2 > data.length) {
        data = new Uint32Array(data.length * 2);
        data.set(list.data);
        list.data = data;
      }
      data[list.size] = docIndex;
      data[list.size + 1] = Math.round(frequency[id]! * 100);
      list.size += 2;
    }
    return docIndex;
  }

  finish(): LexicalIndex {
    const terms = [...this.lists.keys()].sort();
    this.termIds.clear();
    this.termLists = [];
    const starts = new Uint32Array(terms.length + 1);
    let total = 0;
    let largest = 0;
    terms.forEach((term, index) => {
      const list = this.lists.get(term)!;
      total += list.size / 2;
      starts[index + 1] = total;
      for (let at = 1; at < list.size; at += 2) largest = Math.max(largest, list.data[at]!);
    });
    const docs = new Uint32Array(total);
    const tfs = largest <= 0xffff ? new Uint16Array(total) : new Uint32Array(total);
    terms.forEach((term, index) => {
      const list = this.lists.get(term)!;
      let at = starts[index]!;
      for (let pair = 0; pair < list.size; pair += 2, at += 1) {
        docs[at] = list.data[pair]!;
        tfs[at] = list.data[pair + 1]!;
      }
      // Released as it is laid out: the two copies never coexist whole.
      this.lists.delete(term);
    });
    return new LexicalIndex({ ...DEFAULT_PARAMETERS, headingWeight: this.headingWeight }, { terms, starts, docs, tfs, lengths: Uint32Array.from(this.lengths) });
  }
}

export class LexicalIndex {
  private readonly terms: string[];
  private readonly starts: Uint32Array;
  private readonly docs: Uint32Array;
  private readonly tfs: Uint16Array | Uint32Array;
  private readonly lengths: Uint32Array;
  /** BM25's length normalisation of every document, k1 · (1 − b + b · length / average). */
  private readonly norms: Float64Array;
  /** Postings the last search read (tests, diagnostics): a search within a range reads only the range's. */
  lastRead = 0;
  /** Per document its score (all zero between searches) and its length normalisation, reused by every search: see `topKAccumulated`. */
  private accumulator: Float64Array | undefined;

  /** From laid-out postings: use `build`, `LexicalIndexBuilder`, `decode` or `fromJSON`. */
  constructor(
    private readonly parameters: LexicalParameters,
    arrays: PostingArrays,
  ) {
    this.terms = arrays.terms;
    this.starts = arrays.starts;
    this.docs = arrays.docs;
    this.tfs = arrays.tfs;
    this.lengths = arrays.lengths;
    let sum = 0;
    for (const length of this.lengths) sum += length;
    const averageLength = sum / Math.max(1, this.lengths.length);
    const { k1, b } = parameters;
    this.norms = new Float64Array(this.lengths.length);
    for (let docIndex = 0; docIndex < this.lengths.length; docIndex += 1) this.norms[docIndex] = k1 * (1 - b + (b * this.lengths[docIndex]!) / averageLength);
  }

  get size(): number {
    return this.lengths.length;
  }

  /** The parameters and laid-out postings (what the constructor takes): sent between threads. */
  parts(): { parameters: LexicalParameters; arrays: PostingArrays } {
    return { parameters: { ...this.parameters }, arrays: { terms: this.terms, starts: this.starts, docs: this.docs, tfs: this.tfs, lengths: this.lengths } };
  }

  static build(documents: LexicalDocument[], headingWeight = 2.5): LexicalIndex {
    const builder = new LexicalIndexBuilder(headingWeight);
    for (const document of documents) builder.add(document);
    return builder.finish();
  }

  static fromJSON(data: LexicalIndexData): LexicalIndex {
    // Own entries only: a « __proto__ » term read back from JSON is a term like any other.
    const entries = Object.entries(data.postings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const starts = new Uint32Array(entries.length + 1);
    entries.forEach(([, list], index) => {
      starts[index + 1] = starts[index]! + list.length / 2;
    });
    const docs = new Uint32Array(starts[entries.length]!);
    const tfs = new Uint32Array(docs.length);
    entries.forEach(([, list], index) => {
      for (let pair = 0; pair < list.length; pair += 2) {
        docs[starts[index]! + pair / 2] = list[pair]!;
        tfs[starts[index]! + pair / 2] = list[pair + 1]!;
      }
    });
    return new LexicalIndex({ k1: data.k1, b: data.b, headingWeight: data.headingWeight }, { terms: entries.map(([term]) => term), starts, docs, tfs, lengths: Uint32Array.from(data.lengths) });
  }

  toJSON(): LexicalIndexData {
    const postings: Record<string, number[]> = {};
    this.terms.forEach((term, index) => {
      const list: number[] = [];
      for (let at = this.starts[index]!; at < this.starts[index + 1]!; at += 1) list.push(this.docs[at]!, this.tfs[at]!);
      // defineProperty, so that a « __proto__ » term is an own property, not the prototype.
      Object.defineProperty(postings, term, { value: list, enumerable: true, writable: true, configurable: true });
    });
    return { ...this.parameters, lengths: [...this.lengths], postings };
  }

  /** The binary file (`lexical.bin`), as parts to write in order. */
  encode(): Buffer[] {
    const vocabulary = encodeStrings(this.terms);
    return encodeBundle(LEXICAL_FILE_KIND, LEXICAL_FILE_VERSION, this.parameters, {
      termBytes: vocabulary.bytes,
      termOffsets: vocabulary.offsets,
      starts: this.starts,
      docs: this.docs,
      tfs: this.tfs,
      lengths: this.lengths,
    });
  }

  /** Reads `lexical.bin`; throws BundleFormatError (French) when it is damaged. */
  static decode(data: Buffer): LexicalIndex {
    const bundle = decodeBundle(data, LEXICAL_FILE_KIND, LEXICAL_FILE_VERSION);
    const parameters = bundle.meta as LexicalParameters;
    if (!parameters || ![parameters.k1, parameters.b, parameters.headingWeight].every((value) => typeof value === 'number' && Number.isFinite(value))) {
      throw new BundleFormatError('paramètres BM25 absents');
    }
    const terms = decodeStrings(bundleArray(bundle, 'termBytes', 'u8'), bundleArray(bundle, 'termOffsets', 'u32'), 'vocabulaire');
    const starts = bundleArray(bundle, 'starts', 'u32');
    const docs = bundleArray(bundle, 'docs', 'u32');
    const tfs = bundleArray(bundle, 'tfs', 'u16', 'u32');
    const lengths = bundleArray(bundle, 'lengths', 'u32');
    if (starts.length !== terms.length + 1 || tfs.length !== docs.length) throw new BundleFormatError('postings : tableaux de tailles différentes');
    checkOffsets(starts, docs.length, 'postings');
    for (let at = 0; at < docs.length; at += 1) if (docs[at]! >= lengths.length) throw new BundleFormatError('postings : passage inconnu');
    for (let index = 1; index < terms.length; index += 1) if (!(terms[index - 1]! < terms[index]!)) throw new BundleFormatError('vocabulaire non trié');
    return new LexicalIndex({ k1: parameters.k1, b: parameters.b, headingWeight: parameters.headingWeight }, { terms, starts, docs, tfs, lengths });
  }

  /** Position of `term` in the sorted vocabulary, or -1. */
  private termIndex(term: string): number {
    let low = 0;
    let high = this.terms.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = this.terms[middle]!;
      if (candidate === term) return middle;
      if (candidate < term) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** Index terms starting with `prefix` (« agglo » → « agglomer »), most frequent first. */
  termsWithPrefix(prefix: string, limit = 5): string[] {
    const vocabulary = this.terms;
    let low = 0;
    let high = vocabulary.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (vocabulary[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let index = low; index < vocabulary.length && vocabulary[index]!.startsWith(prefix); index += 1) found.push(vocabulary[index]!);
    return found.sort((a, b) => this.documentFrequency(b) - this.documentFrequency(a)).slice(0, limit);
  }

  /** Index terms one edit away (typos: « dispositf »), same first letter, most frequent first. */
  termsWithinOneEdit(term: string, limit = 3): string[] {
    const found = this.terms.filter((candidate) => candidate[0] === term[0] && Math.abs(candidate.length - term.length) <= 1 && withinOneEdit(candidate, term));
    return found.sort((a, b) => this.documentFrequency(b) - this.documentFrequency(a)).slice(0, limit);
  }

  documentFrequency(term: string): number {
    const index = this.termIndex(term);
    return index < 0 ? 0 : this.starts[index + 1]! - this.starts[index]!;
  }

  idf(term: string): number {
    const frequency = this.documentFrequency(term);
    return Math.log(1 + (this.size - frequency + 0.5) / (frequency + 0.5));
  }

  /** Scores every document for the query terms; returns the top `k` (allowed ones only). */
  search(terms: WeightedTerm[], k: number, allowed?: (docIndex: number) => boolean): { docIndex: number; score: number }[] {
    return this.searchWithCoverage(terms, k, allowed).hits;
  }

  /**
   * Top hits, and a function giving a document's idf-weighted share of the query's distinct terms
   * (body or headings), for re-ranking by coverage. The same hits, in the same order and with the
   * same scores, as `searchExhaustive`: every posting of the query's terms is added into one
   * reused array of scores, term by term in the same order (the same floats), and the k best are
   * read off it. `within`: no document outside can pass `allowed`, so only their postings are read.
   */
  searchWithCoverage(
    terms: WeightedTerm[],
    k: number,
    allowed?: (docIndex: number) => boolean,
    within?: DocumentRange,
  ): { hits: { docIndex: number; score: number }[]; coverage: (docIndex: number) => number } {
    const query = this.prepare(terms);
    const hits = this.topKAccumulated(query, k, allowed, within);
    return { hits, coverage: (docIndex) => this.coverageOf(query, docIndex) };
  }

  /** The same as `searchWithCoverage`, from fresh arrays of every document's score and coverage (the reference the search is tested against). */
  searchExhaustive(terms: WeightedTerm[], k: number, allowed?: (docIndex: number) => boolean): { hits: { docIndex: number; score: number }[]; coverage: (docIndex: number) => number } {
    const { scores, coverage } = this.scoreAll(terms);
    return { hits: topK(scores, k, allowed), coverage: (docIndex) => coverage[docIndex] ?? 0 };
  }

  /** The query's distinct index terms, in the order scores add them up, with their weights. */
  private prepare(terms: WeightedTerm[]): PreparedQuery {
    const merged = new Map<string, number>();
    for (const { term, weight } of terms) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
    let total = 0;
    for (const [term, weight] of merged) total += weight * this.idf(term);
    const prepared: PreparedTerm[] = [];
    for (const [term, weight] of merged) {
      const index = this.termIndex(term);
      if (index < 0) continue;
      const idf = this.idf(term);
      prepared.push({ weight: weight * idf, share: total > 0 ? (weight * idf) / total : 0, start: this.starts[index]!, end: this.starts[index + 1]! });
    }
    return { terms: prepared };
  }

  /** First position in `[from, end)` of the postings whose document is ≥ `docIndex`. */
  private seek(from: number, end: number, docIndex: number): number {
    const { docs } = this;
    // Galloping, then bisection: cheap for the short hops of a cursor that moves forward.
    let step = 1;
    let low = from;
    let high = from;
    while (high < end && docs[high]! < docIndex) {
      low = high + 1;
      high += step;
      step *= 2;
    }
    if (high > end) high = end;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (docs[middle]! < docIndex) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private coverageOf(query: PreparedQuery, docIndex: number): number {
    let coverage = 0;
    for (const term of query.terms) {
      const at = this.seek(term.start, term.end, docIndex);
      if (at < term.end && this.docs[at] === docIndex) coverage += term.share;
    }
    return coverage;
  }

  /**
   * Every posting of the query's terms added into one reused array of scores (term at a time, in
   * the order `scoreAll` adds them: the same floats), then the k best read off it. Cheaper than
   * MaxScore pruning, which this replaced: on the 100× bench corpus (85k passages, 173k postings
   * per question on average) 2.3 against 3.2 ms of CPU at the median and 4.9 against 13 ms at p95,
   * its per-passage bookkeeping costing more than the postings it skipped.
   *
   * The passages are taken in tiles of `SCORE_TILE` (the scores and norms of a tile, 64 KB, stay
   * in the core's cache while every term's postings in the tile are added, instead of each term
   * sweeping the whole 1.4 MB table at 100×), then the tile's scores are offered to the heap and
   * cleared while still cached. Each passage still gets its terms in the query's order, so the
   * floats are unchanged; at 100× this halved the CPU of the additions (1.7–2.6 → 1.0–1.3 ms per
   * question in one process, alternated).
   */
  private topKAccumulated(query: PreparedQuery, k: number, allowed?: (docIndex: number) => boolean, within?: DocumentRange): { docIndex: number; score: number }[] {
    if (k <= 0) return [];
    // Interleaved: document d's score at 2d, its length normalisation at 2d + 1, so that a posting
    // reads and writes one cache line, not one in each of two arrays.
    const table = this.accumulatorTable();
    const { k1 } = this.parameters;
    const k1plus = k1 + 1;
    const { docs, tfs } = this;
    const from = within ? Math.max(0, within.from) : 0;
    const to = within ? Math.min(this.size, within.to) : this.size;
    const terms = query.terms;
    const count = terms.length;
    if (this.cursors.length < 2 * count) this.cursors = new Uint32Array(4 * count);
    // Per term, its next posting (at 2i) and the end of its postings in the range (at 2i + 1).
    const cursors = this.cursors;
    let read = 0;
    for (let i = 0; i < count; i += 1) {
      const term = terms[i]!;
      const start = within ? this.seek(term.start, term.end, from) : term.start;
      const end = within ? this.seek(start, term.end, to) : term.end;
      cursors[2 * i] = start;
      cursors[2 * i + 1] = end;
      read += end - start;
    }
    const heap = new ScoreHeap(k);
    for (let low = from; low < to; low += SCORE_TILE) {
      const high = Math.min(to, low + SCORE_TILE);
      for (let i = 0; i < count; i += 1) {
        const weight = terms[i]!.weight;
        const end = cursors[2 * i + 1]!;
        let at = cursors[2 * i]!;
        for (; at < end; at += 1) {
          const docIndex = docs[at]!;
          if (docIndex >= high) break;
          const slot = docIndex << 1;
          const tf = tfs[at]! / 100;
          table[slot]! += weight * ((tf * k1plus) / (tf + table[slot + 1]!));
        }
        cursors[2 * i] = at;
      }
      for (let docIndex = low; docIndex < high; docIndex += 1) {
        const score = table[docIndex << 1]!;
        if (score === 0) continue;
        table[docIndex << 1] = 0;
        if (score < 0 || (heap.full() && score <= heap.threshold())) continue;
        if (allowed && !allowed(docIndex)) continue;
        heap.offer(docIndex, score);
      }
    }
    this.lastRead = read;
    return heap.sorted();
  }

  /** Per term of a search, its cursor and end in the postings (reused). */
  private cursors = new Uint32Array(64);

  /** The reused score table (scores all zero between searches), made on the first search. */
  private accumulatorTable(): Float64Array {
    if (!this.accumulator) {
      this.accumulator = new Float64Array(this.size * 2);
      for (let docIndex = 0; docIndex < this.size; docIndex += 1) this.accumulator[2 * docIndex + 1] = this.norms[docIndex]!;
    }
    return this.accumulator;
  }

  /**
   * Indexes of the documents holding every one of these terms, read from the postings of the
   * rarest term first: the cost follows the rarest term's postings, not the corpus size.
   */
  documentsWithAll(terms: string[]): number[] {
    const found: number[] = [];
    this.someDocumentWithAll(terms, (docIndex) => {
      found.push(docIndex);
      return false;
    });
    return found;
  }

  /**
   * Whether `accept` holds for one of the documents holding every one of these terms, asked in
   * ascending order until it does: the same answer as `documentsWithAll(terms).some(accept)`,
   * without intersecting the lists past the first document accepted (a name's words at 100×:
   * tens of thousands of postings, when its first passage already holds the name).
   */
  someDocumentWithAll(terms: string[], accept: (docIndex: number) => boolean): boolean {
    const lists = [...new Set(terms)]
      .map((term) => this.termIndex(term))
      .map((index) => (index < 0 ? { start: 0, end: 0 } : { start: this.starts[index]!, end: this.starts[index + 1]! }))
      .sort((a, b) => a.end - a.start - (b.end - b.start));
    if (lists.length === 0 || lists[0]!.end === lists[0]!.start) return false;
    // Each document of the rarest list is looked for in the others by galloping from where the
    // previous one was found (the lists are ascending): the cost follows the rarest list, not the
    // common words' lists (at 100×, tens of thousands of postings copied into sets per question).
    const { docs } = this;
    const cursors = lists.map((list) => list.start);
    const [rarest, ...others] = lists;
    for (let at = rarest!.start; at < rarest!.end; at += 1) {
      const docIndex = docs[at]!;
      let holds = true;
      for (let other = 0; other < others.length; other += 1) {
        const list = others[other]!;
        const position = this.seek(cursors[other + 1]!, list.end, docIndex);
        cursors[other + 1] = position;
        if (position >= list.end) return false;
        if (docs[position] !== docIndex) {
          holds = false;
          break;
        }
      }
      if (holds && accept(docIndex)) return true;
    }
    return false;
  }

  /**
   * Whether document `docIndex` holds every one of these terms (false for none): the same answer as
   * `documentsWithAll(terms).includes(docIndex)`, by bisection in each term's postings, for a few
   * candidates rather than every document holding a common word.
   */
  holdsAll(docIndex: number, terms: readonly string[]): boolean {
    if (terms.length === 0) return false;
    for (const term of terms) {
      const index = this.termIndex(term);
      if (index < 0) return false;
      const end = this.starts[index + 1]!;
      const at = this.seek(this.starts[index]!, end, docIndex);
      if (at >= end || this.docs[at] !== docIndex) return false;
    }
    return true;
  }

  scoreAll(terms: WeightedTerm[]): { scores: Float64Array; coverage: Float64Array } {
    const { k1 } = this.parameters;
    const scores = new Float64Array(this.size);
    const coverage = new Float64Array(this.size);
    const merged = new Map<string, number>();
    for (const { term, weight } of terms) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
    let total = 0;
    for (const [term, weight] of merged) total += weight * this.idf(term);
    const { docs, tfs, norms } = this;
    for (const [term, weight] of merged) {
      const index = this.termIndex(term);
      if (index < 0) continue;
      const idf = this.idf(term);
      const share = total > 0 ? (weight * idf) / total : 0;
      const end = this.starts[index + 1]!;
      for (let at = this.starts[index]!; at < end; at += 1) {
        const docIndex = docs[at]!;
        const tf = tfs[at]! / 100;
        scores[docIndex]! += weight * idf * ((tf * (k1 + 1)) / (tf + norms[docIndex]!));
        coverage[docIndex]! += share;
      }
    }
    return { scores, coverage };
  }
}

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    let differences = 0;
    for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index] && ++differences > 1) return false;
    return true;
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  let skipped = false;
  for (let i = 0, j = 0; i < shorter.length; j += 1) {
    if (shorter[i] === longer[j]) {
      i += 1;
      continue;
    }
    if (skipped) return false;
    skipped = true;
  }
  return true;
}

/** Documents from..to−1: a search told that no document outside can pass its filter reads only these postings. */
export interface DocumentRange {
  from: number;
  to: number;
}

interface PreparedTerm {
  /** weight × idf */
  weight: number;
  /** The term's share of the query's idf-weighted terms. */
  share: number;
  /** Its postings: docs[start … end). */
  start: number;
  end: number;
}

interface PreparedQuery {
  terms: PreparedTerm[];
}

/**
 * The k best documents as a min-heap, by score then by document index (the lower index first
 * among equal scores): a total order, so the k best are the same whatever order documents are
 * offered in, and whichever documents that cannot be among them are left out.
 */
class ScoreHeap {
  /** The heap's documents and scores, side by side (no object per offer: a search at 100× offers thousands). */
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;
  constructor(private readonly k: number) {
    this.docs = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  full(): boolean {
    return this.size >= this.k;
  }

  /** The k-th best score (0 while there are fewer than k). */
  threshold(): number {
    return this.size >= this.k ? this.scores[0]! : 0;
  }

  /** Whether entry i is worse than entry j. */
  private worse(i: number, j: number): boolean {
    const a = this.scores[i]!;
    const b = this.scores[j]!;
    return a < b || (a === b && this.docs[i]! > this.docs[j]!);
  }

  private swap(i: number, j: number): void {
    const { docs, scores } = this;
    const doc = docs[i]!;
    const score = scores[i]!;
    docs[i] = docs[j]!;
    scores[i] = scores[j]!;
    docs[j] = doc;
    scores[j] = score;
  }

  offer(docIndex: number, score: number): void {
    const { docs, scores } = this;
    if (this.size < this.k) {
      let index = this.size;
      this.size += 1;
      docs[index] = docIndex;
      scores[index] = score;
      while (index > 0) {
        const parent = (index - 1) >> 1;
        if (!this.worse(index, parent)) break;
        this.swap(index, parent);
        index = parent;
      }
      return;
    }
    // Not better than the worst kept: a lower score, or the same score and a later document.
    const worst = scores[0]!;
    if (score < worst || (score === worst && docIndex >= docs[0]!)) return;
    docs[0] = docIndex;
    scores[0] = score;
    const size = this.size;
    for (let index = 0; ; ) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < size && this.worse(left, smallest)) smallest = left;
      if (right < size && this.worse(right, smallest)) smallest = right;
      if (smallest === index) return;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  /** Best first. */
  sorted(): { docIndex: number; score: number }[] {
    const entries: { docIndex: number; score: number }[] = [];
    for (let i = 0; i < this.size; i += 1) entries.push({ docIndex: this.docs[i]!, score: this.scores[i]! });
    return entries.sort((a, b) => b.score - a.score || a.docIndex - b.docIndex);
  }
}

/** The k best scores of every document, without sorting them all. */
function topK(scores: Float64Array, k: number, allowed?: (docIndex: number) => boolean): { docIndex: number; score: number }[] {
  if (k <= 0) return [];
  const heap = new ScoreHeap(k);
  for (let docIndex = 0; docIndex < scores.length; docIndex += 1) {
    const score = scores[docIndex]!;
    if (score <= 0 || (heap.full() && score <= heap.threshold())) continue;
    if (allowed && !allowed(docIndex)) continue;
    heap.offer(docIndex, score);
  }
  return heap.sorted();
}
