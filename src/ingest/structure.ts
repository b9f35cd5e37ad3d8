/**
 * Turns a SourceDocument into an outline: a flat list of sections, each with the path of headings
 * above it and its body lines. Chunks never cross a section boundary.
 */
import type { SourceDocument, SourceLine } from '../core/types.js';
import { contentsKey, headingKey, isClauseLine, isTableOfContentsLine, matchHeading, type HeadingMatch } from './headings.js';
import { isPlaceholderLine } from '../lang/fr/placeholders.js';
import { foldText } from '../lang/fr/normalize.js';
import { withoutPageFurniture } from './page-furniture.js';

/** How far below its Markdown parent a plain Markdown heading is ranked (its level, not its rank, closes it: see openSection). */
const MARKDOWN_CHILD_RANK = 0.05;

/** A Markdown heading that is not of a numbered family: its level says where it sits. */
function isPlainMarkdown(heading: HeadingMatch): boolean {
  return heading.markdownLevel !== undefined && (heading.family === 'markdown' || heading.family === 'local' || heading.family === 'upper');
}

export interface Heading extends HeadingMatch {
  line: number;
  page?: number;
  /** Full heading text (label + title), e.g. « Objectif #18 : Lever les freins à la mobilité ». */
  text: string;
  /** The heading as written in the document (wrapped lines joined), quoted in chunks. */
  raw: string;
}

export interface Section {
  id: string;
  /** Headings from the top of the document down to this section's own heading. */
  path: Heading[];
  body: SourceLine[];
}

const NUMBERED_RANK_FOR_LABELS = 4;
/** Keys (headingKey) of front-matter headings: they precede the numbered parts as siblings. */
const FRONT_MATTER = /^(preambule|expose des motif|visa|considerant|sommaire|table des matiere|introduction generale)$/;

/** Titles listed in the table of contents (dot-leader lines), folded, to recognise them in the body. */
function readTableOfContents(lines: SourceLine[]): Set<string> {
  const titles = new Set<string>();
  const nonBlank = lines.filter((line) => line.text.trim() !== '');
  nonBlank.forEach(({ text }, index) => {
    // An entry whose dot leaders were lost in extraction (« Titre<TAB>49 ») still belongs to the
    // table of contents when an entry with leaders stands next to it.
    const bare = /^\S.{3,}\t\s*\d{1,3}\s*$/.test(text) && [nonBlank[index - 1], nonBlank[index + 1]].some((next) => next !== undefined && isTableOfContentsLine(next.text));
    if (!isTableOfContentsLine(text) && !bare) return;
    const title = text
      .replace(/\t/g, ' ')
      .replace(/(\.{4,}|…{2,})\s*\d*\s*$/, '')
      .replace(/^\[[^\]]*\]\s*/, '')
      .replace(/\s+\d{1,3}\s*$/, '')
      .trim();
    if (title.length >= 4) titles.add(contentsKey(title));
  });
  return titles;
}

/** A table of contents without dot leaders lists at least this many headings in a row. */
const MIN_CONTENTS_RUN = 3;
const MAX_CONTENTS_LINE = 100;

/**
 * Lines of a table of contents that lost its dot leaders (« Sommaire », then « Partie 1 – … »,
 * « Partie 2 – … »): a run of short lines that each appear exactly once more later, in the same
 * order, each later copy separated from the next by body text. A list repeated elsewhere (the
 * same actors under two objectives) repeats as a run too, so it is not taken for navigation.
 */
function contentsRun(lines: SourceLine[], lineKeys: string[]): Set<number> {
  const skipped = new Set<number>();
  const nonBlank = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.text.trim() !== '');
  // Each line's key is computed once: the search below looks at later lines again and again.
  const keys = nonBlank.map(({ index }) => lineKeys[index]!);
  // An entry appears twice, in the contents and as its heading; labels that recur from section
  // to section (« État des lieux ») are not entries.
  const positionsByKey = new Map<string, number[]>();
  keys.forEach((key, position) => {
    const positions = positionsByKey.get(key);
    if (positions) positions.push(position);
    else positionsByKey.set(key, [position]);
  });
  let start = 0;
  while (start < nonBlank.length) {
    const positions: number[] = [];
    let end = start;
    let after = start + 1;
    for (; end < nonBlank.length; end += 1) {
      const entry = nonBlank[end]!;
      const text = entry.line.text.trim();
      if (text.length > MAX_CONTENTS_LINE || /^[-•*]\s/.test(text) || end - start > 40) break;
      const occurrences = positionsByKey.get(keys[end]!)!;
      if (occurrences.length !== 2) break;
      // The first copy of this line after the previous entry's copy (and after the line itself).
      const from = Math.max(after, end + 1);
      const found = occurrences.find((position) => position >= from) ?? -1;
      // Later copies come in order, with body text between two of them.
      if (found < 0 || (positions.length > 0 && found - positions.at(-1)! < 2)) break;
      positions.push(found);
      after = found + 1;
    }
    if (end - start >= MIN_CONTENTS_RUN) {
      for (let index = start; index < end; index += 1) skipped.add(nonBlank[index]!.index);
      start = end;
    } else start += 1;
  }
  return skipped;
}

/** Titles of a table of contents, as headingKey gives them. */
const CONTENTS_TITLE = /^(sommaire|table des matieres)$/;
/** A table of contents lists at most this many entries. */
const MAX_CONTENTS_ENTRIES = 80;

/**
 * A table of contents under its title (« Sommaire ») whose entries do not all come back word for
 * word as headings (« Axe 1 – Emploi (objectifs 1 à 4) », a title wrapped in the body): it runs
 * from the title to where its first entry comes back as the body's first heading. Those lines,
 * title included, are navigation; read as headings, the last entry (« Annexe 2 – … ») would hold
 * the whole document.
 */
function contentsUnderTitle(lines: SourceLine[], lineKeys: string[]): Set<number> {
  const skipped = new Set<number>();
  const nonBlank = lines.map((line, index) => ({ text: line.text.trim().replace(/\*\*/g, ''), index })).filter(({ text }) => text !== '');
  nonBlank.forEach(({ index }, title) => {
    if (!CONTENTS_TITLE.test(lineKeys[index]!)) return;
    const first = nonBlank[title + 1];
    if (!first) return;
    const firstKey = headingKey(first.text);
    let end = -1;
    for (let entry = title + 2; entry < Math.min(nonBlank.length, title + 2 + MAX_CONTENTS_ENTRIES); entry += 1) {
      const text = nonBlank[entry]!.text;
      if (headingKey(text) === firstKey) {
        end = entry;
        break;
      }
      if (text.length > MAX_CONTENTS_LINE) break;
    }
    if (end - title - 1 < MIN_CONTENTS_RUN) return;
    // Entries are titles, not sentences: a « Sommaire » section written as prose keeps its lines.
    const entries = nonBlank.slice(title + 1, end);
    if (entries.filter(({ text }) => /[.!?]$/.test(text)).length * 3 > entries.length) return;
    for (let entry = title; entry < end; entry += 1) skipped.add(nonBlank[entry]!.index);
  });
  return skipped;
}

function repeatedShortLines(lines: SourceLine[], lineKeys: string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const [index, { text }] of lines.entries()) {
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > 60) continue;
    const key = lineKeys[index]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count > 1).map(([key]) => key));
}

function isBlank(line: SourceLine | undefined): boolean {
  return line === undefined || line.text.trim() === '';
}

function nextNonBlank(lines: SourceLine[], from: number): number {
  let index = from;
  while (index < lines.length && isBlank(lines[index])) index += 1;
  return index;
}

/**
 * A numbered heading written « Objectif #18 : » often has its title on the next line(s), possibly
 * bold and wrapped (« **Prévenir les violences,\naccompagner les\nvictimes** »). Returns the title
 * and how many lines it used.
 */
function readDetachedTitle(lines: SourceLine[], start: number): { title: string; consumed: number } | undefined {
  const first = nextNonBlank(lines, start);
  if (first >= lines.length || first - start > 2) return undefined;
  const firstText = lines[first]!.text.trim();
  if (firstText.includes('\t') || /^[-•]\s/.test(firstText) || isClauseLine(firstText)) return undefined;
  // A sentence (« Toute personne … a droit … ».) is the section's first line: titles are unpunctuated.
  if (/[^.][.;]$/.test(firstText)) return undefined;
  if (firstText.startsWith('**')) {
    const parts: string[] = [];
    for (let index = first; index < Math.min(lines.length, first + 8); index += 1) {
      const text = lines[index]!.text.trim();
      if (!text) break;
      parts.push(text);
      if (text.endsWith('**')) {
        return { title: parts.join(' ').replace(/\*\*/g, '').trim(), consumed: index + 1 - start };
      }
    }
    return undefined;
  }
  // « ENJEU #2 » directly followed by « Ambition 5 : … » has no title of its own.
  const neutral = { currentRank: 0, insideNumberedItem: false, previousBlank: true, nextBlank: true, tocTitles: new Set<string>() };
  const next = matchHeading(firstText, neutral);
  if (next && next.number !== undefined) return undefined;
  if (firstText.length <= 140 && !/:$/.test(firstText)) {
    return { title: firstText.replace(/\*\*/g, ''), consumed: first + 1 - start };
  }
  return undefined;
}

/**
 * Bold spans wrapped over several lines (« **STRATÉGIE … DANS LE\nPAS-DE-CALAIS … 2023** ») are
 * one logical line: a heading must not become three.
 */
function joinWrappedBold(lines: SourceLine[]): SourceLine[] {
  const joined: SourceLine[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const text = line.text.trim();
    const opens = text.startsWith('**') && (text.match(/\*\*/g) ?? []).length % 2 === 1;
    if (opens) {
      let end = index + 1;
      while (end < lines.length && end - index < 6 && lines[end]!.text.trim() !== '' && !lines[end]!.text.includes('**')) end += 1;
      if (end < lines.length && lines[end]!.text.trim().endsWith('**') && end - index < 6) {
        const parts = lines.slice(index, end + 1).map((part) => part.text.trim());
        joined.push({ ...line, text: parts.join(' ') });
        index = end;
        continue;
      }
    }
    joined.push(line);
  }
  return joined;
}

export function buildOutline(document: SourceDocument): Section[] {
  return [...outlineSections(document)];
}

/** A section that says something: a line of text, or a heading. */
function kept(section: Section): boolean {
  return section.body.some((line) => line.text.trim() !== '') || section.path.length > 0;
}

/**
 * The sections of `buildOutline`, each given as soon as the next one opens (it is never changed
 * after): a large file's first sections are chunked and analysed while the rest is outlined.
 */
export function* outlineSections(document: SourceDocument): Generator<Section> {
  const lines = joinWrappedBold(withoutPageFurniture(document.lines));
  const tocTitles = readTableOfContents(lines);
  // The heading key of each non-blank line without its bold marks, worked out once for the three
  // searches below (a large file's lines are too many for `headingKey`'s own memory).
  const lineKeys = lines.map((line) => {
    const text = line.text.trim();
    return text === '' ? '' : headingKey(text.replace(/\*\*/g, ''));
  });
  const contents = contentsRun(lines, lineKeys);
  for (const index of contentsUnderTitle(lines, lineKeys)) contents.add(index);
  for (const index of contents) tocTitles.add(contentsKey(lines[index]!.text.trim().replace(/\*\*/g, '')));
  const repeatedLines = repeatedShortLines(lines, lineKeys);
  // Sections opened so far (their ids count them all, kept or not).
  let opened = 1;
  const stack: Heading[] = [];
  let current: Section = { id: `${document.file}::0`, path: [], body: [] };

  // Numbered headings an unnumbered one closed (a banner « ENFANCE » between « Axe 1 » and
  // « Action 1.1 »), with the path they had: numbering says « Action 1.1 » belongs to « Axe 1 ».
  let interrupted: Heading[] | undefined;
  const openSection = (written: Heading) => {
    // « ### État des lieux » under « ## Axe 1 »: a Markdown heading ranked by its level alone
    // would be a sibling of the numbered heading its « # » count puts it under. It goes right
    // below the deepest open heading of a lower level.
    let heading = written;
    const level = written.markdownLevel;
    if (level !== undefined) {
      // Whatever its family, a Markdown heading closes the plain ones of its level or deeper
      // (« ### Partenaires » is closed by « ### Objectif 1.1 », « ## Présentation » by « ## Titre I »).
      while (stack.length > 0 && isPlainMarkdown(stack[stack.length - 1]!) && stack[stack.length - 1]!.markdownLevel! >= level) stack.pop();
      if (isPlainMarkdown(written)) {
        const parent = [...stack].reverse().find((open) => open.markdownLevel !== undefined && open.markdownLevel < level);
        if (parent) heading = { ...written, rank: parent.rank + MARKDOWN_CHILD_RANK };
      }
    }
    const numbered = heading.number !== undefined && heading.family !== 'local';
    // Front matter (« Préambule », « Exposé des motifs ») is a sibling of the numbered parts, never their parent.
    while (numbered && stack.length > 0 && FRONT_MATTER.test(headingKey(stack[stack.length - 1]!.title || stack[stack.length - 1]!.label))) stack.pop();
    const parentNumber = numbered && heading.number!.includes('.') ? heading.number!.slice(0, heading.number!.lastIndexOf('.')) : undefined;
    if (parentNumber && interrupted && !stack.some((open) => open.number === parentNumber)) {
      const at = interrupted.findIndex((open) => open.number === parentNumber && open.rank < heading.rank);
      if (at >= 0) stack.splice(0, stack.length, ...interrupted.slice(0, at + 1));
    }
    const closed: Heading[] = [];
    while (stack.length > 0 && stack[stack.length - 1]!.rank >= heading.rank) closed.unshift(stack.pop()!);
    if (!numbered && closed.some((open) => open.number !== undefined && open.family !== 'local')) interrupted = [...stack, ...closed];
    else if (numbered) interrupted = parentNumber && interrupted ? interrupted : undefined;
    stack.push(heading);
    current = { id: `${document.file}::${opened}`, path: [...stack], body: [] };
    opened += 1;
  };

  let placeholderClosed = false;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const text = line.text;
    if (isTableOfContentsLine(text) || contents.has(index)) continue; // a table of contents is navigation, not content
    if (text.trim() === '') {
      current.body.push(line);
      continue;
    }
    // A placeholder (« En attente ») is the whole content of its section: it is never a heading,
    // and what follows it without a heading of its own is another part, not that section's.
    if (isPlaceholderLine(foldText(text.replace(/\*\*/g, '')))) {
      current.body.push(line);
      if (current.body.filter((one) => one.text.trim() !== '').length === 1 && stack.length > 0) placeholderClosed = true;
      continue;
    }
    const next = nextNonBlank(lines, index + 1);
    const deepest = stack.length > 0 ? stack[stack.length - 1]!.rank : 0;
    const match = matchHeading(text, {
      currentRank: deepest,
      insideNumberedItem: stack.some((heading) => heading.number !== undefined && heading.rank >= NUMBERED_RANK_FOR_LABELS && heading.family !== 'local'),
      previousBlank: isBlank(lines[index - 1]),
      nextBlank: isBlank(lines[index + 1]),
      nextLine: lines[next]?.text,
      tocTitles,
      repeatedLines,
      openNumbers: stack.flatMap((heading) => (heading.number !== undefined ? [heading.number] : [])),
    });
    if (placeholderClosed) {
      // The placeholder's heading is closed: a heading that follows is its sibling, text its parent's.
      stack.pop();
      if (!match) {
        if (kept(current)) yield current;
        current = { id: `${document.file}::${opened}`, path: [...stack], body: [] };
        opened += 1;
      }
    }
    placeholderClosed = false;
    if (!match) {
      current.body.push(line);
      continue;
    }
    let title = match.title;
    let raw = text
      .trim()
      .replace(/\*\*/g, '')
      .replace(/^#+\s*/, '');
    if (match.number !== undefined && title === '') {
      const detached = readDetachedTitle(lines, index + 1);
      if (detached) {
        title = detached.title;
        raw = `${raw} ${detached.title}`;
        index += detached.consumed;
      }
    }
    // A run-in heading: « Article 2 D'attribuer aux porteurs … de la Communauté » whose next line
    // goes on with the sentence (« d'agglomération, pour un montant… ») — the words after the
    // number open the article's body, they are not its title.
    const following = lines[index + 1]?.text.trim() ?? '';
    // A title set off by a colon or a dash (« Action 4.2 : Ma Mobilité… ») is a title, even wrapped.
    const beforeTitle = raw.endsWith(title) ? raw.slice(0, raw.length - title.length) : raw;
    const setOff = /[:–—-]\s*$/.test(beforeTitle.trim());
    const runIn = match.number !== undefined && title !== '' && !setOff && !/[.:;!?»)]\s*$/.test(title) && /^\p{Ll}/u.test(following) ? title : undefined;
    if (runIn) {
      title = '';
      if (raw.endsWith(runIn)) raw = raw.slice(0, raw.length - runIn.length).trim();
    }
    const text2 = title && match.number !== undefined ? `${match.label} : ${title}` : match.family === 'generic' || match.family === 'toc' || match.family === 'markdown' ? title : match.label;
    const closed = current;
    openSection({ ...match, title, line: line.line, page: line.page, text: text2, raw });
    if (kept(closed)) yield closed;
    if (runIn) current.body.push({ ...line, text: runIn });
  }
  if (kept(current)) yield current;
}

/** Breadcrumb labels of a section: short labels for numbered headings, titles otherwise. */
export function breadcrumbOf(path: Heading[]): string[] {
  const crumbs: string[] = [];
  for (const heading of path) {
    const label = heading.number !== undefined && heading.family !== 'local' ? heading.label : heading.label.replace(/\*\*/g, '');
    const shortened = label.length > 90 ? `${label.slice(0, 87).trimEnd()}…` : label;
    if (crumbs[crumbs.length - 1] !== shortened) crumbs.push(shortened);
  }
  return crumbs;
}
