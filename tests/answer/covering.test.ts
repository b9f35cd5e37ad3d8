/** Choosing answer sentences: a question asking two things is recognised as such. */
import { describe, expect, it } from 'vitest';
import { isCompound } from '../../src/answer/covering.js';

describe('isCompound', () => {
  it('two interrogative words, or two question marks, make two questions', () => {
    expect(isCompound('quand est prévue l’évaluation et qui anime le suivi ?')).toBe(true);
    expect(isCompound('C’est quoi l’ERBM ? Où a-t-il été signé ?')).toBe(true);
    expect(isCompound('Quels dispositifs pour l’objectif #18 ?')).toBe(false);
    // « ou » is not « où », and a relative « qui » opens no second question.
    expect(isCompound('quels dispositifs ou appels à projets de la DRAC ?')).toBe(false);
    expect(isCompound('Quelles sont les communes qui ont des QPV ?')).toBe(false);
    expect(isCompound('Quand a été signé l’ERBM et où ?')).toBe(true);
  });
});
