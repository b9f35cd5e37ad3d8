/** The citation model: one numbered source per chunk used, with its place and the words quoted. */
import type { Chunk, DocumentMeta, SourceSpan } from '../core/types.js';
import type { Citation } from '../core/answer.js';

export const MAX_SOURCES = 5;
const QUOTE_LIMIT = 400;

export function spanLabel(span: SourceSpan): string {
  if (span.pageStart !== undefined) {
    return span.pageEnd !== undefined && span.pageEnd !== span.pageStart ? `p. ${span.pageStart}-${span.pageEnd}` : `p. ${span.pageStart}`;
  }
  return span.lineEnd !== span.lineStart ? `l. ${span.lineStart}-${span.lineEnd}` : `l. ${span.lineStart}`;
}

export function shortenQuote(text: string, limit = QUOTE_LIMIT): string {
  const flat = text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\*\*/g, '')
    .trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${cut.slice(0, lastSpace > limit * 0.6 ? lastSpace : cut.length)}…`;
}

export function citationFor(chunk: Chunk, meta: DocumentMeta | undefined, n: number, quote?: string): Citation {
  const span: SourceSpan = { lineStart: chunk.lineStart, lineEnd: chunk.lineEnd, pageStart: chunk.pageStart, pageEnd: chunk.pageEnd };
  return {
    n,
    chunkId: chunk.id,
    file: chunk.file,
    docTitle: meta?.short_title ?? chunk.file,
    breadcrumb: chunk.breadcrumb,
    span,
    spanLabel: spanLabel(span),
    quote: shortenQuote(quote ?? chunk.text),
  };
}

/** « Contrat de ville CABBALR 2024-2030 › Annexe 2 › Objectif #18 — l. 2787-2792 » */
export function formatCitationLine(citation: Citation): string {
  return `[${citation.n}] ${[citation.docTitle, ...citation.breadcrumb].join(' › ')} — ${citation.spanLabel}`;
}

/**
 * Numbers sources by first use: call `cite(chunk)` while writing, get back its [n]. A sixth
 * distinct chunk is refused (returns undefined) so an answer never lists more than five sources.
 */
export class CitationRegistry {
  private readonly byChunk = new Map<string, Citation>();

  constructor(private readonly metaByFile: Map<string, DocumentMeta>) {}

  cite(chunk: Chunk, quote?: string): number | undefined {
    const existing = this.byChunk.get(chunk.id);
    if (existing) return existing.n;
    if (this.byChunk.size >= MAX_SOURCES) return undefined;
    const citation = citationFor(chunk, this.metaByFile.get(chunk.file), this.byChunk.size + 1, quote);
    this.byChunk.set(chunk.id, citation);
    return citation.n;
  }

  get citations(): Citation[] {
    return [...this.byChunk.values()];
  }
}
