/**
 * A gold set generated from any corpus's outline: for every labelled block of a numbered section
 * (an objective's actors, actions, means; an action's budget…) and every numbered section holding
 * items (an action's sub-actions, an article's clauses), questions in several phrasings (formal,
 * casual with abbreviations, without accents) whose answer must hold the node's items and cite it.
 * Nothing here knows the bundled corpus: it reads the tree the ingest built.
 */
import { DocumentTree, bodyLines, type TreeNode } from '../answer/compose/document-tree.js';
import type { Chunk, DocumentMeta } from '../core/types.js';
import { referenceKeyOfLabel } from '../query/query-understanding.js';
import { stripAccents } from '../lang/fr/normalize.js';
import { sectionArticle } from '../lang/fr/section-questions.js';
import type { GoldQuestion } from './gold-set.js';

/** List items as answers render them (bold lines are not items). */
const ITEM = /^\s*([-•▪◦●➤►✓]|\*(?=\s)|\d+°|[a-z]\))\s*/;
/** Items are matched on their opening words: long items are cut by the answer's budget. */
const ITEM_PREFIX_CHARS = 40;
/** At most this many items are required (an answer holds at most 1,500 characters). */
const MAX_ITEMS = 8;
const MAX_ITEM_CHARS_TOTAL = 1_000;

/** « Objectif #18 » → « obj 18 », the abbreviation people type. */
function abbreviated(label: string): string {
  const key = referenceKeyOfLabel(label);
  if (!key) return label;
  const [family, number] = [key.slice(0, key.lastIndexOf(' ')), key.slice(key.lastIndexOf(' ') + 1)];
  const short: Record<string, string> = { objectif: 'obj', article: 'art', action: 'action', fiche: 'fiche', axe: 'axe' };
  return `${(Object.hasOwn(short, family) ? short[family] : undefined) ?? family} ${number}`;
}

function itemPrefix(line: string): string {
  const text = line.replace(ITEM, '').replace(/\*\*/g, '').trim();
  if (text.length <= ITEM_PREFIX_CHARS) return text.replace(/[.;,:]+$/, '');
  const cut = text.slice(0, ITEM_PREFIX_CHARS);
  return cut.slice(0, cut.lastIndexOf(' ') > 20 ? cut.lastIndexOf(' ') : cut.length);
}

/** The node's items in document order (sub-blocks included), as many as an answer can hold. */
function itemsOf(tree: DocumentTree, node: TreeNode): { items: string[]; chunks: Chunk[] } {
  const items: string[] = [];
  const chunks: Chunk[] = [];
  let total = 0;
  for (const chunk of tree.chunksUnder(node)) {
    for (const line of bodyLines(chunk)) {
      if (!ITEM.test(line)) continue;
      const prefix = itemPrefix(line);
      if (prefix.length < 4 || items.includes(prefix)) continue;
      total += line.length;
      if (items.length >= MAX_ITEMS || total > MAX_ITEM_CHARS_TOTAL) return { items, chunks };
      items.push(prefix);
      if (!chunks.includes(chunk)) chunks.push(chunk);
    }
  }
  return { items, chunks };
}

function lower(label: string): string {
  const clean = label
    .replace(/\*\*/g, '')
    .replace(/\s+'\s*/g, "'")
    .trim();
  return clean === clean.toUpperCase() ? clean.toLowerCase() : clean.charAt(0).toLowerCase() + clean.slice(1);
}

function descendants(node: TreeNode): TreeNode[] {
  return node.children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * A numbered section holding several numbered sections of one family (an axe's actions, a
 * chapter's articles): asked for that family, the answer must name each of them.
 */
function outlineQuestions(tree: DocumentTree, keyCounts: Map<string, number>, offset: number): GoldQuestion[] {
  const questions: GoldQuestion[] = [];
  for (const node of tree.allNodes()) {
    const key = referenceKeyOfLabel(DocumentTree.label(node));
    if (!key || (keyCounts.get(key) ?? 0) > 1) continue;
    const byFamily = new Map<string, TreeNode[]>();
    for (const child of node.children) {
      const childKey = referenceKeyOfLabel(DocumentTree.label(child));
      if (!childKey) continue;
      // The family as the headings write it (« Sous-action », « Article »), not its reference key.
      const family = DocumentTree.label(child).split(/\s+/)[0]!.toLowerCase();
      byFamily.set(family, [...(byFamily.get(family) ?? []), child]);
    }
    for (const [family, children] of byFamily) {
      if (children.length < 2 || children.length > MAX_ITEMS) continue;
      const label = DocumentTree.label(node);
      const of = /^[aeiouyhéè]/i.test(label) ? `de l'${label}` : `de ${label}`;
      const must = children.map((child) => DocumentTree.label(child));
      const sources = children.slice(0, 3).flatMap((child) => {
        const chunk = tree.chunksUnder(child)[0];
        const quote = chunk?.text.split('\n')[0] ?? '';
        return chunk && quote ? [{ doc: chunk.file, quote }] : [];
      });
      const plural = /(s|x)$/.test(family) ? family : /(eu|au)$/.test(family) ? `${family}x` : `${family}s`;
      [`Quels sont les ${plural} ${of} ?`, `c koi les ${plural} ${abbreviated(label)}`].forEach((question, index) => {
        questions.push({
          id: `struct-${offset + questions.length + 1}`,
          persona: index === 1 ? 'porteur' : 'staff',
          type: 'list',
          question,
          must_include: must,
          sources,
          notes: `${node.file} › ${node.breadcrumb.join(' › ')} : ${family}s (phrasing ${index + 1})`,
        });
      });
    }
  }
  return questions;
}

/** The title a numbered section's heading gives after its number (« Objectif #19 : Renforcer l'orientation… » → « Renforcer l'orientation… »). */
export function titleOf(node: TreeNode): string | undefined {
  const label = DocumentTree.label(node);
  const heading = node.headings.at(-1) ?? '';
  if (!heading.startsWith(label)) return undefined;
  const title = heading
    .slice(label.length)
    .replace(/^[\s:.\-–—]+/, '')
    .replace(/\*\*/g, '')
    .trim();
  return title.split(/\s+/).length >= 3 ? title : undefined;
}

/**
 * A numbered section with sections under it, asked what it is (« c'est quoi l'objectif 19 ? »):
 * the answer must give its title, which only its heading says (its blocks answer other questions).
 */
function titleQuestions(tree: DocumentTree, keyCounts: Map<string, number>, offset: number): GoldQuestion[] {
  const questions: GoldQuestion[] = [];
  for (const node of tree.allNodes()) {
    const label = DocumentTree.label(node);
    const key = referenceKeyOfLabel(label);
    const title = titleOf(node);
    if (!key || !title || node.children.length === 0 || (keyCounts.get(key) ?? 0) > 1) continue;
    const chunk = tree.chunksUnder(node)[0];
    if (!chunk) continue;
    const { article, pronoun } = sectionArticle(label);
    const the = `${article}${label}`;
    [`C'est quoi ${the} ?`, `${abbreviated(label)} ${pronoun} porte sur quoi ?`, stripAccents(`de quoi parle ${the} ?`)].forEach((question, index) => {
      questions.push({
        id: `struct-${offset + questions.length + 1}`,
        persona: index === 1 ? 'porteur' : 'onboarding',
        type: 'lookup',
        question,
        must_include: [title],
        sources: [{ doc: chunk.file, quote: title }],
        notes: `${node.file} › ${node.breadcrumb.join(' › ')} : its title (phrasing ${index + 1})`,
      });
    });
  }
  return questions;
}

export interface StructureSetOptions {
  /** Keep one question in `every` per phrasing family (the bundled corpus makes several hundred). */
  limit?: number;
  /** The catalogue: a numbered section whose number other documents use too is asked with its document's name. */
  documents?: readonly DocumentMeta[];
}

export function generateStructureSet(chunks: Chunk[], options: StructureSetOptions = {}): GoldQuestion[] {
  const tree = new DocumentTree(chunks);
  const questions: GoldQuestion[] = [];
  // The same number may head sections of several fiches (« Action 1 » of two conventions): the
  // question then names the section above it too.
  const keyCounts = new Map<string, number>();
  // « Article 3 » of two documents: a reader names the document (« l'article 3 du règlement
  // intérieur »), or the question has no one answer.
  const filesByKey = new Map<string, Set<string>>();
  for (const node of tree.allNodes()) {
    const key = referenceKeyOfLabel(DocumentTree.label(node));
    if (!key) continue;
    keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
    filesByKey.set(key, (filesByKey.get(key) ?? new Set()).add(node.file));
  }
  const titleByFile = new Map((options.documents ?? []).map((meta) => [meta.file, meta.short_title]));
  for (const node of tree.allNodes()) {
    const label = DocumentTree.label(node);
    const parentNumbered = node.parent !== undefined && referenceKeyOfLabel(DocumentTree.label(node.parent)) !== undefined;
    const ownNumbered = referenceKeyOfLabel(label) !== undefined;
    // A labelled block right under a numbered section, or a numbered section with no numbered
    // sections under it (its items are its content).
    const hasNumberedBelow = descendants(node).some((below) => referenceKeyOfLabel(DocumentTree.label(below)) !== undefined);
    const leafNumbered = ownNumbered && node.children.length === 0;
    if (hasNumberedBelow || !((parentNumbered && !ownNumbered) || leafNumbered)) continue;
    const numbered = ownNumbered ? node : node.parent!;
    const { items, chunks: itemChunks } = itemsOf(tree, node);
    if (items.length < 2) continue;
    const sources = itemChunks.slice(0, 3).map((source) => ({ doc: source.file, quote: bodyLines(source).find((line) => ITEM.test(line)) ?? source.text.slice(0, 80) }));
    const ambiguous = (keyCounts.get(referenceKeyOfLabel(DocumentTree.label(numbered)) ?? '') ?? 0) > 1;
    const above = numbered.parent ? DocumentTree.label(numbered.parent) : '';
    const numberedKey = referenceKeyOfLabel(DocumentTree.label(numbered)) ?? '';
    const documentTitle = (filesByKey.get(numberedKey)?.size ?? 0) > 1 ? titleByFile.get(numbered.file) : undefined;
    const numberedLabel = `${DocumentTree.label(numbered)}${ambiguous && above ? ` (${above})` : ''}${documentTitle ? ` du document « ${documentTitle} »` : ''}`;
    const shortLabel = `${abbreviated(DocumentTree.label(numbered))}${ambiguous && above ? ` ${above}` : ''}${documentTitle ? `, ${documentTitle}` : ''}`;
    const of = /^[aeiouyhéè]/i.test(numberedLabel) ? `de l'${numberedLabel}` : `de ${numberedLabel}`;
    // A block named by a name (« Le Département du Pas-de-Calais » in a list of partners) is asked about, not listed.
    const named = label.length > 50 || /^(le|la|les|l'|un|une)\s*/i.test(label) || /^[A-ZÉ][a-zé]+\s+[A-ZÉ]/.test(label);
    const phrasings =
      numbered === node
        ? [`Que prévoit ${of.replace(/^de l'/, "l'").replace(/^de /, 'le ')} ?`, `c koi dans ${shortLabel} ?`, stripAccents(`Quel est le contenu ${of} ?`)]
        : named
          ? [`Que dit ${of.replace(/^de l'/, "l'").replace(/^de /, 'le ')} sur ${label} ?`, `${label} ${shortLabel} ?`, stripAccents(`engagements de ${label} ${of} ?`)]
          : [`Liste les ${lower(label)} ${of}.`, `c koi les ${lower(label)} ${shortLabel}`, stripAccents(`${lower(label)} ${of} ?`)];
    phrasings.forEach((question, index) => {
      questions.push({
        id: `struct-${questions.length + 1}`,
        persona: index === 1 ? 'porteur' : 'staff',
        type: 'list',
        question,
        must_include: items,
        sources,
        notes: `${node.file} › ${node.breadcrumb.join(' › ')} (phrasing ${index + 1})`,
      });
    });
  }
  questions.push(...outlineQuestions(tree, keyCounts, questions.length));
  questions.push(...titleQuestions(tree, keyCounts, questions.length));
  return options.limit && questions.length > options.limit ? questions.filter((_, index) => index % Math.ceil(questions.length / options.limit!) === 0) : questions;
}
