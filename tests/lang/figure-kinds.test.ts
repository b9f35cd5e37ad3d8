/** Figures by sort in questions and texts. */
import { foldText } from '../../src/lang/fr/normalize.js';
import { describe, expect, it } from 'vitest';
import { kindCueOf } from '../../src/query/question-kind.js';
import {
  distinctFigureAsked,
  figureIntents,
  figureKindAsked,
  unitHasFigure,
  withoutConditionalQuand,
  endsFigureSubject,
  nextEventAsked,
  perUnitAsked,
  statesDeadline,
  statesPerUnit,
} from '../../src/lang/fr/figure-kinds.js';

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

  it('reads the noun « combien de » counts as the sort asked, money nouns as amounts', () => {
    for (const question of ['il faut combien de points mini pour être financé ?', 'combien de postes financés par l’État ?', 'et qui décide, en combien de temps ?'])
      expect(figureKindAsked(question)).toBe('number');
    for (const question of [
      'combien d’euros pour le FPH ?',
      'combien de crédits pour la programmation ?',
      'quel budget pour combien de jeunes ?',
      'combien des crédits vont à la santé ?',
      'quel est le montant de l’abattement selon le nombre de logements ?',
    ])
      expect(figureKindAsked(question)).toBe('money');
  });

  it('reads « combien » with a verb of giving or receiving and no counted noun as an amount', () => {
    for (const question of ['on peut avoir combien max avec le fph ?', 'la caf met combien dans la prog ?', 'combien reçoit-elle de l’État ?']) expect(figureKindAsked(question)).toBe('money');
    for (const question of [
      'ça a donné combien de dossiers et combien retenus ?',
      'on peut demander combien de fois ?',
      'ils sont combien au conseil ?',
      'combien ça demande de temps ?',
      'le dossier met combien à être instruit ?',
      'on peut être combien à avoir la bourse ?',
    ])
      expect(figureKindAsked(question)).not.toBe('money');
  });

  it('does not count a code mixing letters and digits as a figure', () => {
    expect(unitHasFigure('La Garrigue – Pech-Rouge (QN01195C).', 'number')).toBe(false);
    expect(unitHasFigure('Au 2e trimestre, selon la note T2.', 'number')).toBe(false);
    expect(unitHasFigure('La Garrigue (QN01195C) compte 538 logements.', 'number')).toBe(true);
  });

  it('does not count a year, a year range, a calendar day or a form number as a figure', () => {
    for (const text of [
      'Projet de territoire 2022-2032 (CABBALR)',
      'Projet de territoire 2022-2032.',
      'Le contrat signé en 2017 pour les actions.',
      'signé en 2015.',
      'En 2017, le quartier',
      'en 2017 dans les quartiers',
      'La séance du 12 juin.',
      'formulaire Cerfa n° 12156*06',
    ])
      expect(unitHasFigure(text, 'number')).toBe(false);
    // A four-digit count before its noun, or a year beside a count, still counts.
    for (const text of ['1950 logements rénovés', 'En 2025 : 12 actions retenues.', 'deux postes', '2 000 habitants']) expect(unitHasFigure(text, 'number')).toBe(true);
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

describe('review fixes: per unit, next event, deadline, shares', () => {
  it('a funder after « par » is no unit; « par chaque X » is per X', () => {
    expect(perUnitAsked(foldText('combien versé par education nationale ?'))).toBeUndefined();
    expect(perUnitAsked(foldText('combien payé par France Travail pour les jeunes ?'))).toBeUndefined();
    expect(perUnitAsked(foldText('combien versé par chaque partenaire ?'))).toBe('partenaire');
  });

  it('a total is no figure per unit, and a short unit is a whole word', () => {
    expect(statesPerUnit('30 000 € pour 3 ans', 'an')).toBe(false);
    expect(statesPerUnit('60 000 € pour 12 postes', 'poste')).toBe(false);
    expect(statesPerUnit('Financé par ANCT : 20 000 €', 'an')).toBe(false);
    expect(statesPerUnit('13 000 € pour un poste', 'poste')).toBe(true);
  });

  it('« la prochaine fois », adjectives and dates name no event', () => {
    expect(nextEventAsked('il se réunit quand la prochaine fois ?')).toBeUndefined();
    expect(nextEventAsked('le prochain grand copil ?')).toBe('copil');
    expect(nextEventAsked('la prochaine date limite ?')).toBeUndefined();
  });

  it('deadlines written as a filing or a closing, plural or not', () => {
    for (const text of ['Envoi des dossiers : 15 mars 2026', 'Échéances : 15 mars', 'Fin des candidatures le 2 mai', 'Dépôts des candidatures : du 1er au 15 mars', 'fermeture : 15 février'])
      expect(statesDeadline(text)).toBe(true);
  });

  it('no share in a year, a place count or a quarter of an hour', () => {
    for (const text of ['trois réunions sur 2025', '5 actions sur 2024-2026', 'un diagnostic sur trois quartiers', 'deux ateliers sur dix communes', 'un quart d’heure'])
      expect(unitHasFigure(text, 'percent')).toBe(false);
  });
});

describe('a length of time asked', () => {
  const asked = 'ça dure combien de temps ?';
  it('is measured in units of time, a span of years or up to a calendar day', () => {
    for (const text of [
      'une présence artistique de 3 mois',
      'pour une durée de trois ans',
      'un an renouvelable',
      '45 minutes',
      'seize mois',
      'la convention 2024-2027',
      '2024 — 2027',
      'de 2024 à 2027',
      'de 2024 jusqu’à 2027',
      'elle prend fin le 31 décembre 2027',
      'jusqu’au 31/12/2027',
    ])
      expect(unitHasFigure(text, 'number', asked), text).toBe(true);
  });
  it('is not a lone year, a rate, a count of something else, a code or a dated sentence', () => {
    for (const text of [
      'À partir de 2024, la DRAC généralise les résidences',
      '100 % des enfants',
      '12 associations',
      'délibération n° 2023-45',
      'le 2024-02-15',
      'Vu la délibération du 12 avril 2024',
    ])
      expect(unitHasFigure(text, 'number', asked), text).toBe(false);
  });
  it('is asked by « ça va durer », « la durée de », « sur combien d’années »', () => {
    for (const question of ['ça va durer combien ?', 'c’est quoi la durée de la convention ?', 'sur combien d’années ?'])
      expect(unitHasFigure('12 associations', 'number', question), question).toBe(false);
  });
  it('keeps the numbers of a section the question names (« l’action 2.6.2 » is answered by « 6 mois »)', () => {
    expect(unitHasFigure('L’accompagnement s’étend jusqu’à 6 mois.', 'number', 'l’action 2.6.2 peut le suivre pendant combien de temps ?')).toBe(true);
  });
  it('is not asked by an amount over a period, nor beside another figure', () => {
    expect(unitHasFigure('12 associations', 'number', 'l’abattement fait combien sur toute la durée de la convention ?')).toBe(true);
    expect(unitHasFigure('44 ARMS recensés', 'number', 'combien d’ARMS recensés, et en combien de temps ?')).toBe(true);
  });
  it('beside another figure, drops lone years but keeps year-like counts and spans', () => {
    const both = 'combien de jeunes et pendant combien de temps ?';
    expect(unitHasFigure('1950 jeunes accompagnés', 'number', both)).toBe(true);
    expect(unitHasFigure('la convention 2024-2027', 'number', both)).toBe(true);
    expect(unitHasFigure('signée en 2024', 'number', both)).toBe(false);
    // « jusqu'à quand » is answered by a year alone.
    expect(unitHasFigure('signée en 2024', 'number', 'combien de jeunes, et jusqu’à quand ?')).toBe(true);
  });
});

describe('dates and « quand »', () => {
  const asked = "c'est quand ?";
  it('reads « dès » before what it dates, not the article « des » it folds to', () => {
    for (const text of ['dès la signature de la convention', 'dès réception du bilan', "dès l'arrivée du référent"]) {
      expect(unitHasFigure(text, 'date', asked)).toBe(true);
      expect(unitHasFigure(foldText(text), 'date', asked)).toBe(true);
    }
    // Folded, « dès » before a year, a month or « maintenant » still dates.
    for (const text of ['des 2024 le dispositif est ouvert', 'des septembre les inscriptions', 'des maintenant']) expect(unitHasFigure(text, 'date', asked)).toBe(true);
    for (const text of ['des activités culturelles et sportives', 'la liste des communes signataires', 'des projets construits avec les jeunes']) {
      expect(unitHasFigure(text, 'date', asked)).toBe(false);
      expect(unitHasFigure(foldText(text), 'date', asked)).toBe(false);
    }
  });

  it('reads no date in « ci-après » (« ci-après dénommé »), which points within the text', () => {
    for (const text of ["représenté par son préfet, ci-après dénommé « l'État »", 'ci-avant mentionné', "Ci-après « l'Agglomération »"]) {
      expect(unitHasFigure(text, 'date', asked)).toBe(false);
      expect(unitHasFigure(foldText(text), 'date', asked)).toBe(false);
    }
    expect(unitHasFigure('versé après réception du bilan', 'date', asked)).toBe(true);
  });

  it('reads a month of a year as a date (« en septembre 2022 »)', () => {
    for (const text of ['La cité éducative a été labellisée en septembre 2022.', 'un séminaire organisé en novembre 2017', 'placé auprès du ministère depuis mars 2018']) {
      expect(unitHasFigure(text, 'date', asked)).toBe(true);
      expect(unitHasFigure(foldText(text), 'date', asked)).toBe(true);
    }
  });

  it('reads « quand » opening a clause with its own subject as a condition, not a date asked', () => {
    for (const question of [
      'la caf peut augmenter son taux de cofinancement quand le projet est en qpv ? de combien ?',
      "la CAF peut majorer de combien son cofinancement quand c'est en qpv ?",
      "mon asso peut candidater quand elle a moins d'un an ?",
    ]) {
      expect(figureKindAsked(question)).not.toBe('date');
      expect(figureIntents(question)).not.toContain('date');
    }
    for (const question of ['quel taux quand ces jeunes sont en qpv ?', 'quel montant quand le projet est porté par une commune ?']) expect(figureKindAsked(question)).not.toBe('date');
    // « quand même » is « anyway »: nothing is asked about time.
    expect(figureKindAsked('la caf finance quand même si on est hors qpv ?')).not.toBe('date');
    expect(withoutConditionalQuand("la caf majore son cofinancement quand c'est en qpv ?")).toContain('lorsque');
  });

  it('keeps « quand » asking a date at the head, after « c’est » or « pour », before a preposition or a noun alone', () => {
    for (const question of [
      'quand le comité se réunit-il ?',
      'c quand le prochain copil ?',
      'il passe quand au clos gerbier ?',
      'et pour quand ?',
      'le copil se réunit quand ?',
      'on peut déposer quand le dossier ?',
      "ça ouvre quand l'accueil ?",
      'à quand la prochaine réunion du copil ?',
      'on dépose quand le dossier de subvention ?',
      "ça ouvre quand l'accueil de loisirs ?",
      'vous savez quand la commission se réunit ?',
      'Bonjour. Quand le comité se réunit-il ?',
      'question : quand la convention prend fin ?',
      'jusqua quand la convention court ?',
      'le comité se réunit quand la prochaine fois ?',
    ]) {
      expect(figureKindAsked(question)).toBe('date');
      expect(kindCueOf(question).id).toBe('kind.figure');
    }
  });

  it('lets the first demand set the sort when a question asks how many and when', () => {
    expect(figureKindAsked("combien d'effectifs de police en plus dans les quartiers de reconquête et pour quand ?")).toBe('number');
    expect(figureKindAsked("c'est quand et il y a combien de places ?")).toBe('date');
  });
});
