/**
 * The asker's self-presentation (« j'habite bellerive, … », « on est une asso à X, … ») is a clause
 * up to the next punctuation: it is their situation, not what they ask.
 */
import { describe, expect, it } from 'vitest';
import { withoutSelfPresentation } from '../../src/lang/fr/self-presentation.js';

describe('withoutSelfPresentation', () => {
  it('removes the clause that presents the asker, up to the next punctuation', () => {
    expect(withoutSelfPresentation("j'habite bellerive, je peux avoir la bourse ?").trim()).toBe(', je peux avoir la bourse ?');
  });

  it('never removes the question itself', () => {
    expect(withoutSelfPresentation('le plafond au clos barbier ?')).toBe('le plafond au clos barbier ?');
    // These ask: « j'ai besoin de », « on est combien », a clause ending with the question mark.
    for (const question of ["j'ai besoin du nombre de logements de logevia au clos barbier ?", 'on est combien de familles au clos barbier ?', 'mon asso peut demander un fonds de concours ?'])
      expect(withoutSelfPresentation(question)).toBe(question);
  });
});
