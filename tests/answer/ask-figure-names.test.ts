/**
 * A figure asked for a body or a place typed in lower case (« logevia … au clos barbier ») must
 * come from a line about it: the corpus writes these words as names, so the question names them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { corpusNamesIn, nameSpellingIn, spelledName, writtenAsNameIn } from '../../src/query/corpus-names.js';
import { withoutSelfPresentation } from '../../src/lang/fr/self-presentation.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'convention-tfpb-exemple.txt': [
    'CONVENTION D’UTILISATION DE L’ABATTEMENT DE TFPB',
    '',
    'Préambule',
    '',
    'La présente convention concerne deux quartiers prioritaires de la commune, où les bailleurs signataires sont Logévia et Habitat Solenne. Le quartier du Clos Barbier (Vernolles) fait l’objet d’une convention distincte.',
    '',
    'Article 2 – Patrimoine concerné',
    '',
    'Bailleur\tQuartier\tNombre de logements\tAbattement annuel',
    'Logévia\tCroix-Maillard\t512 logements\t96 500 €',
    'Habitat Solenne\tLes Tilleuls\t1 426 logements\t318 000 €',
  ],
  'fiche-fonds-participation.txt': [
    'FICHE PRATIQUE – FONDS DE PARTICIPATION DES HABITANTS',
    '',
    'Combien ?',
    '',
    'Le plafond de l’aide du fonds de participation des habitants est de 800 € par initiative, versés en une fois.',
  ],
};

let corpus: TempCorpus;
let assistant: LoadedAssistant;

beforeAll(async () => {
  corpus = await openTempCorpus('figure-names', FILES);
  assistant = corpus.assistant;
});

afterAll(async () => {
  await corpus?.cleanup();
});

describe('names a question types in lower case', () => {
  it('are the words the corpus writes with a capital inside sentences', () => {
    const texts = ['Le quartier du Clos Barbier (Vernolles) a un centre social.', 'Au Clos Barbier, le centre de santé ouvre.'];
    expect(writtenAsNameIn('barbier', texts)).toBe(true);
    expect(writtenAsNameIn('vernolles', texts)).toBe(true);
    expect(writtenAsNameIn('centre', texts)).toBe(false);
    // A capital opening a sentence or a list item is a rule of writing, not a name.
    expect(writtenAsNameIn('centre', ['Centre social. Centre de santé.', '- Centre ville'])).toBe(false);
    // A hyphenated name's second word is still a name.
    expect(writtenAsNameIn('obrin', ['Le conseil de Saint-Obrin se réunit.'])).toBe(true);
    // Its commonest spelling is how messages name it.
    expect(nameSpellingIn('logevia', ['Le bailleur Logévia gère 512 logements.', 'Avec Logévia et Habitat Solenne.'])).toBe('Logévia');
    expect(spelledName('clos barbier', (word) => ({ clos: 'Clos', barbier: 'Barbier' })[word])).toBe('Clos Barbier');
  });

  it('are grouped in runs, without actors, determiners of common nouns or the asker’s own presentation', () => {
    const names = new Set(['logevia', 'clos', 'barbier', 'vernolles', 'etat', 'mediateur']);
    const written = (word: string) => names.has(word);
    expect(corpusNamesIn('logevia a combien de logements au clos barbier a vernolles ?', written)).toEqual(['logevia', 'clos barbier', 'vernolles']);
    expect(corpusNamesIn("l'etat met combien au clos barbier ?", written)).toEqual(['clos barbier']);
    expect(corpusNamesIn('combien d’habitants pas couverts par un mediateur ?', written)).toEqual([]);
    expect(corpusNamesIn('on est une asso a vernolles, le plafond c’est combien ?', written)).toEqual([]);
  });

  it('the asker’s self-presentation is a clause up to the next punctuation, never the question itself', () => {
    expect(withoutSelfPresentation("j'habite bellerive, je peux avoir la bourse ?").trim()).toBe(', je peux avoir la bourse ?');
    expect(withoutSelfPresentation('le plafond au clos barbier ?')).toBe('le plafond au clos barbier ?');
    // These ask: « j'ai besoin de », « on est combien », a clause ending with the question mark.
    for (const question of ["j'ai besoin du nombre de logements de logevia au clos barbier ?", 'on est combien de familles au clos barbier ?', 'mon asso peut demander un fonds de concours ?'])
      expect(withoutSelfPresentation(question)).toBe(question);
  });

  it('a hyphenated name is one name', () => {
    const written = (word: string) => ['croix', 'maillard'].includes(word);
    expect(corpusNamesIn('combien de logements a croix-maillard ?', written)).toEqual(['croix maillard']);
  });
});

describe('a figure asked for a named body or place', () => {
  it('is refused when the only figure is another row’s, naming what was asked', async () => {
    const answer = await assistant.ask('logevia a combien de logements au clos barbier ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(true);
    expect(answer.trace?.rules).toContain('gate.figure-name');
    // Named as the corpus writes it.
    expect(answer.text.split('\n')[0]).toContain('« Clos Barbier »');
    expect(answer.trace?.cues).toEqual(expect.arrayContaining(['name:logevia', 'name:clos barbier']));
  });

  it('is not refused whole when the question asks something else too', async () => {
    const answer = await assistant.ask('logevia a combien de logements au clos barbier et qui sont les bailleurs signataires ?');
    expect(answer.trace?.rules).not.toContain('gate.figure-name');
  });

  it('is still held to the name when the asker says what they need (« j’ai besoin du nombre… »)', async () => {
    const answer = await assistant.ask('j’ai besoin du nombre de logements de logevia au clos barbier ?');
    expect(answer.refused).toBe(true);
    expect(answer.trace?.rules).toContain('gate.figure-name');
  });

  it('is answered from the row that names it', async () => {
    const answer = await assistant.ask('logevia a combien de logements a croix maillard ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('512 logements');
  });

  it('is answered where the asker only says where they are from', async () => {
    const answer = await assistant.ask('on est une asso a vernolles, le plafond de l’aide du fonds de participation c’est combien ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('800 €');
  });

  it('is answered with another row’s figure when the rule is switched off: the rule is what refuses', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['gate.figure-name']) } });
    const answer = await ablated.ask('logevia a combien de logements au clos barbier ?');
    expect(answer.trace?.rules).not.toContain('gate.figure-name');
    expect(answer.text).toContain('logements');
  });
});
