/**
 * The public actors of the politique de la ville, as chat messages name them: lower case, short
 * forms, no accents (« l'etat », « l'agglo », « le dptmt », « la caf »). A follow-up naming one of
 * them (« et l'agglo ? » after « l'etat met combien sur la programmation ? ») asks the same of
 * another actor, so the actor the previous question named gives way to it. Folded patterns
 * (lower case, no accents, apostrophes straight); each actor is one class, its forms alternatives.
 */
import { foldText } from './normalize.js';

export interface Actor {
  id: string;
  /** The actor's forms, as a pattern on folded text (word boundaries added by the caller). */
  forms: string;
  /**
   * How a refusal names the actor, and the names documents write it with (folded, plain words),
   * for the actors a corpus may not mention at all; actors every such corpus names (the State, the
   * intercommunality, the towns) have none.
   */
  named?: { label: string; written: readonly string[] };
}

export const ACTORS: readonly Actor[] = [
  // « l'état des lieux », « état civil », « en état de » are no actor.
  { id: 'etat', forms: "(?:l'|l )?etat(?! des lieux| civil| de\\b| d'| du\\b)|prefecture|prefet|prefete|ddets|bop 147|programme 147" },
  {
    id: 'agglo',
    forms:
      "l'agglo|agglo|agglomeration|l'agglomeration|communaute d'agglomeration|epci|l'epci|interco|l'interco|intercommunalite|l'intercommunalite|communaute urbaine|communaute de communes|metropole",
  },
  // « dans la région », « en région » name a place, not the Région's council.
  { id: 'region', forms: '(?<!dans |en )la region|region hauts-de-france|conseil regional' },
  { id: 'departement', forms: '(?<!dans )le departement|dptmt|conseil departemental|le cd|cd\\d\\d' },
  // « ville » alone is in « contrat de ville », « politique de la ville »: only « la ville » names the town.
  { id: 'commune', forms: "(?<!politique de )la ville|la commune|les communes|mairie|la mairie|municipalite|l'ensemble des communes" },
  { id: 'caf', forms: "la caf|caf|caisse d'allocations familiales", named: { label: 'la CAF', written: ['caf', "caisse d'allocations familiales", 'allocations familiales'] } },
  { id: 'france-travail', forms: 'france travail|ft|pole emploi', named: { label: 'France Travail', written: ['france travail', 'pole emploi'] } },
  { id: 'ars', forms: "l'ars|ars|agence regionale de sante", named: { label: "l'ARS", written: ['ars', 'agence regionale de sante'] } },
  { id: 'bailleurs', forms: 'les bailleurs|bailleurs|bailleur|le bailleur|bailleurs sociaux' },
  {
    id: 'banque-des-territoires',
    forms: 'banque des territoires|la banque des territoires|cdc|caisse des depots',
    named: { label: 'la Banque des Territoires', written: ['banque des territoires', 'caisse des depots'] },
  },
  { id: 'education-nationale', forms: "education nationale|l'education nationale|educ nat|rectorat|dsden" },
  { id: 'cpam', forms: 'la cpam|cpam|assurance maladie', named: { label: 'la CPAM', written: ['cpam', 'assurance maladie', 'caisse primaire'] } },
  { id: 'mission-locale', forms: 'mission locale|la mission locale|missions locales', named: { label: 'la mission locale', written: ['mission locale', 'missions locales'] } },
  { id: 'europe', forms: "l'europe|europe|feder|fse\\+|fse|union europeenne", named: { label: "l'Europe (FEDER, FSE)", written: ['europe', 'europeen', 'europeens', 'europeenne', 'feder', 'fse'] } },
];

// An elided article or preposition may open a form (« caisse primaire d'assurance maladie »),
// but not the State's: « Conseil d'État », « chef d'État », « aides d'État » name no actor.
const ACTOR_PATTERNS = ACTORS.map((actor) => ({ actor, pattern: new RegExp(`(?<![\\w'])${actor.id === 'etat' ? '' : "(?:[dl]')?"}(?:${actor.forms})(?![\\w'])`, 'g') }));

/** The actors a folded text names, each once, in the catalogue's order. */
export function actorsNamed(folded: string): Actor[] {
  return ACTOR_PATTERNS.filter(({ pattern }) => {
    pattern.lastIndex = 0;
    return pattern.test(folded);
  }).map(({ actor }) => actor);
}

/**
 * `text` as typed, with every form of these actors blanked (one space each). Forms are found on
 * the text folded code unit by code unit, so each match points back at the characters typed: case,
 * accents and ligatures (« l'Œuvre ») of the rest are kept.
 */
export function withoutActors(text: string, actors: readonly Actor[]): string {
  let folded = '';
  const origin: number[] = [];
  for (let at = 0; at < text.length; at += 1) {
    const unit = text[at]!;
    const piece = /\s/.test(unit) ? ' ' : unit === '’' ? "'" : foldText(unit) || unit;
    for (let k = 0; k < piece.length; k += 1) origin.push(at);
    folded += piece;
  }
  const blank = new Array<boolean>(text.length).fill(false);
  for (const { actor, pattern } of ACTOR_PATTERNS) {
    if (!actors.includes(actor)) continue;
    pattern.lastIndex = 0;
    for (const match of folded.matchAll(pattern)) {
      const from = origin[match.index]!;
      const to = origin[match.index + match[0].length - 1]!;
      for (let at = from; at <= to; at += 1) blank[at] = true;
    }
  }
  let out = '';
  for (let at = 0; at < text.length; at += 1) {
    if (!blank[at]) out += text[at];
    else if (at === 0 || !blank[at - 1]) out += ' ';
  }
  return out;
}
