/**
 * Running headers and footers of paged documents, generated: every page gets the same header and
 * a footer with its page number; body lines (some recurring on a few pages) must survive.
 */
import { describe, expect, it } from 'vitest';
import { withoutPageFurniture } from '../../src/ingest/page-furniture.js';
import type { SourceLine } from '../../src/core/types.js';

function pagedLines(pageCount: number, bodyOf: (page: number) => string[]): SourceLine[] {
  const lines: SourceLine[] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    const texts = [`Contrat de ville 2024-2030\tCommunauté d’agglomération`, '', ...bodyOf(page), '', `Version signée du 14 mai 2024\tPage ${page} / ${pageCount}`];
    for (const text of texts) lines.push({ text, line: lines.length + 1, page });
  }
  return lines;
}

describe('withoutPageFurniture', () => {
  it.each([3, 5, 12])('blanks the running header and the numbered footer of %i pages and keeps every body line', (pageCount) => {
    const body = (page: number) => [
      `${page * 3 - 1}. Partie ${page * 3 - 1}`,
      `Texte de la partie ${page * 3 - 1}, ${page * 7} logements.`,
      ...(page <= 2 ? ['Une ligne répétée sur deux pages.'] : []),
    ];
    const lines = pagedLines(pageCount, body);
    const cleaned = withoutPageFurniture(lines);
    expect(cleaned).toHaveLength(lines.length);
    expect(cleaned.map((line) => line.line)).toEqual(lines.map((line) => line.line));
    const texts = cleaned.map((line) => line.text);
    expect(texts.some((text) => text.includes('Page '))).toBe(false);
    expect(texts.some((text) => text.startsWith('Contrat de ville'))).toBe(false);
    for (let page = 1; page <= pageCount; page += 1) for (const text of body(page)) expect(texts).toContain(text);
  });

  it('leaves documents of fewer than three pages, or without pages, as they are', () => {
    const two = pagedLines(2, (page) => [`Texte ${page}.`]);
    expect(withoutPageFurniture(two)).toEqual(two);
    const unpaged = pagedLines(6, (page) => [`Texte ${page}.`]).map(({ text, line }) => ({ text, line }));
    expect(withoutPageFurniture(unpaged)).toEqual(unpaged);
  });
});

describe('headings opening several pages', () => {
  it('keeps « Article N » lines that open pages, whose numbers do not follow the page numbers', () => {
    const articles = [3, 5, 6, 9, 12];
    const lines = pagedLines(articles.length, (page) => [`Article ${articles[page - 1]}`, `Texte de l’article ${articles[page - 1]}.`]);
    const texts = withoutPageFurniture(lines).map((line) => line.text);
    for (const number of articles) expect(texts).toContain(`Article ${number}`);
    expect(texts.some((text) => text.includes('Page '))).toBe(false);
  });
});

describe('content that opens or closes every page', () => {
  it('keeps one-page fiches whose numbers follow the pages, their label lines and their table rows', () => {
    const lines = pagedLines(8, (page) => [`Fiche action n° ${page}`, `Objet de la fiche ${page * 11}.`, 'Pilote : la ville', 'Poste\tBudget\t10 000 €', 'Total\t2025\t10 000 €']);
    const texts = withoutPageFurniture(lines).map((line) => line.text);
    for (let page = 1; page <= 8; page += 1) expect(texts).toContain(`Fiche action n° ${page}`);
    expect(texts.filter((text) => text === 'Pilote : la ville')).toHaveLength(8);
    expect(texts.filter((text) => text === 'Total\t2025\t10 000 €')).toHaveLength(8);
    expect(texts.some((text) => text.includes('Page '))).toBe(false);
  });
});
