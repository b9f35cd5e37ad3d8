/** Loads .txt and .md files: UTF-8 text, one SourceLine per line. */
import { LoadError, type SourceDocument, type SourceLine } from '../../core/types.js';
import { numberLines } from './lines.js';
import { REASONS } from './reasons.js';

const SNIFF_BYTES = 8 * 1024;
/** Share of suspicious characters above which a sample is binary, not text with a few odd bytes. */
const BINARY_RATIO = 0.1;

/**
 * True when the first 8 KB look binary: any NUL byte (never in text), or many control
 * characters once decoded the way loadText will decode them (UTF-8, else Windows-1252).
 * Judging the decoded sample, not raw invalid UTF-8, keeps a short Latin-1 note readable,
 * while a renamed PDF, image or archive still shows its control bytes.
 */
export function looksBinary(data: Uint8Array): boolean {
  const sample = data.subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) return true;
  let decoded: string;
  try {
    // `stream: true`: a character cut by the 8 KB boundary is not an encoding error.
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    decoded = new TextDecoder('windows-1252').decode(sample);
  }
  if (decoded.length === 0) return false;
  let suspicious = 0;
  for (const char of decoded) {
    const code = char.codePointAt(0)!;
    // Tab, LF, FF, CR are ordinary in text; other C0 controls, DEL, C1 controls (bytes that
    // Windows-1252 leaves undefined) and U+FFFD are not.
    const isC0 = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
    if (isC0 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) suspicious++;
  }
  return suspicious / decoded.length > BINARY_RATIO;
}

/**
 * A file is read as UTF-8 (invalid bytes replaced by U+FFFD) when at least this many valid
 * non-ASCII UTF-8 characters stand for each invalid sequence: one stray byte in an accented UTF-8
 * file must not turn every « É » into « Ã‰ ». Below it, the file is not UTF-8 at all.
 */
const MIN_VALID_PER_INVALID = 1;

export interface DecodedText {
  text: string;
  /** A French note when the bytes were not clean UTF-8. */
  warning?: string;
}

function count(text: string, char: string): number {
  let found = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) found += 1;
  return found;
}

/** How many times the UTF-8 encoding of U+FFFD (EF BF BD) is written in the bytes themselves. */
function literalReplacementChars(data: Uint8Array): number {
  let found = 0;
  for (let index = 0; index + 2 < data.length; index += 1) if (data[index] === 0xef && data[index + 1] === 0xbf && data[index + 2] === 0xbd) found += 1;
  return found;
}

/**
 * Decodes UTF-8 (BOM removed). Mostly-UTF-8 bytes with a few invalid sequences stay UTF-8, the
 * invalid ones shown as U+FFFD and reported; a file with no (or hardly any) valid multi-byte
 * UTF-8 is a Windows export in CP1252, decoded that way to keep its accents, and said so.
 */
export function decodeTextReport(data: Uint8Array): DecodedText {
  const utf8 = new TextDecoder('utf-8').decode(data);
  const literal = literalReplacementChars(data);
  const invalid = count(utf8, '\uFFFD') - literal;
  if (invalid <= 0) return { text: utf8 };
  let valid = literal;
  for (const char of utf8) if (char.codePointAt(0)! > 0x7f && char !== '\uFFFD') valid += 1;
  if (valid > 0 && valid >= invalid * MIN_VALID_PER_INVALID) {
    const at = firstInvalidUtf8(data);
    let line = 1;
    for (let index = 0; index < at; index += 1) if (data[index] === 0x0a) line += 1;
    const bytes = invalid === 1 ? '1 octet invalide remplacé' : `${invalid} séquences d'octets invalides remplacées`;
    return { text: utf8, warning: `lu en UTF-8 : ${bytes} par « \uFFFD » (première à la ligne ${line})` };
  }
  const cp1252 = new TextDecoder('windows-1252').decode(data);
  return {
    text: cp1252,
    warning:
      valid > 0 ? `lu en Windows-1252 : trop d'octets invalides pour de l'UTF-8 (${invalid}), ${valid} caractère(s) UTF-8 peuvent être mal lus` : 'lu en Windows-1252 (ce fichier n’est pas en UTF-8)',
  };
}

/** Byte offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(data: Uint8Array): number {
  for (let index = 0; index < data.length; ) {
    const byte = data[index]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > data.length) return index;
    for (let next = 1; next < length; next += 1) if ((data[index + next]! & 0xc0) !== 0x80) return index;
    // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
    const second = data[index + 1] ?? 0;
    if ((byte === 0xe0 && second < 0xa0) || (byte === 0xed && second > 0x9f) || (byte === 0xf0 && second < 0x90) || (byte === 0xf4 && second > 0x8f)) return index;
    index += length;
  }
  return -1;
}

/** Decoded text only (see decodeTextReport). */
export function decodeText(data: Uint8Array): string {
  return decodeTextReport(data).text;
}

export function loadText(data: Uint8Array, file: string, format: 'txt' | 'md'): SourceDocument {
  if (looksBinary(data)) throw new LoadError(file, REASONS.binaryText);
  const decoded = decodeTextReport(data);
  const text = decoded.text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new LoadError(file, REASONS.empty);
  // Lines keep their number in the file whatever is dropped or merged below: citations point there.
  const numbered = numberLines(text.split('\n'));
  // Markdown tables are tables: their rows become TAB-separated cells, as in every other format,
  // and their rule lines (« |---|---| ») go without leaving a blank that would split the table.
  const tabled = format === 'md' ? numbered.filter((line) => !PIPE_RULE.test(line.text)).map((line) => ({ ...line, text: pipeRowToCells(line.text) })) : numbered;
  const lines = gridTableRows(tabled).map((line) => ({ ...line, text: withoutInlineHtml(line.text) }));
  // A final newline ends the last line; it does not open an empty one.
  if (lines.length > 1 && lines[lines.length - 1]!.text === '') lines.pop();
  return { file, format, lines, ...(decoded.warning ? { warnings: [decoded.warning] } : {}) };
}

/** A markdown table's rule line: pipes, dashes, colons and spaces only. */
const PIPE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$/;
/** A markdown table row: « | a | b | ». */
const PIPE_ROW = /^\s*\|(.*\|.*)\|\s*$/;

/** « | État | 820 000 | » → « État<TAB>820 000 »; other lines unchanged. */
export function pipeRowToCells(line: string): string {
  const row = PIPE_ROW.exec(line);
  if (!row) return line;
  return row[1]!
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
    .join('\t');
}

/** The rule under a plain-text table's header: dashes crossed by « + » (« -----+------+---- »). */
const ASCII_GRID_RULE = /^\s*\+?[-=]{3,}(?:\+[-=]{3,})+\+?\s*$/;

/**
 * Tables drawn in plain text, as record systems and OCR exports write them (« N° | Employeur |
 * QPV » over « ----+----+---- »): the rows around such a rule that hold a « | » become TAB-separated
 * cells like every other format's tables, and the rule goes. A row whose first cell is empty and
 * that holds no figure is the wrapped end of the row above (« (centre social) » under
 * « Association Trait d'Union »): its cells continue that row's; one with figures (« | Ville |
 * 5 000 € » under « A1 | État | 10 000 € ») is a row of its own, its first cell the one above's.
 * A « | » in running text is left alone. Lines keep their numbers; merged rows the first one's.
 */
export function gridTableRows(lines: SourceLine[]): SourceLine[] {
  if (!lines.some((line) => ASCII_GRID_RULE.test(line.text))) return lines;
  const inTable = new Array<boolean>(lines.length).fill(false);
  for (let at = 0; at < lines.length; at += 1) {
    if (inTable[at] || !ASCII_GRID_RULE.test(lines[at]!.text)) continue;
    inTable[at] = true;
    for (let up = at - 1; up >= 0 && !inTable[up] && lines[up]!.text.includes('|'); up -= 1) inTable[up] = true;
    for (let down = at + 1; down < lines.length && (lines[down]!.text.includes('|') || ASCII_GRID_RULE.test(lines[down]!.text)); down += 1) inTable[down] = true;
  }
  const out: SourceLine[] = [];
  let previous: { line: SourceLine; cells: string[] } | undefined;
  const flush = () => {
    if (previous) out.push({ ...previous.line, text: previous.cells.join('\t') });
    previous = undefined;
  };
  // Whether the table's rows are framed by outer « | » (as its first row is): only then are the
  // first and last « | » borders rather than the bounds of empty cells.
  let framed = false;
  for (let at = 0; at < lines.length; at += 1) {
    const line = lines[at]!;
    if (!inTable[at]) {
      flush();
      out.push(line);
      continue;
    }
    if (at === 0 || !inTable[at - 1]) {
      let first = at;
      while (first < lines.length && ASCII_GRID_RULE.test(lines[first]!.text)) first += 1;
      framed = lines[first]?.text.trim().startsWith('|') ?? false;
    }
    if (ASCII_GRID_RULE.test(line.text)) continue;
    const inner = framed ? line.text.trim().replace(/^\|/, '').replace(/\|$/, '') : line.text;
    const cells = inner.split('|').map((cell) => cell.trim());
    if (previous && cells[0] === '' && cells.length === previous.cells.length && !cells.some((cell) => /\d/.test(cell))) {
      previous.cells = previous.cells.map((cell, column) => (cells[column] ? `${cell} ${cells[column]}`.trim() : cell));
      continue;
    }
    flush();
    previous = { line, cells };
  }
  flush();
  return out;
}

/** `gridTableRows` on lines of text (numbered 1…n). */
export function asciiGridTablesToCells(lines: string[]): string[] {
  return gridTableRows(numberLines(lines)).map((line) => line.text);
}

/** Formatting tags some PDF-to-text tools leave in the text (« <p>Représentée par …</p> »). */
const INLINE_HTML = /<\/?(?:p|ul|ol|li|i|b|u|em|strong|span|div|sup|sub|br|font)(?:\s[^<>]*)?\/?>/gi;
/** Markdown table rules (« |---|--| ») carry no text. */
const TABLE_RULE = /\|\s*:?-{3,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?/g;

/**
 * A line without the markup the extraction left in it: the words stay, tags and table rules go.
 * Lines without a tag or rule are returned unchanged (their spacing may be meaningful).
 */
export function withoutInlineHtml(line: string): string {
  if (!/[<|]/.test(line)) return line;
  const cleaned = line.replace(INLINE_HTML, ' ').replace(TABLE_RULE, ' ');
  if (cleaned === line) return line;
  return cleaned
    .replace(/[ ]{2,}/g, ' ')
    .replace(/ ?\t ?/g, '\t')
    .trim();
}
