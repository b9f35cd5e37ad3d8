/**
 * A year written right after a noun names an edition (« l'appel à projets 2026 »): a date falling
 * in that year in another edition's text (« bilan 2025 … au plus tard le 30 juin 2026 ») is not
 * that edition's date.
 */
import { describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'guide-appel-a-projets-2025.txt': [
    'GUIDE DE L’APPEL À PROJETS POLITIQUE DE LA VILLE 2025',
    '',
    'Calendrier',
    '',
    'Le dépôt des dossiers est ouvert jusqu’au 15 janvier 2025 sur la plateforme Dauphin.',
    '',
    'Le bilan de l’action est déposé au plus tard le 30 juin 2026.',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('edition-year', FILES, (opened) => {
  assistant = opened;
});

describe('a date asked for an edition named by its year', () => {
  it('is refused when only another edition’s text has a date in that year', async () => {
    const answer = await assistant.ask('c’est quand la date limite de l’appel a projets 2026 ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(true);
    expect(answer.trace?.rules).toContain('gate.edition-year');
  });

  it('is answered for the edition the document is about', async () => {
    const answer = await assistant.ask('c’est quand la date limite de l’appel a projets 2025 ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('15 janvier 2025');
  });

  it('is answered by a date in that year when the year is a time (« en 2026 »), not an edition', async () => {
    const answer = await assistant.ask('le bilan il faut le deposer quand en 2026 ?');
    expect(answer.trace?.rules).not.toContain('gate.edition-year');
  });

  it('is answered from the other edition’s date when the rule is off', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['gate.edition-year']) } });
    const answer = await ablated.ask('c’est quand la date limite de l’appel a projets 2026 ?');
    expect(answer.refused).toBe(false);
  });
});
