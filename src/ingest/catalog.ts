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

export interface Catalog {
  entries: Map<string, DocumentMeta>;
  /** French notes on what was ignored (the whole file or one entry), for the ingest report. */
  warnings: string[];
}

/** Line and column of a character offset, for a hand-edited file. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `ligne ${line}, colonne ${offset - before.lastIndexOf('\n')}`;
}

/** Where JSON.parse stopped, in French: « ligne 2, colonne 14 » or « fin du fichier atteinte trop tôt ». */
function whereJsonBroke(raw: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message);
  if (position) return lineAndColumn(raw, Number(position[1]));
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `ligne ${lineColumn[1]}, colonne ${lineColumn[2]}`;
  if (/end of (JSON )?input/i.test(message)) return `${lineAndColumn(raw, raw.trimEnd().length)} : le fichier s’arrête trop tôt`;
  return 'contenu inattendu';
}

/** A French sentence for the first problem zod found in an entry. */
function describeIssue(issue: z.ZodIssue | undefined): string {
  if (!issue) return 'entrée invalide';
  const field = issue.path.join('.');
  if (issue.code === 'invalid_type') {
    if (issue.received === 'undefined') return `champ « ${field} » manquant`;
    const expected = issue.expected === 'string' ? 'texte attendu' : issue.expected === 'object' ? 'objet attendu' : `type attendu : ${issue.expected}`;
    return field ? `champ « ${field} » : ${expected}` : expected;
  }
  return field ? `champ « ${field} » invalide` : 'entrée invalide';
}

/**
 * Reads corpus/catalog.json. It is edited by hand, so it never stops an ingest: a file that
 * cannot be read or parsed is ignored as a whole, a bad entry alone; each is reported in French
 * and the documents concerned get metadata derived from the files themselves.
 */
export async function readCatalog(corpusDir: string): Promise<Catalog> {
  const entries = new Map<string, DocumentMeta>();
  const warnings: string[] = [];
  let raw: string;
  try {
    raw = await readFile(path.join(corpusDir, CATALOG_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries, warnings };
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'c’est un dossier' : code === 'EACCES' || code === 'EPERM' ? 'accès refusé' : 'erreur de lecture';
    return { entries, warnings: [`catalogue ignoré : illisible (${why})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { entries, warnings: [`catalogue ignoré : JSON mal formé (${whereJsonBroke(raw, error)})`] };
  }
  // `{ "documents": [...] }`, or the bare list people write by hand.
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { documents?: unknown }).documents) ? (json as { documents: unknown[] }).documents : undefined;
  if (!list) return { entries, warnings: ['catalogue ignoré : une liste « documents » est attendue'] };
  list.forEach((candidate, index) => {
    const parsed = catalogEntrySchema.safeParse(candidate);
    if (!parsed.success) {
      const file = candidate && typeof candidate === 'object' && typeof (candidate as { file?: unknown }).file === 'string' ? ` (« ${(candidate as { file: string }).file} »)` : '';
      warnings.push(`entrée ${index + 1}${file} ignorée : ${describeIssue(parsed.error.issues[0])}`);
      return;
    }
    const entry = parsed.data;
    entries.set(entry.file, {
      file: entry.file,
      title: entry.title,
      short_title: entry.short_title ?? entry.title,
      issuer: entry.issuer ?? null,
      territory: entry.territory ?? null,
      kind: entry.kind ?? null,
      date: entry.date ?? null,
    });
  });
  return { entries, warnings };
}

/** Metadata for a file absent from the catalogue: its embedded title, else its file name. */
export function deriveMeta(document: SourceDocument): DocumentMeta {
  const fromName = path.basename(document.file, path.extname(document.file)).replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  const title = document.embeddedTitle?.trim() || fromName;
  const year = /\b(19|20)\d{2}\b/.exec(document.file)?.[0] ?? null;
  return { file: document.file, title, short_title: title.length > 80 ? `${title.slice(0, 77)}…` : title, issuer: null, territory: null, kind: null, date: year };
}
