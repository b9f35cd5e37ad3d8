/** Definition questions: the term asked about, and the sentences that define it. */
import { describe, expect, it } from 'vitest';
import { definedTerm } from '../../src/query/definitions.js';

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
