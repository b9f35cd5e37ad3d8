/**
 * The default, offline composer: answers with the document's own words, shaped by the kind of
 * question (a complete list, the row holding a figure, a definition, the conditions and who
 * decides), each unit cited; refuses when the retrieved passages do not cover the question.
 */
import type { GlossaryEntry } from '../ingest/glossary.js';
import type { Chunk, DocumentMeta } from '../ingest/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { namedTerritoryDocument, referenceKeyOfLabel, type QueryConcept } from '../search/query-understanding.js';
import type { SearchHit } from '../search/types.js';
import { analyze } from '../text/analyzer.js';
import { foldText } from '../text/normalize.js';
import { ANSWER_LIMIT, AnswerWriter, bold } from './answer-writer.js';
import { definedTerm } from './definitions.js';
import { leadPool } from './lead-pool.js';
import { askedFor, labelNamesAsked } from '../search/asked-for.js';
import { COMPOSE_DEPTH, CONTINUATION, RANK_PENALTY, selectCovering } from './covering.js';
import { countedThing, countsThing, FIGURE_SUPPORT, figureKindAsked, figureSupport, flagDisagreement, measuredThing, restates, similarity, unitHasFigure } from './figures.js';
import { bestListGroup, itemsAfter } from './list-groups.js';
import { chunkTerms, coverage, weightQuery, type WeightedQuery } from './query-weights.js';
import { cleanItem, unitsOf, type AnswerUnit } from './passage-units.js';
import type { Citation, QuestionKind } from './types.js';

export { ANSWER_LIMIT };
/** Share of the question's weighted terms the best passage must contain, calibrated on eval/dev.jsonl. */
export const DEFAULT_SUPPORT_THRESHOLD = 0.2;
/** A list below this score (question coverage of its lead-in, items and context) is not the one asked for (dev answers score ≥ 0.50). */
const LIST_GROUP_MIN = 0.45;
const LIST_GROUP_MIN_IN_REFERENCE = 0.3;
/** Below this many characters an answer is a title, not an answer. */
const SHORT_ANSWER = 120;
/** Lift of a passage labelled with what the question asks for, against one rank step of 0.7 / 8. */
const ASKED_LABEL_BONUS = 0.2;
/**
 * Rank matters less for a figure than for a sentence: whether it is about what was asked (its
 * sentence and headings) decides. Measured: 0.2–0.3 keep dev answers; 0.5 lets a larger total
 * from a better-ranked passage win, 0.1 lets off-topic figures through.
 */
const FIGURE_RANK_PENALTY = 0.3;

export interface CompositionInput {
  question: string;
  kind: QuestionKind;
  hits: SearchHit[];
  concepts: QueryConcept[];
  acronyms: GlossaryEntry[];
  /** Every chunk, to complete a list section split over several chunks. */
  chunksBySection: Map<string, Chunk[]>;
  /** Documents the question names by a word of their own (found once, by the caller's retrieval). */
  namedDocuments?: DocumentMeta[];
  /** Numbered sections the question names (`objectif 21`), as reference keys. */
  references?: string[];
  /** Numbered sections the question names that the corpus does not have (« objectif n° 40 »). */
  missingSections?: string[];
  /** Whether a phrase occurs in the corpus (case, accents and spacing ignored). */
  phraseKnown?: (phrase: string) => boolean;
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

/** Capitalised words of the question that the corpus never mentions: « Vilogia » is not there. */
function unknownNames(question: string, lexical: LexicalIndex, phraseKnown?: (phrase: string) => boolean): string[] {
  const unknown: string[] = [];
  // A name of several capitalised words (« Action Logement ») must occur as such: its words
  // alone (« action », « logement ») are everywhere.
  if (phraseKnown) {
    for (const match of question.slice(1).matchAll(/\b([A-ZÀ-Ý][a-zà-ÿ]+(?:[\s-]+[A-ZÀ-Ý][a-zà-ÿ]+)+)\b/g)) {
      if (!phraseKnown(match[1])) unknown.push(match[1]);
    }
  }
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

function scoreUnits(units: AnswerUnit[], query: WeightedQuery, metaByFile: Map<string, DocumentMeta>): Map<AnswerUnit, number> {
  const scores = new Map<AnswerUnit, number>();
  for (const unit of units) {
    const own = coverage(unit.terms, query);
    const context = coverage(chunkTerms(unit.hit.chunk, metaByFile.get(unit.hit.chunk.file)), query);
    // Earlier hits are more likely right; the chunk's context counts, the unit's own words more.
    // A bare title (« Offre synthétique … (1/2) ») says less than a sentence: short units weigh less.
    const substance = Math.min(1, 0.4 + unit.text.split(/\s+/).length / 12);
    scores.set(unit, ((own * 0.7 + context * 0.3) * substance) / (1 + RANK_PENALTY * unit.hitRank) + (unit.isHeading ? -0.2 : 0));
  }
  return scores;
}

/**
 * A question naming two documents (« prévues dans le contrat de la CABBALR, et combien dans la
 * convention Bassin minier ? ») wants both: a named document not yet cited brings its best unit,
 * provided that unit is on the question's subject.
 */
function unitsForNamedDocuments(named: DocumentMeta[], chosen: AnswerUnit[], units: AnswerUnit[], query: WeightedQuery): AnswerUnit[] {
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
function rerankForAnswer(hits: SearchHit[], query: WeightedQuery, metaByFile: Map<string, DocumentMeta>, asked: string[]): SearchHit[] {
  const weight = 0.3;
  return hits
    .map((hit, rank) => ({
      hit,
      value:
        weight * coverage(chunkTerms(hit.chunk, metaByFile.get(hit.chunk.file)), query) +
        (1 - weight) * (1 - rank / hits.length) +
        // « Sur quel territoire… » is answered by the block labelled « Territoire concerné ».
        (labelNamesAsked(hit.chunk, asked) ? ASKED_LABEL_BONUS : 0),
    }))
    .sort((a, b) => b.value - a.value)
    .map((entry) => entry.hit);
}

/**
 * The sentences announcing an item, outermost first: its own « … : » line and, when that line is
 * itself a sub-heading of a larger list (« Dans le champ de l'ESS : » under « … les crédits
 * spécifiques ne seront pas mobilisés : »), the line announcing the whole list.
 */
function leadInsOf(item: AnswerUnit, units: AnswerUnit[], chunksBySection: Map<string, Chunk[]>): AnswerUnit[] {
  const before = units.filter((other) => other.hit === item.hit && other.position < item.position);
  const ownIndex = before.map((other) => other.announcesList).lastIndexOf(true);
  if (ownIndex < 0) return [];
  const found = [before[ownIndex]];
  // A long « … : » sentence opens its own list; only a short sub-heading sits under a larger one.
  if (before[ownIndex].text.length > 80) return found;
  const upper = upperLeadIn(before.slice(0, ownIndex));
  if (upper === 'prose') return found;
  if (upper) return [upper, ...found];
  // The list began in an earlier chunk of the same section: look for its opening line there.
  const section = chunksBySection.get(item.hit.chunk.sectionId) ?? [];
  const position = section.findIndex((chunk) => chunk.id === item.hit.chunk.id);
  for (let index = position - 1; index >= Math.max(0, position - 3); index -= 1) {
    const fromPrevious = upperLeadIn(unitsOf({ chunk: section[index], score: item.hit.score, scores: {} }, item.hitRank));
    if (fromPrevious === 'prose') return found;
    if (fromPrevious) return [fromPrevious, ...found];
  }
  return found;
}

/** Walking back over items and short sub-headings: the long « … : » line opening the list, « prose » if a sentence ends it first. */
function upperLeadIn(before: AnswerUnit[]): AnswerUnit | 'prose' | undefined {
  for (let index = before.length - 1; index >= 0; index -= 1) {
    const other = before[index];
    if (other.isHeading) return undefined;
    if (other.isItem) continue;
    if (other.announcesList && other.text.length > 80) return other;
    if (!other.announcesList && other.text.length > 80) return 'prose';
  }
  return undefined;
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
      // The rest of the hit's own section is not a sibling block: only retrieval may bring it.
      if (seen.has(sibling.id) || sibling.sectionId === hit.chunk.sectionId) continue;
      seen.add(sibling.id);
      units.push(...unitsOf({ chunk: sibling, score: hit.score, scores: {} }, rank + 0.5));
    }
  });
  return units;
}


/** Sentences stating eligibility rules: who may apply, on what conditions, what is excluded. */
const CONDITION = /\b(eligib\w*|conditions?|criteres?|pre-?requis|reglement|doivent|doit|obligatoire\w*|exclu\w*|sauf|uniquement|seul(e|s|es)?|reserve\w*|sous reserve)\b/;

const DECIDER = /\b(commission|comite|conseil|jury|statue|decide|valide|validation|instruit|instruction|arbitr|attribu|prefet|delegue du prefet|signataires?)\b/;

export function composeExtractive(input: CompositionInput): Composition {
  const threshold = input.supportThreshold ?? DEFAULT_SUPPORT_THRESHOLD;
  const query = weightQuery(input.concepts, input.lexical);
  const hits = rerankForAnswer(input.hits.slice(0, COMPOSE_DEPTH), query, input.metaByFile, askedFor(input.question));
  const writer = new AnswerWriter(input.metaByFile);

  // Support: how much of the question the best of the first passages covers, words and headings.
  const support = Math.max(0, ...hits.slice(0, 3).map((hit) => coverage(chunkTerms(hit.chunk, input.metaByFile.get(hit.chunk.file)), query)));
  const missingNames = [...(input.missingSections ?? []), ...unknownNames(input.question, input.lexical, input.phraseKnown)];
  if (hits.length === 0 || support < threshold || missingNames.length > 0) {
    return refusal(input, hits, support, missingNames);
  }

  const units = hits.flatMap((hit, rank) => unitsOf(hit, rank));
  if (input.kind === 'figure') units.push(...siblingUnits(hits, input.chunksByParent));
  const scores = scoreUnits(units, query, input.metaByFile);
  const byScore = [...units].sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0));

  // « c'est quoi le programme X … dans un qpv ? » defines X, not every acronym the question uses.
  const term = input.kind === 'definition' ? definedTerm(input.question) : undefined;
  // The one document whose territory the question names (« l'agglo Hénin-Carvin »), if any.
  const namedTerritory = namedTerritoryDocument(input.question, [...input.metaByFile.values()]);
  const glossed = input.kind !== 'definition' ? [] : input.acronyms.filter((entry) => !term || foldText(entry.term) === term || foldText(entry.expansion).startsWith(term)).slice(0, 2);
  if (input.kind === 'definition') {
    for (const entry of glossed) {
      const source = input.hits.find((hit) => hit.chunk.id === entry.chunkId)?.chunk;
      writer.add(`${bold(entry.term)} : ${entry.expansion}.`, source, undefined);
    }
  }

  if (input.kind === 'list') {
    // « … pour l'objectif #21 » asks for a list inside that section, not one that merely names it.
    const referenced = input.references?.length
      ? hits.filter((hit) => hit.chunk.breadcrumb.some((label) => input.references!.includes(referenceKeyOfLabel(label) ?? '')))
      : [];
    const group = bestListGroup(referenced.length > 0 ? referenced : hits, query, input.chunksBySection, input.metaByFile);
    // Inside a section the question names, a list is relevant by construction: a lower bar.
    if (group && group.score >= (referenced.length > 0 ? LIST_GROUP_MIN_IN_REFERENCE : LIST_GROUP_MIN) && fromNamedDocument(input, namedTerritory, group.chunks)) {
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

  if (writer.lines.length <= glossed.length) {
    let chosen: AnswerUnit[];
    if (input.kind === 'figure') {
      const wanted = figureKindAsked(input.question);
      const anyFigure = byScore.filter((unit) => !unit.isHeading && unitHasFigure(unit.text, wanted, input.question));
      // « Combien de QPV… » wants a number of QPV: prefer figures that count the thing asked about.
      const counted = countedThing(input.question, input.concepts);
      const counting = counted ? anyFigure.filter((unit) => countsThing(unit.text, counted)) : [];
      // « taux de pauvreté » wants a rate of poverty: figures that name it come first.
      const measured = measuredThing(input.question);
      const measuring = measured.length > 0 ? anyFigure.filter((unit) => measured.some((stem) => unit.terms.has(stem))) : [];
      const withFigures = counting.length > 0 ? counting : measuring.length > 0 ? measuring : anyFigure;
      // What a figure is about is said by its own sentence and headings more than by its neighbours.
      const figureScore = (unit: AnswerUnit) => {
        const context = coverage(chunkTerms(unit.hit.chunk, input.metaByFile.get(unit.hit.chunk.file)), query);
        return (figureSupport(unit, query, input.metaByFile) * 0.7 + context * 0.3) / (1 + FIGURE_RANK_PENALTY * unit.hitRank);
      };
      const best = [...withFigures].sort((a, b) => figureScore(b) - figureScore(a))[0];
      // A figure question answered by a figure about something else is a wrong answer: refuse.
      // So is « combien de médiateurs ? » when no passage gives a number of médiateurs: a
      // number of something else (« trois conditions ») is not the answer.
      const uncounted = counted !== undefined && counting.length === 0;
      if (!best || uncounted || figureSupport(best, query, input.metaByFile) < FIGURE_SUPPORT) return refusal(input, hits, support, []);
      const bestSupport = figureSupport(best, query, input.metaByFile);
      // Another passage giving a figure for the same thing stays, whatever its rank: two sources
      // that disagree must both be shown.
      const bestOwn = coverage(best.terms, query);
      chosen = withFigures
        .filter(
          (unit) =>
            unit === best ||
            (unit.hit === best.hit && (scores.get(unit) ?? 0) >= (scores.get(best) ?? 0) * 0.75 && coverage(unit.terms, query) >= bestOwn * 0.75) ||
            (coverage(unit.terms, query) >= bestOwn * 0.9 &&
              figureSupport(unit, query, input.metaByFile) >= bestSupport * 0.9 &&
              restates(unit, best, query) &&
              (similarity(unit, best) >= 0.3 || (coverage(unit.terms, query) >= bestOwn && figureSupport(unit, query, input.metaByFile) >= bestSupport))),
        )
        .slice(0, 3);
      // Other documents counting the same thing (« 15 heures » here, « 15 à 20 heures » there) are
      // shown too: the reader must see both values.
      for (const unit of counting) {
        if (chosen.length >= 3 || chosen.includes(unit) || chosen.some((other) => other.hit.chunk.file === unit.hit.chunk.file)) continue;
        if (figureSupport(unit, query, input.metaByFile) >= bestSupport * 0.8) chosen.push(unit);
      }
      // Context, not more numbers: another passage's figure of the same kind would only confuse.
      const figureChunks = new Set(chosen.map((unit) => unit.hit.chunk.id));
      const context = units.filter((unit) => figureChunks.has(unit.hit.chunk.id) || !unitHasFigure(unit.text, wanted, input.question));
      const extra = selectCovering(context, scores, query, 3, input.question, chosen, input.metaByFile);
      chosen = [...chosen, ...extra].slice(0, 5);
    } else {
      const max = input.kind === 'lookup' ? 3 : 4;
      const pool = leadPool(units, scores, input.question, term, input.kind);
      const [lead] = selectCovering(pool, scores, query, 1, input.question, [], input.metaByFile);
      // The sentence after the best one often completes it (« … Cette réunion annuelle vient conclure… »).
      const next = lead && units.find((unit) => unit.hit === lead.hit && unit.position === lead.position + 1 && !unit.isItem && !unit.isHeading && CONTINUATION.test(foldText(unit.text)) && unit.text.length < 400);
      const opening = [lead, next].filter((unit): unit is AnswerUnit => unit !== undefined);
      chosen = opening.length === 0 ? [] : [...opening, ...selectCovering(units, scores, query, max - opening.length, input.question, opening, input.metaByFile)];
      // A one-line answer (a title, a short item) is completed by the best full sentence on the subject.
      if (chosen.length > 0 && chosen.reduce((sum, unit) => sum + unit.text.length, 0) < SHORT_ANSWER) {
        const bestScore = scores.get(chosen[0]) ?? 0;
        const cited = new Set(chosen.map((unit) => unit.hit.chunk.id));
        const leadCoverage = Math.max(...chosen.map((unit) => coverage(unit.terms, query)));
        // From another passage, only a sentence saying at least as much of the question: a second
        // source that merely shares a word (« son site Mes Évènements ») is a wrong citation.
        const allowed = (unit: AnswerUnit) => cited.has(unit.hit.chunk.id) || coverage(unit.terms, query) >= leadCoverage;
        const complement = byScore.find((unit) => !chosen.includes(unit) && !unit.isHeading && !unit.isItem && unit.text.length >= 80 && (scores.get(unit) ?? 0) >= bestScore * 0.6 && allowed(unit));
        if (complement) chosen.push(complement);
      }
    }
    if (chosen.length === 0) return refusal(input, hits, support, []);
    chosen.push(...unitsForNamedDocuments(input.namedDocuments ?? [], chosen, units, query));
    // The question names one document's territory (« l'agglo Hénin-Carvin »): an answer drawn
    // only from other documents is about another place (another agglomeration's figures).
    if (!fromNamedDocument(input, namedTerritory, chosen.map((unit) => unit.hit.chunk))) return refusal(input, hits, support, [], namedTerritory);
    // A list item means little without the sentence that announces it (« … ne seront pas mobilisés : »).
    // It then introduces only the items chosen, not its whole list.
    const contextOnly = new Set<AnswerUnit>();
    for (const unit of [...chosen]) {
      if (!unit.isItem) continue;
      for (const leadIn of leadInsOf(unit, units, input.chunksBySection)) {
        if (chosen.includes(leadIn)) continue;
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

/**
 * False when the question names one document's territory and the chunks all come from documents
 * of other specific territories (another agglomeration's contract). Documents covering a wider,
 * shared territory (the département's) speak of the named one too and may answer.
 */
function fromNamedDocument(input: CompositionInput, named: DocumentMeta | undefined, chunks: Chunk[]): boolean {
  if (!named) return true;
  const documents = [...input.metaByFile.values()];
  const territoryOf = (file: string) => foldText(input.metaByFile.get(file)?.territory ?? '');
  const sharedBy = (territory: string) => documents.filter((meta) => foldText(meta.territory ?? '') === territory).length;
  return chunks.some((chunk) => chunk.file === named.file || territoryOf(chunk.file) === '' || sharedBy(territoryOf(chunk.file)) > 1);
}

function refusal(input: CompositionInput, hits: SearchHit[], support: number, missingNames: string[], namedDocument?: DocumentMeta): Composition {
  const writer = new AnswerWriter(input.metaByFile);
  const why = namedDocument
    ? ` (rien à ce sujet dans « ${namedDocument.short_title} »)`
    : missingNames.length > 0
      ? ` (aucune mention de ${missingNames.map((name) => `« ${name} »`).join(', ')})`
      : '';
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
