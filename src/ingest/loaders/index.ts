/**
 * Entry point of the loaders: picks the loader from the extension, enforces the size limit
 * before reading, and turns every failure into a LoadError with a French reason.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LoadError, type SourceDocument } from '../../core/types.js';
import { loadPdf } from './pdf.js';
import { REASONS, tooLargeReason, unsupportedReason } from './reasons.js';
import { loadText } from './text.js';

export { LoadError } from '../../core/types.js';
export { REASONS, formatSize } from './reasons.js';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.pdf', '.docx'] as const;
export type SupportedExtension = (typeof SUPPORTED_EXTENSIONS)[number];

export interface LoadOptions {
  /** Largest accepted file, in bytes (MAX_FILE_MB × 1024 × 1024: reasons count 1 Mo = 1024 Ko). */
  maxBytes: number;
}

/** The Word reader (mammoth) is imported when a .docx is read: most corpora have none. */
async function readDocx(data: Uint8Array, file: string): Promise<SourceDocument> {
  const { loadDocx } = await import('./docx.js');
  return loadDocx(data, file);
}

/** Lower-cased extension with its dot (`.pdf`), or '' when the name has none. */
export function fileExtension(name: string): string {
  return path.extname(name).toLowerCase();
}

/**
 * True for a file the loaders can read. Hidden files and Word's `~$…` lock files are skipped:
 * they sit next to real documents in shared folders and are never content.
 */
export function isSupportedFile(name: string): boolean {
  const base = path.basename(name);
  if (base.startsWith('.') || base.startsWith('~$')) return false;
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(fileExtension(base));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** True when the bytes hold nothing but ASCII whitespace (or nothing at all). */
function isBlank(data: Uint8Array): boolean {
  return data.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c);
}

/**
 * Reads `absolutePath` into a SourceDocument named `relativeFile` (its name in the corpus).
 * Throws LoadError(relativeFile, reason) when the file cannot be ingested.
 */
export async function loadSourceDocument(absolutePath: string, relativeFile: string, options: LoadOptions): Promise<SourceDocument> {
  const extension = fileExtension(relativeFile);
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new LoadError(relativeFile, unsupportedReason(extension, SUPPORTED_EXTENSIONS));
  }

  // Size first, from the file system: a 2 GB file must be refused without being read.
  let size: number;
  try {
    const info = await stat(absolutePath);
    if (!info.isFile()) throw new LoadError(relativeFile, REASONS.notAFile);
    size = info.size;
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError(relativeFile, errorCode(error) === 'ENOENT' ? REASONS.notFound : REASONS.unreadable);
  }
  if (size > options.maxBytes) throw new LoadError(relativeFile, tooLargeReason(size, options.maxBytes));
  if (size === 0) throw new LoadError(relativeFile, REASONS.empty);

  let data: Buffer;
  try {
    data = await readFile(absolutePath);
  } catch (error) {
    throw new LoadError(relativeFile, errorCode(error) === 'ENOENT' ? REASONS.notFound : REASONS.unreadable);
  }
  if (isBlank(data)) throw new LoadError(relativeFile, REASONS.empty);

  switch (extension as SupportedExtension) {
    case '.txt':
      return loadText(data, relativeFile, 'txt');
    case '.md':
      return loadText(data, relativeFile, 'md');
    case '.pdf':
      return loadPdf(data, relativeFile);
    case '.docx':
      return readDocx(data, relativeFile);
  }
}
