/** Definition questions: the term asked about, and the sentences that define it. */
import { describe, expect, it } from 'vitest';
import { definedTerm, definesTerm } from '../../src/answer/definitions.js';

describe('definedTerm', () => {
  it.each([
    ['IREV ca veut dire quoi et ca sert a quoi ?', 'irev'],
    ['c koi le BOP 147 ?', 'bop 147'],
    ['C’est quoi un adulte-relais ?', 'adulte-relais'],
    ['Qu’est-ce que le Fonds de Cohésion Sociale ?', 'fonds de cohesion sociale'],
    ['que signifie NPNRU', 'npnru'],
    ['c’est quoi l’ERBM : quand a-t-il été signé ?', 'erbm'],
    ['c’est quoi la GUSP dans le contrat', 'gusp'],
    ['Qu’est-ce qu’un QPV ?', 'qpv'],
    ['Qu’est-ce qu’une cité éducative ?', 'cite educative'],
    ['Définition du QPV', 'qpv'],
  ])('« %s » → %s', (question, term) => {
    expect(definedTerm(question)).toBe(term);
  });

  it('a question that defines nothing has no term', () => {
    expect(definedTerm('Qui pilote le contrat de ville ?')).toBeUndefined();
    // « CEJ » is not « ce » + « j »: the word before « c'est quoi » is not cut.
    expect(definedTerm('Le dispositif CEJ c’est quoi ?')).not.toBe('dispositif');
  });
});

describe('definesTerm', () => {
  it('a sentence opening with the term (article allowed) defines it', () => {
    expect(definesTerm('L’IREV, Centre de Ressources Régional de la Politique de la Ville, a pour mission…', 'irev')).toBe(true);
    expect(definesTerm('Le Fonds de Cohésion Sociale (FCS) est un fonds de garantie.', 'fonds de cohesion sociale')).toBe(true);
  });

  it('a sentence mentioning it in passing, a label line or a longer word does not', () => {
    expect(definesTerm('À compter de 2023, la DRAC a mis en place des formations avec l’IREV.', 'irev')).toBe(false);
    expect(definesTerm('IREV : voir le glossaire', 'irev')).toBe(false);
    expect(definesTerm('Les IREVS régionaux', 'irev')).toBe(false);
  });
});
