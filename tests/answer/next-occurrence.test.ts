/**
 * « C'est quand la prochaine réunion ? » asks for a date still to come: a rhythm (« chaque
 * trimestre ») or a date the document has already passed does not give it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asksNextOccurrence, fullDatesOf, holdsCalendarDate } from '../../src/lang/fr/figure-kinds.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';

describe('the next occurrence of an event', () => {
  it('is read from « prochain(e) », « à venir », « la suivante »', () => {
    expect(asksNextOccurrence("C'est quand la prochaine réunion du comité ?")).toBe(true);
    expect(asksNextOccurrence('le prochain copil c quand')).toBe(true);
    expect(asksNextOccurrence('les réunions à venir du conseil citoyen ?')).toBe(true);
    expect(asksNextOccurrence('le comité se réunit quand ?')).toBe(false);
  });

  it('needs a date on the calendar; full dates read as sortable days', () => {
    expect(holdsCalendarDate('Le comité se tiendra le 12 mars 2026.')).toBe(true);
    expect(holdsCalendarDate('Réunion en septembre 2026 à la mairie.')).toBe(true);
    expect(holdsCalendarDate('Le comité se réunit chaque trimestre.')).toBe(false);
    expect(holdsCalendarDate('au plus tard trois mois après la signature')).toBe(false);
    expect(fullDatesOf('adopté le 1er avril 2025, revu le 03/02/2026')).toEqual(['2025-04-01', '2026-02-03']);
  });

  describe('in answers', () => {
    const REGLEMENT = [
      '# Règlement du comité des habitants de Brenneville',
      '## Article 4 – Réunions',
      'Le comité des habitants se réunit en séance plénière chaque trimestre, sur convocation de sa présidente.',
      'Le présent règlement a été adopté par le comité des habitants le 3 février 2025.',
      '## Article 5 – Fonds',
      'Le fonds du comité des habitants est doté de 6 000 euros par an.',
    ];
    const CALENDRIER = [
      '# Calendrier des bourses jeunesse de Brenneville',
      '## Commission d’attribution',
      'La prochaine commission d’attribution des bourses jeunesse se tiendra le 14 octobre 2026 en mairie.',
    ];
    let rulesOnly: TempCorpus;
    let withCalendar: TempCorpus;
    beforeAll(async () => {
      rulesOnly = await openTempCorpus('next-occurrence', { 'reglement-comite.md': REGLEMENT }, [{ file: 'reglement-comite.md', title: 'Règlement du comité des habitants', date: '2025-02-03' }]);
      withCalendar = await openTempCorpus('next-occurrence-calendar', { 'calendrier-bourses.md': CALENDRIER }, [
        { file: 'calendrier-bourses.md', title: 'Calendrier des bourses jeunesse', date: '2026-06-01' },
      ]);
    }, 120_000);
    afterAll(async () => {
      await rulesOnly?.cleanup();
      await withCalendar?.cleanup();
    });

    it('a rhythm or a past date does not answer when the next one is', async () => {
      const answer = await rulesOnly.assistant.ask('c quand la prochaine séance plénière du comité des habitants ?');
      expect(answer.refused).toBe(true);
      // Asked how often, the rhythm answers.
      const rhythm = await rulesOnly.assistant.ask('le comité des habitants se réunit tous les combien ?');
      expect(rhythm.refused).toBe(false);
      expect(rhythm.text).toContain('chaque trimestre');
    });

    it('a date still to come does', async () => {
      const answer = await withCalendar.assistant.ask("c'est quand la prochaine commission d'attribution des bourses jeunesse ?");
      expect(answer.refused).toBe(false);
      expect(answer.text).toContain('14 octobre 2026');
    });
  });
});
