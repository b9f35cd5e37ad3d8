/**
 * People in questions and texts: « Qui signe… ? », « qui dirige… ? » ask for a person, and
 * official documents name people as « Monsieur Jacques BILLANT » or « Angélique DERISBOURG ».
 */
import { foldText } from './normalize.js';

/** True when the question asks who (a person), not who may (« qui peut » is eligibility). */
export function asksForPerson(question: string): boolean {
  const folded = foldText(question).replace(/[’']/g, "'");
  if (/\bqui (peut|peuvent|doit|doivent)\b/.test(folded)) return false;
  return /(^|[.?!:]\s*|\bet\s+)(?:(?:a|par|aupres de|avec|pour)\s+)?qui\b/.test(folded) || /\b(c qui|c'est qui|quelle personne|nom du|nom de la)\b/.test(folded);
}

/**
 * Whether the question asks for someone's name itself (« comment s'appelle… », « son nom »,
 * « qui est le délégué du préfet »): a role (« le préfet ») does not answer it.
 */
const THING_NAMED =
  /\b(?:ca|cela|ce truc) s'appelle\b|\bs'appellen?t?\s+(?:le|la|l'|les|ce|cette|ces)\s*(?:dispositif|programme|action|projet|association|asso|structure|fonds|plateforme|appel|site|outil|document|convention|aide|prime|service|centre|equipement)s?\b/;

/** « le nom de l'action », « le nom du dispositif »: a thing's name, not a person's. */
const NAME_OF_THING =
  /\ble nom (?:du|de la|de l'|des)\s*(?:dispositif|programme|action|projet|association|asso|structure|fonds|plateforme|appel|site|outil|document|convention|aide|prime|service|centre|equipement|fichier|dossier|quartier|qpv)s?\b/;

export function asksForName(question: string): boolean {
  const folded = foldText(question).replace(/[’']/g, "'");
  // « ça s'appelle comment ? », « comment s'appelle le dispositif ? » ask a thing's name, not a
  // person's; « le directeur de l'association, il s'appelle comment ? » asks a person's.
  if (THING_NAMED.test(folded)) return false;
  return (
    (/\b(s'appelle|s'appellent|son nom|leur nom|le nom (du|de la|de l'|des)|nom et prenom|coordonnees de)\b/.test(folded) && !NAME_OF_THING.test(folded)) ||
    /\bqui est (le|la|l') (delegue|deleguee|directeur|directrice|referent|referente|chef|cheffe|responsable|correspondant|correspondante|coordinateur|coordinatrice)\b/.test(folded)
  );
}

const CIVILITY = /\b(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame)\s+[A-ZÀ-Ý][\p{L}'-]+/u;
/** « Jacques BILLANT », « Georges-François LECLERC », « Angélique DERISBOURG ». */
const FIRST_AND_SURNAME = /(?<![\p{L}])([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)[ ]+[A-ZÀ-Ý]{3,}(?:[- ][A-ZÀ-Ý]{2,})*(?![\p{L}])/gu;
/** Capitalised words that open « La CAF », « Pôle EMPLOI », « Contrat QPV »: not first names. */
const NOT_FIRST_NAMES = new Set(
  'la le les des du de un une et ou pour avec par sur dans en au aux ce cette ces son sa ses leur leurs notre votre via vers chez selon entre sans sous contrat ville region departement france cartographie budget agglomeration source sources realisation carte tableau total pole programme plan fonds projet dispositif action axe objectif enjeu annexe article service direction agence mission maison centre conseil comite reseau ecole college quartier quartiers cite territoire commune communes etat prefet prefecture president presidente directeur directrice madame monsieur'.split(
    ' ',
  ),
);

export function hasPersonName(text: string): boolean {
  if (CIVILITY.test(text)) return true;
  for (const match of text.matchAll(FIRST_AND_SURNAME)) if (!NOT_FIRST_NAMES.has(foldText(match[1]!))) return true;
  return false;
}
