/**
 * Glossary mined from the corpus: « quartiers prioritaires de la politique de la ville (QPV) »,
 * « QPV : … » lines and two-column glossary tables. Used to expand acronyms both ways in queries
 * and to answer « c'est quoi le X ? ».
 */
import { isStopWord } from '../lang/fr/analyzer.js';
import { CONVENTIONAL_ACRONYMS } from '../lang/fr/abbreviations.js';
import { foldText } from '../lang/fr/normalize.js';
import type { Chunk, GlossaryEntry } from '../core/types.js';

export type { GlossaryEntry };

/** Words in a name whose initials make an acronym: at least this many times in the corpus. */
const IMPLICIT_MIN_COUNT = 2;
const IMPLICIT_WORDS = { min: 3, max: 5 };

/**
 * Acronyms a corpus implies without writing them: every run of 2–5 significant words it repeats
 * (connectors skipped) is a candidate long form of its initials. Only initials the corpus never
 * uses as a word or an explicit acronym are kept, each with its most frequent long form.
 */
function implicitAcronyms(chunks: Chunk[], explicit: Set<string>): GlossaryEntry[] {
  const phrases = new Map<string, { text: string; count: number; chunkId: string; initials: string }>();
  const corpusWords = new Set<string>();
  for (const chunk of chunks) {
    for (const clause of chunk.text.split(/[\n,;:.()«»"!?\t]+/)) {
      const words = clause.split(/\s+/).filter(Boolean);
      for (const word of words) corpusWords.add(foldText(word).replace(/^(?:[ldjmnst]|qu)'/, ''));
      for (let start = 0; start < words.length; start += 1) {
        const first = foldText(words[start]!).replace(/^(?:[ldjmnst]|qu)'/, '');
        // A name starts and ends with a content word (not « ces quartiers », « ont été »).
        if (CONNECTORS.has(first) || isStopWord(first) || !/^[a-z]{3,}/.test(first)) continue;
        let initials = '';
        for (let end = start; end < words.length && initials.length < IMPLICIT_WORDS.max; end += 1) {
          const word = foldText(words[end]!).replace(/^(?:[ldjmnst]|qu)'/, '');
          if (CONNECTORS.has(word)) continue;
          if (!/^[a-z]{3,}/.test(word) || isStopWord(word)) break;
          initials += word[0];
          if (initials.length < IMPLICIT_WORDS.min) continue;
          const text = words
            .slice(start, end + 1)
            .join(' ')
            .replace(/^(?:[ldLD]|qu)['’]/, '');
          const key = foldText(text);
          const known = phrases.get(key);
          if (known) known.count += 1;
          else phrases.set(key, { text, count: 1, chunkId: chunk.id, initials });
        }
      }
    }
  }
  const best = new Map<string, GlossaryEntry>();
  for (const phrase of phrases.values()) {
    if (phrase.count < IMPLICIT_MIN_COUNT || explicit.has(phrase.initials) || corpusWords.has(phrase.initials)) continue;
    const current = best.get(phrase.initials);
    if (!current || phrase.count > current.count) {
      best.set(phrase.initials, { term: phrase.initials.toUpperCase(), expansion: phrase.text, chunkId: phrase.chunkId, count: phrase.count, implicit: true });
    }
  }
  return [...best.values()];
}

/**
 * Conventional acronyms (« COPIL », « AAP ») whose long form the corpus writes: a question using
 * the acronym means that long form. Kept implicit: the corpus does not define them itself.
 */
function conventionalAcronyms(chunks: Chunk[], known: Set<string>): GlossaryEntry[] {
  const found: GlossaryEntry[] = [];
  // Words only, so that « l'appel à projets » holds « appel à projets ».
  const words = (text: string) =>
    ` ${foldText(text)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()} `;
  const texts = chunks.map((chunk) => ({ id: chunk.id, folded: words(chunk.text) }));
  for (const { term, expansions } of CONVENTIONAL_ACRONYMS) {
    if (known.has(foldText(term))) continue;
    for (const expansion of expansions) {
      const phrase = words(expansion);
      const holders = texts.filter((text) => text.folded.includes(phrase));
      if (holders.length === 0) continue;
      found.push({ term, expansion, chunkId: holders[0]!.id, count: holders.length, implicit: true });
      break;
    }
  }
  return found;
}

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

export function mineGlossary(chunks: Chunk[]): GlossaryEntry[] {
  const entries = new Map<string, GlossaryEntry>();
  for (const chunk of chunks) {
    for (const rawLine of chunk.text.split('\n')) {
      // Table rows were flattened as « cell ; cell »: each cell is read as its own line, and a cell
      // holding only an acronym is paired with the next one (two-column glossary tables).
      const cells = rawLine.replace(/\*\*/g, '').split(/\s+;\s+/);
      cells.forEach((cell, index) => {
        const acronym = cell.trim().replace(/\s*:$/, '');
        const next = cells[index + 1]?.trim();
        if (next && isAcronym(acronym) && matchLongForm(acronym, next.split(/\s+/).slice(0, 14))) add(entries, acronym, next, chunk.id);
      });
      for (const cell of cells) {
        const line = cell;
        // « long form (ACR) »
        for (const match of line.matchAll(/([^()]{3,200})\(\s*([^()\s]{2,12})\s*\)/g)) {
          const acronym = match[2]!;
          if (!isAcronym(acronym)) continue;
          const words = match[1]!
            .trim()
            .split(/\s+/)
            .map((word) => word.replace(/^[«"(]+|[»",;:]+$/g, ''))
            .filter(Boolean);
          const longForm = matchLongForm(acronym, words);
          if (longForm) add(entries, acronym, longForm, chunk.id);
        }
        // « ACR (long form) »
        for (const match of line.matchAll(/(?:^|[\s(])([A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&-]{1,11})\s*\(([^()]{4,160})\)/g)) {
          const acronym = match[1]!;
          const longForm = match[2]!;
          if (!isAcronym(acronym)) continue;
          const words = longForm.trim().split(/\s+/);
          if (matchLongForm(acronym, words) === longForm.trim()) add(entries, acronym, longForm, chunk.id);
        }
        // « ACR : définition » at the start of a line, or a glossary table row « ACR ; définition ».
        const definition = /^(?:[-•]\s*)?([A-ZÀ-Ý][A-Za-zÀ-ÿ0-9&-]{1,11})\s*(?::|;|=|–|—)\s+(.{4,200})$/.exec(line.trim());
        if (definition && isAcronym(definition[1]!)) {
          const term = definition[1]!;
          const words = definition[2]!.split(/\s+/);
          // Here the long form opens the definition: validate the acronym against it, keep it whole.
          const headForm = words.slice(0, 14).join(' ');
          if (matchLongForm(term, words.slice(0, 14))) add(entries, term, headForm, chunk.id);
        }
      }
    }
  }
  const explicit = [...entries.values()];
  const implicit = implicitAcronyms(chunks, new Set(explicit.map((entry) => foldText(entry.term))));
  const known = new Set([...explicit, ...implicit].map((entry) => foldText(entry.term)));
  return [...explicit, ...implicit, ...conventionalAcronyms(chunks, known)].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
}
