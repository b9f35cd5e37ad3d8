/**
 * A figure question gets the figure of the thing it asks about: the figure whose own sentence
 * and headings name it (« Action 3 : crèches AVIP › BUDGET ESTIMÉ › 2023 : 82 000 € »), not a
 * larger total that merely sits in a passage mentioning it among other things.
 * Built on a temporary corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/answer/assistant.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';
import { chunkById, expectWellFormed } from './answer-invariants.js';

const FILES = {
  'convention-petite-enfance.txt': [
    'RAPPORT AU CONSEIL',
    '',
    'Les actions menées pour 2023 :',
    '',
    '- Action 1 : Développer des chantiers d’insertion ;',
    '- Action 2 : Mobiliser la clause d’insertion ;',
    '- Action 3 : Soutenir les crèches à vocation d’insertion professionnelle (AVIP) ;',
    '- Action 4 : Accompagner les jeunes vers le logement.',
    '',
    'Pour mener à bien ces actions, l’État contribuera à hauteur de 1 000 000 € en 2023.',
    '',
    'FICHES ACTION',
    '',
    'Action 3 : Soutien à la parentalité (crèches AVIP)',
    '',
    'FINALITE',
    '',
    'Réserver des places en crèche aux parents sans emploi pour qu’ils accèdent à une formation.',
    '',
    'BUDGET ESTIME',
    '',
    '2023 : 82 000 € au total dont participation État de 41 000 €',
    '',
    'Action 4 : Accompagnement au logement des jeunes',
    '',
    'FINALITE',
    '',
    'Accompagner les jeunes sortant de l’aide sociale à l’enfance vers un logement autonome.',
    '',
  ],
};

let corpus: TempCorpus;
let assistant: LoadedAssistant;

beforeAll(async () => {
  corpus = await openTempCorpus('figure-subject', FILES);
  assistant = corpus.assistant;
});

afterAll(async () => {
  await corpus?.cleanup();
});

describe('the figure of the thing asked about', () => {
  it('« Combien l’État consacre-t-il aux crèches AVIP en 2023 ? » → the crèches budget first, cited from its block', async () => {
    const answer = await assistant.ask('Combien l’État consacre-t-il aux crèches AVIP en 2023 ?');
    expectWellFormed(answer, assistant);
    expect(answer.kind).toBe('figure');
    expect(answer.refused).toBe(false);
    const firstLine = answer.text.split('\n')[0];
    expect(firstLine).toContain('41 000 €');
    const cited = chunkById(assistant, answer.citations[0].chunkId);
    expect(cited.breadcrumb.join(' › ')).toMatch(/Action 3.*Budget/i);
  });
});
