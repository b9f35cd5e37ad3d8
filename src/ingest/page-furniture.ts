/**
 * Page furniture: the running header and footer a paged document prints on every page
 * (« Contrat de ville 2024-2030 – version signée du 14 mai 2024   Page 14 / 19 »). Extraction puts
 * them between the last line of one page and the first of the next, where they cut a sentence, a
 * list or a heading off from what it continues, and they fill passages with text that answers
 * nothing. They are blanked (line numbers kept, so spans still point into the file).
 */
import type { SourceLine } from '../core/types.js';
import { foldText } from '../lang/fr/normalize.js';

/** How many lines at each end of a page may be furniture. */
const EDGE_LINES = 3;
/** Furniture recurs on at least this share of the pages, and on at least `MIN_PAGES` pages. */
const MIN_PAGE_SHARE = 0.4;
const MIN_PAGES = 3;
/** Running headers are short; a longer line is content even when it recurs. */
const MAX_FURNITURE_CHARS = 160;

/** A line's identity across pages: page numbers and dates change from page to page, words do not. */
function furnitureKey(text: string): string {
  return foldText(text).replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** The non-blank lines at the top and bottom of each page, by page. */
function pageEdges(lines: readonly SourceLine[]): Map<number, number[]> {
  const byPage = new Map<number, number[]>();
  lines.forEach((line, index) => {
    if (line.page === undefined || line.text.trim() === '') return;
    const indexes = byPage.get(line.page);
    if (indexes) indexes.push(index);
    else byPage.set(line.page, [index]);
  });
  const edges = new Map<number, number[]>();
  for (const [page, indexes] of byPage) {
    const ends = indexes.length <= 2 * EDGE_LINES ? indexes : [...indexes.slice(0, EDGE_LINES), ...indexes.slice(-EDGE_LINES)];
    edges.set(page, ends);
  }
  return edges;
}

/** A page number as running footers write it: « Page 14 / 19 », « 3 sur 7 », « - 3 - », a bare « 12 ». */
const PAGE_NUMBER = /\bpage\s*\d+|\b\d+\s*(?:\/|sur)\s*\d+\b|^\s*[-–—]?\s*\d{1,4}\s*[-–—]?\s*$/i;
/**
 * Lines that are content even when they recur at the same place on many pages: a label and its
 * value (« Pilote : la ville »), a table row (three cells or more: a running header sets its two
 * halves apart with one gap, « Conseil citoyen de Kerhuel<TAB>Séance du 7 octobre 2025 »), a
 * numbered heading (« Fiche action 3 »).
 */
const CONTENT_LIKE = /:|\t[^\t]*\t|^\s*(?:\d+[.)°-]|[IVX]+[.)-]\s)|^\s*(?:fiche|article|action|objectif|axe|titre|chapitre|annexe|partie|section)\b/i;

/**
 * Whether the lines sharing a key are furniture: the same text on every page, or a page number
 * line whose number follows the pages (« Page 14 / 19 »). A fiche opening each page (« Fiche
 * action 3 ») or a repeated table row is content.
 */
function isRunning(occurrences: { page: number; text: string }[]): boolean {
  const texts = new Set(occurrences.map(({ text }) => foldText(text).replace(/\s+/g, ' ').trim()));
  if (texts.size === 1) return !CONTENT_LIKE.test(occurrences[0]!.text);
  if (!occurrences.every(({ text }) => PAGE_NUMBER.test(foldText(text)))) return false;
  const numbers = occurrences.map(({ text }) => (text.match(/\d+/g) ?? []).map(Number));
  const width = numbers[0]!.length;
  if (numbers.some((list) => list.length !== width)) return false;
  for (let position = 0; position < width; position += 1) {
    const offsets = new Set(occurrences.map(({ page }, index) => numbers[index]![position]! - page));
    if (offsets.size !== 1) continue;
    // The other numbers (« / 19 », a date) are the same on every page.
    const others = new Set(numbers.map((list) => list.filter((_, other) => other !== position).join(' ')));
    if (others.size === 1) return true;
  }
  return false;
}

/** The lines with every running header and footer blanked; documents without pages are returned as they are. */
export function withoutPageFurniture(lines: readonly SourceLine[]): SourceLine[] {
  const edges = pageEdges(lines);
  if (edges.size < MIN_PAGES) return [...lines];
  const byKey = new Map<string, { pages: Set<number>; occurrences: { page: number; text: string; index: number }[] }>();
  for (const [page, indexes] of edges) {
    for (const index of indexes) {
      const text = lines[index]!.text;
      if (text.trim().length > MAX_FURNITURE_CHARS) continue;
      const key = furnitureKey(text);
      const entry = byKey.get(key) ?? { pages: new Set<number>(), occurrences: [] };
      byKey.set(key, entry);
      // Running headers come once per page; a second copy on one page is not a page's furniture.
      if (entry.pages.has(page)) continue;
      entry.pages.add(page);
      entry.occurrences.push({ page, text, index });
    }
  }
  const needed = Math.max(MIN_PAGES, Math.ceil(MIN_PAGE_SHARE * edges.size));
  const blanked = new Set<number>();
  for (const { occurrences } of byKey.values()) {
    if (occurrences.length >= needed && isRunning(occurrences)) for (const { index } of occurrences) blanked.add(index);
  }
  if (blanked.size === 0) return [...lines];
  return lines.map((line, index) => (blanked.has(index) ? { ...line, text: '' } : line));
}
