/**
 * Where French rules say who and what may be funded, as data: the headings of eligibility
 * sections (« Article 4 – Bénéficiaires », « Critères d'éligibilité », « Structures non
 * éligibles », « Ce qui n'est pas financé », « Conditions d'attribution »). A question asking
 * whether something is allowed is answered there first, whatever words it uses.
 * Folded words, matched against a heading's folded words.
 */
export const ELIGIBILITY_HEADING_WORDS: readonly RegExp[] = [
  /\bbeneficiaires?\b/,
  /\beligib\w*/,
  /\binel?igib\w*/,
  /\bconditions?\b/,
  /\bcriteres?\b/,
  /\bexclu\w*/,
  /\brecevab\w*/,
  /\bqui peut\b/,
  /\bpas finance\w*/,
  /\bnon finance\w*/,
  /\bfinancables?\b/,
  /\bdepenses\b/,
  /\bpublics?\b/,
];

/** Whether a heading's folded text names an eligibility section. */
export function isEligibilityHeading(foldedHeading: string): boolean {
  return ELIGIBILITY_HEADING_WORDS.some((pattern) => pattern.test(foldedHeading));
}

/**
 * Quantities a person states to ask whether they qualify (« mon projet coûte 2 500 € », « j'ai
 * 24 ans », « un quartier de 900 habitants »), by unit: each pattern finds a number in that unit,
 * in a folded question or text.
 */
export const STATED_QUANTITIES: readonly { unit: string; number: RegExp }[] = [
  { unit: 'euros', number: /\d[\d\s.,]*\s*(?:k?€|k?euros?|eur\b)/ },
  { unit: 'habitants', number: /\d[\d\s.,]*\s*habitants?\b/ },
  { unit: 'ans', number: /\b\d{1,3}\s*ans\b/ },
  { unit: 'heures', number: /\b\d{1,4}\s*(?:heures?|h)\b/ },
  { unit: 'salaries', number: /\b\d[\d\s]*\s*(?:salaries|employes|etp)\b/ },
  { unit: 'personnes', number: /\b\d[\d\s]*\s*(?:personnes|membres|participants|habitants majeurs)\b/ },
  { unit: 'logements', number: /\b\d[\d\s]*\s*logements?\b/ },
  { unit: 'mois', number: /\b\d{1,3}\s*mois\b/ },
];

/** Words that make a figure a bound (« au moins », « plafonné à », « ne peut excéder »), folded. */
export const THRESHOLD_WORDS =
  /\b(minimum|minimal|minimale|maximum|maximal|maximale|au moins|au plus|plafond\w*|plancher|seuil|inferieure?s?|superieure?s?|exceder|excede|depasser|depasse|depassent|dans la limite|moins de|plus de|a partir de|entre \d[\d\s]* et|de \d[\d\s]* a \d)\b/;

/** The units in which a question states quantities of its own (« 1500 euros », « 24 ans »). */
export function statedUnits(foldedQuestion: string): { unit: string; number: RegExp }[] {
  return STATED_QUANTITIES.filter((quantity) => quantity.number.test(foldedQuestion));
}
