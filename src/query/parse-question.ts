/**
 * The question, parsed once: what it asks (kind, labelled block, figure, person), what it names
 * (numbered sections, documents, territories, acronyms, names the corpus never mentions) and which
 * cues fired. Search and composition read this object; nothing downstream re-reads the string.
 */
import { askingSentences } from '../lang/fr/sentences.js';
import type { GlossaryLookup } from '../core/types.js';
import type { DocumentMeta } from '../core/types.js';
import type { LexicalIndex } from '../index/lexical-index.js';
import { BLOCK_CUES, type BlockCue } from '../lang/fr/block-cues.js';
import { askedFor } from './asked-for.js';
import { expandCasualAbbreviations } from '../lang/fr/abbreviations.js';
import { absentDocumentOwner, askedFamilyOf, expandQuery, namedDocuments, namedTerritoryDocument, referenceKey, type ExpandedQuery, type SectionReference } from './query-understanding.js';
import { analyze } from './question-text.js';
import {
  asksNextOccurrence,
  distinctFigureAsked,
  nextEventAsked,
  perUnitAsked,
  withoutEventDates,
  figureKindAsked,
  endsFigureSubject,
  FIGURE_QUALIFIERS,
  MEASURE_WORDS,
  type FigureKind,
} from '../lang/fr/figure-kinds.js';
import { foldText } from './question-text.js';
import { actorsNamed, type Actor } from '../lang/fr/actors.js';
import { asksForName, asksForPerson } from '../lang/fr/person-names.js';
import { contactDetailAsked, type ContactDetail } from '../lang/fr/contact-details.js';
import { placesNamed, withoutTrailingBodyWord } from '../lang/fr/places.js';
import { withoutRequestFrames } from '../lang/fr/request-frames.js';
import { offTopicCueOf, type OffTopicCue } from '../lang/fr/off-topic.js';
import { kindCueOf } from './question-kind.js';
import { FIGURE_CONTINUATION_WORDS } from '../lang/fr/figure-kinds.js';
import { questionClauses } from '../lang/fr/clauses.js';
import { definedTerm } from './definitions.js';
import { isFollowUp, namesReference, resolveQuestion } from './follow-up.js';
import type { ConversationTurn, QuestionKind } from '../core/answer.js';

export interface ParsedQuestion {
  /** As typed. */
  raw: string;
  /** What is searched and answered: a follow-up merged with the question it follows. */
  text: string;
  followUp: boolean;
  kind: QuestionKind;
  /** A follow-up whose own words ask no kind of answer took the previous question's (« et les équipes de rue ? » after « combien… »). */
  kindInherited: boolean;
  references: SectionReference[];
  /** `objectif 18`-style keys of the references. */
  referenceKeys: string[];
  /** Labelled blocks the question asks for (actors, actions, means…), best first. */
  blocks: BlockCue[];
  /** Stems of the noun after « quel(le)s » (« quel territoire » → `territoir`). */
  askedStems: string[];
  /** Sort of figure asked for (amount, date, rate, count); only meaningful when kind is `figure`. */
  figure: FigureKind;
  /** Amount or date, when the question names one of those sorts distinctly. */
  distinctFigure: 'money' | 'date' | undefined;
  asksPerson: boolean;
  /** The term a definition question asks about (« c'est quoi le BOP 147 » → `bop 147`). */
  definedTerm: string | undefined;
  expanded: ExpandedQuery;
  namedDocuments: DocumentMeta[];
  /** The one document whose specific territory the question names (« l'agglo Hénin-Carvin »). */
  namedTerritory: DocumentMeta | undefined;
  /** Capitalised names and acronyms of the question the corpus never mentions. */
  unknownNames: string[];
  /** Numbered sections the question names that the corpus lacks (« l'objectif n° 40 »). */
  missingSections: string[];
  /**
   * Stems of what an asked figure measures (« le taux de chômage » → chomag; « combien de
   * logements » → logement): a figure about something else does not answer.
   */
  figureSubject: string[];
  /** The unit a figure is asked per (« combien par poste ? » → poste), folded. */
  perUnit: string | undefined;
  /** The event whose next occurrence is asked (« le prochain copil » → copil), folded. */
  nextEvent: string | undefined;
  /** What the question is about when no public-policy document answers it (the weather, a recipe). */
  offTopic: OffTopicCue | undefined;
  /** The place whose document the question asks for when the corpus has none of its documents. */
  absentDocumentOwner: string | undefined;
  /** Whether the question asks for someone's name itself (« comment s'appelle… »). */
  asksName: boolean;
  /** Whether the question asks when an occurrence still to come happens (« la prochaine réunion »). */
  asksNextOccurrence: boolean;
  /** Places the question names (« à Saint-Amans », « le site d'Auchel »), as written. */
  places: string[];
  /** The numbered family the question asks to list (« les quatre axes » → `axe`), when it names none of its numbers. */
  askedFamily: string | undefined;
  /** The contact detail the question asks for (a telephone number, an e-mail, an address). */
  contactAsked: ContactDetail | undefined;
  /** Years the question is about (« le budget 2024 »), not a law's year nor an amount; a follow-up's own first. */
  askedYears: string[];
  /**
   * Years that name an edition of something (« l'appel à projets 2026 », « la programmation
   * 2025 »): written right after a noun, not after « en » or « pour ». A date in that year is not
   * that edition's date.
   */
  editionYears: string[];
  /**
   * Stems of each name the question puts in quotation marks (« Prévenir les sorties sèches de
   * l'ASE »), two stems or more: a quoted name is copied from a document, so a passage holding
   * all of it is about that very thing.
   */
  quotedNames: string[][];
  /**
   * The clauses of a compound question (« c'était combien en 2025 et il en reste combien ? »),
   * each to be asked after the one before it, as a follow-up; [] for a question asking one thing.
   */
  clauses: string[];
  /** The public actors the question names (« la CAF », « France Travail »), a follow-up's replacing the previous question's. */
  actors: Actor[];
  /**
   * The document the previous answer of the conversation cited first, for a follow-up: what it
   * asks next is most often in the same document (« et ça a été voté quand ? »).
   */
  continuedFile: string | undefined;
  /** Ids of every cue that fired, for `ask --json` and ablation reports. */
  cues: string[];
}

/** The content stems of each quoted name of a question (French « » or straight double quotes). */
export function quotedNamesOf(text: string): string[][] {
  const names: string[][] = [];
  for (const match of text.matchAll(/«([^»]+)»|"([^"]+)"|“([^”]+)”/g)) {
    const stems = [...new Set(analyze(match[1] ?? match[2] ?? match[3] ?? ''))];
    if (stems.length >= 2) names.push(stems);
  }
  return names;
}

export interface QuestionParserParts {
  glossary: GlossaryLookup;
  lexical: LexicalIndex;
  documents: DocumentMeta[];
  /** Whether a multi-word name occurs in the corpus (case, accents and spacing ignored). */
  phraseKnown?: (phrase: string) => boolean;
  /** Whether the corpus writes a word as a proper name (capitalised inside a sentence). */
  isProperName?: (word: string) => boolean;
  /** Whether the corpus has sections of this reference's family but not this number. */
  isMissingSection?: (key: string) => boolean;
  /** Weight of the words a follow-up inherits from the previous question (1 for its own words). */
  inheritedTermWeight: number;
}

/** Words that make the noun after them what is asked (« quels dispositifs », « c'est qui les acteurs »). */
const ASKING_WORDS = /\b(quel|quels|quelle|quelles|quoi|qui|liste|lister|lesquel\w*|comme|ya|y a|y'a|c'est|sont|cite\w*|donne\w*|enumere\w*|mobilis\w*)\b/;

/**
 * Public actors the question names, typed in lower case as chat messages are (« la banque des
 * territoires met combien ? », « l'ars s'engage sur quoi ? »), that the corpus never writes under
 * any of their names: it cannot say what they do. Their labels, for the refusal.
 */
function absentActorsOf(folded: string, lexical: LexicalIndex, phraseKnown?: (phrase: string) => boolean): string[] {
  if (!phraseKnown) return [];
  const written = (name: string) => (name.includes(' ') || name.includes("'") ? phraseKnown(name) : analyze(name).some((term) => lexical.documentFrequency(term) > 0));
  // Only an actor the question names by one of its full names: « cdc » is also a cahier des
  // charges, « ft » many things.
  const says = (name: string) => new RegExp(`(?<![\\p{L}\\d])${name}(?![\\p{L}\\d])`, 'u').test(folded);
  return actorsNamed(folded).flatMap(({ named }) => (named?.written.some(says) && !named.written.some(written) ? [named.label] : []));
}

/** Capitalised words of the question that the corpus never mentions (an organisation, a place the corpus does not have). */
function unknownNamesOf(question: string, lexical: LexicalIndex, glossary: GlossaryLookup, phraseKnown?: (phrase: string) => boolean): string[] {
  const unknown: string[] = [];
  // A name of several capitalised words (« Action Logement ») must occur as such: its words
  // alone (« action », « logement ») are everywhere.
  if (phraseKnown) {
    // Letters by Unicode property: « \b » is ASCII-only and would cut « Cité » to « Cit ».
    for (const match of question.slice(1).matchAll(/(?<![\p{L}\d])([A-ZÀ-Ý][a-zà-ÿ]+(?:[\s-]+[A-ZÀ-Ý][a-zà-ÿ]+)+)(?![\p{L}\d])/gu)) {
      if (!match[1]) continue;
      // « Morvaine Agglo »: the place is named, then its body, which the corpus writes in full.
      const name = withoutTrailingBodyWord(match[1]);
      if (name.includes(' ') || name.includes('-') ? !phraseKnown(name) : analyze(name).every((term) => lexical.documentFrequency(term) === 0)) unknown.push(match[1]);
    }
  }
  // A capitalised word opening a sentence (« … pas une asso. On peut… ») is not a name, and an
  // acronym the question glosses itself (« un collège (EPLE) ») is explained, not named.
  const words = question
    .replace(/\(\s*[A-Z]{2,}[0-9]*\s*\)/g, ' ')
    .split(/(?<=[.!?:])\s+/)
    .flatMap((sentence) => sentence.split(/[\s,;:!?()«»"]+/).slice(1));
  let previous = '';
  for (const word of words) {
    // « nos CM2 », « notre GEM »: the asker's own, not something the corpus should name.
    const own = /^(?:nos|notre|mon|ma|mes)$/i.test(previous);
    previous = word;
    if (own) continue;
    const cleaned = word.replace(/^[ldLD]['’]/, '').replace(/['’].*$/, '');
    // Two capitals the corpus never writes (« les postes AR », « le BP », « la CU ») are the asker's
    // shorthand for words the corpus spells out, not the name of something it lacks.
    if (!/^[A-ZÀ-Ý][a-zà-ÿ]{3,}/.test(cleaned) && !/^(?:[A-Z]{3,}[0-9]*|[A-Z]{2}[0-9]+)$/.test(cleaned)) continue;
    // An acronym the corpus implies (its long form is there) is known.
    if (glossary.has(foldText(cleaned))) continue;
    const terms = analyze(cleaned);
    if (terms.length > 0 && terms.every((term) => lexical.documentFrequency(term) === 0)) unknown.push(cleaned);
  }
  // Years are not names: a year the corpus never writes may lie inside a range it covers
  // (« 2026 » in a « 2024-2030 » contract); the answer's own years decide (gate.year).
  return unknown;
}

/** The documents' titles and short titles, folded once per catalogue. */
const FOLDED_TITLES = new WeakMap<readonly DocumentMeta[], string[]>();
function foldedTitles(documents: readonly DocumentMeta[]): string[] {
  let titles = FOLDED_TITLES.get(documents);
  if (!titles) {
    titles = documents.flatMap((document) => [document.title, document.short_title ?? ''].map((title) => foldText(title)));
    FOLDED_TITLES.set(documents, titles);
  }
  return titles;
}

let continuationWords: ReadonlySet<string> | undefined;
/** FIGURE_CONTINUATION_WORDS folded, once. */
function figureContinuationWords(): ReadonlySet<string> {
  continuationWords ??= new Set(FIGURE_CONTINUATION_WORDS.map((word) => foldText(word).replace(/[’']/g, '')));
  return continuationWords;
}

/** What the catalogue calls each document (titles, issuer, territory), folded once per catalogue. */
const CATALOGUE_NAMES = new WeakMap<readonly DocumentMeta[], string[]>();
function catalogueNames(documents: readonly DocumentMeta[]): string[] {
  let names = CATALOGUE_NAMES.get(documents);
  if (!names) {
    names = documents.map((document) => foldText([document.title, document.short_title, document.issuer, document.territory].filter(Boolean).join(' | ')));
    CATALOGUE_NAMES.set(documents, names);
  }
  return names;
}

/** Whether `words` occur in `text` as whole words (both folded). */
function containsWords(text: string, words: string): boolean {
  let at = text.indexOf(words);
  while (at >= 0) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + words.length] ?? ' ';
    if (!/[\p{L}\d]/u.test(before) && !/[\p{L}\d]/u.test(after)) return true;
    at = text.indexOf(words, at + 1);
  }
  return false;
}

/** Words that make the year after them a time (« en 2026 », « pour 2026 »), not an edition's name. */
const YEAR_PREPOSITIONS = 'en|pour|au|aux|dans|de|des|du|depuis|avant|apres|fin|debut|vers|sur|entre|et|ou|annee|jusqu|mi|par|a|le|la|les';

/** Years a text is about: « en 2024 », « budget 2023 »; not « loi 1905 » nor « 2000 euros ». */
function yearsOf(text: string, titles: readonly string[] = []): string[] {
  const years: string[] = [];
  // Only the sentences that ask: « notre asso a été déclarée en septembre 2025. On peut avoir des
  // sous cette année ? » does not ask about 2025.
  const scope = askingSentences(text);
  // A year inside a quoted name (« Engagements Quartiers 2030 ») names it, it is not asked about.
  // « la délibération du 12 juin 2023 » names a text by its date: it does not ask about 2023.
  const unquoted = withoutEventDates(scope.replace(/«[^»]*»|"[^"]*"/g, ' '));
  for (const match of unquoted.matchAll(/(\bloi\s+(?:du\s+|de\s+)?(?:[\p{L}\d]+\s+){0,3})?(?<![\d/.-])\b((?:19|20)\d{2})\b(?![\d/.-])(\s*(?:€|euros?|eur\b|k€|m€|habitants?))?/giu)) {
    if (match[1] || match[3] || years.includes(match[2]!)) continue;
    const before = unquoted.slice(0, match.index);
    // « depuis 2022 » says since when the asker's situation holds, not which year is asked about.
    if (/\bdepuis\s*$/i.test(before)) continue;
    // A year a document's title writes after the same word (« Engagements Quartiers 2030 »
    // unquoted) is part of that name.
    const word = /([\p{L}]{3,})\s*$/u.exec(before)?.[1];
    if (word && titles.some((title) => title.includes(`${foldText(word)} ${match[2]}`))) continue;
    years.push(match[2]!);
  }
  return years;
}

/**
 * Whether the question asks for this kind of block: its cue word is what is asked (« quels
 * dispositifs », « c'est qui les acteurs »), not a word inside a name (« le Fonds de Cohésion
 * Sociale », « l'aide sociale à l'enfance »).
 */
function asksFor(cue: BlockCue, folded: string): boolean {
  const pattern = new RegExp(cue.asks.source, 'g');
  for (const match of folded.matchAll(pattern)) {
    const before = folded.slice(0, match.index).trim().split(/\s+/).filter(Boolean).slice(-3);
    if (before.length < 3 && folded.slice(0, match.index).split(/[?.!]/).length === 1) return true;
    if (ASKING_WORDS.test(before.join(' ')) || ASKING_WORDS.test(match[0])) return true;
  }
  return false;
}

/** Words naming a figure: what follows them is what the figure measures. */
const FIGURE_NOUN = /\b(combien|date|montant|nombre|taux|budget|cout|duree|delai|pourcentage|part|somme|enveloppe)(?: \w+)?\s+(?:de la |de l'|du |des |de |d')(.*)$/;
const SUBJECT_WORDS = 2;
const INTERROGATIVE_WORDS = new Set(['quand', 'combien', 'cb', 'quel', 'quelle', 'quels', 'quelles', 'qui', 'quoi', 'comment', 'pourquoi', 'lequel', 'laquelle', 'lesquels', 'lesquelles']);

function figureSubjectOf(folded: string): string[] {
  const match = FIGURE_NOUN.exec(folded);
  if (!match) return [];
  // The subject ends where the question moves on (a verb, a comma, « pour », « dans », a
  // subordinate clause: « son taux de cofinancement parce qu'on est en QPV », a point in time:
  // « combien de temps avant l'événement »).
  const phrase =
    match[2]!.split(
      /[,?;:]|\s(?:pour|dans|par|en|a|au|aux|sur|avec|hors|avant|apres|depuis|entre|jusqu'\S*|l'an|l'annee|cette|ce|dernier|derniere|prochain|prochaine|est|sont|sera|seront|a-t-il|a-t-elle|ont|parce|puisque|car|si|lorsque|quand|comme|qui|que|qu'\S*|et|ou)\s/,
    )[0] ?? '';
  // The subject is the noun phrase: it ends at its verb (« d'habitants vivent en QPV »).
  const all = phrase.split(/\s+/);
  const verb = all.findIndex((word, index) => index > 0 && endsFigureSubject(word));
  // « ça date de quand ? »: a question word is what is asked, never what is counted.
  const words = (verb > 0 ? all.slice(0, verb) : all).filter((word) => {
    const bare = word.replace(/^(d|l)'/, '').replace(/[?!.,]+$/, '');
    return !MEASURE_WORDS.has(bare) && !FIGURE_QUALIFIERS.has(bare) && !INTERROGATIVE_WORDS.has(bare);
  });
  return analyze(words.join(' '))
    .filter((stem) => !/^\d+$/.test(stem))
    .slice(0, SUBJECT_WORDS);
}

/** How a refusal names a section: « objectif n° 40 », « article L123-4 ». */
function referenceLabel(reference: SectionReference): string {
  const code = /^([lrd])(\d.*)$/.exec(reference.number);
  return code ? `${reference.family} ${code[1]!.toUpperCase()}${code[2]}` : `${reference.family} n° ${reference.number}`;
}

/**
 * A follow-up's own words say what it asks; the words it inherits from the previous question
 * only keep it on topic, so they weigh less (« et le mandat dure combien de temps ? » after « le cc
 * des hauts vents c'est combien de membres ? » is about the mandate, not the members).
 */
function inheritedTermsDiscounted(expanded: ExpandedQuery, own: ExpandedQuery | undefined, factor: number): ExpandedQuery {
  if (!own) return expanded;
  const ownTerms = new Set(own.terms.map((weighted) => weighted.term));
  return { ...expanded, terms: expanded.terms.map((weighted) => (ownTerms.has(weighted.term) ? weighted : { ...weighted, weight: weighted.weight * factor })) };
}

export function parseQuestion(raw: string, history: ConversationTurn[] | undefined, parts: QuestionParserParts): ParsedQuestion {
  const followUp = (history?.length ?? 0) > 0 && isFollowUp(raw);
  // Fast typing's shorthand (« pr », « nb ») is read as the words it stands for, once, here.
  const text = withoutRequestFrames(expandCasualAbbreviations(resolveQuestion(raw, history)));
  const folded = foldText(text).replace(/[’']/g, "'");
  const expanded = inheritedTermsDiscounted(
    expandQuery(text, parts.glossary, parts.lexical),
    followUp ? expandQuery(withoutRequestFrames(expandCasualAbbreviations(raw)), parts.glossary, parts.lexical) : undefined,
    parts.inheritedTermWeight,
  );
  const references = expanded.references;
  const referenceKeys = references.map(referenceKey);
  // A follow-up asks for what it names (« et les pistes d'actions ? ») and inherits the rest: a
  // block or a kind of its own replaces the previous question's.
  const own = foldText(raw).replace(/[’']/g, "'");
  const ownBlocks = followUp ? BLOCK_CUES.filter((cue) => asksFor(cue, own)) : [];
  const blocks = ownBlocks.length > 0 ? ownBlocks : BLOCK_CUES.filter((cue) => asksFor(cue, folded));
  const ownKind = followUp ? kindCueOf(raw) : undefined;
  const kindCue = ownKind && ownKind.kind !== 'lookup' ? ownKind : kindCueOf(text);
  const kind = kindCue.kind;
  const asksPerson = asksForPerson(text);
  // A document's name (« la loi Lamy », its issuer, its territory) is known even when its text
  // never writes it: the catalogue gives it.
  const unknownNames = [...unknownNamesOf(text, parts.lexical, parts.glossary, parts.phraseKnown), ...absentActorsOf(folded, parts.lexical, parts.phraseKnown)].filter(
    (name) => !catalogueNames(parts.documents ?? []).some((described) => containsWords(described, foldText(name))),
  );
  const missingSections = references.filter((reference) => parts.isMissingSection?.(referenceKey(reference))).map(referenceLabel);
  const namedTerritory = namedTerritoryDocument(text, parts.documents);
  const asksName = asksForName(text);
  const asksNext = asksNextOccurrence(raw);
  const contactAsked = contactDetailAsked(own);
  // A follow-up is held to the places its own words name: a clause of a compound question
  // (« … au centre social des Tilleuls et quand se réunit le prochain comité ? ») is not about the
  // place of the clause before it.
  const places = placesNamed(followUp ? raw : text, parts.isProperName);
  const family = askedFamilyOf(folded);
  const askedFamily = family && !references.some((reference) => reference.family === family) ? family : undefined;
  const titles = foldedTitles(parts.documents);
  const ownYears = yearsOf(raw, titles);
  const askedYears = ownYears.length > 0 ? ownYears : yearsOf(text, titles);
  const editionYears = askedYears.filter((year) => new RegExp(`(?<![\\p{L}\\d])(?!(?:${YEAR_PREPOSITIONS})\\s)\\p{L}{2,}\\s+${year}\\b`, 'u').test(folded));
  // Likewise the other place's document it asks for: the previous question's words spliced
  // before its own (« … le territoire de l'agglo Logis du Couchant … ») name no place.
  const absentOwner = absentDocumentOwner(followUp ? raw : text, parts.documents);
  const offTopic = offTopicCueOf(folded);
  const quotedNames = quotedNamesOf(text);
  const clauses = followUp ? [] : questionClauses(raw);
  const actors = actorsNamed(folded);
  // A follow-up naming its own document, territory, place, year or numbered section (« et le pacte
  // local des solidarités ? », « et à Hénin-Carvin ? », « et en 2024 ? ») may move elsewhere.
  const continuedFile =
    followUp && namedDocuments(raw, parts.documents).length === 0 && !namedTerritoryDocument(raw, parts.documents) && places.length === 0 && ownYears.length === 0 && !namesReference(raw)
      ? continuedFileOf(history)
      : undefined;
  // A follow-up asking no kind of answer itself, that names a subject of its own (not only the
  // words that go on asking for the same figure: « et au total ? », « et en 2025 ? »).
  // Whole words, not stems: « moyens » and « suivi » are subjects, « moyenne » and « suivant » are not.
  const kindInherited =
    followUp &&
    (ownKind?.kind ?? 'lookup') === 'lookup' &&
    kind !== 'lookup' &&
    foldText(raw)
      .split(/[^a-z0-9]+/)
      .some((word) => word !== '' && !/^\d+$/.test(word) && !figureContinuationWords().has(word) && analyze(word).length > 0);
  const cues = [
    kindCue.id,
    ...(kindInherited ? ['kind.inherited'] : []),
    ...(clauses.length > 0 ? [`compound:${clauses.length}`] : []),
    ...(followUp ? ['follow-up'] : []),
    ...blocks.map((cue) => cue.id),
    ...expanded.registers,
    ...referenceKeys.map((key) => `reference:${key}`),
    ...(asksPerson ? ['asks.person'] : []),
    ...(namedTerritory ? [`territory:${namedTerritory.file}`] : []),
    ...unknownNames.map((name) => `unknown:${name}`),
    ...missingSections.map((name) => `missing:${name}`),
    ...(asksName ? ['asks.name'] : []),
    ...(asksNext ? ['asks.next'] : []),
    ...(contactAsked ? [`asks.contact:${contactAsked}`] : []),
    ...places.map((place) => `place:${place}`),
    ...(askedFamily ? [`asks.family:${askedFamily}`] : []),
    ...askedYears.map((year) => `year:${year}`),
    ...(absentOwner ? [`absent-document:${absentOwner}`] : []),
    ...(offTopic ? [offTopic.id] : []),
    ...(quotedNames.length > 0 ? ['quoted-name'] : []),
    ...actors.map((actor) => `actor:${actor.id}`),
    ...(continuedFile ? [`continues:${continuedFile}`] : []),
  ];
  return {
    raw,
    text,
    followUp,
    kind,
    kindInherited,
    references,
    referenceKeys,
    blocks,
    askedStems: askedFor(text),
    figure: figureKindAsked(text),
    distinctFigure: distinctFigureAsked(text),
    asksPerson,
    definedTerm: kind === 'definition' ? definedTerm(text) : undefined,
    expanded,
    namedDocuments: namedDocuments(text, parts.documents),
    namedTerritory,
    unknownNames,
    missingSections,
    figureSubject: kind === 'figure' ? figureSubjectOf(folded) : [],
    perUnit: kind === 'figure' ? perUnitAsked(folded) : undefined,
    nextEvent: asksNext ? nextEventAsked(raw) : undefined,
    asksName,
    asksNextOccurrence: asksNext,
    contactAsked,
    places,
    askedFamily,
    askedYears,
    editionYears,
    offTopic,
    absentDocumentOwner: absentOwner,
    quotedNames,
    clauses,
    actors,
    continuedFile,
    cues,
  };
}

/** The file the last answer of a conversation cited first, unless it was a refusal (its citations are suggestions). */
function continuedFileOf(history: ConversationTurn[] | undefined): string | undefined {
  const answer = history?.at(-1)?.answer;
  return answer && !answer.refused ? answer.citations[0]?.file : undefined;
}
