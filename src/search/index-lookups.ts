/**
 * The retriever's and the question parser's look-ups over an index's chunks and documents (see
 * `IndexLookups`): made once at ingest and stored in `lookups.bin`, or here in memory for chunks
 * given some other way (tests, `HybridRetriever` without stored look-ups). Reads every chunk's
 * file and breadcrumb: about 0.4 s at 100× when made at load from decoded chunks, nothing when read.
 */
import type { Chunk, DocumentMeta } from '../core/types.js';
import { flatLists, type IndexLookups } from '../index/lookup-file.js';
import { documentNameTerms, referenceKeyOfLabel } from '../query/query-understanding.js';

export function buildIndexLookups(chunks: readonly Chunk[], documents: readonly DocumentMeta[]): IndexLookups {
  const builder = new IndexLookupsBuilder();
  for (const chunk of chunks) builder.add(chunk);
  return builder.finish(documents);
}

/**
 * The look-ups made chunk by chunk, in index order: the ingest's analysis thread sees each chunk
 * once and keeps only their indexes, never the chunks.
 */
export class IndexLookupsBuilder {
  private readonly chunksByFile = new Map<string, number[]>();
  private readonly chunksByKey = new Map<string, number[]>();
  private readonly keyOfLabel = new Map<string, string | undefined>();
  // A file's chunks, and a section's, are consecutive: the previous chunk's look-ups are reused.
  private lastFile: string | undefined;
  private ofFile: number[] = [];
  private lastBreadcrumb: readonly string[] | undefined;
  private lastBreadcrumbText: string | undefined;
  private keys: string[] = [];
  private count = 0;

  add(chunk: Pick<Chunk, 'file' | 'breadcrumb'>): void {
    const index = this.count;
    this.count += 1;
    if (chunk.file !== this.lastFile) {
      this.lastFile = chunk.file;
      const list = this.chunksByFile.get(chunk.file);
      if (list) this.ofFile = list;
      else this.chunksByFile.set(chunk.file, (this.ofFile = []));
    }
    this.ofFile.push(index);
    // Chunks sent to another thread arrive with breadcrumbs of their own: equal paths are
    // recognised by their text too (nothing is kept per path, only per distinct label).
    if (chunk.breadcrumb !== this.lastBreadcrumb) {
      const text = chunk.breadcrumb.join('\u0000');
      if (text !== this.lastBreadcrumbText) {
        const distinct = new Set<string>();
        for (const label of chunk.breadcrumb) {
          if (!this.keyOfLabel.has(label)) this.keyOfLabel.set(label, referenceKeyOfLabel(label));
          const key = this.keyOfLabel.get(label);
          if (key !== undefined) distinct.add(key);
        }
        this.keys = [...distinct];
        this.lastBreadcrumbText = text;
      }
      this.lastBreadcrumb = chunk.breadcrumb;
    }
    for (const key of this.keys) {
      const list = this.chunksByKey.get(key);
      if (list) list.push(index);
      else this.chunksByKey.set(key, [index]);
    }
  }

  finish(documents: readonly DocumentMeta[]): IndexLookups {
    const files = [...this.chunksByFile.keys()];
    const byFile = flatLists([...this.chunksByFile.values()]);
    const referenceKeys = [...this.chunksByKey.keys()].sort();
    const byKey = flatLists(referenceKeys.map((key) => this.chunksByKey.get(key)!));
    return {
      files,
      fileStarts: byFile.starts,
      fileChunks: byFile.items,
      referenceKeys,
      referenceStarts: byKey.starts,
      referenceChunks: byKey.items,
      documentTerms: documentNameTerms(documents),
    };
  }
}
