/**
 * The look-ups questions are answered with, made at ingest and stored in the index (`lookups.bin`)
 * so that loading an index does not rebuild them by reading every chunk: each file's chunks,
 * the chunks under each numbered section (« objectif 18 »), and the analysed words of each
 * document's name (the question parser finds the documents a question names by them). Lists are
 * typed arrays viewed in place; each table of strings is decoded in one piece (`decodeStrings`).
 * Built by `buildIndexLookups` (src/search/index-lookups.ts), which also builds them in memory
 * for chunks that come from elsewhere (tests), so both paths answer alike.
 */
import { BundleFormatError, bundleArray, checkOffsets, decodeBundle, decodeStrings, encodeBundle, encodeStrings } from './binary-bundle.js';

export const LOOKUP_FILE_KIND = 'alinea-lookups';
export const LOOKUP_FILE_VERSION = 1;

/** The analysed words of each document's name, in the order of the index's documents. */
export interface DocumentNameTerms {
  /** Distinct terms of its short title and territory. */
  nameTerms: string[][];
  /** Terms of its territory, in order (none without a territory). */
  territoryTerms: string[][];
  /** Distinct terms of its title, short title, issuer, territory and file name. */
  describedTerms: string[][];
}

export interface IndexLookups {
  /** Every file with chunks, in the order of its first chunk. */
  files: string[];
  /** The chunks of `files[i]` are `fileChunks[fileStarts[i] … fileStarts[i + 1])`, ascending. */
  fileStarts: Uint32Array;
  fileChunks: Uint32Array;
  /** The reference keys of the chunks' breadcrumb labels (`objectif 18`), sorted. */
  referenceKeys: string[];
  /** The chunks under `referenceKeys[i]` are `referenceChunks[referenceStarts[i] … referenceStarts[i + 1])`, ascending. */
  referenceStarts: Uint32Array;
  referenceChunks: Uint32Array;
  documentTerms: DocumentNameTerms;
}

/** Lists of numbers as one flat array and `count + 1` starts. */
/** Position of `key` in sorted `keys`, or -1. */
export function bisect(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = keys[middle]!;
    if (candidate === key) return middle;
    if (candidate < key) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

export function flatLists(lists: readonly ArrayLike<number>[]): { starts: Uint32Array; items: Uint32Array } {
  const starts = new Uint32Array(lists.length + 1);
  for (let index = 0; index < lists.length; index += 1) starts[index + 1] = starts[index]! + lists[index]!.length;
  const items = new Uint32Array(starts[lists.length]!);
  for (const [index, list] of lists.entries()) items.set(list, starts[index]!);
  return { starts, items };
}

/** Lists of strings as ids into one table of their distinct strings. */
function encodeTermLists(groups: readonly (readonly string[][])[]): { table: string[]; lists: { starts: Uint32Array; items: Uint32Array }[] } {
  const ids = new Map<string, number>();
  const table: string[] = [];
  const id = (term: string) => {
    let found = ids.get(term);
    if (found === undefined) {
      found = table.length;
      ids.set(term, found);
      table.push(term);
    }
    return found;
  };
  return { table, lists: groups.map((lists) => flatLists(lists.map((terms) => terms.map(id)))) };
}

/** The binary file (`lookups.bin`), as parts to write in order. */
export function encodeLookups(lookups: IndexLookups): Buffer[] {
  const files = encodeStrings(lookups.files);
  const keys = encodeStrings(lookups.referenceKeys);
  const { documentTerms } = lookups;
  const terms = encodeTermLists([documentTerms.nameTerms, documentTerms.territoryTerms, documentTerms.describedTerms]);
  const termStrings = encodeStrings(terms.table);
  const [names, territories, described] = terms.lists as [(typeof terms.lists)[0], (typeof terms.lists)[0], (typeof terms.lists)[0]];
  return encodeBundle(
    LOOKUP_FILE_KIND,
    LOOKUP_FILE_VERSION,
    { files: lookups.files.length, referenceKeys: lookups.referenceKeys.length, documents: documentTerms.nameTerms.length },
    {
      fileBytes: files.bytes,
      fileOffsets: files.offsets,
      fileStarts: lookups.fileStarts,
      fileChunks: lookups.fileChunks,
      keyBytes: keys.bytes,
      keyOffsets: keys.offsets,
      referenceStarts: lookups.referenceStarts,
      referenceChunks: lookups.referenceChunks,
      termBytes: termStrings.bytes,
      termOffsets: termStrings.offsets,
      nameStarts: names.starts,
      nameTerms: names.items,
      territoryStarts: territories.starts,
      territoryTerms: territories.items,
      describedStarts: described.starts,
      describedTerms: described.items,
    },
  );
}

/** Checks a flat list of `count` lists whose items are below `limit`. */
function checkLists(starts: Uint32Array, items: Uint32Array, count: number, limit: number, what: string): void {
  if (starts.length !== count + 1) throw new BundleFormatError(`${what} : tableaux de tailles différentes`);
  checkOffsets(starts, items.length, what);
  for (let at = 0; at < items.length; at += 1) if (items[at]! >= limit) throw new BundleFormatError(`${what} : élément ${items[at]} inconnu`);
}

/** The term lists of each document, sharing the table's strings. */
function termLists(table: string[], starts: Uint32Array, items: Uint32Array): string[][] {
  const lists: string[][] = new Array(starts.length - 1);
  for (let index = 0; index + 1 < starts.length; index += 1) {
    const list: string[] = new Array(starts[index + 1]! - starts[index]!);
    for (let at = starts[index]!; at < starts[index + 1]!; at += 1) list[at - starts[index]!] = table[items[at]!]!;
    lists[index] = list;
  }
  return lists;
}

/**
 * Reads `lookups.bin` for an index of `chunks` chunks and `documents` documents; throws
 * BundleFormatError (French) when it is damaged or does not match them.
 */
export function decodeLookups(data: Buffer, chunks: number, documents: number): IndexLookups {
  const bundle = decodeBundle(data, LOOKUP_FILE_KIND, LOOKUP_FILE_VERSION);
  const u32 = (name: string) => bundleArray(bundle, name, 'u32');
  const files = decodeStrings(bundleArray(bundle, 'fileBytes', 'u8'), u32('fileOffsets'), 'fichiers');
  const fileStarts = u32('fileStarts');
  const fileChunks = u32('fileChunks');
  checkLists(fileStarts, fileChunks, files.length, chunks, 'passages des fichiers');
  if (fileChunks.length !== chunks) throw new BundleFormatError(`${fileChunks.length} passages rangés par fichier pour ${chunks} passages`);
  const referenceKeys = decodeStrings(bundleArray(bundle, 'keyBytes', 'u8'), u32('keyOffsets'), 'références');
  for (let index = 1; index < referenceKeys.length; index += 1) if (!(referenceKeys[index - 1]! < referenceKeys[index]!)) throw new BundleFormatError('références non triées');
  const referenceStarts = u32('referenceStarts');
  const referenceChunks = u32('referenceChunks');
  checkLists(referenceStarts, referenceChunks, referenceKeys.length, chunks, 'passages des références');
  const table = decodeStrings(bundleArray(bundle, 'termBytes', 'u8'), u32('termOffsets'), 'termes des documents');
  const lists = (starts: string, items: string, what: string) => {
    const startArray = u32(starts);
    const itemArray = u32(items);
    checkLists(startArray, itemArray, documents, table.length, what);
    return termLists(table, startArray, itemArray);
  };
  return {
    files,
    fileStarts,
    fileChunks,
    referenceKeys,
    referenceStarts,
    referenceChunks,
    documentTerms: {
      nameTerms: lists('nameStarts', 'nameTerms', 'noms des documents'),
      territoryTerms: lists('territoryStarts', 'territoryTerms', 'territoires des documents'),
      describedTerms: lists('describedStarts', 'describedTerms', 'descriptions des documents'),
    },
  };
}
