/**
 * BM25 over analysed French terms, with headings and breadcrumbs counted more than body text
 * (a BM25F-style field weight). Hand-written rather than a library because it must serialise to
 * plain JSON, load in milliseconds and score ~50k chunks per query in a few ms with typed arrays.
 */

export interface LexicalDocument {
  bodyTerms: string[];
  headingTerms: string[];
}

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface LexicalIndexData {
  k1: number;
  b: number;
  headingWeight: number;
  lengths: number[];
  /** term → flat [docIndex, tf×100, docIndex, tf×100, …] */
  postings: Record<string, number[]>;
}

export class LexicalIndex {
  private readonly lengths: Float64Array;
  private readonly averageLength: number;
  /**
   * The postings as a Map: terms are words of the corpus and of questions, and a plain object
   * read back from JSON would answer « constructor » or « __proto__ » with Object.prototype's.
   */
  private readonly postings: Map<string, number[]>;

  private constructor(private readonly data: LexicalIndexData) {
    this.postings = new Map(Object.entries(data.postings));
    this.lengths = Float64Array.from(data.lengths);
    this.averageLength = data.lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, data.lengths.length);
  }

  get size(): number {
    return this.lengths.length;
  }

  static build(documents: LexicalDocument[], headingWeight = 2.5): LexicalIndex {
    const postings = new Map<string, number[]>();
    const lengths: number[] = [];
    documents.forEach((document, docIndex) => {
      const frequencies = new Map<string, number>();
      for (const term of document.bodyTerms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      // A heading term counts once per document even if repeated down the breadcrumb.
      for (const term of new Set(document.headingTerms)) frequencies.set(term, (frequencies.get(term) ?? 0) + headingWeight);
      lengths.push(document.bodyTerms.length + document.headingTerms.length);
      for (const [term, frequency] of frequencies) {
        let list = postings.get(term);
        if (!list) postings.set(term, (list = []));
        list.push(docIndex, Math.round(frequency * 100));
      }
    });
    // Object.fromEntries defines own properties, so a « __proto__ » term serialises as a term.
    return new LexicalIndex({ k1: 1.2, b: 0.75, headingWeight, lengths, postings: Object.fromEntries(postings) });
  }

  static fromJSON(data: LexicalIndexData): LexicalIndex {
    return new LexicalIndex(data);
  }

  toJSON(): LexicalIndexData {
    return this.data;
  }

  private vocabulary?: string[];

  /** Index terms starting with `prefix` (« agglo » → « agglomer »), most frequent first. */
  termsWithPrefix(prefix: string, limit = 5): string[] {
    const vocabulary = this.sortedVocabulary();
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
    const found = this.sortedVocabulary().filter((candidate) => candidate[0] === term[0] && Math.abs(candidate.length - term.length) <= 1 && withinOneEdit(candidate, term));
    return found.sort((a, b) => this.documentFrequency(b) - this.documentFrequency(a)).slice(0, limit);
  }

  private sortedVocabulary(): string[] {
    this.vocabulary ??= [...this.postings.keys()].sort();
    return this.vocabulary;
  }

  documentFrequency(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
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
   * Top hits plus, for every document, the idf-weighted share of the query's distinct terms it
   * contains (body or headings): computed in the same pass over the postings, so re-ranking by
   * coverage costs nothing extra.
   */
  searchWithCoverage(terms: WeightedTerm[], k: number, allowed?: (docIndex: number) => boolean): { hits: { docIndex: number; score: number }[]; coverage: Float64Array } {
    const { scores, coverage } = this.scoreAll(terms);
    return { hits: topK(scores, k, allowed), coverage };
  }

  /**
   * Indexes of the documents holding every one of these terms, read from the postings of the
   * rarest term first: the cost follows the rarest term's postings, not the corpus size.
   */
  documentsWithAll(terms: string[]): number[] {
    const lists = [...new Set(terms)].map((term) => this.postings.get(term) ?? []).sort((a, b) => a.length - b.length);
    if (lists.length === 0 || lists[0]!.length === 0) return [];
    let found = new Set<number>();
    for (let index = 0; index < lists[0]!.length; index += 2) found.add(lists[0]![index]!);
    for (const list of lists.slice(1)) {
      const next = new Set<number>();
      for (let index = 0; index < list.length; index += 2) if (found.has(list[index]!)) next.add(list[index]!);
      found = next;
      if (found.size === 0) break;
    }
    return [...found];
  }

  scoreAll(terms: WeightedTerm[]): { scores: Float64Array; coverage: Float64Array } {
    const { k1, b } = this.data;
    const scores = new Float64Array(this.size);
    const coverage = new Float64Array(this.size);
    const merged = new Map<string, number>();
    for (const { term, weight } of terms) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
    let total = 0;
    for (const [term, weight] of merged) total += weight * this.idf(term);
    for (const [term, weight] of merged) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      const share = total > 0 ? (weight * idf) / total : 0;
      for (let index = 0; index < list.length; index += 2) {
        const docIndex = list[index]!;
        const tf = list[index + 1]! / 100;
        const norm = k1 * (1 - b + (b * this.lengths[docIndex]!) / this.averageLength);
        scores[docIndex]! += weight * idf * ((tf * (k1 + 1)) / (tf + norm));
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

/**
 * The k best scores without sorting every document: a min-heap of size k, so a query over a
 * 100× corpus (85k chunks, most matching a common word) stays in a few milliseconds.
 */
function topK(scores: Float64Array, k: number, allowed?: (docIndex: number) => boolean): { docIndex: number; score: number }[] {
  const heap: { docIndex: number; score: number }[] = [];
  const siftDown = (start: number) => {
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left]!.score < heap[smallest]!.score) smallest = left;
      if (right < heap.length && heap[right]!.score < heap[smallest]!.score) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
      index = smallest;
    }
  };
  for (let docIndex = 0; docIndex < scores.length; docIndex += 1) {
    const score = scores[docIndex]!;
    if (score <= 0 || (heap.length === k && score <= heap[0]!.score)) continue;
    if (allowed && !allowed(docIndex)) continue;
    if (heap.length < k) {
      heap.push({ docIndex, score });
      for (let index = heap.length - 1; index > 0; ) {
        const parent = (index - 1) >> 1;
        if (heap[parent]!.score <= heap[index]!.score) break;
        [heap[parent], heap[index]] = [heap[index]!, heap[parent]!];
        index = parent;
      }
    } else {
      heap[0] = { docIndex, score };
      siftDown(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score);
}
