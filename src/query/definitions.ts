/**
 * Definition questions: the term asked about (« c'est quoi le BOP 147 ? », « IREV ça veut dire
 * quoi ? ») and whether a sentence defines it, i.e. opens with it as its subject.
 */
import { foldText } from './question-text.js';

const ARTICLE = "(?:l'|le |la |les |un |une |des |du |de l'|de la )?";
const OPENERS = "(?:c'?est quoi|c koi|ckoi|qu'?est[- ]ce que|que (?:veut|veulent) dire|que signifie|definitions? d(?:e|u|es)|a quoi correspond|kesako)";
/** Up to four words, ending where the question goes on (« … et à quoi sert-il ? »). */
const TERM = '([a-z0-9-]+(?: [a-z0-9-]+){0,3}?)(?=\\s*[?:,;.!]|\\s+(?:et|pour|dans|selon|en|au|aux|ca|exactement)\\b|\\s*$)';

/** The term a definition question asks about, folded (« bop 147 », « irev »), if one can be read. */
export function definedTerm(question: string): string | undefined {
  const folded = foldText(question).replace(/[’']/g, "'");
  const after = new RegExp(`\\b(?:${OPENERS}\\s+|qu'?est[- ]ce qu')${ARTICLE}${TERM}`).exec(folded);
  if (after) return after[1];
  // « IREV ça veut dire quoi », « le FIPD c'est quoi »: the term comes first.
  const before = new RegExp(`^${ARTICLE}([a-z0-9-]+(?: [0-9]+)?)\\s*(?:,\\s*)?(?:ca|c'?est|ce|veut)\\b`).exec(folded);
  return before?.[1];
}
