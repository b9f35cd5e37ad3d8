/**
 * The public actors of the politique de la ville, as chat messages name them: lower case, short
 * forms, no accents (« l'etat », « l'agglo », « le dptmt », « la caf »). A follow-up naming one of
 * them (« et l'agglo ? » after « l'etat met combien sur la programmation ? ») asks the same of
 * another actor, so the actor the previous question named gives way to it. Folded patterns
 * (lower case, no accents, apostrophes straight); each actor is one class, its forms alternatives.
 */
export interface Actor {
  id: string;
  /** The actor's forms, as a pattern on folded text (word boundaries added by the caller). */
  forms: string;
}

export const ACTORS: readonly Actor[] = [
  { id: 'etat', forms: "l'etat|etat|prefecture|prefet|prefete|ddets|services de l'etat|bop 147|programme 147" },
  {
    id: 'agglo',
    forms:
      "l'agglo|agglo|agglomeration|l'agglomeration|communaute d'agglomeration|epci|l'epci|interco|l'interco|intercommunalite|l'intercommunalite|communaute urbaine|communaute de communes|metropole",
  },
  { id: 'region', forms: 'la region|region|conseil regional' },
  { id: 'departement', forms: 'le departement|departement|dptmt|dpt|conseil departemental|le cd|cd\\d\\d' },
  // « ville » alone is in « contrat de ville », « politique de la ville »: only « la ville » names the town.
  { id: 'commune', forms: "(?<!politique de )la ville|la commune|les communes|mairie|la mairie|municipalite|l'ensemble des communes" },
  { id: 'caf', forms: "la caf|caf|caisse d'allocations familiales" },
  { id: 'france-travail', forms: 'france travail|ft|pole emploi' },
  { id: 'ars', forms: "l'ars|ars|agence regionale de sante" },
  { id: 'bailleurs', forms: 'les bailleurs|bailleurs|bailleur|le bailleur|bailleurs sociaux' },
  { id: 'banque-des-territoires', forms: 'banque des territoires|la banque des territoires|cdc|caisse des depots' },
  { id: 'education-nationale', forms: "education nationale|l'education nationale|educ nat|rectorat|dsden" },
  { id: 'cpam', forms: 'la cpam|cpam|assurance maladie' },
  { id: 'mission-locale', forms: 'mission locale|la mission locale|missions locales' },
  { id: 'europe', forms: "l'europe|europe|feder|fse|fse\\+|union europeenne" },
];

const ACTOR_PATTERNS = ACTORS.map((actor) => ({ actor, pattern: new RegExp(`(?<![\\w'])(?:${actor.forms})(?![\\w'])`, 'g') }));

/** The actors a folded text names, each once, in the catalogue's order. */
export function actorsNamed(folded: string): Actor[] {
  return ACTOR_PATTERNS.filter(({ pattern }) => {
    pattern.lastIndex = 0;
    return pattern.test(folded);
  }).map(({ actor }) => actor);
}

/** The folded text with every form of these actors blanked (one space each), other words kept in place. */
export function withoutActors(folded: string, actors: readonly Actor[]): string {
  let text = folded;
  for (const { actor, pattern } of ACTOR_PATTERNS) {
    if (!actors.includes(actor)) continue;
    text = text.replace(pattern, ' ');
  }
  return text;
}
