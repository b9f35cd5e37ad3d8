/**
 * A place the question names must be the answer's: the fund of one commune does not answer for
 * another. Eligibility rules hold wherever the asker lives.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { createAssistant } from '../../src/app/assistant.js';
import { placesNamed } from '../../src/lang/fr/places.js';
import { properNameCheck } from '../../src/search/proper-names.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'deliberation-ville-exemple.txt': [
    'DÉLIBÉRATION DU CONSEIL MUNICIPAL DE VILLENEUVE-SUR-OLT',
    '',
    'Article 1 – Fonds de participation des habitants',
    '',
    'Le fonds de participation des habitants des quartiers Bellegarde et La Tuilerie est doté de 8 000 € pour 2025 ; le plafond de l’aide est maintenu à 800 € par initiative.',
    '',
    'Article 2 – Adultes-relais',
    '',
    'Peuvent être recrutées comme adultes-relais les personnes âgées d’au moins 26 ans, sans emploi, résidant dans un quartier prioritaire.',
    '',
    'Article 3 – Conseil citoyen',
    '',
    'Le conseil citoyen de Bellegarde compte 14 membres, tirés au sort parmi les habitants du quartier.',
  ],
  // The other communes are known to the corpus, but nothing about their funds is.
  'presentation-agglomeration.txt': [
    'PRÉSENTATION DE L’AGGLOMÉRATION',
    '',
    'Les communes membres',
    '',
    'L’agglomération regroupe Villeneuve-sur-Olt, Saint-Amans-de-Garonne et Montreuil-sur-Mer, reliées par le réseau de bus intercommunal et la voie verte.',
    'Horaires et plan du réseau sur www.montreuil-sur-mer.fr et contact@montreuil-sur-mer.fr.',
    '',
    'Les Quartiers Prioritaires De L’Agglomération',
    '',
    'Deux quartiers prioritaires sont reconnus par l’État.',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('places', FILES, (opened) => {
  assistant = opened;
});

describe('places named in a question', () => {
  it('are read from locating words, not from acronyms or institutions', () => {
    expect(placesNamed('Quel est le plafond du fonds à Saint-Amans-de-Garonne ?')).toEqual(['Saint-Amans-de-Garonne']);
    expect(placesNamed('combien d’habitants dans le QPV Haut de Houdain ?')).toEqual(['Haut de Houdain']);
    expect(placesNamed('qui signe pour l’ARS et pour l’État ?')).toEqual([]);
    // A place-holding noun (« les quartiers prioritaires », « le conseil citoyen ») names its place after « de ».
    expect(placesNamed('Quels sont les quartiers prioritaires de Caen ?')).toEqual(['Caen']);
    expect(placesNamed('le quorum du conseil citoyen des Pommerets ?')).toEqual(['Pommerets']);
    expect(placesNamed('les quartiers de la politique de la ville, c’est quoi ?')).toEqual([]);
    // The body's word after the place's name (« Lens Agglo ») is not part of the place.
    expect(placesNamed('les QPV de Lens Agglo ?')).toEqual(['Lens']);
    // A sentence of context names where the asker works; the question is the sentence that asks.
    expect(placesNamed('Notre asso fait de l’aide aux devoirs à Beuvry. Quels dispositifs pour l’objectif 10 ?')).toEqual([]);
    // Nor does the asker presenting themselves in the sentence that asks.
    expect(placesNamed('je suis maman solo au RSA a Lens avec un bebe, je rentre dans les creches AVIP ?')).toEqual([]);
    expect(placesNamed('les creches AVIP a Lens, elles sont financees ?')).toEqual(['Lens']);
  });

  it('a place typed in lower case counts when the corpus writes it as a name', () => {
    const names = new Set(['bellegarde', 'montreuil-sur-mer']);
    const isProperName = (word: string) => names.has(word);
    expect(placesNamed('combien de membres au conseil citoyen de bellegarde ?', isProperName)).toEqual(['Bellegarde']);
    expect(placesNamed('le conseil citoyen du quartier il a combien de membres ?', isProperName)).toEqual([]);
    // Institutions typed in lower case are no places, whatever the corpus capitalises.
    expect(placesNamed('les quartiers prioritaires de l’agglo bellegarde ?', () => true)).toEqual([]);
    expect(placesNamed('combien de membres au conseil citoyen de bellegarde ?')).toEqual([]);
  });

  it('knows a proper name from the corpus: capitalised inside a sentence and never in lower case outside addresses', () => {
    const isProperName = properNameCheck(assistant.index.lexical, assistant.index.chunks);
    expect(isProperName('bellegarde')).toBe(true);
    // A web or e-mail address writes no word in lower case.
    expect(isProperName('montreuil-sur-mer')).toBe(true);
    // A title capitalises common nouns that the text writes in lower case.
    expect(isProperName('prioritaires')).toBe(false);
    expect(isProperName('quartier')).toBe(false);
  });

  it('a council typed in lower case: another council’s figure is refused, its own is given', async () => {
    const other = await assistant.ask('combien de membres au conseil citoyen de montreuil-sur-mer ?');
    expect(other.refused).toBe(true);
    expect(other.trace?.rules).toContain('gate.place');
    const own = await assistant.ask('combien de membres au conseil citoyen de bellegarde ?');
    expect(own.refused).toBe(false);
    expect(own.text).toContain('14 membres');
  });

  it('a fund asked for another commune is refused, naming it', async () => {
    const answer = await assistant.ask('Quel est le plafond du fonds de participation des habitants à Saint-Amans-de-Garonne ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(true);
    expect(answer.trace?.rules).toContain('gate.place');
    expect(answer.text.split('\n')[0]).toContain('« Saint-Amans-de-Garonne »');
  });

  it('the place the passages name is answered', async () => {
    const answer = await assistant.ask('Quel est le plafond du fonds de participation des habitants à La Tuilerie ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('800 €');
  });

  it('an eligibility question is answered whatever place the asker lives in', async () => {
    const answer = await assistant.ask('j’habite à Montreuil-sur-Mer, j’ai 30 ans et je suis sans emploi, je peux être adulte-relais ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('26 ans');
  });

  it('switched off, the other commune gets this one’s fund', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['gate.place']) } });
    const answer = await ablated.ask('Quel est le plafond du fonds de participation des habitants à Saint-Amans-de-Garonne ?');
    expect(answer.refused).toBe(false);
  });
});
