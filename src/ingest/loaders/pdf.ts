/**
 * Loads PDFs with pdf.js (pdfjs-dist, the engine pdf-parse wraps), reading each text piece's
 * position and font so the layout plain text loses comes back: paragraphs, headings, table cells
 * (see pdf-layout.ts). One SourceLine per laid-out line, each with its page.
 */
import { LoadError, type SourceDocument, type SourceLine } from '../../core/types.js';
import { layOutPages, type TextPiece } from './pdf-layout.js';
import { REASONS } from './reasons.js';

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

interface PdfTextItem {
  str?: string;
  transform?: number[];
  width?: number;
  fontName?: string;
  hasEOL?: boolean;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsModule: Promise<PdfJs> | undefined;

/**
 * pdf.js, imported on first use (most runs never read a PDF, and it is heavy). Its Node build
 * bundles core-js, which replaces Array.prototype.push with a slower polyfill for the whole
 * process; Node's own push is correct, so it is put back.
 */
function importPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= (async () => {
    const nativePush = Array.prototype.push;
    const module = await import('pdfjs-dist/legacy/build/pdf.mjs');
    if (Array.prototype.push !== nativePush) Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
    return module;
  })();
  return pdfjsModule;
}

export async function loadPdf(data: Uint8Array, file: string): Promise<SourceDocument> {
  const pdfjs = await importPdfJs();
  // pdf.js may detach the buffer it is given: hand it a copy so the caller's bytes stay usable.
  const task = pdfjs.getDocument({ data: new Uint8Array(data), verbosity: pdfjs.VerbosityLevel.ERRORS, isEvalSupported: false });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    if (errorName(error) === 'PasswordException') throw new LoadError(file, REASONS.pdfPassword);
    throw new LoadError(file, REASONS.pdfCorrupt);
  }
  try {
    const pages: TextPiece[][] = [];
    try {
      for (let number = 1; number <= document.numPages; number += 1) {
        const page = await document.getPage(number);
        const content = await page.getTextContent();
        pages.push(
          (content.items as PdfTextItem[]).flatMap((item) => {
            if (typeof item.str !== 'string' || !item.transform) return [];
            const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
            return [{ str: item.str, x, y, width: item.width ?? 0, size: Math.hypot(a, b) || Math.abs(item.transform[3] ?? 0), font: item.fontName ?? '', eol: item.hasEOL === true }];
          }),
        );
        page.cleanup();
      }
    } catch {
      throw new LoadError(file, REASONS.pdfCorrupt);
    }
    const lines: SourceLine[] = layOutPages(pages).map((laid, index) => ({ text: laid.text, line: index + 1, page: laid.page }));
    if (lines.every((line) => line.text.trim() === '')) throw new LoadError(file, REASONS.pdfNoText);
    return { file, format: 'pdf', lines, pageCount: document.numPages, embeddedTitle: await readTitle(document) };
  } finally {
    await document.destroy().catch(() => undefined);
  }
}

/** The info dictionary's Title, if any: optional metadata, so a failure here is not fatal. */
async function readTitle(document: { getMetadata(): Promise<{ info: unknown }> }): Promise<string | undefined> {
  try {
    const { info } = await document.getMetadata();
    const title: unknown = typeof info === 'object' && info !== null && 'Title' in info ? info.Title : undefined;
    return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}
