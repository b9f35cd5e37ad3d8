/**
 * Figures in questions and texts, by sort: an amount, a date, a rate, a count. Shared by the
 * retriever (a question asking « combien » prefers passages holding such a figure) and the composer.
 */
import { actorsNamed } from './actors.js';
import { foldText } from './normalize.js';
import { digitsForNumberWords } from './numbers.js';

export type FigureKind = 'money' | 'date' | 'percent' | 'number';

/**
 * « quand » opening a clause with its own subject and verb in the middle of a question (« la CAF
 * peut majorer son cofinancement quand le projet est en QPV ? », « … quand c'est en qpv ? ») says
 * on which condition, like « lorsque »: it asks no date. « quand » asking stands at the head of a
 * sentence, after « c'est », « à », « pour », « depuis », « jusqu'à », « d'ici », « et », after a
 * verb of knowing or telling (« vous savez quand la commission se réunit ? »), before a
 * preposition (« il passe quand au Clos Gerbier ? ») or before a noun no verb follows (« on dépose
 * quand le dossier de subvention ? »). « quand même » means « anyway ». Read on folded text; the
 * conjunction is written « lorsque », which no figure test reads.
 */
export function withoutConditionalQuand(folded: string): string {
  return folded.replace(QUAND_MEME, 'tout de meme').replace(CONDITIONAL_QUAND, 'lorsque ');
}
const QUAND_MEME = /\bquand meme\b/g;
/** A subject pronoun opening a clause (« quand c'est en QPV », « quand elle a moins d'un an »). */
const SUBJECT_PRONOUN = "(?:c'est|c est|cest|on|il|ils|elle|elles|je|j'|nous|vous|tu|ca)\\b";
/** A determiner and its noun opening a clause (« quand le projet … », « quand l'action … »). */
const SUBJECT_NOUN = "(?:(?:ce|ces|cet|cette|le|la|les|un|une|des|du|mon|ma|mes|notre|nos|votre|vos|leur|leurs|son|sa|ses)\\s+[^\\s?]+|l'[^\\s?]+)\\s+";
/**
 * What follows such a noun when a verb does, not a preposition (« le dossier de subvention »).
 * Folded, « a » is also « à »: it is read as a preposition, so « quand le projet a été validé »
 * keeps asking a date (the safe reading).
 */
const VERB_LIKE = "(?!(?:de|du|des|d'|a|au|aux|en|pour|par|sur|dans|avec)\\b)(?:est|sont|ont|n'|ne|se|s'|y|peut|peuvent|doit|doivent|fait|font|va|vont|[a-z]+(?:e|ent|ait|aient))\\b";
/** Words after which « quand » asks (« c'est quand… », « à quand… », « vous savez quand… »). */
const ASKING_BEFORE = "c'est|c est|cest|c|est|a|pour|depuis|jusqu'?a|jusqu a|partir de|d'ici|avant|et|savoir|sais|sait|savez|dire|dites|indiquer|preciser";
const CONDITIONAL_QUAND = new RegExp(`(?<![.!?,;:]\\s*|(?:^|[\\s'])(?:${ASKING_BEFORE})\\s+)(?<=\\S\\s+)quand\\s+(?=${SUBJECT_PRONOUN}|${SUBJECT_NOUN}${VERB_LIKE})`, 'g');

/** What sort of figure the question wants, from its words. */
export function figureKindAsked(question: string): FigureKind {
  const folded = withoutConditionalQuand(foldText(question));
  // « combien … et pour quand ? » asks a count first: the first demand sets the sort.
  const when = /\b(quand|quelle date|date|delai|echeance|jusqu'a quand|en quelle annee)\b/.exec(folded);
  const howMany = /\b(?:combien|cb)\b/.exec(folded);
  if (when && !(howMany && howMany.index < when.index)) return 'date';
  // « quel taux d'abattement », « jusqu'à quel % » ask for a rate, whatever it is a rate of.
  if (/\b(taux|pourcentage)\b|%|\bpour ?cent\b/.test(folded)) return 'percent';
  // « combien de points pour être financé ? » counts points: the noun counted says the sort, not
  // the other words of the question. Money counted (« combien d'euros ») stays an amount, and so
  // does a question naming an amount (« quel budget pour combien de jeunes ? »).
  const counted = /\b(?:combien|cb)\s+(?:de\s+|d')([a-z]+)/.exec(folded.replace(/’/g, "'"));
  if (counted && !MONEY_NOUNS.test(counted[1]!) && !AMOUNT_NOUNS.test(folded)) return 'number';
  if (
    /\b(montant|budget|financement|finance|cout|coute|euros?|subvention|credits?|consacre|verse|enveloppe|dotation|paye|payee|payes|remunere|remuneree|remuneration|salaire|tarif|prix|gagne|combien .*(€|euros|argent))\b/.test(
      folded,
    )
  )
    return 'money';
  // « on peut avoir combien ? », « la caf met combien ? »: « combien » counting no noun, with a verb
  // of giving or receiving, asks for an amount.
  if (!/\bcombien\s+(?:de|d'|d’)/.test(folded) && GIVING_COMBIEN.test(folded)) return 'money';
  // « quelle part des jeunes » asks for a share; « la part collective du pass » names a thing.
  if (/\b(taux|pourcentage|proportion)\b|\bquelle part\b|\bpart (de|des|du|d')|%|\bpour ?cent\b/.test(folded.replace(/’/g, "'"))) return 'percent';
  return 'number';
}

/** Nouns a count of money is made of (« combien d'euros », « combien de crédits »), folded. */
const MONEY_NOUNS = /^(?:euros?|argent|credits?|subventions?|financements?|sous|fric|budget|dotations?|millions?|milliers?|k)$/;

/** Words naming an amount of money: a question holding one asks for an amount whatever it counts. */
const AMOUNT_NOUNS = /\b(?:montant|budget|cout|coute|prix|tarif|salaire|enveloppe|dotation|somme)\b/;

/** Verbs of giving, lending or receiving money (folded), as a pattern's alternatives. */
const GIVING_VERBS =
  'toucher|touche|touchent|obtenir|obtient|obtiennent|avoir|aura|auront|recevoir|recoit|recoivent|percevoir|percoit|demander|demande|donne|donner|donnent|met|mettre|mettent|mis|prete|preter|pretent|alloue|allouer|attribue|attribuer|accorde|accorder|apporte|apporter|apportent|injecte|injecter|rapporte|rapporter|paie|paye|payer|rembourse|rembourser';

/**
 * A giving verb next to « combien » (« met combien », « combien reçoit-elle »), or after its giver
 * (« combien l'État a mis », « combien la caf met »); not « combien à être instruit » nor
 * « combien ça demande de temps ».
 */
const GIVING_COMBIEN = new RegExp(
  `\\b(?:${GIVING_VERBS})\\s+combien\\b(?!\\s+(?:a|de|d'|d’)\\b)|\\bcombien(?!\\s+a\\b)\\s+(?:\\S+\\s+){0,3}?(?:a\\s+|ont\\s+)?(?:${GIVING_VERBS})\\b(?!\\s+(?:de temps|a|à)\\b)`,
);

const MONEY = /\d[\d\s.,]*\s*(€|euros?|m€|k€|millions?|milliards?|eur\b)/i;
const PERCENT = /\d\s*%|\bpour ?cent\b/i;
const DATE_LIKE =
  /(?<![\p{L}\d])(\d{1,2}(er)?\s+(janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre|novembre|decembre|décembre)|\d{1,2}\/\d{1,2}\/\d{2,4}|(en|depuis|avant|d'ici|fin|debut|début|jusqu'en|à partir de|a partir de)\s+(19|20)\d{2}|\d+\s+(jours?|mois|ans|semaines?))\b/iu;

/**
 * An event that dates (« après réception du bilan », « dès la signature »). « dès » written with its
 * accent dates wherever it stands; folded, it is written as the article « des » (« des activités
 * culturelles »), which dates nothing, and is read only before what it dates (an article, « que »,
 * a deverbal noun, a year, a month, « maintenant »). « ci-après » (« ci-après dénommé ») and
 * « ci-avant » point within the text: they date nothing.
 */
const WHEN_EVENT =
  /(?<!\bci-)\b(apr[eè]s|avant|dès|des(?= (?:le|la|les|sa|son|ses|leur|leurs|cette|ce|cet|que|reception|notification|maintenant|aujourd'hui|lors|(?:19|20)\d{2}|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b| l'| qu')|lors d[eu]|à compter d[eu]|a compter d[eu]|au plus tard|à l'issue d[eu]|a l'issue d[eu]|chaque ann[ée]e|au terme d[eu])\b/i;

/** A day of a month, a numeric date or a month of a year: a date on the calendar, not a delay nor an event. */
const CALENDAR_DATE =
  /(?<![\p{L}\d])(\d{1,2}(er)?\s+(janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre|novembre|decembre|décembre)|\d{1,2}\/\d{1,2}\/\d{2,4}|(janvier|fevrier|février|mars|avril|mai|juin|juillet|aout|août|septembre|octobre|novembre|decembre|décembre)\s+(19|20)\d{2})\b/iu;

/**
 * « la prochaine réunion », « le prochain comité », « c'est quand la suivante »: the date of an
 * occurrence still to come, which only a date on the calendar answers (a rhythm, « chaque
 * trimestre », says how often, not when).
 */
export function asksNextOccurrence(question: string): boolean {
  return /\b(prochaine?s?|a venir|la suivante|le suivant)\b/.test(foldText(question).replace(/[’']/g, "'"));
}

/** The event whose next occurrence is asked (« le prochain copil » → copil), folded. */
export function nextEventAsked(question: string): string | undefined {
  const after = /\bprochaine?s?\s+(.*)$/.exec(foldText(question).replace(/[’']/g, "'"))?.[1];
  if (!after) return undefined;
  // « la prochaine fois », « le prochain grand copil », « la prochaine date limite »: the event is
  // the first noun, or none (then any date of the passage may be it).
  for (const word of after.split(/[^a-z]+/)) {
    if (word.length < 3 || NOT_AN_EVENT.has(word)) continue;
    return word;
  }
  return undefined;
}

/** Words after « prochain(e) » that name no event: fillers, dates, adjectives. */
const NOT_AN_EVENT = new Set([
  'fois',
  'quand',
  'date',
  'dates',
  'etape',
  'etapes',
  'echeance',
  'echeances',
  'limite',
  'limites',
  'grand',
  'grande',
  'petit',
  'petite',
  'gros',
  'grosse',
  'nouveau',
  'nouvelle',
  'premier',
  'premiere',
  'dernier',
  'derniere',
  'vrai',
  'vraie',
  'les',
  'des',
  'une',
  'qui',
  'que',
  'est',
  'aura',
  'sera',
  'lieu',
  'session',
  'rendez',
]);

/**
 * Whether a sentence states a deadline (« au plus tard le 15 mars », « date limite de dépôt »,
 * « avant le », « jusqu'au »), not just a date: a decree's date does not answer « la date limite ».
 */
export function statesDeadline(rawSentence: string): boolean {
  return /\b(au plus tard|dates? limites?|avant le|avant la|jusqu'(?:au|a|en)|clotur\w*|clos|limites?|echeances?|delais?|depots?|deposer|depose\w*|transmis\w*|remis\w*|envoy\w*|envoi|retour|reception|fermeture|fin des)\b/.test(
    foldText(rawSentence).replace(/[’']/g, "'"),
  );
}

/** Whether a text gives a date on the calendar (« 12 mars 2026 », « 12/03/2026 », « mars 2026 »), question's own numbers aside. */
export function holdsCalendarDate(rawText: string, question = ''): boolean {
  return CALENDAR_DATE.test(withoutQuestionNumbers(rawText, question));
}

/**
 * « le 12 avril 2000 », « la délibération du 12 juin 2023 », « n° 2023-1314 »: a text's or an
 * event's date, a code; not the year a figure is for nor the year a question asks about. « Au 1er
 * janvier 2024, 46 069 foyers… » dates the figure itself (a count taken on that day).
 */
const EVENT_DATE_OR_CODE =
  /(?<!\b(?:au|à la date du|a la date du|fin|début|debut)\s+)\b\d{1,2}(?:er)?\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\s+(?:19|20)\d{2}\b|n\s*°\s*\d{4}-\d+/giu;

/** The text without its events' dates and codes (EVENT_DATE_OR_CODE), for reading the years it is about. */
export function withoutEventDates(text: string): string {
  return text.replace(EVENT_DATE_OR_CODE, ' ');
}

export const MONTHS = ['janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'];

/**
 * Words a follow-up uses to go on asking for the same figure (« et au total ? », « et l'année
 * prochaine ? », « et par mois ? », « et en euros ? »): they name no subject of their own.
 */
export const FIGURE_CONTINUATION_WORDS: readonly string[] = [
  'total',
  'totalité',
  'année',
  'an',
  'ans',
  'mois',
  'semaine',
  'jour',
  'trimestre',
  'semestre',
  'euro',
  'euros',
  'montant',
  'somme',
  'prochain',
  'prochaine',
  'dernier',
  'dernière',
  'précédent',
  'précédente',
  'suivant',
  'suivante',
  'maximum',
  'minimum',
  'max',
  'min',
  'moyenne',
  'fin',
  'début',
  'aujourd',
  'hui',
  ...MONTHS,
];

/** The full dates a text writes (« 21 novembre 2024 », « 21/11/2024 »), as sortable `YYYY-MM-DD` strings. */
export function fullDatesOf(rawText: string): string[] {
  const folded = foldText(rawText);
  const dates: string[] = [];
  const iso = (year: string, month: number, day: string) => `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
  for (const match of folded.matchAll(/(?<![a-z\d])(\d{1,2})(?:er)?\s+(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+((?:19|20)\d{2})\b/g)) {
    dates.push(iso(match[3]!, MONTHS.indexOf(match[2]!) + 1, match[1]!));
  }
  for (const match of folded.matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})\/((?:19|20)\d{2})(?![\d/])/g)) dates.push(iso(match[3]!, Number(match[2]), match[1]!));
  return dates;
}

/** The numbers a question writes (« 2025 », « 12 000 »), trimmed. */
function questionNumbers(question: string): string[] {
  return (question.match(/\d+(?:[\s.,]\d{3})*/g) ?? []).map((number) => number.trim());
}

/** Numbers the question itself gives (« la délibération du 9 avril 2024 ») answer nothing. */
function withoutQuestionNumbers(text: string, question: string): string {
  let cleaned = text;
  for (const number of questionNumbers(question)) cleaned = cleaned.split(number).join(' ');
  return cleaned;
}

/**
 * A share said without « % »: « 1 ménage sur 5 », « un jeune sur trois », « la moitié », « deux
 * tiers », « un quart » (folded).
 */
const SMALL_NUMBER = '(?:\\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)';
const PROPORTION_RIGHT = '(?:\\d{1,3}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)';
const PROPORTION = new RegExp(
  `\\b${SMALL_NUMBER}\\s+(?:[a-z'-]+\\s+){0,2}sur\\s+${PROPORTION_RIGHT}\\b(?![\\d-]|\\s*(?:ans?|annees?|mois|semaines?|jours?|heures?|h|quartiers?|communes?|sites?|territoires?|villes?|qpv|departements?)\\b)|\\b(?:la moitie|un tiers|deux tiers|un quart(?! d'heure)|trois quarts)\\b`,
);

/** A form's or a decision's number (« n° 2023-45 », « Cerfa n° 12156*06 », « #3 »): it counts nothing. */
const CODE_NUMBER = /(?:\bn°|#)\s*\d+(?:[*/.-]\d+)*/gi;

/**
 * A figure of the asked sort stated outright: for a date, a day, a month of a year, a year after
 * « en », « depuis », « d'ici »…, or a length of time (« dans les six mois », « 2 ans »); not an
 * event (« après réception du bilan ») as `unitHasFigure` also accepts, nor an age (« moins de
 * 26 ans »). The re-ranker reads it sentence by sentence: an event word is in most sentences.
 */
export function statesFigureOfSort(rawText: string, wanted: FigureKind, question = ''): boolean {
  if (wanted !== 'date') return unitHasFigure(rawText, wanted, question);
  const cleaned = withoutQuestionNumbers(rawText, question).replace(CODE_NUMBER, '').replace(/’/g, "'");
  if (CALENDAR_DATE.test(cleaned)) return true;
  const folded = digitsForNumberWords(foldText(cleaned)).replace(AGE, ' ');
  return DATE_LIKE.test(folded) || TIME_LENGTH.test(folded) || YEAR_SPAN.test(folded);
}

/** An age (« moins de 26 ans », « âgés de 16 ans », « de 11 à 14 ans », « -26 ans »), folded: a public, not a date. */
const AGE = /(?:\b(?:moins de|plus de|au-dela de|au dela de|agee?s? de|a partir de|des)\s+|-\s*)\d+\s*ans\b|\bde\s+\d+\s+a\s+\d+\s*ans\b/g;

/**
 * What `statesFigureOfSort` reads of the question besides the sort: its numbers (left out of the
 * passage), and for a count whether it asks a length or a date bound. Two questions with the same
 * key get the same answer for every sentence, so a reader may cache it.
 */
export function figureCheckKey(question: string, wanted: FigureKind): string {
  // The numbers withoutQuestionNumbers leaves out, so the key cannot drift from what is read.
  const numbers = JSON.stringify(questionNumbers(question));
  if (wanted !== 'number') return `${wanted}|${numbers}`;
  const folded = foldText(question);
  return `${wanted}|${numbers}|${asksOnlyALength(folded)}|${DATE_BOUND_ASKED.test(folded)}|${DURATION_MENTIONED.test(folded)}`;
}

export function unitHasFigure(rawText: string, wanted: FigureKind, question = ''): boolean {
  const cleaned = withoutQuestionNumbers(rawText, question).replace(CODE_NUMBER, '');
  if (wanted === 'money') return MONEY.test(cleaned);
  if (wanted === 'percent') return PERCENT.test(cleaned) || PROPORTION.test(foldText(cleaned));
  // « Quand » is also answered by an event (« après réception du bilan », « au plus tard le… »).
  if (wanted === 'date') return DATE_LIKE.test(cleaned) || CALENDAR_DATE.test(cleaned) || /\b(deux|trois|six)\s+(mois|ans|semaines)\b/i.test(cleaned) || WHEN_EVENT.test(cleaned);
  const foldedQuestion = foldText(question);
  // A length of time is measured in units of time, a span of years or up to a calendar day
  // (« prend fin le 31 décembre 2027 »): « 100 % des enfants » or « en 2024 » measures none.
  if (wanted === 'number' && asksOnlyALength(foldedQuestion)) return statesLength(rawText);
  // A duration may be a span of years (« de 2024 à 2027 »): years are kept for it. A lone year
  // (« à partir de 2024 ») dates a length of time, it does not measure one; « jusqu'à quand »
  // is answered by one.
  const yearsKept = DATE_BOUND_ASKED.test(foldedQuestion) ? cleaned : DURATION_MENTIONED.test(foldedQuestion) ? withoutLoneYears(cleaned) : withoutYearsAndDays(cleaned);
  // A code mixing letters and digits (« QN01195C », « 2e », « T2 ») names or orders; it counts
  // nothing. Hours written the French way (« 4h », « 20h30 ») are figures.
  const uncoded = yearsKept.replace(/\b(\d{1,2})h(\d{2})?\b/gi, '$1 h $2').replace(/[\p{L}\d]*(?:\p{L}\d|\d\p{L})[\p{L}\d]*/gu, ' ');
  return /\d/.test(uncoded) || /\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|cent|mille)\b/i.test(uncoded);
}

/**
 * The text without its years (« 2017 », « 2022-2032 ») and calendar days (« 12 juin »): they date
 * and count nothing. A four-digit number before a plural noun (« 1950 logements ») is a count.
 */
function withoutYearsAndDays(text: string): string {
  return text.replace(YEAR_OR_DAY, ' ');
}
/** A duration named in the question, asked or not (« ça dure combien de temps ? », « sur toute la durée »). */
const DURATION_MENTIONED = /\b(?:dure\w*|combien de temps|pendant combien|periode)\b/;
/**
 * A length of time asked (« ça dure combien de temps ? », « ça va durer combien ? », « la durée de
 * la convention ? », « sur combien d'années ? »), not an amount over one (« sur toute la durée »).
 */
const LENGTH_ASKED =
  /\b(?:combien de temps|pendant combien|combien d'(?:annees|ans)|combien de (?:mois|semaines|jours)|(?:ca|elle|il|elles|ils)\s+(?:va\s+|vont\s+|a\s+|ont\s+)?dure(?:nt|ra|ront|r)?|dure(?:nt|ra|ront)? combien|quelle (?:est la )?duree|sur quelle periode)\b|(?<!toute )\bla duree d/;
/** The length phrases themselves, which ask no other figure. */
const LENGTH_PHRASE = /\b(?:combien de temps|pendant combien|combien d'(?:annees|ans)|combien de (?:mois|semaines|jours)|dure(?:nt|ra|ront|r)? combien)\b/g;
/** Another figure asked beside the length (« combien d'ARMS … et en combien de temps ? »). */
const OTHER_FIGURE_ASKED = /\bcombien\b|\bquel(?:le)?s? (?:montant|nombre|taux|ratio|part)\b/;

/** The question asks for a length of time and for no other figure. */
function asksOnlyALength(foldedQuestion: string): boolean {
  return LENGTH_ASKED.test(foldedQuestion) && !OTHER_FIGURE_ASKED.test(foldedQuestion.replace(LENGTH_PHRASE, ' '));
}

/** One end of a period asked: a year alone answers it. */
const DATE_BOUND_ASKED = /\b(?:jusqu'a quand|depuis quand)\b/;

const MONTH = `(?:${MONTHS.join('|')})`;
/** A span of years in folded text: « 2024-2027 », « de 2024 à 2027 », « entre 2024 et 2027 », « de 2024 jusqu'à 2027 ». */
const YEAR_SPAN = /(?<![\d-])(?:19|20)\d{2}\s*[-/]\s*(?:19|20)?\d{2}(?![\d-])|\b(?:de|entre)\s+(?:19|20)\d{2}\s+(?:a|et|jusqu'a|jusqu'en)\s+(?:19|20)\d{2}\b/;
/** A number of units of time in folded text whose number words are digits (« 3 mois », « 45 minutes », « un an »). */
const TIME_LENGTH = /(?<![a-z\d])(?:\d+(?:[,.]\d+)?|une?)\s*(?:minutes?|heures?|h|jours?|semaines?|mois|ans?|annees?|trimestres?|semestres?)(?![a-z\d])/;
/**
 * A period's end or start on a calendar day (« prend fin le 31 décembre 2027 », « jusqu'au
 * 31/12/2027 », « du 1er janvier 2025 au 31 décembre 2027 »); a sentence merely dated (« Vu la
 * délibération du 12 avril 2024 ») states no length.
 */
const DAY = `(?:\\d{1,2}(?:er)?\\s+${MONTH}\\s+(?:19|20)\\d{2}|\\d{1,2}/\\d{1,2}/(?:19|20)\\d{2})`;
const PERIOD_BOUND = new RegExp(`\\b(?:jusqu'au|prend fin le|prendra fin le|expire le|se termine le|a compter du|a partir du|echeance (?:le|au|du))\\s+${DAY}|\\bdu\\s+${DAY}\\s+au\\s+${DAY}`);

/** Whether a text states a length of time; codes (« n° 2023-45 ») are no span, the question's own numbers are kept (« l'action 2.6.2 … » answered by « 6 mois »). */
function statesLength(rawText: string): boolean {
  const folded = digitsForNumberWords(foldText(rawText.replace(CODE_NUMBER, ' ')));
  return TIME_LENGTH.test(folded) || YEAR_SPAN.test(folded) || PERIOD_BOUND.test(folded);
}

/**
 * The text without its lone years and calendar days, its spans of years kept (« la convention
 * 2024-2027 », « de 2024 à 2027 »): a length may be a span, a lone year dates it. A year-like
 * count before its noun (« 1950 jeunes ») stays, as in `withoutYearsAndDays`.
 */
function withoutLoneYears(text: string): string {
  if (YEAR_SPAN.test(foldText(text))) return text;
  return text.replace(YEAR_OR_DAY, ' ');
}
const YEAR_OR_DAY =
  /(?<![\p{L}\d,.])(?:(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)?\d{2})?(?!\d|[,.]\d|\s*(?:€|%|euros?)|\s+(?!(?:les|des|dans|aux|ces|ses|nos|vos|leurs|sous|sans|vers|puis|plus|moins|depuis|apres|après|selon|hors|jours|mois|ans)\b)\p{L}+[sx]\b)|\d{1,2}(?:er)?\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\b)/giu;

/** « quand … », « combien … » ask for a date or a number. */
export function figureIntents(question: string): FigureKind[] {
  const folded = withoutConditionalQuand(foldText(question));
  const intents: FigureKind[] = [];
  if (/\b(quand|quelle date|depuis quand|en quelle annee|quel delai|dans quel delai)\b/.test(folded)) intents.push('date');
  if (/\b(combien|quel montant|quel nombre)\b/.test(folded)) intents.push(figureKindAsked(question) === 'money' ? 'money' : 'number');
  return intents;
}

/**
 * The figure a question asks for when its sort is unmistakable (an amount or a date), for the
 * retriever to prefer passages holding one; counts and rates are too common in text to tell.
 */
export function distinctFigureAsked(question: string): 'money' | 'date' | undefined {
  const folded = withoutConditionalQuand(foldText(question));
  if (!/\b(combien|montant|quelle somme|budget|cout|coute|enveloppe|dotation|quand|quelle date|date|delai|echeance|en quelle annee)\b/.test(folded)) return undefined;
  const kind = figureKindAsked(question);
  return kind === 'money' || kind === 'date' ? kind : undefined;
}

/**
 * Units a count or a duration is measured in (« combien de temps », « combien d'heures »): after
 * « combien de », they say what sort of figure is asked, not what it is about.
 */
/**
 * Words that qualify a figure (« combien de membres mini et maxi », « le montant max », « au
 * total »): which bound or sum is asked, never what is counted. Folded forms.
 */
export const FIGURE_QUALIFIERS = new Set(['mini', 'maxi', 'min', 'max', 'minimum', 'maximum', 'minimal', 'maximal', 'total', 'exactement', 'environ', 'approximativement', 'moyen', 'moyenne']);

export const MEASURE_WORDS = new Set(['temps', 'fois', 'heure', 'heures', 'jour', 'jours', 'semaine', 'semaines', 'mois', 'an', 'ans', 'annee', 'annees', 'euro', 'euros', 'argent', 'pourcent']);

/**
 * Verbs that end what a figure counts (« combien d'habitants vivent en QPV » counts habitants):
 * the subject is the noun phrase before them, and the text may use another verb (« résident »).
 * Folded forms.
 */
export const SUBJECT_ENDING_VERBS = new Set(
  (
    'vit vivent habite habitent reside resident residant beneficie beneficient beneficiant touche touchent ' +
    'compte comptent represente representent concerne concernent accueille accueillent travaille travaillent ' +
    'recoit recoivent percoit percoivent genere generent permet permettent cree creent est sont sera seront a ont etait etaient y ' +
    // Participles that say the figure's status (« nb de bénéficiaires prévus »), and when
    // (« combien d'ARMS aujourd'hui »): the text counts the same thing with other words or none.
    'prevu prevus prevue prevues attendu attendus attendue attendues envisage envisages vise vises cible cibles ' +
    "aujourd'hui actuellement maintenant desormais actuel actuels actuelle actuelles"
  ).split(/\s+/),
);

/** Future and conditional endings (« générerait », « permettront »): nouns do not end so. */
const VERB_ENDING = /(?:erait|eraient|eront|irait|iraient|iront|ttront|rront|vront)$/;

/** Whether a folded word is a verb that ends what a figure counts. */
export function endsFigureSubject(word: string): boolean {
  return SUBJECT_ENDING_VERBS.has(word) || (word.length >= 7 && VERB_ENDING.test(word));
}

/** A passage that states its unit once (« en euros », « montants en € ») gives amounts as bare numbers. */
const EUROS_STATED = /\b(en euros?|en €|en k€|en milliers d'euros|montants? en|\(€\)|\(en €\)|\(euros\))/i;
/** A bare amount: several digits grouped by thousands, not a year. */
const BARE_AMOUNT = /\b\d{1,3}(?:[\s.\u202f]\d{3})+\b|\b\d{5,}\b/;

/** Whether a passage says its numbers are euros. */
export function statesEuros(passage: string): boolean {
  return EUROS_STATED.test(passage);
}

/** Whether a sentence holds a bare amount (« 4 314 000 ») that its passage's stated unit makes euros. */
export function holdsBareAmount(sentence: string): boolean {
  return BARE_AMOUNT.test(sentence);
}

/**
 * « combien max des crédits 147 », « quelle part du budget »: a share of a given whole (« combien »
 * or « part » before a definite article), answered by a rate as well as by an amount.
 */
export function asksForShare(foldedQuestion: string): boolean {
  return /\b(?:combien|cb|(?<!\bde )(?:quelle|la) part)(?:\s+(?:max|maxi|maximum|mini|minimum|au maximum|au plus))?\s+(?:(?:des|du|de la)\s(?!coup\b)|de l')/.test(foldedQuestion);
}

/** « De combien est majoré… », « de combien a baissé… »: a change, answered by a rate as well as by an amount. */
export function asksForChange(foldedQuestion: string): boolean {
  return /\b(majore\w*|major\w*|augment\w*|baiss\w*|diminu\w*|reduit\w*|reduction|hausse|evolu\w*|progress\w*|abattement|abaiss\w*|rehauss\w*)\b/.test(foldedQuestion);
}

/**
 * « c'est combien par poste ? », « payé combien par mois ? », « combien par place de crèche ? »: the
 * unit a figure is asked per, the bare noun after « par » (folded). « par la CAF », « par qui »,
 * « par rapport à », « par mail » say who or how, not per what.
 */
const PER_UNIT =
  /\b(?:combien|cb|montant|somme|max|maxi|mini|maximum|minimum|plafonne|plafond|taux|budget|aide|euros?)\b[^?]{0,25}?\bpar\s+(?!(?:le|la|les|l|un|une|des|du|de|d|qui|quoi|combien|quel|quelle|quels|quelles|ou|rapport|exemple|ailleurs|contre|consequent|ici|mail|email|courriel|courrier|telephone|internet|voie|biais|defaut|avance|ecrit|oral|erreur|moments|chance|hasard|dela|dessus|dessous|ses|son|sa|leur|leurs|nos|notre|vos|votre|mon|ma|mes|ce|cet|cette|ces|tous|toutes|tout)\b)([a-z]{2,})/;

export function perUnitAsked(foldedQuestion: string): string | undefined {
  const text = foldedQuestion.replace(/[’']/g, ' ');
  const found = PER_UNIT.exec(text);
  if (!found) return undefined;
  const unit = found[1]!;
  const rest = text.slice(found.index + found[0].length - unit.length);
  // « par chaque partenaire » is per partner; « par education nationale », « par France Travail »
  // name who pays, not per what.
  if (/^(chaque|chacun|chacune)\b/.test(rest)) return /^(?:chaque|chacun|chacune)\s+(?:de\s+|des\s+)?([a-z]{2,})/.exec(rest)?.[1];
  // (« par commune » stays a unit: the actor forms of a town need their article.)
  if (actorsNamed(rest.split(/\s+/).slice(0, 3).join(' ')).length > 0) return undefined;
  return unit;
}

/** Words a sentence gives a figure per year or month with, besides « par an », « / mois ». */
const PER_PERIOD: Record<string, RegExp> = {
  an: /\b(annuel|annuelle|annuels|annuelles|annuellement|chaque annee|par annee|l'an)\b/,
  annee: /\b(annuel|annuelle|annuels|annuelles|annuellement|chaque annee|par an|l'an)\b/,
  mois: /\b(mensuel|mensuelle|mensuels|mensuelles|mensuellement|chaque mois)\b/,
  semaine: /\b(hebdomadaire|hebdomadaires|chaque semaine)\b/,
  jour: /\b(journalier|journaliere|quotidien|quotidienne|chaque jour)\b/,
};

/**
 * Whether a sentence gives a figure per that unit: « par poste », « / poste », « chaque poste »,
 * « pour chaque poste », « annuel » for « par an ». Compared on the unit's first five letters
 * (« par places » for « par place », « poste » for « postes »).
 */
export function statesPerUnit(rawSentence: string, unit: string): boolean {
  const folded = foldText(rawSentence);
  return perUnitPatterns(unit).some((pattern) => pattern.test(folded)) || (PER_PERIOD[unit]?.test(folded) ?? false);
}

/** The patterns stating a figure per this unit, compiled once per unit (a sentence is read many times per answer). */
const PER_UNIT_PATTERNS = new Map<string, RegExp[]>();
function perUnitPatterns(unit: string): RegExp[] {
  let patterns = PER_UNIT_PATTERNS.get(unit);
  if (patterns) return patterns;
  const roots = PERSON_UNITS.has(unit) ? [...PERSON_UNITS] : [unit];
  // « 1 ARMS pour 10 000 habitants » is per habitant too.
  patterns = roots.map((word) => {
    // A short unit is a whole word (« par an » is not « par ANCT »); a long one its first letters.
    const root = word.length <= 4 ? `${word}s?\\b` : word.slice(0, 5);
    // « pour 10 000 habitants » is a ratio; « pour 3 ans », « pour 12 postes » are totals.
    const forEach = PERSON_UNITS.has(unit) ? '|\\bpour\\s+(?:un|une|\\d[\\d\\s.]*)' : '|\\bpour\\s+(?:un|une)';
    return new RegExp(`(?:\\bpar|/|\\bchaque|\\bchacun(?:e)?\\s+(?:des|de ses)?${forEach})\\s*${root}`);
  });
  // Units are words of the questions asked: a bounded set in practice, kept small all the same.
  if (PER_UNIT_PATTERNS.size >= 256) PER_UNIT_PATTERNS.clear();
  PER_UNIT_PATTERNS.set(unit, patterns);
  return patterns;
}

/** Whom a figure per person is given for: « par bénéficiaire » answers « par personne ». */
const PERSON_UNITS = new Set([
  'personne',
  'personnes',
  'beneficiaire',
  'habitant',
  'habitants',
  'participant',
  'usager',
  'individu',
  'tete',
  'menage',
  'foyer',
  'famille',
  'jeune',
  'enfant',
  'eleve',
  'adherent',
  'salarie',
  'agent',
]);
