/**
 * A compound question (src/lang/fr/clauses.ts) answered clause by clause: each clause's extract,
 * one after the other, with their citations numbered as one answer.
 */
import type { Citation } from '../core/answer.js';
import type { Composition } from './compose/compose.js';
import type { AnswerTuning } from './compose/tuning.js';

/** The tuning a clause is composed with: its share of the message's room. */
export function clauseTuning(tuning: AnswerTuning, clauses: number): AnswerTuning {
  const share = (chars: number) => Math.floor(chars / clauses);
  return { ...tuning, answerChars: share(tuning.answerChars), passageChars: share(tuning.passageChars), parentMaxChars: share(tuning.parentMaxChars) };
}

/**
 * The clauses' compositions as one: texts in order, a section cited by two clauses keeps one
 * number, later clauses' markers renumbered.
 */
export function mergeCompositions(parts: Composition[], rule: string): Composition {
  const citations: Citation[] = [];
  const texts: string[] = [];
  for (const part of parts) {
    const renumbered = new Map<number, number>();
    for (const citation of part.citations) {
      const same = citations.find((kept) => kept.chunkId === citation.chunkId);
      if (same) renumbered.set(citation.n, same.n);
      else {
        const n = citations.length + 1;
        citations.push({ ...citation, n });
        renumbered.set(citation.n, n);
      }
    }
    texts.push(part.text.replace(/\[(\d+)\]/g, (_marker, n: string) => `[${renumbered.get(Number(n)) ?? n}]`));
  }
  return {
    text: texts.join('\n\n'),
    citations,
    refused: false,
    support: Math.min(...parts.map((part) => part.support)),
    trace: [rule, ...parts.flatMap((part, index) => part.trace.map((step) => `${index + 1}:${step}`))],
  };
}

/** The section a citation points to: two passages of one section are the same source for a reader. */
function sectionKey(citation: Citation): string {
  return `${citation.file}\u0000${citation.breadcrumb.join('\u0000')}`;
}

/** The clauses' compositions that cite a section no earlier clause cited. */
export function withNewSections(parts: Composition[]): Composition[] {
  const cited = new Set<string>();
  return parts.filter((part) => {
    const keys = part.citations.map(sectionKey);
    const adds = keys.some((key) => !cited.has(key));
    for (const key of keys) cited.add(key);
    return adds;
  });
}
