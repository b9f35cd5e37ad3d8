/** The kind of a question, from its words: it decides the shape of the answer. */
import { foldText } from '../lang/fr/normalize.js';
import type { QuestionKind } from '../core/answer.js';

const DEFINITION = /\b(c'?est quoi|c koi|ckoi|qu'?est[- ]ce que?|qu'?est[- ]ce qu'|que (veut|veulent) dire|que signifie|signification|definition|definir|ca veut dire|a quoi correspond|kesako)\b/;
const ELIGIBILITY =
  /\b(peut[- ]on|puis[- ]je|pouvons[- ]nous|peut[- ]il|peut[- ]elle|peuvent[- ]ils|peuvent[- ]elles|peut-etre finance|est[- ]ce (que )?(finan|eligible)|financable|eligib|quelles? (sont les )?conditions|a[- ]t[- ]on le droit|ai[- ]je le droit|a droit|est[- ](il|elle) autorise|suis[- ]je autorise|sous quelles? conditions|peut .* (recruter|beneficier|obtenir|demander|financer|solliciter|deposer))\b/;
const FIGURE =
  /\b(combien|quel montant|quels montants|montant|quel taux|taux|budget|cout|quelle part|quel pourcentage|pourcentage|quelle date|date|dates|quand|quel delai|dans quel delai|quel budget|quel financement|quels financements|nombre de|chiffre|quelle somme|quelle duree|en quelle annee)\b/;
/**
 * « quels/quelles » + a plural noun asks for several things (« quels fonds », « quelles
 * orientations »), except the figure words; « c'est quoi les 9 quartiers » too.
 */
const LIST = /\b(quel(le)?s (?!montants|dates|taux|pourcentages|delais|chiffres|parts|financements|budgets|sommes|couts|durees|annees)[a-z-]+|liste[rz]?|enumere|lesquel(le)?s)\b/;
/** « on peut inscrire … ? » is a yes/no question about what is allowed, unless it asks which, how or how many. */
const YES_NO_ALLOWED = /\b(on peut|je peux|nous pouvons|on a le droit|c'est possible de|est-il possible)\b/;
const WH_WORD = /\b(quel(le)?s?|combien|comment|quoi|lesquel(le)?s|quand)\b|(^|[?.:,;]\s*)qui\b/;
const COUNT = /\b(combien|quel montant|quel taux|quel pourcentage)\b/;
const NUMBERED_PLURAL = /\b(c'?est quoi|c koi|ckoi|qu'?est[- ]ce que|que sont) les \d+ /;

export function classifyQuestion(question: string): QuestionKind {
  const folded = foldText(question).replace(/[’']/g, "'");
  if (NUMBERED_PLURAL.test(folded)) return 'list';
  if (DEFINITION.test(folded)) return 'definition';
  if (ELIGIBILITY.test(folded)) return 'eligibility';
  if (YES_NO_ALLOWED.test(folded) && !WH_WORD.test(folded)) return 'eligibility';
  // « combien … et dans quelles zones … ? »: the count is the question's first demand.
  if (COUNT.test(folded)) return 'figure';
  if (LIST.test(folded)) return 'list';
  if (FIGURE.test(folded)) return 'figure';
  return 'lookup';
}
