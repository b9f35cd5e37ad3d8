/**
 * Which sentences may open an answer. A question often says what it wants: a definition of a
 * term (« c'est quoi l'IREV ? »), a person (« qui signe… ? »), a kind of thing (« sur quel
 * territoire… ? »). When some sentence provides it and scores close enough to the best one, the
 * answer opens with such a sentence rather than with one that only shares more words.
 */
import { askedFor, labelNamesAsked } from '../search/asked-for.js';
import { asksForPerson, hasPersonName } from '../text/person-names.js';
import { definesTerm } from './definitions.js';
import type { AnswerUnit } from './passage-units.js';
import type { QuestionKind } from './types.js';
import { analyze } from '../text/analyzer.js';

/** Shares of the best score a sentence of each sort must reach to lead (measured on the gold sets). */
const DEFINING_COMPETES = 0.5;
const PERSON_COMPETES = 0.5;
/** Higher: a sentence that merely contains the asked word (« le seuil des 1000 habitants ») must not win. */
const NAMING_COMPETES = 0.8;
const ELIGIBILITY_COMPETES = 0.5;

/** Where documents say who is eligible: « PUBLICS VISÉS », « Bénéficiaires », « Conditions ». */
const ELIGIBILITY_LABELS = analyze('public publics bénéficiaires conditions critères éligibilité');

export function leadPool(units: AnswerUnit[], scores: Map<AnswerUnit, number>, question: string, definedTerm: string | undefined, kind?: QuestionKind): AnswerUnit[] {
  const candidates = units.filter((unit) => !unit.isHeading);
  const bestScore = Math.max(0, ...candidates.map((unit) => scores.get(unit) ?? 0));
  const competes = (pool: AnswerUnit[], share: number) => pool.some((unit) => (scores.get(unit) ?? 0) >= bestScore * share);

  // The sentence whose subject is the term (« L'IREV, Centre de Ressources Régional…, a pour mission… »).
  const defining = definedTerm ? candidates.filter((unit) => definesTerm(unit.text, definedTerm)) : [];
  if (competes(defining, DEFINING_COMPETES)) return defining;
  // A sentence naming someone (« représenté par Monsieur … »).
  const people = asksForPerson(question) ? candidates.filter((unit) => hasPersonName(unit.text)) : [];
  if (competes(people, PERSON_COMPETES)) return people;
  // A sentence or a labelled block naming what is asked (« TERRITOIRE CONCERNÉ »).
  const asked = askedFor(question);
  const naming = asked.length > 0 ? candidates.filter((unit) => asked.some((stem) => unit.terms.has(stem)) || labelNamesAsked(unit.hit.chunk, asked)) : [];
  if (competes(naming, NAMING_COMPETES)) return naming;
  // « Un jeune de 17 ans peut-il entrer dans l'action ? » is answered by its « PUBLICS VISÉS ».
  const eligibility = kind === 'eligibility' ? candidates.filter((unit) => labelNamesAsked(unit.hit.chunk, ELIGIBILITY_LABELS)) : [];
  if (competes(eligibility, ELIGIBILITY_COMPETES)) return eligibility;
  return units;
}
