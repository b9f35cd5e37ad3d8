/**
 * « dans le 62 », « les QPV du 93 »: a département named by its number. Every entry of the table,
 * in every way people write it; dates, counts and ranks after the same words are not one.
 */
import { describe, expect, it } from 'vitest';
import { DEPARTEMENTS, departementsNamed } from '../../src/lang/fr/departements.js';
import { expandQuery } from '../../src/query/query-understanding.js';
import { analyze } from '../../src/lang/fr/analyzer.js';

const FRAMES = ['combien de QPV dans le {n} ?', 'les crédits pour le {n}, c koi ?', 'la CAF du {n} finance quoi', 'taux de pauvreté du {n} ?', 'on est dans le {n}, on peut ?'];

describe('départements named by their number', () => {
  it('has the 101 départements', () => {
    expect(DEPARTEMENTS.size).toBe(101);
    expect(DEPARTEMENTS.get('62')).toBe('Pas-de-Calais');
  });

  it('reads every number of the table, in every frame', () => {
    for (const [number, name] of DEPARTEMENTS) {
      for (const frame of FRAMES) expect(departementsNamed(frame.replace('{n}', number)), frame).toEqual([{ number, name }]);
    }
  });

  it('a date, a count, a rank or a decimal after the same words is not one', () => {
    for (const question of [
      'le comité du 12 juin',
      'le conseil du 24/09 ?',
      'la réunion du 14 h',
      'du 12-03-2024',
      'du 13 au 15 mai',
      'du 10 au 12',
      'le comité du 12 janv. 2025',
      'du 30 déc.',
      'du 03 sept',
      'une subvention du 75 000 €',
      'une subvention du 75\u00a0000 €',
      'pour le 12 000 € de budget',
      'le local du 13 rue Hoche',
      'du 62 bis',
      'dans le 62 % des cas',
      'le 13e arrondissement du 13e',
      'du 62,5 %',
      'sur le 62 communes',
      'article 12 du 62e',
      'objectif 62',
      'les 62 communes',
    ]) {
      expect(departementsNamed(question), question).toEqual([]);
    }
  });

  it('a question naming one holds its name as what the number stands for', () => {
    const expanded = expandQuery('combien de QPV dans le 62 ?', new Map());
    const concept = expanded.concepts.find((entry) => entry.term === '62');
    expect(concept?.allOf).toContainEqual(analyze('Pas-de-Calais'));
    expect(expanded.terms.find((term) => term.term === '62')?.weight).toBeLessThan(1);
  });
});
