/**
 * A figure question's answer often sits one passage lower than the best one (the 2025 report's
 * figure below the 2026 guide): the best sentence of retrieval's next passages from another
 * section, holding a figure of the asked sort, follows the answer on one line with its citation
 * (answer.next-sentences).
 */
import { describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILLER = (topic: string) =>
  Array.from({ length: 6 }, (_, index) => [
    `${topic} ${index + 1} : les habitants présentent leur projet au comité d’attribution, qui se réunit chaque mois au centre social et rend sa décision dans les quinze jours.`,
    '',
  ]).flat();
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
  'bilan-programmation.md': [
    '# Bilan de la programmation du contrat de ville',
    '',
    '## Le fonds de participation des habitants',
    '',
    'Le fonds de participation des habitants a soutenu 27 projets pour 18 640 € attribués.',
    '',
    '## Les actions financées',
    '',
    ...FILLER('Action'),
  ],
};
const FIGURE_QUESTION = 'le fonds de participation des habitants, l’enveloppe c’est combien ?';

let assistant: LoadedAssistant;

useTempCorpus('next-sentences', FILES, (opened) => {
  assistant = opened;
});

const citedChunkText = (answer: Awaited<ReturnType<LoadedAssistant['ask']>>, line: string) => {
  const marker = /\[(\d+)\]\s*$/.exec(line)?.[1];
  const citation = answer.citations.find((candidate) => String(candidate.n) === marker);
  return assistant.chunks.find((chunk) => chunk.id === citation?.chunkId)?.text ?? '';
};

describe('the best sentences of the next passages', () => {
  it('a figure of the next passage follows the answer, cited from its passage', async () => {
    const answer = await assistant.ask(FIGURE_QUESTION);
    expectWellFormed(answer, assistant);
    expect(answer.trace?.rules).toContain('answer.next-sentences');
    expect(answer.text).toContain('24 000 €');
    const line = answer.text.split('\n').find((candidate) => candidate.startsWith('Voir aussi : '));
    expect(line).toContain('18 640 €');
    expect(citedChunkText(answer, line ?? '')).toContain('18 640 €');
    expect(new Set(answer.citations.map((citation) => citation.file)).size).toBe(2);
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

  it('follows a definition when it holds the defined term', async () => {
    const answer = await assistant.ask('c’est quoi le fonds de participation des habitants ?');
    expectWellFormed(answer, assistant);
    expect(answer.trace?.rules).toContain('answer.next-sentences');
    const line = answer.text.split('\n').find((candidate) => candidate.startsWith('Voir aussi : '));
    expect(line?.toLowerCase()).toContain('fonds de participation des habitants');
    expect(new Set(answer.citations.map((citation) => citation.file)).size).toBe(2);
  });

  // A question asking neither a figure nor a definition: its section is not cut for a sentence.
  const HOW_QUESTION = 'comment on présente un projet au fonds de participation des habitants ?';
  const anyCoverage = { nextSentenceOtherMinCoverage: 0, nextSentenceMinCoverage: 0 };

  it('follows another answer in the room the section leaves', async () => {
    const answer = await createAssistant(assistant.index, { tuning: anyCoverage }).ask(HOW_QUESTION);
    expect(answer.trace?.rules).toContain('answer.next-sentences');
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
