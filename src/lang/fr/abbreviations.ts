/**
 * Abbreviations French administrative writing and fast typing use, as data. Word abbreviations
 * (« Clos St Jean ») are read as the word at analysis, in texts and questions alike. Conventional
 * acronyms (« COPIL », « AAP ») are syllables or keep « à », so initials alone cannot find their
 * long form; a corpus that writes the long form knows the acronym (src/ingest/glossary.ts).
 */

/** Folded abbreviation → folded word. */
export const WORD_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['sts', 'saints'],
  ['bd', 'boulevard'],
  ['av', 'avenue'],
]);

/** Replaces word abbreviations in folded text (« clos st jean » → « clos saint jean »). */
export function expandWordAbbreviations(folded: string): string {
  return folded.replace(/\b(st|ste|sts|bd|av)\b(?!['’])/g, (word) => WORD_ABBREVIATIONS.get(word) ?? word);
}

/** Acronyms of French public administration whose letters are not the long form's initials. */
export const CONVENTIONAL_ACRONYMS: readonly { term: string; expansions: readonly string[] }[] = [
  { term: 'AAP', expansions: ['appel à projets', 'appels à projets', 'appel à projet'] },
  { term: 'AMI', expansions: ["appel à manifestation d'intérêt", "appels à manifestation d'intérêt"] },
  { term: 'COPIL', expansions: ['comité de pilotage', 'comités de pilotage'] },
  { term: 'COTECH', expansions: ['comité technique', 'comités techniques'] },
  { term: 'COMEX', expansions: ['comité exécutif'] },
  { term: 'CR', expansions: ['compte rendu', 'compte-rendu', 'comptes rendus'] },
  // Two letters are too few to be read from any corpus's initials; « CV » and « cdv » are how
  // people of the field write « contrat de ville ».
  { term: 'CV', expansions: ['contrat de ville', 'contrats de ville'] },
  { term: 'CDV', expansions: ['contrat de ville', 'contrats de ville'] },
  { term: 'ODJ', expansions: ['ordre du jour'] },
  // « les crédits PV », « le chef de projet PV »: the field's shorthand for la politique de la
  // ville, when the corpus has no procès-verbal to mean.
  { term: 'PV', expansions: ['procès-verbal', 'procès verbal', 'politique de la ville'] },
  { term: 'AG', expansions: ['assemblée générale'] },
  { term: 'CA', expansions: ["conseil d'administration"] },
  { term: 'CM', expansions: ['conseil municipal'] },
  { term: 'CC', expansions: ['conseil communautaire'] },
  { term: 'DELIB', expansions: ['délibération'] },
  { term: 'CONV', expansions: ['convention'] },
  { term: 'AMO', expansions: ["assistance à maîtrise d'ouvrage"] },
  { term: 'MOA', expansions: ["maîtrise d'ouvrage", "maître d'ouvrage"] },
  { term: 'MOE', expansions: ["maîtrise d'œuvre", "maître d'œuvre"] },
  // « BOP 147 » is « le programme 147 » of the State budget.
  { term: 'BOP', expansions: ['budget opérationnel de programme', 'programme 147', 'programme politique de la ville'] },
  { term: 'CPO', expansions: ["convention pluriannuelle d'objectifs"] },
  { term: 'ETP', expansions: ['équivalent temps plein', 'équivalents temps plein'] },
  { term: 'HT', expansions: ['hors taxes'] },
  { term: 'TTC', expansions: ['toutes taxes comprises'] },
  // Acronyms every reader of French public policy knows, which a corpus often writes only in full
  // (« la Région Hauts-de-France », « publié au Journal officiel »): known as soon as it does.
  { term: 'HDF', expansions: ['Hauts-de-France'] },
  { term: 'JO', expansions: ['Journal officiel'] },
  { term: 'JORF', expansions: ['Journal officiel'] },
  { term: 'SARL', expansions: ['société à responsabilité limitée'] },
  { term: 'SAS', expansions: ['société par actions simplifiée'] },
  { term: 'MDPH', expansions: ['maison départementale des personnes handicapées'] },
  { term: 'EHPAD', expansions: ["établissement d'hébergement pour personnes âgées dépendantes"] },
  { term: 'PMI', expansions: ['protection maternelle et infantile'] },
  { term: 'ASE', expansions: ["aide sociale à l'enfance"] },
  { term: 'AAH', expansions: ['allocation aux adultes handicapés'] },
  { term: 'APL', expansions: ['aide personnalisée au logement'] },
  { term: 'RQTH', expansions: ['reconnaissance de la qualité de travailleur handicapé'] },
  { term: 'SMIC', expansions: ['salaire minimum interprofessionnel de croissance', 'salaire minimum de croissance'] },
  { term: 'CDI', expansions: ['contrat à durée indéterminée'] },
  { term: 'CDD', expansions: ['contrat à durée déterminée'] },
  { term: 'ESS', expansions: ['économie sociale et solidaire'] },
  { term: 'IAE', expansions: ["insertion par l'activité économique"] },
  { term: 'SIAE', expansions: ["structure d'insertion par l'activité économique", "structures d'insertion par l'activité économique"] },
  { term: 'ACI', expansions: ["atelier et chantier d'insertion", "ateliers et chantiers d'insertion", "ateliers chantiers d'insertion"] },
  { term: 'CHRS', expansions: ["centre d'hébergement et de réinsertion sociale", "centres d'hébergement et de réinsertion sociale"] },
  { term: 'DALO', expansions: ['droit au logement opposable'] },
  { term: 'CCAS', expansions: ["centre communal d'action sociale"] },
  { term: 'CIAS', expansions: ["centre intercommunal d'action sociale"] },
  { term: 'EPCI', expansions: ['établissement public de coopération intercommunale', 'établissements publics de coopération intercommunale'] },
  { term: 'EPLE', expansions: ["établissement public local d'enseignement", "établissements publics locaux d'enseignement"] },
  { term: 'CGCT', expansions: ['code général des collectivités territoriales'] },
  { term: 'CGI', expansions: ['code général des impôts'] },
  { term: 'CASF', expansions: ["code de l'action sociale et des familles"] },
  { term: 'DSU', expansions: ['dotation de solidarité urbaine'] },
  { term: 'DPV', expansions: ['dotation politique de la ville'] },
  { term: 'ANCT', expansions: ['Agence nationale de la cohésion des territoires'] },
  { term: 'ANRU', expansions: ['Agence nationale pour la rénovation urbaine'] },
  { term: 'NPNRU', expansions: ['nouveau programme national de renouvellement urbain'] },
  { term: 'CPAM', expansions: ["caisse primaire d'assurance maladie"] },
  { term: 'MSA', expansions: ['mutualité sociale agricole'] },
  // « QPV » is not the initials of what legal texts write in full (« quartiers prioritaires de la
  // politique de la ville »), yet every reader of the field types it.
  { term: 'QPV', expansions: ['quartier prioritaire de la politique de la ville', 'quartiers prioritaires de la politique de la ville', 'quartier prioritaire', 'quartiers prioritaires'] },
];

/**
 * Shorthand of fast typing (« combien d'heures pr un adulte relais », « nb de qpv »), read as
 * the word in questions only: in a document, « DS » or « PR » may be an acronym. Folded, typed
 * in lower case.
 */
export const CASUAL_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['pr', 'pour'],
  ['ds', 'dans'],
  ['qd', 'quand'],
  ['nb', 'nombre'],
  ['cmb', 'combien'],
  ['tt', 'tout'],
  ['tte', 'toute'],
  ['ttes', 'toutes'],
  ['bcp', 'beaucoup'],
  ['qqn', "quelqu'un"],
  ['qqch', 'quelque chose'],
  ['pq', 'pourquoi'],
  ['pk', 'pourquoi'],
  ['dc', 'donc'],
  ['ms', 'mais'],
  ['logt', 'logement'],
  ['logts', 'logements'],
  ['lgt', 'logement'],
  ['lgts', 'logements'],
  ['dept', 'département'],
  ['dpt', 'département'],
  ['rdv', 'rendez-vous'],
  ['pop', 'population'],
  ['hab', 'habitants'],
  ['cat', 'catégorie'],
  ['nbr', 'nombre'],
  ['tx', 'taux'],
  ['mtt', 'montant'],
]);

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest first, so that one abbreviation is never read as the start of a longer one. */
const CASUAL_WORD = new RegExp(
  `(?<![\\p{L}\\d'’])(${[...CASUAL_ABBREVIATIONS.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escaped)
    .join('|')})(?![\\p{L}\\d'’])`,
  'giu',
);

/** A question with its lower-case shorthand written out (« heures pr un adulte » → « heures pour un adulte »). */
export function expandCasualAbbreviations(question: string): string {
  return question.replace(CASUAL_WORD, (word) => {
    // « Rdv » opening a sentence is the word; « DS » or « PR » in capitals is an acronym.
    if (word.length > 1 && word === word.toUpperCase()) return word;
    const expansion = CASUAL_ABBREVIATIONS.get(word.toLowerCase());
    if (!expansion) return word;
    return word[0] === word[0]!.toUpperCase() ? expansion[0]!.toUpperCase() + expansion.slice(1) : expansion;
  });
}
