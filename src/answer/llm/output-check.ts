/**
 * What a model wrote is checked sentence by sentence before anyone reads it: a sentence without a
 * valid [n] is dropped; a link, mention or address that the passages it cites do not hold
 * verbatim, or text copied from our own instructions, rejects the whole answer (the model followed
 * something other than our rules, so the extractive answer is the safer one).
 */

import { ABBREVIATION, SENTENCE_END } from '../../lang/fr/sentences.js';

/** Every number that tunes these checks, in one place. */
export const OUTPUT_CHECKS = {
  /** Below this share of the answer's characters kept after dropping uncited sentences, fall back. */
  minKeptShare: 0.5,
  /** A kept answer shorter than this (markers excluded) says too little: fall back. */
  minKeptChars: 20,
  /** A run of this many words found in our instructions (and in no passage) is a prompt leak. */
  leakWords: 8,
} as const;

/** A sentence (or list line) of an answer, with the whitespace that followed it. */
export interface AnswerSegment {
  text: string;
  separator: string;
  /** Numbers of the [n] markers it carries (already renumbered 1..k). */
  markers: number[];
}

const MARKER = /\[(\d+)\]/g;

function markersOf(text: string): number[] {
  return [...text.matchAll(MARKER)].map((match) => Number(match[1]));
}

/**
 * Splits an answer into sentences and list lines. A line ending with « : » belongs to what
 * follows (a list's lead-in is kept when its items are).
 */
export function splitSegments(text: string): AnswerSegment[] {
  const pieces: { text: string; separator: string }[] = [];
  for (const lineMatch of text.matchAll(/([^\n]*)(\n+|$)/g)) {
    const [, line = '', newlines = ''] = lineMatch;
    if (line === '' && newlines === '') continue;
    let start = 0;
    for (const end of line.matchAll(SENTENCE_END)) {
      const stop = end.index + end[0].length;
      const candidate = line.slice(start, stop);
      // Not a sentence end: a list number (« 1. »), an abbreviation, no word yet.
      if (!/\p{L}/u.test(candidate) || ABBREVIATION.test(line.slice(start, end.index + 1))) continue;
      const rest = line.slice(stop);
      const space = /^\s*/.exec(rest)![0];
      pieces.push({ text: candidate.trim(), separator: space });
      start = stop + space.length;
    }
    const tail = line.slice(start);
    if (tail.trim() !== '') pieces.push({ text: tail.trim(), separator: '' });
    if (pieces.length > 0) pieces[pieces.length - 1]!.separator += newlines;
    else if (newlines) pieces.push({ text: '', separator: newlines });
  }
  const segments: AnswerSegment[] = [];
  let pending: { text: string; separator: string } | undefined;
  for (const piece of pieces) {
    if (piece.text === '') continue;
    const merged = pending ? { text: `${pending.text}${pending.separator}${piece.text}`, separator: piece.separator } : piece;
    if (/:\s*$/.test(merged.text) && markersOf(merged.text).length === 0) {
      pending = merged;
      continue;
    }
    pending = undefined;
    segments.push({ ...merged, markers: markersOf(merged.text) });
  }
  if (pending) segments.push({ ...pending, markers: [] });
  return segments;
}

function joinSegments(segments: AnswerSegment[]): string {
  return segments
    .map((segment) => `${segment.text}${segment.separator}`)
    .join('')
    .trim();
}

const withoutMarkers = (text: string) => text.replace(MARKER, '').replace(/\s+/g, ' ').trim();

/**
 * Links, mentions and addresses, as a surface would render them: Slack `<…>` constructs
 * (links, `<!channel>`, `<@U…>`, `<#C…>`), markdown links, URLs, e-mails and bare domains.
 */
const LINKISH = new RegExp(
  [
    '<(?:[!@#]|[a-z][a-z0-9+.-]*:)[^>]*>',
    '\\[[^\\]\\n]*\\]\\([^)\\s]*\\)',
    '\\b(?:[a-z][a-z0-9+.-]*:\\/\\/|www\\.)[^\\s<>()\\[\\]]+',
    '\\b(?:mailto|tel|javascript|data):[^\\s<>()\\[\\]]+',
    '[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[a-z]{2,}',
    '\\b(?:[a-z0-9-]+\\.)+(?:com|net|org|fr|eu|io|info|biz|gouv|app|dev|xyz|ly|gl|uk|ru|cn|tk|top|site|online|link|click|shop|ai)\\b(?:\\/[^\\s<>()\\[\\]]*)?',
  ].join('|'),
  'giu',
);

/** Links in `text`, trailing sentence punctuation removed (« …/page. » ends with « page »). */
export function linksIn(text: string): string[] {
  return [...withoutMarkers(text).matchAll(LINKISH)].map((match) => trimLink(match[0])).filter((link) => link.length > 0);
}

/** Drops sentence punctuation after a link, and a closing parenthesis that it did not open. */
function trimLink(link: string): string {
  let trimmed = link.replace(/[.,;:!?…»"']+$/, '');
  while (trimmed.endsWith(')') && (trimmed.match(/\)/g) ?? []).length > (trimmed.match(/\(/g) ?? []).length) {
    trimmed = trimmed.slice(0, -1).replace(/[.,;:!?…»"']+$/, '');
  }
  return trimmed;
}

function words(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[’`]/g, "'")
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function nGrams(tokens: string[], n: number): Set<string> {
  const grams = new Set<string>();
  for (let index = 0; index + n <= tokens.length; index += 1) grams.add(tokens.slice(index, index + n).join(' '));
  return grams;
}

/** Detects our instructions copied into an answer, ignoring runs the passages also hold. */
export class PromptLeakDetector {
  private readonly grams: Set<string>;

  constructor(instructions: string[]) {
    this.grams = new Set();
    for (const text of instructions) {
      // Placeholders and HTML comments are not text a model could leak.
      const plain = text.replace(/<!--[\s\S]*?-->/g, ' ').replace(/\{[a-z_]+\}/g, ' ');
      for (const gram of nGrams(words(plain), OUTPUT_CHECKS.leakWords)) this.grams.add(gram);
    }
  }

  /** The first leaked run of words, if any. */
  leak(answer: string, passages: string[]): string | undefined {
    let allowed: Set<string> | undefined;
    for (const gram of nGrams(words(answer), OUTPUT_CHECKS.leakWords)) {
      if (!this.grams.has(gram)) continue;
      allowed ??= new Set(passages.flatMap((passage) => [...nGrams(words(passage), OUTPUT_CHECKS.leakWords)]));
      if (!allowed.has(gram)) return gram;
    }
    return undefined;
  }
}

export type OutputVerdict = { ok: true; text: string; dropped: number; keptShare: number } | { ok: false; reason: 'leak' | 'link' | 'too-little'; detail: string };

/**
 * Checks an answer whose markers are already valid and renumbered: `cited(n)` is the full text of
 * the passage behind [n]. Keeps the cited sentences whose links the passages they cite hold.
 */
export function checkOutput(text: string, cited: (n: number) => string | undefined, leaks: PromptLeakDetector, allPassages: string[]): OutputVerdict {
  const leaked = leaks.leak(text, allPassages);
  if (leaked) return { ok: false, reason: 'leak', detail: leaked };
  const segments = splitSegments(text);
  const kept: AnswerSegment[] = [];
  for (const segment of segments) {
    if (segment.markers.length === 0) continue;
    const sources = segment.markers.map(cited).filter((passage): passage is string => passage !== undefined);
    if (sources.length === 0) continue;
    for (const link of linksIn(segment.text)) {
      if (!sources.some((passage) => passage.includes(link))) return { ok: false, reason: 'link', detail: link };
    }
    kept.push(segment);
  }
  const total = withoutMarkers(text).length;
  const keptText = joinSegments(kept);
  const keptLength = withoutMarkers(keptText).length;
  const keptShare = total > 0 ? keptLength / total : 0;
  if (keptLength < OUTPUT_CHECKS.minKeptChars || keptShare < OUTPUT_CHECKS.minKeptShare) {
    return { ok: false, reason: 'too-little', detail: `${Math.round(keptShare * 100)} %` };
  }
  return { ok: true, text: keptText, dropped: segments.length - kept.length, keptShare };
}

/** The complete sentences of a streamed answer so far (a trailing unfinished one is held back). */
export function completeSentences(text: string): string {
  const segments = splitSegments(text);
  const last = segments.at(-1);
  if (last && !/[.!?…:](?:\s*\[\d+\])*\s*$/.test(last.text) && last.separator === '') segments.pop();
  return joinSegments(segments);
}
