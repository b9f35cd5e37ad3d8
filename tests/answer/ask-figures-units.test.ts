/**
 * Figures as documents give them: amounts in a table whose unit is stated once (« en euros »),
 * a change given as a rate (« majoré de 50 % »), and questions typed in shorthand (« pr »).
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { expandCasualAbbreviations } from '../../src/lang/fr/abbreviations.js';
import { asksForChange, asksForShare, holdsBareAmount, statesEuros } from '../../src/lang/fr/figure-kinds.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'protocole-engagements.md': [
    '# Protocole d’engagements réciproques 2025-2027',
    '',
    '## Article 5 – Engagements financiers',
    '',
    'Les engagements financiers annuels des signataires au titre du présent protocole sont récapitulés ci-dessous, en euros.',
    '',
    '| Signataire | Montant annuel |',
    '| --- | --- |',
    '| État | 820 000 |',
    '| Agglomération | 618 000 |',
    '| Total | 1 438 000 |',
    '',
    '## Article 6 – Formation des médiateurs',
    '',
    'Chaque adulte-relais nouvellement recruté suit une formation initiale à la médiation sociale de 105 heures, puis 35 heures de formation continue chaque année.',
    '',
    '## Article 7 – Montant forfaitaire',
    '',
    'Le montant forfaitaire de l’aide aux familles est majoré de 50 % lorsque le foyer comporte deux personnes, et de 30 % par enfant supplémentaire.',
    '',
    '## Article 8 – Secteurs de veille',
    '',
    'Les secteurs de veille peuvent bénéficier de crédits d’animation, dans la limite de 4 % de l’enveloppe départementale, sous réserve d’un cofinancement communal.',
    '',
    '## Article 9 – Bilan de l’appel à projets',
    '',
    'L’appel à projets 2025 a été ouvert sur la plateforme en octobre. Il a reçu 186 dossiers, dont 40 de primo-porteurs.',
  ],
  // A scanned page cuts its sentences into lines.
  'bilan-scanne.txt': ['BILAN DE LA MÉDIATION', '', 'Médiation sociale', '', '& 134', 'médiateurs sociaux', 'financés par la préfecture interviennent dans les quartiers prioritaires.'],
};

let assistant: LoadedAssistant;

useTempCorpus('figure-units', FILES, (opened) => {
  assistant = opened;
});

describe('figures as documents give them', () => {
  it('reads shorthand, stated units and changes as data', () => {
    expect(expandCasualAbbreviations("combien d'heures pr un adulte relais, nb de qpv")).toBe("combien d'heures pour un adulte relais, nombre de qpv");
    expect(expandCasualAbbreviations('les DS et PR restent')).toBe('les DS et PR restent');
    expect(statesEuros('sont récapitulés ci-dessous, en euros.')).toBe(true);
    expect(holdsBareAmount('Total : 1 438 000')).toBe(true);
    expect(holdsBareAmount('en 2025')).toBe(false);
    expect(asksForChange('de combien est majore le montant forfaitaire')).toBe(true);
    expect(asksForShare("on peut mobiliser combien max des credits d'animation")).toBe(true);
    expect(asksForShare('quelle part du budget')).toBe(true);
    expect(asksForShare('ça peut couvrir quelle part max du budget')).toBe(true);
    expect(asksForShare("quelle part de l'enveloppe")).toBe(true);
    expect(asksForShare("combien de credits d'animation")).toBe(false);
    expect(asksForShare("de la part du departement, c'est combien du coup ?")).toBe(false);
  });

  it('an amount in a table whose unit is stated once answers « quel montant »', async () => {
    const answer = await assistant.ask('Quel est le montant total des engagements financiers du protocole ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('1 438 000');
  });

  it('a rate answers « de combien est majoré »', async () => {
    const answer = await assistant.ask('de combien est majoré le montant forfaitaire pour un couple ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('50 %');
  });

  it('a rate answers a share of a sum (« combien max des crédits »)', async () => {
    for (const question of ['les secteurs de veille peuvent mobiliser combien max des crédits d’animation ?', 'secteurs de veille : jusqu’à quelle part des crédits ?']) {
      const answer = await assistant.ask(question);
      expectWellFormed(answer, assistant);
      expect(answer.refused, question).toBe(false);
      expect(answer.text, question).toContain('4 %');
    }
  });

  it('a figure sentence opening with a pronoun is shown with the sentence naming its subject', async () => {
    const answer = await assistant.ask('combien de dossiers reçus pour l’appel à projets 2025 ?');
    expect(answer.refused).toBe(false);
    const lead = answer.text.split('\n')[0]!;
    expect(lead).toContain('186 dossiers');
    expect(lead.startsWith('L’appel à projets 2025 a été ouvert')).toBe(true);
  });

  it('a sentence a scan cut into lines still gives its figure', async () => {
    const answer = await assistant.ask('combien de médiateurs sociaux financés par la préfecture ?');
    expect(answer.refused).toBe(false);
    expect(answer.text.split('\n')[0]).toContain('134 médiateurs sociaux');
  });

  it('a question in shorthand finds its figure', async () => {
    const answer = await assistant.ask("combien d'heures de formation pr un adulte relais nouvellement recruté ?");
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('105 heures');
  });
});
