/** Compound questions: where a message asks a second thing, and where « et » only joins two nouns. */
import { describe, expect, it } from 'vitest';
import { questionClauses } from '../../src/lang/fr/clauses.js';

describe('questionClauses', () => {
  const compound: [string, string[]][] = [
    ['le fph de kerhuel c’etait combien en 2025 et il en reste combien ?', ["le fph de kerhuel c'etait combien en 2025 ?", 'et il en reste combien ?']],
    ['Quel est son rôle ? Combien reçoit-elle de l’État ?', ['Quel est son rôle ?', "et Combien reçoit-elle de l'État ?"]],
    [
      'La régie de quartier : combien l’État lui attribue en 2025 et quel rôle a-t-elle dans la convention ?',
      ["La régie de quartier : combien l'État lui attribue en 2025 ?", 'La régie de quartier : quel rôle a-t-elle dans la convention ?'],
    ],
    ['Combien coûte le poste de coordinateur et qui le finance ?', ['Combien coûte le poste de coordinateur ?', 'et qui le finance ?']],
    ['la convention a été signée quand ; qui la préside ?', ['la convention a été signée quand ?', 'et qui la préside ?']],
    // After a comma, « et » opens a clause that asks on its own, whatever its first word.
    ['le fonds a été voté à quel conseil, et le comité a demandé quoi ?', ['le fonds a été voté à quel conseil ?', 'et le comité a demandé quoi ?']],
    // A yes-or-no question asks without a question word: its question mark says so.
    ['le plafond du fonds a changé ? c’etait combien avant ?', ['le plafond du fonds a changé ?', "et c'etait combien avant ?"]],
    // The last clause asks by its question mark whatever its length.
    ['c’est combien le plafond du FPH ? il a changé ?', ["c'est combien le plafond du FPH ?", 'et il a changé ?']],
    ['c’est quoi le FPH ? ? et il reste combien ?', ["c'est quoi le FPH ? ?", 'et il reste combien ?']],
  ];
  for (const [question, clauses] of compound) it(`« ${question} » asks ${clauses.length} things`, () => expect(questionClauses(question)).toEqual(clauses));

  const single = [
    'Quels acteurs et quelles actions pour l’objectif 18 ?',
    'Quelles actions pour l’emploi et la formation des jeunes ?',
    'les associations et les communes peuvent-elles déposer ?',
    'c koi le BOP 147 ?',
    'combien et quand ?',
    'Combien de logements et de commerces sont concernés ?',
    'le centre social des Tilleuls, et la maison de quartier mettent combien ?',
    'l’État et la Région mettent combien pour le centre social ?',
    // A greeting or a bare topic before the question asks nothing of its own.
    'bonjour, j’ai une question ? le plafond du FPH c’est combien ?',
    'Le contrat de ville ? il dure combien de temps ?',
  ];
  for (const question of single) it(`« ${question} » asks one thing`, () => expect(questionClauses(question)).toEqual([]));

  it('every clause of a compound question asks something and names something', () => {
    const openings = ['combien', 'quand', 'qui', 'quel montant', 'comment'];
    for (const first of openings) {
      for (const second of openings) {
        const clauses = questionClauses(`${first} pour le centre social des Tilleuls et ${second} pour la mission locale ?`);
        expect(clauses, `${first} / ${second}`).toHaveLength(2);
        expect(clauses[1]).toMatch(/^et /);
      }
    }
  });
});
