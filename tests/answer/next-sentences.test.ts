/**
 * An answer often sits one passage lower than the best one (the 2025 report's figure below the
 * 2026 guide): the best sentence of retrieval's first passages from another section, holding what
 * is asked, follows the answer on one line with its citation (answer.next-sentences).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutAtWord } from '../../src/answer/compose/compose.js';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { openTempCorpus, type TempCorpus, useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILLER = (topic: string) =>
  Array.from({ length: 6 }, (_, index) => [
    `${topic} ${index + 1} : les habitants présentent leur projet au comité d’attribution, qui se réunit chaque mois au centre social et rend sa décision dans les quinze jours.`,
    '',
  ]).flat();
const REPORT = [
  '# Bilan de la programmation du contrat de ville',
  '',
  '## Le fonds de participation des habitants',
  '',
  'Le FPH est un fonds de participation des habitants : son enveloppe a soutenu 27 projets pour 18 640 € attribués.',
  '',
  '## Les actions financées',
  '',
  ...FILLER('Action'),
];
const FILES = {
  'fiche-fph-2026.md': [
    '# Fiche pratique : le fonds de participation des habitants 2026',
    '',
    '## Combien ?',
    '',
    'L’enveloppe du fonds de participation des habitants est de 24 000 € pour l’année.',
    '',
    '## Comment ?',
    '',
    ...FILLER('Étape'),
  ],
  'bilan-programmation.md': REPORT,
  // The same report filed twice: its sentence is shown once.
  'bilan-programmation-copie.md': REPORT,
};
const FIGURE_QUESTION = 'le fonds de participation des habitants, l’enveloppe c’est combien ?';
const NEXT = 'Voir aussi : ';

let assistant: LoadedAssistant;

useTempCorpus('next-sentences', FILES, (opened) => {
  assistant = opened;
});

type Answer = Awaited<ReturnType<LoadedAssistant['ask']>>;
const nextLines = (answer: Answer) => answer.text.split('\n').filter((line) => line.startsWith(NEXT));
const citedChunkText = (answer: Answer, line: string) => {
  const marker = /\[(\d+)\]\s*$/.exec(line)?.[1];
  const citation = answer.citations.find((candidate) => String(candidate.n) === marker);
  return assistant.chunks.find((chunk) => chunk.id === citation?.chunkId)?.text ?? '';
};
/** Every sentence the trace says was added is in the text: one line each. */
const expectTraceTrue = (answer: Answer) => expect(nextLines(answer).length).toBe((answer.trace?.rules ?? []).filter((rule) => rule === 'answer.next-sentences').length);

describe('the best sentences of the next passages', () => {
  it('a figure of the next passage follows the answer once, cited from its passage', async () => {
    const answer = await assistant.ask(FIGURE_QUESTION);
    expectWellFormed(answer, assistant);
    expect(answer.trace?.rules).toContain('answer.next-sentences');
    expect(answer.text).toContain('24 000 €');
    const lines = nextLines(answer);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('18 640 €');
    expect(citedChunkText(answer, lines[0]!)).toContain('18 640 €');
    expect(answer.citations.find((citation) => String(citation.n) === /\[(\d+)\]$/.exec(lines[0]!)?.[1])?.quote).toContain('18 640 €');
    expectTraceTrue(answer);
  });

  it('is left out when the rule is off', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['answer.next-sentences']) } });
    const answer = await ablated.ask(FIGURE_QUESTION);
    expect(answer.trace?.rules ?? []).not.toContain('answer.next-sentences');
    expect(answer.text).not.toContain('18 640 €');
  });

  it('is left out when the sentence must say more of the question than any does', async () => {
    const strict = createAssistant(assistant.index, { tuning: { nextSentenceMinCoverage: 1.01 } });
    expect((await strict.ask(FIGURE_QUESTION)).trace?.rules ?? []).not.toContain('answer.next-sentences');
  });

  it('is not cut before the figure that made it an answer, nor inside a number', async () => {
    for (const nextSentenceMaxChars of [40, 75, 80]) {
      const cut = await createAssistant(assistant.index, { tuning: { nextSentenceMaxChars } }).ask(FIGURE_QUESTION);
      expectTraceTrue(cut);
      for (const line of nextLines(cut)) {
        expect(line).toContain('€');
        expect(line).not.toMatch(/\d …/);
      }
    }
  });

  it('is written whenever the trace says so, in a tight message too', async () => {
    for (const textLimit of [400, 600, 900]) {
      const tight = createAssistant(assistant.index, { tuning: { textLimit, answerChars: textLimit - 60 } });
      const answer = await tight.ask(FIGURE_QUESTION);
      expect(answer.text.length).toBeLessThanOrEqual(textLimit);
      expectTraceTrue(answer);
    }
  });

  it('follows a definition when it holds the defined term as a word', async () => {
    const answer = await assistant.ask('c’est quoi le FPH ?');
    expectWellFormed(answer, assistant);
    expectTraceTrue(answer);
    for (const line of nextLines(answer)) expect(line).toMatch(/\bFPH\b/);
  });

  // A question asking neither a figure nor a definition: its section is not cut for a sentence.
  const HOW_QUESTION = 'comment on présente un projet au fonds de participation des habitants ?';
  const anyCoverage = { nextSentenceOtherMinCoverage: 0, nextSentenceMinCoverage: 0 };

  it('follows another answer in the room the section leaves', async () => {
    const answer = await createAssistant(assistant.index, { tuning: anyCoverage }).ask(HOW_QUESTION);
    expect(answer.trace?.rules).toContain('answer.next-sentences');
    expectTraceTrue(answer);
  });

  it('takes no room from another answer’s section, but does from a figure’s', async () => {
    const tight = createAssistant(assistant.index, { tuning: { ...anyCoverage, answerChars: 700 } });
    expect((await tight.ask(HOW_QUESTION)).trace?.rules ?? []).not.toContain('answer.next-sentences');
    const figure = await tight.ask(FIGURE_QUESTION);
    expect(figure.trace?.rules).toContain('answer.next-sentences');
    expect(figure.text).toContain('18 640 €');
  });

  it('needs more of the question on another answer than on a figure', async () => {
    const answer = await assistant.ask(HOW_QUESTION);
    expect(answer.trace?.rules ?? []).not.toContain('answer.next-sentences');
  });
});

describe('next sentences and what the question names', () => {
  let corpus: TempCorpus;
  beforeAll(async () => {
    corpus = await openTempCorpus('next-sentences-named', {
      'plan-actions.md': [
        '# Plan d’actions du contrat de ville',
        '## Action 3.4 : Médiation sociale',
        'Le budget de l’action 3.4 de médiation sociale est de 52 000 € par an.',
        '## Action 3.5 : Médiation scolaire',
        'Le budget de l’action 3.5 de médiation scolaire est de 30 000 € par an.',
        '## Action 3.2 : Médiation numérique',
        'Le budget de l’action 3.2 de médiation numérique est de 45 000 € par an.',
      ],
      'bilan-2025.md': ['# Bilan 2025', '## Les crédits', 'En 2025, les crédits du BOP 147 de la programmation s’élèvent à 1 262 000 €.'],
      'appel-2026.md': ['# Appel à projets 2026', '## Les crédits', 'Pour 2026, les crédits du BOP 147 de la programmation sont prévus à 1 310 000 €.'],
    });
  }, 120_000);
  afterAll(async () => corpus?.cleanup());

  it('a named numbered section is answered inside it, not by its neighbours’ figures', async () => {
    const answer = await corpus.assistant.ask('quel est le budget de l’action 3.4 ?');
    expect(answer.text).toContain('52 000 €');
    expect(answer.text).not.toContain('30 000 €');
    expect(answer.text).not.toContain('45 000 €');
  });

  it('another year’s figure does not follow a figure asked for a year', async () => {
    const answer = await corpus.assistant.ask('combien de crédits du BOP 147 pour la programmation en 2025 ?');
    expect(answer.text).toContain('1 262 000 €');
    expect(answer.text).not.toContain('1 310 000 €');
  });
});

describe('cutAtWord', () => {
  it('cuts at a word and never inside a number whose digits are grouped with spaces', () => {
    expect(cutAtWord('court', 40)).toBe('court');
    expect(cutAtWord(`${'mot '.repeat(10)}pour 18 640 € attribués.`, 51)).toBe(`${'mot '.repeat(10)}pour …`);
    expect(cutAtWord(`${'mot '.repeat(10)}pour 18\u00a0640 € attribués.`, 51)).toBe(`${'mot '.repeat(10)}pour …`);
  });
});
