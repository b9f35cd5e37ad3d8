/**
 * Text folding shared by indexing, querying and scoring: users type without accents, PDFs
 * carry typographic apostrophes, and both must meet on the same characters.
 */

const APOSTROPHES = /[\u2018\u2019\u201B\u02BC\u02B9\u0060\u00B4\u2032]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const QUOTES = /[\u00AB\u00BB\u201C\u201D\u201E\u201F]/g;
const SPACES = /[\s\u00A0\u202F\u2007\u2009]+/g;

/** Unifies apostrophes, dashes, quotes and spaces, keeping case and accents. */
export function unifyPunctuation(text: string): string {
  return text.replace(APOSTROPHES, "'").replace(DASHES, '-').replace(QUOTES, '"').replace(SPACES, ' ');
}

/** Removes diacritics and ligatures: « Œuvre éducative » → « OEuvre educative ». */
export function stripAccents(text: string): string {
  return (
    text
      .replace(/œ/g, 'oe')
      .replace(/Œ/g, 'OE')
      .replace(/æ/g, 'ae')
      .replace(/Æ/g, 'AE')
      // « km² » is typed « km2 »: superscript digits are digits.
      .replace(/²/g, '2')
      .replace(/³/g, '3')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
  );
}

/** Case-, accent-, apostrophe- and whitespace-insensitive form, for comparisons. */
export function foldText(text: string): string {
  return stripAccents(unifyPunctuation(text)).toLowerCase().trim();
}
