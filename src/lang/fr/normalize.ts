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

/** `foldText` as the regular expressions and `normalize` define it; `foldText` is the same, faster. */
export function foldTextByPatterns(text: string): string {
  return stripAccents(unifyPunctuation(text)).toLowerCase().trim();
}

/**
 * What `foldText` does with each UTF-16 code unit on its own, worked out by `foldTextByPatterns`
 * on first sight: `UNKNOWN`, `WHITESPACE` (a run of them is one space), `UNSAFE` (a code unit the
 * per-character table cannot fold: the whole text goes through the patterns), or 1 + the index of
 * its folded form in `FOLDED_FORMS`.
 */
const UNKNOWN = 0;
const WHITESPACE = 1;
const UNSAFE = 2;
const FOLD_KIND = new Uint32Array(0x10000);
const FOLDED_FORMS: Uint16Array[] = [];
/** The folded form of a code unit known to fold to one code unit (not white space), or 0 (`FOLD_KIND` says). */
const FOLD_SINGLE = new Uint16Array(0x10000);
const IS_WHITESPACE = /^[\s\u00A0\u202F\u2007\u2009]$/;

/**
 * Code units folded one at a time exactly as within a text: none is a combining mark (which NFD
 * may reorder with its neighbours' marks) or a Greek capital sigma (lower-cased by context), nor
 * half of a surrogate pair. Latin letters, general punctuation, currency, letterlike symbols,
 * arrows, mathematical operators, box drawing and shapes, dingbats, private use (PDF bullets) and
 * presentation ligatures.
 */
function foldsAlone(code: number): boolean {
  return (
    code < 0x300 ||
    (code >= 0x2000 && code < 0x20d0) ||
    (code >= 0x2100 && code < 0x2300) ||
    (code >= 0x2500 && code < 0x27c0) ||
    code === 0x3000 ||
    (code >= 0xe000 && code < 0xf900) ||
    (code >= 0xfb00 && code < 0xfb07) ||
    code === 0xfeff
  );
}

function foldKind(code: number): number {
  let kind = FOLD_KIND[code]!;
  if (kind !== UNKNOWN) return kind;
  const char = String.fromCharCode(code);
  if (!foldsAlone(code)) kind = UNSAFE;
  else if (IS_WHITESPACE.test(char)) kind = WHITESPACE;
  else {
    const folded = foldTextByPatterns(char);
    FOLDED_FORMS.push(Uint16Array.from(folded, (unit) => unit.charCodeAt(0)));
    if (folded.length === 1) FOLD_SINGLE[code] = folded.charCodeAt(0);
    // Past WHITESPACE and UNSAFE.
    kind = FOLDED_FORMS.length + 2;
  }
  FOLD_KIND[code] = kind;
  return kind;
}

let foldBuffer = new Uint16Array(1024);
const UTF16 = new TextDecoder('utf-16le');
/** Up to this many code units, a folded text is made by `String.fromCharCode`; longer ones are decoded. */
const SHORT = 256;

/**
 * Case-, accent-, apostrophe- and whitespace-insensitive form, for comparisons. One pass over the
 * text with a table per code unit (`foldTextByPatterns` ran six regular expressions and NFD over
 * every text the ingest analyses); a text with a code unit the table cannot fold alone goes
 * through the patterns. Same result either way (tested on generated texts).
 */
export function foldText(text: string): string {
  const length = text.length;
  // A code unit folds to at most a few (« œ » → « oe »): grown when needed.
  if (foldBuffer.length < length * 2 + 8) foldBuffer = new Uint16Array(length * 2 + 8);
  let buffer = foldBuffer;
  let size = 0;
  let space = false;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    // Most code units fold to one (the buffer holds two units per code unit: a space and it).
    const single = FOLD_SINGLE[code]!;
    if (single !== 0) {
      if (space && size > 0) buffer[size++] = 0x20;
      space = false;
      buffer[size++] = single;
      continue;
    }
    let kind = FOLD_KIND[code]!;
    if (kind === UNKNOWN) kind = foldKind(code);
    if (kind === WHITESPACE) {
      space = true;
      continue;
    }
    if (kind === UNSAFE) return foldTextByPatterns(text);
    // Leading spaces are trimmed; a run of them within the text is one.
    if (space && size > 0) buffer[size++] = 0x20;
    space = false;
    const form = FOLDED_FORMS[kind - 3]!;
    if (size + form.length + 1 > buffer.length) {
      const larger = new Uint16Array((size + form.length + 1) * 2);
      larger.set(buffer.subarray(0, size));
      buffer = foldBuffer = larger;
    }
    if (form.length === 1) buffer[size++] = form[0]!;
    else for (const unit of form) buffer[size++] = unit;
  }
  // Trailing spaces are trimmed. Short texts (most lines, words) are cheaper to make one by one.
  if (size <= SHORT) return String.fromCharCode.apply(null, buffer.subarray(0, size) as unknown as number[]);
  return UTF16.decode(buffer.subarray(0, size));
}
