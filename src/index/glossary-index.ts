/** The glossary as query understanding looks it up: one entry per acronym. */
import type { GlossaryEntry } from '../core/types.js';
import { foldText } from '../lang/fr/normalize.js';

/** Best expansion per acronym (most frequent), keyed by folded acronym. */
export function glossaryIndex(entries: GlossaryEntry[]): Map<string, GlossaryEntry> {
  const best = new Map<string, GlossaryEntry>();
  for (const entry of entries) {
    const key = foldText(entry.term);
    const current = best.get(key);
    if (!current || entry.count > current.count) best.set(key, entry);
  }
  return best;
}
