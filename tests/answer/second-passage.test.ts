/**
 * Retrieval's second passage follows an answer made of the best passage's section when it adds
 * a part of the question that section does not say (answer.second-passage): a meeting's agenda
 * names « les points de vigilance » that the next section lists.
 */
import { describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILLER = (topic: string) =>
  Array.from({ length: 8 }, (_, index) => [
    `${topic} ${index + 1} : les services de l’agglomération et de l’État ont présenté leurs travaux de l’année, les échanges ont porté sur l’organisation des réunions de quartier, la communication auprès des habitants et le suivi des actions engagées.`,
    '',
  ]).flat();
const FILES = {
  'compte-rendu-copil.txt': [
    'COMPTE RENDU DU COMITÉ DE PILOTAGE DU CONTRAT DE VILLE',
    '',
    'I. La séance',
    '',
    'Ordre du jour',
    '',
    'Le comité de pilotage du 12 mars 2026 a examiné le bilan de la programmation 2025, les points de vigilance relevés par les partenaires et le calendrier de l’appel à projets 2026.',
    '',
    'Étaient présents les représentants de l’État, de l’agglomération, des communes et des conseils citoyens.',
    '',
    'II. Le bilan',
    '',
    'Constats partagés',
    '',
    '- Délai moyen de versement des subventions de l’État : quatre mois et demi',
    '- Trésorerie fragile de neuf associations à l’automne',
    '- Mobilisation insuffisante des crédits de droit commun dans les quartiers',
    '',
    'Perspectives',
    '',
    ...FILLER('Perspective'),
  ],
};
const QUESTION = 'au comité de pilotage du 12 mars 2026, quels points de vigilance sur la trésorerie des associations et le versement des subventions ?';

let assistant: LoadedAssistant;

useTempCorpus('second-passage', FILES, (opened) => {
  assistant = opened;
});

describe('the second passage after the best one', () => {
  it('follows when it says what the best passage’s section does not', async () => {
    const answer = await assistant.ask(QUESTION);
    expectWellFormed(answer, assistant);
    expect(answer.trace?.rules).toContain('answer.second-passage');
    expect(answer.text).toContain('Trésorerie fragile');
    expect(answer.citations.length).toBe(2);
  });

  it('is left out when the rule is off', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['answer.second-passage']) } });
    const answer = await ablated.ask(QUESTION);
    expect(answer.trace?.rules ?? []).not.toContain('answer.second-passage');
    expect(answer.citations.length).toBe(1);
  });

  it('is left out when it must add more of the question than any passage can', async () => {
    const strict = createAssistant(assistant.index, { tuning: { secondPassageMinGain: 1.01 } });
    expect((await strict.ask(QUESTION)).trace?.rules ?? []).not.toContain('answer.second-passage');
  });
});
