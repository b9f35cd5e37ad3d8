/**
 * A figure question naming a numbered section takes its figure from that section: after a
 * question on « l'action 3.2 guichet unique logement des jeunes », « et l'action 3.4 ? » gets the
 * 3.4's financing, not the 3.2's whose words the merged question still carries.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { createAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const action = (number: string, title: string, amount: string) => [
  `Action ${number} - ${title}`,
  '',
  `L’action ${number} ${title.toLowerCase()} est conduite avec les partenaires du territoire et les associations de jeunesse et d’insertion.`,
  '',
  `Financement 2024-2027 : ${amount} (50 % État 50 % Département)`,
  '',
];

const FILES = {
  'pacte-exemple.txt': [
    'PACTE LOCAL DES SOLIDARITÉS EXEMPLE',
    '',
    'Axe 3 – La lutte contre les grandes exclusions',
    '',
    ...action('3.2', 'Guichet unique logement des jeunes', '1 280 000 €'),
    ...action('3.3', 'Prévenir les expulsions locatives', '4 000 000 €'),
    ...action('3.4', 'Plan de formation et labellisation des structures', '1 200 000 €'),
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('figure-reference', FILES, (opened) => {
  assistant = opened;
});

describe('a figure in the named section', () => {
  const first = 'pacte local des solidarites : l’action 3.2 guichet unique logement des jeunes, c finance combien ?';

  it('is the named section’s, after a turn about another section', async () => {
    const previous = await assistant.ask(first);
    expect(previous.text).toContain('1 280 000 €');
    const answer = await assistant.ask('et l’action 3.4 ?', { history: [{ question: first, answer: previous }] });
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('1 200 000 €');
    expect(answer.text).not.toContain('1 280 000 €');
  });

  it('switched off, the figure of the section whose words the question carries wins', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['lead.figure-in-reference']) } });
    const previous = await ablated.ask(first);
    const answer = await ablated.ask('et l’action 3.4 ?', { history: [{ question: first, answer: previous }] });
    expect(answer.text.split('\n')[0]).toContain('1 280 000 €');
  });
});
