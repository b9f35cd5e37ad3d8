/**
 * Document metadata: from corpus/catalog.json when the file is listed there, otherwise derived
 * from the file itself, so a PDF dropped into the corpus is still cited by a readable title.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { DocumentMeta, SourceDocument } from '../core/types.js';

export const CATALOG_FILE = 'catalog.json';

const catalogEntrySchema = z.object({
  file: z.string(),
  title: z.string(),
  short_title: z.string().optional(),
  issuer: z.string().nullable().optional(),
  territory: z.string().nullable().optional(),
  kind: z.string().nullable().optional(),
  date: z.string().nullable().optional(),
});

// `{ "documents": [...] }`, or the bare list people write by hand.
const catalogSchema = z.union([z.object({ documents: z.array(catalogEntrySchema) }), z.array(catalogEntrySchema).transform((documents) => ({ documents }))]);

export async function readCatalog(corpusDir: string): Promise<Map<string, DocumentMeta>> {
  let raw: string;
  try {
    raw = await readFile(path.join(corpusDir, CATALOG_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    // The catalogue is edited by hand: say which file is broken, in French, not a bare SyntaxError.
    throw new Error(`${CATALOG_FILE} invalide : JSON mal formé (${(error as Error).message})`);
  }
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${CATALOG_FILE} invalide : ${parsed.error.issues[0]?.message ?? 'format inattendu'}`);
  return new Map(
    parsed.data.documents.map((entry) => [
      entry.file,
      {
        file: entry.file,
        title: entry.title,
        short_title: entry.short_title ?? entry.title,
        issuer: entry.issuer ?? null,
        territory: entry.territory ?? null,
        kind: entry.kind ?? null,
        date: entry.date ?? null,
      },
    ]),
  );
}

/** Metadata for a file absent from the catalogue: its embedded title, else its file name. */
export function deriveMeta(document: SourceDocument): DocumentMeta {
  const fromName = path.basename(document.file, path.extname(document.file)).replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  const title = document.embeddedTitle?.trim() || fromName;
  const year = /\b(19|20)\d{2}\b/.exec(document.file)?.[0] ?? null;
  return { file: document.file, title, short_title: title.length > 80 ? `${title.slice(0, 77)}…` : title, issuer: null, territory: null, kind: null, date: year };
}
