/** Loads PDFs with pdf-parse v2: one SourceLine per extracted line, each with its page. */
import { PDFParse } from 'pdf-parse';
import { LoadError, type SourceDocument, type SourceLine } from '../../core/types.js';
import { trimBlankEdges } from './lines.js';
import { REASONS } from './reasons.js';

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

export async function loadPdf(data: Uint8Array, file: string): Promise<SourceDocument> {
  // pdf.js may detach the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    let pages: Array<{ num: number; text: string }>;
    let pageCount: number;
    try {
      // `pages`, never the joined `text`: the latter carries « -- 1 of 5 -- » page markers.
      const result = await parser.getText();
      pages = result.pages;
      pageCount = result.total;
    } catch (error) {
      if (errorName(error) === 'PasswordException') throw new LoadError(file, REASONS.pdfPassword);
      throw new LoadError(file, REASONS.pdfCorrupt);
    }

    const lines: SourceLine[] = [];
    for (const page of [...pages].sort((a, b) => a.num - b.num)) {
      // Trailing spaces are layout leftovers; blank lines at a page's edges carry nothing.
      const texts = trimBlankEdges(page.text.split(/\r\n?|\n/).map((text) => text.trimEnd()));
      for (const text of texts) lines.push({ text, line: lines.length + 1, page: page.num });
    }
    if (lines.every((line) => line.text.trim() === '')) throw new LoadError(file, REASONS.pdfNoText);

    return { file, format: 'pdf', lines, pageCount, embeddedTitle: await readTitle(parser) };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** The info dictionary's Title, if any: optional metadata, so a failure here is not fatal. */
async function readTitle(parser: PDFParse): Promise<string | undefined> {
  try {
    const info = await parser.getInfo();
    const title: unknown = info.info?.Title;
    return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}
