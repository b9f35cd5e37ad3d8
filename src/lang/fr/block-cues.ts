/**
 * What a question asks for, as data: each row names a kind of labelled block that French
 * administrative documents share (the actors of an objective, its actions, its means, a fiche's
 * budget or target public…), the question phrasings that ask for it, and the words a block's
 * label holds. A question firing a row is answered by the block so labelled, whole.
 *
 * Patterns read the folded question (lower case, no accents, apostrophes unified).
 */
export interface BlockCue {
  id: string;
  /** Question phrasings asking for this kind of block. */
  asks: RegExp;
  /** Stems (see `analyze`) one of which a block's label must hold. */
  labelWords: string;
}

export const BLOCK_CUES: readonly BlockCue[] = [
  {
    id: 'block.actors',
    asks: /\b(acteurs?|partenaires?|intervenants?|parties prenantes|c'?est qui|qui (sont|intervien\w*|mobilis\w*|particip\w*|agi\w*|s'?en occupe)|qui (on|je|peut-on) (peut |doit )?(mobiliser|contacter|solliciter)|avec qui)\b/,
    labelWords: 'acteurs partenaires intervenants mobiliser',
  },
  {
    id: 'block.actions',
    asks: /\b(actions?|pistes?|que faire|quoi faire|envisag\w*|prevu(e|es|s)? de faire|leviers? d'?action|initiatives?)\b(?!\s*(n\s*°|#)?\s*\d)/,
    labelWords: 'actions pistes',
  },
  {
    id: 'block.means',
    asks: /\b(dispositifs?|moyens|fonds|outils?|financements?|aides?|ressources)\b/,
    labelWords: 'moyens dispositifs financements outils ressources',
  },
  {
    id: 'block.budget',
    asks: /\b(budget\w*|montants?|cout\w*|combien .*(euros|€)|plan de financement|enveloppe)\b/,
    labelWords: 'budget financement montant cout enveloppe',
  },
  {
    id: 'block.public',
    asks: /\b(public|publics|beneficiaires?|pour qui|a qui|qui peut|cibles?|destinataires?)\b/,
    labelWords: 'public publics beneficiaires cible',
  },
  {
    id: 'block.territory',
    asks: /\b(territoires?|sur quel(le)?s? (quartiers?|communes?|secteurs?)|ou (se situe|a lieu|se deroule))\b/,
    labelWords: 'territoire quartiers perimetre',
  },
  {
    id: 'block.calendar',
    asks: /\b(calendrier|echeancier|echeances?|quand|duree|planning|delais?)\b/,
    labelWords: 'calendrier echeancier duree planning',
  },
  {
    id: 'block.indicators',
    asks: /\b(indicateurs?|evaluation|evaluer|mesurer les resultats|suivi)\b/,
    labelWords: 'indicateurs evaluation suivi',
  },
  {
    id: 'block.goals',
    asks: /\b(objectifs?|buts?|finalites?|enjeux?)\b(?!\s*(n\s*°|#|no)?\s*\d)/,
    labelWords: 'objectifs finalites enjeux',
  },
  {
    id: 'block.governance',
    asks: /\b(gouvernance|pilot\w*|comites?|instances?|qui decide|copil|cotech)\b/,
    labelWords: 'gouvernance pilotage comite instances',
  },
  {
    id: 'block.commitments',
    asks: /\b(engag\w*|s'?engage|contribu\w*|apport\w*)\b/,
    labelWords: 'engagements contribution engage',
  },
  {
    id: 'block.contact',
    // « joindre au dossier » is to attach a document, not to reach someone.
    asks: /\b(contacts?|referents?|interlocuteurs?|coordonnees|joindre(?!\s+(?:quoi\s+)?(?:au|a la|aux|a|en)\s+(?:\S+\s+)?(?:dossier|demande|candidature|formulaire|envoi)))\b/,
    labelWords: 'contact referent interlocuteur coordonnees',
  },
];
