/** Writes an answer line by line, numbering its sources and keeping it within its budget. */
import type { Chunk, DocumentMeta } from '../ingest/types.js';
import { foldText } from '../text/normalize.js';
import { CitationRegistry } from './citations.js';

export const ANSWER_LIMIT = 1_500;

export function bold(text: string): string {
  return `**${text}**`;
}

export class AnswerWriter {
  readonly lines: string[] = [];
  readonly registry: CitationRegistry;

  constructor(metaByFile: Map<string, DocumentMeta>) {
    this.registry = new CitationRegistry(metaByFile);
  }

  get length(): number {
    return this.lines.join('\n').length;
  }

  /** Adds a line citing `chunk`; returns false when it would exceed the budget or the source limit. */
  private readonly seen = new Set<string>();

  add(text: string, chunk: Chunk | undefined, quote?: string, budget = ANSWER_LIMIT - 60): boolean {
    // The same sentence can sit in two chunks (a summary and its detail): say it once.
    const key = foldText(text).replace(/^[-•\s]+/, '');
    if (key.length > 20 && this.seen.has(key)) return true;
    this.seen.add(key);
    let marker = '';
    if (chunk) {
      const n = this.registry.cite(chunk, quote);
      if (n === undefined) return false;
      marker = ` [${n}]`;
    }
    const line = `${text}${marker}`;
    if (this.length + line.length + 1 > budget) return false;
    this.lines.push(line);
    return true;
  }

  text(): string {
    return this.lines.join('\n');
  }
}

