/**
 * Synthetic large corpora for the bench: the documents of a corpus replicated N times, each copy
 * renamed and lightly perturbed (numbers shifted, a few words dropped or swapped) so content
 * hashes differ and no cache or dedup can make the larger corpus cheaper than it looks. Line
 * count is kept, so the structure a parser finds stays that of the original.
 */
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const TEXT_EXTENSIONS = new Set(['.txt', '.md']);
const DOCUMENT_EXTENSIONS = new Set(['.txt', '.md', '.pdf', '.docx']);

/** Small deterministic PRNG (mulberry32): the same copy is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Perturbs one document's text for copy number `copy` (≥ 1). */
export function perturbText(text: string, copy: number): string {
  const random = seededRandom(copy * 7919 + text.length);
  const shift = (copy % 9) + 1;
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return line;
      let out = line;
      if (random() < 0.3) out = out.replace(/\b\d{1,4}\b/g, (n) => (random() < 0.5 ? String(Number(n) + shift) : n));
      const words = out.split(' ');
      if (words.length >= 6) {
        if (random() < 0.03) {
          words.splice(1 + Math.floor(random() * (words.length - 1)), 1);
          // biome-ignore lint/suspicious/noDuplicateElseIf: two independent draws, each 3 %.
        } else if (random() < 0.03) {
          const i = 1 + Math.floor(random() * (words.length - 2));
          [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
        }
        out = words.join(' ');
      }
      return out;
    })
    .join('\n');
}

export function copyName(file: string, copy: number): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}--copie-${String(copy).padStart(3, '0')}${ext}`;
}

export interface CorpusSize {
  files: number;
  bytes: number;
}

/** Size of the documents of a corpus folder (the catalogue excluded). */
export async function corpusSize(dir: string): Promise<CorpusSize> {
  let files = 0;
  let bytes = 0;
  for (const name of await readdir(dir)) {
    if (!DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase())) continue;
    files += 1;
    bytes += (await stat(path.join(dir, name))).size;
  }
  return { files, bytes };
}

interface CatalogEntry {
  file: string;
  title?: string;
  short_title?: string;
  [key: string]: unknown;
}

/**
 * Writes `copies` copies of every document of `sourceDir` into `targetDir` (copy 0 is the
 * original, unchanged) and a catalog.json describing them all. PDF and DOCX are copied as they
 * are under their new name (their bytes cannot be perturbed without re-rendering).
 */
export async function buildSyntheticCorpus(sourceDir: string, targetDir: string, copies: number): Promise<CorpusSize> {
  await mkdir(targetDir, { recursive: true });
  const names = (await readdir(sourceDir)).filter((name) => DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase())).sort();
  if (names.length === 0) throw new Error(`Aucun document dans ${sourceDir}`);
  for (const name of names) {
    const source = path.join(sourceDir, name);
    const isText = TEXT_EXTENSIONS.has(path.extname(name).toLowerCase());
    const text = isText ? await readFile(source, 'utf8') : '';
    for (let copy = 0; copy < copies; copy++) {
      const target = path.join(targetDir, copy === 0 ? name : copyName(name, copy));
      if (!isText) await copyFile(source, target);
      else await writeFile(target, copy === 0 ? text : perturbText(text, copy));
    }
  }

  const catalogPath = path.join(sourceDir, 'catalog.json');
  const catalogText = await readFile(catalogPath, 'utf8').catch(() => undefined);
  if (catalogText !== undefined) {
    const catalog = JSON.parse(catalogText) as { documents?: CatalogEntry[] };
    const documents: CatalogEntry[] = [];
    for (const entry of catalog.documents ?? []) {
      documents.push(entry);
      for (let copy = 1; copy < copies; copy++) {
        documents.push({
          ...entry,
          file: copyName(entry.file, copy),
          ...(entry.title ? { title: `${entry.title} (copie ${copy})` } : {}),
          ...(entry.short_title ? { short_title: `${entry.short_title} (copie ${copy})` } : {}),
        });
      }
    }
    await writeFile(path.join(targetDir, 'catalog.json'), `${JSON.stringify({ ...catalog, documents }, null, 2)}\n`);
  }
  return corpusSize(targetDir);
}

/** Syllables that make a copy's names its own (« Béthune » → « Béthune-Valmor »): new words, new postings. */
const NAME_SUFFIXES = ['val', 'mor', 'lin', 'cour', 'ville', 'mont', 'ria', 'bel', 'dor', 'sac', 'fen', 'tal', 'gis', 'nor', 'zac', 'pel'];

/** A word the copy renames: capitalised, 4 letters or more, not a section family. */
const NAME = /(?<![\p{L}\d])([A-ZÀ-Ý][a-zà-ÿ]{3,})(?![\p{L}\d])/gu;
const FAMILY_WORDS = new Set(['Objectif', 'Action', 'Article', 'Enjeu', 'Ambition', 'Axe', 'Annexe', 'Titre', 'Chapitre', 'Section', 'Fiche', 'Mesure', 'Orientation', 'Partie']);

/** The same name in a copy: half the names of a document get a suffix, always the same one in that copy. */
function variedName(name: string, copy: number): string {
  let hash = copy * 2_654_435_761;
  for (let i = 0; i < name.length; i += 1) hash = Math.imul(hash ^ name.charCodeAt(i), 16_777_619);
  hash >>>= 0;
  if (hash % 2 === 0 || FAMILY_WORDS.has(name)) return name;
  const suffix = NAME_SUFFIXES[(hash >>> 1) % NAME_SUFFIXES.length]! + NAME_SUFFIXES[(hash >>> 5) % NAME_SUFFIXES.length]!;
  return `${name}-${suffix[0]!.toUpperCase()}${suffix.slice(1)}`;
}

/**
 * A different document made from the corpus for copy `copy` (≥ 1): its blocks (paragraphs,
 * lists, headings between blank lines) re-cut — about a fifth dropped, runs of blocks from
 * another document of the corpus spliced in — and its names and numbers varied, each copy its
 * own way. Vocabulary grows with the copies and posting lists no longer repeat 100 times over,
 * as in a real national corpus.
 */
export function variedText(text: string, others: string[], copy: number): string {
  const random = seededRandom(copy * 104_729 + text.length);
  const blocks = (source: string) => source.split(/\n[ \t]*\n/);
  const out: string[] = [];
  for (const block of blocks(text)) {
    if (random() < 0.2) continue;
    out.push(block);
    if (others.length > 0 && random() < 0.03) {
      const other = blocks(others[Math.floor(random() * others.length)]!);
      const start = Math.floor(random() * other.length);
      out.push(...other.slice(start, start + 1 + Math.floor(random() * 8)));
    }
  }
  const shift = 1 + Math.floor(random() * 97);
  return out
    .join('\n\n')
    .replace(NAME, (name) => variedName(name, copy))
    .replace(/\b\d{1,4}\b/g, (number) => (random() < 0.5 ? String(Number(number) + shift) : number));
}

/**
 * Writes `copies` varied documents per document of `sourceDir` (copy 0 is the original): see
 * `variedText`. PDF and DOCX are copied unchanged; the catalogue's titles and territories are
 * varied like the texts.
 */
export async function buildVariedCorpus(sourceDir: string, targetDir: string, copies: number): Promise<CorpusSize> {
  await mkdir(targetDir, { recursive: true });
  const names = (await readdir(sourceDir)).filter((name) => DOCUMENT_EXTENSIONS.has(path.extname(name).toLowerCase())).sort();
  if (names.length === 0) throw new Error(`Aucun document dans ${sourceDir}`);
  const texts = new Map<string, string>();
  for (const name of names) if (TEXT_EXTENSIONS.has(path.extname(name).toLowerCase())) texts.set(name, await readFile(path.join(sourceDir, name), 'utf8'));
  for (const name of names) {
    const source = path.join(sourceDir, name);
    const text = texts.get(name);
    const others = [...texts].filter(([other]) => other !== name).map(([, otherText]) => otherText);
    for (let copy = 0; copy < copies; copy++) {
      const target = path.join(targetDir, copy === 0 ? name : copyName(name, copy));
      if (text === undefined) await copyFile(source, target);
      else await writeFile(target, copy === 0 ? text : variedText(text, others, copy));
    }
  }
  const catalogText = await readFile(path.join(sourceDir, 'catalog.json'), 'utf8').catch(() => undefined);
  if (catalogText !== undefined) {
    const catalog = JSON.parse(catalogText) as { documents?: CatalogEntry[] };
    const documents: CatalogEntry[] = [];
    const vary = (value: unknown, copy: number) => (typeof value === 'string' ? value.replace(NAME, (name) => variedName(name, copy)) : value);
    for (const entry of catalog.documents ?? []) {
      documents.push(entry);
      for (let copy = 1; copy < copies; copy++) {
        documents.push({
          ...entry,
          file: copyName(entry.file, copy),
          ...(entry.title ? { title: vary(entry.title, copy) as string } : {}),
          ...(entry.short_title ? { short_title: vary(entry.short_title, copy) as string } : {}),
          ...(typeof entry.territory === 'string' ? { territory: vary(entry.territory, copy) } : {}),
          ...(typeof entry.issuer === 'string' ? { issuer: vary(entry.issuer, copy) } : {}),
        });
      }
    }
    await writeFile(path.join(targetDir, 'catalog.json'), `${JSON.stringify({ ...catalog, documents }, null, 2)}\n`);
  }
  return corpusSize(targetDir);
}
