/**
 * Block Kit rendering of the core's answers and of the App Home tab. Pure functions: no Slack
 * client, no state, so every limit Slack enforces (3,000 characters per section, 2,000 per button
 * value, 100 blocks per view) is checked by unit tests rather than discovered in production.
 */
import type { types } from '@slack/bolt';
import type { Answer, Citation } from '../../core/answer.js';
import type { DocumentMeta } from '../../core/types.js';
import type { CitationLink } from '../reader-link.js';

export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** Plain fallback Slack shows in notifications and screen readers; always set. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack rejects a section whose text exceeds this many characters. */
export const SECTION_TEXT_LIMIT = 3_000;
/** Slack rejects a button whose value exceeds this many characters. */
export const BUTTON_VALUE_LIMIT = 2_000;
/** A Home tab (or modal) may hold at most this many blocks. */
export const VIEW_BLOCK_LIMIT = 100;

export const ACTION_IDS = {
  feedbackUp: 'feedback_up',
  feedbackDown: 'feedback_down',
  share: 'share_answer',
  /** The `feedback_buttons` element of an assistant-thread answer (its value says which verdict). */
  feedback: 'alinea_feedback',
} as const;

/** Prefixes of a `feedback_buttons` value: the verdict, then the answer's ref. */
export const FEEDBACK_VALUE_PREFIX = { up: 'up:', down: 'down:' } as const;
/** A ref put in a `feedback_buttons` value must leave room for the verdict prefix. */
export const FEEDBACK_REF_LIMIT = BUTTON_VALUE_LIMIT - FEEDBACK_VALUE_PREFIX.down.length;

export const MESSAGES = {
  placeholder: '⏳ Je cherche dans les contrats de ville…',
  noCitation: "⚠️ Aucune source n'a pu être citée : vérifiez avant d'utiliser cette réponse.",
  error: 'Désolé, une erreur est survenue en préparant la réponse. Réessayez dans un instant ; si le problème persiste, prévenez la personne qui administre Alinéa.',
  thanks: 'Merci pour votre retour !',
  feedbackNotRecorded: "Votre avis n'a pas pu être enregistré pour le moment ; l'équipe a été prévenue.",
  expired: "Cette réponse n'est plus disponible : posez à nouveau la question pour la partager.",
  emptyQuestion: "Posez votre question après la commande, par exemple : `/alinea Quels dispositifs sont mobilisables pour l'objectif #18 ?`",
  shared: 'Réponse partagée dans le canal.',
  /** Shown in Slack's assistant container while the core works (assistant.threads.setStatus). */
  status: 'Recherche dans les documents…',
  promptsTitle: 'Quelques questions pour commencer :',
} as const;

export const EXAMPLE_QUESTIONS = [
  "Quels dispositifs sont mobilisables pour l'objectif #18 ?",
  'Qui préside le comité des financeurs du contrat de ville de la CABBALR ?',
  'Quels sont les quatre axes du Pacte local des solidarités 2024-2027 du Pas-de-Calais ?',
  'Quelles conditions faut-il remplir pour être recruté comme adulte-relais ?',
] as const;

/** Escapes the three characters Slack's mrkdwn reserves for links and mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Converts the core's markdown to Slack mrkdwn: `**bold**` → `*bold*`, `*italic*` → `_italic_`,
 * `# Titre` → `*Titre*`, `- item` → `• item`, `[texte](url)` → `<url|texte>`. Citation markers
 * such as `[1]` are left alone.
 */
export function toMrkdwn(markdown: string): string {
  const BOLD = '\u0001';
  let text = escapeMrkdwn(markdown);
  text = text.replace(/^#{1,6}\s+(.+?)\s*#*\s*$/gm, `${BOLD}$1${BOLD}`);
  text = text.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, `${BOLD}$1${BOLD}`);
  text = text.replace(/__(?=\S)([\s\S]*?\S)__/g, `${BOLD}$1${BOLD}`);
  text = text.replace(/^(\s*)[-*+]\s+/gm, '$1• ');
  // Single-star italics, only when the stars hug a word (so « 2 * 3 » stays as is).
  text = text.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1_$2_');
  text = text.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '<$2|$1>');
  return text.replace(new RegExp(BOLD, 'g'), '*');
}

/** Cuts text into pieces of at most `limit` characters, at paragraph, then sentence, then word boundaries. */
export function splitText(text: string, limit = SECTION_TEXT_LIMIT): string[] {
  if (limit < 1) throw new RangeError('limit must be positive');
  const pieces: string[] = [];
  for (const paragraph of text.split(/\n{2,}/)) {
    const trimmed = paragraph.trim();
    if (trimmed === '') continue;
    if (trimmed.length <= limit) pieces.push(trimmed);
    else pieces.push(...splitLong(trimmed, limit));
  }
  // Pack small pieces back together so a long answer uses few blocks.
  const packed: string[] = [];
  for (const piece of pieces) {
    const last = packed[packed.length - 1];
    if (last !== undefined && last.length + 2 + piece.length <= limit) packed[packed.length - 1] = `${last}\n\n${piece}`;
    else packed.push(piece);
  }
  return packed;
}

function splitLong(paragraph: string, limit: number): string[] {
  // Lines first (lists must keep their line breaks), then sentences, then words.
  return pack(paragraph.split('\n'), '\n', limit, (line) => pack(line.split(/(?<=[.!?…;:])\s+/), ' ', limit, (sentence) => splitWords(sentence, limit)));
}

function pack(units: string[], separator: string, limit: number, splitFurther: (unit: string) => string[]): string[] {
  const out: string[] = [];
  let current = '';
  for (const unit of units) {
    for (const part of unit.length <= limit ? [unit] : splitFurther(unit)) {
      if (current === '') current = part;
      else if (current.length + separator.length + part.length <= limit) current = `${current}${separator}${part}`;
      else {
        out.push(current);
        current = part;
      }
    }
  }
  if (current !== '') out.push(current);
  return out;
}

function splitWords(sentence: string, limit: number): string[] {
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > limit) {
    const space = rest.lastIndexOf(' ', limit);
    const cut = space > limit / 2 ? space : limit;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') out.push(rest);
  return out;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** « [1] Contrat de ville CABBALR › Annexe 2 › Objectif #18 — l. 2787-2792 » */
export function formatCitation(citation: Citation): string {
  const path = [citation.docTitle, ...citation.breadcrumb].filter((part) => part.trim() !== '').join(' › ');
  return `[${citation.n}] ${path} — ${citation.spanLabel}`;
}

export interface AnswerRenderOptions {
  /** Opaque reference put in the buttons' values; must fit Slack's button value limit. */
  ref: string;
  /** Adds the « Partager dans le canal » button (private slash-command answers). */
  share?: boolean;
  /** Hides the 👍/👎 buttons. */
  feedback?: boolean;
  /**
   * How 👍/👎 are offered: `buttons` (an actions block, everywhere) or `feedback_buttons` (Slack's
   * AI-app element in a `context_actions` block, for assistant threads; `ref` must then fit
   * FEEDBACK_REF_LIMIT).
   */
  feedbackStyle?: 'buttons' | 'feedback_buttons';
  /**
   * Links each source to the web reader (PUBLIC_URL configured). Without it, each source carries
   * its quote, so the claim can still be checked from Slack.
   */
  link?: CitationLink;
}

/** Characters of a source's quote shown under it when there is no reader to link to. */
export const SOURCE_QUOTE_CHARS = 240;

/** One source: a link to the reader, or the source line followed by its quote. */
function sourceLines(citation: Citation, link: CitationLink | undefined): string {
  const line = escapeMrkdwn(truncate(formatCitation(citation), 400));
  // The URL is percent-encoded (reader-link.ts): no `<`, `>` or `|` can end the link early.
  if (link) return `<${link(citation)}|${line}>`;
  const quote = citation.quote.replace(/\s+/g, ' ').trim();
  return quote === '' ? line : `${line}\n« ${escapeMrkdwn(truncate(quote, SOURCE_QUOTE_CHARS))} »`;
}

export function renderAnswer(answer: Answer, options: AnswerRenderOptions): SlackMessage {
  if (options.ref.length > BUTTON_VALUE_LIMIT) throw new RangeError('button value too long');
  const blocks: SlackBlock[] = [];
  for (const piece of splitText(toMrkdwn(answer.text))) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
  }
  if (answer.citations.length > 0) {
    const title = answer.refused ? '*Sections les plus proches*' : '*Sources*';
    const lines = answer.citations.map((citation) => sourceLines(citation, options.link));
    // Five sources with their quotes may pass a block's limit: then they take two blocks, cut between sources.
    for (const piece of pack([title, ...lines], '\n', SECTION_TEXT_LIMIT, (unit) => splitWords(unit, SECTION_TEXT_LIMIT))) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: piece }] });
    }
  } else if (!answer.refused) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: MESSAGES.noCitation }] });
  }
  const buttons: types.Button[] = [];
  const feedbackButtons = options.feedback !== false && options.feedbackStyle === 'feedback_buttons';
  if (feedbackButtons && options.ref.length > FEEDBACK_REF_LIMIT) throw new RangeError('feedback value too long');
  if (options.feedback !== false && !feedbackButtons) {
    buttons.push(
      { type: 'button', action_id: ACTION_IDS.feedbackUp, text: { type: 'plain_text', text: '👍 Utile', emoji: true }, value: options.ref },
      { type: 'button', action_id: ACTION_IDS.feedbackDown, text: { type: 'plain_text', text: '👎 Pas utile', emoji: true }, value: options.ref },
    );
  }
  if (options.share) {
    buttons.push({
      type: 'button',
      action_id: ACTION_IDS.share,
      style: 'primary',
      text: { type: 'plain_text', text: 'Partager dans le canal', emoji: true },
      value: options.ref,
    });
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'alinea_answer_actions', elements: buttons });
  if (feedbackButtons) blocks.push(renderFeedbackButtons(options.ref));
  return { text: answerFallbackText(answer), blocks };
}

/**
 * What « Partager dans le canal » posts: who shared it, then the plain text every surface forwards
 * (renderShareText: question, answer, sources and their reader links), escaped for mrkdwn so that
 * Slack shows it as written while still turning the links into links.
 */
export function renderSharedText(shareText: string, sharedBy: string): SlackMessage {
  const escaped = escapeMrkdwn(shareText);
  const blocks: SlackBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<@${sharedBy}> a partagé une réponse d’Alinéa :` }] }];
  for (const piece of splitText(escaped)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
  return { text: truncate(escaped, 3_900), blocks };
}

/** Slack's AI-app 👍/👎: one `feedback_buttons` element in a `context_actions` block. */
export function renderFeedbackButtons(ref: string): SlackBlock {
  return {
    // No fixed block_id: Slack wants one unique per message.
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION_IDS.feedback,
        positive_button: { text: { type: 'plain_text', text: 'Utile' }, accessibility_label: 'Cette réponse est utile', value: `${FEEDBACK_VALUE_PREFIX.up}${ref}` },
        negative_button: { text: { type: 'plain_text', text: 'Pas utile' }, accessibility_label: "Cette réponse n'est pas utile", value: `${FEEDBACK_VALUE_PREFIX.down}${ref}` },
      },
    ],
  };
}

/** The verdict and ref of a `feedback_buttons` click, or undefined for a value we did not write. */
export function parseFeedbackValue(value: string): { verdict: 'up' | 'down'; ref: string } | undefined {
  if (value.startsWith(FEEDBACK_VALUE_PREFIX.up)) return { verdict: 'up', ref: value.slice(FEEDBACK_VALUE_PREFIX.up.length) };
  if (value.startsWith(FEEDBACK_VALUE_PREFIX.down)) return { verdict: 'down', ref: value.slice(FEEDBACK_VALUE_PREFIX.down.length) };
  return undefined;
}

/** A thread title from the question: one line, at most `max` characters. */
export function threadTitle(question: string, max = 80): string {
  return truncate(question.replace(/\s+/g, ' ').trim(), max);
}

/**
 * The notification text: the answer, its sources listed plainly, bounded well under Slack's
 * 40,000. Slack parses it as mrkdwn too (`<!channel>` notifies everyone), so the answer and the
 * sources are escaped like the blocks.
 */
function answerFallbackText(answer: Answer): string {
  const sources = answer.citations.map((citation) => escapeMrkdwn(formatCitation(citation))).join('\n');
  const warning = answer.citations.length === 0 && !answer.refused ? `\n\n${MESSAGES.noCitation}` : '';
  return truncate(`${escapeMrkdwn(answer.text)}${sources ? `\n\nSources :\n${sources}` : ''}${warning}`, 3_900);
}

export function renderNotice(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function renderPlaceholder(): SlackMessage {
  return renderNotice(MESSAGES.placeholder);
}

export function renderError(): SlackMessage {
  return renderNotice(MESSAGES.error);
}

function documentLine(doc: DocumentMeta): string {
  const details = [doc.issuer, formatDate(doc.date)].filter((part): part is string => Boolean(part));
  const title = doc.short_title || doc.title || doc.file;
  return `• *${escapeMrkdwn(truncate(title, 150))}*${details.length ? ` — ${escapeMrkdwn(truncate(details.join(', '), 200))}` : ''}`;
}

/** « 2024-04-09 » → « 9 avril 2024 »; partial dates are kept as written. */
export function formatDate(date: string | null): string | null {
  if (!date) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  const month = months[Number(match[2]) - 1];
  if (month === undefined) return date;
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** The App Home tab: what Alinéa knows (the catalogue) and how to ask it. */
export function renderHomeView(documents: DocumentMeta[]): { type: 'home'; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Alinéa — les contrats de ville, avec leurs sources', emoji: true } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: "Je réponds en français aux questions sur la politique de la ville dans le Pas-de-Calais, uniquement à partir des documents ci-dessous, et je cite toujours la section d'où vient chaque réponse.",
      },
    },
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: `Ce que je connais (${documents.length} document${documents.length > 1 ? 's' : ''})`, emoji: true } },
  ];
  const maxDocs = 60;
  const lines = documents.slice(0, maxDocs).map(documentLine);
  if (documents.length > maxDocs) lines.push(`… et ${documents.length - maxDocs} autres documents.`);
  if (lines.length === 0) lines.push("_Aucun document n'est encore indexé._");
  for (const piece of splitText(lines.join('\n'), SECTION_TEXT_LIMIT)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: piece } });
  }
  blocks.push(
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Exemples de questions', emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: EXAMPLE_QUESTIONS.map((q) => `• ${escapeMrkdwn(q)}`).join('\n') } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Mentionnez-moi dans un canal (la réponse arrive dans le fil), écrivez-moi ici dans l’onglet Messages, ou tapez `/alinea votre question` pour une réponse visible de vous seul.',
        },
      ],
    },
  );
  return { type: 'home', blocks: blocks.slice(0, VIEW_BLOCK_LIMIT) };
}
