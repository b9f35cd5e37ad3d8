/**
 * Whether a corpus writes a word as a proper name: capitalised after a lower-case word, a comma
 * or « d' » (« le conseil citoyen de Vernolles ») and never in lower case (a common noun that a
 * title capitalises, « Quartiers d'Intérêt Communautaire », is written in lower case elsewhere).
 * Chat messages are seldom capitalised: this is how « de vernolles » is known to name a place.
 */
import type { Chunk } from '../core/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { analyze } from '../lang/fr/analyzer.js';
import { stripAccents } from '../lang/fr/normalize.js';

/**
 * Passages read per word, at most: a name the first ones never write in lower case is a name. At
 * 100× a town's name is in thousands of passages, and reading them all would cost a second.
 */
const PASSAGES_READ = 50;
/** Words remembered, oldest forgotten first. */
const WORDS_KEPT = 4096;

/** Web and e-mail addresses: « www.pas-de-calais.caf.fr » writes no word in lower case. */
const ADDRESS = /\S+@\S+|(?:https?:\/\/|www\.)\S+/g;

export function properNameCheck(lexical: LexicalIndex, chunks: readonly Chunk[]): (word: string) => boolean {
  const remembered = new Map<string, boolean>();
  return (word: string) => {
    const known = remembered.get(word);
    if (known !== undefined) return known;
    const proper = isProperName(word, lexical, chunks);
    if (remembered.size >= WORDS_KEPT) remembered.delete(remembered.keys().next().value!);
    remembered.set(word, proper);
    return proper;
  };
}

function isProperName(word: string, lexical: LexicalIndex, chunks: readonly Chunk[]): boolean {
  const terms = analyze(word);
  const letters = stripAccents(word).toLowerCase();
  if (terms.length === 0 || !/^[a-z]/.test(letters)) return false;
  const escaped = (letter: string) => (/[a-z]/.test(letter) ? letter : `\\${letter}`);
  const rest = [...letters.slice(1)].map((letter) => (/[a-z]/.test(letter) ? `[${letter}${letter.toUpperCase()}]` : `\\${letter}`)).join('');
  const capitalised = new RegExp(`(?:[a-z,]\\s+|\\b[dl]['’])${letters[0]!.toUpperCase()}${rest}(?![a-zA-Z])`);
  const lowerCase = new RegExp(`(?<![a-zA-Z])${[...letters].map(escaped).join('')}(?![a-zA-Z])`);
  let read = 0;
  let lowerCaseSeen = false;
  let capitalisedSeen = false;
  lexical.someDocumentWithAll(terms, (position) => {
    const chunk = chunks[position];
    if (!chunk) return false;
    const text = stripAccents(chunk.text).replace(ADDRESS, ' ');
    if (lowerCase.test(text)) lowerCaseSeen = true;
    else if (capitalised.test(text)) capitalisedSeen = true;
    read += 1;
    return lowerCaseSeen || read >= PASSAGES_READ;
  });
  return capitalisedSeen && !lowerCaseSeen;
}
