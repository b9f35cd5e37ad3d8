/**
 * Read-only look-up of cited passages for the web chat's citation drawer: a chunk id (as carried
 * by a citation) gives back the whole cited node as indexed: the chunks of the shown span (or of
 * the chunk's section), with the document title, the section path, the pages and the lines.
 * Only indexed text is returned; nothing here touches the file system.
 */
import { chunkSentences } from '../answer/used-sentences.js';
import type { Chunk, DocumentMeta } from '../core/types.js';

/** Most chunks one answer returns: a node larger than this is cut around the cited chunk. */
export const MAX_PASSAGE_CHUNKS = 40;

export interface PassagePart {
  chunkId: string;
  breadcrumb: string[];
  /** How many leading lines of `text` are headings. */
  headingLines: number;
  text: string;
  /** True for the cited chunk itself. */
  cited: boolean;
  /** The body's sentences as [start, end) offsets into `text`: a citation's `sentences` (the ones the answer used) index this list. */
  sentences: [number, number][];
  lineStart: number;
  lineEnd: number;
  pageStart?: number;
  pageEnd?: number;
}

export interface Passage {
  chunkId: string;
  /** File name relative to the corpus folder (never a server path). */
  file: string;
  docTitle: string;
  docFullTitle: string;
  /** Section path of the cited chunk. */
  breadcrumb: string[];
  /** Pages of the node when the source has pages (PDF), else null. */
  pages: { start: number; end: number } | null;
  lines: { start: number; end: number };
  parts: PassagePart[];
  /** True when the node was longer than MAX_PASSAGE_CHUNKS and only the part around the cited chunk is returned. */
  truncated: boolean;
}

/** One heading of a document's table of contents. */
export interface OutlineEntry {
  title: string;
  /** 0 for a top-level section. */
  depth: number;
  /** First chunk under this heading (where the reader scrolls to). */
  chunkId: string;
  page?: number;
}

/** A whole indexed document for the reader: its table of contents and its chunks in order. */
export interface DocumentText {
  file: string;
  docTitle: string;
  docFullTitle: string;
  outline: OutlineEntry[];
  parts: Omit<PassagePart, 'cited'>[];
}

export interface PassageLookup {
  /** The document of a catalogue file name, or undefined (unknown names are never read from disk). */
  document(file: string): DocumentText | undefined;
  /** The node of `chunkId`: the chunks of its file within `lines` when given (they must hold the chunk), else its section. */
  passage(chunkId: string, lines?: { start: number; end: number }): Passage | undefined;
}

export function createPassageLookup(chunks: readonly Chunk[], documents: readonly DocumentMeta[]): PassageLookup {
  const byId = new Map<string, Chunk>();
  const byFile = new Map<string, Chunk[]>();
  for (const chunk of chunks) {
    byId.set(chunk.id, chunk);
    let list = byFile.get(chunk.file);
    if (!list) byFile.set(chunk.file, (list = []));
    list.push(chunk);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.lineStart - b.lineStart || ordinal(a) - ordinal(b));
  const metaByFile = new Map(documents.map((meta) => [meta.file, meta]));

  // Sentence offsets are computed once per chunk, when a reader first asks for it.
  const sentences = new Map<string, [number, number][]>();
  const sentencesOf = (chunk: Chunk): [number, number][] => {
    let spans = sentences.get(chunk.id);
    if (!spans) sentences.set(chunk.id, (spans = chunkSentences(chunk).map((span): [number, number] => [span.start, span.end])));
    return spans;
  };

  const toPart = (part: Chunk): Omit<PassagePart, 'cited'> => ({
    chunkId: part.id,
    breadcrumb: part.breadcrumb,
    headingLines: part.headingLines ?? 0,
    text: part.text,
    sentences: sentencesOf(part),
    lineStart: part.lineStart,
    lineEnd: part.lineEnd,
    ...(part.pageStart !== undefined ? { pageStart: part.pageStart, pageEnd: part.pageEnd ?? part.pageStart } : {}),
  });

  return {
    document(file) {
      const list = byFile.get(file);
      if (!list) return undefined;
      const meta = metaByFile.get(file);
      const outline: OutlineEntry[] = [];
      let previous: string[] = [];
      for (const chunk of list) {
        const path = chunk.breadcrumb;
        let same = 0;
        while (same < path.length && same < previous.length && path[same] === previous[same]) same += 1;
        for (let depth = same; depth < path.length; depth += 1) {
          outline.push({ title: path[depth]!, depth, chunkId: chunk.id, ...(chunk.pageStart !== undefined ? { page: chunk.pageStart } : {}) });
        }
        previous = path;
      }
      return { file, docTitle: meta?.short_title ?? file, docFullTitle: meta?.title ?? file, outline, parts: list.map(toPart) };
    },

    passage(chunkId, lines) {
      const chunk = byId.get(chunkId);
      if (!chunk) return undefined;
      const siblings = byFile.get(chunk.file) ?? [chunk];
      const inNode =
        lines && lines.start <= chunk.lineStart && lines.end >= chunk.lineEnd
          ? (other: Chunk) => other.lineStart >= lines.start && other.lineEnd <= lines.end
          : (other: Chunk) => other.sectionId === chunk.sectionId;
      let node = siblings.filter(inNode);
      if (!node.includes(chunk)) node = [chunk];
      let truncated = false;
      if (node.length > MAX_PASSAGE_CHUNKS) {
        const at = node.indexOf(chunk);
        const start = Math.max(0, Math.min(at - Math.floor(MAX_PASSAGE_CHUNKS / 2), node.length - MAX_PASSAGE_CHUNKS));
        node = node.slice(start, start + MAX_PASSAGE_CHUNKS);
        truncated = true;
      }
      const pages = node.flatMap((part) => [part.pageStart, part.pageEnd]).filter((page): page is number => page !== undefined);
      const meta = metaByFile.get(chunk.file);
      return {
        chunkId: chunk.id,
        file: chunk.file,
        docTitle: meta?.short_title ?? chunk.file,
        docFullTitle: meta?.title ?? chunk.file,
        breadcrumb: chunk.breadcrumb,
        pages: pages.length > 0 ? { start: Math.min(...pages), end: Math.max(...pages) } : null,
        lines: { start: Math.min(...node.map((part) => part.lineStart)), end: Math.max(...node.map((part) => part.lineEnd)) },
        parts: node.map((part) => ({ ...toPart(part), cited: part.id === chunk.id })),
        truncated,
      };
    },
  };
}

function ordinal(chunk: Chunk): number {
  return Number(chunk.id.slice(chunk.id.lastIndexOf('#') + 1)) || 0;
}
