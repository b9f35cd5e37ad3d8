/** The kind of a question, from its words: it decides the shape of the answer. */
import { foldText } from '../text/normalize.js';
import type { QuestionKind } from './types.js';

const DEFINITION = /\b(c'?est quoi|c koi|ckoi|qu'?est[- ]ce que?|qu'?est[- ]ce qu'|que (veut|veulent) dire|que signifie|signification|definition|definir|ca veut dire|a quoi correspond|kesako)\b/;
const ELIGIBILITY = /\b(peut[- ]on|puis[- ]je|pouvons[- ]nous|peut[- ]il|peut[- ]elle|peuvent[- ]ils|peuvent[- ]elles|peut-etre finance|est[- ]ce (que )?(finan|eligible)|financable|eligib|quelles? (sont les )?conditions|a[- ]t[- ]on le droit|ai[- ]je le droit|a droit|est[- ](il|elle) autorise|suis[- ]je autorise|sous quelles? conditions|peut .* (recruter|beneficier|obtenir|demander|financer|solliciter|deposer))\b/;
const FIGURE = /\b(combien|quel montant|quels montants|montant|quel taux|taux|budget|cout|quelle part|quel pourcentage|pourcentage|quelle date|date|dates|quand|quel delai|dans quel delai|quel budget|quel financement|quels financements|nombre de|chiffre|quelle somme|quelle duree|en quelle annee)\b/;
const LIST = /\b(quel(le)?s (sont|dispositifs|acteurs|actions|moyens|axes|objectifs|missions|engagements|partenaires|mesures|outils|quartiers|communes|colleges|criteres|priorites|pistes|enjeux|ambitions|groupes|instances|fiches|etapes)|liste[rz]?|enumere|lesquel(le)?s)\b/;

export function classifyQuestion(question: string): QuestionKind {
  const folded = foldText(question).replace(/[’']/g, "'");
  if (DEFINITION.test(folded)) return 'definition';
  if (ELIGIBILITY.test(folded)) return 'eligibility';
  if (LIST.test(folded)) return 'list';
  if (FIGURE.test(folded)) return 'figure';
  return 'lookup';
}
