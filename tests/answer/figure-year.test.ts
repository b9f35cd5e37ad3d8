/** A figure is for a year: asked for another year, the corpus does not give it; of two years' figures, the asked one leads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';

describe('the year a figure is for', () => {
  let corpus: TempCorpus;
  beforeAll(async () => {
    corpus = await openTempCorpus('figure-year', {
      'convention-quartier.md': [
        '# Convention du quartier des Tilleuls',
        '## Article 2 – Fonds de participation des habitants',
        "Pour 2025, l'enveloppe du fonds de participation des habitants est fixée à 8 000 euros, financée par l'État et l'Agglomération.",
        'Le comité d’attribution se réunit chaque trimestre.',
        '## Article 3 – Médiation',
        'La médiation sociale a reçu 41 000 euros en 2023 et 46 500 euros en 2024, selon la délibération du 12 avril 2022.',
        '## Article 4 – Rapport',
        'Le rapport financier de l’action menée en 2025 est remis au plus tard le 30 juin 2026.',
        '## Article 5 – Bénéficiaires',
        'Au 1er janvier 2024, 1 240 foyers du quartier étaient allocataires du revenu de solidarité active.',
        '## Article 6 – Versement des subventions',
        'Le versement des subventions intervient dans un délai moyen de 30 jours.',
        'Délais de versement des subventions : 14 semaines en 2025.',
      ],
    });
  }, 120_000);
  afterAll(async () => corpus?.cleanup());

  it('asked for the year the figure is for, the figure is given', async () => {
    const answer = await corpus.assistant.ask("l'enveloppe du fonds de participation des habitants en 2025 c'est combien ?");
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('8 000 euros');
  });

  it('asked for another year, the corpus does not give it, and says so', async () => {
    const answer = await corpus.assistant.ask("l'enveloppe du fonds de participation des habitants en 2026 c'est combien ?");
    expect(answer.refused).toBe(true);
    expect(answer.text).toContain('autre année que 2026');
  });

  it('of two years in one passage, the sentence part naming the asked year is not penalised, a text’s date is not a figure’s year', async () => {
    const answer = await corpus.assistant.ask('combien pour la médiation sociale en 2024 ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('46 500 euros');
  });

  it('a date asked about a year’s action may fall in the next year', async () => {
    const answer = await corpus.assistant.ask('pour quand faut-il remettre le rapport financier de l’action 2025 ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('30 juin 2026');
  });

  it('a count taken « au 1er janvier » of a year is that year’s figure', async () => {
    const given = await corpus.assistant.ask('combien de foyers allocataires du revenu de solidarité active au 1er janvier 2024 ?');
    expect(given.refused).toBe(false);
    expect(given.text).toContain('1 240 foyers');
    const other = await corpus.assistant.ask('combien de foyers allocataires du revenu de solidarité active au 1er janvier 2025 ?');
    expect(other.refused).toBe(true);
    expect(other.text).toContain('autre année que 2025');
  });

  it('of two figures, the one naming the asked year leads over one naming none', async () => {
    const answer = await corpus.assistant.ask('le délai moyen de versement des subventions en 2025 c’était combien ?');
    expect(answer.refused).toBe(false);
    expect(answer.text.split('\n')[0]).toContain('14 semaines');
  });
});
