/** Figures by sort in questions and texts. */
import { describe, expect, it } from 'vitest';
import { distinctFigureAsked, unitHasFigure } from '../../src/lang/fr/figure-kinds.js';

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
