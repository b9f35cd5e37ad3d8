/** What a question asks for (« quel territoire ») and whether a section label names it. */
import { describe, expect, it } from 'vitest';
import { askedFor, labelNamesAsked } from '../../src/query/asked-for.js';
import type { Chunk } from '../../src/core/types.js';
import { analyze } from '../../src/lang/fr/analyzer.js';

const chunkUnder = (...breadcrumb: string[]): Chunk => ({ id: 'c#0', file: 'c.txt', breadcrumb, headings: breadcrumb, sectionId: 's', kind: 'text', text: 'x', lineStart: 1, lineEnd: 1 });

describe('askedFor', () => {
  it.each([
    ['Sur quel territoire s’appliquent les fiches ?', 'territoire'],
    ['quels acteurs mobiliser pour l’emploi', 'acteurs'],
    ['Quels sont les quatre axes du pacte ?', 'axes'],
    ['Quels sont les principaux engagements de la CAF ?', 'engagements'],
    ['Quelle est la date de signature ?', 'date'],
    ['quelles conditions pour un adulte-relais', 'conditions'],
    ['c koi les grandes orientations du contrat de ville ?', 'orientations'],
    ['c’est quoi les instances de pilotage ?', 'instances'],
  ])('« %s » asks for %s', (question, noun) => {
    expect(askedFor(question)).toEqual(analyze(noun));
  });

  it('a question without an interrogative determiner asks for nothing in particular', () => {
    expect(askedFor('Qui dirige le site France Travail de Lillers ?')).toEqual([]);
    expect(askedFor('c koi le BOP 147')).toEqual([]);
  });
});

describe('labelNamesAsked', () => {
  const asked = askedFor('Sur quel territoire s’applique l’action ?');
  it('a block labelled « Territoire concerné » names it', () => {
    expect(labelNamesAsked(chunkUnder('ERBM 2023', 'Action 6', 'Territoire concerné'), asked)).toBe(true);
  });
  it('only the chunk’s own label counts, and numbered headings never do', () => {
    expect(labelNamesAsked(chunkUnder('Territoire concerné', 'Calendrier'), asked)).toBe(false);
    expect(labelNamesAsked(chunkUnder('Objectifs', 'Action 3'), askedFor('Quelles actions ?'))).toBe(false);
    expect(labelNamesAsked(chunkUnder('Objectifs', 'Pistes d’actions'), askedFor('Quelles actions ?'))).toBe(true);
  });
});

describe('askedFor idioms', () => {
  it('« dans quelle mesure », « de quelle manière » ask for nothing in particular', () => {
    expect(askedFor('Dans quelle mesure les bailleurs participent-ils ?')).toEqual([]);
    expect(askedFor('De quelle manière le conseil citoyen est-il associé ?')).toEqual([]);
  });
});
