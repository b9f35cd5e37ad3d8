/**
 * A follow-up is read with the words of the question before it (« on tire à partir de quelles
 * listes … si un membre démissionne »): the passage answering it need not hold them all, so the
 * share of the question the best passages hold (gate.support) does not refuse it.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'decret-conseils-citoyens.txt': [
    'DÉCRET RELATIF AUX CONSEILS CITOYENS',
    '',
    'Article 5',
    '',
    'Le tirage au sort des membres du collège « habitants » est organisé par le maire à partir des listes électorales et des fichiers des bailleurs sociaux.',
    '',
    'Article 6',
    '',
    'Les membres du conseil citoyen sont désignés pour une durée de trois ans. En cas de démission d’un membre, il est pourvu à son remplacement dans un délai de trois mois.',
    '',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('follow-up-support', FILES, (opened) => {
  assistant = opened;
});

describe('a follow-up’s support', () => {
  const history = [{ question: 'tirage au sort du conseil citoyen : c’est qui qui l’organise ?' }, { question: 'on tire a partir de quelles listes ?' }];

  it('is answered although the passage holds little of the merged question', async () => {
    const answer = await assistant.ask('et si un membre demissionne en cours de route ?', { history });
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.trace?.support ?? 1).toBeLessThan(0.2);
    expect(answer.text).toContain('trois mois');
  });

  it('the same words asked alone, without a conversation, still need their support', async () => {
    const answer = await assistant.ask('on tire a partir de quelles listes si un membre demissionne en cours de route ?');
    expect(answer.trace?.support ?? 0).toBeLessThan(0.2);
    expect(answer.refused).toBe(true);
  });
});
