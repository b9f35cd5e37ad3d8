/**
 * Answer → Teams message activity, pure (no I/O) so it can be unit-tested on its own.
 *
 * Teams renders `[n]` in the text as a citation pill when the message carries a schema.org
 * `Message` entity whose `citation` array has a `Claim` with `position: n`. Teams caps a
 * citation's `name` at 80 characters, its `abstract` at 160, and allows at most 3 keywords of
 * 28 characters: longer values are rejected or cut by the client, so we cut them ourselves,
 * readably, with « … ».
 */
import { MessageActivityInput, type CitationAppearance, type CitationIconName } from '@microsoft/teams.api';
import type { Answer, Citation } from '../../core/answer.js';
import { foldText } from '../../lang/fr/normalize.js';
import type { CitationLink } from '../reader-link.js';

export const MAX_NAME_CHARS = 80;
export const MAX_ABSTRACT_CHARS = 160;
export const MAX_KEYWORDS = 3;
export const MAX_KEYWORD_CHARS = 28;
/** Part of the abstract the breadcrumb may take, so the quote (the evidence) keeps most room. */
const MAX_BREADCRUMB_CHARS = 70;
const ELLIPSIS = '…';

export interface TeamsCitation {
  position: number;
  appearance: CitationAppearance;
}

export interface TeamsReply {
  /** Markdown text with `[n]` markers, each n present in `citations`. */
  text: string;
  citations: TeamsCitation[];
}

/** Cuts `text` to at most `max` characters, at a word boundary when one is near, ending with « … ». */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = max - ELLIPSIS.length;
  let cut = clean.slice(0, room);
  const lastSpace = cut.lastIndexOf(' ');
  // Prefer a word boundary unless it would throw away more than a fifth of the room.
  if (lastSpace > room * 0.8) cut = cut.slice(0, lastSpace);
  return `${cut.replace(/[\s,;:.\-–—›]+$/u, '')}${ELLIPSIS}`;
}

/** « Annexe 2 › Objectif 3 », keeping the deepest headings when the path is too long. */
export function shortBreadcrumb(breadcrumb: string[], max = MAX_BREADCRUMB_CHARS): string {
  const parts = breadcrumb.map((part) => part.replace(/\s+/g, ' ').trim()).filter((part) => part !== '');
  if (parts.length === 0) return '';
  const full = parts.join(' › ');
  if (full.length <= max) return full;
  // Drop top-level headings first: the deepest one says what the passage is about.
  for (let start = 1; start < parts.length; start++) {
    const tail = `${ELLIPSIS} › ${parts.slice(start).join(' › ')}`;
    if (tail.length <= max) return tail;
  }
  return truncate(parts[parts.length - 1]!, max);
}

/** The citation's extract: where it sits in the document, then the quoted passage. */
export function citationAbstract(citation: Citation, max = MAX_ABSTRACT_CHARS): string {
  const quote = citation.quote.replace(/\s+/g, ' ').trim();
  // When the quote opens with the section's own heading, the breadcrumb would say it twice.
  const deepest = citation.breadcrumb[citation.breadcrumb.length - 1] ?? '';
  const repeats = quote !== '' && deepest !== '' && foldText(quote).startsWith(foldText(deepest).slice(0, 40));
  const crumb = repeats ? shortBreadcrumb(citation.breadcrumb.slice(0, -1)) : shortBreadcrumb(citation.breadcrumb);
  const prefix = crumb === '' ? '' : `${crumb} — `;
  if (quote === '') return truncate(crumb, max);
  // « » plus the two narrow spaces French typography puts inside them.
  const room = max - prefix.length - 4;
  if (room < 20) return truncate(`${prefix}« ${quote} »`, max);
  return `${prefix}« ${truncate(quote, room)} »`;
}

function citationIcon(file: string): CitationIconName {
  const extension = file.toLowerCase().split('.').pop();
  if (extension === 'pdf') return 'PDF';
  if (extension === 'docx' || extension === 'doc') return 'Microsoft Word';
  return 'Text';
}

function citationKeywords(citation: Citation): string[] {
  const keywords = [citation.spanLabel, citation.breadcrumb[citation.breadcrumb.length - 1] ?? ''].map((keyword) => truncate(keyword, MAX_KEYWORD_CHARS)).filter((keyword) => keyword !== '');
  return [...new Set(keywords)].slice(0, MAX_KEYWORDS);
}

/**
 * A citation pill's pop-up: the document's name, the section and quoted passage (the abstract),
 * and, when the server has a public address, the name links to the web reader at the cited node.
 */
export function citationAppearance(citation: Citation, link?: CitationLink): CitationAppearance {
  return {
    name: truncate(citation.docTitle || citation.file, MAX_NAME_CHARS),
    abstract: citationAbstract(citation),
    icon: citationIcon(citation.file),
    keywords: citationKeywords(citation),
    ...(link ? { url: link(citation) } : {}),
  };
}

const MARKER = /\s?\[(\d+)\]/g;

/** Removes `[n]` markers whose n is not in `keep` (all of them when `keep` is empty). */
function dropMarkers(text: string, keep: Set<number>): string {
  return text.replace(MARKER, (marker, n: string) => (keep.has(Number(n)) ? marker : ''));
}

/** « À consulter » list for a refusal: the closest sections, as plain text (linked to the reader when possible), not as claims. */
function suggestions(citations: Citation[], link: CitationLink | undefined): string {
  const lines = citations.map((citation) => {
    const crumb = shortBreadcrumb(citation.breadcrumb);
    const where = [crumb, citation.spanLabel].filter((part) => part !== '').join(', ');
    const name = truncate(citation.docTitle || citation.file, MAX_NAME_CHARS);
    // Brackets would end the markdown link's text early.
    const title = link ? `[${name.replace(/[[\]]/g, ' ')}](${link(citation)})` : name;
    return `- ${title}${where ? ` — ${where}` : ''}`;
  });
  return `**À consulter :**\n\n${lines.join('\n')}`;
}

/** Text and citation claims for an answer; a refusal carries no claims. */
export function renderTeamsReply(answer: Answer, link?: CitationLink): TeamsReply {
  if (answer.refused) {
    const text = dropMarkers(answer.text, new Set()).trim();
    return {
      text: answer.citations.length > 0 ? `${text}\n\n${suggestions(answer.citations, link)}` : text,
      citations: [],
    };
  }
  const used = new Set<number>();
  for (const match of answer.text.matchAll(MARKER)) used.add(Number(match[1]));
  // A claim per citation the text actually points to, numbered as the core numbered it.
  const cited = answer.citations.filter((citation) => used.has(citation.n));
  const text = dropMarkers(answer.text, new Set(cited.map((citation) => citation.n))).trim();
  return {
    text,
    citations: cited.sort((a, b) => a.n - b.n).map((citation) => ({ position: citation.n, appearance: citationAppearance(citation, link) })),
  };
}

/** What the « Partager » button of an answer submits (Action.Submit data, back in the activity's `value`). */
export const SHARE_ACTION = { alinea: 'share' } as const;
export const SHARE_TITLE = 'Partager (texte et sources)';

/** Whether an inbound message is a click on an answer's « Partager » button. */
export function isShareAction(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { alinea?: unknown }).alinea === SHARE_ACTION.alinea;
}

/**
 * The outbound activity: AI label, citations, the 👍/👎 feedback buttons, and an Adaptive Card
 * with one « Partager » action (the answer posted again as plain text, to copy or forward).
 */
export function renderActivity(answer: Answer, link?: CitationLink): MessageActivityInput {
  const reply = renderTeamsReply(answer, link);
  const activity = new MessageActivityInput(reply.text).withTextFormat('markdown').addAiGenerated().addFeedback();
  for (const citation of reply.citations) activity.addCitation(citation.position, citation.appearance);
  if (answer.mode !== 'validation') {
    activity.addCard('adaptive', { type: 'AdaptiveCard', version: '1.5', body: [], actions: [{ type: 'Action.Submit', title: SHARE_TITLE, data: { ...SHARE_ACTION } }] });
  }
  return activity;
}

/** The shared answer: the plain text every surface forwards (renderShareText), as written. */
export function renderSharedText(shareText: string): MessageActivityInput {
  return new MessageActivityInput(shareText).withTextFormat('plain');
}

/** A plain bot message (help, errors): still labelled as produced by the assistant. */
export function renderNotice(text: string): MessageActivityInput {
  return new MessageActivityInput(text).withTextFormat('markdown');
}
