import type { Chunk, DocumentMeta } from '../core/types.js';

/** Text a chunk is indexed under: its body plus where it sits, so « objectif 18 » finds the block. */
export function headingTextOf(chunk: Chunk, meta: DocumentMeta | undefined): string {
  return [meta?.short_title ?? '', meta?.territory ?? '', ...(chunk.headings ?? chunk.breadcrumb), ...leadInsOf(chunk.text)].join(' \n ');
}

/**
 * Lines announcing a list (« Les actions menées par le Département pour 2023 : ») title what
 * follows as a heading does: they are indexed with the headings' weight.
 */
function leadInsOf(text: string): string[] {
  return text.split('\n').filter((line) => /:\s*$/.test(line) && line.length <= 200 && !line.includes('\t') && !/^\s*[-•]/.test(line));
}

export function passageTextOf(chunk: Chunk, meta: DocumentMeta | undefined): string {
  return passageWithHeadingText(headingTextOf(chunk, meta), chunk);
}

/** `passageTextOf` when the chunk's `headingTextOf` is already known. */
export function passageWithHeadingText(headingText: string, chunk: Pick<Chunk, 'text'>): string {
  return `${headingText}\n${chunk.text}`;
}
