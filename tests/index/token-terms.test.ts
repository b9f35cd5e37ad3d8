/** The ingest's body terms by id (`TokenTerms`) are the terms `analyzeFolded` and `familyTerms` give. */
import { describe, expect, it } from 'vitest';
import { analyzeFolded, familyTerms } from '../../src/lang/fr/analyzer.js';
import { foldText } from '../../src/lang/fr/normalize.js';
import { LexicalIndexBuilder } from '../../src/index/lexical-index.js';
import { IdList, TokenTerms } from '../../src/index/token-terms.js';

describe('body terms by id', () => {
  it('gives the ids of the analysed terms then of their families, on generated texts', () => {
    const pieces = [
      'Les',
      'habitants',
      "l'Objectif",
      'objectifs',
      '2024',
      'vingt-six',
      'heures',
      '35h',
      'de',
      'la',
      'a',
      'x',
      'publication',
      'publié',
      'st',
      'Jean',
      'premier',
      'quartiers',
      "qu'il",
      'Cité',
      '–',
      ',',
      'n°3',
      "aujourd'hui",
      "l'l'l'a",
      "'",
      "d''",
      'deux',
      'cent',
      'pour',
    ];
    let seed = 5;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const builder = new LexicalIndexBuilder();
    const terms = new TokenTerms(builder);
    const ids = new IdList();
    const names = new Map<number, string>();
    let compared = 0;
    for (let round = 0; round < 500; round += 1) {
      const folded = foldText(Array.from({ length: Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]!).join(' '));
      const stems = analyzeFolded(folded);
      const expected = [...stems, ...familyTerms(stems)];
      terms.bodyIds(folded, ids);
      // Every id is the builder's id of the expected term.
      for (const term of expected) names.set(builder.termId(term), term);
      expect(Array.from(ids.values.subarray(0, ids.length), (id) => names.get(id))).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(2000);
  });
});
