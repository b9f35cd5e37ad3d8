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
    // How much of a section's own title the question names (IDF-weighted share of its content words).
    const namedShare = (label: string) => {
      const { terms, weight } = this.labelTermsOf(label);
      let named = 0;
      for (const { term, idf } of terms) if (questionTerms.has(term)) named += idf;
      return weight === 0 ? 0 : named / weight;
    };
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
      };
    });
  }
}
