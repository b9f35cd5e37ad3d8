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
