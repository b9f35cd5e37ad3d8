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
  const chunksByFile = new Map<string, number[]>();
  const chunksByKey = new Map<string, number[]>();
  const keyOfLabel = new Map<string, string | undefined>();
  // The distinct reference keys of each breadcrumb array (a loaded index shares one per section).
  const keysOfBreadcrumb = new Map<readonly string[], string[]>();
  // A file's chunks, and a section's, are consecutive: the previous chunk's look-ups are reused.
  let lastFile: string | undefined;
  let ofFile: number[] = [];
  let lastBreadcrumb: readonly string[] | undefined;
  let keys: string[] = [];
  for (let index = 0; index < chunks.length; index += 1) {
    const chunk = chunks[index]!;
    if (chunk.file !== lastFile) {
      lastFile = chunk.file;
      const list = chunksByFile.get(lastFile);
      if (list) ofFile = list;
      else chunksByFile.set(lastFile, (ofFile = []));
    }
    ofFile.push(index);
    if (chunk.breadcrumb !== lastBreadcrumb) {
      lastBreadcrumb = chunk.breadcrumb;
      let known = keysOfBreadcrumb.get(lastBreadcrumb);
      if (!known) {
        const distinct = new Set<string>();
        for (const label of lastBreadcrumb) {
          if (!keyOfLabel.has(label)) keyOfLabel.set(label, referenceKeyOfLabel(label));
          const key = keyOfLabel.get(label);
          if (key !== undefined) distinct.add(key);
        }
        keysOfBreadcrumb.set(lastBreadcrumb, (known = [...distinct]));
      }
      keys = known;
    }
    for (const key of keys) {
      const list = chunksByKey.get(key);
      if (list) list.push(index);
      else chunksByKey.set(key, [index]);
    }
  }
  const files = [...chunksByFile.keys()];
  const byFile = flatLists([...chunksByFile.values()]);
  const referenceKeys = [...chunksByKey.keys()].sort();
  const byKey = flatLists(referenceKeys.map((key) => chunksByKey.get(key)!));
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
