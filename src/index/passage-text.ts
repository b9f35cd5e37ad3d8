import type { Chunk, DocumentMeta } from '../ingest/types.js';

/** Text a chunk is indexed under: its body plus where it sits, so « objectif 18 » finds the block. */
export function headingTextOf(chunk: Chunk, meta: DocumentMeta | undefined): string {
  return [meta?.short_title ?? '', meta?.territory ?? '', ...(chunk.headings ?? chunk.breadcrumb)].join(' \n ');
}

export function passageTextOf(chunk: Chunk, meta: DocumentMeta | undefined): string {
  return `${headingTextOf(chunk, meta)}\n${chunk.text}`;
}
