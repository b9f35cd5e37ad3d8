/**
 * Glossary mined from the corpus: « quartiers prioritaires de la politique de la ville (QPV) »,
 * « QPV : … » lines and two-column glossary tables. Used to expand acronyms both ways in queries
 * and to answer « c'est quoi le X ? ».
 */
import { isStopWord } from '../lang/fr/analyzer.js';
import { CONVENTIONAL_ACRONYMS } from '../lang/fr/abbreviations.js';
import { foldText } from '../lang/fr/normalize.js';
import type { Chunk, GlossaryEntry } from '../core/types.js';
import { murmurFinalize } from '../text/hash.js';
import { extendWordHash, RawWords, WORD_HASH_START } from '../text/raw-words.js';

export type { GlossaryEntry };

/** Words in a name whose initials make an acronym: at least this many times in the corpus. */
const IMPLICIT_MIN_COUNT = 2;
const IMPLICIT_WORDS = { min: 3, max: 5 };

const ACRONYM_AFTER = /\(\s*([^()\s]{2,12})\s*\)/y;

/**
 * The matches of /([^()]{3,200})\(\s*([^()\s]{2,12})\s*\)/g in `line`, found from each
 * parenthesis instead of from every position: the regex backtracks over up to 200 characters at
 * each position of a long line, and the leftmost match ending at a parenthesis starts 200
 * characters before it, or at the previous parenthesis (or match) if that is nearer.
 */
export function longFormsBeforeAcronyms(line: string): [string, string, string][] {
  const matches: [string, string, string][] = [];
  let from = 0;
  for (let open = line.indexOf('('); open >= 0; open = line.indexOf('(', open + 1)) {
    // The text before this parenthesis cannot cross another one.
    const closing = line.lastIndexOf(')', open - 1);
    const opening = line.lastIndexOf('(', open - 1);
    const start = Math.max(from, closing + 1, opening + 1, open - 200);
    if (open - start < 3) continue;
    ACRONYM_AFTER.lastIndex = open;
    const tail = ACRONYM_AFTER.exec(line);
    if (!tail) continue;
    const longForm = line.slice(start, open);
    matches.push([longForm + tail[0], longForm, tail[1]!]);
    from = ACRONYM_AFTER.lastIndex;
    open = from - 1;
  }
  return matches;
}

/** What « long form (ACR) » or « ACR (long form) » needs: a parenthesis opening on 2 characters of a word, or on 4 of anything. */
const ACRONYM_IN_PARENTHESES = /\((?:\s*[^()\s]{2}|[^()]{4})/;
const ACRONYM = /^[A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&'-]{0,11}$/;
const CONNECTORS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'a', 'au', 'aux', 'en', 'pour', 'sur', 'dans', 'par']);

function isAcronym(word: string): boolean {
  if (!ACRONYM.test(word)) return false;
  const capitals = word.replace(/[^A-ZÀ-Ý]/g, '').length;
  return capitals >= 2 && capitals >= word.replace(/[^A-Za-zÀ-ÿ]/g, '').length * 0.6;
}

/**
 * Schwartz–Hearst style check: the acronym's letters appear, in order, as initials (or inside
 * words) of the candidate long form, the first letter starting a word. Returns the shortest
 * matching tail of `words`, or undefined.
 */
export function matchLongForm(acronym: string, words: string[]): string | undefined {
  const letters = foldText(acronym).replace(/[^a-z0-9]/g, '');
  if (letters.length < 2) return undefined;
  const maxWords = Math.min(words.length, letters.length + 6);
  for (let take = 1; take <= maxWords; take += 1) {
    const candidate = words.slice(words.length - take);
    // « l'Allocation Adulte Handicapé (AAH) »: the elided article is not part of the name.
    const elision = /^(?:[ldLD]|qu)['’]/;
    const first = foldText(candidate[0]!).replace(elision, '');
    candidate[0] = candidate[0]!.replace(elision, '');
    if (CONNECTORS.has(first) || first[0] !== letters[0]) continue;
    // « de », « la » are connectors; « d'Allocations » is a word whose article is elided.
    const significant = candidate.filter((word) => !CONNECTORS.has(foldText(word)) && foldText(word).replace(/^(?:[ldjmnst]|qu)'/, '') !== '');
    if (significant.length > letters.length + 2) return undefined;
    if (significant.length < Math.min(letters.length, 2) - 0) continue;
    // Every letter of the acronym must be found in order in the folded long form.
    const text = foldText(candidate.join(' '));
    let position = 0;
    let ok = true;
    for (const letter of letters) {
      const found = text.indexOf(letter, position);
      if (found < 0) {
        ok = false;
        break;
      }
      position = found + 1;
    }
    if (!ok) continue;
    // Initials should cover most letters: « Fonds Interministériel de Prévention de la Délinquance ».
    const initials = significant.map((word) => foldText(word).replace(/^(?:[ldjmnst]|qu)'/, '')[0] ?? '').join('');
    let covered = 0;
    for (const letter of letters) if (initials.includes(letter)) covered += 1;
    // Short acronyms are ambiguous: every letter must be an initial (« ARS » is not « aides … soins »).
    const needed = letters.length <= 3 ? 1 : 0.6;
    if (covered / letters.length >= needed && (letters.length > 3 || initials.startsWith(letters[0]!))) return candidate.join(' ');
  }
  return undefined;
}

function add(entries: Map<string, GlossaryEntry>, term: string, expansion: string, chunkId: string) {
  const cleanExpansion = expansion.replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '').replace(/\s+/g, ' ');
  if (cleanExpansion.length < 4 || cleanExpansion.length > 160) return;
  const key = `${term}\u0000${foldText(cleanExpansion)}`;
  const existing = entries.get(key);
  if (existing) existing.count += 1;
  else entries.set(key, { term, expansion: cleanExpansion, chunkId, count: 1 });
}

const ELISION = /^(?:[ldjmnst]|qu)'/;

/**
 * The implicit acronyms' candidate phrases, counted by key: the phrase's first word (its elided
 * article dropped as written) then each folded word, as word ids. An open-addressing table over
 * typed arrays (the keys in one pool): a trie with a `Map` per node held a node for every prefix
 * of every phrase, most never a phrase. Phrases keep the order they were first seen in.
 */
export class PhraseTable {
  /** Per slot, 1 + the phrase's index, or 0. */
  private slots = new Int32Array(1 << 12);
  private hashes = new Uint32Array(1 << 10);
  private keyStarts = new Uint32Array(1 << 10);
  private keyLengths = new Uint16Array(1 << 10);
  private keys = new Uint32Array(1 << 14);
  private keysUsed = 0;
  counts = new Uint32Array(1 << 10);
  readonly texts: string[] = [];
  readonly chunkIds: string[] = [];
  readonly initials: string[] = [];

  get size(): number {
    return this.texts.length;
  }

  /** The index of the phrase of key `key[0 … length)` (whose `murmurFinalize` is `hash`), or -1. */
  find(hash: number, key: Uint32Array, length: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const index = entry - 1;
      if (this.hashes[index] === hash && this.keyLengths[index] === length && this.sameKey(index, key, length)) return index;
    }
  }

  private sameKey(index: number, key: Uint32Array, length: number): boolean {
    const start = this.keyStarts[index]!;
    for (let i = 0; i < length; i += 1) if (this.keys[start + i] !== key[i]) return false;
    return true;
  }

  /** Adds a phrase seen once (not found by `find`); its index. */
  insert(hash: number, key: Uint32Array, length: number, text: string, chunkId: string, initials: string): number {
    const index = this.texts.length;
    if (index >= this.hashes.length) {
      this.hashes = grownArray(this.hashes, index + 1);
      this.keyStarts = grownArray(this.keyStarts, index + 1);
      this.keyLengths = grownArray(this.keyLengths, index + 1);
      this.counts = grownArray(this.counts, index + 1);
    }
    if (this.keysUsed + length > this.keys.length) this.keys = grownArray(this.keys, this.keysUsed + length);
    this.keys.set(key.subarray(0, length), this.keysUsed);
    this.hashes[index] = hash;
    this.keyStarts[index] = this.keysUsed;
    this.keyLengths[index] = length;
    this.keysUsed += length;
    this.counts[index] = 1;
    this.texts.push(text);
    this.chunkIds.push(chunkId);
    this.initials.push(initials);
    if ((index + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(index);
    return index;
  }

  private place(index: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[index]! & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let index = 0; index < this.texts.length; index += 1) this.place(index);
  }
}

/** The hash of a phrase key, extended one word id at a time (FNV-1a over the ids, then mixed by `murmurFinalize`). */
function extendHash(hash: number, id: number): number {
  return Math.imul(hash ^ id, 0x01000193);
}

function grownArray<T extends Uint32Array | Uint16Array>(array: T, needed: number): T {
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

const CONNECTOR = 0;
const CONTENT = 1;
const OTHER = 2;

/** What a UTF-16 code unit is to the phrase miner: part of a word, white space between words (`\s`), or the end of a clause. */
const WORD_CHARACTER = 0;
const WHITE_SPACE = 1;
const CLAUSE_END = 2;
const CHARACTER_KINDS = (() => {
  const kinds = new Uint8Array(0x10000);
  const clauseEnd = /[\n,;:.()«»"!?\t]/;
  const space = /\s/;
  for (let code = 0; code < kinds.length; code += 1) {
    const char = String.fromCharCode(code);
    kinds[code] = clauseEnd.test(char) ? CLAUSE_END : space.test(char) ? WHITE_SPACE : WORD_CHARACTER;
  }
  return kinds;
})();

interface WordInfo {
  /** Id of the folded word (trie key). */
  id: number;
  /** Folded, elided article dropped. */
  bare: string;
  kind: typeof CONNECTOR | typeof CONTENT | typeof OTHER;
  /** Id as a phrase's first word (-1 unless a content word). */
  startId: number;
}

/**
 * Mines the glossary one chunk at a time (the ingest streams its chunks through it), then
 * `finish()` gives the entries: explicit definitions (« long form (ACR) », « ACR : … », glossary
 * tables), acronyms the corpus implies without writing them, and conventional ones whose long
 * form it writes. Each word is folded once per chunk, not once per phrase it starts.
 */
export class GlossaryMiner {
  private readonly entries = new Map<string, GlossaryEntry>();
  /**
   * Implicit acronyms: every run of 3–5 significant words the corpus repeats (connectors
   * skipped) is a candidate long form of its initials, counted here by folded phrase.
   */
  private readonly phrases = new PhraseTable();
  /** The key of the phrase being extended (word ids). */
  private phraseKey = new Uint32Array(64);
  private readonly wordIds = new Map<string, number>();
  /** Every folded word of the corpus: initials that are a word are no acronym. */
  private readonly corpusWords = new Set<string>();
  /** Folded words the corpus writes other than in capitals: words, not acronyms. */
  private readonly plainWords = new Set<string>();
  /** Conventional acronyms: per term, per expansion, how many chunks hold it and the first one. */
  private readonly conventional = CONVENTIONAL_ACRONYMS.map(({ expansions }) => expansions.map(() => ({ count: 0, chunkId: '' })));
  /** Conventional expansions as the words of their folded form, found in a chunk's folded text (`ConventionalPhrases`). */
  private readonly conventionalPhrases = new ConventionalPhrases(CONVENTIONAL_ACRONYMS.map(({ expansions }) => expansions));
  private readonly foldCache = new Map<string, string>();
  /** What the phrase miner knows of each word as written (`wordInfo`), found by its characters in a chunk's text. */
  private readonly words = new RawWords<WordInfo>();
  /** The words of the clause being mined: their info, and where they are in the chunk's text. */
  private clauseInfos: WordInfo[] = [];
  private clauseStarts = new Uint32Array(256);
  private clauseEnds = new Uint32Array(256);

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) this.wordIds.set(word, (id = this.wordIds.size));
    return id;
  }

  /** foldText of one word, remembered (words repeat far more than they vary). */
  private fold(word: string): string {
    let result = this.foldCache.get(word);
    if (result === undefined) {
      // A bounded cache: a corpus of any size keeps its memory.
      if (this.foldCache.size >= 500_000) this.foldCache.clear();
      result = foldText(word);
      this.foldCache.set(word, result);
    }
    return result;
  }

  /** Mines one chunk; `foldedText` is its text's `foldText` when the caller has it already. */
  add(chunk: Pick<Chunk, 'id' | 'text'>, foldedText = foldText(chunk.text)): void {
    this.addExplicit(chunk);
    this.addPhrases(chunk);
    this.conventionalPhrases.forEachFound(foldedText, (term, expansion) => {
      const seen = this.conventional[term]![expansion]!;
      if (seen.count === 0) seen.chunkId = chunk.id;
      seen.count += 1;
    });
  }

  private addExplicit(chunk: Pick<Chunk, 'id' | 'text'>): void {
    for (const rawLine of chunk.text.split('\n')) {
      // Table rows were flattened as « cell ; cell »: each cell is read as its own line, and a cell
      // holding only an acronym is paired with the next one (two-column glossary tables). Most
      // lines have neither « ** » nor « ; »: their regular expressions are run only when they could match.
      const unbolded = rawLine.includes('**') ? rawLine.replace(/\*\*/g, '') : rawLine;
      const cells = unbolded.includes(';') ? unbolded.split(/\s+;\s+/) : [unbolded];
      for (let index = 0; index + 1 < cells.length; index += 1) {
        const next = cells[index + 1]!.trim();
        if (!next) continue;
        const trimmed = cells[index]!.trim();
        const acronym = trimmed.endsWith(':') ? trimmed.replace(/\s*:$/, '') : trimmed;
        if (isAcronym(acronym) && matchLongForm(acronym, next.split(/\s+/).slice(0, 14))) add(this.entries, acronym, next, chunk.id);
      }
      for (const cell of cells) {
        const line = cell;
        // Both patterns need something in parentheses: most lines have none, and the first pattern
        // backtracks over up to 200 characters at every position of a line without it.
        if (line.includes('(') && ACRONYM_IN_PARENTHESES.test(line)) {
          // « long form (ACR) »
          for (const match of longFormsBeforeAcronyms(line)) {
            const acronym = match[2]!;
            if (!isAcronym(acronym)) continue;
            const words = match[1]!
              .trim()
              .split(/\s+/)
              .map((word) => word.replace(/^[«"(]+|[»",;:]+$/g, ''))
              .filter(Boolean);
            const longForm = matchLongForm(acronym, words);
            if (longForm) add(this.entries, acronym, longForm, chunk.id);
          }
          // « ACR (long form) »
          for (const match of line.matchAll(/(?:^|[\s(])([A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&-]{1,11})\s*\(([^()]{4,160})\)/g)) {
            const acronym = match[1]!;
            const longForm = match[2]!;
            if (!isAcronym(acronym)) continue;
            const words = longForm.trim().split(/\s+/);
            if (matchLongForm(acronym, words) === longForm.trim()) add(this.entries, acronym, longForm, chunk.id);
          }
        }
        // « ACR : définition » at the start of a line, or a glossary table row « ACR ; définition ».
        const definition = /^(?:[-•]\s*)?([A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&-]{1,11})\s*(?::|;|=|–|—)\s+(.{4,200})$/.exec(line.trim());
        if (definition && isAcronym(definition[1]!)) {
          const term = definition[1]!;
          const words = definition[2]!.split(/\s+/);
          // Here the long form opens the definition: validate the acronym against it, keep it whole.
          const headForm = words.slice(0, 14).join(' ');
          if (matchLongForm(term, words.slice(0, 14))) add(this.entries, term, headForm, chunk.id);
        }
      }
    }
  }

  /**
   * What the phrase miner needs of a word as written, worked out once per distinct word (words
   * repeat far more than they vary): its folded form's id, the folded form without an elided
   * article, whether it is a connector, a content word or neither, and its id as a phrase's
   * first word (elided article dropped as written).
   */
  private wordInfo(text: string, start: number, end: number, hash: number): WordInfo {
    let info = this.words.get(text, start, end, hash);
    if (info === undefined) {
      // A bounded cache: a corpus of any size keeps its memory.
      if (this.words.size >= 500_000) this.words.clear();
      const word = text.slice(start, end);
      const plain = this.fold(word);
      const bare = plain.replace(ELISION, '');
      this.corpusWords.add(bare);
      if (!/^\p{Lu}[\p{Lu}\d&-]*$/u.test(word.replace(/^(?:[ldLD]|qu)['’]/, '').replace(/[^\p{L}\d&-]+$/u, ''))) this.plainWords.add(bare);
      const kind = CONNECTORS.has(bare) ? CONNECTOR : /^[a-z]{3,}/.test(bare) && !isStopWord(bare) ? CONTENT : OTHER;
      info = { id: this.wordId(plain), bare, kind, startId: kind === CONTENT ? this.wordId(this.fold(word.replace(/^(?:[ldLD]|qu)['’]/, ''))) : -1 };
      this.words.set(word, hash, info);
    }
    return info;
  }

  /**
   * The candidate phrases of a chunk: its clauses (split at line ends, tabs and punctuation),
   * each a list of words (runs of characters other than white space), read in one pass over the
   * text (as `text.split(/[\n,;:.()«»"!?\t]+/)`, then each clause `.split(/\s+/)`).
   */
  private addPhrases(chunk: Pick<Chunk, 'id' | 'text'>): void {
    const text = chunk.text;
    const length = text.length;
    let words = 0;
    let wordStart = -1;
    let hash = 0;
    for (let i = 0; i <= length; i += 1) {
      const code = i < length ? text.charCodeAt(i) : -1;
      const kind = code < 0 ? CLAUSE_END : CHARACTER_KINDS[code]!;
      if (kind === WORD_CHARACTER) {
        if (wordStart < 0) {
          wordStart = i;
          hash = WORD_HASH_START;
        }
        hash = extendWordHash(hash, code);
        continue;
      }
      if (wordStart >= 0) {
        if (words >= this.clauseStarts.length) {
          this.clauseStarts = grownArray(this.clauseStarts, words + 1);
          this.clauseEnds = grownArray(this.clauseEnds, words + 1);
        }
        this.clauseInfos[words] = this.wordInfo(text, wordStart, i, hash >>> 0);
        this.clauseStarts[words] = wordStart;
        this.clauseEnds[words] = i;
        words += 1;
        wordStart = -1;
      }
      if (kind === CLAUSE_END && words > 0) {
        this.addClausePhrases(chunk, words);
        words = 0;
      }
    }
  }

  /** The candidate phrases of the clause's `count` words (`clauseInfos`, `clauseStarts`, `clauseEnds`). */
  private addClausePhrases(chunk: Pick<Chunk, 'id' | 'text'>, count: number): void {
    const phrases = this.phrases;
    const infos = this.clauseInfos;
    if (this.phraseKey.length < count) this.phraseKey = new Uint32Array(count * 2);
    const key = this.phraseKey;
    for (let start = 0; start < count; start += 1) {
      // A name starts and ends with a content word (not « ces quartiers », « ont été »).
      const first = infos[start]!;
      if (first.kind !== CONTENT) continue;
      // The phrase is keyed by its folded words, the elided article of its first word dropped
      // as written (« l'Allocation » → « allocation »).
      key[0] = first.startId;
      let length = 1;
      let hash = extendHash(0x811c9dc5, first.startId);
      // How many initials the phrase has (one per content word): the string of them is made only
      // for a phrase seen for the first time (a string grown per word was a fifth of this loop).
      let initials = 0;
      for (let end = start; end < count && initials < IMPLICIT_WORDS.max; end += 1) {
        const info = infos[end]!;
        if (end > start) {
          key[length++] = info.id;
          hash = extendHash(hash, info.id);
        }
        if (info.kind === CONNECTOR) continue;
        if (info.kind === OTHER) break;
        initials += 1;
        if (initials < IMPLICIT_WORDS.min) continue;
        const mixed = murmurFinalize(hash);
        const found = phrases.find(mixed, key, length);
        if (found >= 0) phrases.counts[found]! += 1;
        else {
          const words: string[] = [];
          let letters = '';
          for (let word = start; word <= end; word += 1) {
            words.push(chunk.text.slice(this.clauseStarts[word]!, this.clauseEnds[word]!));
            // Content words only, as counted above (each `bare` has three letters or more).
            if (infos[word]!.kind === CONTENT) letters += infos[word]!.bare[0];
          }
          const text = words.join(' ').replace(/^(?:[ldLD]|qu)['’]/, '');
          phrases.insert(mixed, key, length, text, chunk.id, letters);
        }
      }
    }
  }

  finish(): GlossaryEntry[] {
    const explicit = [...this.entries.values()];
    const explicitTerms = new Set(explicit.map((entry) => foldText(entry.term)));
    // Only initials the corpus never uses as a word or an explicit acronym are kept, each with its
    // most frequent long form. Initials it writes in capitals only (« la CAF » beside « caisse
    // d'allocations familiales », never defined) are an acronym of that long form, not a word.
    const best = new Map<string, GlossaryEntry>();
    const { counts, texts, chunkIds, initials: allInitials } = this.phrases;
    for (let phrase = 0; phrase < this.phrases.size; phrase += 1) {
      const count = counts[phrase]!;
      const initials = allInitials[phrase]!;
      if (count < IMPLICIT_MIN_COUNT || explicitTerms.has(initials) || this.plainWords.has(initials)) continue;
      const current = best.get(initials);
      if (!current || count > current.count) {
        best.set(initials, { term: initials.toUpperCase(), expansion: texts[phrase]!, chunkId: chunkIds[phrase]!, count, implicit: true });
      }
    }
    const implicit = [...best.values()];
    const known = new Set([...explicit, ...implicit].map((entry) => foldText(entry.term)));
    // Conventional acronyms (« COPIL », « AAP ») whose long form the corpus writes: a question using
    // the acronym means that long form. Kept implicit: the corpus does not define them itself.
    const conventional: GlossaryEntry[] = [];
    CONVENTIONAL_ACRONYMS.forEach(({ term, expansions }, index) => {
      if (known.has(foldText(term))) return;
      // Two letters mean several things (« CV » is a contrat de ville in a question, a curriculum
      // vitae in « ateliers CV »): a corpus that writes them itself without defining them keeps its own sense.
      if (term.length <= 2 && this.corpusWords.has(foldText(term))) return;
      const found = expansions.findIndex((_, expansion) => this.conventional[index]![expansion]!.count > 0);
      if (found < 0) return;
      const { count, chunkId } = this.conventional[index]![found]!;
      conventional.push({ term, expansion: expansions[found]!, chunkId, count, implicit: true });
    });
    return [...explicit, ...implicit, ...conventional].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
  }
}

/** A character of a word of folded text: [a-z0-9]. */
function isWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

/**
 * Phrases (each a list of expansions) found in folded texts as runs of whole words, whatever
 * separates them: « l'appel à projets » holds « appel à projets », « appel-à-projets » too. The
 * same as looking for ` appel a projets ` in the text's words joined by single spaces, but the
 * text is read once: each word that opens an expansion is found by its characters, and the rest
 * of the expansion checked where it is, instead of searching the whole text once per expansion.
 */
export class ConventionalPhrases {
  /** Per distinct first word, the expansions starting with it: [phrase, expansion, words]. */
  private readonly byFirstWord = new RawWords<{ phrase: number; expansion: number; words: string[] }[]>();
  private readonly found: boolean[][];

  constructor(phrases: readonly (readonly string[])[]) {
    this.found = phrases.map((expansions) => expansions.map(() => false));
    phrases.forEach((expansions, phrase) => {
      expansions.forEach((text, expansion) => {
        const words = foldText(text)
          .split(/[^a-z0-9]+/)
          .filter(Boolean);
        if (words.length === 0) return;
        const first = words[0]!;
        let hash = WORD_HASH_START;
        for (let i = 0; i < first.length; i += 1) hash = extendWordHash(hash, first.charCodeAt(i));
        hash >>>= 0;
        const list = this.byFirstWord.get(first, 0, first.length, hash);
        if (list) list.push({ phrase, expansion, words });
        else this.byFirstWord.set(first, hash, [{ phrase, expansion, words }]);
      });
    });
  }

  /** Calls `visit` once for each expansion the folded text holds, in the order of the phrases and their expansions. */
  forEachFound(folded: string, visit: (phrase: number, expansion: number) => void): void {
    const found = this.found;
    let any = false;
    const length = folded.length;
    // One pass over the text's words: those that open an expansion are looked up by their characters.
    for (let at = 0; at < length; ) {
      let code = folded.charCodeAt(at);
      if (!isWordCode(code)) {
        at += 1;
        continue;
      }
      let hash = extendWordHash(WORD_HASH_START, code);
      let end = at + 1;
      for (; end < length; end += 1) {
        code = folded.charCodeAt(end);
        if (!isWordCode(code)) break;
        hash = extendWordHash(hash, code);
      }
      const candidates = this.byFirstWord.get(folded, at, end, hash >>> 0);
      if (candidates) {
        for (const { phrase, expansion, words } of candidates) {
          if (!found[phrase]![expansion] && wordsFollow(folded, end, words)) found[phrase]![expansion] = any = true;
        }
      }
      at = end;
    }
    if (!any) return;
    for (const [phrase, expansions] of found.entries()) {
      for (const [expansion, seen] of expansions.entries()) {
        if (!seen) continue;
        expansions[expansion] = false;
        visit(phrase, expansion);
      }
    }
  }
}

/** Whether `words[1 …]` are the whole words that follow position `at` (the end of a word) of a folded text. */
function wordsFollow(folded: string, at: number, words: string[]): boolean {
  let position = at;
  for (let i = 1; i < words.length; i += 1) {
    while (position < folded.length && !isWordCode(folded.charCodeAt(position))) position += 1;
    const word = words[i]!;
    if (!folded.startsWith(word, position)) return false;
    position += word.length;
    if (position < folded.length && isWordCode(folded.charCodeAt(position))) return false;
  }
  return true;
}

export function mineGlossary(chunks: Chunk[]): GlossaryEntry[] {
  const miner = new GlossaryMiner();
  for (const chunk of chunks) miner.add(chunk);
  return miner.finish();
}
