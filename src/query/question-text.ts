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

const analysed = new Map<string, readonly string[]>();
const folded = new Map<string, string>();

export function analyze(text: string): string[] {
  if (text.length > MAX_KEPT_LENGTH) return analyzeText(text);
  let stems = analysed.get(text);
  if (stems === undefined) {
    if (analysed.size >= MAX_KEPT) analysed.clear();
    stems = analyzeText(text);
    analysed.set(text, stems);
  }
  return stems.slice();
}

export function foldText(text: string): string {
  if (text.length > MAX_KEPT_LENGTH) return foldWhole(text);
  let value = folded.get(text);
  if (value === undefined) {
    if (folded.size >= MAX_KEPT) folded.clear();
    value = foldWhole(text);
    folded.set(text, value);
  }
  return value;
}
