/**
 * A figure question's lead sentence cites the passage that holds it when the answer shows that
 * passage (lead.cited): a section cut into two passages, whose first says what the question asks
 * about and whose second gives the figure, is cited from the second.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const STEPS = ['le repérage', 'le diagnostic', 'la médiation', 'le plan d’apurement', 'le suivi', 'le bilan'];
const DESCRIPTION = STEPS.map(
  (step) => `Le fonds de prévention des expulsions locatives accompagne les ménages en impayé de loyer, avec ${step} mené par les bailleurs et les travailleurs sociaux du Département.`,
).join(' ');

const FILES = {
  'pacte-exemple.md': [
    '# Pacte local des solidarités exemple',
    '',
    '## Action 3.3 : Prévenir les expulsions locatives',
    '',
    DESCRIPTION,
    '',
    'Financement 2024-2027 : 4 000 000 € (50 % État 50 % Département). Le versement est annuel, sur présentation du bilan de l’année écoulée et des engagements de l’année suivante.',
    '',
    '## Action 3.4 : Accès aux droits',
    '',
    'Les maisons France Services accueillent les habitants des quartiers prioritaires pour leurs démarches administratives.',
    '',
  ],
};

let assistant: LoadedAssistant;
useTempCorpus('lead-cited', FILES, (opened) => {
  assistant = opened;
});

describe('a lead cites its own passage', () => {
  it('the figure of the second passage of a section is cited from that passage', async () => {
    const answer = await assistant.ask('combien pour le fonds de prévention des expulsions locatives ?');
    expect(answer.refused).toBe(false);
    const [lead] = answer.text.split('\n');
    expect(lead).toContain('4 000 000 €');
    const marker = /\[(\d+)\]\s*$/.exec(lead ?? '')?.[1];
    const cited = answer.citations.find((citation) => String(citation.n) === marker);
    expect(cited?.chunkId).toBeDefined();
    const chunk = assistant.chunks.find((candidate) => candidate.id === cited?.chunkId);
    expect(chunk?.text).toContain('4 000 000 €');
  });
});
