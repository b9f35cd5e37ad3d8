/**
 * « C'est quand le prochain copil ? » is answered by a date said of the copil (in its sentence, or
 * in the heading of the calendar the row belongs to), not by the next date of the passage; « la
 * date limite pour déposer ? » by a sentence stating a deadline, not by a decree's date.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { nextEventAsked, statesDeadline } from '../../src/lang/fr/figure-kinds.js';

const FILES = {
  'compte-rendu-copil-exemple.md': [
    '# Compte rendu du comité de pilotage du 3 mars 2025',
    '',
    '## 1. Relevé de décisions',
    '',
    'La médiation de soirée sera étendue au quartier des Prés à partir du 15 octobre 2026.',
    'Pôle emploi accompagnera les jeunes des Prés vers l’alternance.',
    'Les caméras du parc seront installées le 2 novembre 2026.',
    '',
    '## 2. Calendrier des diagnostics en marchant',
    '',
    '| Date | Quartier |',
    '|---|---|',
    '| Mardi 23 septembre 2026 | Les Prés |',
    '| Jeudi 9 octobre 2026 | Le Moulin |',
    '',
    '## 3. Appel à projets 2026',
    '',
    'L’appel à projets 2026 du contrat de ville a été présenté aux associations le 12 janvier 2026 à la maison des Prés.',
    '',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus(
  'event-deadline',
  FILES,
  (opened) => {
    assistant = opened;
  },
  [{ file: 'compte-rendu-copil-exemple.md', title: 'Compte rendu du comité de pilotage', date: '2025-03-03' }],
);

describe('the next occurrence of an event', () => {
  it('is the date said of that event: no other date of the copil’s minutes answers « le prochain copil »', async () => {
    const answer = await assistant.ask('c’est quand le prochain copil ?');
    expect(answer.refused).toBe(true);
  });

  it('a calendar’s rows are the event’s dates when the calendar’s heading names it', async () => {
    const answer = await assistant.ask('le prochain diagnostic en marchant au Moulin c’est quand ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('9 octobre 2026');
  });

  it('reads the event after « prochain(e) »', () => {
    expect(nextEventAsked('c quand le prochain copil de la CTG ?')).toBe('copil');
    expect(nextEventAsked('la prochaine revue de projet ?')).toBe('revue');
    expect(nextEventAsked('quand est la réunion ?')).toBeUndefined();
  });
});

describe('a deadline', () => {
  it('is a sentence stating one, not any date', async () => {
    const answer = await assistant.ask('c’est quand la date limite de l’appel à projets 2026 ?');
    expect(answer.refused).toBe(true);
  });

  it('is stated by « au plus tard », « dates limites », « avant le », a filing', () => {
    expect(statesDeadline('Dépôt des dossiers au plus tard le 6 mars 2026.')).toBe(true);
    expect(statesDeadline('Dates limites de dépôt : 6 mars 2026.')).toBe(true);
    expect(statesDeadline('Le décret n° 2023-1314 en date du 28 décembre 2023.')).toBe(false);
  });
});

describe('a public actor the corpus never names', () => {
  it('is refused by name: the minutes say nothing of the CAF', async () => {
    const answer = await assistant.ask('la caf finance combien dans le contrat de ville ?');
    expect(answer.refused).toBe(true);
    expect(answer.text).toContain('la CAF');
  });

  it('an actor the corpus names under another of its names is known (« Pôle emploi » for France Travail)', async () => {
    const answer = await assistant.ask('france travail s’engage sur quoi pour les jeunes des Prés ?');
    expect(answer.text).not.toContain('aucune mention de « France Travail »');
  });
});

describe('an abbreviation that names other things', () => {
  it('« le cdc » (a cahier des charges) is not taken for the Banque des Territoires', async () => {
    const answer = await assistant.ask('le cdc de l’appel à projets 2026 demande quoi ?');
    expect(answer.text).not.toContain('Banque des Territoires');
  });
});
