/**
 * Requests outside what any corpus of public-policy documents answers, as data: the weather, a
 * cooking recipe, sports results, entertainment. Without this, the closest passage wins (a
 * budget line for « recette », an intervention frequency for « week-end »). Patterns read the
 * folded question (lower case, no accents, apostrophes unified); each cue has an id reported in
 * `ask --json`.
 */
export interface OffTopicCue {
  id: string;
  /** What the refusal says the question is about. */
  topic: string;
  asks: RegExp;
}

const FOODS =
  'cuisine|gateaux?|crepes?|gaufres?|tartes?|soupes?|cookies?|pates|poulet|boeuf|poisson|salade|quiche|pizza|flan|cake|biscuits?|confiture|sauce|dessert|carbonnade|welsh|maroilles|potjevleesch|frites';

/** Leisure and waste facilities whose opening hours the town publishes, not a contract (folded). */
const FACILITIES = 'piscine|dechetterie|decheterie|mediatheque|bibliotheque|musee|cinema|patinoire|salle de sport';

/**
 * Products and trades people ask a colleague to recommend (folded). A « garage solidaire », an
 * « application de la convention » are the documents' own words: not here.
 */
const CONSUMER_GOODS = 'romans?(?! photo)|bouquins?|assurances? (?:auto|voiture|habitation)|garages?(?! solidaires?)|garagistes?|mecaniciens?|plombiers?|coiffeurs?|vpn|site de rencontre';
/** Things a project may also make or fund (« des podcasts réalisés par les jeunes »): a recommendation only with « bon » or « conseiller ». */
const AMBIGUOUS_GOODS = 'applis?|livres?|podcasts?|jeux? video|logiciels?';
/** « tu peux me conseiller », « tu me recommandes »: asked for a recommendation. */
const ASK_TO_RECOMMEND = "(?:(?:tu peux|tu pourrais|peux-tu|pourrais-tu|vous pouvez|pouvez-vous) (?:me |m'|nous )?(?:conseiller|recommander)|tu (?:me |nous )?(?:conseilles|recommandes))";
/** « tu peux m'indiquer »: asked to point one out. */
const ASK_TO_POINT = "(?:tu peux|tu pourrais|peux-tu|pourrais-tu|vous pouvez|pouvez-vous) (?:me |m'|nous )?indiquer";
/** « tu connais », « t'as »: asked whether the assistant knows one. */
const KNOWS_ONE = "(?:tu connais|t'as|tu as|tu aurais|t'aurais)";
/** The article before what is recommended. */
const ARTICLE = '(?:un |une |des )';
/** « bon », « super »: the quality a recommendation asks for. */
const GOOD = '(?:bon |bonne |bons |bonnes |super |chouette )';

export const OFF_TOPIC_CUES: readonly OffTopicCue[] = [
  {
    id: 'off-topic.weather',
    topic: 'la météo',
    // « il va faire beau samedi ? », « fera-t-il froid demain ? »: the weather to come, said with
    // « faire »; « il fait froid dans les logements » is a housing question.
    asks: /\b(meteo|previsions? meteo|quel temps (va-t-il|fait-il|fera-t-il|il va faire|il fait|il fera)|temps qu'il (fait|fera|va faire)|va-t-il (pleuvoir|neiger)|il va (pleuvoir|neiger)|il pleut|(il va|va-t-il) faire beau|(il fera|fera-t-il) (beau|chaud|froid|mauvais)|(il va|va-t-il) faire (chaud|froid|mauvais) (demain|ce week-end|ce weekend|samedi|dimanche|cette semaine|aujourd'hui|ce soir|cet apres-midi)|temperatures? (demain|aujourd'hui|ce week-end|cette semaine))\b/,
  },
  {
    id: 'off-topic.recipe',
    topic: 'la cuisine',
    asks: new RegExp(
      // A recipe of something asked of the assistant (« tu aurais une recette de flamiche… ») is
      // cooking whatever the dish; « une recette pour mobiliser les habitants », « la recette
      // fiscale » are not.
      `\\b(recettes? (de (la |l'|les |des )?|du |des |d'une? |pour (faire )?(une? |des |la |le )?)(${FOODS})|(${FOODS}) maison|ingredients? (pour|de la|du|des)|temps de cuisson|faire cuire|(tu as|t'as|tu aurais|t'aurais|tu connais|tu peux me donner|tu pourrais me donner|donne-moi|donne moi) (une |la |ta )?(bonne )?recettes? (de |du |des |d'))`,
    ),
  },
  {
    id: 'off-topic.sports',
    topic: 'le sport',
    asks: /\b(match (de |du )?(foot|football|rugby|basket|hand|tennis)|qui a gagne (le|la|hier)|score (du|de la) (match|finale)|resultats? (du|des) match)/,
  },
  {
    // Personal civil-status and identity procedures are the town hall's counter, not a contract's.
    id: 'off-topic.paperwork',
    topic: 'une démarche administrative personnelle',
    asks: /\b(passeport|carte d'identite|carte nationale d'identite|carte grise|acte de naissance|livret de famille|declaration (d'impots|de revenus)|permis de conduire (perdu|vole)|renouveler (mon|ma|son|sa) (passeport|carte))\b/,
  },
  {
    // Help with a computer, a phone or office software: the IT desk's, not a contract's.
    id: 'off-topic.computing',
    topic: 'l’informatique',
    asks: /\b((mot de passe|code|cle) (du |de la |pour le )?(wifi|wi-fi|box)|(mon|l') imprimante (ne |marche|bloque|est en panne|imprime)|reponse automatique|message d'absence|outlook|carte graphique|pc gamer|(mettre a jour|installer) windows|windows (bug|plante|ne demarre)|mon ordinateur|mon ordi|mon telephone (bug|plante|marche))\b/,
  },
  {
    // The asker's own leave, pay slip or expenses: their employer's HR, not a public-policy document.
    id: 'off-topic.hr',
    topic: 'une démarche RH personnelle',
    asks: /\b(((?:je|j'|on) (?:pose|peux poser|dois poser|veux poser|voudrais poser)|comment (?:je|on) pose|poser mes) (des |mes |un |une )?(rtt|conges|jours de conge|jour de conge)|mes (rtt|conges)|logiciel (rh|de gestion des temps)|(ma|mon) (fiche|bulletin) de paie|(ma|mes) notes? de frais|(mon|mes) solde de conges|(ma|mon) (mutuelle|prevoyance) (d'entreprise|du travail))\b/,
  },
  {
    // Something personal the assistant is asked to write or make (« rédige-moi une lettre de
    // motivation »): what a contract says is asked of the documents, not written for the asker.
    id: 'off-topic.writing',
    topic: 'une rédaction personnelle',
    asks: /\b((redige|ecris|genere|fais)(-| )moi|(tu peux|tu pourrais|peux-tu|pourrais-tu) me (rediger|ecrire|generer|faire|composer)) (une |un |mon |ma )?(lettre de motivation|cv|poeme|poesie|chanson|discours|mot d'excuse|mot de passe|carte d'anniversaire|message d'anniversaire|blague)\b/,
  },
  {
    // Where to eat, what to buy, how to travel: advice a Slack user asks a colleague, not a corpus.
    id: 'off-topic.advice',
    topic: 'un conseil personnel',
    asks: /\b((bon|un bon|une bonne) (resto|restaurant|brasserie|boulangerie|hotel)|resto (a|pour|ce|le)|restaurant pour (midi|ce soir|le dejeuner)|ou (manger|dejeuner|diner) (a|ce|le|pour)|(quel|quelle) (telephone|smartphone|ordinateur|pc|voiture|television|tele) (acheter|choisir|prendre)|(tu me conseilles|tu conseilles|vous conseillez) (quel|quelle|quoi comme) (telephone|smartphone|ordinateur|pc|voiture|carte|television|tele|film|serie)|horaires? (du|des) trains?|(acheter|reserver|prendre) (un|mon|des) billets? de train)\b/,
  },
  {
    // A product or a tradesman recommended to the asker (« tu peux me conseiller une bonne appli »,
    // « tu connais un bon garagiste »): a colleague's tip, never a public-policy document's.
    id: 'off-topic.recommendation',
    topic: 'une recommandation personnelle',
    asks: new RegExp(
      `\\b(?:${ASK_TO_RECOMMEND}|${ASK_TO_POINT}|${KNOWS_ONE}) ${ARTICLE}?${GOOD}?(?:${CONSUMER_GOODS})\\b|\\b${ASK_TO_RECOMMEND} ${ARTICLE}?${GOOD}?(?:${AMBIGUOUS_GOODS})\\b|\\b${KNOWS_ONE} ${ARTICLE}?${GOOD}(?:${AMBIGUOUS_GOODS})\\b`,
    ),
  },
  {
    // Opening hours of a leisure or waste facility (« les horaires de la déchetterie ») belong to
    // the town's website; a contract gives its own services' hours (« la permanence du délégué »).
    id: 'off-topic.hours',
    topic: 'les horaires d’un équipement',
    // Not when the documents' side of it is asked (« le contrat prévoit d'élargir les horaires de
    // la médiathèque ? »).
    asks: new RegExp(
      `^(?!.*\\b(?:elargi|etend|etendu|allong|amplitude|prevoi|prevu|contrat|convention|financ|apprenant))(?:.*\\b(?:horaires?(?: d'ouverture)?|heures? d'ouverture) (?:de la |du |des |de l')?(?:${FACILITIES})\\b|.*\\ba quelle heure (?:ferme|ouvre)(?:-t-elle|-t-il)? (?:la |le |l')(?:${FACILITIES})\\b|.*\\b(?:la |le |l')(?:${FACILITIES}) (?:ouvre|ferme) a quelle heure\\b)`,
    ),
  },
  {
    // Arithmetic on money outside any document (« convertis 250 dollars en euros »).
    id: 'off-topic.currency',
    topic: 'une conversion de devises',
    asks: /\b(?:convertir|convertis|change[rz]?) (?:\d[\d\s.,]*|des |mes )?(?:dollars?|livres? sterling|yens?|francs suisses|euros?) (?:en|vers) (?:euros?|dollars?)\b|\btaux de change (?:du jour|actuel|aujourd'hui|du dollar|de la livre|du yen)\b/,
  },
  {
    // The assistant asked to book something (« tu peux me réserver la salle jeudi ? »): it reads
    // documents, it books nothing.
    id: 'off-topic.booking',
    topic: 'une réservation',
    asks: /\b(?:tu peux|tu pourrais|peux-tu|pourrais-tu|vous pouvez|pouvez-vous) (?:me |m'|nous )(?:reserver|booker) (?:la |le |une |un |des )?(?:salles?|tables?|billets?|places?|creneaux?|voitures?|vehicules?|minibus|bureaux?)\b/,
  },
  {
    id: 'off-topic.entertainment',
    topic: 'les loisirs',
    asks: /\b(horoscope|raconte(-moi)? une blague|une blague|quel film|bon film|serie (a regarder|tele)|programme tele)\b/,
  },
];

/** The off-topic cue a question matches, if any. */
export function offTopicCueOf(folded: string): OffTopicCue | undefined {
  return OFF_TOPIC_CUES.find((cue) => cue.asks.test(folded));
}
