/** An acronym spelled out by a phrase's significant words (« PRE » → « programme de réussite éducative »). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spellsOut } from '../../src/lang/fr/acronym-initials.js';

describe('spellsOut', () => {
  it.each([
    ['PRE', '121 000 € au titre du programme de réussite éducative intercommunal.'],
    ['DDCS', 'la mission de la Direction départementale de la cohésion sociale (sous-préfet)'],
    ['CLAS', "les contrats locaux d'accompagnement à la scolarité"],
  ])('« %s » is spelled out in « %s »', (acronym, text) => {
    expect(spellsOut(acronym, text)).toBe(true);
  });

  it.each([
    // A letter inside a word, a word between the initials, or two letters only do not count.
    ['PRE', 'le programme éducatif de réussite'],
    ['PRE', 'programme annuel de réussite éducative'],
    ['PV', 'la politique de la ville'],
    ['CARSAT', "la caisse d'assurance retraite et de la santé au travail"],
  ])('« %s » is not spelled out in « %s »', (acronym, text) => {
    expect(spellsOut(acronym, text)).toBe(false);
  });
});

describe('a question using an acronym the corpus only spells out', () => {
  let corpus: import('../helpers/temp-corpus.js').TempCorpus;
  beforeAll(async () => {
    const { openTempCorpus } = await import('../helpers/temp-corpus.js');
    corpus = await openTempCorpus('acronym-initials', {
      'deliberation.md': [
        '# Délibération du conseil communautaire',
        '## Article 2 – Participation de l’Agglomération',
        'La participation de l’Agglomération se décompose en 189 800 € de subventions aux associations et 121 000 € au titre du programme de réussite éducative intercommunal.',
        '## Article 3 – Exécution',
        'La présidente est chargée de l’exécution de la présente délibération.',
      ],
    });
  }, 120_000);
  afterAll(async () => corpus?.cleanup());

  it('is answered from the passage that spells it out', async () => {
    const answer = await corpus.assistant.ask('combien l’agglo met dans le PRE ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('121 000 €');
  });

  it('is refused when no passage spells it out', async () => {
    const answer = await corpus.assistant.ask('combien l’agglo met dans le FIPD ?');
    expect(answer.refused).toBe(true);
  });
});
