import type { SourceLine } from '../../core/types.js';

/** Numbers lines 1..n in document order, as every loader reports them. */
export function numberLines(texts: readonly string[], page?: number): SourceLine[] {
  return texts.map((text, index) => (page === undefined ? { text, line: index + 1 } : { text, line: index + 1, page }));
}

/** Drops blank lines at both ends, keeping the blank lines that separate blocks inside. */
export function trimBlankEdges(texts: string[]): string[] {
  let start = 0;
  let end = texts.length;
  while (start < end && texts[start]!.trim() === '') start++;
  while (end > start && texts[end - 1]!.trim() === '') end--;
  return texts.slice(start, end);
}
