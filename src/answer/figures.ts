/**
 * Figures in answers: what sort of figure a question wants (an amount, a date, a rate, a count),
 * whether a sentence gives one, and whether two sources give different ones for the same fact.
 */
import type { DocumentMeta } from '../ingest/types.js';
import type { QueryConcept } from '../search/query-understanding.js';
import { analyze } from '../text/analyzer.js';
import { foldText } from '../text/normalize.js';
import { figureIntents, figureKindAsked, unitHasFigure, type FigureKind } from '../text/figure-kinds.js';

export { figureIntents, figureKindAsked, unitHasFigure, type FigureKind };
import type { AnswerWriter } from './answer-writer.js';
import type { AnswerUnit } from './passage-units.js';
import { conceptCredit, coverage, type WeightedQuery } from './query-weights.js';

/** Share of words two units have in common (Jaccard): high for two statements of one fact. */
export function similarity(a: AnswerUnit, b: AnswerUnit): number {
  const shared = [...a.terms].filter((term) => b.terms.has(term)).length;
  return shared < 3 ? 0 : shared / Math.max(1, new Set([...a.terms, ...b.terms]).size);
}

/** Stems that name what « combien de … » counts, with their stand-ins (an acronym's long form). */
export function countedThing(question: string, concepts: QueryConcept[]): Set<string> | undefined {
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
  // « combien d'adultes relais médiateurs santé (ARMS) » counts ARMS too: an acronym of the
  // question whose long form starts with the counted word stands for it (« 44 ARMS »).
  for (const concept of concepts) {
    if (concept.allOf.some((group) => group[0] !== undefined && stems.includes(group[0]))) names.add(concept.term);
  }
  return names;
}

/**
 * What a rate or a share measures (« taux de pauvreté », « part des demandeurs d'emploi »): a
 * figure that does not name it measures something else.
 */
export function measuredThing(question: string): string[] {
  const match = /\b(?:taux|part|pourcentage|proportion)\s+(?:de la |de l'|du |des |de |d')\s*([a-z0-9-]+)/.exec(foldText(question).replace(/[’']/g, "'"));
  return match ? analyze(match[1]) : [];
}

/** True when a number in the text is directly followed by the counted thing. */
export function countsThing(text: string, names: Set<string>): boolean {
  const words = foldText(text).split(/[^a-z0-9]+/).filter(Boolean);
  for (let index = 0; index < words.length; index += 1) {
    if (!/^\d+$/.test(words[index])) continue;
    // « 16 quartiers », « 35 000 habitants », « 48 conseillers dédiés »: the noun follows the number
    // directly (or after another group of digits, or « des »); « 2014, les quartiers » is not a count.
    let next = index + 1;
    while (next < words.length && /^\d{3}$/.test(words[next])) next += 1;
    // « 45 % des ménages »: a share of the thing counts it too.
    if (next < words.length && /^(des|de|d)$/.test(words[next])) next += 1;
    if (next < words.length && analyze(words[next]).some((stem) => names.has(stem))) return true;
  }
  return false;
}

/** Share of the question the figure's own sentence and headings cover. */
export function figureSupport(unit: AnswerUnit, query: WeightedQuery, metaByFile: Map<string, DocumentMeta>): number {
  const chunk = unit.hit.chunk;
  const meta = metaByFile.get(chunk.file);
  const where = analyze([meta?.short_title ?? '', ...(chunk.headings ?? chunk.breadcrumb)].join(' '));
  return coverage(new Set([...unit.terms, ...where]), query);
}

export const FIGURE_SUPPORT = 0.25;

/**
 * Whether a unit speaks of the same fact as the best figure: it must say most of what the best
 * says of the question (« l'État … au Département … 2023 »), not just share its rarest word
 * (« versé par le Département au FSL » is another payment by someone else).
 */
export function restates(unit: AnswerUnit, best: AnswerUnit, query: WeightedQuery): boolean {
  let said = 0;
  let repeated = 0;
  for (const { concept, weight } of query.concepts) {
    const credit = conceptCredit(best.terms, concept);
    said += weight * credit;
    repeated += weight * Math.min(credit, conceptCredit(unit.terms, concept));
  }
  return said === 0 || repeated / said >= RESTATES_SHARE;
}
/** Share of the best figure's subject a second figure must repeat to stand beside it. */
const RESTATES_SHARE = 0.7;

const DATE = /\b(\d{1,2}(?:er)?\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+\d{4})\b/g;

/** Two sources giving different dates for the same thing are shown as such, not silently merged. */
export function flagDisagreement(writer: AnswerWriter, chosen: AnswerUnit[]): void {
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


