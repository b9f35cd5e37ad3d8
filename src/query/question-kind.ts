/** The kind of a question, from its words (the table in lang/fr/kind-cues.ts): it decides the shape of the answer. */
import type { QuestionKind } from '../core/answer.js';
import { withoutConditionalQuand } from '../lang/fr/figure-kinds.js';
import { KIND_CUES } from '../lang/fr/kind-cues.js';
import { foldText } from './question-text.js';

/** The first kind cue the question matches (its id for `ask --json`), or a plain lookup. */
export function kindCueOf(question: string): { kind: QuestionKind; id: string } {
  const folded = withoutConditionalQuand(foldText(question).replace(/[’']/g, "'"));
  const cue = KIND_CUES.find((row) => row.asks.test(folded) && !row.unless?.test(folded));
  return cue ? { kind: cue.kind, id: cue.id } : { kind: 'lookup', id: 'kind.lookup' };
}

export function classifyQuestion(question: string): QuestionKind {
  return kindCueOf(question).kind;
}
