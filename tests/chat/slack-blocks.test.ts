import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/core/answer.js';
import { AnswerRefs } from '../../src/chat/slack/answer-refs.js';
import {
  ACTION_IDS,
  BUTTON_VALUE_LIMIT,
  FEEDBACK_REF_LIMIT,
  MESSAGES,
  SECTION_TEXT_LIMIT,
  formatCitation,
  formatDate,
  parseFeedbackValue,
  renderAnswer,
  renderHomeView,
  renderSharedText,
  splitText,
  threadTitle,
  toMrkdwn,
} from '../../src/chat/slack/blocks.js';

const citation = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  chunkId: `cabbalr.txt#${n}`,
  file: 'cabbalr.txt',
  docTitle: 'Contrat de ville CABBALR',
  breadcrumb: ['Annexe 2', 'Objectif #18'],
  span: { lineStart: 2787, lineEnd: 2792 },
  spanLabel: 'l. 2787-2792',
  quote: 'Plan de déplacements urbains (CABBALR)',
  ...extra,
});

const answer = (extra: Partial<Answer> = {}): Answer => ({
  question: 'Quels dispositifs pour l’objectif #18 ?',
  text: 'Les **dispositifs** sont le *Plan de déplacements urbains* [1].',
  citations: [citation(1)],
  refused: false,
  kind: 'list',
  mode: 'extractive',
  timings: { retrieveMs: 1, composeMs: 1, totalMs: 2 },
  ...extra,
});

type AnyBlock = Record<string, any>;
const sections = (blocks: AnyBlock[]) => blocks.filter((b) => b.type === 'section').map((b) => b.text.text as string);
const contexts = (blocks: AnyBlock[]) => blocks.filter((b) => b.type === 'context').map((b) => b.elements.map((e: AnyBlock) => e.text).join('\n'));

describe('toMrkdwn', () => {
  it('turns markdown bold and italics into Slack mrkdwn', () => {
    expect(toMrkdwn('un **mot** et un *autre* et __encore__')).toBe('un *mot* et un _autre_ et *encore*');
  });

  it('converts headings, bullets and links, keeps citation markers, escapes < > &', () => {
    const out = toMrkdwn('## Moyens\n- PDU [1]\n* FIPD & MILDECA <b>\nVoir [le site](https://example.org/a).');
    expect(out).toBe('*Moyens*\n• PDU [1]\n• FIPD &amp; MILDECA &lt;b&gt;\nVoir <https://example.org/a|le site>.');
  });

  it('leaves arithmetic stars alone', () => {
    expect(toMrkdwn('2 * 3 = 6')).toBe('2 * 3 = 6');
  });
});

describe('splitText', () => {
  it('keeps every piece under the limit and loses no word', () => {
    const paragraph = Array.from({ length: 60 }, (_, i) => `Phrase numéro ${i} sur les quartiers prioritaires.`).join(' ');
    const text = [paragraph, paragraph, 'Court.', paragraph].join('\n\n');
    const pieces = splitText(text, 1_000);
    expect(pieces.length).toBeGreaterThan(4);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(1_000);
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    // Sentence boundaries: no piece starts in the middle of a sentence.
    for (const piece of pieces) expect(piece).toMatch(/^(Phrase|Court)/);
  });

  it('splits an unbroken run of words at a space, and keeps list lines on their own lines', () => {
    const words = 'mot '.repeat(2_000).trim();
    const pieces = splitText(words, SECTION_TEXT_LIMIT);
    expect(pieces.length).toBe(3);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    const list = Array.from({ length: 200 }, (_, i) => `• élément ${i}`).join('\n');
    const listPieces = splitText(list, 500);
    expect(listPieces.every((p) => p.split('\n').every((line) => /^• élément \d+$/.test(line)))).toBe(true);
  });

  it('keeps short text whole', () => {
    expect(splitText('Un.\n\nDeux.')).toEqual(['Un.\n\nDeux.']);
  });
});

describe('renderAnswer', () => {
  it('escapes the notification text (&, <, >) like the blocks, sources included', () => {
    const message = renderAnswer(answer({ text: 'Prévenir <!channel> & <!here> via <https://evil.example.com|ici> ou <@U42>.', citations: [citation(1, { docTitle: 'Guide <interne> & annexes' })] }), {
      ref: 'R',
    });
    expect(message.text).toContain('Prévenir &lt;!channel&gt; &amp; &lt;!here&gt; via &lt;https://evil.example.com|ici&gt; ou &lt;@U42&gt;.');
    expect(message.text).toContain('Guide &lt;interne&gt; &amp; annexes');
    expect(message.text).not.toMatch(/[<>]/);
  });

  it('renders text, numbered sources and feedback buttons with a fallback text', () => {
    const message = renderAnswer(answer({ citations: [citation(1), citation(2, { spanLabel: 'p. 12', breadcrumb: [] })] }), { ref: 'REF' });
    expect(message.text).toContain('Plan de déplacements urbains');
    expect(sections(message.blocks)).toEqual(['Les *dispositifs* sont le _Plan de déplacements urbains_ [1].']);
    const [sources] = contexts(message.blocks);
    expect(sources).toContain('[1] Contrat de ville CABBALR › Annexe 2 › Objectif #18 — l. 2787-2792');
    expect(sources).toContain('[2] Contrat de ville CABBALR — p. 12');
    const actions = message.blocks.find((b) => b.type === 'actions') as AnyBlock;
    expect(actions.elements.map((e: AnyBlock) => e.action_id)).toEqual([ACTION_IDS.feedbackUp, ACTION_IDS.feedbackDown]);
    expect(actions.elements.every((e: AnyBlock) => e.value === 'REF')).toBe(true);
    expect(message.text).not.toContain(MESSAGES.noCitation);
  });

  it('warns when nothing could be cited, but not for a refusal', () => {
    const uncited = renderAnswer(answer({ citations: [] }), { ref: 'R' });
    expect(contexts(uncited.blocks)).toEqual([MESSAGES.noCitation]);
    expect(uncited.text).toContain(MESSAGES.noCitation);
    const refused = renderAnswer(answer({ citations: [], refused: true, text: 'Le corpus ne le dit pas.' }), { ref: 'R' });
    expect(contexts(refused.blocks).join()).not.toContain('Aucune source');
    const refusedWithNeighbours = renderAnswer(answer({ refused: true }), { ref: 'R' });
    expect(contexts(refusedWithNeighbours.blocks)[0]).toContain('Sections les plus proches');
  });

  it('splits a long answer into sections under 3,000 characters', () => {
    const long = Array.from({ length: 150 }, (_, i) => `La phrase ${i} décrit un engagement du partenaire [1].`).join(' ');
    const message = renderAnswer(answer({ text: long }), { ref: 'R' });
    const texts = sections(message.blocks);
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    expect(texts.join(' ')).toBe(long);
  });

  it('adds the share button and the « shared by » line on request', () => {
    const message = renderAnswer(answer(), { ref: 'R', share: true });
    const actions = message.blocks.find((b) => b.type === 'actions') as AnyBlock;
    const share = actions.elements.find((e: AnyBlock) => e.action_id === ACTION_IDS.share);
    expect(share.text.text).toBe('Partager dans le canal');
    const shared = renderSharedText('Question : a & b ?\n\nRéponse <ici> [1].\n\nSources :\n[1] Doc — l. 1\n    https://alinea.exemple.fr/?passage=d.txt%231', 'U42');
    expect(contexts(shared.blocks)[0]).toBe('<@U42> a partagé une réponse d’Alinéa :');
    expect(sections(shared.blocks)).toEqual(['Question : a &amp; b ?\n\nRéponse &lt;ici&gt; [1].\n\nSources :\n[1] Doc — l. 1\n    https://alinea.exemple.fr/?passage=d.txt%231']);
    expect(shared.text).toBe('Question : a &amp; b ?\n\nRéponse &lt;ici&gt; [1].\n\nSources :\n[1] Doc — l. 1\n    https://alinea.exemple.fr/?passage=d.txt%231');
  });

  it('keeps five long quoted sources within Slack’s block limit, cut between sources, escaped', () => {
    const quote = `Le contrat <mobilise> & engage ${'les partenaires du territoire '.repeat(20)}`;
    const citations = [1, 2, 3, 4, 5].map((n) => citation(n, { quote, breadcrumb: ['Annexe 2', `Objectif #${n} ${'très long intitulé '.repeat(25)}`] }));
    const blocks = contexts(renderAnswer(answer({ citations }), { ref: 'R' }).blocks);
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) expect(block.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    const all = blocks.join('\n');
    for (const n of [1, 2, 3, 4, 5]) expect(all).toMatch(new RegExp(`\\[${n}\\] Contrat de ville CABBALR › Annexe 2 › Objectif #${n} [^\\n]+\\n« Le contrat &lt;mobilise&gt; &amp; engage [^\\n]+… »`));
    // Each source stays whole in one block: its line and its quote are not parted.
    for (const block of blocks.slice(1)) expect(block.startsWith('[')).toBe(true);
  });

  it('links a source to the reader instead of quoting it when a link maker is given', () => {
    const link = (c: Pick<Citation, 'chunkId'>) => `https://alinea.exemple.fr/?passage=${encodeURIComponent(c.chunkId)}`;
    const [sources] = contexts(renderAnswer(answer({ citations: [citation(1, { docTitle: 'Guide <interne> & annexes' })] }), { ref: 'R', link }).blocks);
    expect(sources).toBe('*Sources*\n<https://alinea.exemple.fr/?passage=cabbalr.txt%231|[1] Guide &lt;interne&gt; &amp; annexes › Annexe 2 › Objectif #18 — l. 2787-2792>');
  });

  it('refuses a button value over Slack’s limit', () => {
    expect(() => renderAnswer(answer(), { ref: 'x'.repeat(BUTTON_VALUE_LIMIT + 1) })).toThrow(RangeError);
  });

  it('formats a citation as in the product issue', () => {
    expect(formatCitation(citation(1))).toBe('[1] Contrat de ville CABBALR › Annexe 2 › Objectif #18 — l. 2787-2792');
  });
});

describe('AnswerRefs', () => {
  it('inlines short answers and falls back to a short id for long ones', () => {
    const refs = new AnswerRefs(2);
    const short = refs.put(answer());
    expect(short.length).toBeLessThanOrEqual(BUTTON_VALUE_LIMIT);
    expect(refs.subject(short)?.question).toBe(answer().question);
    const longAnswer = answer({ text: 'x'.repeat(1_900) });
    const long = refs.put(longAnswer);
    expect(long.length).toBeLessThan(100);
    expect(refs.answer(long)?.text).toBe(longAnswer.text);
    // Bounded: a third answer evicts the first from memory; its inline copy still serves feedback.
    refs.put(answer());
    expect(refs.answer(short)).toBeUndefined();
    expect(refs.subject(short)?.sources).toEqual([formatCitation(citation(1))]);
    expect(refs.subject('not json')).toBeUndefined();
  });
});

describe('renderHomeView', () => {
  it('lists the catalogue with issuer and date, and example questions', () => {
    const view = renderHomeView([
      { file: 'a.txt', title: 'Long', short_title: 'Contrat de ville CABBALR 2024-2030', issuer: 'CABBALR', territory: null, kind: null, date: '2024-04-09' },
      { file: 'b.txt', title: 'Autre', short_title: 'Politique de la ville (Préfecture)', issuer: null, territory: null, kind: null, date: null },
    ]);
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Contrat de ville CABBALR 2024-2030* — CABBALR, 9 avril 2024');
    expect(text).toContain('Politique de la ville (Préfecture)');
    expect(text).toContain('Exemples de questions');
    expect(text).toContain('objectif #18');
  });

  it('stays within Slack’s limits for a large catalogue', () => {
    const documents = Array.from({ length: 300 }, (_, i) => ({
      file: `d${i}.txt`,
      title: `T${i}`,
      short_title: `Document numéro ${i} `.repeat(5),
      issuer: 'Émetteur',
      territory: null,
      kind: null,
      date: '2024',
    }));
    const view = renderHomeView(documents);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const text of sections(view.blocks)) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    expect(JSON.stringify(view.blocks)).toContain('et 240 autres documents');
  });

  it('formats dates in French', () => {
    expect(formatDate('2023-06-12')).toBe('12 juin 2023');
    expect(formatDate('2024')).toBe('2024');
    expect(formatDate(null)).toBeNull();
  });
});

describe("assistant-thread answers (Slack's AI-app elements)", () => {
  it('offers 👍/👎 as feedback_buttons in a context_actions block whose values fit and parse back', () => {
    const refs = new AnswerRefs();
    const long = answer({ text: 'Un très long passage. '.repeat(200), citations: [1, 2, 3, 4, 5].map((n) => citation(n, { breadcrumb: ['Annexe'.repeat(40)] })) });
    const ref = refs.put(long, FEEDBACK_REF_LIMIT);
    const message = renderAnswer(long, { ref, feedbackStyle: 'feedback_buttons' });
    const blocks = message.blocks as AnyBlock[];
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    const element = (blocks.find((b) => b.type === 'context_actions') as AnyBlock).elements[0];
    expect(element.type).toBe('feedback_buttons');
    expect(element.action_id).toBe(ACTION_IDS.feedback);
    for (const [button, verdict] of [
      [element.positive_button, 'up'],
      [element.negative_button, 'down'],
    ] as const) {
      expect(button.value.length).toBeLessThanOrEqual(BUTTON_VALUE_LIMIT);
      expect(button.accessibility_label.length).toBeLessThanOrEqual(75);
      const parsed = parseFeedbackValue(button.value);
      expect(parsed?.verdict).toBe(verdict);
      expect(refs.subject(parsed?.ref ?? '')?.question).toBe(long.question);
    }
    expect(parseFeedbackValue('{"id":"x"}')).toBeUndefined();
    expect(() => renderAnswer(long, { ref: 'x'.repeat(FEEDBACK_REF_LIMIT + 1), feedbackStyle: 'feedback_buttons' })).toThrow(RangeError);
  });

  it('titles a thread with its question on one line', () => {
    expect(threadTitle('  Quels dispositifs\npour la mobilité ?  ')).toBe('Quels dispositifs pour la mobilité ?');
    expect(threadTitle('a'.repeat(200))).toHaveLength(80);
  });
});
