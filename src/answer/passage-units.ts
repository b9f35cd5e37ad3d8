/**
 * Breaks retrieved chunks into answer units: list items, table rows and sentences, each keeping
 * its chunk, its position and its analysed terms, so an answer quotes the document's own words.
 */
import { analyze, familyTerms } from '../text/analyzer.js';

/** Stems and their word-family keys, as the index holds them. */
export function termSet(text: string): Set<string> {
  const stems = analyze(text);
  return new Set([...stems, ...familyTerms(stems)]);
}
import type { SearchHit } from '../search/types.js';

export interface AnswerUnit {
  hit: SearchHit;
  /** Rank of the hit among the retrieved ones (0 = best). */
  hitRank: number;
  /** Position inside the chunk, to keep the document's order. */
  position: number;
  text: string;
  terms: Set<string>;
  isItem: boolean;
  /** « … trois conditions : » announces the items that follow. */
  announcesList: boolean;
  hasFigure: boolean;
  /** True for the chunk's first line when it repeats the section heading. */
  isHeading: boolean;
}

const ITEM = /^\s*(?:[-•▪■◦*o➤►▶→✓]|\d{1,2}[.)]|[a-z][.)])\s+/;
const FIGURE = /\d/;

export function cleanItem(text: string): string {
  return text.replace(ITEM, '').replace(/\*\*/g, '').trim();
}

function sentencesOf(paragraph: string): string[] {
  // Split after . ! ? or ; followed by a capital or a quote, keeping abbreviations like « M. » and « n° » intact.
  const parts = paragraph.split(/(?<=[.!?;])\s+(?=[A-ZÀ-Ý«"(])/);
  const sentences: string[] = [];
  for (const part of parts) {
    if (sentences.length > 0 && /\b(M|Mme|MM|art|n°|p|cf|etc)\.$/i.test(sentences[sentences.length - 1])) sentences[sentences.length - 1] += ` ${part}`;
    else sentences.push(part);
  }
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
}

export function unitsOf(hit: SearchHit, hitRank: number): AnswerUnit[] {
  const units: AnswerUnit[] = [];
  const lines = hit.chunk.text.split('\n');
  lines.forEach((line, lineIndex) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const isHeading = lineIndex < (hit.chunk.headingLines ?? 0);
    const isItem = !isHeading && (ITEM.test(trimmed) || (hit.chunk.kind === 'list' && trimmed.length < 200 && !/[.:]$/.test(trimmed)));
    const pieces = isItem || hit.chunk.kind === 'table' || isHeading ? [trimmed] : sentencesOf(trimmed);
    for (const piece of pieces) {
      units.push({
        hit,
        hitRank,
        position: units.length,
        text: piece,
        terms: termSet(piece),
        isItem,
        announcesList: /:\s*$/.test(piece),
        hasFigure: FIGURE.test(piece.replace(/\b(n°|#)\s*\d+/gi, '')),
        isHeading,
      });
    }
  });
  // A sentence right above two items announces them even without a colon (« Je propose de
  // retenir six orientations. » then « 1. … »).
  units.forEach((unit, index) => {
    if (!unit.isItem && !unit.isHeading && units[index + 1]?.isItem && units[index + 2]?.isItem) unit.announcesList = true;
  });
  return units;
}
