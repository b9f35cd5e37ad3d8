import { describe, expect, it } from 'vitest';
import { foldText, foldTextByPatterns } from '../../src/lang/fr/normalize.js';

/** Deterministic generator (LCG): the same texts on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

// Code units of every kind the table meets: ASCII, Latin-1 and Latin Extended letters, ligatures,
// superscripts, every whitespace the patterns collapse, apostrophes, dashes and quotes, bullets
// (general punctuation, private use), and units it must leave to the patterns (combining marks,
// Greek capital sigma, an emoji's surrogate pair).
const PIECES = [
  ...'aZ09 .,;:!?()[]\'"-_/\\%&€$£°§µ×÷'.split(''),
  ...'éèêëàâäîïôöùûüçÉÈÊÀÂÎÔÙÛÇœŒæÆßøØđĐłŁñÑİıŉſǅǈ²³¹ºª'.split(''),
  ...'\t\n\r\v\f\u00a0\u202f\u2007\u2009\u2000\u200a\u2028\u2029\u205f\u3000\ufeff\u1680'.split(''),
  ...'\u2018\u2019\u201b\u02bc\u02b9\u0060\u00b4\u2032\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ab\u00bb\u201c\u201d\u201e\u201f'.split(''),
  ...'\u2022\u2026\u2122\u2260\u2192\u25cf\u2713\uf0b7\ufb01\u2126\u212b'.split(''),
  '\u0301',
  '\u0327',
  'Σ',
  'ΟΔΟΣ',
  '😀',
  'ﬀ',
];

describe('foldText', () => {
  it('folds generated texts exactly as the patterns do', () => {
    const random = generator(11);
    for (let text = 0; text < 5000; text += 1) {
      const length = Math.floor(random() * 60);
      let value = '';
      for (let i = 0; i < length; i += 1) {
        // Mostly safe code units, so most texts take the table's path.
        const pick = random() < 0.995 ? Math.floor(random() * (PIECES.length - 6)) : PIECES.length - 6 + Math.floor(random() * 6);
        value += PIECES[pick]!;
      }
      expect(foldText(value), JSON.stringify(value)).toBe(foldTextByPatterns(value));
    }
  });

  it('folds long texts past its buffer and every code unit of the planes it folds alone', () => {
    const long = 'Œuvre  éducative\u00a0—  l’État '.repeat(5000);
    expect(foldText(long)).toBe(foldTextByPatterns(long));
    for (let code = 0; code < 0x10000; code += 1) {
      if (code >= 0xd800 && code < 0xe000) continue;
      const text = `A${String.fromCharCode(code)}b`;
      expect(foldText(text)).toBe(foldTextByPatterns(text));
    }
    expect(foldText('  Œuvre   ÉDUCATIVE  ')).toBe('oeuvre educative');
    expect(foldText(' \t ')).toBe('');
  });
});
