/**
 * How askers present themselves before asking (« on est une asso de 2 salariés à Brécourt, … »,
 * « j'habite Bellerive, … », « notre siège est au Clos Bertin. »): the clause says who asks and
 * where from, not what is asked about. Folded patterns (lower case, no accents, straight apostrophes);
 * a clause runs to the next punctuation.
 */
const OPENERS = [
  'on est',
  'nous sommes',
  'je suis',
  "j'habite",
  'j habite',
  'on habite',
  'nous habitons',
  "j'ai",
  'je travaille',
  'on travaille',
  'nous travaillons',
  'notre (?:asso\\w*|association|structure|siege|local|collectif|centre social)',
  'mon (?:asso\\w*|association|collectif)',
  'ma (?:structure|commune|ville)',
  'asso de proximite',
  '(?:une |notre |mon )?asso\\w* (?:de|basee?|situee?|implantee?)',
];

const SELF_PRESENTATION = new RegExp(`(?:^|(?<=[,.;:!?]\\s*))\\s*(?:${OPENERS.join('|')})\\b[^,.;:!?]*`, 'g');

/** The folded text without the asker's self-presentation clauses (each replaced by one space). */
export function withoutSelfPresentation(folded: string): string {
  return folded.replace(SELF_PRESENTATION, ' ');
}
