/**
 * Properties every answer of `ask` must have, checked against the index itself rather than
 * against expected wording: limits, [n] ↔ citation agreement, quotes found in the cited chunk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Chunk, DocumentMeta } from '../../src/core/types.js';
import type { Answer, Citation } from '../../src/core/answer.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface IndexView {
  chunks: Chunk[];
  documents: DocumentMeta[];
}

/** Whitespace, bold markers and typographic variants folded, so a shortened quote can be found. */
export function flat(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\s\u00A0\u202F]+/g, ' ')
    .trim();
}

/** Numbers of the [n] markers in order of appearance. */
export function markersOf(text: string): number[] {
  return [...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
}

export function chunkById(view: IndexView, id: string): Chunk {
  const chunk = view.chunks.find((candidate) => candidate.id === id);
  expect(chunk, `citation points to an unknown chunk ${id}`).toBeDefined();
  return chunk!;
}

/** The label a span should carry, computed independently of src/answer/citations.ts. */
export function expectedSpanLabel(span: Citation['span']): string {
  if (span.pageStart !== undefined) {
    const end = span.pageEnd ?? span.pageStart;
    return end === span.pageStart ? `p. ${span.pageStart}` : `p. ${span.pageStart}-${end}`;
  }
  return span.lineEnd === span.lineStart ? `l. ${span.lineStart}` : `l. ${span.lineStart}-${span.lineEnd}`;
}

export function expectQuoteInChunk(citation: Citation, chunk: Chunk): void {
  // A long quote is cut and ends with « … »: the part before it must be verbatim.
  const quote = flat(citation.quote).replace(/\s*…$/, '');
  expect(quote.length, `empty quote in [${citation.n}]`).toBeGreaterThan(0);
  expect(flat(chunk.text), `quote of [${citation.n}] not found in ${chunk.id}`).toContain(quote);
}

/** Every invariant of the Answer contract (src/answer/types.ts). */
export function expectWellFormed(answer: Answer, view: IndexView): void {
  expect(answer.text.length).toBeLessThanOrEqual(1_500);
  expect(answer.text.trim().length).toBeGreaterThan(0);
  expect(answer.citations.length).toBeLessThanOrEqual(5);
  expect(answer.citations.map((citation) => citation.n)).toEqual(answer.citations.map((_, index) => index + 1));

  const markers = markersOf(answer.text);
  const firstUse = [...new Set(markers)];
  // Numbered by first use: the first time each [n] appears, n goes 1, 2, 3…
  expect(firstUse).toEqual(answer.citations.map((citation) => citation.n));

  const titles = new Map(view.documents.map((document) => [document.file, document.short_title]));
  for (const citation of answer.citations) {
    const chunk = chunkById(view, citation.chunkId);
    expect(citation.file).toBe(chunk.file);
    // A citation names the section shown (a node of the outline) holding the cited passage.
    expect(chunk.breadcrumb.slice(0, citation.breadcrumb.length)).toEqual(citation.breadcrumb);
    expect(citation.span.lineStart).toBeLessThanOrEqual(chunk.lineStart);
    expect(citation.span.lineEnd).toBeGreaterThanOrEqual(chunk.lineEnd);
    expect(citation.spanLabel).toBe(expectedSpanLabel(citation.span));
    expect(citation.docTitle).toBe(titles.get(chunk.file) ?? chunk.file);
    expect(citation.quote.length).toBeLessThanOrEqual(400);
    expectQuoteInChunk(citation, chunk);
  }
}

/** Lines of a corpus file, read here so tests compare with the source, not with a copy. */
export function corpusLines(file: string): string[] {
  return readFileSync(path.join(repoRoot, 'corpus', file), 'utf8').split('\n');
}

/**
 * Bullet items of the block `label` (« ACTEURS À MOBILISER ») of « Objectif #n » in Annexe 2 of
 * the CABBALR contract: from the label to the next capitalised label line.
 */
export function objectiveBlockItems(objective: number, label: string): string[] {
  const lines = corpusLines('cabbalr-contrat-de-ville-2024-2030.txt');
  // The detailed annex is the second place where « Objectif #n : » opens a line on its own.
  const starts = lines.flatMap((line, index) => (line.trim() === `Objectif #${objective} :` ? [index] : []));
  expect(starts.length, `Objectif #${objective} block not found`).toBeGreaterThan(0);
  const start = starts[starts.length - 1]!;
  const labelAt = lines.findIndex((line, index) => index > start && line.trim() === label);
  expect(labelAt, `${label} not found after Objectif #${objective}`).toBeGreaterThan(start);
  const items: string[] = [];
  for (const line of lines.slice(labelAt + 1)) {
    const text = line.trim();
    if (/^[A-ZÀ-Ý' ]{8,}$/.test(text) || /^(ENJEU|Objectif) #/.test(text)) break; // next label (PISTES D'ACTION…)
    if (text.startsWith('- ') && !/^-\s*\.{3}$/.test(text)) items.push(text.slice(2).trim());
  }
  return items;
}
