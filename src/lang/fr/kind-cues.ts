/**
 * What kind of answer a question wants, as data: rows tried in order, each a phrasing of French
 * questions with an id (reported in `ask --json`). Patterns read the folded question (lower case,
 * no accents, apostrophes unified).
 */
import type { QuestionKind } from '../../core/answer.js';

export interface KindCue {
  id: string;
  kind: QuestionKind;
  /** The question must match this… */
  asks: RegExp;
  /** …and must not match this (a yes/no question that asks which, how or how many is not one). */
  unless?: RegExp;
}

/** Words that make a question ask which, how, how many or who. */
// « où » loses its accent when typed fast: « ou » opening the question asks where, not « or ».
const WH_WORD = /\b(quel(le)?s?|combien|comment|quoi|lesquel(le)?s|quand)\b|(^|[?.:,;]\s*)(qui|ou|où)\b/;

export const KIND_CUES: readonly KindCue[] = [
  // « c'est quoi les 9 quartiers » asks for the nine, not for a definition.
  { id: 'kind.numbered-plural', kind: 'list', asks: /\b(c'?est quoi|c koi|ckoi|qu'?est[- ]ce que|que sont) les \d+ / },
  // « c'est quoi les QPV du territoire ? », « c koi les grands axes du contrat ? »: the things of
  // something, in the plural, are asked for one by one, not defined.
  {
    id: 'kind.plural-of',
    kind: 'list',
    asks: /\b(c'?est quoi|c koi|ckoi|c quoi|qu'?est[- ]ce que|que sont) les (?:\S+ ){1,3}?(?:du |de la |de l'|des )\S/,
    // « c'est quoi les quartiers prioritaires de la politique de la ville ? » defines a term.
    unless: /\bles (?:\S+ ){1,3}?de la (?:politique de la )?ville\s*\??\s*$/,
  },
  {
    id: 'kind.definition',
    kind: 'definition',
    asks: /\b(c'?est quoi|c koi|ckoi|qu'?est[- ]ce que?|qu'?est[- ]ce qu'|que (veut|veulent) dire|que signifie|signification|definition|definir|ca veut dire|a quoi correspond|kesako)\b/,
    // « c koi le montant total de la prog ? », « c'est quoi le taux de chômage ? » ask the figure the noun names.
    // « qu'est-ce qu'on a le droit de payer ? », « qu'est-ce que je dois fournir ? »: a subject
    // after « qu'est-ce que » asks what someone does, not what something is.
    unless:
      /\b(c'?est quoi|c koi|ckoi|qu'?est[- ]ce que?) (le |la |les |l')?(montant|budget|taux|date|delai|nombre|cout|enveloppe|duree|pourcentage|somme|plafond)s?(?=[\s?]|$)(?!\s*(?:participatif|citoyen|«|"|d'effort))|\bqu'?est[- ]ce (?:que |qu')(?:on|l'on|il|ils|elle|elles|je|j'|tu|nous|vous)\b/,
  },
  {
    id: 'kind.eligibility',
    kind: 'eligibility',
    asks: /\b(peut[- ]on|puis[- ]je|pouvons[- ]nous|peut[- ]il|peut[- ]elle|peuvent[- ]ils|peuvent[- ]elles|peut-etre finance|est[- ]ce (que )?(finan\w*|eligible)|financable|eligib\w*|quelles? (sont les )?conditions|a[- ]t[- ]on le droit|ai[- ]je le droit|a droit|est[- ](il|elle) autorise|suis[- ]je autorise|sous quelles? conditions|peut .* (recruter|beneficier|obtenir|demander|financer|solliciter|deposer))\b/,
  },
  // « on peut inscrire … ? » is a yes/no question about what is allowed; spoken French asks it
  // of a third person in the statement's word order too (« ma fille a 16 ans, elle peut s'inscrire ? »).
  {
    id: 'kind.yes-no-allowed',
    kind: 'eligibility',
    // « le montant qu'elle peut recevoir », « ce qu'il peut faire » are relative clauses, not the question.
    asks: /\b(on peut|je peux|nous pouvons|(?<!qu')(il|elle|ils|elles) (peut|peuvent)|(?<!qu')est-ce qu'(il|elle|ils|elles) (peut|peuvent)|on a le droit|c'est possible de|est-il possible|est-ce possible|(c|c'est|c est) possible\s*\??\s*$)/,
    // « avec qui elle peut monter le projet ? », « pourquoi il peut pas candidater ? » ask who and why.
    unless: new RegExp(`${WH_WORD.source}|\\b(a|avec|par|aupres de) qui\\b|\\bpourquoi\\b`),
  },
  // « le candidat a 24 ans et habite au Mont Liébaut, c bon ? », « 40 % de jeunes des QPV, ça passe
  // pour l'appel à projets ? », « il rentre dans l'action 4 ? »: whether a case fits the rules.
  // « ça passe par quoi ? », « ça marche comment ? » ask how, not whether.
  {
    id: 'kind.yes-no-fits',
    kind: 'eligibility',
    // At the end of the question only: « ok ça marche, et la date limite ? » is a reaction.
    asks: /\b(?:c'est|c|ca|cela) (?:bon|ok|jouable)\s*\?*\s*$|\bca (?:passe|marche)(?: pour [^?,;]*)?\s*\?*\s*$|\b(?:il|elle|ils|elles|ca|on) (?:rentre|rentrent) dans\b/,
    unless: /\b(comment|combien|quand|quel(le)?s?|par quoi)\b/,
  },
  // « combien … et dans quelles zones … ? »: the count is the question's first demand.
  { id: 'kind.count', kind: 'figure', asks: /\b(combien|quel montant|quel taux|quel pourcentage)\b/ },
  // « quels/quelles » + a plural noun asks for several things, except the figure words.
  {
    id: 'kind.list',
    kind: 'list',
    asks: /\b(quel(le)?s (?!montants|dates|taux|pourcentages|delais|chiffres|parts|financements|budgets|sommes|couts|durees|annees)[a-z-]+|liste[rz]?|enumere|lesquel(le)?s)\b/,
  },
  // « le budget citoyen a financé quoi ? », « un exemple de projet soutenu par le budget… »: a
  // figure word names what the question is about; « quoi », « qui », « un exemple » say what it
  // asks, a thing or someone, unless it also asks how many, how much or when.
  {
    id: 'kind.thing-asked',
    kind: 'lookup',
    // « c quoi le taux », « cest quoi le taux » (which kind.definition does not catch) ask the figure
    // the noun names: that « quoi » is not the asked thing. « qui » asks only where a question asks
    // it (« qui signe… », « c'est qui », « avec qui »), not as a relative (« les subventions qui… »).
    asks: /\b(?:(?<!\bc(?:'est|est| est)?\s)quoi|un exemple|des exemples)\b|(?:^|[,;:?]\s*|\b(?:c'est|c|est|avec|par|a|pour|de|chez|aupres de)\s)qui\b/,
    unless: /\b(combien|quand|quel(le)?s? (montants?|dates?|taux|pourcentages?|delais?|sommes?|durees?|parts?|budgets?|couts?)|en quelle annee|nombre de)\b/,
  },
  {
    id: 'kind.figure',
    kind: 'figure',
    asks: /\b(combien|quel montant|quels montants|montant|quel taux|taux|budget|cout|quelle part|quel pourcentage|pourcentage|quelle date|date|dates|quand|quel delai|dans quel delai|quel budget|quel financement|quels financements|nombre de|chiffre|quelle somme|quelle duree|en quelle annee)\b/,
  },
];
