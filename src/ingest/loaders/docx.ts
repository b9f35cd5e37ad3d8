/** Loads .docx with mammoth: HTML first, then the corpus's markdown-like lines. */
import mammoth from 'mammoth';
import { LoadError, type SourceDocument } from '../../core/types.js';
import { decodeEntities, htmlToLines } from './html-lines.js';
import { numberLines } from './lines.js';
import { REASONS } from './reasons.js';
import { readZipEntry } from './zip.js';

export async function loadDocx(data: Uint8Array, file: string): Promise<SourceDocument> {
  let html: string;
  try {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // Images would become huge data URIs that we only throw away: keep them out.
    html = (await mammoth.convertToHtml({ buffer }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) })).value;
  } catch {
    // Not a zip, or a zip without word/document.xml, or broken XML inside.
    throw new LoadError(file, REASONS.docxCorrupt);
  }
  const lines = htmlToLines(html);
  if (lines.every((line) => line.trim() === '')) throw new LoadError(file, REASONS.docxNoText);
  return { file, format: 'docx', lines: numberLines(lines), embeddedTitle: readCoreTitle(data) };
}

/** `dc:title` of docProps/core.xml (File › Properties › Title in Word), if set. */
export function readCoreTitle(data: Uint8Array): string | undefined {
  const core = readZipEntry(data, 'docProps/core.xml')?.toString('utf8');
  const match = core ? /<dc:title(?:\s[^>]*)?>([\s\S]*?)<\/dc:title>/.exec(core) : null;
  const title = match ? decodeEntities(match[1]!).trim() : '';
  return title === '' ? undefined : title;
}
