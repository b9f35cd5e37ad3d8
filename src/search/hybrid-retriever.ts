/**
 * Hybrid retrieval: BM25 and dense neighbours fused by reciprocal rank, with numbered-section
 * references sent straight to their sections and hard filters by document, territory and kind.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import type { ConversationTurn } from '../core/answer.js';
import type { GlossaryLookup } from '../core/types.js';
import { bisect, type IndexLookups } from '../index/lookup-file.js';
import { buildIndexLookups } from './index-lookups.js';
import type { Chunk, DocumentMeta } from '../core/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import type { VectorStore } from '../index/vector-store.js';
import { foldText } from '../lang/fr/normalize.js';
import { unitHasFigure } from '../lang/fr/figure-kinds.js';
import { hasPersonName } from '../lang/fr/person-names.js';
import { labelNamesAsked } from '../query/asked-for.js';
import { prepareQuestionLookups, referenceKey, referenceKeyOfLabel } from '../query/query-understanding.js';
import { parseQuestion, type ParsedQuestion } from '../query/parse-question.js';
import { SEARCH_TUNING } from './search-tuning.js';
import { isEligibilityHeading } from '../lang/fr/eligibility.js';
import type { FusedCandidate, SearchFilters, SearchHit, SearchOptions } from './types.js';
import { RERANK_FEATURES, RERANKED_TIER, RerankFeatureReader } from './rerank-features.js';

export interface RetrieverParts {
  chunks: Chunk[];
  documents: DocumentMeta[];
  lexical: LexicalIndex;
  vectors?: VectorStore;
  embeddings?: Embeddings;
  glossary: GlossaryLookup;
  /** The look-ups an index stores (`lookups.bin`); made from the chunks when absent. */
  lookups?: IndexLookups;
  weights?: { lexical: number; dense: number };
}

const NONE = new Uint32Array(0);

export class HybridRetriever {
  private readonly metaByFile: Map<string, DocumentMeta>;
  /** Each file's chunks and the chunks under each numbered section: read from the index, or made from the chunks. */
  readonly lookups: IndexLookups;
  /** File → its position in `lookups.files`. */
  private readonly fileIndexes = new Map<string, number>();
  /**
   * Reference keys of each breadcrumb's labels, by breadcrumb: the chunks of one section share
   * their breadcrumb array, so each path is read once, on the first question naming its section.
   */
  private readonly breadcrumbKeys = new Map<readonly string[], (string | undefined)[]>();
  private readonly weights: { lexical: number; dense: number };
  private readonly featureReader: RerankFeatureReader;

  constructor(private readonly parts: RetrieverParts) {
    this.metaByFile = new Map(parts.documents.map((document) => [document.file, document]));
    this.weights = parts.weights ?? SEARCH_TUNING.weights;
    this.lookups = parts.lookups ?? buildIndexLookups(parts.chunks, parts.documents);
    this.featureReader = new RerankFeatureReader(parts.lexical, this.metaByFile);
    for (const [position, file] of this.lookups.files.entries()) this.fileIndexes.set(file, position);
    prepareQuestionLookups(parts.glossary, parts.documents, this.lookups.documentTerms);
  }

  /** The chunks under the numbered section of this reference key (`objectif 18`), ascending. */
  private sectionChunks(key: string): Uint32Array {
    const { referenceKeys, referenceStarts, referenceChunks } = this.lookups;
    const at = bisect(referenceKeys, key);
    return at < 0 ? NONE : referenceChunks.subarray(referenceStarts[at]!, referenceStarts[at + 1]!);
  }

  /** The chunks of one file, ascending. */
  chunkIndexesOf(file: string): Uint32Array {
    const at = this.fileIndexes.get(file);
    const { fileStarts, fileChunks } = this.lookups;
    return at === undefined ? NONE : fileChunks.subarray(fileStarts[at]!, fileStarts[at + 1]!);
  }

  /** The reference keys of a chunk's breadcrumb labels (undefined for an unnumbered label). */
  private keysOfBreadcrumb(breadcrumb: readonly string[]): (string | undefined)[] {
    let keys = this.breadcrumbKeys.get(breadcrumb);
    if (!keys) this.breadcrumbKeys.set(breadcrumb, (keys = breadcrumb.map(referenceKeyOfLabel)));
    return keys;
  }

  /**
   * The chunks of the files a filter names, ascending (undefined when it names none): a filtered
   * dense search reads these, not every chunk of the corpus.
   */
  private chunksOfFiles(filters: SearchFilters | undefined): number[] | undefined {
    if (!filters?.file && !filters?.files) return undefined;
    const files = new Set([...(filters.file ? [filters.file] : []), ...(filters.files ?? [])]);
    const indexes = [...files].flatMap((file) => Array.from(this.chunkIndexesOf(file)));
    return files.size > 1 ? indexes.sort((a, b) => a - b) : indexes;
  }

  /** Whether a document of `files` holds the numbered section of this reference key (`objectif 18`). */
  hasSectionIn(key: string, files: ReadonlySet<string>): boolean {
    return this.sectionChunks(key).some((index) => files.has(this.parts.chunks[index]!.file));
  }

  /**
   * Whether a numbered section the question names is missing: the corpus has sections of that
   * family (objectifs #1 to #35) but not that number (« objectif 40 »). A family the outline
   * never saw (« fiche action 3 » inside a table) is not called missing.
   */
  isMissingSection(key: string): boolean {
    const referenceKeys = this.lookups.referenceKeys;
    if (bisect(referenceKeys, key) >= 0) return false;
    const family = key.slice(0, key.lastIndexOf(' ') + 1);
    // The first key not below `family` starts with it when any does.
    let low = 0;
    let high = referenceKeys.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (referenceKeys[middle]! < family) low = middle + 1;
      else high = middle;
    }
    return referenceKeys[low]?.startsWith(family) ?? false;
  }

  private allowed(filters: SearchFilters | undefined): ((index: number) => boolean) | undefined {
    if (!filters || (!filters.file && !filters.files && !filters.territory && !filters.kind)) return undefined;
    const wanted = (value: string | undefined, actual: string | null | undefined) => !value || foldText(actual ?? '') === foldText(value);
    const files = filters.files ? new Set(filters.files) : undefined;
    return (index) => {
      const chunk = this.parts.chunks[index]!;
      const meta = this.metaByFile.get(chunk.file);
      return (!filters.file || chunk.file === filters.file) && (!files || files.has(chunk.file)) && wanted(filters.territory, meta?.territory) && wanted(filters.kind, meta?.kind);
    };
  }

  /** Whether a passage sits in a section about who or what may be funded (its own heading or its parent's). */
  private underEligibilityHeading(chunk: Chunk): boolean {
    let answer = this.eligibilitySections.get(chunk.id);
    if (answer === undefined) {
      answer = chunk.headings.slice(-2).some((heading) => isEligibilityHeading(foldText(heading)));
      this.eligibilitySections.set(chunk.id, answer);
    }
    return answer;
  }
  private readonly eligibilitySections = new Map<string, boolean>();

  /** Parses a question (and its conversation) against this index's glossary, vocabulary and outline. */
  parse(question: string, history?: ConversationTurn[], phraseKnown?: (phrase: string) => boolean, isProperName?: (word: string) => boolean): ParsedQuestion {
    return parseQuestion(question, history, {
      glossary: this.parts.glossary,
      lexical: this.parts.lexical,
      documents: this.parts.documents,
      phraseKnown,
      isProperName,
      isMissingSection: (key) => this.isMissingSection(key),
      // Read at call time: the tuning sweep varies it.
      inheritedTermWeight: SEARCH_TUNING.inheritedTermWeight,
    });
  }

  async search(question: string | ParsedQuestion, options: SearchOptions = {}): Promise<SearchHit[]> {
    const parsed = typeof question === 'string' ? this.parse(question, options.history) : question;
    const query = parsed.text;
    // Read at call time: the tuning sweep (scripts/sweep-search-tuning.ts) varies these values.
    const { rrfK: RRF_K, candidates: CANDIDATES, rerankDepth: RERANK_DEPTH, namedDocumentSlot: NAMED_DOCUMENT_SLOT } = SEARCH_TUNING;
    const { coverageWeight: COVERAGE_WEIGHT, askedLabelWeight: ASKED_LABEL_WEIGHT, figurePassageWeight: FIGURE_PASSAGE_WEIGHT } = SEARCH_TUNING;
    const { personPassageWeight: PERSON_PASSAGE_WEIGHT, eligibilitySectionWeight: ELIGIBILITY_SECTION_WEIGHT, lexicalScoreWeight: LEXICAL_SCORE_WEIGHT } = SEARCH_TUNING;
    const { quotedNameWeight: QUOTED_NAME_WEIGHT } = SEARCH_TUNING;
    const k = options.k ?? 10;
    const allowed = this.allowed(options.filters);
    const expanded = parsed.expanded;
    const asked = parsed.askedStems;
    const figure = parsed.distinctFigure;
    const person = parsed.asksPerson;
    const fused = new Map<number, FusedCandidate>();
    const entry = (index: number) => {
      let value = fused.get(index);
      if (!value) fused.set(index, (value = { score: 0 }));
      return value;
    };

    // A search within files reads only the postings of their chunks (a file's chunks are consecutive).
    const ofFiles = this.chunksOfFiles(options.filters);
    const within = ofFiles ? { from: ofFiles[0] ?? 0, to: (ofFiles.at(-1) ?? -1) + 1 } : undefined;
    const { hits: lexicalHits, coverage } = this.parts.lexical.searchWithCoverage(expanded.terms, CANDIDATES, allowed, within);
    // Rank fusion forgets by how much the best lexical matches lead: a passage far ahead in BM25
    // keeps part of its lead, as a share of the best BM25 score of this question.
    const bestLexical = lexicalHits[0]?.score ?? 0;
    lexicalHits.forEach((hit, rank) => {
      const value = entry(hit.docIndex);
      value.lexical = hit.score;
      value.lexicalRank = rank;
      value.score += this.weights.lexical / (RRF_K + rank + 1);
      if (bestLexical > 0) value.score += (LEXICAL_SCORE_WEIGHT * hit.score) / bestLexical;
    });

    if (this.parts.vectors && this.parts.embeddings && this.parts.vectors.size > 0) {
      const vector = await this.parts.embeddings.embedQuery(query);
      const filter = allowed ? (index: number) => allowed(index) : undefined;
      const denseHits = this.parts.vectors.search(vector, CANDIDATES, filter, ofFiles);
      denseHits.forEach((hit, rank) => {
        const value = entry(hit.index);
        value.dense = hit.similarity;
        value.denseRank = rank;
        value.score += this.weights.dense / (RRF_K + rank + 1);
      });
    }

    // A question naming « l'objectif 18 » is about that section: its chunks come first, ordered
    // among themselves by the fused text score; the deepest match (the section itself) wins ties.
    for (const reference of expanded.references) {
      for (const index of this.sectionChunks(referenceKey(reference))) {
        if (allowed && !allowed(index)) continue;
        const value = entry(index);
        const chunk = this.parts.chunks[index]!;
        const depth = this.keysOfBreadcrumb(chunk.breadcrumb).indexOf(referenceKey(reference));
        const specificity = depth >= 0 ? 1 - (chunk.breadcrumb.length - depth - 1) * 0.002 : 0;
        value.reference = (value.reference ?? 0) + specificity;
        value.score += 1 * specificity;
      }
    }

    // BM25 rewards repeating one word; a passage that answers contains most of the question's
    // distinct words: the best candidates get a bonus for the share of the question they cover.
    const candidates = bestFused(fused, RERANK_DEPTH);
    // « Quel est le montant… » is answered by a passage holding an amount, whatever its words.
    // Passages holding the whole of a name the question quotes, read from the postings.
    const lexical = this.parts.lexical;
    for (const [index, value] of candidates) {
      const chunk = this.parts.chunks[index]!;
      value.quotedName = parsed.quotedNames.some((stems) => lexical.holdsAll(index, stems));
      if (value.quotedName) value.score += QUOTED_NAME_WEIGHT;
      value.coverage = coverage(index);
      value.askedLabel = labelNamesAsked(chunk, asked);
      value.figure = figure !== undefined && unitHasFigure(chunk.text, figure, query);
      value.person = person && hasPersonName(chunk.text);
      value.eligibility = parsed.kind === 'eligibility' && this.underEligibilityHeading(chunk);
      value.score += COVERAGE_WEIGHT * value.coverage;
      if (value.askedLabel) value.score += ASKED_LABEL_WEIGHT;
      if (value.figure) value.score += FIGURE_PASSAGE_WEIGHT;
      if (value.person) value.score += PERSON_PASSAGE_WEIGHT;
      if (value.eligibility) value.score += ELIGIBILITY_SECTION_WEIGHT;
      if (parsed.continuedFile !== undefined && chunk.file === parsed.continuedFile) value.score += SEARCH_TUNING.continuedDocumentWeight;
    }
    // Then what the hand-set weights do not read, with weights fitted on the gold sets.
    const learned = SEARCH_TUNING.learnedWeights;
    const weighted = Object.keys(learned).length > 0;
    if (weighted || options.onCandidates) {
      const features = this.featureReader.read(
        parsed,
        candidates.map(([index, value]) => ({ index, chunk: this.parts.chunks[index]!, value })),
      );
      candidates.forEach(([, value], at) => {
        const values = features[at]!;
        value.features = values;
        value.baseScore = value.score;
        for (const name of RERANK_FEATURES) value.score += (learned[name] ?? 0) * values[name];
        // The weights order the re-ranked candidates among themselves: they stay ahead of the rest,
        // as when every re-ranking feature could only add.
        if (weighted) value.score += RERANKED_TIER;
      });
    }
    options.onCandidates?.(
      candidates.map(([index, value]) => ({ chunk: this.parts.chunks[index]!, ...value })),
      parsed,
    );
    const hits: SearchHit[] = bestFused(fused, k).map(([index, value]) => ({
      chunk: this.parts.chunks[index]!,
      score: value.score,
      scores: { lexical: value.lexical, dense: value.dense, reference: value.reference },
    }));
    // A question about two named documents (« prévues dans le contrat de la CABBALR, et combien
    // dans la convention Bassin minier ? ») gets the best passages of each, not only of the louder one.
    if (!options.filters?.file) {
      const named = parsed.namedDocuments;
      if (named.length >= 2) {
        for (const meta of named) {
          if (hits.some((hit) => hit.chunk.file === meta.file)) continue;
          hits.splice(Math.min(NAMED_DOCUMENT_SLOT, hits.length), 0, ...(await this.search(parsed, { k: 2, filters: { ...options.filters, file: meta.file } })));
        }
      }
    }
    return hits;
  }
}

/**
 * The n best fused candidates, best first, equal scores in the order they entered the map: the
 * first n of a stable sort of every entry by score, without sorting them all (a question naming a
 * section of a corpus copied a hundred times fuses a thousand passages or more).
 */
export function bestFused(fused: Map<number, FusedCandidate>, n: number): [number, FusedCandidate][] {
  const best: [number, FusedCandidate][] = [];
  if (n <= 0) return best;
  // forEach, not for…of: the map's iterator would make a [key, value] pair for every entry.
  fused.forEach((value, index) => {
    const score = value.score;
    if (best.length >= n && !(score > best[n - 1]![1].score)) return;
    // After every entry of an equal or better score: a later entry never passes an equal one.
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (best[middle]![1].score >= score) low = middle + 1;
      else high = middle;
    }
    best.splice(low, 0, [index, value]);
    if (best.length > n) best.pop();
  });
  return best;
}
