/** Request frames (« j'ai entendu parler de », « pouvez-vous me dire ») are not what a question is about. */
import { describe, expect, it } from 'vitest';
import { withoutRequestFrames } from '../../src/lang/fr/request-frames.js';
import { analyze } from '../../src/lang/fr/analyzer.js';

describe('withoutRequestFrames', () => {
  it.each([
    ["j'ai entendu parler d'un appel a projets special pour la verrerie, c'est quoi ?", ['entendu', 'parler']],
    ['Pouvez-vous me dire qui finance les adultes-relais ?', ['pouvez', 'dire']],
    ['je voudrais savoir si mon asso peut deposer un dossier', ['voudrais', 'savoir']],
    ['on m’a dit que le FPH finance les sorties, c’est vrai ?', ['dit']],
    ['petite question : le BOP 147 ça finance quoi ?', ['question']],
    ['tu sais combien de QPV il y a ?', ['sais']],
    ["je viens d'arriver, c'est quoi les qpv du territoire ?", ['viens', 'arriver']],
    ['je debarque, c koi les axes du contrat ?', ['debarque']],
  ])('« %s » loses its frame', (question, frameWords) => {
    const terms = analyze(withoutRequestFrames(question));
    for (const word of frameWords) expect(terms).not.toContain(analyze(word)[0]);
    // What the question is about stays.
    expect(terms.length).toBeGreaterThan(0);
  });

  it.each([
    // The same words saying what is asked stay: « le dit dispositif », « les questions diverses ».
    ['quelles questions diverses au copil ?', 'question'],
    ['le comité a-t-il lu le rapport ?', 'lu'],
  ])('« %s » keeps « %s » when it is not a frame', (question, word) => {
    expect(withoutRequestFrames(question)).toContain(word);
  });

  it('keeps a message that is only a frame', () => {
    expect(withoutRequestFrames('petite question')).toBe('petite question');
  });
});
