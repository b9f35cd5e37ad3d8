/**
 * Follow-ups (« et pour l'objectif 19 ? », « et la CAF ? ») are read against the previous
 * question: what the new message names replaces what the old one named, the rest is kept.
 */
import { isStopWord } from '../lang/fr/analyzer.js';
import { ACTORS, actorsNamed, withoutActors } from '../lang/fr/actors.js';
import { foldText } from './question-text.js';
import { familyOfWord, referenceKeyOfLabel } from './query-understanding.js';
import type { ConversationTurn } from '../core/answer.js';
import { FIGURE_QUALIFIERS } from '../lang/fr/figure-kinds.js';

const FOLLOW_UP_START = /^(et|ou|mais|aussi|idem|pareil|meme chose|et pour|et dans|et sur|et si|et concernant|et au sujet)\b/;
const QUESTION_WORD = /\b(quel|quelle|quels|quelles|qui|quoi|comment|combien|pourquoi|ou|quand|est-ce|peut|peuvent|c'est|qu'est)\b/;
/** The words naming a numbered family, as follow-ups type them (one list for every pattern below). */
const FAMILY_WORDS = 'objectif|obj|axe|action|fiche|article|annexe|enjeu|ambition|mesure';
const FAMILY_WORD = new RegExp(`\\b(${FAMILY_WORDS})s?\\b`, 'i');
const REFERENCE = new RegExp(`\\b(${FAMILY_WORDS})s?\\.?\\s*(?:n\\s*°|no|#)?\\s*\\d+(?:\\.\\d+)*`, 'gi');

/** Whether a question names a numbered section of its own (« et l'action 3.4 ? »). */
export function namesReference(question: string): boolean {
  return new RegExp(REFERENCE.source, 'i').test(question);
}
/** Names: capitalised words not starting the sentence, acronyms, numbered references. */
const NAMED = /\b([A-ZÀ-Ý][A-Za-zÀ-ÿ'-]+(?:\s+(?:de|du|des|la|le|d'|l')?\s*[A-ZÀ-Ý][A-Za-zÀ-ÿ'-]+)*)/g;

/**
 * A question whose subject is a pronoun (« ça date de quand ? », « il a été créé par quelle
 * délib ? », « elle peut cofinancer notre projet ? ») is about what the previous one asked about.
 * Impersonal « il y a », « il faut » and « c'est quoi … » name their own subject.
 */
const PRONOUN_SUBJECT = /^(ca|cela|il|elle|ils|elles)\s+(?!y a\b|y'a\b|faut\b|existe\b|est possible\b)\S/;

/**
 * The same pronoun after the question word (« pourquoi ils se sont abstenus ? », « comment elles
 * sont choisies ? »), unless spoken French names the subject after the verb (« à quoi ça sert le
 * contrat de ville ? », « combien ça coûte un poste ? ») or the verb is impersonal (« pourquoi il
 * n'y a pas… », « combien il reste de crédits ? »).
 */
const ASKED_PRONOUN_SUBJECT =
  /^(?:pourquoi|comment|quand|ou|combien|depuis quand|jusqu'a quand|a quoi|avec qui|pour qui)\s+(?:est-ce qu'|est-ce que\s+)?(?:ca|cela|il|elle|ils|elles)\s+(?!y a\b|y'a\b|n'y a\b|faut\b|existe\b|est possible\b|sera possible\b|reste\b|manque\b|s'agit\b|se fait\b)(?![^?]*\b(?:le|la|les|l'|un|une|des|du|de|d')(?=\s|\w))\S/;

/**
 * Chat messages open with a reaction (« ok », « d'accord », « mince », « du coup ») before what they
 * ask: it is not part of the question, and hides a follow-up's « et … » from the tests below.
 * Folded forms; a reaction is a word of its own (« non-recours » does not open with « non »).
 */
const REACTIONS = [
  'ok',
  'okay',
  "d'accord",
  'dac',
  'merci',
  'super',
  'parfait',
  'top',
  'ah',
  'oh',
  'bon',
  'alors',
  'du coup',
  'donc',
  'mince',
  'zut',
  'ben',
  'bah',
  'oui',
  'non',
  'tres bien',
  'entendu',
];
const OPENING_REACTION = new RegExp(`^\\s*(?:(?:${REACTIONS.join('|')})(?=[\\s,!.;:?]|$)[\\s,!.;:]*)+`);

/**
 * The question without its opening reaction, as typed: folding keeps a text's length (one
 * character for one), so the reaction found on the folded text is cut from the original.
 */
function withoutReaction(question: string): string {
  const folded = foldText(question.replace(/’/g, "'"));
  const reaction = folded.length === question.length ? OPENING_REACTION.exec(folded) : null;
  return reaction ? question.slice(reaction[0].length) : question;
}

/**
 * A demonstrative (« ce courrier », « cette convention », « ces actions ») points at what was just
 * said; « ce que », « est-ce », « cette année », « ces dernières années » point at nothing before.
 */
const DEMONSTRATIVE =
  /(?<![-'])\b(?:ce|cet|cette|ces)\s+(?!(?:que|qu|qui|quoi|dont|sont|n|annee|annees|mois|semaine|semaines|jour|jours|soir|matin|trimestre|semestre|moment|stade|cas|type|genre|sujet|titre|fois|ete|hiver|printemps|automne|rentree|week|weekend|dernier|derniere|derniers|dernieres|fin)\b)[a-z]/;

/**
 * « elle peut en bénéficier ? », « on y a droit ? »: « en » and « y » stand for what was just
 * named. The impersonal « il va y avoir », « il faut en moyenne », « il n'y a » do not.
 */
const CLITIC_REFERENCE =
  /\b(?:peu[tx]|peuvent|pouv\w+|pourr\w+|doi[st]|doivent|faut|veu[xt]|voudr\w+|vai[s]?|va|vont)\s+(?:en\s+(?!(?:moyenne|effet|ligne|general|plus|cas|tout)\b)|y\s+(?!(?:a|avoir|aura|aurait|ait|avait)\b))[a-z]|\b(?:on|nous|vous|j')\s*(?:en|y)\s+(?:a|ai|avons|avez|aurai|aura|beneficie\w*|profite\w*|droit)\b/;

/** « si ça se reproduit… », « s'il a des dettes… »: a pronoun subject inside an opening « si »; « s'il vous plaît », « s'il y a » are not. */
const CONDITIONAL_PRONOUN = /^(?:si\s+(?:ca|cela|il|elle|ils|elles)|s'(?:il|ils))\b(?!\s+(?:vous plait|te plait|y a|y'a|faut))/;

/**
 * « ça », « cela » after a preposition or a comma (« y a combien de projets avec ça ? », « on
 * refait le parking, ça rentre ? ») and the adverbial pronouns « là-dessus », « dessus »,
 * « dedans », « là-bas » stand for what was just said; « au-dessus de » does not.
 */
const DEMONSTRATIVE_PRONOUN = /\b(?:avec|pour|de|d'|a|sur|dans|par|contre|apres|avant|comme)\s+(?:ca|cela)(?=\s*(?:[?!.,;]|$))|\bla-(?:dessus|dedans|bas)\b|(?<![-\w])(?:dessus|dedans)\b/;

/**
 * « t'as son adresse mail ? », « c'est quoi leur budget ? », « on leur donne combien ? »: a third
 * person possessive (or « leur » before a verb) whose owner the question does not name before it
 * is the previous question's subject. « le centre social et son budget » names its owner.
 */
const THIRD_PERSON = /(?<![\w'])(?:son|sa|ses|leur|leurs)\s+(?!hlm\b|d'hlm\b|cooperative\b|anonyme\b)\S/;

function ownerUnnamed(folded: string): boolean {
  const found = THIRD_PERSON.exec(folded);
  if (!found) return false;
  return elidedWords(folded.slice(0, found.index), 3).every((word) => isStopWord(word) || SUBJECTLESS_WORDS.has(word) || QUESTION_WORD.test(word));
}

/**
 * « qui signe côté bailleurs ? », « côté santé, l'État a mis combien ? »: « côté X » turns the
 * previous question to X, as « et pour X » does. « la cote », « une cote » are a rating.
 */
const SIDE_MARKER = /(?<!\b(?:la|une|sa|leur|quelle|quel|de)\s)(?<![\w'-])cote\s+(?!d'|de\b|du\b|des\b|a\b)[a-z]/;

/**
 * « qui qui le porte ? », « on les contacte comment ? », « le copil les a retenues ? », « y en a
 * combien ? »: an object pronoun before its verb stands for what was just named. After « c'est
 * qui », « le », « la » are articles (« c'est qui le maire ? »).
 */
const OBJECT_PRONOUN =
  /(?<![-'\w])(?:qui qui|on|je|j'|nous|vous|il|elle|ils|elles)\s+(?:ne\s+|n')?(?:le|la|les|l')\s*[a-z]|(?<![-'\w])(?:les|l')\s*(?:a|ont|avait|avaient|aura|auront)\s+[a-z]|(?<![-'\w])y\s+en\s+a(?:vait|ura)?\b/;

/**
 * An object pronoun whose antecedent the question does not name before it (« des adultes-relais,
 * il y en a combien ? » and « le conseil local, c'est qui qui le pilote ? » name their own).
 */
function objectPronounUnnamed(folded: string): boolean {
  const found = OBJECT_PRONOUN.exec(folded);
  if (!found) return false;
  return elidedWords(folded.slice(0, found.index), 3).every((word) => isStopWord(word) || SUBJECTLESS_WORDS.has(word) || QUESTION_WORD.test(word));
}

function refersBack(folded: string): boolean {
  return objectPronounUnnamed(folded) || DEMONSTRATIVE.test(folded) || CLITIC_REFERENCE.test(folded) || CONDITIONAL_PRONOUN.test(folded) || DEMONSTRATIVE_PRONOUN.test(folded) || ownerUnnamed(folded);
}

export function isFollowUp(question: string): boolean {
  const folded = foldText(withoutReaction(question).replace(/’/g, "'"));
  const words = folded.split(/\s+/).filter(Boolean);
  return (
    FOLLOW_UP_START.test(folded) ||
    PRONOUN_SUBJECT.test(folded) ||
    ASKED_PRONOUN_SUBJECT.test(folded) ||
    (words.length <= 4 && !QUESTION_WORD.test(folded)) ||
    namesNothing(question) ||
    refersBack(folded) ||
    SIDE_MARKER.test(folded)
  );
}

/**
 * Verbs and fillers that say what is asked about something, never what: « c'est qui qui paie et
 * combien ? », « ok et ça marche comment ? » name no subject of their own; nor do the words that
 * say which bound or sum of a figure is asked (« jusqu'à combien max ? », « au total ? »).
 */
const SUBJECTLESS_WORDS = new Set([
  ...REACTIONS,
  ...FIGURE_QUALIFIERS,
  'paie',
  'paye',
  'finance',
  'financent',
  'cofinance',
  'verse',
  'versent',
  'apporte',
  'apportent',
  'touche',
  'touchent',
  'payer',
  'coute',
  'coutent',
  'donne',
  'donnent',
  'met',
  'mettent',
  'fait',
  'font',
  'faire',
  'faut',
  'marche',
  'passe',
  'coup',
  'sinon',
  'encore',
  'aussi',
  'tout',
  'tous',
  'peut',
  'peux',
  'doit',
  'dois',
  'sont',
  'sera',
  'seront',
  'etait',
  'ete',
  'avoir',
  'etre',
  'vont',
  'concretement',
  'exactement',
  'precisement',
  'combien',
  'quoi',
  'qui',
  'comment',
  'quand',
  'pourquoi',
  'quel',
  'quelle',
  'quels',
  'quelles',
  // Verbs of a role or a procedure (« c'est qui qui pilote ? », « on peut déposer jusqu'à quand ? »)
  // and modal forms: what is done, not what it is done to.
  'pilote',
  'pilotent',
  'porte',
  'portent',
  'gere',
  'gerent',
  'anime',
  'animent',
  'coordonne',
  'organise',
  'decide',
  'decident',
  'valide',
  'signe',
  'signent',
  'preside',
  'instruit',
  'deposer',
  'candidater',
  'postuler',
  'envoyer',
  'transmettre',
  'rendre',
  'pouvait',
  'pourrait',
  'pourra',
  'pouvons',
  'pouvez',
  // A part of what was just counted (« c'est l'État qui paie la différence ? », « et le reste ? »).
  'difference',
  'reste',
]);

/** A text's folded words without their elided article or pronoun (« l'agglo » → « agglo »), of `minLength` letters or more. */
function elidedWords(text: string, minLength: number): string[] {
  return foldText(text)
    .replace(/’/g, "'")
    .split(/[^a-z0-9']+/)
    .map((word) => word.replace(/^(?:[ldjnmsct]|qu|lorsqu|puisqu|jusqu|quoiqu)'/, ''))
    .filter((word) => word.length >= minLength && !word.includes("'"));
}

/**
 * A question whose every word is a function word, a question word or a verb of asking names
 * nothing it is about. A public actor is who, not what: « l'état finance combien ? » asks what
 * the actor gives for the subject of the conversation.
 */
export function namesNothing(question: string): boolean {
  // « la 4.2 ? », « et l'objectif 7 ? » name a section.
  if (/\d/.test(question)) return false;
  const words = elidedWords(withoutActors(question, ACTORS), 2);
  return words.length > 0 && words.every((word) => isStopWord(word) || SUBJECTLESS_WORDS.has(word));
}

function namedParts(text: string): string[] {
  const references = text.match(REFERENCE) ?? [];
  // A capital opening the sentence names nothing, unless the word is an acronym (« SIA Habitat »).
  const withoutFirstWord = text.replace(/^\s*\S+/, (first) => (/^\s*[A-ZÀ-Ý]{2,}\b/.test(first) ? first : ' '.repeat(first.length)));
  const names = [...withoutFirstWord.matchAll(NAMED)].map((match) => match[1]!);
  return [...references, ...names];
}

/**
 * What a question is about when it names nothing with a capital (« la convention tfpb de
 * sarveze habitat elle a été signée quand ? »): its words that are neither function words nor
 * question words, nor already in the follow-up.
 */
function topicWords(previous: string, asked: string): string[] {
  const own = new Set(elidedWords(asked, 3));
  return elidedWords(previous, 3).filter((word) => !isStopWord(word) && !QUESTION_WORD.test(word) && !own.has(word));
}

/**
 * « et la 4.2 ? » after « l'action 4.1 » means « l'action 4.2 »: a bare section number takes the
 * family of the reference the previous question made.
 */
function withInheritedFamily(question: string, previous: string): string {
  const family = new RegExp(REFERENCE.source, 'i').exec(previous)?.[1];
  if (!family || new RegExp(REFERENCE.source, 'i').test(question)) return question;
  return question.replace(/(^|\s)(?:(l['’]|la |le |les )\s*)?(n\s*°\s*|#)?(\d+(?:\.\d+)+|\d+)(?=\s|\?|$)/, (whole, space: string, article: string | undefined, _mark, number: string) =>
    // A lone small number is read as a section only after an article (« et la 6 ? »), not as a count.
    number.includes('.') || article ? `${space}${article ?? ''}${family.toLowerCase()} ${number}` : whole,
  );
}

/** « le suivant », « l'article d'après », « l'action juste après », « l'objectif précédent »: a place relative to the previous reference. */
const RELATIVE_REFERENCE = new RegExp(
  `(?:\\b(?:l['’]|la\\s+|le\\s+|les\\s+)?(${FAMILY_WORDS})s?\\s+)?\\b(suivante?|prochaine?|(?:juste\\s+)?d['’]apr[eè]s|juste\\s+apr[eè]s|pr[eé]c[eé]dente?|(?:juste\\s+)?d['’]avant|juste\\s+avant)(?![\\p{L}])`,
  'iu',
);

/**
 * « et pour l'objectif suivant ? » after « l'objectif #18 » means « l'objectif 19 »: the previous
 * question's numbered reference, its last number moved by one. A previous question naming its
 * section by a title (« l'action crèches AVIP ») gives the numbered section its answer cited first.
 */
function withRelativeReference(question: string, previous: string, previousCited: readonly string[] = []): string {
  const relative = RELATIVE_REFERENCE.exec(question);
  if (!relative || new RegExp(REFERENCE.source, 'i').test(question)) return question;
  // The family is named right before the relative word (« l'action suivante ») or earlier, before
  // the section's title (« l'action mobilité durable juste après »).
  const familyWord = relative[1] ?? FAMILY_WORD.exec(question.slice(0, relative.index))?.[1];
  const asked = familyWord ? familyOfWord(familyWord) : undefined;
  const written = new RegExp(REFERENCE.source, 'i').exec(previous);
  // Only a relative place naming its family (« l'action juste après ») moves from a cited section:
  // « l'année suivante », « la prochaine séance » are no sections. The deepest label of that
  // family is the section meant: people call a « Sous-action 4.2.2 » an action.
  const cited = asked
    ? [...previousCited]
        .reverse()
        .map((label) => referenceKeyOfLabel(label))
        .find((key) => key?.startsWith(`${asked} `))
    : undefined;
  const reference = written
    ? { family: written[1]!, number: /(\d+(?:\.\d+)*)\s*$/.exec(written[0])?.[1] }
    : cited
      ? { family: cited.slice(0, cited.lastIndexOf(' ')), number: cited.slice(cited.lastIndexOf(' ') + 1) }
      : undefined;
  if (!reference?.number) return question;
  const parts = reference.number.split('.').map(Number);
  const step = /^(suivant|prochain|d['’]apr|juste\s+(d['’])?apr)/i.test(relative[2]!) ? 1 : -1;
  const last = parts.at(-1)! + step;
  if (last < 1 || parts.some((part) => !Number.isFinite(part))) return question;
  const family = (relative[1] ?? reference.family).toLowerCase();
  return question.replace(relative[0], `${family} ${[...parts.slice(0, -1), last].join('.')}`);
}

/**
 * The previous question without the public actors (src/lang/fr/actors.ts) it named, when the
 * follow-up names others: « l'etat met combien ? » then « et l'agglo ? » is about the agglo only.
 */
function withOtherActorsOut(previous: string, followUp: string): string {
  const named = actorsNamed(foldText(followUp.replace(/’/g, "'")));
  if (named.length === 0) return previous;
  const replaced = actorsNamed(foldText(previous.replace(/’/g, "'"))).filter((actor) => !named.includes(actor));
  return replaced.length === 0 ? previous : withoutActors(previous, replaced);
}

const YEAR = /\b(?:19|20)\d{2}\b/g;

/**
 * The previous question without the years it named, when the follow-up names others (with the
 * preposition that introduced them: « en 2024 », « pour 2024 »); a range (« 2024-2030 ») is kept.
 */
function withOtherYearsOut(previous: string, followUp: string): string {
  const asked = followUp.match(YEAR);
  if (!asked) return previous;
  return previous.replace(/(?:\b(?:en|pour|au titre de|de l'annee|de l’année|de l'année)\s+)?\b((?:19|20)\d{2})\b(?!\s*[-–/]\s*\d)/gi, (whole, year: string, offset: number) => {
    const before = previous.slice(0, offset);
    if (/\d\s*[-–/]\s*$/.test(before) || asked.includes(year)) return whole;
    return ' ';
  });
}

/**
 * Whether a follow-up's subject is the previous question's, left unsaid or said by a pronoun
 * (« elle sera versée comment ? », « y a combien de projets avec ça ? », « c'est qui qui
 * paie ? »): the previous question's names stand in for it, where a follow-up opening with « et »
 * adds its own subject to what was asked before.
 */
export function standsForPrevious(question: string): boolean {
  const typed = withoutReaction(question);
  const folded = foldText(typed.replace(/’/g, "'"));
  return (PRONOUN_SUBJECT.test(folded) || ASKED_PRONOUN_SUBJECT.test(folded) || namesNothing(typed) || refersBack(folded)) && !FOLLOW_UP_START.test(folded);
}

/** A follow-up of this many words or fewer after its « et (pour) » names only what it swaps. */
const ELLIPTICAL_WORDS = 4;

/** Turns read back to understand a chain of follow-ups. */
const FOLLOW_UP_DEPTH = 3;

/** The question to search with: the follow-up merged into the previous question when it is one. */
export function resolveQuestion(asked: string, history: ConversationTurn[] | undefined): string {
  if (!history || history.length === 0 || !isFollowUp(asked)) return asked;
  // The previous question as it was understood: after « revenu médian à Kerhuel ? » and « et au
  // Moulin-Vert ? », « et le taux de pauvreté là-bas ? » is about the Moulin-Vert. A few turns
  // back are enough; older ones have been replaced by then.
  const recent = history.slice(-FOLLOW_UP_DEPTH);
  const previous = resolveQuestion(recent.at(-1)!.question, recent.slice(0, -1));
  // « elle sera versée comment ? » says what it asks; the pronoun (or, in « c'est qui qui paie ? »,
  // the subject left unsaid) stands for what the previous question named (« la Mission locale du Pays de Mauvière »): those names are added, not the
  // previous question's other words, which would outweigh the new ones.
  // An opening reaction (« ok, », « d'accord, ») is no part of what is asked.
  const typed = withoutReaction(asked);
  if (standsForPrevious(asked)) {
    // « le département met combien ? » after « la région met combien sur … ? »: the previous actor gives way.
    const context = withOtherActorsOut(previous, typed);
    const names = namedParts(context).filter((name) => !typed.includes(name));
    const topic = names.length > 0 ? names : topicWords(context, typed);
    return topic.length > 0 ? `${typed.replace(/\s*\?+\s*$/, '')} (${topic.join(', ')}) ?` : typed;
  }
  // A refusal's citations are suggestions, not the section it answered from.
  const answered = recent.at(-1)!.answer;
  const cited = answered && !answered.refused ? answered.citations[0]?.breadcrumb : undefined;
  const question = withInheritedFamily(withRelativeReference(typed, previous, cited), previous);
  const newParts = namedParts(question);
  let base = previous;
  if (newParts.length > 0) {
    const newIsReference = newParts.some((part) => REFERENCE.test(part));
    REFERENCE.lastIndex = 0;
    // A capitalised name alone (« Département ») is an actor when its article makes it one.
    const isActor = (name: string) => ['', 'le ', 'la ', "l'"].some((article) => actorsNamed(foldText(`${article}${name}`.replace(/’/g, "'"))).length > 0);
    const newHasActor = newParts.some(isActor);
    const newHasOther = newParts.some((part) => !isActor(part) && !new RegExp(REFERENCE.source, 'i').test(part));
    // « et France Travail ? », « et pour Bruay-la-Buissière en 2024 ? » swap one name for another;
    // « et financièrement y a un bonus pour les QPV ? » asks something more about the same names.
    // A name counts as one word, a year as none.
    let rest = question.replace(/^\s*(et|ou|mais|aussi)\s+(pour|dans|sur|concernant|au sujet de)?\s*/i, '');
    for (const part of newParts) rest = rest.replace(part, ' nom ');
    const elliptical = elidedWords(rest.replace(YEAR, ' '), 1).length <= ELLIPTICAL_WORDS;
    for (const part of namedParts(previous)) {
      const partIsReference = new RegExp(REFERENCE.source, 'i').test(part);
      if (partIsReference !== newIsReference) continue;
      // Replace like with like: a reference by a reference, a public actor by an actor (« et France
      // Travail ? » after « la CPAM de la CABBALR » keeps the CABBALR), another name by a name.
      if (!partIsReference && (isActor(part) ? !newHasActor : !newHasOther || !elliptical)) continue;
      base = base.replace(part, ' ');
    }
  }
  // « et l'agglo ? » after « l'etat met combien sur la programmation ? » asks the same of another
  // actor, typed in lower case as chat messages are: the actor the previous question named gives way.
  base = withOtherActorsOut(base, question);
  // « et en 2025 ? » after « le budget de la cité éducative en 2024 ? »: the year asked replaces the year said.
  base = withOtherYearsOut(base, question);
  // « et pour la mobilité ? » after « Quels dispositifs pour l'emploi des jeunes ? » asks the same
  // about another subject: what followed the same preposition is replaced, not kept beside it.
  const swap = /^\s*et\s+(pour|dans|sur|concernant|en matiere de|en matière de)\s+(.+?)\s*\?*\s*$/i.exec(question);
  if (swap && newParts.length === 0) {
    const preposition = new RegExp(`\\b${swap[1]}\\s+[^?]*`, 'i');
    if (preposition.test(previous)) return previous.replace(preposition, `${swap[1]} ${swap[2]} `).replace(/\s+\?/, ' ?').replace(/\s+/g, ' ').trim();
  }
  const addition = question.replace(/^\s*(et|ou|mais|aussi)\s+(pour|dans|sur|concernant|au sujet de)?\s*/i, '').replace(/\?+\s*$/, '');
  const merged = `${base.replace(/\s*\?\s*$/, '')} ${addition} ?`;
  // Removing « objectif #18 » from « pour l'objectif #18 » leaves a dangling « l' ».
  return merged
    .replace(/\b([ldLD]|qu)['’]\s+(?=[ld]['’])/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
