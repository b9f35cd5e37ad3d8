/**
 * Figures: a second figure stands beside the best one only when it restates the same fact.
 * Units are built from real sentences by the composer's own splitter; the query from the question.
 */
import { describe, expect, it } from 'vitest';
import { countedThing, countsThing, measuredThing, restates } from '../../src/answer/figures.js';
import { unitsOf } from '../../src/answer/passage-units.js';
import type { WeightedQuery } from '../../src/answer/query-weights.js';
import type { Chunk } from '../../src/ingest/types.js';
import type { GlossaryEntry } from '../../src/ingest/glossary.js';
import { expandQuery } from '../../src/search/query-understanding.js';

function unit(text: string) {
  const chunk: Chunk = { id: `t#${text.length}`, file: 't.txt', breadcrumb: [], headings: [], sectionId: 's', kind: 'text', text, lineStart: 1, lineEnd: 1 };
  return unitsOf({ chunk, score: 1, scores: {} }, 0)[0];
}

/** Every concept of the question weighs the same: the test is about which ones a unit repeats. */
function flatQuery(question: string): WeightedQuery {
  const concepts = expandQuery(question, new Map()).concepts.map((concept) => ({ concept, weight: 1 }));
  return { concepts, weights: new Map(concepts.map(({ concept }) => [concept.term, 1])), total: concepts.length };
}

describe('restates', () => {
  const query = flatQuery('Quel montant l’État verse-t-il au Département au titre de la convention 2023 ?');
  const best = unit('Le Département signe avec l’État la convention financière 2023 relative aux crédits de l’État d’un montant total de 500 000 €.');

  it('another source giving the State’s payment under the same convention restates it', () => {
    const other = unit('Au titre de 2023, le soutien financier de l’État au Département prévu par la convention s’élève à 1 000 000 €.');
    expect(restates(other, best, query)).toBe(true);
  });

  it('a payment by the Département to someone else, sharing only « versé » and the year, does not', () => {
    const other = unit('La contrepartie est estimée à 100 000 € au titre de la contribution au FSL, versé par le Département en 2023.');
    expect(restates(other, best, query)).toBe(false);
  });
});

describe('countedThing', () => {
  const glossary = new Map<string, GlossaryEntry>([['arms', { term: 'ARMS', expansion: 'adultes relais médiateurs santé', chunkId: 'c#1', count: 1 }]]);

  it('« combien d’adultes relais médiateurs santé (ARMS) » counts ARMS too', () => {
    const question = 'combien d’adultes relais médiateurs santé (ARMS) sont recensés ?';
    const names = countedThing(question, expandQuery(question, glossary).concepts)!;
    expect(countsThing('A ce jour, nous recensons 44 ARMS.', names)).toBe(true);
    expect(countsThing('Il y a 44 adultes relais.', names)).toBe(true);
  });

  it('without the acronym in the question, « 44 ARMS » is not a count of adultes', () => {
    const question = 'combien d’adultes relais sont recensés ?';
    const names = countedThing(question, expandQuery(question, glossary).concepts)!;
    expect(countsThing('A ce jour, nous recensons 44 ARMS.', names)).toBe(false);
  });
});

describe('measuredThing', () => {
  it('« taux de pauvreté », « part des demandeurs » name what the rate measures', () => {
    expect(measuredThing('taux de pauvreté dans les QPV, comparé à l’agglo ?')).toEqual(['pauvret']);
    expect(measuredThing('quelle part des demandeurs d’emploi réside en QPV ?')).toEqual(['demandeur']);
  });
  it('a question without a rate measures nothing', () => {
    expect(measuredThing('Quel montant pour la clause d’insertion ?')).toEqual([]);
  });
});
