/**
 * In a conversation, a later question that does not read as a follow-up (« c'est qui qui pilote ? »)
 * still leans on the question before it: its words weigh less than the question's own, so they
 * choose between passages the question alone leaves level, and a new subject keeps its passages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { isFollowUp } from '../../src/query/follow-up.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'convention-maison-de-quartier.txt': [
    'CONVENTION – RÉHABILITATION DE LA MAISON DE QUARTIER DES TILLEULS',
    '',
    'Article 3 – Coût des travaux',
    '',
    'Les travaux de réhabilitation de la maison de quartier des Tilleuls sont estimés à 850 000 € TTC.',
    '',
    'Article 4 – Pilotage',
    '',
    'Le projet est piloté par la direction du patrimoine de la Ville, qui réunit le comité de suivi chaque mois.',
  ],
  'protocole-conseil-securite.txt': [
    'PROTOCOLE DU CONSEIL LOCAL DE SÉCURITÉ ET DE PRÉVENTION DE LA DÉLINQUANCE',
    '',
    'Article 2 – Composition',
    '',
    'Le conseil local de sécurité associe les bailleurs, la police municipale et les associations de prévention.',
    '',
    'Article 3 – Pilotage',
    '',
    'Qui pilote ? Le conseil est piloté par le sous-préfet d’arrondissement, qui le réunit deux fois par an.',
  ],
};

let corpus: TempCorpus;
let assistant: LoadedAssistant;

beforeAll(async () => {
  corpus = await openTempCorpus('conversation-context', FILES);
  assistant = corpus.assistant;
});

afterAll(async () => {
  await corpus?.cleanup();
});

describe('a later question of a conversation that is no follow-up', () => {
  const history = [{ question: 'les travaux de la maison de quartier des tilleuls coutent combien ?' }];

  it('reads as a question of its own', () => {
    expect(isFollowUp('c’est qui qui pilote ?')).toBe(false);
  });

  it('is answered about the subject of the conversation', async () => {
    const answer = await assistant.ask('c’est qui qui pilote ?', { history });
    expectWellFormed(answer, assistant);
    expect(answer.text).toContain('direction du patrimoine');
    expect(answer.text).not.toContain('sous-préfet');
  });

  it('about another subject, is answered about that subject', async () => {
    const answer = await assistant.ask('le conseil local de sécurité c’est qui qui le pilote ?', { history });
    expect(answer.text).toContain('sous-préfet');
  });
});
