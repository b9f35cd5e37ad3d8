/**
 * The register gap between how people ask and how administrative French writes, as data. A user
 * asks « elle court jusqu'à quand », « qui signe », « c'est versé en une fois ? », « montant max »;
 * the convention writes « prend fin le », « représenté par », « acompte … solde », « plafond ».
 * Each row names one such everyday way of asking and the words documents use for the same thing;
 * a question matching a row searches those words too, at a low weight (SEARCH_TUNING.registerTermWeight),
 * so they rank a passage written in the document's register without outweighing the question's own words.
 *
 * A row asks in everyday words only: a question already in the documents' words (« durée »,
 * « plafond ») needs nothing. Rows are written from the usage of French administrative texts (conventions, délibérations,
 * contrats, règlements, codes), not from any gold question. Patterns read the folded question
 * (lower case, no accents, apostrophes unified).
 */
export interface RegisterRow {
  id: string;
  /** Everyday phrasings of the question. */
  asks: RegExp;
  /** Words administrative texts use for it (analysed like any text). */
  documentWords: string;
  /** Questions that ask so, as typed: the tests check each fires its row and no other. */
  examples: readonly string[];
}

export const REGISTER_ROWS: readonly RegisterRow[] = [
  {
    id: 'register.duration',
    examples: ["la convention elle court jusqu'à quand ?", 'ça dure combien de temps'],
    asks: /\b(jusqu'?a quand|combien de temps|ca dure|elle dure|il dure|dure combien|court jusqu|valable jusqu|expire|se termine|finit quand|prend fin)\b/,
    documentWords: 'durée prend fin terme échéance expire conclue pour une durée',
  },
  {
    id: 'register.start',
    examples: ["a partir de quand ça s'applique ?"],
    // « depuis quand » asks when something began in the past (« instauré en 2001 »), not a start date.
    asks: /\b(a partir de quand|commence quand|debute quand|entre en vigueur quand|demarre quand)\b/,
    documentWords: 'prend effet entrée en vigueur à compter',
  },
  {
    id: 'register.signature',
    examples: ['qui a signé la convention ?', 'elle a été signée quand ?'],
    // Who signed, or when: « doivent signer une convention » asks which parties, not the signature block.
    asks: /\b(qui (a |ont |les? )?(signe|signent|signera)|(signe|signee|signes|signees) (quand|le|par qui)|quand .*\b(signe|signee|signes|signees)|date de signature)\b/,
    documentWords: 'signataires signature fait à représenté par soussignés',
  },
  {
    id: 'register.deadline',
    examples: ['date limite pour déposer ?'],
    asks: /\b(date limite|deadline|avant quand|dernier delai|au plus tard|jusqu'?a quand (pour|on peut) (deposer|envoyer|candidater|repondre))\b/,
    documentWords: 'date limite au plus tard clôture dépôt',
  },
  {
    id: 'register.maximum',
    examples: ['montant max ?', "c'est plafonné jusqu'à combien"],
    asks: /\b(max|maxi|au plus|jusqu'?a combien|pas plus de|ne pas depasser)\b/,
    documentWords: 'plafond maximum plafonné excéder',
  },
  {
    id: 'register.minimum',
    examples: ['il faut au moins combien de salariés ?'],
    asks: /\b(min|mini|au moins|pas moins de)\b/,
    documentWords: 'minimum plancher inférieur',
  },
  {
    id: 'register.payment',
    examples: ['la subvention est versée en une fois ?'],
    asks: /\b(en une (seule )?fois|en plusieurs fois|en deux fois|tranches?|on (est|sera) paye|on touche l'?argent|l'?argent arrive|verse(e|es)? quand|paye(e|es)? quand)\b/,
    documentWords: 'versement versée avance acompte solde modalités de versement',
  },
  {
    id: 'register.repayment',
    examples: ["faut-il rembourser si l'action n'a pas lieu ?"],
    asks: /\b(rembours\w*|rendre l'?argent|rendre les sous|redonner l'?argent|rendre la subvention)\b/,
    documentWords: 'reversement reverser remboursement restitution',
  },
  {
    id: 'register.termination',
    examples: ['comment on peut sortir de la convention ?'],
    asks: /\b(sortir de|arreter la convention|mettre fin|rompre|annuler la|se retirer|casser la convention|sortir du)\b/,
    documentWords: 'résiliation résilier dénonciation préavis',
  },
  {
    id: 'register.hiring',
    examples: ['on peut embaucher un jeune ?'],
    asks: /\b(embaucher|recruter|engager (quelqu'?un|une personne)|prendre (quelqu'?un|une personne)|employer (quelqu'?un|une personne))\b/,
    documentWords: 'recrutement embauche employeur contrat de travail poste',
  },
  {
    id: 'register.working-time',
    examples: ["c'est un temps plein ?"],
    asks: /\b(temps plein|plein temps|mi-?temps|temps partiel|combien d'?heures)\b/,
    documentWords: 'temps complet temps partiel durée hebdomadaire heures',
  },
  {
    id: 'register.jobseekers',
    examples: ['combien de chomeurs dans le quartier'],
    asks: /\b(chomeurs?|au chomage|sans emploi|sans boulot|sans travail)\b/,
    documentWords: "demandeurs d'emploi chômage",
  },
  {
    id: 'register.work',
    examples: ['trouver du boulot'],
    asks: /\b(boulot|taf|bosser|job)\b/,
    documentWords: 'emploi travail',
  },
  {
    id: 'register.money',
    examples: ["ils mettent combien d'argent"],
    asks: /\b(argent|sous|thunes?|fric|pognon)\b/,
    documentWords: 'financement subvention crédits montant',
  },
  {
    id: 'register.vote',
    examples: ['ça a été voté quand ?'],
    asks: /\b(vote(e|es|s)?|voter|votent|valide(e|es|s)?)\b/,
    documentWords: 'délibéré adopté approuvé unanimité voix pour contre abstention',
  },
  {
    id: 'register.meeting',
    examples: ['le comité se réunit tous les combien ?'],
    asks: /\b(se reunit|se reunissent|se voit|se voient|se rencontrent|combien de fois par an|frequence des reunions)\b/,
    documentWords: 'réunit séance réunion',
  },
  {
    id: 'register.documents',
    examples: ['quels papiers pour la demande'],
    asks: /\b(papiers|quoi fournir|quoi envoyer|quoi joindre|quels documents|quelles pieces)\b/,
    documentWords: 'pièces justificatives dossier fournir joindre',
  },
  {
    id: 'register.who-pays',
    examples: ['qui paie le poste ?'],
    asks: /\bqui (paye|paie|finance|met l'?argent|prend en charge|rembourse)\b/,
    documentWords: 'financeur financement pris en charge cofinancement',
  },
  {
    // How people name their legal status (« je suis auto-entrepreneur », « on est un collectif,
    // pas une asso »); rules name the category (« personnes physiques », « associations de fait »).
    id: 'register.self-employed',
    examples: ['je suis auto entrepreneur, je peux candidater ?', 'en freelance ça passe ?'],
    asks: /\b(auto[- ]?entrepreneurs?|micro[- ]?entrepreneurs?|freelances?|independants?|a mon compte)\b/,
    documentWords: 'micro-entrepreneur entreprise individuelle personnes physiques entreprises commerciales',
  },
  {
    id: 'register.informal-group',
    examples: ["on est un groupe d'habitants, pas une asso", 'un collectif de voisins peut demander ?'],
    asks: /\b(groupes? d'?habitants|collectifs? (de voisins|d'?habitants)|pas (une|en) asso\w*|entre voisins|quelques voisins|des voisins)\b/,
    documentWords: 'association de fait collectif habitants personnes physiques non déclarée',
  },
  {
    id: 'register.town-hall',
    examples: ['la mairie participe ?'],
    asks: /\b(mairie|la mairie)\b/,
    documentWords: 'commune ville maire',
  },
  {
    id: 'register.social-housing',
    examples: ['les hlm du quartier'],
    asks: /\b(hlm|logement social|logements sociaux|appart\w*)\b/,
    documentWords: 'logement social bailleurs sociaux locatif',
  },
  {
    id: 'register.safety',
    examples: ['les problèmes de deal en bas des tours'],
    asks: /\b(flics?|police|insecurite|deal|dealers?|trafics?|incivilites?)\b/,
    documentWords: 'sécurité tranquillité prévention délinquance',
  },
  {
    id: 'register.poverty',
    examples: ['combien de pauvres'],
    asks: /\b(pauvres?|precaires?|fauches?|bas revenus)\b/,
    documentWords: 'pauvreté précarité revenus',
  },
  {
    id: 'register.young',
    examples: ['activités pour les ados'],
    asks: /\b(ados?|gamins?|gosses|minots?)\b/,
    documentWords: 'jeunes adolescents enfants jeunesse',
  },
  {
    id: 'register.elderly',
    examples: ['les personnes agées isolées'],
    asks: /\b(vieux|personnes agees|anciens|papis?|mamies?)\b/,
    documentWords: 'seniors âgées vieillissement',
  },
  {
    id: 'register.transport',
    examples: ['pas de bus le dimanche'],
    asks: /\b(bus|se deplacer|bouger|transports?|voiture|permis de conduire)\b/,
    documentWords: 'mobilité transport déplacements',
  },
  {
    id: 'register.health',
    examples: ['trouver un médecin'],
    asks: /\b(medecins?|docteurs?|toubibs?|se soigner|soins)\b/,
    documentWords: 'santé accès aux soins médecins',
  },
];
