/** The glossary as query understanding looks it up: one entry per acronym. */
import type { GlossaryEntry, LongFormLookup } from '../core/types.js';
import { foldText } from '../lang/fr/normalize.js';

/** Best expansion per acronym (most frequent), keyed by folded acronym. */
export function glossaryIndex(entries: readonly GlossaryEntry[]): Map<string, GlossaryEntry> {
  const best = new Map<string, GlossaryEntry>();
  for (const entry of entries) {
    const key = foldText(entry.term);
    const current = best.get(key);
    if (!current || entry.count > current.count) best.set(key, entry);
  }
  return best;
}

/** « quartiers prioritaires … » as ` quartiers prioritaires … `: folded, every run of other characters a space. */
export function foldedLongForm(expansion: string): string {
  return ` ${foldText(expansion).replace(/[^a-z0-9]+/g, ' ')} `;
}

/**
 * The first word of each explicit entry whose long form has two words or more → positions of those
 * entries in `entries`, ascending. Implicit entries are never looked up by their long form (most of
 * a large corpus's entries).
 */
export function longFormsByFirstWord(entries: readonly GlossaryEntry[], folded: (entry: GlossaryEntry) => string = (entry) => foldedLongForm(entry.expansion)): Map<string, number[]> {
  const byFirstWord = new Map<string, number[]>();
  entries.forEach((entry, position) => {
    if (entry.implicit) return;
    const words = folded(entry).trim().split(' ');
    if (words.length < 2) return;
    const list = byFirstWord.get(words[0]!);
    if (list) list.push(position);
    else byFirstWord.set(words[0]!, [position]);
  });
  return byFirstWord;
}

/** A long-form look-up over entries held in memory. */
export function longFormLookup(entries: readonly GlossaryEntry[], folded?: (entry: GlossaryEntry) => string): LongFormLookup {
  const byFirstWord = longFormsByFirstWord(entries, folded);
  return { positions: (word) => byFirstWord.get(word), entry: (position) => entries[position]! };
}
