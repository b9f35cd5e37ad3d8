/**
 * Where French sentences end: after . ! ? … (and any [n] markers that follow), unless the period
 * closes an abbreviation (« M. le Préfet », « art. 3 ») or a list number (« 1. »). Each line is
 * cut apart: list items, headings and table rows are units of their own.
 */

/** A sentence end: . ! ? … then optional markers, then whitespace or the end. */
export const SENTENCE_END = /[.!?…](?:\s*\[\d+\])*(?=\s|$)/g;
/** Abbreviations whose period does not end a sentence (« M. le Préfet », « l’art. 3 »). */
export const ABBREVIATION = /(?:^|[\s('’])(?:[A-Z]|M|MM|Mme|Mmes|Mlle|Dr|Pr|St|Ste|art|Art|cf|p|pp|n°|no|av|bd|env|vol|chap)\.$/;

/** A stretch of a text, by character offsets (`end` excluded). */
export interface TextSpan {
  start: number;
  end: number;
}

/** The sentences of a text, line by line, as offsets into it (white space trimmed, empty pieces left out). */
export function sentenceSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const push = (start: number, end: number): void => {
    let from = start;
    let to = end;
    while (from < to && /\s/.test(text[from]!)) from += 1;
    while (to > from && /\s/.test(text[to - 1]!)) to -= 1;
    if (/[\p{L}\d]/u.test(text.slice(from, to))) spans.push({ start: from, end: to });
  };
  let lineStart = 0;
  for (const line of text.split('\n')) {
    let start = 0;
    for (const end of line.matchAll(SENTENCE_END)) {
      const stop = end.index + end[0].length;
      // Not a sentence end: a list number (« 1. »), an abbreviation, no word yet.
      if (!/\p{L}/u.test(line.slice(start, stop)) || ABBREVIATION.test(line.slice(start, end.index + 1))) continue;
      push(lineStart + start, lineStart + stop);
      start = stop;
    }
    push(lineStart + start, lineStart + line.length);
    lineStart += line.length + 1;
  }
  return spans;
}

/**
 * The sentences of a question that ask (end with « ? »), joined; the whole question when it is one
 * sentence or none asks. « Notre asso travaille à Beuvry. Quels dispositifs ? » asks the second:
 * the first says who asks.
 */
export function askingSentences(question: string): string {
  const sentences = question.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.trim() !== '');
  const asking = sentences.filter((sentence) => /\?\s*$/.test(sentence));
  return sentences.length > 1 && asking.length > 0 ? asking.join(' ') : question;
}
