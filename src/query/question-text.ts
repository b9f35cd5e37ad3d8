/**
 * The analyzer and the folding as the question parser calls them: memoised, because parsing one
 * question folds and analyses the same strings again and again (the question in each cue, its
 * words, the documents' names), and at 100× the catalogue's names repeat from copy to copy.
 * Results are the same as `analyze` and `foldText` (each call gets its own array).
 */
import { analyze as analyzeText } from '../lang/fr/analyzer.js';
import { foldText as foldWhole } from '../lang/fr/normalize.js';

/** Strings longer than this are not kept (a question is shorter; a passage's text is not a question's). */
const MAX_KEPT_LENGTH = 400;
/** The memo is emptied when it holds this many strings: bounded, whatever the server answers. */
const MAX_KEPT = 4096;

/** `compute`, remembering its results for strings of question size, in a bounded memo. */
function memoised<T>(compute: (text: string) => T): (text: string) => T {
  const kept = new Map<string, T>();
  return (text) => {
    if (text.length > MAX_KEPT_LENGTH) return compute(text);
    let value = kept.get(text);
    if (value === undefined) {
      if (kept.size >= MAX_KEPT) kept.clear();
      value = compute(text);
      kept.set(text, value);
    }
    return value;
  };
}

const analysed = memoised(analyzeText);

export function analyze(text: string): string[] {
  return analysed(text).slice();
}

export const foldText = memoised(foldWhole);
