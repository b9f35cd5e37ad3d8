/**
 * Features of a re-ranked candidate that the hand-set fusion does not read: how much of the
 * question its headings say, whether it holds the question's rarest word, the raw lexical and
 * dense scores rank fusion forgets, its length, and how much of its own section title the question
 * names. `scripts/dump-rerank-features.ts` writes them for the gold sets and
 * `scripts/learn-rerank.py` fits their weights leave-one-set-out (SEARCH_TUNING.learnedWeights).
 */
import type { Chunk } from '../core/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { analyze, isStopWord } from '../lang/fr/analyzer.js';
import type { ParsedQuestion } from '../query/parse-question.js';
import type { QueryConcept } from '../query/query-understanding.js';
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
  'rarest',
  'lexicalShare',
  'denseSimilarity',
  'logLength',
  'ownHeadingNamed',
] as const;
export type RerankFeature = (typeof RERANK_FEATURES)[number];
export type RerankFeatureValues = Record<RerankFeature, number>;

/**
 * Added to the re-ranked candidates' scores once the learned weights (some negative) are: they
 * stay ahead of the candidates not re-ranked.
 */
export const RERANKED_TIER = 10;

/** Rank fusion's constant in the rank features (as scripts/learn-rerank.py reads ranks). */
const RANK_OFFSET = 61;

/** Reads the features of one index's candidates; remembers each chunk's heading words and each label's words. */
export class RerankFeatureReader {
  private readonly headingTerms = new WeakMap<Chunk, Set<string>>();
  private readonly labelTerms = new Map<string, string[]>();

  constructor(private readonly lexical: LexicalIndex) {}

  private headingTermsOf(chunk: Chunk): Set<string> {
    let terms = this.headingTerms.get(chunk);
    if (!terms) this.headingTerms.set(chunk, (terms = new Set(analyze([...chunk.breadcrumb, ...chunk.headings].join(' ')))));
    return terms;
  }

  /** A label's distinct content words (no numbers): what naming the section takes. */
  private labelTermsOf(label: string): string[] {
    let terms = this.labelTerms.get(label);
    if (!terms) {
      if (this.labelTerms.size > 50_000) this.labelTerms.clear();
      this.labelTerms.set(label, (terms = [...new Set(analyze(label).filter((term) => !isStopWord(term) && !/^\d+$/.test(term)))]));
    }
    return terms;
  }

  read(parsed: ParsedQuestion, candidates: readonly { index: number; chunk: Chunk; value: FusedCandidate }[]): RerankFeatureValues[] {
    const lexical = this.lexical;
    const concepts = parsed.expanded.concepts.filter((concept) => !isStopWord(concept.term));
    const idfOf = (concept: QueryConcept) => Math.max(lexical.idf(concept.term), ...concept.anyOf.map((term) => lexical.idf(term)), 0);
    const weights = concepts.map(idfOf);
    const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
    const heldBy = (terms: Set<string>, concept: QueryConcept) =>
      terms.has(concept.term) || concept.anyOf.some((term) => terms.has(term)) || concept.allOf.some((group) => group.length > 0 && group.every((term) => terms.has(term)));
    let rarest: QueryConcept | undefined;
    concepts.forEach((concept, at) => {
      if (!rarest || weights[at]! > idfOf(rarest)) rarest = concept;
    });
    const passageHolds = (index: number, concept: QueryConcept) =>
      lexical.holdsAll(index, [concept.term]) || concept.anyOf.some((term) => lexical.holdsAll(index, [term])) || concept.allOf.some((group) => lexical.holdsAll(index, group));
    const questionTerms = new Set(concepts.flatMap((concept) => [concept.term, ...concept.anyOf]));
    // How much of a section's own title the question names (IDF-weighted share of its content words).
    const namedShare = (label: string) => {
      const terms = this.labelTermsOf(label);
      let weight = 0;
      let named = 0;
      for (const term of terms) {
        const idf = Math.max(lexical.idf(term), 0);
        weight += idf;
        if (questionTerms.has(term)) named += idf;
      }
      return weight === 0 ? 0 : named / weight;
    };
    const namedFiles = new Set(parsed.namedDocuments.map((meta) => meta.file));
    let maxLexical = 1e-9;
    for (const { value } of candidates) maxLexical = Math.max(maxLexical, value.lexical ?? 0);
    return candidates.map(({ index, chunk, value }) => {
      const headings = this.headingTermsOf(chunk);
      let headingCovered = 0;
      concepts.forEach((concept, at) => {
        if (heldBy(headings, concept)) headingCovered += weights[at]!;
      });
      let ownHeadingNamed = namedShare(chunk.breadcrumb.at(-1) ?? '');
      for (const heading of chunk.headings) ownHeadingNamed = Math.max(ownHeadingNamed, namedShare(heading));
      return {
        lexRR: value.lexicalRank === undefined ? 0 : 1 / (RANK_OFFSET + value.lexicalRank),
        denseRR: value.denseRank === undefined ? 0 : 1 / (RANK_OFFSET + value.denseRank),
        coverage: value.coverage ?? 0,
        askedLabel: value.askedLabel ? 1 : 0,
        figure: value.figure ? 1 : 0,
        person: value.person ? 1 : 0,
        eligibility: value.eligibility ? 1 : 0,
        headingCoverage: headingCovered / total,
        namedDocument: namedFiles.has(chunk.file) ? 1 : 0,
        rarest: rarest && passageHolds(index, rarest) ? 1 : 0,
        lexicalShare: (value.lexical ?? 0) / maxLexical,
        denseSimilarity: value.dense ?? 0,
        logLength: Math.log(1 + chunk.text.length),
        ownHeadingNamed,
      };
    });
  }
}
