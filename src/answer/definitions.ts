/**
 * Definition questions: the term asked about (« c'est quoi le BOP 147 ? », « IREV ça veut dire
 * quoi ? ») and whether a sentence defines it, i.e. opens with it as its subject.
 */
import { foldText } from '../text/normalize.js';

const ARTICLE = "(?:l'|le |la |les |un |une |des |du |de l'|de la )?";

/** The term a definition question asks about, folded (« bop 147 », « irev »), if one can be read. */
export function definedTerm(question: string): string | undefined {
  const folded = foldText(question).replace(/[’']/g, "'");
  const after = new RegExp(`\\b(?:c'?est quoi|c koi|ckoi|qu'?est[- ]ce que|qu'?est[- ]ce qu'|que (?:veut|veulent) dire|que signifie|definition de|a quoi correspond|kesako)\\s+${ARTICLE}([a-z0-9-]+(?: [a-z0-9-]+){0,3}?)(?=\\s*[?:,;.!]|\\s+(?:et|pour|dans|selon|en|au|aux|ca|exactement)\\b|\\s*$)`).exec(folded);
  if (after) return after[1];
  // « IREV ça veut dire quoi », « le FIPD c'est quoi »: the term comes first.
  const before = new RegExp(`^${ARTICLE}([a-z0-9-]+(?: [0-9]+)?)\\s*(?:,\\s*)?(?:ca|ça|c'?est|ce|veut)`).exec(folded);
  return before?.[1];
}

/** True when the sentence opens with the term as its subject (article allowed). */
export function definesTerm(sentence: string, term: string): boolean {
  const folded = foldText(sentence).replace(/[’']/g, "'").replace(/^[-•*\s]+/, '');
  return new RegExp(`^${ARTICLE}${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b(?!\\s*:)`).test(folded);
}
