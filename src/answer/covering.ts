/** Choosing the sentences of an answer: the fewest units, from the fewest sources, that say the most of the question. */
import type { DocumentMeta } from '../ingest/types.js';
import { analyze } from '../text/analyzer.js';
import { foldText } from '../text/normalize.js';
import { figureIntents, unitHasFigure, type FigureKind } from './figures.js';
import type { AnswerUnit } from './passage-units.js';
import { conceptCredit, docTermsOf, headingTermsOf, type WeightedQuery } from './query-weights.js';

/**
 * Greedy choice of units that together cover most of the question, best first. Another sentence
 * of an already cited chunk costs nothing; a new chunk must earn its citation by covering a good
 * share of the question that is still uncovered (a wrong source is worse than a short answer).
 */
export function selectCovering(
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
  // « Quand … et qui … ? » asks two things: the second part's passage covers a smaller share.
  const compound = isCompound(question);
  const minGainNewChunk = compound ? MIN_GAIN_NEW_CHUNK_COMPOUND : MIN_GAIN_NEW_CHUNK;
  const minScoreShare = compound ? 0.5 : 0.8;
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
        if (sameChunk ? gain < MIN_GAIN_SAME_CHUNK : gain < minGainNewChunk || (score < bestScore * minScoreShare && !answersIntent)) continue;
      }
      // A bare title says less than a sentence, whatever words it shares with the question.
      const substance = Math.min(1, 0.4 + unit.text.split(/\s+/).length / 12);
      const value = (gain * 0.6 + score * 0.4) * substance;
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
export const CONTINUATION = /^(il|elle|ils|elles|ce|cet|cette|ces|celui|celle|ceux|son|sa|ses|leur|leurs|en ce sens|ainsi|de plus|par ailleurs|en outre|a ce titre|dans ce cadre|pour cela|cela|ceci|celui-ci|celle-ci|a cet effet|a cette fin|enfin)\b/;

const MIN_GAIN_SAME_CHUNK = 0.05;
/** How many retrieved passages the composer reads. */
export const COMPOSE_DEPTH = 8;
export const RANK_PENALTY = 0.5;
const INTENT_GAIN = 0.25;

const MIN_GAIN_NEW_CHUNK = 0.3;
/** For a question asking two things, measured on the gold sets (0.1 beat 0.15 and 0.2). */
const MIN_GAIN_NEW_CHUNK_COMPOUND = 0.1;


/** Two questions in one: two interrogative words, or a second clause opened by « et ». */
export function isCompound(question: string): boolean {
  const folded = foldText(question).replace(/[’']/g, "'");
  // « où » (not « ou », which folding makes look alike) and « qui » opening a clause (not the
  // relative « les jeunes qui sortent »).
  const asks = [
    ...(folded.match(/\b(quand|quel(le)?s?|combien|comment|pourquoi|c'?est quoi|a quoi|en quoi)\b/g) ?? []),
    ...(question.match(/(^|[^\p{L}])où(?![\p{L}])/giu) ?? []),
    ...(folded.match(/(^|[?.:,;]\s*|\bet\s+|\b(?:a|par|aupres de|avec|pour)\s+)qui\b/g) ?? []),
  ];
  return asks.length >= 2 || /\?.+\?/.test(question);
}
