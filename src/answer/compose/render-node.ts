/**
 * Renders a node of the outline as chat text keeping its shape: sub-headings in bold, items as
 * items, within a character budget, saying what was cut (« … et 6 autres éléments »).
 */
import type { Chunk } from '../../core/types.js';
import { OPENING_ANAPHORA, OPENING_CONNECTOR } from '../../lang/fr/discourse.js';
import { foldText } from '../../lang/fr/normalize.js';
import { sentenceSpans } from '../../lang/fr/sentences.js';
import { bodyLines, DocumentTree, type TreeNode } from './document-tree.js';

const ITEM = /^\s*([-–—•▪◦●➤►✓]|\*(?=\s)|\d+[°º).]|[a-z]\)|[IVX]+\.\s*[-–—])\s*/;

export function isItemLine(line: string): boolean {
  return ITEM.test(line);
}

/** « - Fonds … » → « - Fonds … »; other bullet styles become « - ». */
function asItem(line: string): string {
  const match = /^\s*([-–—•▪◦●➤►✓]|\*(?=\s))\s*/.exec(line);
  return match ? `- ${line.slice(match[0].length).replace(/\*\*/g, '').trim()}` : line.replace(/\*\*/g, '').trim();
}

export interface RenderedNode {
  lines: string[];
  /** Item lines and sub-sections left out for lack of room. */
  cutItems: number;
  cutSections: number;
  /** Chunks whose text was rendered, in order. */
  chunks: Chunk[];
  items: number;
  /** The chunk each line comes from (undefined for a sub-heading), when the renderer knows it. */
  lineChunks?: (Chunk | undefined)[];
  /** Paragraphs or items were shortened to fit (renderNode's condensing). */
  condensed?: boolean;
}

/**
 * How a sub-section is named above its lines: its label (« Action 3.3 »), or its heading as written
 * when the heading is a sentence the body carries on (« Action 3.3 – Développement des CLAS : 14 »
 * then « collectifs CLAS en 2030 ») or ends (« …financés par la Caf. »): the label would cut it.
 */
function subHeading(node: TreeNode): { text: string; continuation?: string } {
  const written = node.headings.at(-1);
  const label = DocumentTree.label(node);
  if (!written) return { text: label };
  const first = node.chunks[0] ? bodyLines(node.chunks[0])[0]?.trim() : undefined;
  // An item (« a) les projets… ») starts in lower case too, but opens a list, not the heading's end.
  if (first !== undefined && /^\p{Ll}/u.test(first) && !isItemLine(first)) return { text: written, continuation: first };
  return { text: /[.;!]\s*$/.test(written) ? written : label };
}

/** Lines a reader sees for a node: each sub-section's heading, then its body lines. */
function nodeLines(tree: DocumentTree, node: TreeNode, top: TreeNode): { line: string; chunk?: Chunk; heading: boolean; also?: string }[] {
  const out: { line: string; chunk?: Chunk; heading: boolean; also?: string }[] = [];
  // A heading the body carries on is one sentence with its first line: written as one, not in bold.
  let skipFirstLine = false;
  if (node !== top) {
    const { text: written, continuation } = subHeading(node);
    const text = written.replace(/\*\*/g, '').trim();
    // The line joined to the heading counts as said: a later chunk repeating it (a lead-in) does not show it again.
    out.push(continuation !== undefined ? { line: `${text} ${continuation}`, chunk: node.chunks[0], heading: true, also: continuation } : { line: `**${text}**`, heading: true });
    skipFirstLine = continuation !== undefined;
  }
  // Own chunks and children interleave by document order.
  const parts: { order: number; chunk?: Chunk; child?: TreeNode }[] = [
    ...node.chunks.map((chunk) => ({ order: Number(chunk.id.slice(chunk.id.lastIndexOf('#') + 1)), chunk })),
    ...node.children.map((child) => ({ order: child.order, child })),
  ].sort((a, b) => a.order - b.order);
  for (const part of parts) {
    if (part.chunk) {
      const lines = bodyLines(part.chunk);
      for (const line of skipFirstLine && part.chunk === node.chunks[0] ? lines.slice(1) : lines) out.push({ line: asItem(line), chunk: part.chunk, heading: false });
    } else if (part.child) out.push(...nodeLines(tree, part.child, top));
  }
  return out;
}

/** How a node too long to show whole is condensed: each paragraph to its first sentence, each item to its opening words. */
export interface Condensing {
  proseChars: number;
  itemChars: number;
}

/** How much shorter each try at condensing a node's items makes them. */
const ITEM_CAP_STEP = 20;

/** `text` within `max` characters, « … » included, cut after a word when cut. */
function clipped(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 2);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')} …`;
}

/** A paragraph of a condensed node: its first sentence within `proseChars`, « […] » when more followed. */
function condensedParagraph(line: string, condensing: Condensing): string {
  // The first sentence, but not a numbering alone (« II. – »): sentences are taken until one says something.
  const spans = sentenceSpans(line);
  let end = 0;
  for (const span of spans) {
    end = span.end;
    if (/\p{L}{3,}.*\s.*\p{L}{3,}/u.test(line.slice(0, end))) break;
  }
  const sentence = line.slice(0, end || line.length).trim();
  const shown = clipped(sentence, condensing.proseChars);
  // « … » ends a sentence cut short; « […] » says sentences were left out after a whole one.
  return shown === sentence && sentence.length < line.trim().length ? `${sentence} […]` : shown;
}

/** The node, within `budget` characters, in document order; repeated lines (a list's lead-in
 * carried by each of its chunks) are said once. A node too long for the budget is condensed
 * first when `condensing` is given: its shape (sub-headings, every item) is what a reader asking
 * for the whole section wants, more than its first paragraphs in full. */
export function renderNode(tree: DocumentTree, node: TreeNode, budget: number, condensing?: Condensing): RenderedNode {
  // Each line keeps its text as written for telling repeated lines apart: two items cut to the
  // same opening words are still two items.
  const whole = nodeLines(tree, node, node).map((entry) => ({ ...entry, original: entry.line }));
  const size = (entries: typeof whole) => entries.reduce((sum, entry) => sum + entry.line.length + 1, 0);
  let all = whole;
  let condensed = false;
  if (condensing && size(all) > budget) {
    // Condensed no more than it takes: paragraphs first, then items, each to the longest length
    // that lets the whole fit (down to condensing.itemChars; past that it is cut at its end).
    const prose = whole.map((entry) => (entry.heading || isItemLine(entry.line) ? entry : { ...entry, line: condensedParagraph(entry.line, condensing) }));
    const capped = (cap: number) => prose.map((entry) => (!entry.heading && isItemLine(entry.line) ? { ...entry, line: clipped(entry.line, cap) } : entry));
    const longestItem = Math.max(0, ...prose.filter((entry) => !entry.heading && isItemLine(entry.line)).map((entry) => entry.line.length));
    all = prose;
    for (let cap = longestItem - ITEM_CAP_STEP; size(all) > budget && cap >= condensing.itemChars; cap -= ITEM_CAP_STEP) all = capped(cap);
    if (size(all) > budget) all = capped(condensing.itemChars);
    condensed = all.some((entry, at) => entry.line !== whole[at]!.line);
  }
  const seen = new Set<string>();
  const lines: string[] = [];
  const lineChunks: (Chunk | undefined)[] = [];
  const chunks: Chunk[] = [];
  let used = 0;
  let cutItems = 0;
  let cutSections = 0;
  let items = 0;
  let full = false;
  for (const entry of all) {
    // A list's lead-in is carried by each of its chunks: said once per sub-section. Sub-headings
    // and the items of another sub-section (« - État » under two blocks) are kept.
    if (entry.heading) seen.clear();
    if (entry.also !== undefined) seen.add(foldText(asItem(entry.also)));
    const key = foldText(entry.original);
    if (!entry.heading && seen.has(key)) continue;
    seen.add(key);
    if (isItemLine(entry.line)) items += 1;
    if (full || used + entry.line.length + 1 > budget) {
      full = true;
      if (entry.heading) cutSections += 1;
      else if (isItemLine(entry.line)) cutItems += 1;
      else cutItems += 1;
      continue;
    }
    // A sub-heading with no room for anything under it is cut with its content.
    lines.push(entry.line);
    lineChunks.push(entry.chunk);
    used += entry.line.length + 1;
    if (entry.chunk && !chunks.includes(entry.chunk)) chunks.push(entry.chunk);
  }
  while (lines.length > 0 && /^\*\*.*\*\*$/.test(lines.at(-1)!)) {
    lines.pop();
    lineChunks.pop();
    cutSections += 1;
  }
  return { lines, cutItems, cutSections, chunks, items, lineChunks, ...(condensed ? { condensed } : {}) };
}

function firstSentence(text: string): string {
  return /^.*?[.!?](\s|$)/.exec(text)?.[0] ?? text;
}

/**
 * A passage of a section too long to show whole: from `focus` on, as many lines as fit. It opens
 * where a reader can follow: no opening connector, and a pronoun keeps the line before it.
 */
export function renderPassage(tree: DocumentTree, focus: Chunk, budget: number, options: { dropConnector: boolean; keepAntecedent: boolean; fillBefore?: boolean }): RenderedNode {
  const node = tree.nodeOf(focus);
  const siblings = node ? node.chunks : [focus];
  const start = Math.max(0, siblings.indexOf(focus));
  const lines: string[] = [];
  const lineChunks: (Chunk | undefined)[] = [];
  const chunks: Chunk[] = [];
  let used = 0;
  let items = 0;
  let cutItems = 0;
  const seen = new Set<string>();
  const body = bodyLines(focus).map(asItem);
  if (body.length > 0) {
    const folded = foldText(body[0]!);
    const connector = OPENING_CONNECTOR.exec(folded);
    // Folding keeps lengths but for ligatures (« œ »), which no connector holds.
    if (options.dropConnector && connector) {
      const rest = body[0]!.trimStart().slice(connector[0].length);
      body[0] = rest.charAt(0).toUpperCase() + rest.slice(1);
    }
    if (options.keepAntecedent && OPENING_ANAPHORA.test(folded) && start > 0) {
      const previous = bodyLines(siblings[start - 1]!).at(-1);
      if (previous && !isItemLine(previous)) {
        const sentences = previous.split(/(?<=[.!?])\s+/);
        body.unshift(sentences.at(-1) ?? firstSentence(previous));
        chunks.push(siblings[start - 1]!);
      }
    }
  }
  const sequence = [body, ...siblings.slice(start + 1).map((chunk) => bodyLines(chunk).map(asItem))];
  let full = false;
  sequence.forEach((chunkLines, offset) => {
    const chunk = siblings[start + offset] ?? focus;
    for (const line of chunkLines) {
      const key = foldText(line);
      if (seen.has(key)) continue;
      seen.add(key);
      if (isItemLine(line)) items += 1;
      if (full || used + line.length + 1 > budget) {
        // A long sentence is cut at a word rather than lost when nothing was shown yet.
        if (!full && lines.length === 0) {
          const cut = line.slice(0, Math.max(0, budget - 2));
          lines.push(`${cut.slice(0, cut.lastIndexOf(' '))} …`);
          lineChunks.push(chunk);
          used = budget;
          if (!chunks.includes(chunk)) chunks.push(chunk);
        } else cutItems += 1;
        full = true;
        continue;
      }
      lines.push(line);
      lineChunks.push(chunk);
      used += line.length + 1;
      if (!chunks.includes(chunk)) chunks.push(chunk);
    }
  });
  // Room left after the passage and what follows it (it ends its section) goes to the lines just
  // before it, nearest first: a section's last passage (« Enfin, la CPAM s'engage… ») is read with
  // what the section said before it (the list of its engagements).
  if (options.fillBefore && !full && start > 0 && !chunks.includes(siblings[start - 1]!)) {
    for (let at = start - 1; at >= 0; at -= 1) {
      const chunk = siblings[at]!;
      const before = bodyLines(chunk)
        .map(asItem)
        .filter((line) => !seen.has(foldText(line)));
      let taken = 0;
      for (let line = before.length - 1; line >= 0; line -= 1) {
        const text = before[line]!;
        if (used + text.length + 1 > budget) break;
        seen.add(foldText(text));
        lines.unshift(text);
        lineChunks.unshift(chunk);
        if (isItemLine(text)) items += 1;
        used += text.length + 1;
        taken += 1;
      }
      if (taken > 0) chunks.unshift(chunk);
      if (taken < before.length) break;
    }
  }
  return { lines, cutItems, cutSections: 0, chunks, items, lineChunks };
}
