/**
 * A table row is one statement: asked what one holder of a row received, the answer's lead is
 * that row whole (« Porteur : Les Jardins du Clos ; … ; État : 3 500 »), not a cell cut off at a
 * « ; » from the name that says whose figure it is.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { createAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'bilan-exemple.md': [
    '# Bilan 2024 de la programmation',
    '',
    '## 1. Les chiffres clés',
    '',
    'La programmation 2024 a soutenu 12 actions pour un total de 180 000 euros, dont 95 000 euros de l’État.',
    '',
    '## 2. Tableau des actions financées en 2024',
    '',
    'Montants attribués en euros.',
    '',
    '| N° | Action | Porteur | Quartier | État | Agglo |',
    '|---|---|---|---|---|---|',
    '| 1 | Cap Emploi Quartiers | Mission locale du Val | Tous quartiers | 22 000 | 15 000 |',
    '| 2 | Jardin partagé | Les Jardins du Clos | Le Clos | 3 500 | 1 500 |',
    '| 3 | Sport et citoyenneté | Étoile sportive des Hauts | Les Hauts | 5 000 | 3 000 |',
    '| 4 | Théâtre-forum | Compagnie du Grand Étang | Le Clos | 7 000 | 3 000 |',
    '',
    '## 3. Montants par porteur',
    '',
    '| Porteur | Montant |',
    '|---|---|',
    '| Maison des habitants | 4 200 |',
    '| Radio Cigale | 2 500 |',
    '',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('table-row-figure', FILES, (opened) => {
  assistant = opened;
});

describe('a figure asked of one row of a table', () => {
  it('a two-column row is read whole too', async () => {
    const answer = await assistant.ask('radio cigale a eu combien ?');
    expect(answer.refused).toBe(false);
    const lead = answer.text.split('\n')[0]!;
    expect(lead).toContain('Radio Cigale');
    expect(lead).toContain('2 500');
  });

  const question = 'les jardins du clos ont eu combien de l’état en 2024 ?';

  it('leads with the whole row: the holder’s name and its amount together', async () => {
    const answer = await assistant.ask(question);
    expect(answer.refused).toBe(false);
    const lead = answer.text.split('\n')[0]!;
    expect(lead).toContain('Les Jardins du Clos');
    expect(lead).toContain('3 500');
    expect(lead).not.toContain('22 000');
  });

  it('switched off, the lead is a cell without the name that says whose figure it is', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['lead.table-row-whole']) } });
    const answer = await ablated.ask(question);
    expect(answer.refused).toBe(false);
    const lead = answer.text.split('\n')[0]!;
    expect(lead).toMatch(/\d/);
    expect(lead).not.toMatch(/Les Jardins du Clos.*3 500/);
  });
});
