/**
 * A question about a year is answered from passages about that year, or refused: a programme of
 * 2025 does not answer « le budget 2024 ». A range (« 2024-2030 ») covers its years; a law's year
 * (« loi 1905 ») and an amount (« 2000 euros ») are not years asked about.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'programme-cite-educative-2025.md': [
    '# Cité éducative des Tilleuls — programme d’actions 2025',
    '',
    '## 1. Budget 2025',
    '',
    'Le budget total du programme d’actions 2025 s’élève à 410 000 €, dont 240 000 € de l’État.',
    '',
    '## 2. Actions',
    '',
    'La cité éducative finance l’aide aux devoirs, le soutien à la parentalité et des séjours éducatifs pour les collégiens.',
    '',
    '## 3. Qui peut être porteur ?',
    '',
    'Peuvent porter une action les associations déclarées depuis au moins un an et les établissements scolaires du réseau.',
  ],
  'contrat-de-ville-2024-2030.txt': [
    'CONTRAT DE VILLE 2024-2030',
    '',
    'Article 4 : Gouvernance',
    '',
    'Le comité de pilotage du contrat de ville se réunit deux fois par an, en présence du préfet, du président de l’agglomération et des maires des communes concernées.',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('years', FILES, (opened) => {
  assistant = opened;
});

describe('years asked about', () => {
  it('are read once from the question, a follow-up’s own year first', async () => {
    expect((await assistant.ask('budget de la cité éducative en 2024 ?')).trace?.cues).toContain('year:2024');
    const loi = await assistant.ask('une association loi 1901 peut-elle recevoir 2000 euros de la cité éducative ?');
    expect(loi.trace?.cues.some((cue) => cue.startsWith('year:'))).toBe(false);
    // A year inside a quoted name names it.
    const named = await assistant.ask('quand le contrat de ville « Engagements Quartiers 2030 » a-t-il été voté ?');
    expect(named.trace?.cues.some((cue) => cue.startsWith('year:'))).toBe(false);
    // A text named by its date is not asked about that year; a count taken « au » a date is.
    const dated = await assistant.ask('la délibération du 12 juin 2023 sur la cité éducative, elle dit quoi ?');
    expect(dated.trace?.cues.some((cue) => cue.startsWith('year:'))).toBe(false);
    expect((await assistant.ask('combien d’élèves au 1er janvier 2025 dans la cité éducative ?')).trace?.cues).toContain('year:2025');
  });

  it('a year the passages do not speak of is refused, saying which year', async () => {
    const answer = await assistant.ask('quel est le budget de la cité éducative en 2024 ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(true);
    // The figure found is dated 2025 (gate.figure-year); gate.year checks the whole answer after it.
    expect(answer.trace?.rules.some((rule) => rule === 'gate.year' || rule === 'gate.figure-year')).toBe(true);
    expect(answer.text.split('\n')[0]).toContain('2024');
  });

  it('the year the passages speak of is answered', async () => {
    const answer = await assistant.ask('quel est le budget de la cité éducative en 2025 ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('410 000 €');
  });

  it('a year inside the range a document covers is answered', async () => {
    const answer = await assistant.ask('en 2026, le comité de pilotage du contrat de ville se réunit combien de fois ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('deux fois par an');
  });

  it('a compound question’s year is one clause’s: the whole answer is not refused for lacking it', async () => {
    const question = 'le comité de pilotage se réunit combien de fois par an ? et la cité éducative, elle finançait quoi en 2019 ?';
    const answer = await assistant.ask(question);
    expectWellFormed(answer, assistant);
    expect(answer.trace?.cues).toContain('year:2019');
    expect(answer.trace?.cues.some((cue) => cue.startsWith('compound:'))).toBe(true);
    expect(answer.trace?.rules).not.toContain('gate.year');
    // The same year asked in a single question is refused.
    expect((await assistant.ask('la cité éducative finançait quoi en 2019 ?')).refused).toBe(true);
  });

  it('a compound question’s figure is one clause’s: the whole answer is not refused for lacking it', async () => {
    const single = await assistant.ask('combien de séjours éducatifs pour les collégiens ?');
    expect(single.refused).toBe(true);
    expect(single.trace?.rules).toContain('gate.figure');
    const answer = await assistant.ask('combien de séjours éducatifs pour les collégiens ? et la cité éducative, elle finance quoi ?');
    expectWellFormed(answer, assistant);
    expect(answer.trace?.cues.some((cue) => cue.startsWith('compound:'))).toBe(true);
    expect(answer.trace?.rules).not.toContain('gate.figure');
    expect(answer.text).toContain('aide aux devoirs');
  });

  it('switched off, the same question is answered from the other year', async () => {
    const { createAssistant } = await import('../../src/app/assistant.js');
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['gate.year', 'gate.figure-year']) } });
    const answer = await ablated.ask('quel est le budget de la cité éducative en 2024 ?');
    expect(answer.refused).toBe(false);
  });

  it('an eligibility question is not held to the years of the asker’s situation', async () => {
    const answer = await assistant.ask('notre asso a été déclarée en mai 2019, on peut porter une action de la cité éducative ?');
    expect(answer.trace?.rules).not.toContain('gate.year');
    expect(answer.text).toContain('au moins un an');
  });
});
