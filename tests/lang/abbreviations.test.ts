/** Word abbreviations are read as words, in texts and questions alike. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { expandWordAbbreviations, WORD_ABBREVIATIONS } from '../../src/lang/fr/abbreviations.js';

describe('word abbreviations', () => {
  it.each([...WORD_ABBREVIATIONS])('« %s » is analysed as « %s »', (abbreviation, word) => {
    expect(analyze(`la rue ${abbreviation} Jean`)).toEqual(analyze(`la rue ${word} Jean`));
  });

  it('expands them in folded phrases, not inside other words or elisions', () => {
    expect(expandWordAbbreviations('clos st jean')).toBe('clos saint jean');
    expect(expandWordAbbreviations('stade avenir')).toBe('stade avenir');
  });
});
