import { MONTHS } from './figure-kinds.js';
import { foldText } from './normalize.js';

/**
 * French départements by their number, as people of the field name them (« dans le 62 », « les QPV
 * du 93 »): the number is the département's name in speech, never in the documents, which write
 * « Pas-de-Calais ». Data, not tuned to any corpus.
 */

/** Département number (as written on number plates and postcodes) → name. */
export const DEPARTEMENTS: ReadonlyMap<string, string> = new Map([
  ['01', 'Ain'],
  ['02', 'Aisne'],
  ['03', 'Allier'],
  ['04', 'Alpes-de-Haute-Provence'],
  ['05', 'Hautes-Alpes'],
  ['06', 'Alpes-Maritimes'],
  ['07', 'Ardèche'],
  ['08', 'Ardennes'],
  ['09', 'Ariège'],
  ['10', 'Aube'],
  ['11', 'Aude'],
  ['12', 'Aveyron'],
  ['13', 'Bouches-du-Rhône'],
  ['14', 'Calvados'],
  ['15', 'Cantal'],
  ['16', 'Charente'],
  ['17', 'Charente-Maritime'],
  ['18', 'Cher'],
  ['19', 'Corrèze'],
  ['2A', 'Corse-du-Sud'],
  ['2B', 'Haute-Corse'],
  ['21', "Côte-d'Or"],
  ['22', "Côtes-d'Armor"],
  ['23', 'Creuse'],
  ['24', 'Dordogne'],
  ['25', 'Doubs'],
  ['26', 'Drôme'],
  ['27', 'Eure'],
  ['28', 'Eure-et-Loir'],
  ['29', 'Finistère'],
  ['30', 'Gard'],
  ['31', 'Haute-Garonne'],
  ['32', 'Gers'],
  ['33', 'Gironde'],
  ['34', 'Hérault'],
  ['35', 'Ille-et-Vilaine'],
  ['36', 'Indre'],
  ['37', 'Indre-et-Loire'],
  ['38', 'Isère'],
  ['39', 'Jura'],
  ['40', 'Landes'],
  ['41', 'Loir-et-Cher'],
  ['42', 'Loire'],
  ['43', 'Haute-Loire'],
  ['44', 'Loire-Atlantique'],
  ['45', 'Loiret'],
  ['46', 'Lot'],
  ['47', 'Lot-et-Garonne'],
  ['48', 'Lozère'],
  ['49', 'Maine-et-Loire'],
  ['50', 'Manche'],
  ['51', 'Marne'],
  ['52', 'Haute-Marne'],
  ['53', 'Mayenne'],
  ['54', 'Meurthe-et-Moselle'],
  ['55', 'Meuse'],
  ['56', 'Morbihan'],
  ['57', 'Moselle'],
  ['58', 'Nièvre'],
  ['59', 'Nord'],
  ['60', 'Oise'],
  ['61', 'Orne'],
  ['62', 'Pas-de-Calais'],
  ['63', 'Puy-de-Dôme'],
  ['64', 'Pyrénées-Atlantiques'],
  ['65', 'Hautes-Pyrénées'],
  ['66', 'Pyrénées-Orientales'],
  ['67', 'Bas-Rhin'],
  ['68', 'Haut-Rhin'],
  ['69', 'Rhône'],
  ['70', 'Haute-Saône'],
  ['71', 'Saône-et-Loire'],
  ['72', 'Sarthe'],
  ['73', 'Savoie'],
  ['74', 'Haute-Savoie'],
  ['75', 'Paris'],
  ['76', 'Seine-Maritime'],
  ['77', 'Seine-et-Marne'],
  ['78', 'Yvelines'],
  ['79', 'Deux-Sèvres'],
  ['80', 'Somme'],
  ['81', 'Tarn'],
  ['82', 'Tarn-et-Garonne'],
  ['83', 'Var'],
  ['84', 'Vaucluse'],
  ['85', 'Vendée'],
  ['86', 'Vienne'],
  ['87', 'Haute-Vienne'],
  ['88', 'Vosges'],
  ['89', 'Yonne'],
  ['90', 'Territoire de Belfort'],
  ['91', 'Essonne'],
  ['92', 'Hauts-de-Seine'],
  ['93', 'Seine-Saint-Denis'],
  ['94', 'Val-de-Marne'],
  ['95', "Val-d'Oise"],
  ['971', 'Guadeloupe'],
  ['972', 'Martinique'],
  ['973', 'Guyane'],
  ['974', 'La Réunion'],
  ['976', 'Mayotte'],
]);

/**
 * What makes a number after « du » or « dans le » a date, a count, an address or a rank rather
 * than a département (« du 12 juin », « du 13 au 15 mai », « du 30 déc. », « du 75 000 € »,
 * « dans le 62 % », « du 13 rue … », « du 13e »), read on the folded text after it.
 */
const NOT_A_DEPARTEMENT = new RegExp(
  `^\\s*(?:[%€°]|\\d{3}|au\\s+\\d|(?:${MONTHS.join('|')}|janv|fevr|avr|juil|sept|oct|nov|dec|h|e|er|eme|euros?|eur|k€|m€|ans?|mois|jours?|heures?|semaines?|places?|postes?|personnes?|habitants?|communes?|logements?|quartiers?|qpv|eleves?|jeunes|familles?|structures?|actions?|projets?|associations?|dossiers?|millions?|milliers?|articles?|alineas?|rue|avenue|av|bd|boulevard|place|chemin|allee|impasse|route|quai|square|bis|ter)(?![a-z]))`,
);
/** « dans le 62 », « pour le 62 », « sur le 62 », « tout le 62 », « du 62 »: the words that name a département by its number. */
const DEPARTEMENT_NUMBER = /(?<![\p{L}\d])(dans le|pour le|sur le|tout le|hors du|au sein du|du)\s+(\d{2,3}|2[AB])(?![\p{L}\d]|[.,/:-]\d)/giu;

/** Départements a question names by their number (« dans le 62 » → 62, Pas-de-Calais), each once. */
export function departementsNamed(question: string): { number: string; name: string }[] {
  const named: { number: string; name: string }[] = [];
  for (const match of question.matchAll(DEPARTEMENT_NUMBER)) {
    const number = match[2]!.toUpperCase();
    const name = DEPARTEMENTS.get(number);
    // « l'article 13 du 12 juin », « dans le 62 % des cas »: a date, a count or a rank, not a place.
    if (!name || NOT_A_DEPARTEMENT.test(foldText(question.slice(match.index + match[0].length)))) continue;
    if (!named.some((entry) => entry.number === number)) named.push({ number, name });
  }
  return named;
}
