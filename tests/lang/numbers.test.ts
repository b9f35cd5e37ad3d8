/** French numbers written in words meet their digits (« vingt-six heures » = « 26 heures »). */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { digitsForNumberWords, ocrDigits } from '../../src/lang/fr/numbers.js';

describe('numbers in words', () => {
  const cases: [string, string][] = [
    ['vingt-six heures', '26 heures'],
    ['trente-cinq heures', '35 heures'],
    ['quatre-vingt-dix jours', '90 jours'],
    ['soixante-dix ans', '70 ans'],
    ['vingt et un ans', '21 ans'],
    ['deux mille vingt-cinq', '2025'],
    ['dix-sept', '17'],
    ['les quatre axes', 'les 4 axes'],
  ];
  for (const [words, digits] of cases) it(`« ${words} » → « ${digits} »`, () => expect(digitsForNumberWords(words)).toBe(digits));

  it('leaves articles and « pour cent » alone, and stops at punctuation', () => {
    expect(digitsForNumberWords('un contrat')).toBe('un contrat');
    expect(digitsForNumberWords('dix pour cent')).toBe('10 pour cent');
    expect(digitsForNumberWords('trois, quatre')).toBe('3, 4');
  });

  it('the analyzer indexes both forms on one term, and « 35h » as 35 hours', () => {
    expect(analyze('vingt-six heures')).toEqual(analyze('26 heures'));
    expect(analyze('35h')).toEqual(analyze('35 heures'));
  });
});

describe('digits a scan read as letters', () => {
  it.each([
    ['l5 ooo €', '15 000 €'],
    ['le l2 mars 2o25', 'le 12 mars 2025'],
    ['10 ooo euros', '10 000 euros'],
  ])('« %s » → « %s »', (text, expected) => {
    expect(ocrDigits(text)).toBe(expected);
  });

  it.each(['il a lo', 'article ler', 'oui il y a 3 ilots', 'la commune de lisle'])('« %s » holds no digit read as a letter', (text) => {
    expect(ocrDigits(text)).toBe(text);
  });
});

describe('codes are not figures a scan misread', () => {
  it.each([
    ['article l1 du code', 'article l1 du code'],
    ['2 ooo ooo €', '2 000 000 €'],
  ])('« %s » → « %s »', (text, expected) => {
    expect(ocrDigits(text)).toBe(expected);
  });
});
