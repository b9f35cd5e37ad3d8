/** The heading helpers the outline calls on every line give what their slower definitions give. */
import { describe, expect, it } from 'vitest';
import { capitalise, isUppercaseLine } from '../../src/ingest/headings.js';

const byLocale = (text: string) => {
  const lower = text.toLocaleLowerCase('fr-FR');
  return lower.charAt(0).toLocaleUpperCase('fr-FR') + lower.slice(1);
};
const byPatterns = (text: string) => {
  const letters = text.replace(/[^A-Za-zÀ-ÿ]/g, '');
  if (letters.length < 4) return false;
  return letters.replace(/[^A-ZÀ-Ý]/g, '').length / letters.length > 0.9;
};

describe('heading helpers', () => {
  it('capitalises as the French locale does, on every UTF-16 code unit and on mixed texts', () => {
    for (let code = 0; code < 0x10000; code += 1) {
      const text = `${String.fromCharCode(code)}X${String.fromCharCode(code)}`;
      expect(capitalise(text)).toBe(byLocale(text));
    }
    for (const text of ['ACTEURS À MOBILISER', 'ÉTAT DES LIEUX', 'ΣΟΦΟΣ ΛΟΓΟΣ', 'İSTANBUL', 'ŒUVRE ÆGIS', 'ǄEMAL', 'ﬁnancement', '']) expect(capitalise(text)).toBe(byLocale(text));
  });

  it('tells an uppercase line as the character classes do, on generated lines', () => {
    const pieces = ['A', 'b', 'É', 'é', 'ÿ', 'Þ', 'þ', '×', '÷', 'ß', 'Œ', '1', ' ', '-', "'", 'Z', 'z', 'À', 'Ý'];
    let seed = 9;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const CAPITALS = ['A', 'É', 'Z', 'À', 'Ý', 'Þ', ' ', '×'];
    let uppercase = 0;
    for (let round = 0; round < 5000; round += 1) {
      const capitals = random() < 0.5;
      const text = Array.from({ length: Math.floor(random() * 12) }, () => (capitals && random() < 0.9 ? CAPITALS : pieces)[Math.floor(random() * (capitals ? 8 : pieces.length))]!).join('');
      expect(isUppercaseLine(text), text).toBe(byPatterns(text));
      if (byPatterns(text)) uppercase += 1;
    }
    expect(uppercase).toBeGreaterThan(100);
  });
});
