/**
 * Which sentences of a cited passage the answer used, so the reader can highlight them. A
 * sentence of the passage's body (its heading lines are not claims) counts as used when most of
 * its words, as the analyzer reads them (stems, no stop words), are in the answer: an extract
 * quotes it, an LLM answer paraphrases it closely.
 */
import type { Answer, Citation } from '../core/answer.js';
import type { Chunk } from '../core/types.js';
import { analyze } from '../lang/fr/analyzer.js';
import { sentenceSpans, type TextSpan } from '../lang/fr/sentences.js';

/** The sentences of a chunk's body, as offsets into its text; a citation's `sentences` index this list. */
export function chunkSentences(chunk: Pick<Chunk, 'text' | 'headingLines'>): TextSpan[] {
  let bodyStart = 0;
  for (let line = 0; line < (chunk.headingLines ?? 0); line += 1) {
    const newline = chunk.text.indexOf('\n', bodyStart);
    if (newline < 0) return [];
    bodyStart = newline + 1;
  }
  return sentenceSpans(chunk.text).filter((span) => span.start >= bodyStart);
}

/** Indexes (into chunkSentences) of the sentences whose words are, for at least `minShare`, in the answer's words. */
export function usedSentences(answerTerms: ReadonlySet<string>, chunk: Pick<Chunk, 'text' | 'headingLines'>, minShare: number): number[] {
  const used: number[] = [];
  chunkSentences(chunk).forEach((span, index) => {
    const terms = new Set(analyze(chunk.text.slice(span.start, span.end)));
    if (terms.size === 0) return;
    let found = 0;
    for (const term of terms) if (answerTerms.has(term)) found += 1;
    if (found / terms.size >= minShare) used.push(index);
  });
  return used;
}

/** The answer's citations, each with the sentences of its passage the answer used (none for a refusal's suggestions). */
export function markUsedSentences(answer: Pick<Answer, 'text' | 'refused' | 'citations'>, chunkById: { get(id: string): Chunk | undefined }, minShare: number): Citation[] {
  if (answer.refused || answer.citations.length === 0) return answer.citations;
  const answerTerms = new Set(analyze(answer.text.replace(/\[\d+\]/g, ' ')));
  return answer.citations.map((citation) => {
    const chunk = chunkById.get(citation.chunkId);
    return chunk ? { ...citation, sentences: usedSentences(answerTerms, chunk, minShare) } : citation;
  });
}
