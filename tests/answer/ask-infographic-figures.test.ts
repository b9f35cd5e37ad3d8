/**
 * A scanned infographic sets a key figure on its own line, its unit above it and its caption
 * below (« euros » / « 394 000 » / « alloués en 2017 pour la santé »): read as one sentence.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'plaquette-chiffres-cles.txt': [
    'LA POLITIQUE DE LA VILLE EN CHIFFRES',
    '',
    'Santé',
    '',
    'Les contrats locaux de santé couvrent les quartiers (prévention, soins, logement, emploi...).',
    '',
    'euros',
    '',
    '394 000',
    '',
    'alloués en 2017 pour financer des actions en faveur de la santé dans les contrats de ville.',
    '',
    'Sport',
    '',
    'Les équipements sportifs de proximité ont été rénovés (stades, gymnases, city-stades...).',
    '',
    'euros',
    '',
    '128 500',
    '',
    'alloués en 2017 pour financer des équipements sportifs de proximité.',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('infographic', FILES, (opened) => {
  assistant = opened;
});

describe('a key figure with its unit above and its caption below', () => {
  it('is the figure that answers, with its unit after it', async () => {
    const answer = await assistant.ask('combien d’argent pour les actions de santé en 2017 ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text.split('\n')[0]).toContain('394 000 euros alloués en 2017');
  });

  it('is the other section’s figure for the other subject', async () => {
    const answer = await assistant.ask('combien pour les équipements sportifs en 2017 ?');
    expect(answer.text.split('\n')[0]).toContain('128 500 euros');
  });
});
