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
