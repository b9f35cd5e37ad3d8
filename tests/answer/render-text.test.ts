/** Terminal rendering: the answer, then « Sources : » as « [n] Doc › breadcrumb — l. a-b ». */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { renderAnswerText, renderShareText } from '../../src/answer/render-text.js';
import type { Answer } from '../../src/core/answer.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

let assistant: LoadedAssistant;

beforeAll(async () => {
  assistant = await getTestAssistant();
});

function sourceLines(rendered: string, header: string): string[] {
  const lines = rendered.split('\n');
  const at = lines.indexOf(header);
  expect(at, `no « ${header} » line`).toBeGreaterThan(0);
  expect(lines[at - 1]).toBe('');
  return lines.slice(at + 1);
}

function expectSourceLine(line: string, answer: Answer, index: number): void {
  const citation = answer.citations[index]!;
  const expected = `[${citation.n}] ${[citation.docTitle, ...citation.breadcrumb].join(' › ')} — ${citation.spanLabel}`;
  expect(line.trim()).toBe(expected);
  expect(line).toMatch(/^\[\d+\] .+ — (l\. \d+(-\d+)?|p\. \d+(-\d+)?)$/);
}

describe('renderAnswerText', () => {
  it('an answer: its text without ** markers, then every source in order', async () => {
    const answer = await assistant.ask('Que veut dire TFPB ?');
    expect(answer.text).toContain('**');
    const rendered = renderAnswerText(answer);
    expect(rendered).not.toContain('**');
    expect(rendered.startsWith(answer.text.replace(/\*\*(.+?)\*\*/g, '$1'))).toBe(true);
    const lines = sourceLines(rendered, 'Sources :');
    expect(lines).toHaveLength(answer.citations.length);
    lines.forEach((line, index) => expectSourceLine(line, answer, index));
    expect(rendered).not.toContain('Sections les plus proches');
  });

  it('a list answer: « [1] Contrat de ville CABBALR 2024-2030 › … › Objectif #13 › Acteurs à mobiliser — l. a-b »', async () => {
    const answer = await assistant.ask('Quels sont les acteurs à mobiliser pour l’objectif #13 ?');
    const lines = sourceLines(renderAnswerText(answer), 'Sources :');
    expect(lines[0]).toMatch(/^\[1\] Contrat de ville CABBALR 2024-2030 › .*Objectif #13 › Acteurs à mobiliser — l\. \d+-\d+$/);
    lines.forEach((line, index) => expectSourceLine(line, answer, index));
  });

  it('a refusal: « Sections les plus proches : » instead of « Sources : »', async () => {
    const answer = await assistant.ask('Quel rôle joue l’association Décathlon Solidarité dans le contrat de ville ?');
    expect(answer.refused).toBe(true);
    const rendered = renderAnswerText(answer);
    expect(rendered).toContain('Le corpus ne permet pas de répondre');
    expect(rendered).not.toContain('Sources :');
    const lines = sourceLines(rendered, 'Sections les plus proches :');
    expect(lines).toHaveLength(answer.citations.length);
    lines.forEach((line, index) => expectSourceLine(line, answer, index));
  });

  it('a validation reply: the text alone, no source block and no warning', async () => {
    const answer = await assistant.ask('');
    expect(renderAnswerText(answer)).toBe(answer.text);
  });

  it('an uncited non-refused answer carries a warning', () => {
    const answer: Answer = {
      question: 'q',
      text: 'Réponse sans source.',
      citations: [],
      refused: false,
      kind: 'lookup',
      mode: 'llm',
      timings: { retrieveMs: 0, composeMs: 0, totalMs: 0 },
    };
    expect(renderAnswerText(answer)).toMatch(/Aucune source n’a pu être citée/);
  });

  it('page spans render as « p. a-b »', () => {
    const answer: Answer = {
      question: 'q',
      text: 'Une phrase [1].',
      citations: [
        {
          n: 1,
          chunkId: 'contrat.pdf#3',
          file: 'contrat.pdf',
          docTitle: 'Contrat PDF',
          breadcrumb: ['Partie 1', 'Gouvernance'],
          span: { lineStart: 10, lineEnd: 40, pageStart: 3, pageEnd: 4 },
          spanLabel: 'p. 3-4',
          quote: 'Une phrase',
        },
      ],
      refused: false,
      kind: 'lookup',
      mode: 'extractive',
      timings: { retrieveMs: 0, composeMs: 0, totalMs: 0 },
    };
    expect(renderAnswerText(answer).split('\n').pop()).toBe('[1] Contrat PDF › Partie 1 › Gouvernance — p. 3-4');
  });

  it('the text to share: the question first, then the answer and each source with its reader link', () => {
    const answer: Answer = {
      question: '  Qui   finance ?\n',
      text: 'Le **FIPD** finance [1].',
      citations: [{ n: 1, chunkId: 'c.txt#4', file: 'c.txt', docTitle: 'Contrat', breadcrumb: ['Annexe 2'], span: { lineStart: 3, lineEnd: 5 }, spanLabel: 'l. 3-5', quote: 'Le FIPD' }],
      refused: false,
      kind: 'lookup',
      mode: 'extractive',
      timings: { retrieveMs: 0, composeMs: 0, totalMs: 0 },
    };
    expect(renderShareText(answer)).toBe('Question : Qui finance ?\n\nLe FIPD finance [1].\n\nSources :\n[1] Contrat › Annexe 2 — l. 3-5');
    expect(renderShareText(answer, (c) => `https://alinea.exemple.fr/?passage=${encodeURIComponent(c.chunkId)}`)).toBe(
      'Question : Qui finance ?\n\nLe FIPD finance [1].\n\nSources :\n[1] Contrat › Annexe 2 — l. 3-5\n    https://alinea.exemple.fr/?passage=c.txt%234',
    );
  });
});
