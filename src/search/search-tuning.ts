import type { RerankFeature } from './rerank-features.js';

/**
 * Every number that tunes retrieval, in one documented object (the composer's are in
 * src/answer/compose/tuning.ts). Values were measured on eval/dev.jsonl.
 */
export const SEARCH_TUNING = {
  /** Reciprocal-rank fusion constant: score += weight / (rrfK + rank + 1). */
  rrfK: 60,
  /** Weights of the lexical (BM25) and dense (vector) rankings in the fusion. */
  weights: { lexical: 1, dense: 0.7 },
  /** Candidates taken from each ranking before fusion. */
  candidates: 100,
  /**
   * Weight of a passage's BM25 score as a share of the question's best BM25 score, added to the
   * rank fusion (which keeps ranks only). Fitted leave-one-set-out on eleven gold sets with
   * scripts/learn-rerank.py: every fold chose 0.01; 0.005 to 0.015 is one plateau (hit@1
   * 0.700 → 0.714–0.718 over 560 questions, no set lost) and the smallest is kept.
   */
  lexicalScoreWeight: 0.005,
  /** Bonus of a passage holding every word of a name the question quotes (« … »). */
  quotedNameWeight: 0.008,
  /**
   * Weight of the words a follow-up inherits from the previous question, against its own words' 1.
   * Later turns right over eleven dev sets' 120: 80 at 1, 82 at 0.7, 84 at 0.5, 82 at 0.3; on the
   * unseen fresh7, 11 → 13 of 25 (0.5).
   */
  inheritedTermWeight: 0.5,
  /**
   * Weight of the words documents use for an everyday phrasing of the question (« jusqu'à quand »
   * → « durée », « prend fin »; src/lang/fr/register.ts), against the question's own words' 1.
   * Right answers over sixteen dev sets' 1,031: 689 without, 695 at 0.2 and 0.3, 694 at 0.4;
   * later turns 96, 98, 97, 96 of 147.
   */
  registerTermWeight: 0.2,
  /** Fused candidates re-ranked by how much of the question they cover. */
  rerankDepth: 60,
  /** Weight of the share of the question's distinct terms a passage holds. */
  coverageWeight: 0.04,
  /** Bonus of a block labelled with what the question asks for. */
  askedLabelWeight: 0.005,
  /** Bonus of a passage holding the sort of figure asked for (an amount, a date). */
  figurePassageWeight: 0.004,
  /** Bonus of a passage in an eligibility section (beneficiaries, criteria, exclusions), for a question asking whether something is allowed. */
  eligibilitySectionWeight: 0.006,
  /** Bonus of a passage naming someone, for a question asking who. */
  personPassageWeight: 0.004,
  /** Bonus of a passage of the document the previous answer cited, for a follow-up. */
  continuedDocumentWeight: 0.005,
  /** Width, in index terms, of the window `proximity` (src/search/rerank-features.ts) reads. */
  proximityWindow: 6,
  /** Where the passages of a named document missing from the first results are inserted. */
  namedDocumentSlot: 3,
  /**
   * Weights of the re-ranking features (src/search/rerank-features.ts) added to the fused score of
   * the first `rerankDepth` candidates: half the weights scripts/learn-rerank.py fits with a
   * pairwise logistic loss on the first turns of the gold sets (each feature standardised; values
   * here in fused-score units). The rank weights outweigh the fusion's own (1 and 0.7 per
   * 1 / (rrfK + 1 + rank)): inside the re-ranked set, order comes from the raw BM25 share and the
   * dense similarity rather than from ranks.
   * Refit (seventeenth session), 4,085 first turns of 75 sets, with `proximity` (window of 6
   * terms; 3 / 6 / 8 / 12 / 24 gave 0.649 / 0.654 / 0.652 / 0.651 / 0.652 over all turns) and
   * `figureSentence` in: held-out hit@1 on first turns 0.664 → 0.682 (without either / with both).
   * A follow-up reads neither (0.562 → 0.554 on later turns, but the previous answer's document
   * kept); a block's headings count with its lines (0.680 → 0.682). With an event word (« après », « avant ») read as a date, 0.678;
   * a sentence-level coverage for every kind added nothing (0.669), nor did a sentence naming a
   * person for « qui » questions (0.679) or the share of a passage's lines that are list items
   * for a list question (0.684 on first turns, 0.554 on later ones).
   * Refit (fourteenth session), 3,354 questions of 63 sets, `contextCoverage` in and `rarest` out:
   * held-out hit@1 (leave-one-set-out, half weights) 0.659 → 0.671; right answers 2,684 → 2,702.
   * First fit, 2,834 questions of 53 sets: held-out hit@1 0.634 → 0.647 at the fitted weights,
   * 0.654 at half (0.656 at 0.3); right answers over 51 dev sets 2,140 → 2,174 at half, 2,169 at
   * 0.7, 2,162 at 0.3, 2,138 at full (the gates, written for the hand-set order, then refuse 16
   * more answerable questions); without the two rank features, held-out 0.650 (full) / 0.646
   * (half), 2,160 right answers.
   */
  learnedWeights: {
    lexRR: -2.17142,
    denseRR: -0.843828,
    coverage: -0.02113,
    askedLabel: 0.002589,
    figure: 0.002796,
    person: 0.004988,
    eligibility: 0.006175,
    headingCoverage: -0.00208,
    namedDocument: 0.004442,
    lexicalShare: 0.023919,
    denseSimilarity: 0.032692,
    logLength: 0.002379,
    ownHeadingNamed: 0.003874,
    contextCoverage: 0.016557,
    proximity: 0.007494,
    figureSentence: 0.021902,
  } satisfies Record<RerankFeature, number> as Partial<Record<RerankFeature, number>>,
} as const;
