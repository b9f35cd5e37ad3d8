/**
 * French analyzer shared by the lexical index and query parsing: folding, elisions, stop words
 * and Snowball stemming, so « l'Objectif », « objectifs » and « OBJECTIF » meet on one term.
 */
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { foldText } from './normalize.js';
import { digitsForNumberWords, ORDINALS } from './numbers.js';
import { WORD_ABBREVIATIONS } from './abbreviations.js';

/** Elided articles and pronouns (« l' », « qu' »…); « i' » because OCR reads « l' » as « I' ». */
const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'i']);

// Accent-free French stop words: function words that carry no topic.
const STOP_WORDS = new Set(
  (
    'a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y ' +
    'est sont etre ete etait etaient sera seront ont avoir avait fait faire peut peuvent doit doivent ' +
    'quel quelle quels quelles quoi comment combien ou dont lequel laquelle lesquels lesquelles ' +
    'ceci cela ca celui celle ceux celles aussi ainsi alors donc or ni car si tout tous toute toutes tres plus moins ' +
    'c koi kel kels kelle ke est-ce estce svp stp merci bonjour'
  ).split(/\s+/),
);

const stemCache = new Map<string, string>();

function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    // Numbers and short codes (« 147 », « n3 ») are kept as they are: they are references.
    stemmed = /\d/.test(word) || word.length <= 3 ? word : frenchStemmer(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Splits folded text into raw word tokens, removing elided prefixes. */
export function wordTokens(text: string): string[] {
  return tokensOfFolded(foldText(text));
}

/** `wordTokens` of a text already folded (foldText of folded text is the same text). */
function tokensOfFolded(folded: string): string[] {
  const tokens: string[] = [];
  for (const raw of folded.split(/[^a-z0-9']+/)) {
    if (raw) tokensOfRun(raw, tokens);
  }
  return tokens;
}

/** The tokens of one run of [a-z0-9'] of folded text (`tokensOfFolded` splits the text into them), added to `tokens`. */
export function tokensOfRun(raw: string, tokens: string[]): void {
  // Most words have no apostrophe: no elision to split (two arrays per word at ingest otherwise).
  if (!raw.includes("'")) pushToken(tokens, raw);
  else for (const part of splitElision(raw)) pushToken(tokens, part);
}

const HOURS = /^(\d{1,3})h(\d{2})?$/;

function pushToken(tokens: string[], part: string): void {
  // « 35h » is « 35 heures »: durations are typed glued to their unit (tried only on a word
  // starting with a digit, the regular expression's first character).
  const first = part.charCodeAt(0);
  const hours = first >= 0x30 && first <= 0x39 ? HOURS.exec(part) : null;
  if (hours) tokens.push(hours[1]!, 'heures');
  else if (part) tokens.push(WORD_ABBREVIATIONS.get(part) ?? part);
}

function splitElision(token: string): string[] {
  const pieces = token.split("'").filter(Boolean);
  if (pieces.length <= 1) return pieces;
  return pieces.filter((piece, index) => !(index < pieces.length - 1 && ELISIONS.has(piece)));
}

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

/** Index terms of a text: folded, elisions removed, stop words dropped, stemmed. */
export function analyze(text: string): string[] {
  return analyzeFolded(foldText(text));
}

/** `analyze` of a text already folded (`foldText`), for a caller that needs the folded text too. */
export function analyzeFolded(folded: string): string[] {
  const terms: string[] = [];
  // Numbers in words become digits so « vingt-six heures » meets « 26 heures ».
  for (const token of indexTokens(folded)) {
    const term = termOfToken(token);
    if (term !== undefined) terms.push(term);
  }
  return terms;
}

/** The tokens of folded text whose terms `analyzeFolded` gives (`termOfToken`), in order: `tokensOfRun` of each run of [a-z0-9'] of `indexText(folded)`. */
export function indexTokens(folded: string): string[] {
  return tokensOfFolded(indexText(folded));
}

/** Folded text as `indexTokens` splits it: numbers in words written in digits. */
export function indexText(folded: string): string {
  return digitsForNumberWords(folded);
}

/** The index term of one token of `indexTokens`, or undefined for a stop word or a lone letter. */
export function termOfToken(token: string): string | undefined {
  if (STOP_WORDS.has(token)) return undefined;
  if (token.length === 1 && !/\d/.test(token)) return undefined;
  return ORDINALS.get(token) ?? stem(token);
}

/**
 * Word-family keys: the first five letters of a long stem, marked with « ~ ». Snowball leaves
 * « publication » and « publié », « contester » and « contestation » apart; their family key
 * brings them together at a lower weight.
 */
export function familyTerms(stems: string[]): string[] {
  const families: string[] = [];
  for (const stem of stems) {
    const family = familyTermOf(stem);
    if (family !== undefined) families.push(family);
  }
  return families;
}

/** The word-family key of one stem (`familyTerms`), or undefined. */
export function familyTermOf(stem: string): string | undefined {
  return stem.length >= 6 && !/\d/.test(stem) ? `~${stem.slice(0, 5)}` : undefined;
}
