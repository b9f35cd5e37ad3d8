/**
 * Checks the [n] markers a model wrote against the passages it was given: markers that point
 * nowhere are dropped, kept sources are renumbered 1..k by first use (at most MAX_SOURCES), so
 * every number a user reads leads to a real passage.
 */
import { MAX_SOURCES } from '../citations.js';

export const TEXT_LIMIT = 1_500;

/**
 * One citation group: [1], [1, 2], [1;2], [1-3], [passage 2], [Passage 1, 3]. Adjacent groups
 * ([1][2]) are simply several matches.
 */
const MARKER = /\[\s*(?:passages?\s*)?(\d{1,3}(?:\s*(?:[,;]|[-–]|et)\s*(?:passages?\s*)?\d{1,3})*)\s*\]/gi;

function numbersOf(group: string): number[] {
  const numbers: number[] = [];
  for (const part of group.split(/\s*(?:[,;]|et)\s*/i)) {
    const range = part.replace(/passages?\s*/i, '').match(/^(\d+)\s*[-–]\s*(\d+)$/);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      // A bounded range only: « [1-300] » is noise, not six citations.
      if (to >= from && to - from < MAX_SOURCES * 2) for (let n = from; n <= to; n++) numbers.push(n);
    } else {
      const n = Number(part.replace(/\D/g, ''));
      if (Number.isInteger(n)) numbers.push(n);
    }
  }
  return numbers;
}

export interface CheckedCitations {
  text: string;
  /** 0-based indexes into the given passages, in the new numbering order ([1] is sources[0]). */
  sources: number[];
  /** How many markers (numbers) were dropped because they pointed nowhere or beyond MAX_SOURCES. */
  dropped: number;
}

const REMOVED = '\u0000';

/**
 * Removes the placeholders left by dropped markers with the space before them (« mot [9]. » →
 * « mot. »), leaving French spacing elsewhere (« Actions : ») untouched.
 */
function tidy(text: string): string {
  return text
    .replace(/[ \t]*\u0000+(?=[\s.,;:!?)]|$)/g, '')
    .replace(/\u0000+/g, ' ')
    .replace(/\(\s*\)/g, '')
    .trim();
}

/** Rewrites markers for `passageCount` passages numbered 1..passageCount. */
export function checkCitations(raw: string, passageCount: number): CheckedCitations {
  const newNumber = new Map<number, number>();
  const sources: number[] = [];
  let dropped = 0;
  const text = raw.replace(/\u0000/g, '').replace(MARKER, (_whole, group: string) => {
    const kept: number[] = [];
    for (const n of numbersOf(group)) {
      if (n < 1 || n > passageCount) {
        dropped++;
        continue;
      }
      let renumbered = newNumber.get(n);
      if (renumbered === undefined) {
        if (sources.length >= MAX_SOURCES) {
          dropped++;
          continue;
        }
        sources.push(n - 1);
        renumbered = sources.length;
        newNumber.set(n, renumbered);
      }
      if (!kept.includes(renumbered)) kept.push(renumbered);
    }
    return kept.length > 0 ? kept.map((n) => `[${n}]`).join('') : REMOVED;
  });
  return { text: tidy(text), sources, dropped };
}

/**
 * Cuts text over `limit` at the last sentence end (keeping markers right after it), else at a
 * word with « … ». Returns the text unchanged when short enough.
 */
export function truncateAtSentence(text: string, limit = TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const window = text.slice(0, limit);
  let cut = -1;
  for (const match of window.matchAll(/[.!?…](?:\s*\[\d+\])*(?=\s|$)/g)) cut = match.index + match[0].length;
  if (cut >= limit * 0.5) return window.slice(0, cut).trim();
  const space = window.slice(0, limit - 1).lastIndexOf(' ');
  return `${window.slice(0, space > 0 ? space : limit - 1).trim()}…`;
}

/** The model declined: the lead's extractive path handles refusals with its own wording. */
export function isRefusal(text: string): boolean {
  const flat = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return /ne permet(tent)? pas de repondre|ne contien(nen)?t pas (d'|d’)?(information|element|reponse)|je ne (peux|sais) pas repondre/.test(flat);
}
