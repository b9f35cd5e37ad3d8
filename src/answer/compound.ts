/**
 * A compound question (src/lang/fr/clauses.ts) answered clause by clause: each clause's extract,
 * one after the other, with their citations numbered as one answer.
 */
import type { Citation, ConversationTurn } from '../core/answer.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { analyze } from '../lang/fr/analyzer.js';
import { unitHasFigure } from '../lang/fr/figure-kinds.js';
import { foldText } from '../lang/fr/normalize.js';
import type { ParsedQuestion } from '../query/parse-question.js';
import type { SearchHit } from '../search/types.js';
import type { Composition } from './compose/compose.js';
import { coverage, weightQuery } from './compose/question-coverage.js';
import { ruleOn, type AnswerTuning } from './compose/tuning.js';

/** What answering a clause needs from the assistant: parsing, searching and composing as for any question. */
export interface ClauseAnswering {
  tuning: AnswerTuning;
  lexical: LexicalIndex;
  /** The conversation before the compound question. */
  history: ConversationTurn[];
  parse(clause: string, history: ConversationTurn[]): ParsedQuestion;
  search(parsed: ParsedQuestion): Promise<SearchHit[]>;
  compose(parsed: ParsedQuestion, hits: SearchHit[], tuning: AnswerTuning): Composition;
}

/**
 * A compound question answered clause by clause, each clause a follow-up of the one before and
 * given its share of the message; undefined when the whole answer says as much of every clause,
 * when a clause finds nothing, or when the clauses come from the same sections (the whole
 * question is then answered as one, with all the room).
 */
export async function answerByClause(parsed: ParsedQuestion, whole: Composition, using: ClauseAnswering): Promise<Composition | undefined> {
  const { tuning, lexical } = using;
  if (parsed.clauses.length < 2 || !ruleOn(tuning, 'answer.compound')) return undefined;
  const wholeTerms = new Set(analyze(whole.text));
  let history = using.history;
  const clauses = parsed.clauses.map((clause) => {
    const clauseParsed = using.parse(clause, history);
    history = [...history, { question: clause }];
    const query = weightQuery(clauseParsed.expanded.concepts, lexical);
    // A figure clause (« c'est plafonné à combien ? ») is not answered by a whole answer holding
    // its words but no figure of its sort.
    const figureMissing = ruleOn(tuning, 'answer.compound-figure') && clauseParsed.kind === 'figure' && !unitHasFigure(foldText(quotedText(whole.text)), clauseParsed.figure, clauseParsed.text);
    // « combien en 2025 et combien pour 2026 ? »: the clause's year is what sets it apart, and the
    // coverage of its words may miss it (where years are common in the index, a year weighs little
    // beside the clause's nouns).
    const yearMissing = ruleOn(tuning, 'answer.compound-year') && clauseYearUnsaid(clause, clauseParsed.askedYears, whole.text);
    return { parsed: clauseParsed, query, wholeCoverage: figureMissing || yearMissing ? 0 : coverage(wholeTerms, query) };
  });
  // A whole answer holding (nearly) every word of every clause is not bettered clause by clause:
  // no search is spent on it.
  if (!whole.refused && clauses.every((clause) => clause.wholeCoverage >= tuning.compoundWholeCoverage)) return undefined;
  const shared = clauseTuning(tuning, parsed.clauses.length);
  const parts: Composition[] = [];
  let wholeSuffices = !whole.refused;
  for (const clause of clauses) {
    const part = using.compose(clause.parsed, await using.search(clause.parsed), shared);
    if (part.refused) return undefined;
    // The whole answer already says as much of this clause as the clause's own extract does.
    if (clause.wholeCoverage < coverage(new Set(analyze(part.text)), clause.query)) wholeSuffices = false;
    parts.push(part);
  }
  if (wholeSuffices) return undefined;
  const distinct = withNewSections(parts);
  return distinct.length >= 2 ? mergeCompositions(distinct, 'answer.compound') : undefined;
}

/**
 * A year the clause itself names (not one it inherits from the clause before) that the answer's
 * quoted text never writes: « … et combien pour 2026 ? » is not said by the 2025 figures.
 */
export function clauseYearUnsaid(clause: string, askedYears: readonly string[], answerText: string): boolean {
  const quoted = quotedText(answerText);
  const written = (year: string, text: string) => new RegExp(`(?<!\\d)${year}(?!\\d)`).test(text);
  return askedYears.some((year) => written(year, clause) && !written(year, quoted));
}

/**
 * What an answer quotes from the documents: without its « D'après … [1] : » and « Voir aussi … : »
 * lines, its citation markers and its notes of what was cut (« … et 3 autres éléments »), whose
 * numbers are no figures of the corpus. A « Voir aussi : <sentence> [2] » line is a quote, and stays.
 */
function quotedText(answer: string): string {
  return answer
    .split('\n')
    .filter((line) => !/^(?:D'après|Voir aussi) .* :$/.test(line) && !/^…/.test(line))
    .join('\n')
    .replace(/\[\d+\]/g, ' ');
}

/** The tuning a clause is composed with: its share of the message's room. */
export function clauseTuning(tuning: AnswerTuning, clauses: number): AnswerTuning {
  const share = (chars: number) => Math.floor(chars / clauses);
  // The clauses' texts are joined by a blank line.
  const textLimit = Math.floor((tuning.textLimit - 2 * (clauses - 1)) / clauses);
  return { ...tuning, answerChars: share(tuning.answerChars), passageChars: share(tuning.passageChars), parentMaxChars: share(tuning.parentMaxChars), textLimit };
}

/**
 * The clauses' compositions as one: texts in order, a section cited by two clauses keeps one
 * number, later clauses' markers renumbered.
 */
export function mergeCompositions(parts: Composition[], rule: string): Composition {
  const citations: Citation[] = [];
  const texts: string[] = [];
  for (const part of parts) {
    const renumbered = new Map<number, number>();
    for (const citation of part.citations) {
      const same = citations.find((kept) => kept.chunkId === citation.chunkId);
      if (same) renumbered.set(citation.n, same.n);
      else {
        const n = citations.length + 1;
        citations.push({ ...citation, n });
        renumbered.set(citation.n, n);
      }
    }
    texts.push(part.text.replace(/\[(\d+)\]/g, (_marker, n: string) => `[${renumbered.get(Number(n)) ?? n}]`));
  }
  return {
    text: texts.join('\n\n'),
    citations,
    refused: false,
    support: Math.min(...parts.map((part) => part.support)),
    trace: [rule, ...parts.flatMap((part, index) => part.trace.map((step) => `${index + 1}:${step}`))],
  };
}

/** The section a citation points to: two passages of one section are the same source for a reader. */
function sectionKey(citation: Citation): string {
  return `${citation.file}\u0000${citation.breadcrumb.join('\u0000')}`;
}

/** The clauses' compositions that cite a section no earlier clause cited. */
export function withNewSections(parts: Composition[]): Composition[] {
  const cited = new Set<string>();
  return parts.filter((part) => {
    const keys = part.citations.map(sectionKey);
    const adds = keys.some((key) => !cited.has(key));
    for (const key of keys) cited.add(key);
    return adds;
  });
}
