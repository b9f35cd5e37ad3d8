/**
 * The default, offline composer: answers with the document's own words, shaped by the kind of
 * question (a complete list, the row holding a figure, a definition, the conditions and who
 * decides), each unit cited; refuses when the retrieved passages do not cover the question.
 */
import type { GlossaryEntry } from '../ingest/glossary.js';
import type { Chunk, DocumentMeta } from '../ingest/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { namedDocuments, type QueryConcept } from '../search/query-understanding.js';
import type { SearchHit } from '../search/types.js';
import { analyze } from '../text/analyzer.js';
import { foldText } from '../text/normalize.js';
import { CitationRegistry } from './citations.js';
import { cleanItem, termSet, unitsOf, type AnswerUnit } from './passage-units.js';
import type { Citation, QuestionKind } from './types.js';

export const ANSWER_LIMIT = 1_500;
/** Share of the question's weighted terms the best passage must contain, calibrated on eval/dev.jsonl. */
export const DEFAULT_SUPPORT_THRESHOLD = 0.2;

export interface CompositionInput {
  question: string;
  kind: QuestionKind;
  hits: SearchHit[];
  concepts: QueryConcept[];
  acronyms: GlossaryEntry[];
  /** Every chunk, to complete a list section split over several chunks. */
  chunksBySection: Map<string, Chunk[]>;
  /** Chunks grouped by their parent section (`parentKey`), to reach sibling label blocks. */
  chunksByParent?: Map<string, Chunk[]>;
  metaByFile: Map<string, DocumentMeta>;
  lexical: LexicalIndex;
  supportThreshold?: number;
}

export interface Composition {
  text: string;
  citations: Citation[];
  refused: boolean;
  support: number;
}

/** Words of the question that ask rather than say what about (« quel montant », « combien »). */
const QUESTION_TERMS = new Set(analyze('combien montant quel quelle date liste conditions condition prevu prevus prevue principales principaux existe existent propose proposes recommande mobiliser peut doit contrat ville'));

interface WeightedQuery {
  concepts: { concept: QueryConcept; weight: number }[];
  /** Flat view for greedy gain: concept term → weight. */
  weights: Map<string, number>;
  total: number;
}

function weightQuery(concepts: QueryConcept[], lexical: LexicalIndex): WeightedQuery {
  const weighted: { concept: QueryConcept; weight: number }[] = [];
  const weights = new Map<string, number>();
  for (const concept of concepts) {
    if (QUESTION_TERMS.has(concept.term)) continue;
    // A word the corpus never uses weighs as its best-known stand-in, not as an unseen rarity.
    const known = [concept.term, ...concept.anyOf].filter((term) => !term.startsWith('~') && lexical.documentFrequency(term) > 0);
    const weight = known.length > 0 ? Math.max(...known.map((term) => lexical.idf(term))) : lexical.idf(concept.term);
    weighted.push({ concept, weight });
    weights.set(concept.term, weight);
  }
  let total = 0;
  for (const { weight } of weighted) total += weight;
  return { concepts: weighted, weights, total };
}

/** Credit a set of terms gives one concept: 1 for its own form, 0.8 for a stand-in, 0.3 for a word-family cousin. */
function conceptCredit(terms: Set<string>, concept: QueryConcept): number {
  if (terms.has(concept.term)) return 1;
  if (concept.allOf.some((group) => group.length > 0 && group.every((term) => terms.has(term)))) return 1;
  if (concept.anyOf.some((term) => terms.has(term))) return 0.8;
  if (concept.family.some((term) => terms.has(term))) return 0.3;
  return 0;
}

function coverage(terms: Set<string>, query: WeightedQuery): number {
  if (query.total === 0) return 0;
  let covered = 0;
  for (const { concept, weight } of query.concepts) covered += weight * conceptCredit(terms, concept);
  return covered / query.total;
}

const docTermCache = new WeakMap<DocumentMeta, Set<string>>();

function docTermsOf(meta: DocumentMeta | undefined): Set<string> {
  if (!meta) return new Set();
  let terms = docTermCache.get(meta);
  if (!terms) {
    terms = new Set(analyze(`${meta.short_title} ${meta.territory ?? ''}`));
    docTermCache.set(meta, terms);
  }
  return terms;
}

const headingTermCache = new WeakMap<Chunk, Set<string>>();

function headingTermsOf(chunk: Chunk): Set<string> {
  let terms = headingTermCache.get(chunk);
  if (!terms) {
    terms = new Set(analyze((chunk.headings ?? chunk.breadcrumb).join(' ')));
    headingTermCache.set(chunk, terms);
  }
  return terms;
}

const chunkTermCache = new WeakMap<Chunk, Set<string>>();

/** Terms of a chunk with its headings and document title (cached: chunks are immutable). */
function chunkTerms(chunk: Chunk, meta?: DocumentMeta): Set<string> {
  let terms = chunkTermCache.get(chunk);
  if (!terms) {
    const where = [meta?.short_title ?? '', meta?.territory ?? '', ...(chunk.headings ?? chunk.breadcrumb)].join(' ');
    terms = new Set([...termSet(chunk.text), ...analyze(where)]);
    chunkTermCache.set(chunk, terms);
  }
  return terms;
}

/** Capitalised words of the question that the corpus never mentions: « Vilogia » is not there. */
function unknownNames(question: string, lexical: LexicalIndex): string[] {
  const unknown: string[] = [];
  const words = question.split(/[\s,;:!?()«»"]+/).slice(1);
  for (const word of words) {
    const cleaned = word.replace(/^[ldLD]['’]/, '').replace(/['’].*$/, '');
    if (!/^[A-ZÀ-Ý][a-zà-ÿ]{3,}/.test(cleaned) && !/^[A-Z]{2,}[0-9]*$/.test(cleaned)) continue;
    const terms = analyze(cleaned);
    if (terms.length > 0 && terms.every((term) => lexical.documentFrequency(term) === 0)) unknown.push(cleaned);
  }
  // A year the corpus never mentions (« le budget 2031 ») cannot be answered from it either.
  for (const year of question.match(/\b(19|20)\d{2}\b/g) ?? []) {
    if (lexical.documentFrequency(year) === 0 && !unknown.includes(year)) unknown.push(year);
  }
  return unknown;
}

function locationOf(chunk: Chunk, meta: DocumentMeta | undefined): string {
  const crumbs = chunk.breadcrumb.slice(-2).join(' › ');
  const title = meta?.short_title ?? chunk.file;
  return crumbs ? `${title} (${crumbs})` : title;
}

function bold(text: string): string {
  return `**${text}**`;
}

class AnswerWriter {
  readonly lines: string[] = [];
  readonly registry: CitationRegistry;

  constructor(metaByFile: Map<string, DocumentMeta>) {
    this.registry = new CitationRegistry(metaByFile);
  }

  get length(): number {
    return this.lines.join('\n').length;
  }

  /** Adds a line citing `chunk`; returns false when it would exceed the budget or the source limit. */
  private readonly seen = new Set<string>();

  add(text: string, chunk: Chunk | undefined, quote?: string, budget = ANSWER_LIMIT - 60): boolean {
    // The same sentence can sit in two chunks (a summary and its detail): say it once.
    const key = foldText(text).replace(/^[-•\s]+/, '');
    if (key.length > 20 && this.seen.has(key)) return true;
    this.seen.add(key);
    let marker = '';
    if (chunk) {
      const n = this.registry.cite(chunk, quote);
      if (n === undefined) return false;
      marker = ` [${n}]`;
    }
    const line = `${text}${marker}`;
    if (this.length + line.length + 1 > budget) return false;
    this.lines.push(line);
    return true;
  }

  text(): string {
    return this.lines.join('\n');
  }
}

function scoreUnits(units: AnswerUnit[], query: WeightedQuery): Map<AnswerUnit, number> {
  const scores = new Map<AnswerUnit, number>();
  for (const unit of units) {
    const own = coverage(unit.terms, query);
    const context = coverage(chunkTerms(unit.hit.chunk), query);
    // Earlier hits are more likely right; the chunk's context counts, the unit's own words more.
    scores.set(unit, (own * 0.7 + context * 0.3) / (1 + RANK_PENALTY * unit.hitRank) + (unit.isHeading ? -0.2 : 0));
  }
  return scores;
}

/**
 * Greedy choice of units that together cover most of the question, best first. Another sentence
 * of an already cited chunk costs nothing; a new chunk must earn its citation by covering a good
 * share of the question that is still uncovered (a wrong source is worse than a short answer).
 */
function selectCovering(
  candidates: AnswerUnit[],
  scores: Map<AnswerUnit, number>,
  query: WeightedQuery,
  max: number,
  question = '',
  preset: AnswerUnit[] = [],
  metaByFile: Map<string, DocumentMeta> = new Map(),
): AnswerUnit[] {
  // Which document a unit comes from is part of what it says (« dans le contrat de la CABBALR »).
  const documentTerms = (unit: AnswerUnit) => docTermsOf(metaByFile.get(unit.hit.chunk.file));
  // « quand … », « combien … » ask for a date or a number: a unit giving one covers that part.
  const intents = figureIntents(question);
  const questionTerms = new Set(analyze(question));
  const chosen: AnswerUnit[] = [];
  /** Best credit each concept has received from the units chosen so far. */
  const covered = new Map<string, number>();
  const citedChunks = new Set<string>();
  const satisfied = new Set<FigureKind>();
  const pool = candidates.filter((unit) => !unit.isHeading && unit.text.length >= 12);
  let bestScore = preset.length > 0 ? Math.max(...preset.map((unit) => scores.get(unit) ?? 0)) : 0;
  const take = (unit: AnswerUnit) => {
    chosen.push(unit);
    for (const intent of intents) if (unitHasFigure(unit.text, intent, question)) satisfied.add(intent);
    citedChunks.add(unit.hit.chunk.id);
    // The cited section's headings are shown with the answer: what they say is covered too.
    const seen = new Set([...unit.terms, ...headingTermsOf(unit.hit.chunk), ...documentTerms(unit)]);
    for (const { concept } of query.concepts) covered.set(concept.term, Math.max(covered.get(concept.term) ?? 0, conceptCredit(seen, concept)));
  };
  for (const unit of preset) take(unit);
  while (chosen.length < max + preset.length) {
    let best: AnswerUnit | undefined;
    let bestValue = 0;
    for (const unit of pool) {
      if (chosen.includes(unit)) continue;
      let gain = 0;
      const said = new Set([...unit.terms, ...documentTerms(unit)]);
      for (const { concept, weight } of query.concepts) {
        // Numbers the question gives (« du 9 avril 2024 ») identify its subject; repeating them adds nothing.
        if (chosen.length > 0 && /\d/.test(concept.term)) continue;
        gain += weight * Math.max(0, conceptCredit(said, concept) - (covered.get(concept.term) ?? 0));
      }
      gain /= Math.max(query.total, 1e-9);
      let answersIntent = false;
      for (const intent of intents) {
        if (!satisfied.has(intent) && unitHasFigure(unit.text, intent, question)) {
          gain += INTENT_GAIN;
          answersIntent = true;
        }
      }
      const score = scores.get(unit) ?? 0;
      // A unit that only repeats the question's own words (« Fabien SUDRY Préfet du Pas-de-Calais ») tells nothing.
      if (chosen.length > 0 && [...unit.terms].filter((term) => !term.startsWith('~') && !query.weights.has(term) && !questionTerms.has(term)).length < 3) continue;
      if (chosen.length > 0) {
        const sameChunk = citedChunks.has(unit.hit.chunk.id);
        // A passage answering a « quand ? » or « combien ? » still open may come from further down the list.
        if (sameChunk ? gain < MIN_GAIN_SAME_CHUNK : gain < MIN_GAIN_NEW_CHUNK || (score < bestScore * 0.8 && !answersIntent)) continue;
      }
      const value = gain * 0.6 + score * 0.4;
      if (gain > 0 && value > bestValue) {
        best = unit;
        bestValue = value;
      }
    }
    if (!best) break;
    if (chosen.length === 0) bestScore = scores.get(best) ?? 0;
    take(best);
  }
  return chosen.slice(preset.length);
}

/** A sentence that goes on with the previous one (« Cette réunion annuelle… », « Il est applicable… »). */
const CONTINUATION = /^(il|elle|ils|elles|ce|cet|cette|ces|celui|celle|ceux|son|sa|ses|leur|leurs|en ce sens|ainsi|de plus|par ailleurs|en outre|a ce titre|dans ce cadre|pour cela|cela|ceci|celui-ci|celle-ci|a cet effet|a cette fin|enfin)\b/;

const MIN_GAIN_SAME_CHUNK = 0.05;
/** How many retrieved passages the composer reads. */
const COMPOSE_DEPTH = 8;
const RANK_PENALTY = 0.5;
const INTENT_GAIN = 0.25;

function figureIntents(question: string): FigureKind[] {
  const folded = foldText(question);
  const intents: FigureKind[] = [];
  if (/\b(quand|quelle date|depuis quand|en quelle annee|quel delai|dans quel delai)\b/.test(folded)) intents.push('date');
  if (/\b(combien|quel montant|quel nombre)\b/.test(folded)) intents.push(figureKindAsked(question) === 'money' ? 'money' : 'number');
  return intents;
}
const MIN_GAIN_NEW_CHUNK = 0.3;

/**
 * A question naming two documents (« prévues dans le contrat de la CABBALR, et combien dans la
 * convention Bassin minier ? ») wants both: a named document not yet cited brings its best unit,
 * provided that unit is on the question's subject.
 */
function unitsForNamedDocuments(question: string, chosen: AnswerUnit[], units: AnswerUnit[], query: WeightedQuery, metaByFile: Map<string, DocumentMeta>): AnswerUnit[] {
  const named = namedDocuments(question, [...metaByFile.values()]);
  if (named.length < 2) return [];
  const cited = new Set(chosen.map((unit) => unit.hit.chunk.file));
  const added: AnswerUnit[] = [];
  for (const meta of named) {
    if (cited.has(meta.file)) continue;
    const best = units
      .filter((unit) => unit.hit.chunk.file === meta.file && !unit.isHeading && unit.text.length >= 12)
      .map((unit) => ({ unit, own: coverage(unit.terms, query) }))
      .sort((a, b) => b.own - a.own)[0];
    if (best && best.own >= 0.2) added.push(best.unit);
  }
  return added;
}

/**
 * The retriever ranks for recall; the answer wants the passage that says most of what was
 * asked. Passages are re-ordered by their share of the question's concepts (acronyms and their
 * long forms counted once), with the retrieval order as a tie-breaker.
 */
function rerankForAnswer(hits: SearchHit[], query: WeightedQuery, metaByFile: Map<string, DocumentMeta>): SearchHit[] {
  const weight = 0.3;
  return hits
    .map((hit, rank) => ({ hit, value: weight * coverage(chunkTerms(hit.chunk, metaByFile.get(hit.chunk.file)), query) + (1 - weight) * (1 - rank / hits.length) }))
    .sort((a, b) => b.value - a.value)
    .map((entry) => entry.hit);
}

/** Key of a chunk's parent section: its file and breadcrumb without the last label. */
export function parentKey(chunk: Chunk): string {
  return `${chunk.file}\u0000${chunk.breadcrumb.slice(0, -1).join('\u0000')}`;
}

/**
 * A figure often sits in a sibling block of the passage that matched (« Action 5 › Budget
 * estimé » beside « Action 5 › Publics visés »): the siblings of the best passages are read too,
 * ranked just after the passage they sit beside.
 */
function siblingUnits(hits: SearchHit[], chunksByParent: Map<string, Chunk[]> | undefined): AnswerUnit[] {
  if (!chunksByParent) return [];
  const seen = new Set(hits.map((hit) => hit.chunk.id));
  const units: AnswerUnit[] = [];
  hits.slice(0, 2).forEach((hit, rank) => {
    if (hit.chunk.breadcrumb.length < 2) return;
    for (const sibling of (chunksByParent.get(parentKey(hit.chunk)) ?? []).slice(0, 12)) {
      if (seen.has(sibling.id)) continue;
      seen.add(sibling.id);
      units.push(...unitsOf({ chunk: sibling, score: hit.score, scores: {} }, rank + 0.5));
    }
  });
  return units;
}

/** Items announced by a « … : » unit: the list lines that follow it in its chunk. */
function itemsAfter(unit: AnswerUnit, units: AnswerUnit[]): AnswerUnit[] {
  const same = units.filter((other) => other.hit === unit.hit && other.position > unit.position);
  const items: AnswerUnit[] = [];
  for (const other of same) {
    if (!other.isItem) break;
    items.push(other);
  }
  return items;
}

/** Sentences stating eligibility rules: who may apply, on what conditions, what is excluded. */
const CONDITION = /\b(eligib\w*|conditions?|criteres?|pre-?requis|reglement|doivent|doit|obligatoire\w*|exclu\w*|sauf|uniquement|seul(e|s|es)?|reserve\w*|sous reserve)\b/;

const DECIDER = /\b(commission|comite|conseil|jury|statue|decide|valide|validation|instruit|instruction|arbitr|attribu|prefet|delegue du prefet|signataires?)\b/;

interface ListGroup {
  leadIn?: string;
  chunks: Chunk[];
  items: { text: string; chunk: Chunk }[];
  score: number;
}

const BULLET = /^\s*(?:[-•▪■◦*o]|\d{1,2}[.)])\s+/;

/** A line that reads as a list item: bulleted, or short and not a sentence of prose. */
function isItemLine(line: string): boolean {
  return BULLET.test(line) || (line.length <= 180 && !/[.;:]$/.test(line.trim()));
}

/**
 * Lists a question may be asking for: items announced by a « … : » line, or the whole of a
 * section that is a list (« Moyens et dispositifs mobilisables »), completed across chunks.
 */
function bestListGroup(hits: SearchHit[], query: WeightedQuery, chunksBySection: Map<string, Chunk[]>, metaByFile: Map<string, DocumentMeta>): ListGroup | undefined {
  let best: ListGroup | undefined;
  const consider = (group: ListGroup) => {
    if (group.items.length >= 2 && (!best || group.score > best.score)) best = group;
  };
  hits.slice(0, 5).forEach((hit, rank) => {
    const chunk = hit.chunk;
    const headingTerms = new Set(analyze((chunk.headings ?? chunk.breadcrumb).join(' ')));
    const rankFactor = 1 / (1 + 0.1 * rank);
    const context = coverage(chunkTerms(chunk, metaByFile.get(chunk.file)), query);
    const lines = chunk.text.split('\n').map((line) => line.trim()).filter(Boolean);
    // 1. Items announced by a lead-in line.
    lines.forEach((line, index) => {
      if (!/:\s*$/.test(line) || line.length > 400) return;
      const items: { text: string; chunk: Chunk }[] = [];
      for (const next of lines.slice(index + 1)) {
        if (!isItemLine(next)) break;
        items.push({ text: next, chunk });
      }
      const leadTerms = new Set([...analyze(line), ...headingTerms]);
      const itemTerms = new Set(items.flatMap((item) => analyze(item.text)));
      consider({ leadIn: line, chunks: [chunk], items, score: (coverage(leadTerms, query) * 0.45 + coverage(itemTerms, query) * 0.25 + context * 0.3) * rankFactor });
    });
    // 2. Sibling headings listed together (« Action 1 : … », « Action 2 : … »): the titles are the items.
    if (chunk.kind === 'heading' && chunk.text.split('\n').filter((line) => line.trim()).length >= 3) {
      const titles = chunk.text.split('\n').map((line) => line.trim()).filter(Boolean);
      const itemTerms = new Set(titles.flatMap((title) => analyze(title)));
      consider({ chunks: [chunk], items: titles.map((text) => ({ text, chunk })), score: (coverage(headingTerms, query) * 0.45 + coverage(itemTerms, query) * 0.25 + context * 0.3) * rankFactor });
    }
    // 3. A section that is a list: every bulleted line of all its chunks.
    const sectionChunks = chunksBySection.get(chunk.sectionId) ?? [chunk];
    const items = sectionChunks.flatMap((sectionChunk) =>
      sectionChunk.text
        .split('\n')
        .map((line) => line.trim())
        .filter((line, index) => line && index >= (sectionChunk.headingLines ?? 0) && !(index === (sectionChunk.headingLines ?? 0) && /:$/.test(line)) && isItemLine(line))
        .map((text) => ({ text, chunk: sectionChunk })),
    );
    const bulleted = items.filter((item) => BULLET.test(item.text)).length;
    // Only a section made of a list (a label block), not a long section that contains lists.
    if (bulleted >= 2 && sectionChunks.length <= 3 && bulleted >= items.length * 0.6) {
      const itemTerms = new Set(items.flatMap((item) => analyze(item.text)));
      consider({ chunks: sectionChunks, items, score: (coverage(headingTerms, query) * 0.45 + coverage(itemTerms, query) * 0.25 + context * 0.3) * rankFactor });
    }
  });
  return best;
}

export function composeExtractive(input: CompositionInput): Composition {
  const threshold = input.supportThreshold ?? DEFAULT_SUPPORT_THRESHOLD;
  const query = weightQuery(input.concepts, input.lexical);
  const hits = rerankForAnswer(input.hits.slice(0, COMPOSE_DEPTH), query, input.metaByFile);
  const writer = new AnswerWriter(input.metaByFile);

  // Support: how much of the question the best of the first passages covers, words and headings.
  const support = Math.max(0, ...hits.slice(0, 3).map((hit) => coverage(chunkTerms(hit.chunk, input.metaByFile.get(hit.chunk.file)), query)));
  const missingNames = unknownNames(input.question, input.lexical);
  if (hits.length === 0 || support < threshold || missingNames.length > 0) {
    return refusal(input, hits, support, missingNames);
  }

  const units = hits.flatMap((hit, rank) => unitsOf(hit, rank));
  if (input.kind === 'figure') units.push(...siblingUnits(hits, input.chunksByParent));
  const scores = scoreUnits(units, query);
  const byScore = [...units].sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0));

  if (input.kind === 'definition') {
    for (const entry of input.acronyms.slice(0, 2)) {
      const source = input.hits.find((hit) => hit.chunk.id === entry.chunkId)?.chunk;
      writer.add(`${bold(entry.term)} : ${entry.expansion}.`, source, undefined);
    }
  }

  if (input.kind === 'list') {
    const group = bestListGroup(hits, query, input.chunksBySection, input.metaByFile);
    if (group && group.score >= threshold * 0.6) {
      const meta = input.metaByFile.get(group.chunks[0].file);
      const intro = group.leadIn ? group.leadIn.replace(/\*\*/g, '') : `D'après ${locationOf(group.chunks[0], meta)} :`;
      writer.add(intro, group.leadIn ? group.chunks[0] : undefined, group.leadIn);
      let cited = new Set<string>();
      for (const { text, chunk } of group.items) {
        // Cite each chunk on its first item only: one marker per source keeps the list readable.
        const first = !cited.has(chunk.id);
        cited.add(chunk.id);
        if (!writer.add(`- ${cleanItem(text)}`, first ? chunk : undefined, chunk.text)) {
          writer.add('- … (liste complète dans la source citée)', undefined);
          break;
        }
      }
      cited = new Set();
    }
  }

  if (writer.lines.length <= (input.kind === 'definition' ? input.acronyms.length : 0)) {
    let chosen: AnswerUnit[];
    if (input.kind === 'figure') {
      const wanted = figureKindAsked(input.question);
      const anyFigure = byScore.filter((unit) => !unit.isHeading && unitHasFigure(unit.text, wanted, input.question));
      // « Combien de QPV… » wants a number of QPV: prefer figures that count the thing asked about.
      const counted = countedThing(input.question, input.concepts);
      const counting = counted ? anyFigure.filter((unit) => countsThing(unit.text, counted)) : [];
      const withFigures = counting.length > 0 ? counting : anyFigure;
      const best = withFigures[0];
      // A figure question answered by a figure about something else is a wrong answer: refuse.
      if (!best || figureSupport(best, query, input.metaByFile) < FIGURE_SUPPORT) return refusal(input, hits, support, []);
      const bestSupport = figureSupport(best, query, input.metaByFile);
      // Another passage giving a figure for the same thing stays, whatever its rank: two sources
      // that disagree must both be shown.
      const bestOwn = coverage(best.terms, query);
      chosen = withFigures
        .filter(
          (unit) =>
            unit === best ||
            (unit.hit === best.hit && (scores.get(unit) ?? 0) >= (scores.get(best) ?? 0) * 0.75 && coverage(unit.terms, query) >= bestOwn * 0.75) ||
            (coverage(unit.terms, query) >= bestOwn * 0.9 && figureSupport(unit, query, input.metaByFile) >= bestSupport * 0.9 && (similarity(unit, best) >= 0.3 || coverage(unit.terms, query) >= bestOwn)),
        )
        .slice(0, 3);
      const extra = selectCovering(units, scores, query, 2, input.question, chosen, input.metaByFile);
      chosen = [...chosen, ...extra].slice(0, 4);
    } else {
      const max = input.kind === 'lookup' ? 3 : 4;
      const [lead] = selectCovering(units, scores, query, 1, input.question, [], input.metaByFile);
      // The sentence after the best one often completes it (« … Cette réunion annuelle vient conclure… »).
      const next = lead && units.find((unit) => unit.hit === lead.hit && unit.position === lead.position + 1 && !unit.isItem && !unit.isHeading && CONTINUATION.test(foldText(unit.text)) && unit.text.length < 400);
      const opening = [lead, next].filter((unit): unit is AnswerUnit => unit !== undefined);
      chosen = opening.length === 0 ? [] : [...opening, ...selectCovering(units, scores, query, max - opening.length, input.question, opening, input.metaByFile)];
    }
    if (chosen.length === 0) return refusal(input, hits, support, []);
    chosen.push(...unitsForNamedDocuments(input.question, chosen, units, query, input.metaByFile));
    // A list item means little without the sentence that announces it (« … ne seront pas mobilisés : »).
    // It then introduces only the items chosen, not its whole list.
    const contextOnly = new Set<AnswerUnit>();
    for (const unit of [...chosen]) {
      if (!unit.isItem) continue;
      const leadIn = units.filter((other) => other.hit === unit.hit && other.position < unit.position && other.announcesList).pop();
      if (leadIn && !chosen.includes(leadIn)) {
        chosen.splice(chosen.indexOf(unit), 0, leadIn);
        contextOnly.add(leadIn);
      }
    }
    for (const unit of chosen) {
      const text = unit.isItem ? `- ${cleanItem(unit.text)}` : unit.text.replace(/\*\*/g, '');
      if (!writer.add(text, unit.hit.chunk, unit.text)) break;
      if (unit.announcesList && !contextOnly.has(unit)) {
        for (const item of itemsAfter(unit, units)) if (!writer.add(`- ${cleanItem(item.text)}`, undefined)) break;
      }
    }
    if (input.kind === 'eligibility') {
      const chosenChunks = new Set(chosen.map((unit) => unit.hit.chunk.id));
      const isDecider = (unit: AnswerUnit) => !chosen.includes(unit) && DECIDER.test(foldText(unit.text));
      const decider = units.find((unit) => chosenChunks.has(unit.hit.chunk.id) && isDecider(unit)) ?? byScore.find((unit) => isDecider(unit) && (scores.get(unit) ?? 0) > 0.3);
      const isCondition = (unit: AnswerUnit) => !chosen.includes(unit) && unit !== decider && CONDITION.test(foldText(unit.text));
      const condition = units.find((unit) => chosenChunks.has(unit.hit.chunk.id) && isCondition(unit));
      if (condition) writer.add(condition.text.replace(/\*\*/g, ''), condition.hit.chunk, condition.text);
      if (decider) writer.add(`Qui décide : ${decider.text.replace(/\*\*/g, '')}`, decider.hit.chunk, decider.text);
    }
    if (input.kind === 'figure') flagDisagreement(writer, chosen);
  }

  return { text: writer.text(), citations: writer.registry.citations, refused: false, support };
}

/** Share of words two units have in common (Jaccard): high for two statements of one fact. */
function similarity(a: AnswerUnit, b: AnswerUnit): number {
  const shared = [...a.terms].filter((term) => b.terms.has(term)).length;
  return shared < 3 ? 0 : shared / Math.max(1, new Set([...a.terms, ...b.terms]).size);
}

type FigureKind = 'money' | 'date' | 'percent' | 'number';

/** What sort of figure the question wants, from its words. */
function figureKindAsked(question: string): FigureKind {
  const folded = foldText(question);
  if (/\b(quand|quelle date|date|delai|echeance|jusqu'a quand|en quelle annee)\b/.test(folded)) return 'date';
  if (/\b(montant|budget|financement|finance|cout|coute|euros?|subvention|credits?|consacre|verse|enveloppe|dotation|combien .*(€|euros|argent))\b/.test(folded)) return 'money';
  if (/\b(taux|pourcentage|part|proportion)\b/.test(folded)) return 'percent';
  return 'number';
}

const MONEY = /\d[\d\s.,]*\s*(€|euros?|m€|k€|millions?|milliards?|eur\b)/i;
const PERCENT = /\d\s*%|\bpour ?cent\b/i;
const DATE_LIKE = /\b(\d{1,2}(er)?\s+(janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre|novembre|decembre|décembre)|\d{1,2}\/\d{1,2}\/\d{2,4}|(en|depuis|avant|d'ici|fin|debut|début|jusqu'en|à partir de|a partir de)\s+(19|20)\d{2}|\d+\s+(jours?|mois|ans|semaines?))\b/i;

/** Stems that name what « combien de … » counts, with their stand-ins (an acronym's long form). */
function countedThing(question: string, concepts: QueryConcept[]): Set<string> | undefined {
  const match = /\bcombien\s+(?:de|d')\s*([a-z0-9-]+)/.exec(foldText(question));
  if (!match) return undefined;
  const stems = analyze(match[1]);
  if (stems.length === 0) return undefined;
  const names = new Set(stems);
  for (const concept of concepts) {
    if (!names.has(concept.term)) continue;
    for (const alternative of concept.anyOf) names.add(alternative);
    for (const group of concept.allOf) if (group[0]) names.add(group[0]);
  }
  return names;
}

/** True when a number in the text is directly followed by the counted thing. */
function countsThing(text: string, names: Set<string>): boolean {
  const words = foldText(text).split(/[^a-z0-9]+/).filter(Boolean);
  for (let index = 0; index < words.length; index += 1) {
    if (!/^\d+$/.test(words[index])) continue;
    // « 16 quartiers », « 35 000 habitants », « 48 conseillers dédiés »: the noun follows the number
    // directly (or after another group of digits); « 2014, les quartiers » is not a count.
    let next = index + 1;
    while (next < words.length && /^\d{3}$/.test(words[next])) next += 1;
    if (next < words.length && analyze(words[next]).some((stem) => names.has(stem))) return true;
  }
  return false;
}

/** Numbers the question itself gives (« la délibération du 9 avril 2024 ») answer nothing. */
function withoutQuestionNumbers(text: string, question: string): string {
  let cleaned = text;
  for (const number of question.match(/\d+(?:[\s.,]\d{3})*/g) ?? []) cleaned = cleaned.split(number.trim()).join(' ');
  return cleaned;
}

function unitHasFigure(rawText: string, wanted: FigureKind, question = ''): boolean {
  const cleaned = withoutQuestionNumbers(rawText, question).replace(/\b(n°|#)\s*\d+/gi, '');
  if (wanted === 'money') return MONEY.test(cleaned);
  if (wanted === 'percent') return PERCENT.test(cleaned) || /\d/.test(cleaned);
  if (wanted === 'date') return DATE_LIKE.test(cleaned) || /\b(deux|trois|six)\s+(mois|ans|semaines)\b/i.test(cleaned);
  return /\d/.test(cleaned) || /\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|cent|mille)\b/i.test(cleaned);
}

/** Share of the question the figure's own sentence and headings cover. */
function figureSupport(unit: AnswerUnit, query: WeightedQuery, metaByFile: Map<string, DocumentMeta>): number {
  const chunk = unit.hit.chunk;
  const meta = metaByFile.get(chunk.file);
  const where = analyze([meta?.short_title ?? '', ...(chunk.headings ?? chunk.breadcrumb)].join(' '));
  return coverage(new Set([...unit.terms, ...where]), query);
}

const FIGURE_SUPPORT = 0.25;

const DATE = /\b(\d{1,2}(?:er)?\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+\d{4})\b/g;

/** Two sources giving different dates for the same thing are shown as such, not silently merged. */
function flagDisagreement(writer: AnswerWriter, chosen: AnswerUnit[]): void {
  const dated = chosen.map((unit) => ({ unit, dates: new Set([...foldText(unit.text).matchAll(DATE)].map((match) => match[1])) })).filter((entry) => entry.dates.size > 0);
  for (let i = 0; i < dated.length; i += 1) {
    for (let j = i + 1; j < dated.length; j += 1) {
      const a = dated[i];
      const b = dated[j];
      if (a.unit.hit.chunk.id === b.unit.hit.chunk.id) continue;
      // Only two statements of the same fact disagree: their words must largely coincide.
      const overlap = [...a.dates].some((date) => b.dates.has(date));
      if (!overlap && similarity(a.unit, b.unit) >= 0.4) {
        writer.add('⚠️ Les sources citées ne donnent pas la même date : vérifiez chacune avant de l’utiliser.', undefined);
        return;
      }
    }
  }
}

function refusal(input: CompositionInput, hits: SearchHit[], support: number, missingNames: string[]): Composition {
  const writer = new AnswerWriter(input.metaByFile);
  const why = missingNames.length > 0 ? ` (aucune mention de ${missingNames.map((name) => `« ${name} »`).join(', ')})` : '';
  writer.add(`Le corpus ne permet pas de répondre à cette question${why}.`, undefined);
  const closest = hits.slice(0, 3);
  if (closest.length > 0) {
    writer.add('À consulter :', undefined);
    for (const hit of closest) {
      const meta = input.metaByFile.get(hit.chunk.file);
      writer.add(`- ${locationOf(hit.chunk, meta)}`, hit.chunk);
    }
  }
  return { text: writer.text(), citations: writer.registry.citations, refused: true, support };
}
