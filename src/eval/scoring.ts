/**
 * The scoring rules of eval/SCORING.md as pure functions, so each rule is unit-tested on its own
 * and the eval command only gathers retrievals and answers.
 */
import { formatCitationLine } from '../answer/citations.js';
import type { Answer, Citation } from '../core/answer.js';
import { foldText } from '../lang/fr/normalize.js';
import type { GoldQuestion, GoldQuestionType, GoldSource } from './gold-set.js';

/** Share of a quote's normalised characters that must lie in one chunk (SCORING.md). */
export const QUOTE_COVERAGE = 0.8;
/** Limits SCORING.md puts on what a user reads. */
export const MAX_CHUNK_CHARS = 2000;
export const MAX_ANSWER_CHARS = 1500;
export const MAX_SOURCES = 5;

/**
 * Case-, accent-, apostrophe- and whitespace-insensitive form used by every comparison: `foldText`
 * plus a collapse of every whitespace run (line breaks inside a quote included) to one space.
 */
export function normalizeForScoring(text: string): string {
  return foldText(text).replace(/\s+/g, ' ').trim();
}

/**
 * Length of the longest common substring of `a` and `b` (UTF-16 units). Classic O(n·m) dynamic
 * programme on one rolling row over the shorter string; it stops early once `enough` is reached,
 * since callers only need to know whether a threshold is met.
 */
export function longestCommonSubstring(a: string, b: string, enough = Infinity): number {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const n = short.length;
  if (n === 0) return 0;
  // Char codes in typed arrays: charCodeAt in the hot loop is several times slower.
  const s = new Uint16Array(n);
  for (let i = 0; i < n; i++) s[i] = short.charCodeAt(i);
  // row[i] = length of the common suffix of short[0..i) and long[0..j); walking i downwards
  // lets one row stand for both the previous and the current column.
  const row = new Uint32Array(n + 1);
  let best = 0;
  for (let j = 0; j < long.length; j++) {
    const c = long.charCodeAt(j);
    for (let i = n; i >= 1; i--) {
      if (s[i - 1] === c) {
        const v = row[i - 1]! + 1;
        row[i] = v;
        if (v > best) best = v;
      } else {
        row[i] = 0;
      }
    }
    if (best >= enough) return best;
  }
  return best;
}

/** Both arguments already normalised: true when ≥ 80 % of the quote lies in the chunk. */
export function normalizedQuoteFoundIn(quote: string, chunk: string): boolean {
  if (quote.length === 0) return false;
  if (chunk.includes(quote)) return true;
  const needed = Math.ceil(QUOTE_COVERAGE * quote.length);
  if (chunk.length < needed) return false;
  // Same verdict as `longestCommonSubstring(quote, chunk) >= needed`, much faster: a common
  // substring of length ≥ needed starts with some window quote[p, p + needed), so it suffices to
  // look for each such window with the engine's substring search.
  for (let p = 0; p + needed <= quote.length; p++) {
    if (chunk.includes(quote.slice(p, p + needed))) return true;
  }
  return false;
}

/**
 * True when at least 80 % of the normalised quote's characters lie in the chunk as one common
 * substring, so a chunk boundary inside a quote is not a miss, but a quote split evenly across two
 * chunks is found in neither.
 */
export function quoteFoundIn(quote: string, chunkText: string): boolean {
  return normalizedQuoteFoundIn(normalizeForScoring(quote), normalizeForScoring(chunkText));
}

/** Plain normalised containment, the rule for `must_include` strings. */
export function containsNormalized(haystack: string, needle: string): boolean {
  const n = normalizeForScoring(needle);
  return n.length > 0 && normalizeForScoring(haystack).includes(n);
}

/** What scoring needs of a chunk; `SearchHit.chunk` and `Chunk` both fit. */
export interface ScoredChunk {
  id: string;
  file: string;
  text: string;
}

/** Memoises normalised chunk texts: a chunk is compared with many quotes. */
export class NormalizedTexts {
  private readonly cache = new Map<string, string>();
  get(chunk: ScoredChunk): string {
    // Keyed by the text itself: ids are not trusted to be unique across test doubles.
    let value = this.cache.get(chunk.text);
    if (value === undefined) {
      value = normalizeForScoring(chunk.text);
      this.cache.set(chunk.text, value);
    }
    return value;
  }
}

/**
 * For each source, the 1-based rank of the first retrieved chunk of the same document
 * (`chunk.file === source.doc`) that holds the quote, or null when none of `retrieved` does.
 */
export function sourceRanks(sources: GoldSource[], retrieved: ScoredChunk[], texts = new NormalizedTexts()): (number | null)[] {
  return sources.map((source) => {
    const quote = normalizeForScoring(source.quote);
    const index = retrieved.findIndex((chunk) => chunk.file === source.doc && normalizedQuoteFoundIn(quote, texts.get(chunk)));
    return index === -1 ? null : index + 1;
  });
}

/** Rank of the first hit: the best rank over the question's sources. */
export function firstHitRank(ranks: (number | null)[]): number | null {
  const found = ranks.filter((rank): rank is number => rank !== null);
  return found.length === 0 ? null : Math.min(...found);
}

/** How a citation reads in a chat message; must_include counts what a user reads, sources included. */
/**
 * A citation as every surface lists it under the answer (document › breadcrumb — span). The
 * quote is not part of it: Slack shows none, the web only on click, so it is not « read ».
 */
export function renderCitation(citation: Citation): string {
  return formatCitationLine(citation);
}

/** The final text a user reads: the answer then its list of sources. */
export function finalAnswerText(answer: Pick<Answer, 'text' | 'citations'>): string {
  if (answer.citations.length === 0) return answer.text;
  return `${answer.text}\n\nSources :\n${answer.citations.map(renderCitation).join('\n')}`;
}

export function mustIncludePresence(mustInclude: string[], finalText: string): { found: string[]; missing: string[] } {
  const text = normalizeForScoring(finalText);
  const found: string[] = [];
  const missing: string[] = [];
  for (const item of mustInclude) {
    const needle = normalizeForScoring(item);
    (needle.length > 0 && text.includes(needle) ? found : missing).push(item);
  }
  return { found, missing };
}

export interface CitationVerdict {
  n: number;
  chunkId: string;
  precise: boolean;
  /** Why a citation is imprecise, for the failure list. */
  reason?: 'unknown-chunk' | 'no-gold-content';
}

/**
 * A citation is precise when the chunk it points to (looked up by `chunkId`) contains one of the
 * question's must_include strings (normalised containment) or source quotes (80 % rule).
 */
export function judgeCitations(
  question: Pick<GoldQuestion, 'must_include' | 'sources'>,
  citations: Citation[],
  chunkById: ReadonlyMap<string, ScoredChunk>,
  texts = new NormalizedTexts(),
): CitationVerdict[] {
  const needles = question.must_include.map(normalizeForScoring).filter((needle) => needle.length > 0);
  const quotes = question.sources.map((source) => normalizeForScoring(source.quote));
  return citations.map((citation) => {
    const chunk = chunkById.get(citation.chunkId);
    if (!chunk) return { n: citation.n, chunkId: citation.chunkId, precise: false, reason: 'unknown-chunk' };
    const text = texts.get(chunk);
    const precise = needles.some((needle) => text.includes(needle)) || quotes.some((quote) => normalizedQuoteFoundIn(quote, text));
    return precise ? { n: citation.n, chunkId: citation.chunkId, precise } : { n: citation.n, chunkId: citation.chunkId, precise, reason: 'no-gold-content' };
  });
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Everything measured for one gold question. */
export interface QuestionResult {
  id: string;
  type: GoldQuestionType;
  question: string;
  answerable: boolean;
  /** Ids of the retrieved chunks, best first. */
  retrieved: string[];
  /** Per source, the rank it was found at (null: not in the retrieved list). */
  sourceRanks: (number | null)[];
  /** Null when the question has no sources or none was found. */
  firstHitRank: number | null;
  mustInclude: { found: string[]; missing: string[] };
  /** Answerable and every must_include string present. */
  exact: boolean;
  refused: boolean;
  citations: CitationVerdict[];
  answerText: string;
  answerLength: number;
  sourceCount: number;
  searchMs: number;
  askMs: number;
  /** Set when search or ask threw: the question then scores as a miss. */
  error?: string;
  /** Position in its conversation (0: first turn), for questions that are turns of one. */
  turn?: number;
  /** The same scoring applied to the baseline answer (top passage quoted verbatim). */
  baseline?: BaselineResult;
  /** The composer rules that decided the answer (`eval --json`), to see which rule a failure went through. */
  rules?: string[];
  /** What the parser read in the question (`ask --json` cues: kind, blocks, years…). */
  cues?: string[];
  /**
   * How much of the question the best passages say: the share `gate.support` compares with its
   * threshold (for a compound question, its clauses' smallest; a follow-up is never refused on it).
   */
  support?: number;
}

/** What the baseline answer scored on a question: the answer fields of a QuestionResult. */
export type BaselineResult = Pick<QuestionResult, 'mustInclude' | 'exact' | 'refused' | 'citations' | 'answerable'>;

/** Scores an answer on the answer rules only (no retrieval): used for the baseline row. */
export function scoreBaseline(question: GoldQuestion, answer: Answer, chunkById: ReadonlyMap<string, ScoredChunk>, texts = new NormalizedTexts()): BaselineResult {
  const answerable = question.type !== 'unanswerable';
  const presence = answerable ? mustIncludePresence(question.must_include, finalAnswerText(answer)) : { found: [], missing: [] };
  return {
    answerable,
    mustInclude: presence,
    exact: answerable && presence.missing.length === 0,
    refused: answer.refused,
    citations: judgeCitations(question, answer.citations, chunkById, texts),
  };
}

export interface QuestionInputs {
  retrieved: ScoredChunk[];
  /** The answer, or the error `ask` threw. */
  answer: Answer | { error: string };
  chunkById: ReadonlyMap<string, ScoredChunk>;
  searchMs: number;
  askMs: number;
  searchError?: string;
}

export function scoreQuestion(question: GoldQuestion, inputs: QuestionInputs, texts = new NormalizedTexts()): QuestionResult {
  const answerable = question.type !== 'unanswerable';
  const ranks = sourceRanks(question.sources, inputs.retrieved, texts);
  const answer = 'error' in inputs.answer ? null : inputs.answer;
  const finalText = answer ? finalAnswerText(answer) : '';
  const presence = answerable ? mustIncludePresence(question.must_include, finalText) : { found: [], missing: [] };
  const errors = [inputs.searchError, answer ? undefined : (inputs.answer as { error: string }).error].filter(Boolean);
  return {
    id: question.id,
    type: question.type,
    question: question.question,
    answerable,
    retrieved: inputs.retrieved.map((chunk) => chunk.id),
    sourceRanks: ranks,
    firstHitRank: firstHitRank(ranks),
    mustInclude: presence,
    exact: answerable && answer !== null && presence.missing.length === 0,
    refused: answer?.refused ?? false,
    citations: answer ? judgeCitations(question, answer.citations, inputs.chunkById, texts) : [],
    answerText: answer?.text ?? '',
    answerLength: answer?.text.length ?? 0,
    sourceCount: answer?.citations.length ?? 0,
    searchMs: inputs.searchMs,
    askMs: inputs.askMs,
    ...(errors.length > 0 ? { error: errors.join(' ; ') } : {}),
    ...(question.conversation ? { turn: question.conversation.turn } : {}),
    ...(answer?.trace ? { rules: answer.trace.rules, cues: answer.trace.cues, support: answer.trace.support } : {}),
  };
}

export interface RetrievalMetrics {
  /** Questions that have sources (the denominator of hit@k and MRR). */
  questions: number;
  hitAt1: number | null;
  hitAt5: number | null;
  hitAt10: number | null;
  mrr: number | null;
  /** Number of sources over all questions (the denominator of recall@10). */
  sources: number;
  recallAt10: number | null;
}

export interface AnswerMetrics {
  answerable: number;
  unanswerable: number;
  mustIncludeStrings: number;
  mustIncludeCoverage: number | null;
  exact: number | null;
  refusedUnanswerable: number | null;
  wrongRefusals: number | null;
  citations: number;
  citationPrecision: number | null;
  errors: number;
}

export interface TypeMetrics {
  questions: number;
  hitAt1: number | null;
  hitAt5: number | null;
  hitAt10: number | null;
  mrr: number | null;
  exact: number | null;
  mustIncludeCoverage: number | null;
  /** Unanswerable: correctly refused; answerable: wrongly refused. */
  refused: number | null;
}

export interface EvalMetrics {
  questions: number;
  /** Depth of the retrieved lists (MRR is counted over it). */
  k: number;
  retrieval: RetrievalMetrics;
  answers: AnswerMetrics;
  latency: { askP50: number | null; askP95: number | null; searchP50: number | null; searchP95: number | null };
  chunks: { count: number; meanLength: number | null; maxLength: number; overLimit: number };
  answerSize: { meanLength: number | null; maxLength: number; overLimit: number; maxSources: number; overSourceLimit: number };
  byType: Partial<Record<GoldQuestionType, TypeMetrics>>;
  /** The baseline answers (top passage verbatim) scored like the composed ones; null without baseline. */
  baseline: AnswerMetrics | null;
  /** Conversations: first turns and later turns scored apart (null when the set has none). */
  turns: { first: AnswerMetrics; later: AnswerMetrics } | null;
}

function retrievalOf(results: QuestionResult[], k: number): Omit<RetrievalMetrics, 'sources' | 'recallAt10'> {
  const withSources = results.filter((r) => r.sourceRanks.length > 0);
  const hitAt = (depth: number) => rate(withSources.filter((r) => r.firstHitRank !== null && r.firstHitRank <= depth).length, withSources.length);
  const reciprocal = withSources.map((r) => (r.firstHitRank !== null && r.firstHitRank <= k ? 1 / r.firstHitRank : 0));
  return { questions: withSources.length, hitAt1: hitAt(1), hitAt5: hitAt(5), hitAt10: hitAt(10), mrr: mean(reciprocal) };
}

function answersOf(results: Pick<QuestionResult, 'answerable' | 'mustInclude' | 'exact' | 'refused' | 'citations' | 'error'>[]): AnswerMetrics {
  const answerable = results.filter((r) => r.answerable);
  const unanswerable = results.filter((r) => !r.answerable);
  const strings = answerable.reduce((sum, r) => sum + r.mustInclude.found.length + r.mustInclude.missing.length, 0);
  const found = answerable.reduce((sum, r) => sum + r.mustInclude.found.length, 0);
  const citations = answerable.flatMap((r) => r.citations);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    mustIncludeStrings: strings,
    mustIncludeCoverage: rate(found, strings),
    exact: rate(answerable.filter((r) => r.exact).length, answerable.length),
    refusedUnanswerable: rate(unanswerable.filter((r) => r.refused).length, unanswerable.length),
    wrongRefusals: rate(answerable.filter((r) => r.refused).length, answerable.length),
    citations: citations.length,
    citationPrecision: rate(citations.filter((c) => c.precise).length, citations.length),
    errors: results.filter((r) => r.error !== undefined).length,
  };
}

/** Aggregates per-question results and the index's chunks into every figure of SCORING.md. */
export function summarize(results: QuestionResult[], chunks: { text: string }[], k = 10): EvalMetrics {
  const sourceCount = results.reduce((sum, r) => sum + r.sourceRanks.length, 0);
  const sourcesAt10 = results.reduce((sum, r) => sum + r.sourceRanks.filter((rank) => rank !== null && rank <= 10).length, 0);
  const chunkLengths = chunks.map((chunk) => chunk.text.length);
  const answered = results.filter((r) => r.error === undefined || r.answerLength > 0);
  const byType: Partial<Record<GoldQuestionType, TypeMetrics>> = {};
  for (const type of [...new Set(results.map((r) => r.type))]) {
    const group = results.filter((r) => r.type === type);
    const retrieval = retrievalOf(group, k);
    const answers = answersOf(group);
    byType[type] = {
      questions: group.length,
      hitAt1: retrieval.hitAt1,
      hitAt5: retrieval.hitAt5,
      hitAt10: retrieval.hitAt10,
      mrr: retrieval.mrr,
      exact: answers.exact,
      mustIncludeCoverage: answers.mustIncludeCoverage,
      refused: type === 'unanswerable' ? answers.refusedUnanswerable : answers.wrongRefusals,
    };
  }
  return {
    questions: results.length,
    k,
    retrieval: { ...retrievalOf(results, k), sources: sourceCount, recallAt10: rate(sourcesAt10, sourceCount) },
    answers: answersOf(results),
    latency: {
      askP50: percentile(
        results.map((r) => r.askMs),
        50,
      ),
      askP95: percentile(
        results.map((r) => r.askMs),
        95,
      ),
      searchP50: percentile(
        results.map((r) => r.searchMs),
        50,
      ),
      searchP95: percentile(
        results.map((r) => r.searchMs),
        95,
      ),
    },
    chunks: {
      count: chunks.length,
      meanLength: mean(chunkLengths),
      maxLength: chunkLengths.reduce((max, v) => Math.max(max, v), 0),
      overLimit: chunkLengths.filter((length) => length > MAX_CHUNK_CHARS).length,
    },
    answerSize: {
      meanLength: mean(answered.map((r) => r.answerLength)),
      maxLength: answered.reduce((max, r) => Math.max(max, r.answerLength), 0),
      overLimit: answered.filter((r) => r.answerLength > MAX_ANSWER_CHARS).length,
      maxSources: answered.reduce((max, r) => Math.max(max, r.sourceCount), 0),
      overSourceLimit: answered.filter((r) => r.sourceCount > MAX_SOURCES).length,
    },
    byType,
    baseline: results.every((r) => r.baseline) && results.length > 0 ? answersOf(results.map((r) => r.baseline!)) : null,
    turns: results.some((r) => r.turn !== undefined)
      ? { first: answersOf(results.filter((r) => r.turn !== undefined && r.turn === 0)), later: answersOf(results.filter((r) => r.turn !== undefined && r.turn > 0)) }
      : null,
  };
}
