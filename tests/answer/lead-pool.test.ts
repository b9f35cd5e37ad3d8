/** Which sentences may open an answer, from what the question asks for. */
import { describe, expect, it } from 'vitest';
import { leadPool } from '../../src/answer/lead-pool.js';
import { unitsOf, type AnswerUnit } from '../../src/answer/passage-units.js';
import type { Chunk } from '../../src/ingest/types.js';

function units(breadcrumb: string[], text: string, id: string): AnswerUnit[] {
  const chunk: Chunk = { id, file: 'f.txt', breadcrumb, headings: breadcrumb, sectionId: id, kind: 'text', text, lineStart: 1, lineEnd: 1 };
  return unitsOf({ chunk, score: 1, scores: {} }, 0);
}

describe('leadPool', () => {
  const finalite = units(['Action 6', 'Finalité'], 'L’action prévient les sorties sèches des jeunes de l’aide sociale à l’enfance.', 'a');
  const publics = units(['Action 6', 'Publics visés'], 'Les jeunes de 16 à 21 ans confiés à l’aide sociale à l’enfance.', 'b');
  const all = [...finalite, ...publics];
  const scores = new Map<AnswerUnit, number>([[finalite[0], 1], [publics[0], 0.6]]);

  it('an eligibility question opens with the « Publics visés » block when it scores close enough', () => {
    expect(leadPool(all, scores, 'Un jeune de 17 ans peut-il entrer dans l’action 6 ?', undefined, 'eligibility')).toEqual(publics);
  });

  it('a lookup question keeps every sentence', () => {
    expect(leadPool(all, scores, 'À quoi sert l’action 6 ?', undefined, 'lookup')).toEqual(all);
  });

  it('a « qui » question opens with a sentence naming someone', () => {
    const named = units(['Signatures'], 'L’État, représenté par Monsieur Jacques BILLANT, Préfet.', 'c');
    const pool = leadPool([...all, ...named], new Map([...scores, [named[0], 0.7]]), 'Qui signe pour l’État ?', undefined, 'lookup');
    expect(pool).toEqual(named);
  });
});
