/**
 * How askers present themselves before asking (« on est une asso de 2 salariés à Brécourt, … »,
 * « j'habite Bellerive, … », « notre siège est au Clos Bertin. »): the clause says who asks and
 * where from, not what is asked about. Folded patterns (lower case, no accents, straight apostrophes);
 * a clause runs to the next punctuation. Only the forms that present: « j'ai besoin du nombre
 * de logements… » and « on est combien… » ask.
 */
const OPENERS = [
  'on est (?:une?|des|deux|trois|\\d+|en|a|au|aux|dans)\\b',
  'nous sommes (?:une?|des|deux|trois|\\d+|en|a|au|aux|dans)\\b',
  'je suis (?:une?|a|au|aux|en|dans|chez|salarie\\w*|benevole\\w*|president\\w*|tresorier\\w*|directeur\\w*|directrice|coordinat\\w*|animat\\w*|maman|papa|parent|mere|pere|habitant\\w*|locataire|retraite\\w*|etudiant\\w*|jeune|demandeu\\w*|allocataire|seul\\w*)\\b',
  "j'habite",
  'j habite',
  'on habite',
  'nous habitons',
  "j'ai \\d+ ans",
  'je travaille',
  'on travaille',
  'nous travaillons',
  'notre (?:asso\\w*|association|structure|siege|local|collectif|centre social) (?:est|a|se|fait|travaille|intervient|agit)\\b',
  'mon (?:asso\\w*|association|collectif) (?:est|a|se|fait|travaille|intervient|agit)\\b',
  'asso de proximite',
  '(?:une |notre |mon )?asso\\w* (?:basee?|situee?|implantee?)',
];

const SELF_PRESENTATION = new RegExp(`(?:^|(?<=[,.;:!?]\\s*))\\s*(?:${OPENERS.join('|')})[^,.;:!?]*(?=[,.;:!]|$)`, 'g');

/**
 * The folded text without the asker's self-presentation clauses (each replaced by one space). A
 * clause ending the question with its « ? » is what is asked, never a presentation.
 */
export function withoutSelfPresentation(folded: string): string {
  return folded.replace(SELF_PRESENTATION, (clause, offset: number) => (/^\s*\?/.test(folded.slice(offset + clause.length)) ? clause : ' '));
}
