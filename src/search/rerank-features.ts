/**
 * Features of a re-ranked candidate that the hand-set fusion does not read: how much of the
 * question its headings say, how much of it the passage says with its headings and its document's
 * title, the raw lexical and dense scores rank fusion forgets, its length, and how much of its own
 * section title the question names. `scripts/dump-rerank-features.ts` writes them for the gold
 * sets and `scripts/learn-rerank.py` fits their weights leave-one-set-out
 * (SEARCH_TUNING.learnedWeights).
 */
import type { Chunk, DocumentMeta } from '../core/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { analyze, isStopWord } from '../lang/fr/analyzer.js';
import { statesFigureOfSort } from '../lang/fr/figure-kinds.js';
import { sentenceSpans } from '../lang/fr/sentences.js';
import type { ParsedQuestion } from '../query/parse-question.js';
import type { QueryConcept } from '../query/query-understanding.js';
import { SEARCH_TUNING } from './search-tuning.js';
import type { FusedCandidate } from './types.js';

export const RERANK_FEATURES = [
  'lexRR',
  'denseRR',
  'coverage',
  'askedLabel',
  'figure',
  'person',
  'eligibility',
  'headingCoverage',
  'namedDocument',
  'lexicalShare',
  'denseSimilarity',
  'logLength',
  'ownHeadingNamed',
  'contextCoverage',
  'proximity',
  'figureSentence',
] as const;
export type RerankFeature = (typeof RERANK_FEATURES)[number];
export type RerankFeatureValues = Record<RerankFeature, number>;

/**
 * Added to the re-ranked candidates' scores once the learned weights (some negative) are: they
 * stay ahead of the candidates not re-ranked.
 */
export const RERANKED_TIER = 10;

/** Reads the features of one index's candidates; remembers each chunk's heading words, each label's words and each document's catalogue words. */
export class RerankFeatureReader {
  private readonly headingTerms = new WeakMap<Chunk, Set<string>>();
  /** Each passage's index terms in text order, for how close together it says the question's words. */
  private readonly textTerms = new WeakMap<Chunk, string[]>();
  /** Each passage's sentences, raw and as sets of index terms, for the figure sentence. */
  private readonly sentences = new WeakMap<Chunk, { raw: string; terms: Set<string> }[]>();
  /** A label's distinct content words with their idf (fixed for an index), and their sum. */
  private readonly labelTerms = new Map<string, { terms: { term: string; idf: number }[]; weight: number }>();

  /** Each document's title, short title, issuer and territory words. */
  private readonly documentTerms = new Map<string, Set<string>>();

  constructor(
    private readonly lexical: LexicalIndex,
    private readonly metaByFile: ReadonlyMap<string, DocumentMeta>,
  ) {}

  private documentTermsOf(file: string): Set<string> {
    let terms = this.documentTerms.get(file);
    if (!terms) {
      const meta = this.metaByFile.get(file);
      this.documentTerms.set(file, (terms = new Set(analyze([meta?.title, meta?.short_title, meta?.issuer, meta?.territory].filter(Boolean).join(' ')))));
    }
    return terms;
  }

  private headingTermsOf(chunk: Chunk): Set<string> {
    let terms = this.headingTerms.get(chunk);
    if (!terms) this.headingTerms.set(chunk, (terms = new Set(analyze([...chunk.breadcrumb, ...chunk.headings].join(' ')))));
    return terms;
  }

  private textTermsOf(chunk: Chunk): string[] {
    let terms = this.textTerms.get(chunk);
    if (!terms) this.textTerms.set(chunk, (terms = analyze(chunk.text)));
    return terms;
  }

  private sentencesOf(chunk: Chunk): { raw: string; terms: Set<string> }[] {
    let sentences = this.sentences.get(chunk);
    if (!sentences) {
      sentences = sentenceSpans(chunk.text).map(({ start, end }) => {
        const raw = chunk.text.slice(start, end);
        return { raw, terms: new Set(analyze(raw)) };
      });
      this.sentences.set(chunk, sentences);
    }
    return sentences;
  }

  /** A label's distinct content words (no numbers) with their idf: what naming the section takes. */
  private labelTermsOf(label: string): { terms: { term: string; idf: number }[]; weight: number } {
    let entry = this.labelTerms.get(label);
    if (!entry) {
      if (this.labelTerms.size > 50_000) this.labelTerms.clear();
      const terms = [...new Set(analyze(label).filter((term) => !isStopWord(term) && !/^\d+$/.test(term)))].map((term) => ({ term, idf: Math.max(this.lexical.idf(term), 0) }));
      this.labelTerms.set(label, (entry = { terms, weight: terms.reduce((sum, { idf }) => sum + idf, 0) }));
    }
    return entry;
  }

  read(parsed: ParsedQuestion, candidates: readonly { index: number; chunk: Chunk; value: FusedCandidate }[]): RerankFeatureValues[] {
    const lexical = this.lexical;
    const concepts = parsed.expanded.concepts.filter((concept) => !isStopWord(concept.term));
    // As the weights were fitted: a form no passage holds (a typo, « soussigné ») weighs the most.
    const idfOf = (concept: QueryConcept) => Math.max(lexical.idf(concept.term), ...concept.anyOf.map((term) => lexical.idf(term)), 0);
    const weights = concepts.map(idfOf);
    const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
    const heldBy = (terms: Set<string>, concept: QueryConcept) =>
      terms.has(concept.term) || concept.anyOf.some((term) => terms.has(term)) || concept.allOf.some((group) => group.length > 0 && group.every((term) => terms.has(term)));
    const passageHolds = (index: number, concept: QueryConcept) =>
      lexical.holdsAll(index, [concept.term]) || concept.anyOf.some((term) => lexical.holdsAll(index, [term])) || concept.allOf.some((group) => lexical.holdsAll(index, group));
    const questionTerms = new Set(concepts.flatMap((concept) => [concept.term, ...concept.anyOf]));
    const conceptOfTerm = new Map<string, number>();
    concepts.forEach((concept, at) => {
      for (const term of [concept.term, ...concept.anyOf]) if (!conceptOfTerm.has(term)) conceptOfTerm.set(term, at);
    });
    // How much of a section's own title the question names (IDF-weighted share of its content words).
    const namedShare = (label: string) => {
      const { terms, weight } = this.labelTermsOf(label);
      let named = 0;
      for (const { term, idf } of terms) if (questionTerms.has(term)) named += idf;
      return weight === 0 ? 0 : named / weight;
    };
    const asksFigure = parsed.kind === 'figure';
    const query = parsed.text;
    const namedFiles = new Set(parsed.namedDocuments.map((meta) => meta.file));
    const rankOffset = SEARCH_TUNING.rrfK + 1;
    let maxLexical = 1e-9;
    for (const { value } of candidates) maxLexical = Math.max(maxLexical, value.lexical ?? 0);
    return candidates.map(({ index, chunk, value }) => {
      const headings = this.headingTermsOf(chunk);
      const documentTerms = this.documentTermsOf(chunk.file);
      let headingCovered = 0;
      // A passage rarely repeats what its headings and its document's title already say (« Action
      // 4.2 : L'inclusion par la mobilité durable » over « Financement 2024-2027 : … »). The index
      // holds each passage with its headings, short title and territory; the catalogue's title and
      // issuer are added here, and each question word counts by its idf, as in headingCoverage.
      let contextCovered = 0;
      concepts.forEach((concept, at) => {
        const inHeadings = heldBy(headings, concept);
        if (inHeadings) headingCovered += weights[at]!;
        if (inHeadings || heldBy(documentTerms, concept) || passageHolds(index, concept)) contextCovered += weights[at]!;
      });
      // For a figure question, the sentence saying most of the question beside a figure of the
      // asked sort: a passage holding the question's words and a figure apart (« 400 000 € » in
      // one sentence, « la seconde session » in another) answers less often than one saying both.
      let figureSentenceCovered = 0;
      if (asksFigure) {
        for (const sentence of this.sentencesOf(chunk)) {
          let covered = 0;
          concepts.forEach((concept, at) => {
            if (heldBy(sentence.terms, concept)) covered += weights[at]!;
          });
          if (covered > figureSentenceCovered && statesFigureOfSort(sentence.raw, parsed.figure, query)) figureSentenceCovered = covered;
        }
      }
      let ownHeadingNamed = namedShare(chunk.breadcrumb.at(-1) ?? '');
      for (const heading of chunk.headings) ownHeadingNamed = Math.max(ownHeadingNamed, namedShare(heading));
      return {
        lexRR: value.lexicalRank === undefined ? 0 : 1 / (rankOffset + value.lexicalRank),
        denseRR: value.denseRank === undefined ? 0 : 1 / (rankOffset + value.denseRank),
        coverage: value.coverage ?? 0,
        askedLabel: value.askedLabel ? 1 : 0,
        figure: value.figure ? 1 : 0,
        person: value.person ? 1 : 0,
        eligibility: value.eligibility ? 1 : 0,
        headingCoverage: headingCovered / total,
        namedDocument: namedFiles.has(chunk.file) ? 1 : 0,
        lexicalShare: (value.lexical ?? 0) / maxLexical,
        denseSimilarity: value.dense ?? 0,
        logLength: Math.log(1 + chunk.text.length),
        ownHeadingNamed,
        contextCoverage: contextCovered / total,
        figureSentence: figureSentenceCovered / total,
        proximity: closestWindowShare(this.textTermsOf(chunk), conceptOfTerm, weights, SEARCH_TUNING.proximityWindow) / total,
      };
    });
  }
}

/**
 * The largest idf weight of distinct question concepts that one window of `width` consecutive
 * terms of the passage holds: a passage saying the question's words in one sentence answers it
 * more often than one scattering them over a page (BM25 reads a bag of words).
 */
export function closestWindowShare(terms: readonly string[], conceptOfTerm: ReadonlyMap<string, number>, weights: readonly number[], width: number): number {
  const found: { at: number; concept: number }[] = [];
  terms.forEach((term, at) => {
    const concept = conceptOfTerm.get(term);
    if (concept !== undefined) found.push({ at, concept });
  });
  const inWindow = new Map<number, number>();
  let weight = 0;
  let best = 0;
  let start = 0;
  for (const { at, concept } of found) {
    const count = inWindow.get(concept) ?? 0;
    inWindow.set(concept, count + 1);
    if (count === 0) weight += weights[concept]!;
    while (found[start]!.at <= at - width) {
      const left = found[start]!.concept;
      const remaining = inWindow.get(left)! - 1;
      inWindow.set(left, remaining);
      if (remaining === 0) weight -= weights[left]!;
      start++;
    }
    best = Math.max(best, weight);
  }
  return best;
}
