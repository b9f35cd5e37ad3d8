/**
 * Places a question names (« le site France Travail d'Auchel », « à Saint-Amans-de-Garonne »,
 * « aux Tanneries », « dans le quartier Le Barry », « les quartiers prioritaires de Caen », « le
 * conseil citoyen des Pommerets »): a capitalised name after a word that locates or a noun that
 * holds a place. An answer about another place does not answer for this one.
 */
import { askingSentences } from './sentences.js';
import { foldText } from './normalize.js';
import { withoutSelfPresentation } from './self-presentation.js';

const NAME = "[A-ZÀ-Ý][\\p{L}'’-]*(?:[\\s-]+(?:(?:de|du|des|la|le|les|sur|en|l'|l’|d'|d’)[\\s-]*)?[A-ZÀ-Ý][\\p{L}'’-]*)*";
const LOCATED = new RegExp(
  `(?:(?<![\\p{L}\\d])(?:à|a|au|aux|dans|sur|chez)\\s+(?:le |la |les |l'|l’)?(?:(?:quartier|commune|ville|site|secteur|territoire|cité)\\s+(?:de |d'|d’|du |des )?(?:la |le |l'|l’)?)?|(?<![\\p{L}\\d])(?:quartiers?(?:\\s+prioritaires?)?|communes?|villes?|site|QPV|cité|conseil citoyen|centre social|maison de quartier|mairie)\\s+(?:de |d'|d’|du |des )?(?:la |le |l'|l’|les )?|(?<![\\p{L}\\d])d['’])(${NAME})`,
  'gu',
);
/** A territorial body's word written after its place's name (« Morvaine Agglo », « Lens Métropole »). */
const TRAILING_BODY_WORD = /[\s-]+(?:Agglo(?:m[ée]ration)?|M[ée]tropole|Communaut[ée]|CA|CU|CC)$/u;

/** The place of « Morvaine Agglo »: the body's word after a name is not part of the place. */
export function withoutTrailingBodyWord(name: string): string {
  return name.replace(TRAILING_BODY_WORD, '');
}

/** Whether a folded text holds the folded name as whole words. */
function wordsIn(text: string, name: string): boolean {
  return ` ${text.replace(/[^a-z0-9]+/g, ' ')} `.includes(` ${name.replace(/[^a-z0-9]+/g, ' ').trim()} `);
}

/** Capitalised words after « de », « à » that are institutions or regions, not places asked about. */
const NOT_PLACES = /^(État|Etat|Agglo|Agglomération|Europe|Union européenne|Région|Region|Département|Departement|France|France Travail|Préfecture|Prefecture|Préfet|Prefet|Ville|Commune)$/;

/** Institutions and bodies typed in lower case (« de l'agglo », « du département »): no place asked about. */
const LOWER_NOT_PLACES = /^(?:etat|agglo|agglomeration|communaute|metropole|europe|region|departement|dptmt|dept|france|prefecture|prefet|ville|commune|mairie)$/;

/**
 * A name typed in lower case after a noun that holds a place (« le conseil citoyen de vernolles »,
 * « le QPV du clos martel »): up to three words, each checked against the corpus. The nouns may
 * open a sentence; the name's words are in lower case (no `i` flag: `\p{Ll}` would take capitals).
 */
const HOLDS_LOWER_NAME =
  /(?<![\p{L}\d])(?:[Qq]uartiers?(?:\s+prioritaires?)?|[Cc]ommunes?|[Vv]illes?|QPV|qpv|[Cc]it[ée]|[Cc]onseil citoyen|[Cc]entre social|[Mm]aison de quartier|[Mm]airie)\s+(?:de |d'|d’|du |des )(?:la |le |l'|l’|les )?([\p{Ll}][\p{Ll}-]*(?:\s+[\p{Ll}][\p{Ll}-]*){0,2})/gu;

/** Words a place's name keeps in lower case (« Montreuil-sur-Mer », « Clos de la Forge »). */
const NAME_PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'sur', 'sous', 'en', 'et', 'aux', 'au', "d'", "l'"]);

/** A name typed in lower case, written as names are (« montreuil-sur-mer » → « Montreuil-sur-Mer »). */
function asName(typed: string): string {
  return typed.replace(/[\p{L}']+/gu, (word, offset: number) => (offset > 0 && NAME_PARTICLES.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)));
}

/**
 * The words of a lower-case name that the corpus writes as a proper name, from the first on
 * (« clos martel il se réunit » → « Clos Martel »); '' when the first is not one.
 */
function writtenName(words: string, isProperName: (word: string) => boolean): string {
  const kept: string[] = [];
  for (const word of words.split(/\s+/)) {
    if (word.length < 3 || LOWER_NOT_PLACES.test(foldText(word)) || !isProperName(word)) break;
    kept.push(word);
  }
  return asName(kept.join(' '));
}

/**
 * The places a question names, as written. Only the sentence that asks counts: « Notre asso
 * travaille à Beuvry. Quels dispositifs pour l'objectif 10 ? » names Beuvry as context. Given
 * `isProperName` (whether the corpus writes a word as a name), a place typed in lower case after
 * a noun that holds one counts too: chat messages are seldom capitalised.
 */
export function placesNamed(question: string, isProperName?: (word: string) => boolean): string[] {
  const places: string[] = [];
  const scope = askingSentences(question);
  // Where the asker lives or works (« je suis maman solo à Lens, … ») is no place asked about.
  const asked = withoutSelfPresentation(foldText(scope).replace(/’/g, "'"));
  for (const match of scope.matchAll(LOCATED)) {
    // « QPV Haut de Houdain », « Quartier Le Barry »: the kind of place is not its name.
    const name = match[1]!
      .replace(/['’]$/, '')
      .replace(/^(?:(?:QPV|Quartiers?|Commune|Ville|Cité|Site|Secteur)\s+(?:de |d'|d’|du )?)+/u, '')
      .trim();
    const place = withoutTrailingBodyWord(name);
    // Acronyms (« ARS », « CAF », « l'AAP ») are organisations and documents, not places.
    if (/^[A-Z0-9&-]+$/.test(place) || NOT_PLACES.test(place) || place.length < 3) continue;
    if (!wordsIn(asked, foldText(place))) continue;
    if (!places.includes(place)) places.push(place);
  }
  if (isProperName) {
    for (const match of scope.matchAll(HOLDS_LOWER_NAME)) {
      const place = writtenName(match[1]!, isProperName);
      if (place === '' || !wordsIn(asked, foldText(place))) continue;
      if (!places.some((known) => foldText(known) === foldText(place))) places.push(place);
    }
  }
  return places;
}
