/**
 * Turns mammoth's HTML into the markdown-like lines of the .txt corpus, so the structure
 * parser sees one convention whatever the source format:
 *   headings `# …` to `###### …`, list items `- …` (ordered: `1. …`, nested: indented by one
 *   space per level, as in the corpus), bold-only paragraphs `**…**`, table rows with cells
 *   joined by a TAB (header row first), and a blank line between blocks.
 * mammoth's HTML is regular (no attributes we need besides href/id, no comments, no scripts),
 * so a tiny tokenizer and tree are enough.
 */

interface ElementNode {
  tag: string;
  attrs: string;
  children: Node[];
}
type Node = ElementNode | string;

const VOID_TAGS = new Set(['br', 'img', 'hr']);
const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g;

const ENTITIES = new Map<string, string>(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }));

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return ENTITIES.get(body) ?? whole;
  });
}

export function parseHtml(html: string): ElementNode {
  const root: ElementNode = { tag: '#root', attrs: '', children: [] };
  const stack: ElementNode[] = [root];
  for (const match of html.matchAll(TOKEN)) {
    const [, closing, rawTag = '', attrs = '', text] = match;
    const top = stack[stack.length - 1]!;
    if (text !== undefined) {
      top.children.push(decodeEntities(text));
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (closing) {
      // Close up to the matching tag; an unmatched closing tag is ignored.
      const at = stack.map((node) => node.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const node: ElementNode = { tag, attrs, children: [] };
    top.children.push(node);
    if (!VOID_TAGS.has(tag) && !attrs.trimEnd().endsWith('/')) stack.push(node);
  }
  return root;
}

function isElement(node: Node): node is ElementNode {
  return typeof node !== 'string';
}

/** Footnote back-links (« ↑ ») that mammoth appends to each note: noise in extracted text. */
function isBackLink(node: ElementNode): boolean {
  return node.tag === 'a' && /href="#(footnote|endnote)-ref-/.test(node.attrs);
}

/** Inline text of a node; `<br>` becomes `breakWith` (a newline in paragraphs, a space in cells). */
function inlineText(node: Node, breakWith: string): string {
  if (!isElement(node)) return node;
  if (node.tag === 'br') return breakWith;
  if (node.tag === 'img' || isBackLink(node)) return '';
  const parts = node.children.map((child) => inlineText(child, breakWith));
  // Block children (several <p> in a cell or list item) must not run into each other.
  const separator = node.children.some((child) => isElement(child) && BLOCK_TAGS.has(child.tag)) ? ' ' : '';
  return parts.join(separator);
}

const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th']);

/** Collapses runs of spaces (not tabs: a tab separates columns, as in the corpus TOC lines). */
function tidy(text: string): string {
  return text
    .replace(/[ \u00a0]*\n[ \u00a0]*/g, '\n')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Cell or heading text: one line, no tab (a tab would split a table cell). */
function oneLine(text: string): string {
  return text
    .replace(/[\t\n\r]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** True when every non-blank piece of the paragraph sits inside <strong>. */
function isBoldOnly(node: ElementNode): boolean {
  let sawText = false;
  const walk = (child: Node, bold: boolean): boolean => {
    if (!isElement(child)) {
      if (child.trim() === '') return true;
      sawText = true;
      return bold;
    }
    if (isBackLink(child)) return true;
    return child.children.every((grandChild) => walk(grandChild, bold || child.tag === 'strong' || child.tag === 'b'));
  };
  return node.children.every((child) => walk(child, false)) && sawText;
}

function listLines(list: ElementNode, depth: number): string[] {
  const lines: string[] = [];
  let ordinal = 0;
  for (const item of list.children) {
    if (!isElement(item) || item.tag !== 'li') continue;
    ordinal++;
    const ownContent = item.children.filter((child) => !(isElement(child) && (child.tag === 'ul' || child.tag === 'ol')));
    const text = oneLine(ownContent.map((child) => inlineText(child, ' ')).join(' '));
    const marker = list.tag === 'ol' ? `${ordinal}.` : '-';
    if (text !== '') lines.push(`${' '.repeat(depth)}${marker} ${text}`);
    for (const child of item.children) {
      if (isElement(child) && (child.tag === 'ul' || child.tag === 'ol')) lines.push(...listLines(child, depth + 1));
    }
  }
  return lines;
}

function tableLines(table: ElementNode): string[] {
  const rows: ElementNode[] = [];
  const collect = (node: ElementNode): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.tag === 'tr') rows.push(child);
      else if (child.tag === 'thead' || child.tag === 'tbody' || child.tag === 'tfoot') collect(child);
    }
  };
  collect(table);
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.children.filter((cell): cell is ElementNode => isElement(cell) && (cell.tag === 'td' || cell.tag === 'th'));
    const texts = cells.map((cell) => oneLine(inlineText(cell, ' ')));
    if (texts.some((text) => text !== '')) lines.push(texts.join('\t'));
  }
  return lines;
}

/** Lines of one block-level node; an empty array when it carries no text. */
function blockLines(node: Node): string[] {
  if (!isElement(node)) {
    const text = tidy(node);
    return text === '' ? [] : text.split('\n');
  }
  const heading = /^h([1-6])$/.exec(node.tag);
  if (heading) {
    const text = oneLine(inlineText(node, ' '));
    return text === '' ? [] : [`${'#'.repeat(Number(heading[1]))} ${text}`];
  }
  if (node.tag === 'ul' || node.tag === 'ol') return listLines(node, 0);
  if (node.tag === 'table') return tableLines(node);
  if (node.tag === 'p') {
    const text = tidy(inlineText(node, '\n'));
    if (text === '') return [];
    if (isBoldOnly(node)) return text.split('\n').map((line) => `**${line}**`);
    return text.split('\n');
  }
  // Anything else at block level (a stray inline run, an unknown wrapper): its text as lines.
  const text = tidy(inlineText(node, '\n'));
  return text === '' ? [] : text.split('\n');
}

/** Lines of a whole mammoth HTML document, blocks separated by one blank line. */
export function htmlToLines(html: string): string[] {
  const lines: string[] = [];
  for (const node of parseHtml(html).children) {
    const block = blockLines(node);
    if (block.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(...block);
  }
  return lines;
}
