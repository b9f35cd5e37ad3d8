/** An eligibility question stating a quantity opens with the rule bounding that quantity, in the same unit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant } from '../../src/app/assistant.js';
import { statedUnits } from '../../src/lang/fr/eligibility.js';
import { foldText } from '../../src/lang/fr/normalize.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';

describe('statedUnits', () => {
  const cases: [string, string[]][] = [
    ['je voudrais demander 1500 euros, c’est possible ?', ['euros']],
    ['j’ai 24 ans et j’habite le quartier', ['ans']],
    ['un quartier de 900 habitants peut-il être classé ?', ['habitants']],
    ['notre asso a un budget de 35k€ et 3 salariés', ['euros', 'salaries']],
    ['le budget 2025 de la cité éducative', []],
  ];
  for (const [question, units] of cases) it(`« ${question} » → ${units.join(', ') || 'none'}`, () => expect(statedUnits(foldText(question)).map((quantity) => quantity.unit)).toEqual(units));
});

describe('the bound of a stated quantity leads the answer', () => {
  let corpus: TempCorpus;
  beforeAll(async () => {
    corpus = await openTempCorpus('threshold', {
      'reglement.md': [
        '# Règlement de l’appel à projets',
        '## 3. Qui peut déposer ?',
        'Les associations déclarées et les communes peuvent déposer un projet au bénéfice des habitants des quartiers prioritaires.',
        'Les projets doivent associer les habitants à leur conception et se dérouler dans le quartier.',
        'Le montant minimal de la demande est de 2 000 € par action.',
        'Les porteurs sont âgés d’au moins 18 ans lorsqu’il s’agit de personnes physiques membres d’un collectif.',
        '## 4. Projets éligibles',
        'Le coût total du projet déposé ne dépasse pas 8 000 €.',
        '## 6. Montant de l’aide',
        'L’aide accordée à un projet déposé pour le quartier est comprise entre un plancher de 300 € et un plafond de 3 000 €.',
        '## 5. Ancienneté',
        'Les associations doivent être déclarées depuis au moins six mois à la date du dépôt.',
      ],
    });
  }, 120_000);
  afterAll(async () => corpus?.cleanup());

  it('a sum below the minimum: the minimum is said first', async () => {
    // Worded with the corpus's own words: this tiny corpus knows too few words to support a chattier question.
    const answer = await corpus.assistant.ask('notre association peut-elle déposer une demande de 1500 euros pour un projet dans le quartier ?');
    expect(answer.refused).toBe(false);
    expect(answer.text.split('\n')[0]).toContain('2 000 €');
    expect(answer.trace?.rules).toContain('lead.threshold');
  });

  it('an age: the age bound is said first, not the sum', async () => {
    const answer = await corpus.assistant.ask('j’ai 17 ans, je peux déposer un projet dans le quartier avec mon collectif ?');
    expect(answer.text.split('\n')[0]).toContain('18 ans');
  });

  it('a stated cost: the bound on the same measure (« coût total »), not another sum of the rules', async () => {
    const question = 'notre projet coûte 9 500 € au total, peut-on déposer une demande d’aide pour le quartier ?';
    expect((await corpus.assistant.ask(question)).text.split('\n')[0]).toContain('8 000 €');
    // The rule decides: without it, the sum of the passage saying more of the question leads.
    const ablated = createAssistant(corpus.assistant.index, { tuning: { disabled: new Set(['lead.threshold-measure']) } });
    expect((await ablated.ask(question)).text.split('\n')[0]).not.toContain('8 000 €');
  });

  it('a bound written in words (« six mois ») bounds a stated duration', async () => {
    const answer = await corpus.assistant.ask('notre association est déclarée depuis 4 mois, peut-elle déposer un projet dans le quartier ?');
    expect(answer.text.split('\n')[0]).toContain('six mois');
  });
});
