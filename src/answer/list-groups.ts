/** List answers: the items a « … : » line announces, a label block, or sibling headings listed together. */
import type { Chunk, DocumentMeta } from '../ingest/types.js';
import type { SearchHit } from '../search/types.js';
import { analyze } from '../text/analyzer.js';
import type { AnswerUnit } from './passage-units.js';
import { chunkTerms, coverage, type WeightedQuery } from './query-weights.js';

export interface ListGroup {
  leadIn?: string;
  chunks: Chunk[];
  items: { text: string; chunk: Chunk }[];
  score: number;
}

const BULLET = /^\s*(?:[-•▪■◦*o➤►▶→✓]|\d{1,2}[.)])\s+/;

/** A line that reads as a list item: bulleted, or short and not a sentence of prose. */
function isItemLine(line: string): boolean {
  return BULLET.test(line) || (line.length <= 180 && !/[.;:]$/.test(line.trim()));
}

/**
 * Lists a question may be asking for: items announced by a « … : » line, or the whole of a
 * section that is a list (« Moyens et dispositifs mobilisables »), completed across chunks.
 */
export function bestListGroup(hits: SearchHit[], query: WeightedQuery, chunksBySection: Map<string, Chunk[]>, metaByFile: Map<string, DocumentMeta>): ListGroup | undefined {
  let best: ListGroup | undefined;
  const consider = (group: ListGroup, leadCoverage: number) => {
    // A list whose lead-in and headings say nothing of the question only mentions it in passing.
    if (leadCoverage === 0) return;
    if (group.items.length >= 2 && (!best || group.score > best.score)) best = group;
  };
  hits.slice(0, 5).forEach((hit, rank) => {
    const chunk = hit.chunk;
    const headingTerms = new Set(analyze((chunk.headings ?? chunk.breadcrumb).join(' ')));
    const rankFactor = 1 / (1 + 0.1 * rank);
    const context = coverage(chunkTerms(chunk, metaByFile.get(chunk.file)), query);
    const lines = chunk.text.split('\n').map((line) => line.trim()).filter(Boolean);
    // 1. Items announced by a lead-in line.
    lines.forEach((line, index) => {
      // « … sont : », or a sentence right above numbered or bulleted items (« Je propose de
      // retenir six orientations. » then « 1. … », « 2. … »).
      const announces = /:\s*$/.test(line) || (!BULLET.test(line) && BULLET.test(lines[index + 1] ?? '') && BULLET.test(lines[index + 2] ?? ''));
      if (!announces || line.length > 400) return;
      const items: { text: string; chunk: Chunk }[] = [];
      for (const next of lines.slice(index + 1)) {
        if (!isItemLine(next)) break;
        items.push({ text: next, chunk });
      }
      const leadTerms = new Set([...analyze(line), ...headingTerms]);
      const itemTerms = new Set(items.flatMap((item) => analyze(item.text)));
      const lead = coverage(leadTerms, query);
      consider({ leadIn: line, chunks: [chunk], items, score: (lead * 0.45 + coverage(itemTerms, query) * 0.25 + context * 0.3) * rankFactor }, lead);
    });
    // 2. Sibling headings listed together (« Action 1 : … », « Action 2 : … »): the titles are the items.
    if (chunk.kind === 'heading' && chunk.text.split('\n').filter((line) => line.trim()).length >= 3) {
      const titles = chunk.text.split('\n').map((line) => line.trim()).filter(Boolean);
      const itemTerms = new Set(titles.flatMap((title) => analyze(title)));
      const lead = coverage(headingTerms, query);
      consider({ chunks: [chunk], items: titles.map((text) => ({ text, chunk })), score: (lead * 0.45 + coverage(itemTerms, query) * 0.25 + context * 0.3) * rankFactor }, lead);
    }
    // 3. A section that is a list: every bulleted line of all its chunks.
    const sectionChunks = chunksBySection.get(chunk.sectionId) ?? [chunk];
    const items = sectionChunks.flatMap((sectionChunk) =>
      sectionChunk.text
        .split('\n')
        .map((line) => line.trim())
        .filter((line, index) => line && index >= (sectionChunk.headingLines ?? 0) && !(index === (sectionChunk.headingLines ?? 0) && /:$/.test(line)) && isItemLine(line))
        .map((text) => ({ text, chunk: sectionChunk })),
    );
    const bulleted = items.filter((item) => BULLET.test(item.text)).length;
    // Only a section made of a list (a label block), not a long section that contains lists.
    if (bulleted >= 2 && sectionChunks.length <= 3 && bulleted >= items.length * 0.6) {
      const itemTerms = new Set(items.flatMap((item) => analyze(item.text)));
      const lead = coverage(headingTerms, query);
      consider({ chunks: sectionChunks, items, score: (lead * 0.45 + coverage(itemTerms, query) * 0.25 + context * 0.3) * rankFactor }, lead);
    }
  });
  return best;
}


/** Items announced by a « … : » unit: the list lines that follow it in its chunk. */
export function itemsAfter(unit: AnswerUnit, units: AnswerUnit[]): AnswerUnit[] {
  const same = units.filter((other) => other.hit === unit.hit && other.position > unit.position);
  const items: AnswerUnit[] = [];
  for (const other of same) {
    if (!other.isItem) break;
    items.push(other);
  }
  return items;
}

