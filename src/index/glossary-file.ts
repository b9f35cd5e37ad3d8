/**
 * The glossary on disk (`glossary.bin`): every entry the ingest mined, in its order, and what
 * questions look up in it, made at ingest — the best entry of each folded acronym (`glossaryIndex`),
 * sorted for bisection, and the long forms by first word (`longFormsByFirstWord`). Loading reads
 * typed arrays and the sorted acronyms; an entry is decoded when a question first reaches it. At
 * 100× the glossary holds about 19,000 entries: its JSON took 40–80 ms to read and parse and as
 * much again to fold every acronym into a `Map`, for questions that read a handful of entries.
 */
import type { GlossaryEntry, GlossaryLookup, LongFormLookup } from '../core/types.js';
import { BundleFormatError, bundleArray, checkOffsets, decodeBundle, decodeStrings, encodeBundle, encodeStrings } from './binary-bundle.js';
import { glossaryIndex, longFormsByFirstWord } from './glossary-index.js';
import { bisect, flatLists } from './lookup-file.js';

export const GLOSSARY_FILE_KIND = 'alinea-glossary';
export const GLOSSARY_FILE_VERSION = 1;

/** Strings stored once, referred to by id. */
function stringIds(): { id: (text: string) => number; strings: string[] } {
  const ids = new Map<string, number>();
  const strings: string[] = [];
  return {
    strings,
    id: (text) => {
      let found = ids.get(text);
      if (found === undefined) {
        found = strings.length;
        ids.set(text, found);
        strings.push(text);
      }
      return found;
    },
  };
}

/** The binary file (`glossary.bin`) of the glossary's entries, as parts to write in order. */
export function encodeGlossary(entries: readonly GlossaryEntry[]): Buffer[] {
  const table = stringIds();
  const count = entries.length;
  const entryTerm = new Uint32Array(count);
  const entryExpansion = new Uint32Array(count);
  const entryChunk = new Uint32Array(count);
  const entryCount = new Uint32Array(count);
  const entryImplicit = new Uint8Array(count);
  const positionOf = new Map<GlossaryEntry, number>();
  entries.forEach((entry, index) => {
    if (!Number.isInteger(entry.count) || entry.count < 0 || entry.count > 0xffffffff) throw new RangeError(`glossary entry ${entry.term}: count ${entry.count} is not a 32-bit count`);
    entryTerm[index] = table.id(entry.term);
    entryExpansion[index] = table.id(entry.expansion);
    entryChunk[index] = table.id(entry.chunkId);
    entryCount[index] = entry.count;
    entryImplicit[index] = entry.implicit ? 1 : 0;
    if (!positionOf.has(entry)) positionOf.set(entry, index);
  });
  // What questions read: the best entry of each folded acronym, in the map's order…
  const best = glossaryIndex(entries);
  const keysInOrder = [...best.keys()];
  const bestInOrder = [...best.values()];
  // …sorted by key for bisection (`keyBest`: the key's position in that order).
  const sorted = keysInOrder.map((key, position) => ({ key, position })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const keys = encodeStrings(sorted.map(({ key }) => key));
  const keyBest = Uint32Array.from(sorted, ({ position }) => position);
  const bestEntry = Uint32Array.from(bestInOrder, (entry) => positionOf.get(entry)!);
  const longForms = [...longFormsByFirstWord(bestInOrder)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const words = encodeStrings(longForms.map(([word]) => word));
  const positions = flatLists(longForms.map(([, list]) => list));
  const strings = encodeStrings(table.strings);
  return encodeBundle(
    GLOSSARY_FILE_KIND,
    GLOSSARY_FILE_VERSION,
    { entries: count, acronyms: keysInOrder.length },
    {
      stringBytes: strings.bytes,
      stringOffsets: strings.offsets,
      entryTerm,
      entryExpansion,
      entryChunk,
      entryCount,
      entryImplicit,
      bestEntry,
      keyBytes: keys.bytes,
      keyOffsets: keys.offsets,
      keyBest,
      wordBytes: words.bytes,
      wordOffsets: words.offsets,
      wordStarts: positions.starts,
      wordPositions: positions.items,
    },
  );
}

/** A decoded `glossary.bin`: the glossary as questions read it, each entry decoded when first reached. */
export class StoredGlossary implements GlossaryLookup {
  private readonly strings: (string | undefined)[];
  private readonly decoded: (GlossaryEntry | undefined)[];
  readonly longForms: LongFormLookup;

  constructor(
    private readonly stringBytes: Buffer,
    private readonly stringOffsets: Uint32Array,
    private readonly entryTerm: Uint32Array,
    private readonly entryExpansion: Uint32Array,
    private readonly entryChunk: Uint32Array,
    private readonly entryCount: Uint32Array,
    private readonly entryImplicit: Uint8Array,
    /** The best entry of each acronym, in the order the acronyms first occur. */
    private readonly bestEntry: Uint32Array,
    /** Folded acronyms, sorted; `keyBest[i]` is the position of `keys[i]`'s best entry in `bestEntry`. */
    private readonly keys: string[],
    private readonly keyBest: Uint32Array,
    words: string[],
    wordStarts: Uint32Array,
    wordPositions: Uint32Array,
  ) {
    this.strings = new Array(stringOffsets.length - 1);
    this.decoded = new Array(entryTerm.length);
    this.longForms = {
      positions: (word) => {
        const at = bisect(words, word);
        return at < 0 ? undefined : wordPositions.subarray(wordStarts[at]!, wordStarts[at + 1]!);
      },
      entry: (position) => this.entry(this.bestEntry[position]!),
    };
  }

  private string(id: number): string {
    let text = this.strings[id];
    if (text === undefined) this.strings[id] = text = this.stringBytes.toString('utf8', this.stringOffsets[id]!, this.stringOffsets[id + 1]!);
    return text;
  }

  /** Entry `index` in the ingest's order (one object per entry, made on first use). */
  entry(index: number): GlossaryEntry {
    let entry = this.decoded[index];
    if (entry === undefined) {
      entry = { term: this.string(this.entryTerm[index]!), expansion: this.string(this.entryExpansion[index]!), chunkId: this.string(this.entryChunk[index]!), count: this.entryCount[index]! };
      if (this.entryImplicit[index]) entry.implicit = true;
      this.decoded[index] = entry;
    }
    return entry;
  }

  get(folded: string): GlossaryEntry | undefined {
    const at = bisect(this.keys, folded);
    return at < 0 ? undefined : this.entry(this.bestEntry[this.keyBest[at]!]!);
  }

  has(folded: string): boolean {
    return bisect(this.keys, folded) >= 0;
  }

  *values(): IterableIterator<GlossaryEntry> {
    for (let position = 0; position < this.bestEntry.length; position += 1) yield this.entry(this.bestEntry[position]!);
  }

  /** Every entry, in the ingest's order (what `encodeGlossary` was given). */
  entries(): GlossaryEntry[] {
    return Array.from({ length: this.entryTerm.length }, (_, index) => this.entry(index));
  }
}

/** Reads `glossary.bin`; throws BundleFormatError (French) when it is damaged. */
export function decodeGlossary(data: Buffer): StoredGlossary {
  const bundle = decodeBundle(data, GLOSSARY_FILE_KIND, GLOSSARY_FILE_VERSION);
  const u32 = (name: string) => bundleArray(bundle, name, 'u32');
  const stringBytes = bundleArray(bundle, 'stringBytes', 'u8');
  const stringOffsets = u32('stringOffsets');
  checkOffsets(stringOffsets, stringBytes.length, 'glossaire');
  const stringCount = stringOffsets.length - 1;
  const entryTerm = u32('entryTerm');
  const entryExpansion = u32('entryExpansion');
  const entryChunk = u32('entryChunk');
  const entryCount = u32('entryCount');
  const entryImplicit = bundleArray(bundle, 'entryImplicit', 'u8');
  const count = entryTerm.length;
  if ([entryExpansion, entryChunk, entryCount, entryImplicit].some((array) => array.length !== count)) throw new BundleFormatError('glossaire : tableaux de tailles différentes');
  for (const table of [entryTerm, entryExpansion, entryChunk]) {
    for (let at = 0; at < count; at += 1) if (table[at]! >= stringCount) throw new BundleFormatError(`glossaire : chaîne ${table[at]} absente`);
  }
  const bestEntry = u32('bestEntry');
  for (let at = 0; at < bestEntry.length; at += 1) if (bestEntry[at]! >= count) throw new BundleFormatError('glossaire : entrée inconnue');
  const keys = decodeStrings(bundleArray(bundle, 'keyBytes', 'u8'), u32('keyOffsets'), 'sigles');
  const keyBest = u32('keyBest');
  if (keys.length !== bestEntry.length || keyBest.length !== keys.length) throw new BundleFormatError('sigles : tableaux de tailles différentes');
  for (let at = 0; at < keys.length; at += 1) {
    if (keyBest[at]! >= bestEntry.length) throw new BundleFormatError('sigles : entrée inconnue');
    if (at > 0 && !(keys[at - 1]! < keys[at]!)) throw new BundleFormatError('sigles non triés');
  }
  const words = decodeStrings(bundleArray(bundle, 'wordBytes', 'u8'), u32('wordOffsets'), 'formes longues');
  for (let at = 1; at < words.length; at += 1) if (!(words[at - 1]! < words[at]!)) throw new BundleFormatError('formes longues non triées');
  const wordStarts = u32('wordStarts');
  const wordPositions = u32('wordPositions');
  if (wordStarts.length !== words.length + 1) throw new BundleFormatError('formes longues : tableaux de tailles différentes');
  checkOffsets(wordStarts, wordPositions.length, 'formes longues');
  for (let at = 0; at < wordPositions.length; at += 1) if (wordPositions[at]! >= bestEntry.length) throw new BundleFormatError('formes longues : entrée inconnue');
  return new StoredGlossary(
    Buffer.from(stringBytes.buffer, stringBytes.byteOffset, stringBytes.byteLength),
    stringOffsets,
    entryTerm,
    entryExpansion,
    entryChunk,
    entryCount,
    entryImplicit,
    bestEntry,
    keys,
    keyBest,
    words,
    wordStarts,
    wordPositions,
  );
}
