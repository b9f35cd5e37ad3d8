/** Word abbreviations are read as words, in texts and questions alike. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { CASUAL_ABBREVIATIONS, CONVENTIONAL_ACRONYMS, expandCasualAbbreviations, expandWordAbbreviations, WORD_ABBREVIATIONS } from '../../src/lang/fr/abbreviations.js';

describe('word abbreviations', () => {
  it.each([...WORD_ABBREVIATIONS])('« %s » is analysed as « %s »', (abbreviation, word) => {
    expect(analyze(`la rue ${abbreviation} Jean`)).toEqual(analyze(`la rue ${word} Jean`));
  });

  it('expands them in folded phrases, not inside other words or elisions', () => {
    expect(expandWordAbbreviations('clos st jean')).toBe('clos saint jean');
    expect(expandWordAbbreviations('stade avenir')).toBe('stade avenir');
  });
});

describe('casual abbreviations', () => {
  const entries = [...CASUAL_ABBREVIATIONS];

  it.each(entries)('« %s » is read as « %s » at the start, in the middle and at the end of a question', (short, word) => {
    expect(expandCasualAbbreviations(`${short} quoi ?`)).toBe(`${word} quoi ?`);
    expect(expandCasualAbbreviations(`et ${short}, alors ?`)).toBe(`et ${word}, alors ?`);
    expect(expandCasualAbbreviations(`c'est ${short}`)).toBe(`c'est ${word}`);
  });

  it.each(entries)('« %s » capitalised opens a sentence as « %s » capitalised; in capitals it is an acronym', (short, word) => {
    const capitalised = short[0]!.toUpperCase() + short.slice(1);
    expect(expandCasualAbbreviations(`${capitalised} quoi ?`)).toBe(`${word[0]!.toUpperCase()}${word.slice(1)} quoi ?`);
    if (short.length > 1) expect(expandCasualAbbreviations(`le ${short.toUpperCase()} ?`)).toBe(`le ${short.toUpperCase()} ?`);
  });

  it.each(entries)('« %s » inside a word, or elided, is left alone', (short) => {
    for (const text of [`x${short}`, `${short}x`, `l'${short}`, `${short}2`]) expect(expandCasualAbbreviations(text)).toBe(text);
  });
});

describe('conventional acronyms', () => {
  it('lists each acronym once, upper case, with at least one long form', () => {
    const terms = CONVENTIONAL_ACRONYMS.map((entry) => entry.term);
    expect(new Set(terms).size).toBe(terms.length);
    for (const { term, expansions } of CONVENTIONAL_ACRONYMS) {
      expect(term).toBe(term.toUpperCase());
      expect(expansions.length).toBeGreaterThan(0);
    }
  });
});
