/**
 * An acronym a question uses that the corpus never writes may still stand for a phrase it does
 * write (« le PRE » for « programme de réussite éducative »). Only an exact spelling counts: each
 * letter the initial of one significant word, in order, with only connectors between them.
 */
import { foldText } from './normalize.js';

/** Words an acronym skips (« programme DE réussite éducative »). */
const CONNECTORS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'a', 'au', 'aux', 'en', 'pour', 'sur', 'dans', 'par']);
/** Fewer letters spell out too many phrases by chance. */
const MIN_LETTERS = 3;

/** Whether `text` writes a phrase whose significant words' initials are exactly the acronym's letters. */
export function spellsOut(acronym: string, text: string): boolean {
  const letters = foldText(acronym).replace(/[^a-z]/g, '');
  if (letters.length < MIN_LETTERS) return false;
  const words = foldText(text)
    .split(/[^a-z0-9']+/)
    .map((word) => word.replace(/^(?:[ldjmnst]|qu)'/, ''))
    .filter((word) => word !== '');
  for (let start = 0; start < words.length; start += 1) {
    if (words[start]![0] !== letters[0] || CONNECTORS.has(words[start]!)) continue;
    let matched = 0;
    for (let at = start; at < words.length && matched < letters.length; at += 1) {
      const word = words[at]!;
      if (CONNECTORS.has(word)) continue;
      if (word[0] !== letters[matched]) break;
      matched += 1;
    }
    if (matched === letters.length) return true;
  }
  return false;
}
