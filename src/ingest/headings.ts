/**
 * Heading recognition by general patterns: numbered families (Enjeu #N, Axe N, Action N.N…),
 * label blocks (ACTEURS À MOBILISER…), scale sub-blocks, markdown and bold headings, uppercase
 * lines and short standalone titles. Nothing here knows a particular file.
 */
import { foldText, unifyPunctuation } from '../lang/fr/normalize.js';

/**
 * A line made of bracketed groups only, maybe closing a sentence: « (CAAS) », « (FNAS). »,
 * « (EN EUROS) (HORS TAXES) ». Tested on the trimmed line, so no run of spaces is scanned twice.
 */
const BRACKETED_ONLY = /^[([][^()[\]]*[)\]](?:[ ,;]*[([][^()[\]]*[)\]])*[.,;:]?$/;

/** Whether a line is made of bracketed groups only (see BRACKETED_ONLY). */
export function whollyInBrackets(line: string): boolean {
  return BRACKETED_ONLY.test(line.trim());
}

export interface HeadingMatch {
  /** Family key: `objectif`, `axe`, `label`, `generic`… */
  family: string;
  /** Number as written (`18`, `2.4`, `IV`), when the family is numbered. */
  number?: string;
  /** Canonical short label shown in breadcrumbs: `Objectif #18`, `Moyens et dispositifs mobilisables`. */
  label: string;
  /** Title after the number (may be empty when it sits on the next line). */
  title: string;
  /** Depth: lower ranks contain higher ones. */
  rank: number;
  /** A Markdown heading's level (its « # » count): a plain one nests under the open heading of a lower level, and any closes the plain ones of its level or deeper. */
  markdownLevel?: number;
}

interface NumberedFamily {
  key: string;
  display: string;
  pattern: string;
  rank: number;
  /** How this family's numbers are written, when not « 18 », « 2.4 » or « IV ». */
  number?: string;
}

/** Article numbers of codes: « L262-2 », « R. 2334-10 », « D5134-145 », « L. 161-25 », « 1er », « 7 bis ». */
const ARTICLE_NUMBER = '((?:[lrdao]\\*?\\.?\\s?)?\\d+(?:er)?(?:[-.]\\d+)*(?:\\s(?:bis|ter|quater))?)(?![\\w.])';

// Ranks order the families that nest in contracts and deliberations; an unknown document only
// needs its headings to follow some of these patterns for its outline to come out right.
// Legal texts nest Partie › Livre › Titre › Chapitre › Section › Sous-section › Paragraphe ›
// Article: fractional ranks keep that order without moving the families contracts use.
const NUMBERED_FAMILIES: NumberedFamily[] = [
  { key: 'annexe', display: 'Annexe', pattern: 'annexe', rank: 1 },
  { key: 'partie', display: 'Partie', pattern: 'partie', rank: 1.5 },
  { key: 'livre', display: 'Livre', pattern: 'livre', rank: 1.6 },
  { key: 'titre', display: 'Titre', pattern: 'titre', rank: 2 },
  { key: 'chapitre', display: 'Chapitre', pattern: 'chapitre', rank: 2.2 },
  { key: 'sous-section', display: 'Sous-section', pattern: 'sous[- ]section', rank: 2.6 },
  { key: 'section', display: 'Section', pattern: 'section', rank: 2.4 },
  { key: 'paragraphe', display: 'Paragraphe', pattern: 'paragraphe', rank: 2.8 },
  { key: 'enjeu', display: 'Enjeu', pattern: 'enjeu', rank: 3 },
  { key: 'axe', display: 'Axe', pattern: 'axe', rank: 3 },
  // « Art. L441-1 », « Art. 3 »: Légifrance extracts abbreviate the word.
  { key: 'article', display: 'Article', pattern: 'article|art\\.?', rank: 3, number: ARTICLE_NUMBER },
  { key: 'fiche', display: 'Fiche action', pattern: 'fiche[- ]action', rank: 3 },
  { key: 'priorite', display: 'Priorité', pattern: 'priorite', rank: 3 },
  { key: 'ambition', display: 'Ambition', pattern: 'ambition', rank: 4 },
  { key: 'orientation', display: 'Orientation', pattern: 'orientation', rank: 4 },
  { key: 'objectif', display: 'Objectif', pattern: 'objectif', rank: 5 },
  { key: 'mesure', display: 'Mesure', pattern: 'mesure', rank: 5 },
  { key: 'sous-action', display: 'Sous-action', pattern: 'sous[- ]action', rank: 6 },
  { key: 'action', display: 'Action', pattern: 'action', rank: 5 },
];

const NUMBER = '(\\d+(?:\\.\\d+)*|[ivxlc]+|premier|premiere|unique)(?![\\w.])';
const FAMILY_REGEXES = NUMBERED_FAMILIES.map((family) => ({
  family,
  // « [Annexe 2] », « ENJEU #2 », « Objectif n°18 : », « Action 2 (axe 2) : », « Article 1 – Objet »,
  // « Article L262-2 », « Livre II : … », « Titre unique »
  regex: new RegExp(`^\\[?(${family.pattern})s?(?:\\s*(?:n\\s*°|no\\.?|#|num(?:ero)?\\.?)\\s*|\\s+)${family.number ?? NUMBER}\\]?\\s*(\\([^)]{0,30}\\))?\\s*[:.\\-–—]?\\s*(.*)$`),
}));

/** Items inside an article or a list: « I. - », « II. – », « 1° », « a) », never headings. */
const CLAUSE = /^([IVX]{1,5}\.\s*[-–—]\s*(?=\S)|\d{1,2}[°º]|[a-z]\)\s)/u;
/** Letter heads and footers: addresses, postal codes, dates, file references, never headings. */
const LETTER_LINE = [
  /\b\d{5}\s+[A-ZÀ-Ý]/, // « 62411 BETHUNE CEDEX »
  /^(cs|bp|tsa)\s*\d+/i,
  /^(@\w|www\.|https?:)/i, // a social handle or a web address
  /^\d+\s*[A-Za-z]?\s*(bis|ter)?,?\s*(rue|avenue|av\.|boulevard|bd|quai|place|chemin|allée|allee|route|impasse|square)\b/i,
  /^(rue|avenue|quai|place|boulevard|chemin|allée|impasse|square)\s/i,
  /^([A-ZÀ-Ý][\w' -]+,\s*)?le\s+\d{1,2}(er|\^\{er\})?\s+\p{L}+\s+\d{4}$/iu, // « Loos, le 26 février 2024 »
  /^[A-Za-z]{1,4}(\/[A-Za-z]{1,4})+$/, // « Gm/cb/hb »
];
/** An article's history as Légifrance prints it under the article's number: a note, not a part. */
const ARTICLE_NOTE = /^(version en vigueur|modifi[ée]s? par|cr[ée]{2}s? par|abrog[ée]s? par|transf[ée]r[ée]s? par|cr[ée]ation\s|modification\s)/i;
/** Whether a line is a clause or an item of an article (« I. - … », « 1° … », « a) … »). */
export function isClauseLine(text: string): boolean {
  return CLAUSE.test(text.trim());
}

/** A title never ends on a preposition or an article (« Vos services en ligne sur »). */
const DANGLING_END = /\s(sur|de|du|des|la|le|les|à|a|au|aux|en|et|pour|par|avec|dans|ou)$/i;

/** Label blocks: uppercase lines naming a part of a fiche (ACTEURS À MOBILISER, BUDGET ESTIME…). */
const SCALE_LINE = /^(a|au|a l'|à l')\s*(echelle|niveau)\b/;
/** Local numbering: « 1. La réforme… », « I – Le cadre… », « 1- Contexte », « 2/ Accompagnement… », « I.1 Présentation… ». */
const LOCAL_NUMBERED = /^((?:\d{1,2}|[IVX]{1,4})(?:\.\d{1,2})?)\s*(?:[.)]|\/(?!\d)|\s?[-–—](?!\d))\s*(\S.{2,100})$/;
const DOT_LEADERS = /(\.{4,}|…{2,})\s*\d*\s*$/;

export function isTableOfContentsLine(text: string): boolean {
  return DOT_LEADERS.test(text.replace(/\t/g, ' '));
}

function stripMarkup(text: string): string {
  return text
    .replace(/\*\*|__/g, '')
    .replace(/^#+\s*/, '')
    .trim();
}

/**
 * The text in lower case, its first character in upper case. French has no case rule of its own:
 * `toLowerCase` gives what `toLocaleLowerCase('fr-FR')` gives (tested on every UTF-16 code unit),
 * about a hundred times faster.
 */
export function capitalise(text: string): string {
  const lower = text.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Whether more than 90 % of the line's letters ([A-Za-zÀ-ÿ], at least 4) are capitals ([A-ZÀ-Ý]). */
export function isUppercaseLine(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xdd)) {
      letters += 1;
      upper += 1;
    } else if ((code >= 0x61 && code <= 0x7a) || (code >= 0xde && code <= 0xff)) letters += 1;
  }
  if (letters < 4) return false;
  return upper / letters > 0.9;
}

/** Canonical label of a label block: case and spacing variants (« PISTES D' ACTIONS ») are one. */
export function canonicalLabel(text: string): string {
  const cleaned = unifyPunctuation(stripMarkup(text))
    .replace(/\s*'\s*/g, "'")
    .replace(/\(s\)/gi, 's')
    .replace(/\s*:\s*$/, '')
    .trim();
  return capitalise(cleaned);
}

/**
 * Keys already made: the outline asks for the key of one line several times (contents, repeated
 * labels, heading patterns). Bounded: a corpus of any size keeps its memory. A label is kept as a
 * copy of its own: the line it comes from is a slice of its file's whole text, which a kept slice
 * would keep alive (at 100×, hundreds of files held after they were read).
 */
const headingKeys = new Map<string, string>();
const HEADING_KEYS_KEPT = 50_000;
const ownCopy = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

/** Key under which spelling variants of one heading are one heading. */
export function headingKey(label: string): string {
  let key = headingKeys.get(label);
  if (key === undefined) {
    key = foldText(label)
      .replace(/\(s\)/g, 's')
      .replace(/[^a-z0-9#.]+/g, ' ')
      .replace(/\b(\w{4,})s\b/g, '$1')
      .trim();
    if (headingKeys.size >= HEADING_KEYS_KEPT) headingKeys.clear();
    headingKeys.set(ownCopy(label), key);
  }
  return key;
}

/**
 * Key of a table-of-contents title: a contents line and its heading in the body often differ by a
 * leading article (« La Caisse d'Allocations Familiales » listed, « Caisse d'Allocations
 * familiales » as the letter's heading), so the article is not part of the key.
 */
export function contentsKey(title: string): string {
  return headingKey(title).replace(/^(?:le|la|les|l)\s+/, '');
}

export interface LineContext {
  /** Deepest rank open at this point (0 at the document's top). */
  currentRank: number;
  /** True when a numbered heading of rank ≥ 4 (objectif, action…) is open: uppercase lines there are labels. */
  insideNumberedItem: boolean;
  previousBlank: boolean;
  nextBlank: boolean;
  /** Next non-blank line, for deciding whether a short line introduces content. */
  nextLine?: string;
  /** Titles read from the document's table of contents, as contentsKey gives them. */
  tocTitles: Set<string>;
  /** Keys of short lines that occur more than once in the document (label blocks recur). */
  repeatedLines?: Set<string>;
  /** Numbers of the open numbered headings (« 1 » for « Partie 1 », « 1.2 »…), outermost first. */
  openNumbers?: string[];
}

/** Rank of a lead-in (« DÉCIDE : »): below every numbered family, so their headings close it, and above label blocks, so titles are still found inside it. */
const LEAD_IN_RANK = 6.5;

/** A numbered title continuing its family's numbering may be this long. */
const LONG_NUMBERED_TITLE = 300;

/** « 1.2 Les quartiers prioritaires »: a decimal number, then a capitalised title. */
const DECIMAL_TITLE = /^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+([A-ZÀ-Ý«"'’].{2,90})$/;

/**
 * Whether a decimal number continues the numbering already open: a first child (« 1.1 » under
 * « Partie 1 ») or the next sibling (« 1.3 » after « 1.2 »). PDF and Word extractions lose the
 * blank lines around headings; the numbering sequence still tells a heading from a sentence.
 */
function continuesNumbering(number: string, open: string[]): boolean {
  const parts = number.split('.');
  const last = Number(parts.at(-1));
  const parent = parts.slice(0, -1).join('.');
  const previous = [...parts.slice(0, -1), String(last - 1)].join('.');
  return (last === 1 && open.includes(parent)) || open.includes(previous);
}

/** Recognises a heading line, or returns undefined for body text. */
export function matchHeading(rawText: string, context: LineContext): HeadingMatch | undefined {
  const text = rawText.trim();
  // Long lines are body text, except a numbered title continuing its family (checked below).
  if (!text || text.includes('\t') || text.length > LONG_NUMBERED_TITLE + 20) return undefined;
  if (isTableOfContentsLine(text)) return undefined;
  if (/^[-•*▪■o]\s/.test(text) && !/^\*\*/.test(text)) return undefined;

  const markdown = /^(#{1,6})\s+(.+)$/.exec(text);
  if (markdown) {
    const hashes = markdown[1]!;
    const heading = markdown[2]!;
    const inner = matchHeading(heading, { ...context, previousBlank: true, nextBlank: true });
    // Numbered families keep their rank; a local number (« 1. Participants ») or a title in
    // capitals is nested by its heading level, which says more than the numbering.
    const markdownLevel = hashes.length;
    if (inner && (inner.family === 'local' || inner.family === 'upper')) return { ...inner, rank: markdownLevel, markdownLevel };
    if (inner && inner.family !== 'generic') return { ...inner, markdownLevel };
    return { family: 'markdown', label: stripMarkup(heading), title: stripMarkup(heading), rank: markdownLevel, markdownLevel };
  }

  const plain = stripMarkup(text);
  const folded = foldText(plain);
  const long = text.length > 160;
  if (CLAUSE.test(plain) || LETTER_LINE.some((pattern) => pattern.test(plain)) || ARTICLE_NOTE.test(plain) || DANGLING_END.test(plain)) return undefined;
  // A line wholly in brackets is a note or the wrapped end of a table header (« (INSEE 2020) »,
  // « (en euros) »), or of a sentence (« …du Fonds national d'action sociale / (FNAS). »): it
  // qualifies what is above it, it opens nothing.
  if (whollyInBrackets(plain)) return undefined;
  // A town's name in capitals over a street line is the letter's sender, not a section.
  if (context.nextLine && LETTER_LINE.some((pattern) => pattern.test(context.nextLine!.trim())) && plain.split(/\s+/).length <= 3) return undefined;
  // A numbered title starts with a capital (« Article 3 », « ARTICLE 3 », « Objectif 2 »): a line
  // starting in lower case carries on the sentence above it (« …inscrits au budget, chapitre 65, /
  // article 6574 ; » wrapped in a PDF), it opens no section.
  const continuesSentence = /^\p{Ll}/u.test(plain);
  for (const { family, regex } of continuesSentence ? [] : FAMILY_REGEXES) {
    const match = regex.exec(folded);
    if (!match) continue;
    // The abbreviation heads an article only capitalised (« Art. 3 »); « art. 70 de la loi… » opens a sentence.
    if (family.key === 'article' && /^\[?art\b/.test(folded) && !/^\[?(?:Art|ART)\b/.test(plain)) continue;
    // Roman numbers and code letters are written in capitals (« Livre II », « Article L262-2 »).
    const number = match[2]!.replace(/^[ivxlc]+$/, (roman) => roman.toUpperCase()).replace(/^([lrdao])\*?\.?\s?(?=\d)/, (letter) => letter.charAt(0).toUpperCase());
    // Keep the title in its original case: the folded match only tells where it starts.
    const rest = match[4]!;
    const title = plain.slice(plain.length - rest.length).trim();
    // A sentence that merely starts with « Action 2 … » is body text: titles are short and unpunctuated.
    // …unless it continues the numbering of its family (« Action 2.4 » after « Action 2.3 »): then
    // a long title is still that heading's, as some fiches name their action at length.
    const continues = continuesNumbering(number, context.openNumbers ?? []);
    if (title.length > (continues ? LONG_NUMBERED_TITLE : 140) || (/[.;]\s*$/.test(title) && title.length > 90)) continue;
    const usesHash = /#/.test(plain.slice(0, plain.length - rest.length));
    return {
      family: family.key,
      number,
      label: `${family.display} ${usesHash ? '#' : ''}${number}`,
      title,
      rank: family.rank,
    };
  }

  if (long) return undefined;
  if (/^contribution\s*[-–—:]\s*\S/.test(folded)) {
    const partner = plain.replace(/^contribution\s*[-–—:]\s*/i, '');
    return { family: 'partner', label: `Contribution ${isUppercaseLine(partner) ? capitalise(partner) : partner}`, title: partner, rank: 3 };
  }

  if (SCALE_LINE.test(folded) && plain.length <= 60) {
    return { family: 'scale', label: canonicalLabel(plain), title: plain, rank: 8 };
  }

  if (context.tocTitles.has(contentsKey(plain)) && context.previousBlank) {
    return { family: 'toc', label: plain, title: plain, rank: 2 };
  }

  if (isUppercaseLine(plain) && plain.length <= (/^\*\*/.test(text) ? 220 : 140) && !/[,;]$/.test(plain) && !/\S\s*:\s*\S/.test(plain)) {
    // Label blocks are short names (« PUBLICS VISÉS »); a long or « … : » uppercase line inside a
    // fiche is the next part of the document (« IL EST CONVENU CE QUI SUIT : »).
    // Label blocks recur from fiche to fiche (or are short) and carry no date or number.
    const labelLike = !/\d/.test(plain) && (context.repeatedLines?.has(headingKey(plain)) || plain.length <= 35);
    if (context.insideNumberedItem && plain.length <= 50 && !/:\s*$/.test(plain) && labelLike) return { family: 'label', label: canonicalLabel(plain), title: plain, rank: 7 };
    // « DÉCIDE : », « ARRÊTE : », « IL EST CONVENU CE QUI SUIT : » lead into what follows (the
    // articles): a lead-in, closed by the next numbered heading, not a part of the document.
    if (/:\s*$/.test(plain)) return { family: 'lead-in', label: canonicalLabel(plain), title: plain, rank: LEAD_IN_RANK };
    return { family: 'upper', label: canonicalLabel(plain), title: plain, rank: 2 };
  }

  const decimal = DECIMAL_TITLE.exec(plain);
  if (decimal && !/[.;,:]$/.test(decimal[2]!) && continuesNumbering(decimal[1]!, context.openNumbers ?? [])) {
    // « 1.2.1 » sits under « 1.2 »: one rank deeper per level of numbering; and « 1.1 » sits
    // under an open « 1. Les instances de pilotage », not beside it. Without its parent (a
    // document numbering « 1.1 », « 1.2 » under an unnumbered title), « 1.2 » follows « 1.1 » at
    // the same rank.
    const number = decimal[1]!;
    const parentOpen = (context.openNumbers ?? []).includes(number.slice(0, number.lastIndexOf('.')));
    return { family: 'local', number, label: plain, title: decimal[2]!, rank: 9 + number.split('.').length - 2 + (parentOpen ? 1 : 0) };
  }

  // Below: weaker signals, only trusted outside label blocks (where short lines are list items).
  const insideLabelBlock = context.currentRank >= 7 && context.currentRank < 9;
  if (insideLabelBlock || !context.previousBlank || !context.nextBlank) return undefined;
  // A numbered title may announce its content with a colon (« 1- Éléments de contexte : »); it
  // follows its sibling (« 2- … » after « 1- … »), so an open local or generic heading allows it.
  const local = LOCAL_NUMBERED.exec(plain.replace(/\s*:$/, ''));
  if (local && !/[.;,:]$/.test(local[2]!) && !/:\s/.test(local[2]!)) {
    return { family: 'local', number: local[1]!, label: plain.replace(/\s*:$/, ''), title: local[2]!, rank: 9 };
  }
  if (context.currentRank >= 7) return undefined;
  if (/[:;,]$/.test(plain) || /:\s/.test(plain) || /^[a-zà-ÿ(«"]/.test(plain) || /\*$/.test(plain)) return undefined;

  // Signatures (« Jean-Claude LEROY », « Mme Carole DUBOIS ») are not headings.
  if (/^(?:(?:M|Mme|MM|Mr)\.?\s+)?[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý]{2,}(?:[- ][A-ZÀ-Ý]{2,})*$/.test(plain)) return undefined;
  const isBold = /^\*\*[^*]+\*\*$/.test(text);
  const wordCount = plain.split(/\s+/).length;
  const endsLikeSentence = /[.!?]$/.test(plain) && !/\.\.\.$/.test(plain);
  const nextIsContent = context.nextLine !== undefined && context.nextLine.trim().length > 0;
  // A line opening with a number (« 18-25 ans », « 12/06/2023 ») is a value, not a title.
  if ((isBold || (wordCount <= 12 && plain.length <= 90)) && !endsLikeSentence && nextIsContent && /[A-Za-zÀ-ÿ]{3}/.test(plain) && !/^\d/.test(plain)) {
    return { family: 'generic', label: plain, title: plain, rank: 9 };
  }
  return undefined;
}
