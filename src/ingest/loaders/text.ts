/** Loads .txt and .md files: UTF-8 text, one SourceLine per line. */
import { LoadError, type SourceDocument } from '../../core/types.js';
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
 * Decodes UTF-8 (BOM removed). A file that is not valid UTF-8 but not binary either is almost
 * always a Windows export in CP1252: decoding it that way keeps the accents instead of U+FFFD.
 */
export function decodeText(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1252').decode(data);
  }
}

export function loadText(data: Uint8Array, file: string, format: 'txt' | 'md'): SourceDocument {
  if (looksBinary(data)) throw new LoadError(file, REASONS.binaryText);
  const text = decodeText(data).replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new LoadError(file, REASONS.empty);
  const texts = text.split('\n').map(withoutInlineHtml);
  // A final newline ends the last line; it does not open an empty one.
  if (texts.length > 1 && texts[texts.length - 1] === '') texts.pop();
  return { file, format, lines: numberLines(texts) };
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
