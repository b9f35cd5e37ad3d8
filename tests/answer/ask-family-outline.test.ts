/**
 * « Quels sont les quatre axes du Pacte ? » asks for the headings of a numbered family in one
 * document: the answer lists them (each once, in number order), not a passage using the word.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { createAssistant } from '../../src/app/assistant.js';
import { askedFamilyOf } from '../../src/query/query-understanding.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const filler = (topic: string) => Array.from({ length: 4 }, (_, i) => `Le plan soutient ${topic} par des actions de terrain, étape ${i + 1}, avec les partenaires du territoire et les habitants.`);

const FILES = {
  'plan-solidarites-exemple.txt': [
    'PLAN DÉPARTEMENTAL DES SOLIDARITÉS 2025-2028',
    '',
    'Axe 1 – Prévenir la pauvreté dès l’enfance',
    '',
    ...filler('la petite enfance'),
    '',
    'Action 1.1 – Accueil des jeunes enfants',
    '',
    ...filler('les crèches'),
    '',
    'Axe 2 – Favoriser l’accès à l’emploi pour tous',
    '',
    ...filler('l’emploi'),
    '',
    'Action 2.1 – Accompagnement global',
    '',
    ...filler('les demandeurs d’emploi'),
    '',
    'Axe 3 – Construire une transition écologique solidaire',
    '',
    ...filler('la rénovation des logements'),
  ],
};

let assistant: LoadedAssistant;

useTempCorpus(
  'family-outline',
  FILES,
  (opened) => {
    assistant = opened;
  },
  [
    {
      file: 'plan-solidarites-exemple.txt',
      title: 'Plan départemental des solidarités 2025-2028',
      short_title: 'Plan des solidarités',
      issuer: 'Département',
      territory: 'Département exemple',
      kind: 'plan',
      date: '2025-01-01',
    },
  ],
);

describe('a numbered family asked as a list', () => {
  it('is read from the question, not when it names a number', () => {
    expect(askedFamilyOf('quels sont les quatre axes du plan')).toBe('axe');
    expect(askedFamilyOf('c koi les grands enjeux du contrat')).toBe('enjeu');
    expect(askedFamilyOf("quelles sont les actions de l'axe 2")).toBe('action');
    expect(askedFamilyOf("que dit l'axe 2 du plan")).toBeUndefined();
  });

  it('is answered by its outermost headings in the named document, each once', async () => {
    const answer = await assistant.ask('Quels sont les trois axes du plan des solidarités ?');
    expectWellFormed(answer, assistant);
    expect(answer.trace?.rules).toContain('node.family-outline');
    const listed = answer.text.split('\n').filter((line) => line.startsWith('- '));
    expect(listed).toEqual(['- Axe 1 : Prévenir la pauvreté dès l’enfance', '- Axe 2 : Favoriser l’accès à l’emploi pour tous', '- Axe 3 : Construire une transition écologique solidaire']);
  });

  it('is not answered so when the question narrows the family (« les actions pour les crèches »)', async () => {
    const answer = await assistant.ask('Quelles actions pour les crèches dans le plan des solidarités ?');
    expect(answer.trace?.rules ?? []).not.toContain('node.family-outline');
  });

  it('switched off, the same question gets a passage instead', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['node.family-outline']) } });
    const answer = await ablated.ask('Quels sont les trois axes du plan des solidarités ?');
    expect(answer.text.split('\n').filter((line) => line.startsWith('- Axe')).length).toBeLessThan(3);
  });
});
