/**
 * Cuts an outline into chunks a person can read: never across a section, ≤ 2,000 characters
 * (aiming at 300–1,200), lists and table rows kept whole, list chunks led by their heading.
 */
import type { Chunk, ChunkKind, SourceLine } from '../core/types.js';
import { breadcrumbOf, type Heading, type Section } from './structure.js';
import { isClauseLine } from './headings.js';
import { formatTableRows } from './table-rows.js';

export { CHUNKER_VERSION } from '../core/versions.js';
const TARGET = 1_200;
const HARD_MAX = 2_000;

interface Block {
  kind: 'paragraph' | 'list' | 'table';
  /** Display lines of the block (table rows already formatted). */
  lines: string[];
  source: SourceLine[];
  /** For a list: the line introducing it (« Ses objectifs sont de : »). */
  leadIn?: string;
  /** A list whose items have no bullets, one per paragraph. */
  bare?: boolean;
}

// French legal and administrative texts bullet their lists with dashes (« – la sous-préfète… ; »):
// items as much as « - ».
const BULLETED = /^\s*(?:[-–—•▪■◦*o➤►▶→✓]|\d{1,2}[.)]|[a-z][.)])\s+\S/;
/** A list item: bulleted, or a legal clause (« 1° », « I. – »), which starts a line of its own, not the end of the paragraph before it. */
function isListItem(text: string): boolean {
  return BULLETED.test(text) || isClauseLine(text);
}
/**
 * Filler lines left by the extraction (ellipses, lone bullets) and rules drawn with one repeated
 * character (« ==== », « ---- », « ____ ») between parts of a plain-text document: not content.
 */
const FILLER = /^\s*(?:(?:[-•]\s*)?(?:\.{3}|…)|([=_~*-])\1{3,})\s*$/;

/**
 * A paragraph's lines as one line. A line ending on a hyphen after a letter was cut inside a
 * compound word (« mi-\nparcours », « Clos-\nFontanille »): the next line continues that word.
 */
export function joinWrappedLines(texts: string[]): string {
  let joined = '';
  for (const text of texts) {
    if (joined === '') joined = text;
    else joined = /\p{L}-$/u.test(joined) && /^\p{L}/u.test(text) ? `${joined}${text}` : `${joined} ${text}`;
  }
  return joined.replace(/\s+/g, ' ');
}

function splitBlocks(body: SourceLine[]): Block[] {
  const groups: SourceLine[][] = [];
  let group: SourceLine[] = [];
  for (const line of body) {
    if (line.text.trim() === '' || FILLER.test(line.text)) {
      if (group.length > 0) groups.push(group);
      group = [];
    } else {
      group.push(line);
    }
  }
  if (group.length > 0) groups.push(group);

  const blocks: Block[] = [];
  for (const lines of groups) {
    const texts = lines.map((line) => line.text.trim());
    const first = texts[0]!;
    const tabbed = texts.filter((text) => text.includes('\t')).length;
    const items = texts.filter((text) => isListItem(text)).length;
    let block: Block;
    if (tabbed >= Math.max(1, texts.length / 2)) {
      block = { kind: 'table', lines: formatTableRows(lines.map((line) => line.text)), source: lines };
    } else if (items >= Math.max(1, texts.length / 2)) {
      // « Ses objectifs sont de : » right above its items (no blank line) leads the list.
      const leadIn = !isListItem(first) && /:\s*$/.test(first) ? first : undefined;
      block = { kind: 'list', lines: mergeWrappedItems(leadIn ? texts.slice(1) : texts), source: lines, leadIn };
    } else {
      block = { kind: 'paragraph', lines: [joinWrappedLines(texts)], source: lines };
    }
    let previous = blocks[blocks.length - 1];
    // Items typeset without bullets, one per paragraph (« le collège Macé d'Hénin-Beaumont (REP) »),
    // after a « … sont : » line or another such item: short lines that are not sentences.
    const bareItem = block.kind === 'paragraph' && lines.length === 1 && first.length <= 200 && !/[.!?:]$/.test(first);
    if (bareItem && previous?.kind === 'list' && previous.bare) {
      previous.lines.push(first);
      previous.source.push(...lines);
      continue;
    }
    if (bareItem && previous?.kind === 'paragraph' && previous.source.length <= 3 && /:\s*$/.test(previous.lines[0]!) && previous.lines[0]!.length <= 300) {
      blocks.pop();
      blocks.push({ kind: 'list', lines: [first], source: [...previous.source, ...lines], leadIn: previous.lines[0]!, bare: true });
      continue;
    }
    // A page break can cut an item: its tail (« ASE ; ») is a short line that ends like an item.
    if (block.kind === 'paragraph' && previous?.kind === 'list' && lines.length === 1 && first.length <= 80 && /[;,]$/.test(first)) {
      previous.lines[previous.lines.length - 1]! += ` ${first}`;
      previous.source.push(...lines);
      continue;
    }
    // Consecutive list blocks separated by blank lines are one list; a « … : » paragraph leads it.
    // A list with a lead-in of its own (« Le comité apprécie les projets au regard des critères
    // suivants : ») is another list: merged, its lead-in would be lost between two sets of items.
    if (block.kind === 'list' && previous?.kind === 'list' && !block.leadIn) {
      previous.lines.push(...block.lines);
      previous.source.push(...block.source);
      continue;
    }
    if (block.kind === 'list' && !block.leadIn && previous?.kind === 'paragraph' && /:\s*$/.test(previous.lines[0]!) && previous.lines[0]!.length <= 300) {
      blocks.pop();
      block.leadIn = previous.lines[0]!;
      block.source = [...previous.source, ...block.source];
    } else if (block.kind === 'list' && !block.leadIn && previous?.kind === 'paragraph' && previous.source.length === 1 && previous.lines[0]!.length <= 80 && !/[.!?]$/.test(previous.lines[0]!)) {
      // A short unpunctuated line right above a list is its first item, typeset without a bullet
      // (above a list led by its own « … : » line, it is a title).
      blocks.pop();
      block.lines.unshift(previous.lines[0]!);
      block.source = [...previous.source, ...block.source];
      previous = blocks[blocks.length - 1];
      if (previous?.kind === 'list') {
        previous.lines.push(...block.lines);
        previous.source.push(...block.source);
        continue;
      }
    }
    if (block.lines.length > 0) blocks.push(block);
  }
  return blocks;
}

/** PDF extraction wraps long items: a line that is not an item continues the previous one. */
function mergeWrappedItems(texts: string[]): string[] {
  const merged: string[] = [];
  for (const text of texts) {
    if (isListItem(text) || merged.length === 0) merged.push(text);
    else merged[merged.length - 1] += ` ${text}`;
  }
  return merged;
}

function splitSentences(text: string, max: number): string[] {
  const sentences = text.match(/[^.!?;]+(?:[.!?;]+|$)\s*/g) ?? [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > max) {
      pieces.push(current.trim());
      current = '';
    }
    if (sentence.length > max) {
      for (let start = 0; start < sentence.length; start += max) pieces.push(sentence.slice(start, start + max).trim());
    } else {
      current += sentence;
    }
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces;
}

interface Draft {
  kind: ChunkKind;
  lines: string[];
  source: SourceLine[];
  headingLines?: number;
}

function draftLength(draft: Draft): number {
  return draft.lines.reduce((sum, line) => sum + line.length + 1, 0);
}

/** Breaks one block into pieces that each fit, keeping rows and items whole. */
function blockPieces(block: Block, heading: string | undefined): Draft[] {
  const kind: ChunkKind = block.kind === 'paragraph' ? 'text' : block.kind;
  const lead = block.leadIn ?? (block.kind === 'list' ? heading : undefined);
  const leadLines = lead ? [lead] : [];
  const whole: Draft = { kind, lines: [...leadLines, ...block.lines], source: block.source };
  if (draftLength(whole) <= TARGET) return [whole];
  if (block.kind === 'paragraph') {
    return splitSentences(block.lines[0]!, TARGET).map((piece) => ({ kind, lines: [piece], source: block.source }));
  }
  const pieces: Draft[] = [];
  let current: Draft = { kind, lines: [...leadLines], source: block.source };
  for (const line of block.lines) {
    const item = line.length > HARD_MAX - 200 ? `${line.slice(0, HARD_MAX - 201)}…` : line;
    if (current.lines.length > leadLines.length && draftLength(current) + item.length + 1 > TARGET) {
      pieces.push(current);
      current = { kind, lines: [...leadLines], source: block.source };
    }
    current.lines.push(item);
  }
  if (current.lines.length > leadLines.length) pieces.push(current);
  return pieces;
}

function spanOf(source: SourceLine[]) {
  const lines = source.map((line) => line.line);
  const pages = source.map((line) => line.page).filter((page): page is number => page !== undefined);
  return {
    lineStart: Math.min(...lines),
    lineEnd: Math.max(...lines),
    ...(pages.length > 0 ? { pageStart: Math.min(...pages), pageEnd: Math.max(...pages) } : {}),
  };
}

/**
 * Source lines a piece really covers: a list or table split over chunks must not claim the
 * whole block's line range. Lines are matched by their text; when none match (a paragraph
 * re-flowed into sentences), the block's range is kept.
 */
function narrowSource(draft: Draft): SourceLine[] {
  const text = draft.lines.join('\n');
  const matched = draft.source.filter((line) => {
    const probe = line.text.trim().slice(0, 60);
    return probe.length > 0 && text.includes(probe);
  });
  return matched.length > 0 ? matched : draft.source;
}

/**
 * Takes a draft's last line away when it only introduces what comes next (« Les actions menées
 * pour 2023 : »), so the next chunk can open with it. Heading lines stay where they are.
 */
function trailingLeadIn(draft: Draft): { line: string; source: SourceLine[] } | undefined {
  const last = draft.lines[draft.lines.length - 1];
  if (last === undefined || draft.lines.length <= (draft.headingLines ?? 0) + 1 || !/:\s*$/.test(last) || last.length > 300) return undefined;
  draft.lines.pop();
  const probe = last.slice(0, 60);
  // Its own source lines: long enough not to match by accident (« 2023 » is in many lead-ins).
  return { line: last, source: draft.source.filter((line) => (line.text.trim().length >= 12 && last.includes(line.text.trim().slice(0, 60))) || line.text.includes(probe)) };
}

export function chunkSections(file: string, sections: Section[]): Chunk[] {
  return [...sectionChunks(file, sections)];
}

/**
 * The chunks of `chunkSections`, given as soon as they are made: a section's chunks once the next
 * section is known (a heading with no body of its own is carried into it), so a large file's
 * first chunks are analysed while its last sections are still being outlined.
 */
export function* sectionChunks(file: string, sections: Iterable<Section>): Generator<Chunk> {
  /** Chunks made and not given yet. */
  const chunks: Chunk[] = [];
  let made = 0;
  const push = (section: Section, breadcrumb: string[], draft: Draft) => {
    const text = draft.lines.join('\n').trim();
    if (text.length < 2) return;
    chunks.push({
      id: `${file}#${made++}`,
      file,
      breadcrumb,
      headings: (draft.kind === 'heading' ? section.path.slice(0, -1) : section.path).map((heading) => heading.text),
      sectionId: section.id,
      kind: draft.kind,
      text,
      ...(draft.headingLines ? { headingLines: draft.headingLines } : {}),
      // Restated parent headings sit far above: the span covers the section's own lines only.
      ...spanOf(narrowSource(draft).filter((line, _index, all) => !restated.has(line) || all.every((other) => restated.has(other)))),
    });
  };

  // Headings with no body of their own (a summary diagram listing objectives) are kept together
  // as one outline chunk under their parent, so their titles stay searchable. A lone one is kept
  // when it is a statement: a list item set as a numbered heading (« Action 2.3 – Déploiement de
  // deux promeneurs du net, financés par la Caf. ») between two that have a body is all the
  // document says of it. Other lone titles wait for `keepClosedEmptyHeadings`.
  let outlineRun: { section: Section; breadcrumb: string[]; lines: string[]; source: SourceLine[] } | undefined;
  /** Headings on the path of an outline chunk made: its breadcrumb shows them, they need no line of their own. */
  const represented = new Set<Heading>();
  const flushOutline = () => {
    if (outlineRun && (outlineRun.lines.length >= 2 || (outlineRun.lines.length === 1 && /[.;!]\s*$/.test(outlineRun.lines[0]!)))) {
      push(outlineRun.section, outlineRun.breadcrumb, { kind: 'heading', lines: outlineRun.lines, source: outlineRun.source });
      for (const heading of outlineRun.section.path) represented.add(heading);
    } else if (outlineRun) {
      closedTitles.push({ section: outlineRun.section, breadcrumb: outlineRun.breadcrumb, source: outlineRun.source[0]! });
    }
    outlineRun = undefined;
  };

  let carried: { heading: Heading; section: Section }[] = [];
  /** Lone titles the outline closed before any section came under them. */
  let closedTitles: { section: Section; breadcrumb: string[]; source: SourceLine }[] = [];
  /**
   * Headings with no body that the next section with one is not under (« Axe 1 – Réussite
   * éducative » then « Objectif stratégique 1.1 », closed by a « Fiche action n° 1 » of the same
   * rank) are the document's words, not to be lost. Lines of one branch (each under the one
   * before it or beside it) become an outline chunk under the first one's parent, within the
   * chunk size. A lone numbered heading is an item the document names and says no more of
   * (« Action 2.1 – Préparation de la mise en place de France Travail » before « Action 2.2 »): a
   * chunk too. A lone unnumbered title says nothing on its own.
   */
  const keepClosedEmptyHeadings = (path: Heading[]): void => {
    const lines = [
      ...carried.filter(({ heading }) => !path.includes(heading) && !represented.has(heading)).map(({ section }) => ({ section, breadcrumb: breadcrumbOf(section.path.slice(0, -1)) })),
      ...closedTitles,
    ]
      .map((line) => {
        const heading = line.section.path.at(-1)!;
        return { ...line, heading, source: { text: heading.raw, line: heading.line, page: heading.page }, crumb: breadcrumbOf(line.section.path).at(-1) };
      })
      .sort((a, b) => a.source.line - b.source.line);
    closedTitles = [];
    let group: typeof lines = [];
    const flush = () => {
      const first = group[0];
      if (first && (group.length >= 2 || (first.heading.number !== undefined && first.heading.family !== 'local'))) {
        push(first.section, first.breadcrumb, { kind: 'heading', lines: group.map((line) => line.source.text), source: group.map((line) => line.source) });
      }
      group = [];
    };
    for (const line of lines) {
      const first = group[0];
      // Same branch: under the first line's parent, through headings of the group only.
      const crumbs = new Set(group.map((member) => member.crumb));
      const sameBranch = first?.breadcrumb.every((crumb, index) => line.breadcrumb[index] === crumb) === true && line.breadcrumb.slice(first.breadcrumb.length).every((crumb) => crumbs.has(crumb));
      const fits = draftLength({ kind: 'heading', lines: [...group.map((member) => member.source.text), line.source.text], source: [] }) <= TARGET;
      if (!sameBranch || !fits) flush();
      group.push(line);
    }
    flush();
  };
  const restated = new Set<SourceLine>();
  const sectionsLeft = sections[Symbol.iterator]();
  let upcoming = sectionsLeft.next();
  while (!upcoming.done) {
    const section = upcoming.value;
    upcoming = sectionsLeft.next();
    const next = upcoming.done ? undefined : upcoming.value;
    yield* chunks.splice(0);
    const breadcrumb = breadcrumbOf(section.path);
    const own = section.path[section.path.length - 1];
    const blocks = splitBlocks(section.body);
    if (blocks.length === 0) {
      if (!own) continue;
      // A heading whose next section lies under it is written at the top of that section's first chunk.
      if (next?.path.includes(own)) {
        carried.push({ heading: own, section });
        continue;
      }
      const parentCrumb = breadcrumbOf(section.path.slice(0, -1));
      const headingLine = { text: own.raw, line: own.line, page: own.page };
      if (
        !outlineRun ||
        outlineRun.breadcrumb.join('›') !== parentCrumb.join('›').slice(0, outlineRun.breadcrumb.join('›').length) ||
        draftLength({ kind: 'heading', lines: outlineRun.lines, source: [] }) > TARGET
      ) {
        flushOutline();
        outlineRun = { section, breadcrumb: parentCrumb, lines: [], source: [] };
      }
      outlineRun.lines.push(own.raw);
      outlineRun.source.push(headingLine);
      continue;
    }
    flushOutline();

    // The first chunk of a section opens with the heading as written: quotes and readers need it.
    // Only empty headings above this section are repeated (not those of a closed sibling subtree).
    keepClosedEmptyHeadings(section.path);
    const parents = carried.filter(({ heading }) => heading !== own && section.path.includes(heading)).map(({ heading }) => ({ text: heading.raw, line: heading.line, page: heading.page }));
    for (const line of parents) restated.add(line);
    const headingSource = [...parents, ...(own ? [{ text: own.raw, line: own.line, page: own.page }] : [])];
    carried = [];
    let current: Draft | undefined = headingSource.length > 0 ? { kind: 'text', lines: headingSource.map((line) => line.text), source: headingSource, headingLines: headingSource.length } : undefined;
    let onlyHeading = current !== undefined;
    for (const block of blocks) {
      for (const piece of blockPieces(block, own?.raw)) {
        if (onlyHeading && current && piece.lines[0] === own?.raw) {
          // A list piece already led by the section heading: do not repeat it.
          const parents = current.lines.slice(0, -1);
          current = { ...piece, lines: [...parents, ...piece.lines], source: [...current.source, ...piece.source], headingLines: parents.length + 1 };
          onlyHeading = false;
          continue;
        }
        // A heading never stands alone: the first piece joins it whenever the hard limit allows.
        const fits = current && draftLength(current) + draftLength(piece) <= (onlyHeading ? HARD_MAX : TARGET);
        onlyHeading = false;
        if (current && fits) {
          if (piece.kind === 'list' || piece.kind === 'table') current.kind = piece.kind;
          // A list led by the section heading, joining a chunk that already shows it: once is enough.
          const repeatsHeading = own !== undefined && piece.lines[0] === own.raw && current.lines.includes(own.raw);
          current.lines.push(...(repeatsHeading ? piece.lines.slice(1) : piece.lines));
          current.source = [...current.source, ...piece.source];
        } else {
          // A line ending in « : » announces what follows: it opens the next chunk, never closes one.
          const leadIn = current ? trailingLeadIn(current) : undefined;
          if (current) push(section, breadcrumb, current);
          current = leadIn
            ? { ...piece, lines: [leadIn.line, ...piece.lines], source: [...leadIn.source, ...piece.source], headingLines: 0 }
            : { ...piece, lines: [...piece.lines], headingLines: own && piece.lines[0] === own.raw ? 1 : 0 };
        }
      }
    }
    if (current) push(section, breadcrumb, current);
  }
  flushOutline();
  // Closing headings with nothing after them.
  keepClosedEmptyHeadings([]);
  yield* chunks.splice(0);
}
