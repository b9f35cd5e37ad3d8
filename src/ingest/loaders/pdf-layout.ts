/**
 * Reads the layout a PDF's text layer keeps and plain text loses: paragraph breaks (a vertical gap
 * wider than the body's line spacing), headings (lines set larger than the body, or entirely in
 * another font, such as bold), headings wrapped over several lines, and table cells (a horizontal
 * gap far wider than a space). The result follows the convention every loader produces: headings
 * as `#` lines, a blank line between blocks, table cells joined by a TAB.
 */
import { whollyInBrackets } from '../headings.js';

/** One positioned piece of text, as pdf.js reports it (coordinates in points, y upwards). */
export interface TextPiece {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
  font: string;
  /** The piece ends its line. */
  eol: boolean;
}

interface PhysicalLine {
  page: number;
  pieces: TextPiece[];
  text: string;
  y: number;
  size: number;
  /** Font and size that cover most of the line's characters. */
  style: string;
  chars: number;
}

export interface LaidOutLine {
  text: string;
  page: number;
}

/** A gap wider than this many font sizes between two pieces of one line separates table cells. */
const CELL_GAP_EMS = 1.2;
/** A vertical step wider than this many body line spacings is a paragraph break. */
const PARAGRAPH_GAP = 1.3;
/** Steps between consecutive lines of one style needed to trust that style's own line spacing. */
const MIN_STYLE_STEPS = 4;
/** A line set this much larger than the body is a heading. */
const HEADING_SIZE_RATIO = 1.1;
/** Headings are short. */
const MAX_HEADING_CHARS = 160;
/** A heading's wrapped lines step by at most this many of its font sizes. */
const WRAPPED_HEADING_STEP = 1.6;
/** Heading levels beyond this are folded into the last one. */
const MAX_LEVEL = 4;

function styleOf(piece: TextPiece): string {
  return `${piece.font}@${Math.round(piece.size * 2) / 2}`;
}

function sizeOfStyle(style: string): number {
  return Number(style.slice(style.lastIndexOf('@') + 1));
}

function fontOfStyle(style: string): string {
  return style.slice(0, style.lastIndexOf('@'));
}

/** Splits a page's pieces into physical lines: at an end-of-line mark or a change of baseline. */
function physicalLines(pieces: TextPiece[], page: number): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let current: TextPiece[] = [];
  const flush = () => {
    const visible = current.filter((piece) => piece.str.trim() !== '');
    if (visible.length > 0) {
      const chars = new Map<string, number>();
      for (const piece of visible) chars.set(styleOf(piece), (chars.get(styleOf(piece)) ?? 0) + piece.str.trim().length);
      const style = [...chars].sort((a, b) => b[1] - a[1])[0]![0];
      lines.push({
        page,
        pieces: visible,
        text: joinPieces(current),
        y: visible[0]!.y,
        size: Math.max(...visible.map((piece) => piece.size)),
        style,
        chars: [...chars.values()].reduce((sum, count) => sum + count, 0),
      });
    }
    current = [];
  };
  for (const piece of pieces) {
    const previous = [...current].reverse().find((one) => one.str.trim() !== '');
    if (previous && piece.str.trim() !== '' && Math.abs(piece.y - previous.y) > Math.max(previous.size, piece.size) * 0.5) flush();
    current.push(piece);
    if (piece.eol) flush();
  }
  flush();
  return lines;
}

/** Joins a line's pieces; a wide horizontal gap between two pieces is a table cell boundary. */
function joinPieces(pieces: TextPiece[]): string {
  let text = '';
  let end: number | undefined;
  for (const piece of pieces) {
    if (piece.str === '') continue;
    if (end !== undefined && piece.str.trim() !== '' && piece.x - end > CELL_GAP_EMS * piece.size && text.trim() !== '') {
      text = `${text.trimEnd()}\t`;
    }
    text += piece.str;
    if (piece.str.trim() !== '') end = piece.x + piece.width;
  }
  return text.replace(/[ \u00a0]+/g, ' ').trim();
}

/**
 * The usual step between two lines of a paragraph: a low quantile of the steps, since paragraph
 * breaks are rarer than line breaks but can be as frequent in a short document.
 */
function lineSpacing(steps: number[]): number | undefined {
  if (steps.length === 0) return undefined;
  const sorted = [...steps].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) * 0.4)];
}

/**
 * Lays out a document's pages. `pages[i]` holds the pieces of page i + 1 in reading order.
 * Documents set in one style (no heading stands out) still get their paragraph breaks.
 */
export function layOutPages(pages: TextPiece[][]): LaidOutLine[] {
  const lines = pages.flatMap((pieces, index) => physicalLines(pieces, index + 1));
  if (lines.length === 0) return [];

  // The body is the style most characters are set in; its line spacing is the usual step
  // between two consecutive body lines of a page.
  // Table cells (a line holding a cell boundary) are left out when there is running text: a
  // document of small-print tables would otherwise take its prose, set larger, for headings.
  const charsByStyle = new Map<string, number>();
  const running = lines.filter((line) => !line.text.includes('\t'));
  for (const line of running.length > 0 ? running : lines) charsByStyle.set(line.style, (charsByStyle.get(line.style) ?? 0) + line.chars);
  const body = [...charsByStyle].sort((a, b) => b[1] - a[1])[0]![0];
  const bodySize = sizeOfStyle(body);
  const steps: number[] = [];
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    if (previous && previous.page === line.page && previous.style === body && line.style === body) {
      const step = previous.y - line.y;
      if (step > 0 && step < bodySize * 3) steps.push(step);
    }
  });
  const spacing = lineSpacing(steps) ?? bodySize * 1.2;
  // A style set larger than the body (prose beside small-print tables) has a wider line spacing
  // of its own: measured against the body's, every one of its lines would be a paragraph.
  const stepsByStyle = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    if (!previous || previous.page !== line.page || previous.style !== line.style || line.style === body) return;
    const step = previous.y - line.y;
    if (step > 0 && step < line.size * 3) stepsByStyle.set(line.style, [...(stepsByStyle.get(line.style) ?? []), step]);
  });
  const spacingOf = (previous: PhysicalLine, line: PhysicalLine): number => {
    if (previous.style !== line.style || line.style === body || line.size <= bodySize) return spacing;
    const own = stepsByStyle.get(line.style) ?? [];
    return own.length >= MIN_STYLE_STEPS ? Math.max(spacing, lineSpacing(own)!) : spacing;
  };

  // A heading is short, not a sentence's end, and set larger than the body or wholly in another font.
  const headingStyle = (line: PhysicalLine): boolean => {
    if (line.text.length > MAX_HEADING_CHARS || line.text.includes('\t') || /[,;]$/.test(line.text) || !/\p{L}{2}/u.test(line.text)) return false;
    if (/^[-–—•▪◦*]\s/.test(line.text)) return false;
    // A French heading starts with a capital or a number: a line starting in lower case carries on
    // the previous one (a wrapped list item set larger than the tables that make up the body).
    if (/^\p{Ll}/u.test(line.text)) return false;
    // A line wholly in brackets qualifies the one above (« la Communauté d'agglomération / (CAAS) »).
    if (whollyInBrackets(line.text)) return false;
    const larger = line.size >= bodySize * HEADING_SIZE_RATIO;
    const otherFont = line.pieces.every((piece) => piece.str.trim() === '' || fontOfStyle(styleOf(piece)) !== fontOfStyle(body));
    return larger || (otherFont && line.size >= bodySize * 0.95 && !/[.!?]$/.test(line.text));
  };
  // Levels: larger sizes first; at one size, a heading in another font comes after.
  const headingKeys = [...new Set(lines.filter(headingStyle).map((line) => `${(1000 - Math.round(line.size * 2) / 2).toFixed(1)}|${line.style}`))].sort();
  const levelOf = (line: PhysicalLine) => Math.min(MAX_LEVEL, headingKeys.indexOf(`${(1000 - Math.round(line.size * 2) / 2).toFixed(1)}|${line.style}`) + 1);

  const out: LaidOutLine[] = [];
  const blank = (page: number) => {
    if (out.length > 0 && out[out.length - 1]!.text !== '') out.push({ text: '', page });
  };
  let previous: PhysicalLine | undefined;
  let previousHeading = false;
  for (const line of lines) {
    const step = previous && previous.page === line.page ? previous.y - line.y : undefined;
    const paragraphBreak = step !== undefined && previous !== undefined && step > spacingOf(previous, line) * PARAGRAPH_GAP;
    // A heading wrapped over two lines (same style, stepping by about its own size, which is
    // larger than the body's spacing) is one heading.
    if (previousHeading && previous && previous.style === line.style && step !== undefined && step > 0 && step <= line.size * WRAPPED_HEADING_STEP && line.text.length <= MAX_HEADING_CHARS) {
      const last = out[out.length - 1]!;
      // « Clos-\nFontanille »: a line ending on a hyphen continues the same word.
      last.text = /\p{L}-$/u.test(last.text) ? `${last.text}${line.text}` : `${last.text} ${line.text}`;
      previous = line;
      continue;
    }
    const heading = headingStyle(line) && headingKeys.length <= MAX_LEVEL * 2;
    if (paragraphBreak) {
      // Several empty lines' worth of space are kept as blank lines, as a text file would show them.
      const blanks = Math.max(1, Math.round(step / spacingOf(previous!, line)) - 1);
      for (let count = 0; count < blanks; count += 1) out.push({ text: '', page: line.page });
    }
    if (heading) {
      blank(line.page);
      out.push({ text: `${'#'.repeat(levelOf(line))} ${line.text}`, page: line.page });
    } else {
      if (previousHeading) blank(line.page);
      out.push({ text: line.text, page: line.page });
    }
    previous = line;
    previousHeading = heading;
  }
  return out;
}
