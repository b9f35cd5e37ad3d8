/**
 * Features of a re-ranked candidate that the hand-set fusion does not read: how much of the
 * question its headings say, how much of it the passage says with its headings and its document's
 * title, the raw lexical and dense scores rank fusion forgets, its length, and how much of its own
 * section title the question names, how close together it says the question's words (`proximity`)
 * and, for a figure question, how much of it one sentence says beside a figure of the asked sort
 * (`figureSentence`); these two stay 0 for a follow-up. `scripts/dump-rerank-features.ts` writes them for the gold
 * sets and `scripts/learn-rerank.py` fits their weights leave-one-set-out
 * (SEARCH_TUNING.learnedWeights).
 */
import type { Chunk, DocumentMeta } from '../core/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { analyze, isStopWord } from '../lang/fr/analyzer.js';
import { figureCheckKey, statesFigureOfSort } from '../lang/fr/figure-kinds.js';
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

/**
 * Reads the features of one index's candidates; remembers each chunk's heading words, terms and
 * sentences (and their figure checks), each label's words and each document's catalogue words.
 */
export class RerankFeatureReader {
  private readonly headingTerms = new WeakMap<Chunk, Set<string>>();
  /** Each passage's text read once: its index terms in order and its sentences as ranges of them. */
  private readonly readTexts = new WeakMap<Chunk, ReadText>();
  /** Per passage and per `figureCheckKey`, whether each of its sentences states a figure of the sort. */
  private readonly figureChecks = new WeakMap<Chunk, Map<string, (boolean | undefined)[]>>();
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

  /**
   * The passage's sentences (sentenceSpans) with their index terms, laid end to end in one array:
   * the proximity window reads all of it (heading lines included), the figure sentence one body
   * sentence's range at a time. Kept for as long as the index: about the analysed text's size. The heading lines
   * at the top of the text (« Article 2 – Propreté ») are no sentence of the body.
   */
  private readTextOf(chunk: Chunk): ReadText {
    let read = this.readTexts.get(chunk);
    if (!read) {
      const bodyStart = chunk.text
        .split('\n')
        .slice(0, chunk.headingLines ?? 0)
        .join('\n').length;
      const terms: string[] = [];
      const sentences: ReadSentence[] = [];
      for (const { start, end } of sentenceSpans(chunk.text)) {
        const from = terms.length;
        terms.push(...analyze(chunk.text.slice(start, end)));
        if (start >= bodyStart) sentences.push({ start, end, from, to: terms.length });
      }
      this.readTexts.set(chunk, (read = { terms, sentences }));
    }
    return read;
  }

  /** Whether sentence `at` of the passage states a figure of the asked sort, computed once per passage, sentence and question key. */
  private statesFigure(chunk: Chunk, sentence: ReadSentence, at: number, parsed: ParsedQuestion, key: string): boolean {
    let byKey = this.figureChecks.get(chunk);
    if (!byKey) this.figureChecks.set(chunk, (byKey = new Map()));
    let checks = byKey.get(key);
    if (!checks) {
      // Questions' numbers vary: a long-running server keeps a few keys per passage only.
      if (byKey.size >= FIGURE_KEYS_PER_PASSAGE) byKey.clear();
      byKey.set(key, (checks = []));
    }
    return (checks[at] ??= statesFigureOfSort(chunk.text.slice(sentence.start, sentence.end), parsed.figure, parsed.text));
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
    // A term may stand for two concepts (« signatair » for « quand signé » and « signataires »).
    const conceptsOfTerm = new Map<string, number[]>();
    concepts.forEach((concept, at) => {
      for (const term of new Set([concept.term, ...concept.anyOf])) conceptsOfTerm.set(term, [...(conceptsOfTerm.get(term) ?? []), at]);
    });
    // An acronym's long form (`allOf`) counts in a sentence holding all its words.
    const groupConcepts = concepts.flatMap((concept, at) => concept.allOf.filter((group) => group.length > 0).map((group) => ({ group, at })));
    // How much of a section's own title the question names (IDF-weighted share of its content words).
    const namedShare = (label: string) => {
      const { terms, weight } = this.labelTermsOf(label);
      let named = 0;
      for (const { term, idf } of terms) if (questionTerms.has(term)) named += idf;
      return weight === 0 ? 0 : named / weight;
    };
    // A follow-up's text may carry the previous question's words: a sentence saying them beside a
    // figure, or close together, is the previous answer's more often than the new one's. Its
    // sentence-level features stay 0 (the weights were fitted on first turns).
    const readsSentences = !parsed.followUp;
    const asksFigure = parsed.kind === 'figure' && readsSentences;
    const figureKey = asksFigure ? figureCheckKey(parsed.text, parsed.figure) : '';
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
      const read = readsSentences ? this.readTextOf(chunk) : undefined;
      const inHeadingsConcepts: number[] = [];
      if (asksFigure) {
        concepts.forEach((concept, at) => {
          if (heldBy(headings, concept)) inHeadingsConcepts.push(at);
        });
      }
      let figureSentenceCovered = 0;
      if (asksFigure && read) {
        read.sentences.forEach((sentence, at) => {
          // A block's line says its subject in the block's headings (« Action 5 › Budget estimé »:
          // « 2023 : 60 000 € »): they count with each of its sentences.
          const held = new Set(inHeadingsConcepts);
          for (let term = sentence.from; term < sentence.to; term++) for (const concept of conceptsOfTerm.get(read.terms[term]!) ?? []) held.add(concept);
          if (groupConcepts.length > 0) {
            const words = new Set(read.terms.slice(sentence.from, sentence.to));
            for (const { group, at: concept } of groupConcepts) if (group.every((word) => words.has(word))) held.add(concept);
          }
          let covered = 0;
          for (const concept of held) covered += weights[concept]!;
          if (covered > figureSentenceCovered && this.statesFigure(chunk, sentence, at, parsed, figureKey)) figureSentenceCovered = covered;
        });
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
        proximity: read ? closestWindowShare(read.terms, conceptsOfTerm, weights, SEARCH_TUNING.proximityWindow) / total : 0,
      };
    });
  }
}

/** A passage's terms in order, and its body's sentences as offsets into its text and ranges of the terms. */
interface ReadText {
  terms: string[];
  sentences: ReadSentence[];
}
interface ReadSentence {
  start: number;
  end: number;
  from: number;
  to: number;
}

/** Figure-check keys kept per passage before its cache is emptied (a key per question sort and numbers). */
const FIGURE_KEYS_PER_PASSAGE = 8;

/**
 * The largest idf weight of distinct question concepts that one window of `width` consecutive
 * terms of the passage holds: a passage saying the question's words close together (a phrase, a
 * sentence; the window may cross a sentence's end) answers it more often than one scattering them
 * over a page (BM25 reads a bag of words). A term may stand for several concepts. An acronym's
 * long form (`allOf`) is not read here: one of its words alone would count for it.
 */
export function closestWindowShare(terms: readonly string[], conceptsOfTerm: ReadonlyMap<string, readonly number[]>, weights: readonly number[], width: number): number {
  if (width < 1) return 0;
  const found: { at: number; concept: number }[] = [];
  terms.forEach((term, at) => {
    for (const concept of conceptsOfTerm.get(term) ?? []) found.push({ at, concept });
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
