/**
 * A list is given whole only when its lead-in or headings are about the question: a list that
 * mentions the subject in one item (« … de tranquillité publique (CISPD) ») is not that list.
 * A sentence right above numbered items announces them even without a colon.
 * On a temporary corpus.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'note-sante.txt': [
    'NOTE SUR LE VOLET SANTÉ',
    '',
    '2/ Proposition d’orientations',
    '',
    'Je propose de retenir cinq orientations pour le volet santé des nouveaux contrats.',
    '',
    '1. Développer la médiation en santé.',
    '2. Accompagner les femmes vers la prévention et les soins.',
    '3. Promouvoir la santé mentale des jeunes.',
    '',
    'Ces orientations guideront le travail des délégations départementales.',
    '',
    // A long section: the list is one passage among many, not a section made of a list.
    ...Array.from({ length: 5 }, (_, index) => [
      `Le paragraphe ${index + 1} détaille longuement le travail mené avec les délégations, les contrats locaux de santé et les partenaires, afin que chaque quartier bénéficie d’une offre adaptée. `
        .repeat(5)
        .trim(),
      '',
    ]).flat(),
  ],
  'programme-horizon.txt': [
    'PROGRAMME HORIZON',
    '',
    'GOUVERNANCE',
    '',
    'Le comité de pilotage du programme Horizon arrête chaque subvention après instruction des dossiers.',
    '',
    'LE PILOTAGE INTERCOMMUNAL',
    '',
    'Le service d’appui déploie une ingénierie dédiée au pilotage du contrat, autour des missions suivantes :',
    '',
    '- l’animation et la coordination du contrat ;',
    '- le soutien à l’émergence de nouveaux projets dans les quartiers ;',
    '- le suivi des dispositifs spécifiques au contrat ;',
    '- l’articulation avec les politiques intercommunales de santé, d’habitat et de tranquillité publique (CISPD).',
    '',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('signals', FILES, (opened) => {
  assistant = opened;
});

describe('lists about the question', () => {
  it('a sentence right above numbered items announces them, colon or not', async () => {
    const answer = await assistant.ask('quelles orientations pour le volet santé des nouveaux contrats ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    for (const item of ['Développer la médiation en santé', 'Accompagner les femmes vers la prévention et les soins', 'Promouvoir la santé mentale des jeunes']) expect(answer.text).toContain(item);
  });
});
