/** Figures by sort in questions and texts. */
import { foldText } from '../../src/lang/fr/normalize.js';
import { describe, expect, it } from 'vitest';
import { distinctFigureAsked, figureKindAsked, unitHasFigure, endsFigureSubject, perUnitAsked, statesPerUnit } from '../../src/lang/fr/figure-kinds.js';

describe('figure kinds', () => {
  it('dates written with accents or without are dates', () => {
    expect(unitHasFigure('Le dispositif s’applique à partir de 2024.', 'date')).toBe(true);
    expect(unitHasFigure('Le dispositif s’applique a partir de 2024.', 'date')).toBe(true);
    expect(unitHasFigure('Le dispositif s’applique aux quartiers.', 'date')).toBe(false);
  });

  it('amounts and dates are asked unmistakably; counts are not', () => {
    expect(distinctFigureAsked('quel est le montant du pacte ?')).toBe('money');
    expect(distinctFigureAsked('quand la convention a-t-elle été signée ?')).toBe('date');
    expect(distinctFigureAsked('combien de quartiers prioritaires ?')).toBeUndefined();
  });
});

describe('endsFigureSubject', () => {
  it.each(['vivent', 'résident', 'générerait', 'permettront', 'sont'])('« %s » ends what a figure counts', (word) => {
    expect(endsFigureSubject(foldText(word))).toBe(true);
  });

  it.each(['habitants', 'logements', 'extrait', 'portrait', 'heures', 'insertion'])('« %s » may be what is counted', (word) => {
    expect(endsFigureSubject(foldText(word))).toBe(false);
  });
});

describe('folding units', () => {
  it('reads superscript digits as digits (« 647 km² » meets « km2 »)', () => {
    expect(foldText('647 km²')).toBe('647 km2');
    expect(foldText('12 m³')).toBe('12 m3');
  });
});

describe('rates and codes', () => {
  it('reads a percent sign or « pour cent » in the question as a rate asked, before any amount word', () => {
    expect(figureKindAsked("la politique de la ville peut financer jusqu'a quel % du budget ?")).toBe('percent');
    expect(figureKindAsked('c’est combien pour cent du montant ?')).toBe('percent');
    expect(figureKindAsked('quel taux de subvention ?')).toBe('percent');
    expect(figureKindAsked('quel montant de subvention ?')).toBe('money');
  });

  it('does not count a code mixing letters and digits as a figure', () => {
    expect(unitHasFigure('La Garrigue – Pech-Rouge (QN01195C).', 'number')).toBe(false);
    expect(unitHasFigure('Au 2e trimestre, selon la note T2.', 'number')).toBe(false);
    expect(unitHasFigure('La Garrigue (QN01195C) compte 538 logements.', 'number')).toBe(true);
  });
});

describe('shares and named parts', () => {
  it('reads « part » as a share only when it is one of something', () => {
    expect(figureKindAsked('quelle part des jeunes est concernée ?')).toBe('percent');
    expect(figureKindAsked('les jeunes représentent quelle part ?')).toBe('percent');
    expect(figureKindAsked('la part collective du pass culture ca represente combien par eleve ?')).not.toBe('percent');
  });
});

describe('what a figure counts', () => {
  it('ends at a participle of status or a word of time, which the text may not repeat', () => {
    for (const word of ['prevus', 'attendues', "aujourd'hui", 'actuellement']) expect(endsFigureSubject(word)).toBe(true);
    expect(endsFigureSubject('beneficiaires')).toBe(false);
  });
});

describe('figures asked per unit', () => {
  it.each([
    ['le bonus c combien par place de creche ?', 'place'],
    ['montant aide etat par poste adulte relais', 'poste'],
    ['ils sont payés combien par mois ?', 'mois'],
    ['c combien max par personne ?', 'personne'],
  ])('« %s » asks a figure per %s', (question, unit) => {
    expect(perUnitAsked(foldText(question))).toBe(unit);
  });

  it.each([
    'c combien par la CAF ?',
    'subventions votées par saint-obrin, ça fait combien ?',
    'SIA Habitat est concerné par combien de quartiers ?',
    'combien par rapport à 2023 ?',
    'À combien s’élève l’abattement valorisé par Mauvière Habitat en 2024 ?',
  ])('« %s » asks no figure per unit', (question) => {
    expect(perUnitAsked(foldText(question))).toBeUndefined();
  });

  it('a sentence states a figure per a unit with « par », « / », « chaque », « pour N », or a period adjective', () => {
    expect(statesPerUnit('21 500 € par poste et par an', 'poste')).toBe(true);
    expect(statesPerUnit('plafonnée à 800 € par bénéficiaire', 'personne')).toBe(true);
    expect(statesPerUnit('1 médiateur pour 10 000 habitants', 'habitant')).toBe(true);
    expect(statesPerUnit('une enveloppe annuelle de 50 000 €', 'an')).toBe(true);
    expect(statesPerUnit('une enveloppe de 150 000 € pour 2026-2028', 'an')).toBe(false);
    expect(statesPerUnit('4 postes pour 86 000 €', 'poste')).toBe(false);
  });

  it('hours written the French way are figures', () => {
    expect(unitHasFigure('de 4h à 20h par semaine', 'number')).toBe(true);
    expect(unitHasFigure('le quartier QN01195C', 'number')).toBe(false);
  });
});

describe('shares said without « % »', () => {
  it.each(['1 ménage sur 5', 'un jeune sur trois', 'la moitié des aides', 'deux tiers des bénéficiaires'])('« %s » is a share', (text) => {
    expect(unitHasFigure(text, 'percent')).toBe(true);
  });

  it.each(['12 ménages aidés', 'une convention sur 5 ans', 'sur trois quartiers'])('« %s » is no share', (text) => {
    expect(unitHasFigure(text, 'percent')).toBe(false);
  });
});
