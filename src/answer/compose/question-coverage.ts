/**
 * How much of a question a piece of text says: the question's concepts weighted by rarity, and
 * the credit a unit, a chunk or a document title gives each of them.
 */
import type { Chunk, DocumentMeta } from '../../core/types.js';
import type { LexicalIndex } from '../../index/lexical-index.js';
import type { QueryConcept } from '../../query/query-understanding.js';
import { analyze, familyTerms } from '../../lang/fr/analyzer.js';
import { SECTION_CONTENT_ASKING_STEMS } from '../../lang/fr/section-questions.js';

/**
 * Words of the question that ask rather than say what about (« quel montant », « combien »), and
 * those asking what a text says (« il porte sur quoi », « que dit »).
 */
export const QUESTION_TERMS = new Set([
  ...analyze('combien montant quel quelle date liste conditions condition prevu prevus prevue principales principaux existe existent propose proposes recommande mobiliser peut doit contrat ville'),
  ...SECTION_CONTENT_ASKING_STEMS,
]);

export interface WeightedQuery {
  concepts: { concept: QueryConcept; weight: number }[];
  /** Flat view for greedy gain: concept term → weight. */
  weights: Map<string, number>;
  total: number;
}

export function weightQuery(concepts: QueryConcept[], lexical: LexicalIndex): WeightedQuery {
  const weighted: { concept: QueryConcept; weight: number }[] = [];
  const weights = new Map<string, number>();
  // Asking words weigh nothing, unless they are all the question says (« c'est quoi un contrat de ville ? »).
  const said = concepts.some((concept) => !QUESTION_TERMS.has(concept.term));
  for (const concept of concepts) {
    if (said && QUESTION_TERMS.has(concept.term)) continue;
    // A word the corpus never uses weighs as its best-known stand-in, not as an unseen rarity.
    // An abbreviation or a typo stands for its known forms: they say how rare the concept is.
    const known = (concept.anyOf.length > 0 ? concept.anyOf : [concept.term]).filter((term) => !term.startsWith('~') && lexical.documentFrequency(term) > 0);
    const weight = known.length > 0 ? Math.max(...known.map((term) => lexical.idf(term))) : lexical.idf(concept.term);
    weighted.push({ concept, weight });
    weights.set(concept.term, weight);
  }
  let total = 0;
  for (const { weight } of weighted) total += weight;
  return { concepts: weighted, weights, total };
}

/** Credit a set of terms gives one concept: 1 for its own form, 0.8 for a stand-in, 0.3 for a word-family cousin. */
export function conceptCredit(terms: Set<string>, concept: QueryConcept): number {
  if (terms.has(concept.term)) return 1;
  if (concept.allOf.some((group) => group.length > 0 && group.every((term) => terms.has(term)))) return 1;
  if (concept.anyOf.some((term) => terms.has(term))) return 0.8;
  if (concept.family.some((term) => terms.has(term))) return 0.3;
  return 0;
}

/**
 * The question without the concepts no passage of the corpus holds (« 2031 », a name it never
 * mentions): what a section can share with it at best.
 */
export function knownPart(query: WeightedQuery, lexical: LexicalIndex): WeightedQuery {
  const held = (term: string) => !term.startsWith('~') && lexical.documentFrequency(term) > 0;
  const concepts = query.concepts.filter(({ concept }) => held(concept.term) || concept.anyOf.some(held) || concept.allOf.some((group) => group.length > 0 && group.every(held)));
  const weights = new Map(concepts.map(({ concept, weight }) => [concept.term, weight]));
  return { concepts, weights, total: concepts.reduce((sum, { weight }) => sum + weight, 0) };
}

export function coverage(terms: Set<string>, query: WeightedQuery): number {
  if (query.total === 0) return 0;
  let covered = 0;
  for (const { concept, weight } of query.concepts) covered += weight * conceptCredit(terms, concept);
  return covered / query.total;
}

const docTermCache = new WeakMap<DocumentMeta, Set<string>>();

export function docTermsOf(meta: DocumentMeta | undefined): Set<string> {
  if (!meta) return new Set();
  let terms = docTermCache.get(meta);
  if (!terms) {
    terms = new Set(analyze(`${meta.short_title} ${meta.territory ?? ''}`));
    docTermCache.set(meta, terms);
  }
  return terms;
}

const headingTermCache = new WeakMap<Chunk, Set<string>>();

export function headingTermsOf(chunk: Chunk): Set<string> {
  let terms = headingTermCache.get(chunk);
  if (!terms) {
    terms = new Set(analyze((chunk.headings ?? chunk.breadcrumb).join(' ')));
    headingTermCache.set(chunk, terms);
  }
  return terms;
}

const chunkTermCache = new WeakMap<Chunk, Set<string>>();

/** Terms of a chunk with its headings and document title (cached: chunks are immutable). */
export function chunkTerms(chunk: Chunk, meta: DocumentMeta | undefined): Set<string> {
  let terms = chunkTermCache.get(chunk);
  if (!terms) {
    const where = [meta?.short_title ?? '', meta?.territory ?? '', ...(chunk.headings ?? chunk.breadcrumb)].join(' ');
    terms = new Set([...termSet(chunk.text), ...analyze(where)]);
    chunkTermCache.set(chunk, terms);
  }
  return terms;
}

/** Terms of a text with their word-family keys, as the coverage of a question counts them. */
export function termSet(text: string): Set<string> {
  const stems = analyze(text);
  return new Set([...stems, ...familyTerms(stems)]);
}
