/**
 * What a question says besides its words: references to numbered sections (« obj #18 »,
 * « l'objectif n°18 », « action 2.4 », « fiche action 3 ») and acronyms to expand both ways.
 */
import { departementsNamed } from '../lang/fr/departements.js';
import type { GlossaryEntry, GlossaryLookup, LongFormLookup } from '../core/types.js';
import type { DocumentMeta } from '../core/types.js';
import { foldedLongForm as foldLongForm, longFormLookup } from '../index/glossary-index.js';
import type { DocumentNameTerms } from '../index/lookup-file.js';
import { familyTerms, isStopWord, wordTokens } from '../lang/fr/analyzer.js';
import { analyze } from './question-text.js';

/** Weight of word-family keys in queries: a weak hint, measured on eval/dev.jsonl (0.2 beat 0.15, 0.3, 0.5). */
const FAMILY_WEIGHT = 0.2;
/** Weight left to an abbreviation as typed (« agglo »), its long forms carrying the meaning. */
const ABBREVIATION_LITERAL_WEIGHT = 0.3;
import { foldText } from './question-text.js';
import type { WeightedTerm } from '../index/lexical-index.js';
import { REGISTER_ROWS } from '../lang/fr/register.js';
import { withoutTrailingBodyWord } from '../lang/fr/places.js';
import { SEARCH_TUNING } from '../search/search-tuning.js';
import { escapeRegExp } from '../text/escape-regexp.js';

export interface SectionReference {
  family: string;
  number: string;
}

// A Map: aliases are looked up by words of the question (« constructor » is not an alias).
const FAMILY_ALIASES = new Map<string, string>(
  Object.entries({
    objectif: 'objectif',
    objectifs: 'objectif',
    obj: 'objectif',
    axe: 'axe',
    axes: 'axe',
    action: 'action',
    actions: 'action',
    // A sub-action is numbered within its action's numbering (« sous-action 1.1.2 »): asked as
    // « action 1.1.2 » too, so both name the same section.
    'sous-action': 'action',
    'sous action': 'action',
    fiche: 'fiche',
    'fiche action': 'fiche',
    'fiche-action': 'fiche',
    article: 'article',
    art: 'article',
    annexe: 'annexe',
    enjeu: 'enjeu',
    ambition: 'ambition',
    mesure: 'mesure',
    priorite: 'priorite',
    orientation: 'orientation',
  }),
);

/** The family a word names (« obj » → objectif, « art » → article), or the word itself. */
export function familyOfWord(word: string): string {
  const folded = foldText(word).toLowerCase();
  return FAMILY_ALIASES.get(folded) ?? folded;
}

/** Stems of the words naming a numbered family (« objectif », « obj », « art »): the reference itself, not what is asked about it. */
export const REFERENCE_FAMILY_STEMS: ReadonlySet<string> = new Set([...FAMILY_ALIASES.keys()].flatMap((alias) => analyze(alias)));

/** A family's abbreviation (« obj », « art ») → the stem of the word it stands for, which documents write. */
const FAMILY_ABBREVIATION_STEMS = new Map<string, string>(
  [...FAMILY_ALIASES].flatMap(([alias, family]) => {
    const [aliasStem] = analyze(alias);
    const [familyStem] = analyze(family);
    return aliasStem && familyStem && aliasStem !== familyStem && familyStem.startsWith(aliasStem) ? [[aliasStem, familyStem] as [string, string]] : [];
  }),
);

/** Plural names of numbered families (« les quatre axes », « quels enjeux »), folded → family key. */
const FAMILY_PLURALS = new Map<string, string>(
  Object.entries({
    axes: 'axe',
    enjeux: 'enjeu',
    ambitions: 'ambition',
    objectifs: 'objectif',
    actions: 'action',
    articles: 'article',
    fiches: 'fiche',
    'fiches actions': 'fiche',
    'fiches action': 'fiche',
    mesures: 'mesure',
    priorites: 'priorite',
    orientations: 'orientation',
  }),
);
const ASKED_FAMILY = new RegExp(
  `\\b(?:les|des|quels|quelles|ses|leurs|\\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze) (?:grands? |grandes? |principaux |principales )?(${[...FAMILY_PLURALS.keys()].sort((a, b) => b.length - a.length).join('|')})\\b(?!\\s*(?:n\\s*°|#|no)?\\s*\\d)`,
);

/**
 * The numbered family a question asks to list (« quels sont les quatre axes du Pacte » → `axe`):
 * answered by the headings of that family, not by a passage using the word.
 */
export function askedFamilyOf(folded: string): string | undefined {
  const match = ASKED_FAMILY.exec(folded);
  return match ? FAMILY_PLURALS.get(match[1]!) : undefined;
}

/**
 * Verbs and words that ask for a document's parts without narrowing them (« quels sont »,
 * « que prévoit », « mis en œuvre », « retenus »): folded, stemmed by `analyze`.
 */
const OUTLINE_ASKING_WORDS = new Set(
  analyze(
    'sont est quels quelles liste lister principaux principales grands grandes prevoit prevoient prevu prevus prevues contient comporte comportent compte retenu retenus retenues defini definis definies fixe fixes structure structurent met mettent mis mise oeuvre porte portees portes mene menees document texte cadre',
  ),
);

/**
 * Whether a question asking for a numbered family asks for all of it: besides the family, the
 * document's name and words that do not narrow (« quels sont les quatre axes du Pacte »), it
 * says nothing; « quelles actions de prévention l'Assurance maladie mène-t-elle » narrows.
 */
export function asksWholeFamily(question: string, document: DocumentMeta): boolean {
  const named = new Set(analyze(`${document.title} ${document.short_title} ${document.territory ?? ''} ${document.issuer ?? ''} ${document.kind ?? ''}`));
  const family = new Set(analyze([...FAMILY_PLURALS.keys()].join(' ')));
  return analyze(question).every((term) => /^\d+$/.test(term) || named.has(term) || family.has(term) || OUTLINE_ASKING_WORDS.has(term));
}

/** Section numbers: « 18 », « 2.4 », and code article numbers « L262-2 », « R. 2334-10 ». */
const SECTION_NUMBER = '((?:[lrd]\\.?\\s?)?\\d+(?:-\\d+)+|\\d+(?:\\.\\d+)*(?:er)?(?:\\s(?:bis|ter|quater)\\b)?)';

const REFERENCE = new RegExp(
  `\\b(${[...FAMILY_ALIASES.keys()]
    .sort((a, b) => b.length - a.length)
    .map((alias) => alias.replace(' ', '[ -]'))
    .join('|')})\\.?\\s*(?:n\\s*°|no\\.?|num(?:ero)?\\.?|#|:)?\\s*${SECTION_NUMBER}\\b(?![\\s\\u00a0\\u202f]\\d{3}\\b)`,
  'g',
);
// The lookahead: « l'action 10 000 départs » is a count written in groups of three, not action 10.
/** A code article named without the word « article » (« le L262-2 », « R2334-10 »). */
const BARE_CODE_ARTICLE = /(?<![\w-])([lrd])\.?\s?(\d{3,4}(?:-\d+)+)\b/g;

/** « l. 262-2 » → « l262-2 »: one key however the code number is spaced. */
function sectionNumberKey(number: string): string {
  // « 1er » is article 1; « 7 bis » stays apart from article 7.
  return number
    .replace(/^([lrd])\.?\s?/, '$1')
    .replace(/^(\d+)er\b/, '$1')
    .replace(/\s+/, ' ');
}

export function parseReferences(question: string): SectionReference[] {
  const folded = foldText(question);
  const references: SectionReference[] = [];
  for (const match of folded.matchAll(REFERENCE)) {
    const alias = match[1]!;
    const number = match[2]!;
    const family = FAMILY_ALIASES.get(alias.replace('-', ' ')) ?? FAMILY_ALIASES.get(alias);
    // « les fiches action 2023 » names a year, not a section numbered 2023.
    if (/^(19|20)\d{2}$/.test(number)) continue;
    if (family) references.push({ family, number: sectionNumberKey(number) });
  }
  for (const match of folded.matchAll(BARE_CODE_ARTICLE)) {
    const number = `${match[1]}${match[2]}`;
    if (!references.some((reference) => reference.number === number)) references.push({ family: 'article', number });
  }
  return references;
}

/** The reference key of a breadcrumb label (« Objectif #18 » → `objectif 18`), if it is numbered. */
const LABEL_REFERENCE = new RegExp(`^([a-z-]+(?: action)?)\\s*#?\\s*${SECTION_NUMBER}$`);

export function referenceKeyOfLabel(label: string): string | undefined {
  const match = LABEL_REFERENCE.exec(foldText(label).replace(/\s+/g, ' '));
  if (!match) return undefined;
  const alias = match[1]!;
  const family = FAMILY_ALIASES.get(alias) ?? (alias === 'fiche action' ? 'fiche' : undefined);
  return family ? `${family} ${sectionNumberKey(match[2]!)}` : undefined;
}

export function referenceKey(reference: SectionReference): string {
  return `${reference.family} ${reference.number}`;
}

export interface Vocabulary {
  documentFrequency(term: string): number;
  termsWithPrefix(prefix: string, limit?: number): string[];
  termsWithinOneEdit(term: string, limit?: number): string[];
}

export interface ExpandedQuery {
  terms: WeightedTerm[];
  /** Acronyms of the question with their long forms, for answers that define them. */
  acronyms: GlossaryEntry[];
  references: SectionReference[];
  /**
   * The question's own terms, each with the index terms that stand for it (word family,
   * abbreviation or typo repair, an acronym's long form). Answer composition counts a concept
   * once, whichever form a passage uses.
   */
  concepts: QueryConcept[];
  /** Ids of the register rows (src/lang/fr/register.ts) the question's phrasing fired. */
  registers: string[];
}

export interface QueryConcept {
  term: string;
  /** Alternative index terms; `allOf` groups must all be present (an acronym's long form). */
  anyOf: string[];
  allOf: string[][];
  /** Word-family keys (« ~publi »): loose, a weak sign only. */
  family: string[];
}

const foldedLongForms = new WeakMap<GlossaryEntry, string>();

/** « quartiers prioritaires … » as ` quartiers prioritaires … `, folded once per entry. */
function foldedLongForm(entry: GlossaryEntry): string {
  let folded = foldedLongForms.get(entry);
  if (folded === undefined) foldedLongForms.set(entry, (folded = foldLongForm(entry.expansion)));
  return folded;
}

/** Made once per glossary held in memory (it is not modified after the index is loaded); an index's stored glossary brings its own. */
const longFormIndexes = new WeakMap<GlossaryLookup, LongFormLookup>();

function longFormIndexOf(glossary: GlossaryLookup): LongFormLookup {
  if (glossary.longForms) return glossary.longForms;
  let index = longFormIndexes.get(glossary);
  if (!index) longFormIndexes.set(glossary, (index = longFormLookup([...glossary.values()], foldedLongForm)));
  return index;
}

/**
 * Builds, once, the look-up tables questions are parsed against (long forms by first word,
 * documents by name and territory terms): called when an index is loaded, so the first question
 * does not pay for them. `documentTerms`: the documents' analysed names, stored in the index at
 * ingest (`buildIndexLookups`), so that loading does not analyse every name again.
 */
export function prepareQuestionLookups(glossary: GlossaryLookup, documents: DocumentMeta[], documentTerms?: DocumentNameTerms): void {
  longFormIndexOf(glossary);
  if (documentTerms && !documentNamesByList.has(documents)) documentNamesByList.set(documents, documentNamesFrom(documents, documentTerms));
  documentNamesOf(documents);
}

/** The explicit entries whose multi-word long form starts with one of `words`, in glossary order. */
function longFormsStartingWith(glossary: GlossaryLookup, words: Set<string>): GlossaryEntry[] {
  const index = longFormIndexOf(glossary);
  const positions: number[] = [];
  for (const word of words) {
    const found = index.positions(word);
    if (found) for (let at = 0; at < found.length; at += 1) positions.push(found[at]!);
  }
  return positions.sort((a, b) => a - b).map((position) => index.entry(position));
}

/**
 * Everyday phrasings (« jusqu'à quand », « qui signe ») also search the words documents use for
 * them (src/lang/fr/register.ts), at low weight; a passage using those words covers the phrasing's
 * own concepts, so « dure » is answered by « durée ». Returns the ids of the rows fired.
 */
function addRegisterTerms(folded: string, terms: WeightedTerm[], concepts: Map<string, QueryConcept>): string[] {
  const fired: string[] = [];
  const own = new Set(terms.map((weighted) => weighted.term));
  for (const row of REGISTER_ROWS) {
    const match = row.asks.exec(folded);
    if (!match) continue;
    fired.push(row.id);
    const documentTerms = [...new Set(analyze(row.documentWords))].filter((term) => !own.has(term));
    for (const term of documentTerms) terms.push({ term, weight: SEARCH_TUNING.registerTermWeight });
    for (const stem of analyze(match[0])) concepts.get(stem)?.anyOf.push(...documentTerms);
  }
  return fired;
}

/** Weight of a département's number once its name stands for it (« dans le 62 »). */
const DEPARTEMENT_NUMBER_WEIGHT = 0.2;

/**
 * Query terms with glossary expansion: an acronym brings its long form (half weight), a long
 * form brings its acronym, so « QPV » and « quartiers prioritaires » retrieve each other.
 */
export function expandQuery(question: string, glossary: GlossaryLookup, vocabulary?: Vocabulary): ExpandedQuery {
  const stems = analyze(question);
  const terms: WeightedTerm[] = stems.map((term) => ({ term, weight: 1 }));
  const concepts = new Map<string, QueryConcept>();
  for (const stem of stems) if (!concepts.has(stem)) concepts.set(stem, { term: stem, anyOf: [], allOf: [], family: [] });
  for (const stem of stems) {
    for (const family of familyTerms([stem])) {
      terms.push({ term: family, weight: FAMILY_WEIGHT });
      concepts.get(stem)?.family.push(family);
    }
  }
  // « dans le 62 »: the number is the département's name in speech; documents write the name
  // (« Pas-de-Calais »), and the number alone matches any « 62 » of any table.
  for (const { number, name } of departementsNamed(question)) {
    const stem = analyze(number)[0];
    const concept = stem ? concepts.get(stem) : undefined;
    if (!stem || !concept) continue;
    // « Deux-Sèvres » analyses to « 2 » and « sevr »: a number says nothing of the name.
    const nameTerms = analyze(name).filter((term) => !/^\d+$/.test(term));
    concept.allOf.push(nameTerms);
    for (const term of terms) if (term.term === stem) term.weight = DEPARTEMENT_NUMBER_WEIGHT;
    for (const term of nameTerms) terms.push({ term, weight: 1 });
  }
  // « obj 7 », « l'art. 3 »: the abbreviation says the family's word, which a heading writes whole
  // (only before a number: « projets d'art urbain » name no article).
  const references = parseReferences(question);
  const referenced = new Set(references.flatMap((reference) => analyze(reference.family)));
  for (const stem of stems) {
    const family = FAMILY_ABBREVIATION_STEMS.get(stem);
    if (family && !referenced.has(family)) continue;
    const concept = concepts.get(stem);
    if (family && concept && !concept.anyOf.includes(family)) concept.anyOf.push(family);
  }
  if (vocabulary) {
    // Words the corpus never uses are abbreviations (« agglo », « asso ») or typos (« dispositfs »):
    // they borrow the index terms they abbreviate or misspell, at reduced weight.
    // The words as typed, by stem: « situé » (stem « situ ») does not abbreviate « situation ».
    const typedByStem = new Map<string, string[]>();
    for (const token of wordTokens(question)) for (const stem of analyze(token)) typedByStem.set(stem, [...(typedByStem.get(stem) ?? []), token]);
    for (const term of new Set(stems)) {
      if (term.length < 4 || /\d/.test(term)) continue;
      const frequency = vocabulary.documentFrequency(term);
      const typed = typedByStem.get(term) ?? [term];
      // A rare word whose longer forms are common is an abbreviation (« Agglo » beside « Agglomération »):
      // the longer form must begin with the word as typed, not merely with its stem.
      const prefixed = vocabulary
        .termsWithPrefix(term, 4)
        .filter((candidate) => candidate !== term && vocabulary.documentFrequency(candidate) >= Math.max(1, frequency * 5) && typed.some((word) => candidate.startsWith(word)));
      if (frequency > 0 && prefixed.length === 0) continue;
      const near = prefixed.length > 0 || term.length < 5 ? [] : vocabulary.termsWithinOneEdit(term, 2);
      for (const candidate of [...prefixed, ...near]) {
        terms.push({ term: candidate, weight: 0.6 });
        concepts.get(term)?.anyOf.push(candidate);
      }
      // « agglo » means « agglomération »: the rare literal (« Pass'Mobil'Agglo ») must not outweigh it.
      if (prefixed.length > 0) for (const weighted of terms) if (weighted.term === term) weighted.weight = ABBREVIATION_LITERAL_WEIGHT;
    }
  }
  const acronyms: GlossaryEntry[] = [];
  const folded = ` ${foldText(question).replace(/[^a-z0-9]+/g, ' ')} `;
  const seen = new Set<string>();
  for (const raw of question.split(/[^A-Za-zÀ-ÿ0-9&-]+/)) {
    const entry = glossary.get(foldText(raw));
    if (!entry || seen.has(entry.term) || raw.length < 2) continue;
    // « de », « la », « au » are words before they are acronyms (« DE » = demandeur d'emploi).
    if (isStopWord(foldText(raw)) && raw !== raw.toUpperCase()) continue;
    if (isStopWord(foldText(raw)) && raw.length <= 2) continue;
    // Only words typed like acronyms (« QPV », « qpv » alone) count, not ordinary words.
    if (!/^[A-Z0-9&-]+$/.test(raw) && raw.length > 5) continue;
    seen.add(entry.term);
    acronyms.push(entry);
    const longForm = analyze(entry.expansion);
    for (const term of longForm) terms.push({ term, weight: 0.5 });
    for (const stem of analyze(raw)) concepts.get(stem)?.allOf.push(longForm);
  }
  // Only long forms whose first word is a word of the question can occur in it: looked up by that
  // word, in the glossary's order, rather than by reading every entry.
  for (const entry of longFormsStartingWith(glossary, new Set(folded.split(' ')))) {
    // An acronym the corpus never writes adds nothing to a question already using its long form.
    if (seen.has(entry.term) || entry.implicit) continue;
    const longForm = foldedLongForm(entry);
    if (longForm.trim().split(' ').length >= 2 && folded.includes(longForm)) {
      seen.add(entry.term);
      acronyms.push(entry);
      terms.push({ term: foldText(entry.term), weight: 0.7 });
    }
  }
  const registers = addRegisterTerms(foldText(question).replace(/[’']/g, "'"), terms, concepts);
  return { terms, acronyms, references, concepts: [...concepts.values()], registers };
}

/**
 * Documents a question names by a word only their title or territory carries (« CABBALR »,
 * « Bassin minier », « Hénin-Carvin »), so a question about two documents can be served by both.
 */
export function namedDocuments(question: string, documents: DocumentMeta[]): DocumentMeta[] {
  const { documentByDistinctiveTerm } = documentNamesOf(documents);
  const positions = new Set<number>();
  for (const term of analyze(question)) {
    const position = documentByDistinctiveTerm.get(term);
    if (position !== undefined) positions.add(position);
  }
  return [...positions].sort((a, b) => a - b).map((position) => documents[position]!);
}

/**
 * What the question parser looks up in the catalogue, computed once per list of documents (the
 * index's, loaded once), so that no question reads every document: each term of a name or of a
 * territory points to the documents carrying it.
 */
interface DocumentNames {
  /** A term of a document's short title or territory that no other document carries → that document. */
  documentByDistinctiveTerm: Map<string, number>;
  /** Each document's territory terms (empty without a territory). */
  territoryTerms: string[][];
  /** First territory term → documents whose territory starts with it. */
  territoriesByFirstTerm: Map<string, number[]>;
  /** Folded territory → how many documents have it. */
  territoryCounts: Map<string, number>;
  /** Each document's descriptive terms (title, short title, issuer, territory, file name). */
  describedTerms: Set<string>[];
  /** Descriptive term → documents described by it. */
  describedBy: Map<string, number[]>;
}

const documentNamesByList = new WeakMap<DocumentMeta[], DocumentNames>();

/** The analysed words of each document's name: what `buildIndexLookups` stores in the index at ingest. */
export function documentNameTerms(documents: readonly DocumentMeta[]): DocumentNameTerms {
  return {
    nameTerms: documents.map((meta) => [...new Set(analyze(`${meta.short_title} ${meta.territory ?? ''}`))]),
    territoryTerms: documents.map((meta) => analyze(meta.territory ?? '')),
    describedTerms: documents.map((meta) => [...new Set(analyze([meta.title, meta.short_title, meta.issuer, meta.territory, meta.file.replace(/[-_.]/g, ' ')].filter(Boolean).join(' ')))]),
  };
}

function documentNamesOf(documents: DocumentMeta[]): DocumentNames {
  let names = documentNamesByList.get(documents);
  if (names) return names;
  names = documentNamesFrom(documents, documentNameTerms(documents));
  documentNamesByList.set(documents, names);
  return names;
}

/** The look-ups of a list of documents, from their analysed names (no analysis here). */
function documentNamesFrom(documents: readonly DocumentMeta[], terms: DocumentNameTerms): DocumentNames {
  const { nameTerms, territoryTerms } = terms;
  // How many documents carry each term: a term carried by one document only is distinctive.
  const carriers = new Map<string, number>();
  for (const terms of nameTerms) for (const term of terms) carriers.set(term, (carriers.get(term) ?? 0) + 1);
  const documentByDistinctiveTerm = new Map<string, number>();
  nameTerms.forEach((terms, position) => {
    for (const term of terms) if (!/^\d+$/.test(term) && carriers.get(term) === 1) documentByDistinctiveTerm.set(term, position);
  });
  const push = (map: Map<string, number[]>, key: string, position: number) => {
    const list = map.get(key);
    if (list) list.push(position);
    else map.set(key, [position]);
  };
  const territoriesByFirstTerm = new Map<string, number[]>();
  territoryTerms.forEach((terms, position) => {
    if (terms.length > 0) push(territoriesByFirstTerm, terms[0]!, position);
  });
  const territoryCounts = new Map<string, number>();
  for (const meta of documents) {
    const territory = foldText(meta.territory ?? '');
    territoryCounts.set(territory, (territoryCounts.get(territory) ?? 0) + 1);
  }
  const describedTerms = terms.describedTerms.map((list) => new Set(list));
  const describedBy = new Map<string, number[]>();
  describedTerms.forEach((terms, position) => {
    for (const term of terms) push(describedBy, term, position);
  });
  return { documentByDistinctiveTerm, territoryTerms, territoriesByFirstTerm, territoryCounts, describedTerms, describedBy };
}

/**
 * The one document whose territory the question names (« l'agglo Hénin-Carvin », « la
 * CABBALR »), when no other document covers that territory: the question is about that place.
 */
export function namedTerritoryDocument(question: string, documents: DocumentMeta[]): DocumentMeta | undefined {
  const questionTerms = new Set(analyze(question));
  const names = documentNamesOf(documents);
  const matching: number[] = [];
  for (const term of questionTerms) {
    for (const position of names.territoriesByFirstTerm.get(term) ?? []) {
      if (names.territoryTerms[position]!.every((territoryTerm) => questionTerms.has(territoryTerm))) matching.push(position);
    }
  }
  if (matching.length !== 1) return undefined;
  const only = documents[matching[0]!]!;
  return names.territoryCounts.get(foldText(only.territory ?? '')) === 1 ? only : undefined;
}

/**
 * « le contrat de ville de la CA de Lens-Liévin »: a document, then the place it belongs to —
 * named after a territorial body (« communauté d'agglomération de », « l'agglo de »), or right
 * after « contrat de ville de ». Institutions (« programme de l'État ») are not places.
 */
const PLACE_NAME = "([A-ZÀ-Ý][\\p{L}\\d'’-]+(?:[\\s-]+[A-ZÀ-Ý][\\p{L}\\d'’-]+)*)";
const DOCUMENT_OF = [
  new RegExp(
    `\\b(?:contrat|convention|pacte|d[ée]lib[ée]ration|programme|plan|sch[ée]ma|r[ée]glement)\\b[^?]{0,40}?\\b(?:de la|de l'|du|d')\\s*(?:communaut[ée] (?:d'agglom[ée]ration|urbaine|de communes)|agglo(?:m[ée]ration)?|m[ée]tropole|CA|CU|CC)\\s+(?:de la |de l'|du |des |d'|de )?${PLACE_NAME}`,
    'u',
  ),
  new RegExp(`\\bcontrat de ville(?: \\d{4}-\\d{4})? (?:de la ville |de la commune )?(?:de |d'|du )${PLACE_NAME}`, 'u'),
];

/** The words naming a document: its titles, territory and issuer. */
function documentNameText(meta: DocumentMeta): string {
  return `${meta.short_title} ${meta.title ?? ''} ${meta.territory ?? ''} ${meta.issuer ?? ''}`;
}

/**
 * The place a question asks the document of when no document of the corpus belongs to it (« le
 * contrat de ville de Lens-Liévin » when the corpus holds Béthune's and Hénin-Carvin's): another
 * territory's document is not in the corpus, even when its name is mentioned somewhere.
 */
export function absentDocumentOwner(question: string, documents: DocumentMeta[]): string | undefined {
  // Phones type « l’agglo » with a typographic apostrophe.
  const straight = question.replace(/’/g, "'");
  const match = DOCUMENT_OF.map((pattern) => pattern.exec(straight)).find((found) => found !== null);
  if (!match || documents.length === 0) return undefined;
  // « Morvaine Agglo », « Lens Métropole »: the body's word after the place is not the place.
  const written = match[1]!.replace(/['’]$/, '');
  const owner = withoutTrailingBodyWord(written);
  const ownerTerms = analyze(owner);
  if (ownerTerms.length === 0) return undefined;
  const { describedBy, describedTerms } = documentNamesOf(documents);
  // The place must be named whole: « Calais » inside « Pas-de-Calais » is another place.
  const whole = new RegExp(`(?<![\\p{L}-])${escapeRegExp(foldText(owner))}(?![\\p{L}-])`, 'u');
  const owned = (describedBy.get(ownerTerms[0]!) ?? []).some(
    (position) => ownerTerms.every((term) => describedTerms[position]!.has(term)) && whole.test(foldText(documentNameText(documents[position]!))),
  );
  return owned ? undefined : owner;
}
