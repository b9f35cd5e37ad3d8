/** The lexical index answers « which passages hold all these words » from its postings. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { LexicalIndex } from '../../src/index/lexical-index.js';

const index = LexicalIndex.build([
  { bodyTerms: analyze('La méthode Faire Cité part des habitants.'), headingTerms: analyze('Pour tous les projets') },
  { bodyTerms: analyze('Les habitants du quartier de la Cité des Oiseaux.'), headingTerms: [] },
  { bodyTerms: analyze('Faire ensemble : une charte.'), headingTerms: analyze('Cité éducative') },
]);

describe('documentsWithAll', () => {
  it('returns the passages holding every term, in its body or its headings', () => {
    expect(index.documentsWithAll(analyze('habitants Cité')).sort()).toEqual([0, 1]);
    expect(index.documentsWithAll(analyze('charte cité'))).toEqual([2]);
    expect(index.documentsWithAll(analyze('projets méthode'))).toEqual([0]);
  });

  it('returns nothing when one term is absent, and for no term at all', () => {
    expect(index.documentsWithAll(analyze('habitants Lens'))).toEqual([]);
    expect(index.documentsWithAll([])).toEqual([]);
  });
});
