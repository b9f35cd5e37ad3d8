/**
 * The extractive composer: one pipeline for every question. Gate (does the corpus answer?) →
 * choose the answering node of the outline → render it with its shape → open with a line saying
 * what it is → cite the node. Kinds only change the opening line (a figure's sentence, an
 * acronym's long form); the section is the answer.
 */
import type { Chunk, DocumentMeta, SourceSpan } from '../../core/types.js';
import type { LexicalIndex } from '../../index/lexical-index.js';
import type { ParsedQuestion } from '../../query/parse-question.js';
import type { SearchHit } from '../../search/types.js';
import { analyze, isStopWord, wordTokens } from '../../lang/fr/analyzer.js';
import { statedUnits, THRESHOLD_WORDS } from '../../lang/fr/eligibility.js';
import {
  asksForChange,
  asksForShare,
  type FigureKind,
  holdsBareAmount,
  fullDatesOf,
  holdsCalendarDate,
  statesDeadline,
  statesEuros,
  statesPerUnit,
  unitHasFigure,
  withoutEventDates,
} from '../../lang/fr/figure-kinds.js';
import { digitsForNumberWords, ocrDigits } from '../../lang/fr/numbers.js';
import { OPENING_ANAPHORA } from '../../lang/fr/discourse.js';
import { spellsOut } from '../../lang/fr/acronym-initials.js';
import { foldText } from '../../lang/fr/normalize.js';
import { escapeRegExp } from '../../text/escape-regexp.js';
import { hasPersonName } from '../../lang/fr/person-names.js';
import { isPlaceholderLine } from '../../lang/fr/placeholders.js';
import { holdsContactDetail, type ContactDetail } from '../../lang/fr/contact-details.js';
import { citationFor, MAX_SOURCES, spanLabel } from '../citations.js';
import { chunkTerms, conceptCredit, coverage, docTermsOf, knownPart, QUESTION_TERMS, termSet, weightQuery, type WeightedQuery } from './question-coverage.js';
import { SECTION_CONTENT_ASKING_STEMS } from '../../lang/fr/section-questions.js';
import type { Citation } from '../../core/answer.js';
import { bodyLines, DocumentTree, type TreeNode } from './document-tree.js';
import { isItemLine, renderNode, renderPassage, type RenderedNode } from './render-node.js';
import { actorsNamed } from '../../lang/fr/actors.js';
import { ruleOn, type AnswerTuning, type RuleId } from './tuning.js';

export interface ComposeInput {
  parsed: ParsedQuestion;
  hits: SearchHit[];
  tree: DocumentTree;
  metaByFile: Map<string, DocumentMeta>;
  lexical: LexicalIndex;
  tuning: AnswerTuning;
}

export interface Composition {
  text: string;
  citations: Citation[];
  refused: boolean;
  /** Share of the question the best passages hold. */
  support: number;
  /** Rules that decided this answer, in order (`ask --json`). */
  trace: string[];
}

/** Room a part's source line (« D'après … [1] : ») takes, counted before it is written. */
const SOURCE_LINE_CHARS = 100;
/** Room « Voir aussi : » and a citation marker take around a sentence shown after the answer. */
const SENTENCE_LINE_CHARS = 20;

/** What answers: a node rendered whole or in part, cited once with the node's span. */
interface AnswerPart {
  node: TreeNode;
  /** The passage that led here (cited: it is what retrieval matched). */
  focus: Chunk;
  rendered: RenderedNode;
  whole: boolean;
  lead?: string;
  /** The same part rendered within another budget. */
  resize?: (budget: number) => AnswerPart;
  /** The same passage with the room left filled by the lines before it in its section. */
  grow?: (budget: number) => AnswerPart;
  /** One sentence of a passage, written on one line after the answer (« Voir aussi : … [3] »). */
  sentence?: boolean;
}

/**
 * The part cited from `chunk` while it shows it, resized or grown later too (the rebuilt part
 * would otherwise go back to the passage it was made from).
 */
function focusedOn(part: AnswerPart, chunk: Chunk): AnswerPart {
  const refocus = (rebuilt: AnswerPart): AnswerPart => (rebuilt.rendered.chunks.includes(chunk) ? focusedOn(rebuilt, chunk) : rebuilt);
  return {
    ...part,
    focus: chunk,
    resize: part.resize && ((budget) => refocus(part.resize!(budget))),
    grow: part.grow && ((budget) => refocus(part.grow!(budget))),
  };
}

const labelStemCache = new Map<string, Set<string>>();
function labelStems(label: string): Set<string> {
  let stems = labelStemCache.get(label);
  if (!stems) labelStemCache.set(label, (stems = new Set(analyze(label))));
  return stems;
}

function isNumbered(label: string): boolean {
  return /(#|n°|\b)\s*\d+(\.\d+)*\s*$/.test(label.trim()) || /^(article|art\.?)\s/i.test(label.trim());
}

/** Whether a node's own label is a block of the kind a cue asks for (« ACTEURS À MOBILISER »). */
function blockMatches(node: TreeNode, cueWords: Set<string>): boolean {
  const label = DocumentTree.label(node);
  if (!label || isNumbered(label)) return false;
  for (const stem of labelStems(label)) if (cueWords.has(stem)) return true;
  return false;
}

function spanOf(chunks: Chunk[]): SourceSpan {
  const pages = chunks.flatMap((chunk) => [chunk.pageStart, chunk.pageEnd]).filter((page): page is number => page !== undefined);
  return {
    lineStart: Math.min(...chunks.map((chunk) => chunk.lineStart)),
    lineEnd: Math.max(...chunks.map((chunk) => chunk.lineEnd)),
    ...(pages.length > 0 ? { pageStart: Math.min(...pages), pageEnd: Math.max(...pages) } : {}),
  };
}

class Citations {
  readonly list: Citation[] = [];
  constructor(private readonly metaByFile: Map<string, DocumentMeta>) {}

  /** Cites a part: the focus chunk, with the span and path of what was shown. */
  cite(part: Pick<AnswerPart, 'node' | 'focus' | 'rendered'>, quote?: string): number | undefined {
    const existing = this.list.find((citation) => citation.chunkId === part.focus.id);
    if (existing) return existing.n;
    if (this.list.length >= MAX_SOURCES) return undefined;
    const shown = part.rendered.chunks.length > 0 ? part.rendered.chunks : [part.focus];
    // The quote is the matched passage (what supports the answer); span and path are the shown section's.
    const citation = citationFor(part.focus, this.metaByFile.get(part.focus.file), this.list.length + 1, quote);
    const span = spanOf(shown);
    citation.span = span;
    citation.spanLabel = spanLabel(span);
    citation.breadcrumb = part.node.breadcrumb.length > 0 ? part.node.breadcrumb : part.focus.breadcrumb;
    this.list.push(citation);
    return citation.n;
  }
}

function where(node: TreeNode, meta: DocumentMeta | undefined, referenceKeys: readonly string[] = []): string {
  const title = meta?.short_title ?? node.file;
  // The node's own numbered label gets its title (« Action 2.3 : Santé des enfants »): for
  // « c'est quoi l'action 2.3 ? » the title is the answer's first word, so the section the
  // question names keeps all of it; another section's long title is shortened.
  const own = node.headings.at(-1)?.replace(/\*\*/g, '');
  const last = node.breadcrumb.at(-1);
  const named = last !== undefined && referenceKeys.includes(referenceKeyOf(last) ?? '');
  const limit = named ? MAX_NAMED_TITLE : MAX_TITLED_CRUMB;
  const shortened = own && own.length > limit ? `${own.slice(0, own.lastIndexOf(' ', limit))}…` : own;
  const titled = shortened && last && own !== last && own!.startsWith(last) ? shortened : last;
  const crumbs = [...node.breadcrumb.slice(-3, -1), ...(titled ? [titled] : [])].join(' › ');
  return crumbs ? `${title} (${crumbs})` : title;
}

/** As many lines as fit, from the first. */
function linesFromStart(lines: string[], room: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > room) break;
    kept.push(line);
    used += line.length + 1;
  }
  return kept;
}

/**
 * As many lines as fit, from the first, unless that leaves out the lines of the focus passage
 * (the one retrieval matched): then the lines from the focus on, and those just before it if room
 * is left, with « … » where the section's start was left out.
 */
export function linesAroundFocus(entries: { line: string; chunk: Chunk | undefined }[], focus: Chunk, room: number): string[] {
  const lines = entries.map((entry) => entry.line);
  const fromStart = linesFromStart(lines, room);
  const first = entries.findIndex((entry) => entry.chunk === focus);
  let last = first;
  for (let at = entries.length - 1; at > first; at -= 1) {
    if (entries[at]!.chunk === focus) {
      last = at;
      break;
    }
  }
  if (first < 0 || last < fromStart.length) return fromStart;
  const marker = '…';
  let used = marker.length + 1;
  let start = first;
  let end = first;
  while (end < lines.length && used + lines[end]!.length + 1 <= room) used += lines[end++]!.length + 1;
  if (end === first) return fromStart;
  while (start > 0 && used + lines[start - 1]!.length + 1 <= room) used += lines[--start]!.length + 1;
  return start > 0 ? [marker, ...lines.slice(start, end)] : lines.slice(start, end);
}

export class SectionComposer {
  /** The question's terms weighted by rarity, computed once per answer. */
  private query: WeightedQuery | undefined;

  constructor(private readonly input: ComposeInput) {}

  private on(id: RuleId): boolean {
    return ruleOn(this.input.tuning, id);
  }

  compose(): Composition {
    const { parsed, tuning, metaByFile, lexical } = this.input;
    const hits = this.input.hits.slice(0, tuning.composeDepth);
    const query = weightQuery(parsed.expanded.concepts, lexical);
    this.query = query;
    const trace: string[] = [];
    // An acronym the corpus never writes is not unknown when the best passages spell it out (« le
    // PRE » beside « programme de réussite éducative »), and it is covered where it is spelled out.
    const spelledOut = parsed.unknownNames.filter((name) => /^[A-Z]+$/.test(name) && hits.slice(0, 3).some((hit) => spellsOut(name, hit.chunk.text)));
    const unknownNames = parsed.unknownNames.filter((name) => !spelledOut.includes(name));
    const support = Math.max(
      0,
      ...hits.slice(0, 3).map((hit) => {
        const terms = chunkTerms(hit.chunk, metaByFile.get(hit.chunk.file));
        const spelled = spelledOut.filter((name) => spellsOut(name, hit.chunk.text)).flatMap((name) => analyze(name));
        return coverage(spelled.length > 0 ? new Set([...terms, ...spelled]) : terms, query);
      }),
    );
    const missing = [...(this.on('gate.missing-section') ? parsed.missingSections : []), ...(this.on('gate.unknown-names') ? unknownNames : [])];
    if (this.on('gate.off-topic') && parsed.offTopic) {
      return this.refusal([], query, support, [], ['gate.off-topic'], undefined, ` : elle porte sur ${parsed.offTopic.topic}, hors du champ des documents du corpus`);
    }
    if (hits.length === 0) return this.refusal(hits, query, support, [], ['gate.no-hit']);
    if (missing.length > 0) return this.refusal(hits, query, support, missing, ['gate.missing']);
    if (this.on('gate.other-document') && parsed.absentDocumentOwner) {
      return this.refusal(hits, query, support, [], ['gate.other-document'], undefined, ` (aucun document de « ${parsed.absentDocumentOwner} » dans le corpus)`);
    }
    // A follow-up's question carries the words of the one before (« on tire à partir de quelles
    // listes … si un membre démissionne »): what answers it need not hold them all.
    if (this.on('gate.support') && support < tuning.supportThreshold && !parsed.followUp) return this.refusal(hits, query, support, [], ['gate.support']);
    // The best passage is a section the document left empty (« ICF Habitat : En attente »): the
    // document has nothing on it yet, and a neighbour's content would be taken for it.
    const top = hits[0]!.chunk;
    const topBody = bodyLines(top).filter((line) => line.trim() !== '');
    if (this.on('gate.placeholder') && topBody.length > 0 && topBody.every((line) => isPlaceholderLine(foldText(line)))) {
      const section = top.breadcrumb.at(-1) ?? top.file;
      return this.refusal(hits, query, support, [], ['gate.placeholder'], undefined, ` : le document laisse la section « ${section} » à compléter (« ${topBody[0]!.trim()} »)`);
    }

    const parts: AnswerPart[] = [];
    const first = this.mainPart(hits, trace);
    if (!first) return this.refusal(hits, query, support, [], [...trace, 'gate.no-part']);
    if (this.on('gate.territory') && !this.fromNamedTerritory([first.focus, ...first.rendered.chunks])) {
      return this.refusal(hits, query, support, [], [...trace, 'gate.territory'], parsed.namedTerritory);
    }
    parts.push(first);

    let lead: string | undefined;
    let leadSource: { chunk: Chunk } | undefined;
    if (parsed.kind === 'figure' && this.on('lead.figure')) {
      const subject = this.on('gate.figure-subject') ? parsed.figureSubject : [];
      const sentence = this.figureSentence(hits, query, first, subject, parsed.figure);
      // A follow-up that took the figure kind from the question before it but names a subject of
      // its own (« et les équipes de rue ? », « et ils peuvent rempiler ? ») is answered without a
      // figure rather than refused for lacking one: it may well ask something else.
      if (!sentence && this.on('gate.figure') && parsed.clauses.length < 2 && !(parsed.kindInherited && this.on('answer.inherited-figure'))) {
        const perUnit = parsed.perUnit && this.on('gate.figure-unit') ? parsed.perUnit : undefined;
        return this.refusal(
          hits,
          query,
          support,
          [],
          [...trace, perUnit ? 'gate.figure-unit' : 'gate.figure'],
          undefined,
          perUnit ? ` (aucun chiffre donné « par ${perUnit} » dans les passages les plus proches)` : undefined,
        );
      }
      // The figure must be about what was asked: its passage names the subject (« le taux de
      // chômage », « le nombre de logements »), else it is another figure and the corpus does not say.
      if (sentence && this.on('gate.figure-subject') && parsed.figureSubject.length > 0) {
        const around = chunkTerms(sentence.chunk, metaByFile.get(sentence.chunk.file));
        const missingSubject = parsed.figureSubject.filter((stem) => !this.holdsSubject(around, stem));
        if (missingSubject.length > 0) return this.refusal(hits, query, support, [], [...trace, 'gate.figure-subject']);
      }
      // A figure dated with other years than the question's (« Pour 2025, l'enveloppe est de 8 000 € »
      // asked for 2026) is another year's figure: the corpus does not give the one asked.
      if (sentence && this.on('gate.figure-year') && parsed.figure !== 'date' && otherYearsOnly(sentence.text, parsed.askedYears)) {
        return this.refusal(hits, query, support, [], [...trace, 'gate.figure-year'], undefined, ` (le chiffre le plus proche porte sur une autre année que ${parsed.askedYears.join(', ')})`);
      }
      // « la date limite de l'appel à projets 2026 ? » asks that edition's date: a date falling in
      // 2026 in another edition's text (« bilan 2025 … au plus tard le 30 juin 2026 ») is not it.
      if (sentence && parsed.figure === 'date' && parsed.editionYears.length > 0 && this.on('gate.edition-year')) {
        const meta = metaByFile.get(sentence.chunk.file);
        const editions = yearsCovered(withoutEventDates([sentence.text, ...sentence.chunk.headings, meta?.title ?? '', meta?.short_title ?? ''].join(' ')));
        if (!parsed.editionYears.some((year) => editions.has(Number(year))))
          return this.refusal(hits, query, support, [], [...trace, 'gate.edition-year'], undefined, ` (rien sur l'édition ${parsed.editionYears.join(', ')} dans les passages les plus proches)`);
      }
      if (sentence) {
        lead = sentence.text;
        leadSource = sentence;
        trace.push('lead.figure');
        // A figure found outside the chosen section brings its own section: the other one was about something else.
        if (!TreeNodeContains(first, sentence.chunk)) parts.splice(0, parts.length, this.sectionOf(sentence.chunk, trace));
      }
    }

    // « mon projet coûte 2 500 €, je peux le présenter ? »: the rule bounding that quantity answers.
    if (parsed.kind === 'eligibility' && !lead && this.on('lead.threshold')) {
      const bound = this.thresholdSentence(hits, query, first);
      if (bound) {
        lead = bound.text;
        leadSource = bound;
        trace.push('lead.threshold');
        if (!TreeNodeContains(first, bound.chunk)) parts.splice(0, parts.length, this.sectionOf(bound.chunk, trace));
      }
    }

    // The lead cites the passage that holds it when the answer shows that passage (« Financement
    // 2024-2027 : 4 000 000 € » is cited from its own passage, not from the heading retrieval matched).
    const leadChunk = leadSource?.chunk;
    const opening = parts[0];
    if (leadChunk && opening && opening.focus.id !== leadChunk.id && opening.rendered.chunks.includes(leadChunk) && this.on('lead.cited')) {
      parts[0] = focusedOn(opening, leadChunk);
      trace.push('lead.cited');
    }

    // Before the specifics are checked: the person asked for may be in the lines it brings back.
    this.keepActorLines(parts, lead, trace);
    const specific = this.missingSpecifics(parts, lead);
    if (specific) return this.refusal(hits, query, support, [], [...trace, specific.rule], undefined, specific.why);

    this.completeAnnouncement(parts, trace);
    this.keepTopPassage(parts, hits, trace);
    this.keepSecondPassage(parts, hits, trace);
    this.keepNextSentences(parts, hits, lead, trace);
    this.fillRoom(parts, lead, trace);
    return this.write(parts, lead, support, trace);
  }

  /**
   * What the question pins down that the answer does not hold: a person's name it asks for
   * (« comment s'appelle… ») when the answer names nobody — a role does not answer it.
   */
  private missingSpecifics(parts: AnswerPart[], lead: string | undefined): { rule: RuleId; why: string } | undefined {
    const shown = [lead ?? '', ...parts.flatMap((part) => part.rendered.lines)].join('\n');
    if (this.on('gate.name-asked') && this.input.parsed.asksName && !hasPersonName(shown)) {
      return { rule: 'gate.name-asked', why: ' (aucun nom de personne dans les passages les plus proches)' };
    }
    const contact = this.input.parsed.contactAsked;
    if (this.on('gate.contact-asked') && contact && !holdsContactDetail(shown, contact)) {
      return { rule: 'gate.contact-asked', why: ` (${CONTACT_WORDS[contact]} dans les passages les plus proches)` };
    }
    // A place the question names must be the answer's: a passage about another commune or site
    // does not answer for it. Eligibility rules hold wherever the asker lives, so they are exempt.
    const places = this.input.parsed.places;
    if (this.on('gate.place') && places.length > 0 && this.input.parsed.kind !== 'eligibility') {
      const context = foldText(
        [
          shown,
          ...parts.flatMap((part) => {
            const meta = this.input.metaByFile.get(part.node.file);
            return [part.node.breadcrumb.join(' '), part.node.headings.join(' '), meta?.title ?? '', meta?.short_title ?? '', meta?.territory ?? '', meta?.issuer ?? ''];
          }),
        ].join(' '),
      );
      // Every word of the name: « Saint-Amans-de-Garonne » is not « Tescou-Garonne ».
      const words = (place: string) =>
        foldText(place)
          .split(/[^a-z0-9]+/)
          .filter((word) => word.length >= 3 && !PLACE_PARTICLES.has(word));
      const absent = places.filter((place) => !words(place).every((word) => new RegExp(`\\b${word}\\b`).test(context)));
      if (absent.length > 0) return { rule: 'gate.place', why: ` (rien sur ${absent.map((place) => `« ${place} »`).join(', ')} dans les passages les plus proches)` };
    }
    const years = this.input.parsed.askedYears;
    // A compound question's year belongs to one of its clauses (« combien en 2017 et combien
    // aujourd'hui ? »): the whole answer is not held to it.
    // An eligibility question's years are the asker's situation (« déclarée en mai 2025 »): the rule holds whenever.
    if (this.on('gate.year') && years.length > 0 && this.input.parsed.clauses.length < 2 && this.input.parsed.kind !== 'eligibility') {
      const context = [
        shown,
        ...parts.flatMap((part) => {
          const meta = this.input.metaByFile.get(part.node.file);
          return [part.node.breadcrumb.join(' '), meta?.title ?? '', meta?.short_title ?? ''];
        }),
      ].join('\n');
      const covered = yearsCovered(context);
      if (!years.some((year) => covered.has(Number(year)))) return { rule: 'gate.year', why: ` (rien pour ${years.join(', ')} dans les passages les plus proches)` };
    }
    return undefined;
  }

  /** The node answering the question: inside a named section, the asked-for block, the parent, the passage. */
  private mainPart(hits: SearchHit[], trace: string[]): AnswerPart | undefined {
    const { parsed, tree, tuning } = this.input;
    let pool = hits;
    let scope: TreeNode | undefined;
    const scopes: TreeNode[] = [];
    if (parsed.referenceKeys.length > 0 && this.on('node.reference')) {
      const inReference = hits.filter((hit) => parsed.referenceKeys.some((key) => referenceNode(tree, hit.chunk, key)));
      if (inReference.length > 0) {
        pool = inReference;
        // The same number may head several sections (an outline's summary and the section
        // itself, two fiches): the asked-for block is looked for in each, best-ranked first.
        for (const hit of inReference) {
          for (const key of parsed.referenceKeys) {
            const node = referenceNode(tree, hit.chunk, key);
            if (node && !scopes.includes(node)) scopes.push(node);
          }
        }
        scope = scopes[0];
        trace.push('node.reference');
      }
    }
    if (pool.length === 0) return undefined;

    // « Quels sont les quatre axes du Pacte ? »: the headings of that family in the named document.
    if (!scope && parsed.askedFamily && parsed.namedDocuments.length === 1 && asksWholeFamily(parsed.text, parsed.namedDocuments[0]!) && this.on('node.family-outline')) {
      const outline = this.familyOutlinePart(parsed.namedDocuments[0]!.file, parsed.askedFamily, pool);
      if (outline) {
        trace.push('node.family-outline');
        return outline;
      }
    }
    if (parsed.blocks.length > 0 && this.on('node.asked-block')) {
      const block = this.bestBlock(scopes.length > 0 ? scopes.map((candidate) => this.askedBlock(pool, candidate)) : [this.askedBlock(pool, undefined)]);
      if (block) {
        trace.push('node.asked-block');
        // A block too long to show whole is shown from the passage retrieval matched in it.
        return tree.size(block.node) <= tuning.answerChars ? this.nodePart(block.node, block.focus) : this.passagePart(block.focus, tuning.passageChars);
      }
    }
    // « les actions de l'axe 4 », « les articles de la section 2 »: the numbered sections under the
    // named one, listed by their headings.
    if (scope && this.on('node.outline')) {
      const outline = this.outlinePart(scope, pool);
      if (outline) {
        trace.push('node.outline');
        return outline;
      }
    }
    // A question about the numbered section itself (« que dit l'article 3 ? ») gets it whole if it fits.
    if (scope && tree.size(scope) <= tuning.parentMaxChars) return this.nodePart(scope, pool[0]!.chunk);
    // « c'est quoi l'objectif 19 ? » asks what the section is, which its heading and first lines
    // say; one of its blocks (its actors, say) would answer another question.
    if (scope && this.asksOnlySection(scope) && this.on('node.reference-whole')) {
      trace.push('node.reference-whole');
      return this.condensedPart(scope, pool[0]!.chunk, trace);
    }
    // Otherwise the best passage's section; a bare title (a heading-only chunk) is skipped for
    // the next passage with substance.
    const anchor = pool.find((hit) => bodyLines(hit.chunk).join(' ').length >= tuning.substanceChars) ?? pool[0]!;
    return this.sectionOf(anchor.chunk, trace);
  }

  /**
   * Whether the question says nothing but the section it names: each of its words is the
   * section's heading, its document, the reference (« obj 19 ») or a word asking what it says.
   */
  private asksOnlySection(scope: TreeNode): boolean {
    const parsed = this.input.parsed;
    // A question asking who, a figure, a contact or about a year asks for something in the section.
    // (A block asked for, « les acteurs de l'objectif 19 », was looked for before this.)
    if (parsed.asksPerson || parsed.asksName || parsed.contactAsked || parsed.kind === 'figure' || parsed.askedYears.length > 0) return false;
    const said = new Set([...analyze([...scope.headings, ...scope.breadcrumb].join(' ')), ...docTermsOf(this.input.metaByFile.get(scope.file))]);
    // The numbers of the reference itself (« 4.2 » → 4, 2), none other.
    const referenceNumbers = new Set(parsed.referenceKeys.flatMap((key) => key.slice(key.lastIndexOf(' ') + 1).split('.')));
    return parsed.expanded.concepts.every(
      (concept) =>
        referenceNumbers.has(concept.term) ||
        QUESTION_TERMS.has(concept.term) ||
        SECTION_CONTENT_ASKING_STEMS.has(concept.term) ||
        REFERENCE_FAMILY_STEMS.has(concept.term) ||
        conceptCredit(said, concept) >= SAID_BY_SECTION,
    );
  }

  /**
   * « qui a signé pour la CAF ? »: a question asking who, for an actor it names, keeps the lines
   * of a section cut to fit (a list of signatories, of contacts) naming that actor, each with the
   * person's name written under it, after as much of the section's start as still fits.
   */
  private keepActorLines(parts: AnswerPart[], lead: string | undefined, trace: string[]): void {
    const first = parts[0];
    const { actors, asksPerson, asksName } = this.input.parsed;
    if (!first || first.whole || actors.length === 0 || !(asksPerson || asksName) || !this.on('answer.actor-lines')) return;
    // A signatories' list or a contacts' section is short; a whole unsectioned document is not read line by line.
    if (this.input.tree.size(first.node) > this.input.tuning.actorLinesMaxSectionChars) return;
    const names = (line: string) => actorsNamed(foldText(line)).some((actor) => actors.includes(actor));
    const isNameLine = (line: string | undefined) => line !== undefined && line.length <= this.input.tuning.signatureNameMaxChars && hasPersonName(line) && !names(line);
    const all = renderNode(this.input.tree, first.node, Number.POSITIVE_INFINITY);
    // A line naming the actor and a person, in it (« représenté par Monsieur … ») or right under it (a signature).
    const wanted: number[][] = [];
    all.lines.forEach((line, at) => {
      if (!names(line)) return;
      if (isNameLine(all.lines[at + 1])) wanted.push([at, at + 1]);
      else if (hasPersonName(line)) wanted.push([at]);
    });
    const refocused = this.withLines(first, all, wanted, lead);
    if (!refocused) return;
    parts[0] = refocused;
    trace.push('answer.actor-lines');
  }

  /**
   * A cut part shown again with groups of `wanted` lines of its whole section (indexes into
   * `all`; a role and the name under it are one group, kept or left whole), then the lines it
   * showed, as written and from their start, as many as the message has room for; « … » where
   * lines are skipped. Undefined when every wanted line is shown already.
   */
  private withLines(part: AnswerPart, all: RenderedNode, wanted: number[][], lead: string | undefined): AnswerPart | undefined {
    // Where the lines shown now sit in the whole section (an extract may start inside it, and may
    // have rewritten a line: it keeps its place after the line before it).
    const shown: { position: number; line: string; chunk: Chunk | undefined }[] = [];
    let from = 0;
    part.rendered.lines.forEach((line, index) => {
      const at = all.lines.indexOf(line, from);
      const position = at >= 0 ? at : (shown.at(-1)?.position ?? -1) + 0.5;
      if (at >= 0) from = at + 1;
      shown.push({ position, line, chunk: part.rendered.lineChunks?.[index] });
    });
    const shownAt = new Set(shown.map((entry) => entry.position));
    const missing = wanted.filter((group) => group.some((at) => !shownAt.has(at)));
    if (missing.length === 0) return undefined;
    // The room the message leaves for lines: its intro line, the lead and the cut note take the rest.
    const header = this.introChars(part, 0);
    const room = Math.min(this.input.tuning.answerChars, this.input.tuning.textLimit - header - CUT_NOTE_CHARS - (lead ? lead.length + 1 : 0));
    const kept = new Map<number, { line: string; chunk: Chunk | undefined }>();
    let used = 0;
    // Every wanted group first, shown or not (each may open a gap, « … »), then the lines shown.
    for (const group of wanted) {
      const cost = group.reduce((sum, at) => sum + all.lines[at]!.length + 1, 2);
      if (used + cost > room) break;
      for (const at of group) kept.set(at, { line: all.lines[at]!, chunk: all.lineChunks?.[at] });
      used += cost;
    }
    if (kept.size === 0) return undefined;
    for (const entry of shown) {
      if (kept.has(entry.position)) continue;
      if (used + entry.line.length + 1 > room) break;
      kept.set(entry.position, { line: entry.line, chunk: entry.chunk });
      used += entry.line.length + 1;
    }
    const order = [...kept.keys()].sort((a, b) => a - b);
    const lines: string[] = [];
    const lineChunks: (Chunk | undefined)[] = [];
    order.forEach((position, index) => {
      const before = order[index - 1];
      // A rewritten line (at a half position) follows the line before it without a gap.
      if (before !== undefined && Math.ceil(position) - Math.floor(before) > 1) {
        lines.push('…');
        lineChunks.push(undefined);
      }
      lines.push(kept.get(position)!.line);
      lineChunks.push(kept.get(position)!.chunk);
    });
    const chunks = [...new Set(lineChunks.filter((chunk): chunk is Chunk => chunk !== undefined))];
    const items = lines.filter((line) => isItemLine(line)).length;
    const rendered: RenderedNode = { lines, lineChunks, chunks, items, cutItems: Math.max(0, all.lines.length - order.length), cutSections: 0 };
    return { node: part.node, focus: chunks.includes(part.focus) ? part.focus : (chunks[0] ?? part.focus), rendered, whole: false };
  }

  /** A passage's section as an answer: its parent when that fits, else the section, else the passage. */
  private sectionOf(chunk: Chunk, trace: string[]): AnswerPart {
    const { tree, tuning } = this.input;
    const node = tree.nodeOf(chunk);
    if (!node) return this.passagePart(chunk, tuning.passageChars);
    const parent = node.parent;
    if (this.on('node.parent') && parent && parent.headings.length > 0 && parent.children.length > 0 && tree.size(parent) <= tuning.parentMaxChars) {
      if (!trace.includes('node.parent')) trace.push('node.parent');
      return this.nodePart(parent, chunk);
    }
    if (tree.size(node) <= tuning.answerChars) return this.nodePart(node, chunk);
    return this.passagePart(chunk, tuning.passageChars);
  }

  /**
   * Of blocks found in several sections, the one whose label the question says most of
   * (« acteurs à mobiliser » is not « les acteurs mobilisés »); the first found on ties.
   */
  private bestBlock(found: ({ node: TreeNode; focus: Chunk } | undefined)[]): { node: TreeNode; focus: Chunk } | undefined {
    // Words as written, not stems: « mobilisés » and « mobiliser » share a stem, not a meaning here.
    const words = (text: string) => wordTokens(foldText(text)).filter((word) => !isStopWord(word));
    const asked = new Set(words(this.input.parsed.text));
    const keys = this.input.parsed.referenceKeys;
    let best: { block: { node: TreeNode; focus: Chunk }; score: number } | undefined;
    for (const block of found) {
      if (!block) continue;
      const labelWords = words(DocumentTree.label(block.node));
      const said = labelWords.length === 0 ? 0 : labelWords.filter((word) => asked.has(word)).length / labelWords.length;
      // A block under every section the question names (« objectif 4 », « axe 2 ») first.
      const under = keys.filter((key) => block.node.breadcrumb.some((label) => referenceKeyOf(label) === key)).length;
      const score = under + said;
      if (!best || score > best.score) best = { block, score };
    }
    return best?.block;
  }

  /**
   * The outline of a section as the answer, when the question asks for the family its numbered
   * sub-sections belong to (« quelles actions » under an axe holding « Action 4.1 », « Action 4.2 »).
   */
  private outlinePart(scope: TreeNode, pool: SearchHit[]): AnswerPart | undefined {
    const { tree, tuning, parsed } = this.input;
    const asked = new Set(analyze(parsed.text));
    const numbered = descendants(scope).filter((node) => {
      const label = DocumentTree.label(node);
      const family = analyze(label.replace(/\s*(?:n\s*°|#)?\s*[A-Z]?\d[\d.-]*\s*$/, ''));
      return referenceKeyOf(label) !== undefined && family.length > 0 && family.every((stem) => asked.has(stem));
    });
    if (numbered.length < tuning.outlineMinSections) return undefined;
    const depthOf = (node: TreeNode) => node.headings.length - scope.headings.length - 1;
    const top = Math.min(...numbered.map(depthOf));
    const lines: string[] = [];
    let used = 0;
    let cut = 0;
    for (const node of numbered.sort((a, b) => a.order - b.order)) {
      const line = `${'  '.repeat(Math.max(0, depthOf(node) - top))}- ${(node.headings.at(-1) ?? DocumentTree.label(node)).replace(/\*\*/g, '')}`;
      if (used + line.length + 1 > tuning.answerChars) {
        cut += 1;
        continue;
      }
      lines.push(line);
      used += line.length + 1;
    }
    const focus =
      pool.find((hit) => {
        const n = tree.nodeOf(hit.chunk);
        return n !== undefined && DocumentTree.within(n, scope);
      })?.chunk ?? tree.chunksUnder(scope)[0];
    if (!focus) return undefined;
    return { node: scope, focus, rendered: { lines, cutItems: cut, cutSections: 0, chunks: [focus], items: lines.length }, whole: cut === 0 };
  }

  /**
   * The headings of a numbered family in one document, its outermost ones (« Axe 1 – … » to
   * « Axe 4 – … »), each once, under their closest common section.
   */
  private familyOutlinePart(file: string, family: string, pool: SearchHit[]): AnswerPart | undefined {
    const { tree, tuning } = this.input;
    const members = tree.nodesOf(file).filter((node) => referenceKeyOf(DocumentTree.label(node))?.startsWith(`${family} `));
    if (members.length < tuning.outlineMinSections) return undefined;
    const top = Math.min(...members.map((node) => node.headings.length));
    const seen = new Set<string>();
    const outer = members
      .filter((node) => node.headings.length === top)
      .sort((a, b) => numberOrder(a) - numberOrder(b) || a.order - b.order)
      .filter((node) => {
        const key = referenceKeyOf(DocumentTree.label(node))!;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    if (outer.length < tuning.outlineMinSections) return undefined;
    let common: TreeNode | undefined = outer[0]!.parent;
    while (common && !outer.every((node) => DocumentTree.within(node, common!))) common = common.parent;
    if (!common) return undefined;
    const lines: string[] = [];
    let used = 0;
    let cut = 0;
    for (const node of outer) {
      const line = `- ${(node.headings.at(-1) ?? DocumentTree.label(node)).replace(/\*\*/g, '')}`;
      if (used + line.length + 1 > tuning.answerChars) {
        cut += 1;
        continue;
      }
      lines.push(line);
      used += line.length + 1;
    }
    const focus = pool.find((hit) => outer.some((node) => tree.nodeOf(hit.chunk) && DocumentTree.within(tree.nodeOf(hit.chunk)!, node)))?.chunk ?? tree.chunksUnder(outer[0]!)[0];
    if (!focus) return undefined;
    return { node: common, focus, rendered: { lines, cutItems: cut, cutSections: 0, chunks: [focus], items: lines.length }, whole: cut === 0 };
  }

  /**
   * The block labelled with what the question asks for: inside the named section when there is
   * one, else the best passage's own section, one of its sub-blocks or a sibling block.
   */
  private askedBlock(pool: SearchHit[], scope: TreeNode | undefined): { node: TreeNode; focus: Chunk } | undefined {
    const { parsed, tree, tuning } = this.input;
    const focusIn = (node: TreeNode) =>
      pool.find((hit) => {
        const n = tree.nodeOf(hit.chunk);
        return n !== undefined && DocumentTree.within(n, node);
      })?.chunk ?? tree.chunksUnder(node)[0];
    for (const cue of parsed.blocks) {
      const words = new Set(analyze(cue.labelWords));
      if (scope) {
        const matching = descendants(scope).filter((node) => blockMatches(node, words));
        const withHit = matching.find((node) =>
          pool.some((hit) => {
            const n = tree.nodeOf(hit.chunk);
            return n !== undefined && DocumentTree.within(n, node);
          }),
        );
        const node = withHit ?? matching[0];
        const focus = node && focusIn(node);
        if (node && focus) return { node, focus };
        continue;
      }
      // A block near a lower passage must say as much of the question as the best passage: a
      // passage answering in prose (« la Caf peut mobiliser des moyens financiers… ») beats a
      // labelled block elsewhere that merely shares the label.
      const topSays = pool[0] ? this.says(pool[0].chunk) : 0;
      for (const [rank, hit] of pool.slice(0, tuning.blockSearchHits).entries()) {
        const node = tree.nodeOf(hit.chunk);
        if (!node) continue;
        // Ties keep the best passage: retrieval ranked it first for a reason the cue does not see.
        if (rank > 0 && this.says(hit.chunk) <= topSays) continue;
        if (blockMatches(node, words)) return { node, focus: hit.chunk };
        const near = [...node.children, ...(node.parent && node.parent.headings.length > 0 ? node.parent.children : [])];
        const block = near.find((candidate) => blockMatches(candidate, words));
        const focus = block && focusIn(block);
        if (block && focus) return { node: block, focus };
      }
    }
    return undefined;
  }

  /** Room a part's intro line takes at most (« D'après … (…), 99 éléments [5] : »), as written. */
  private introChars(part: AnswerPart, index: number): number {
    return this.introLineChars(part.node, index);
  }

  /** Room the intro line of a part showing `node` takes at most. */
  private introLineChars(node: TreeNode, index: number): number {
    return `${index === 0 ? "D'après" : 'Voir aussi'} ${where(node, this.input.metaByFile.get(node.file), this.input.parsed.referenceKeys)}, 99 éléments [5] :`.length + 1;
  }

  /** The question's terms weighted by rarity (computed once, by compose()). */
  private weightedQuery(): WeightedQuery {
    this.query ??= weightQuery(this.input.parsed.expanded.concepts, this.input.lexical);
    return this.query;
  }

  /** Share of the question a passage holds, its headings and document included. */
  private says(chunk: Chunk): number {
    return coverage(chunkTerms(chunk, this.input.metaByFile.get(chunk.file)), this.weightedQuery());
  }

  /**
   * The node condensed (answer.condensed) to the room the message leaves under its « D'après … : »
   * line, which a long breadcrumb makes long: cut further, it would lose its first lines, not its
   * last. Without the rule, cut at its end.
   */
  private condensedPart(node: TreeNode, focus: Chunk, trace: string[]): AnswerPart {
    const { tuning } = this.input;
    if (!this.on('answer.condensed')) return this.nodePart(node, focus);
    const part = this.nodePart(node, focus, Math.min(tuning.answerChars, tuning.textLimit - this.introLineChars(node, 0) - CUT_NOTE_CHARS), true);
    if (part.rendered.condensed) trace.push('answer.condensed');
    return part;
  }

  private nodePart(node: TreeNode, focus: Chunk, budget = this.input.tuning.answerChars, condensed = false): AnswerPart {
    const { tuning } = this.input;
    const rendered = renderNode(this.input.tree, node, budget, condensed ? { proseChars: tuning.condensedProseChars, itemChars: tuning.condensedItemChars } : undefined);
    // Cite the passage retrieval matched if it was shown, else the node's first shown passage.
    const shownFocus = rendered.chunks.includes(focus) ? focus : (rendered.chunks[0] ?? focus);
    return { node, focus: shownFocus, rendered, whole: rendered.cutItems === 0 && rendered.cutSections === 0, resize: (smaller) => this.nodePart(node, focus, smaller, condensed) };
  }

  private passagePart(focus: Chunk, budget: number, fillBefore = false): AnswerPart {
    const node = this.input.tree.nodeOf(focus)!;
    const rendered = renderPassage(this.input.tree, focus, budget, { dropConnector: this.on('extract.connector'), keepAntecedent: this.on('extract.antecedent'), fillBefore });
    return { node, focus, rendered, whole: false, resize: (smaller) => this.passagePart(focus, smaller, fillBefore), grow: fillBefore ? undefined : (larger) => this.passagePart(focus, larger, true) };
  }

  /**
   * An extract that ends its section early leaves room: the last part takes it with the lines
   * before its passage, once every other part has its place.
   */
  private fillRoom(parts: AnswerPart[], lead: string | undefined, trace: string[]): void {
    // A sentence shown after the answer does not grow: the extract before it does.
    let at = parts.length - 1;
    while (at > 0 && parts[at]!.sentence) at -= 1;
    const last = parts[at];
    if (!last?.grow || !this.on('extract.fill-before')) return;
    // What the message will hold besides the lines: each part's « D'après … : » line, as written
    // (a long breadcrumb can pass the estimate roomLeft makes), the lead and a cut note.
    const headers = parts.reduce((sum, part, index) => sum + this.introChars(part, index), 0);
    const shown = parts.reduce((sum, part) => sum + part.rendered.lines.join('\n').length + 1, 0);
    const left = Math.min(this.roomLeft(parts), this.input.tuning.textLimit - headers - shown - CUT_NOTE_CHARS) - (lead ? lead.length + 1 : 0);
    if (left < this.input.tuning.fillBeforeMinChars) return;
    const grown = last.grow(last.rendered.lines.join('\n').length + left);
    if (grown.rendered.lines.length <= last.rendered.lines.length) return;
    parts[at] = grown;
    trace.push('extract.fill-before');
  }

  /**
   * Whether a passage's terms hold a question word: itself, or what it abbreviates or misspells
   * (« agglo » → « agglomération »), or an acronym's long form.
   */
  private holdsConcept(terms: Set<string>, stem: string): boolean {
    if (terms.has(stem)) return true;
    const concept = this.input.parsed.expanded.concepts.find((candidate) => candidate.term === stem);
    if (!concept) return false;
    return concept.anyOf.some((term) => terms.has(term)) || concept.allOf.some((group) => group.length > 0 && group.every((term) => terms.has(term)));
  }

  /**
   * Whether a passage's terms hold what a figure measures: its word as a concept, or for people
   * counted in everyday or generic words (« combien de gens », « de personnes »), any word
   * documents count people with (« habitants », « répondants », « adultes »).
   */
  private holdsSubject(terms: Set<string>, stem: string): boolean {
    if (this.holdsConcept(terms, stem)) return true;
    return this.on('lead.people-counted') && EVERYDAY_PEOPLE.has(stem) && [...PEOPLE_COUNTED].some((word) => terms.has(word));
  }

  /** The sentence of the best passages holding a figure of the asked sort and most of the question. */
  private figureSentence(hits: SearchHit[], query: WeightedQuery, first: AnswerPart, subject: string[], sort: FigureKind): { text: string; chunk: Chunk } | undefined {
    const { parsed, metaByFile } = this.input;
    // When the question says what the figure measures, only passages naming it compete.
    const named = [first.focus, ...first.rendered.chunks, ...hits.slice(0, 3).map((hit) => hit.chunk)].filter((chunk) => {
      const terms = chunkTerms(chunk, metaByFile.get(chunk.file));
      return subject.every((stem) => this.holdsSubject(terms, stem));
    });
    // A question naming a numbered section (« l'action 3.4 ») wants that section's figure, not a
    // neighbour's that shares its words.
    const inReference =
      parsed.referenceKeys.length > 0 && this.on('lead.figure-in-reference') ? named.filter((chunk) => parsed.referenceKeys.some((key) => referenceNode(this.input.tree, chunk, key))) : [];
    const candidates = inReference.length > 0 ? inReference : named;
    // A change (« de combien est majoré… ») is given as a rate as often as an amount.
    const alsoRate = sort === 'money' && (asksForChange(foldText(parsed.text)) || (this.on('lead.figure-share') && asksForShare(foldText(parsed.text))));
    // Whether a passage says its numbers are euros, read once per passage.
    const eurosStated = new Map<Chunk, boolean>();
    // Whether a passage's header line says its figures are per the asked unit, read once per passage.
    const headed = new Map<Chunk, boolean>();
    const headedPer = (chunk: Chunk, unit: string) => {
      let known = headed.get(chunk);
      if (known === undefined) headed.set(chunk, (known = headedPerUnit(chunk, unit)));
      return known;
    };
    return this.bestSentence(candidates, query, (sentence, chunk) => {
      if (sentence.length < 12) return undefined;
      // A scan's « l5 OOO € » is 15 000 €.
      const folded = digitsForNumberWords(this.on('lead.ocr-digits') ? ocrDigits(foldText(sentence)) : foldText(sentence));
      let euros = eurosStated.get(chunk);
      if (euros === undefined) eurosStated.set(chunk, (euros = sort === 'money' && statesEuros(chunk.text)));
      const holds = unitHasFigure(folded, sort, parsed.text) || (euros && holdsBareAmount(sentence)) || (alsoRate && unitHasFigure(folded, 'percent', parsed.text));
      if (!holds) return undefined;
      // « c'est combien par poste ? »: a total or another unit's figure does not answer.
      if (parsed.perUnit && this.on('gate.figure-unit') && !statesPerUnit(sentence, parsed.perUnit) && !headedPer(chunk, parsed.perUnit)) return undefined;
      // « C'est quand la prochaine réunion ? »: a rhythm (« chaque trimestre ») does not date it.
      if (sort === 'date' && parsed.asksNextOccurrence && this.on('gate.next-date')) {
        if (!holdsCalendarDate(folded, parsed.text)) return undefined;
        // The next occurrence of an event is said where the event is named (« la prochaine séance
        // du conseil est fixée au… »): another date of the passage is another event's.
        // A calendar's rows name it in their section's heading (« Calendrier des diagnostics en marchant »).
        const event = analyze(parsed.nextEvent ?? '')[0];
        if (event && this.on('gate.next-event') && !this.holdsConcept(termSet(`${sentence} ${chunk.headings?.at(-1) ?? ''}`), event)) return undefined;
        // A date on or before the document's own is one that has passed (« adopté le 21 novembre 2024 »).
        const written = metaByFile.get(chunk.file)?.date;
        const dates = fullDatesOf(sentence);
        if (written && /^\d{4}-\d{2}-\d{2}$/.test(written) && dates.length > 0 && dates.every((date) => date <= written)) return undefined;
      }
      // « la date limite pour déposer ? » is answered by a deadline, not by any date of the passage.
      if (sort === 'date' && parsed.expanded.registers.includes('register.deadline') && this.on('gate.deadline') && !statesDeadline(sentence) && !statesDeadline(chunk.headings.at(-1) ?? ''))
        return undefined;
      // Of two figures, the one dated with the asked year (« en 2024 ») is that year's; one dated
      // with no year may be any year's.
      // A date may fall in another year than the one asked (« le rapport 2025 est remis le 30 juin
      // 2026 »), but one naming it still outweighs one naming none.
      if (!this.on('gate.figure-year') || parsed.askedYears.length === 0) return 1;
      if (sort !== 'date' && otherYearsOnly(sentence, parsed.askedYears)) return 0.5;
      // The year may head the sentence's section (« Erbm 2023 › Action 6 › Budget »).
      return this.on('lead.figure-dated') && !datedWith(`${sentence} ${chunk.headings.join(' ')}`, parsed.askedYears) ? this.input.tuning.undatedFigureFactor : 1;
    });
  }

  /**
   * The sentence of the best passages that bounds a quantity the question states in the same unit
   * (« le montant minimum de subvention est de 3 000 € » for « mon projet coûte 2 500 € »).
   */
  private thresholdSentence(hits: SearchHit[], query: WeightedQuery, first: AnswerPart): { text: string; chunk: Chunk } | undefined {
    const asked = foldText(this.input.parsed.raw);
    const units = statedUnits(asked);
    if (units.length === 0) return undefined;
    const candidates = [first.focus, ...first.rendered.chunks, ...hits.slice(0, 3).map((hit) => hit.chunk)];
    // The bound answering « notre projet coûte 9 500 € au total » is on the same measure (« un coût
    // total inférieur ou égal à 8 000 € »), not on another sum of the passage (« un plafond de 3 000 €
    // par projet »): a sentence holding the words the question states its quantity with weighs more.
    const measure = this.on('lead.threshold-measure') ? statedMeasureTerms(this.input.parsed.text, units) : new Set<string>();
    return this.bestSentence(candidates, query, (sentence) => {
      // « depuis au moins six mois » bounds « 4 mois » as « 6 mois » would.
      const folded = this.on('lead.threshold-measure') ? digitsForNumberWords(foldText(sentence)) : foldText(sentence);
      if (!THRESHOLD_WORDS.test(folded) || !units.some((quantity) => quantity.number.test(folded))) return undefined;
      if (measure.size === 0) return 1;
      const terms = termSet(sentence);
      // « asso » is held by « associations »: a stem is matched as the question's concept of it.
      return 1 + [...measure].filter((term) => this.holdsConcept(terms, term)).length / measure.size;
    });
  }

  /**
   * The sentence of the candidate passages that best says the question, among those `weigh`
   * accepts (its factor scales the score): 70 % the sentence's own coverage, 30 % its passage's,
   * later passages discounted. Shared by the figure and the threshold leads.
   */
  private bestSentence(candidates: Chunk[], query: WeightedQuery, weigh: (sentence: string, chunk: Chunk) => number | undefined): { text: string; chunk: Chunk } | undefined {
    const { metaByFile } = this.input;
    let best: { text: string; chunk: Chunk; score: number } | undefined;
    candidates.forEach((chunk, rank) => {
      const context = chunkTerms(chunk, metaByFile.get(chunk.file));
      for (const line of rejoinWrappedLines(chunk.text.split('\n').slice(chunk.headingLines ?? 0))) {
        const sentences = statementsOf(line, this.on('lead.table-row-whole'));
        sentences.forEach((sentence, at) => {
          const factor = weigh(sentence, chunk);
          if (factor === undefined) return;
          // « L'appel à projets 2025 a été ouvert… Il a reçu 186 dossiers » : a sentence opening
          // with a pronoun says its subject in the sentence before, shown with it.
          const previous = sentences[at - 1];
          const antecedent = previous !== undefined && previous.length <= ANTECEDENT_MAX_CHARS && this.on('lead.antecedent') && opensWithPronoun(sentence) ? `${previous} ` : '';
          const score = ((coverage(termSet(sentence), query) * 0.7 + coverage(context, query) * 0.3) / (1 + 0.1 * rank)) * factor;
          if (!best || score > best.score) best = { text: shownStatement(`${antecedent}${sentence}`), chunk, score };
        });
      }
    });
    return best;
  }

  /** Characters left in the message after these parts, each counted with its source line. */
  private roomLeft(parts: AnswerPart[]): number {
    return this.input.tuning.answerChars - parts.reduce((sum, part) => sum + part.rendered.lines.join('\n').length + (part.sentence ? SENTENCE_LINE_CHARS : SOURCE_LINE_CHARS), 0);
  }

  /**
   * « La répartition prévisionnelle annuelle est la suivante : » announces what the document
   * puts next, often a table or a list the outline made a section of its own: an extract shown
   * whole that ends on such a colon goes on with the passage that follows it in the document.
   */
  private completeAnnouncement(parts: AnswerPart[], trace: string[]): void {
    const { tree, tuning } = this.input;
    const last = parts.at(-1);
    if (!last || !this.on('answer.announced') || last.rendered.cutItems + last.rendered.cutSections > 0) return;
    if (!/:\s*$/.test(last.rendered.lines.at(-1) ?? '')) return;
    const shownLast = last.rendered.chunks.at(-1);
    if (!shownLast) return;
    const inFile = tree.chunksOfFile(shownLast.file);
    const at = inFile.indexOf(shownLast);
    const next = at >= 0 ? inFile[at + 1] : undefined;
    if (!next || parts.some((part) => part.rendered.chunks.includes(next))) return;
    // What is announced sits inside the announcing section, or is an unnumbered block after it (a
    // table, a list); the next numbered section (« Article 5 ») is not it.
    const node = tree.nodeOf(next);
    if (!node || !(DocumentTree.within(node, last.node) || !isNumbered(DocumentTree.label(node)))) return;
    const left = this.roomLeft(parts);
    if (left < tuning.topPassageMinChars) return;
    const part = node.chunks[0] === next && tree.size(node) <= left ? this.nodePart(node, next, left) : this.passagePart(next, left);
    if (part.rendered.lines.length === 0) return;
    parts.push(part);
    trace.push('answer.announced');
  }

  /**
   * When a cue chose another section than the best passage's, the best passage still follows if
   * room is left: retrieval's first answer is right more often than any single cue.
   */
  private keepTopPassage(parts: AnswerPart[], hits: SearchHit[], trace: string[]): void {
    const { tree, tuning } = this.input;
    const top = hits[0];
    if (!top || !this.on('answer.top-passage')) return;
    const node = tree.nodeOf(top.chunk);
    if (!node || parts.some((part) => part.rendered.chunks.includes(top.chunk) || DocumentTree.within(node, part.node))) return;
    // A best passage saying clearly less of the question than the chosen section is retrieval's
    // noise, not a second answer: its citation was right about one time in five on dev.
    const first = parts[0];
    if (first && this.on('answer.top-passage-covers')) {
      const chosen = Math.max(...[first.focus, ...first.rendered.chunks].map((chunk) => this.says(chunk)));
      if (this.says(top.chunk) < chosen - tuning.topPassageMaxDeficit) {
        trace.push('answer.top-passage-covers');
        return;
      }
    }
    let left = this.roomLeft(parts);
    // The chosen section gives up room so the best passage can follow it.
    const last = parts.at(-1);
    if (left < tuning.topPassageMinChars && this.on('answer.top-passage-room') && last?.resize) {
      const shrunk = last.resize(last.rendered.lines.join('\n').length - (tuning.topPassageMinChars - left));
      if (shrunk.rendered.lines.length === 0) return;
      parts[parts.length - 1] = shrunk;
      left = tuning.topPassageMinChars;
    }
    if (left < tuning.topPassageMinChars) return;
    const part = this.passagePart(top.chunk, left);
    if (part.rendered.lines.length === 0) return;
    parts.push(part);
    trace.push('answer.top-passage');
  }

  /**
   * Retrieval's second passage, from another section, follows an answer made of the best
   * passage's section when room is left, it says about as much of the question, and it says a
   * part of the question the answer does not (tuning.secondPassageMinGain): the best passage is
   * often the answer's neighbour (« l'ordre du jour » for « les points de vigilance »).
   */
  private keepSecondPassage(parts: AnswerPart[], hits: SearchHit[], trace: string[]): void {
    const { tree, tuning } = this.input;
    const [top, second] = hits;
    const first = parts[0];
    if (!top || !second || !first || parts.length !== 1 || !this.on('answer.second-passage')) return;
    if (!first.rendered.chunks.includes(top.chunk)) return;
    const node = tree.nodeOf(second.chunk);
    if (!node || first.rendered.chunks.includes(second.chunk) || DocumentTree.within(node, first.node)) return;
    // A question naming a numbered section is answered inside it (« et l'action 3.4 ? » is not
    // answered by the action 3.2 the previous turn asked about).
    const keys = this.input.parsed.referenceKeys;
    if (keys.length > 0 && !keys.some((key) => referenceNode(tree, second.chunk, key))) return;
    const chosen = Math.max(...first.rendered.chunks.map((chunk) => this.says(chunk)));
    if (this.says(second.chunk) < chosen - tuning.topPassageMaxDeficit) return;
    // It must say some of the question the answer does not: a second passage saying the same is noise.
    const termsOf = (chunks: Chunk[]) => new Set(chunks.flatMap((chunk) => [...chunkTerms(chunk, this.input.metaByFile.get(chunk.file))]));
    const shown = termsOf(first.rendered.chunks);
    const query = this.weightedQuery();
    const gain = coverage(termsOf([...first.rendered.chunks, second.chunk]), query) - coverage(shown, query);
    if (gain < tuning.secondPassageMinGain) return;
    const left = this.roomLeft(parts);
    if (left < tuning.topPassageMinChars) return;
    // Not from another territory's document than the one the question names (gate.territory).
    // Another document of the same place may hold the rest (« la délibération qui approuve la
    // charte »), and the whole answer already holds the place and year asked.
    if (this.on('gate.territory') && !this.fromNamedTerritory([second.chunk])) return;
    const part = this.passagePart(second.chunk, left);
    if (part.rendered.lines.length === 0) return;
    parts.push(part);
    trace.push('answer.second-passage');
  }

  /**
   * The answer often sits one or two passages below the best one (« 18 640 € attribués » in the
   * 2025 report while the 2026 guide comes first): the best sentence of each of retrieval's first
   * passages from another section follows the answer on one line with its citation, when it says
   * enough of the question (tuning.nextSentenceMinCoverage) and holds what is asked: a figure of
   * the asked sort (not another year's, inside the numbered section the question names), the
   * defined term. For a figure or a definition the section shown first gives up room for it; for
   * other questions it takes the room left only, and must say more of the question.
   */
  private keepNextSentences(parts: AnswerPart[], hits: SearchHit[], lead: string | undefined, trace: string[]): void {
    const { tree, tuning, parsed } = this.input;
    if (!this.on('answer.next-sentences')) return;
    const term = parsed.kind === 'definition' ? parsed.definedTerm : undefined;
    const termWord = term ? new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(term)}(?![\\p{L}\\d])`, 'u') : undefined;
    // Figures and definitions are one sentence: for them the section gives up room. Other answers
    // (a list, a rule) need their section whole: there a sentence only takes the room left, and
    // must say more of the question (below that, on the dev sets, it was the answer too rarely to
    // be worth its citation).
    const sentenceAnswers = parsed.kind === 'figure' || parsed.kind === 'definition';
    const minCoverage = sentenceAnswers ? tuning.nextSentenceMinCoverage : tuning.nextSentenceOtherMinCoverage;
    const maxChars = Math.max(MIN_SHOWN_LINE, tuning.nextSentenceMaxChars);
    const query = this.weightedQuery();
    const shownText = () => foldText([lead ?? '', ...parts.flatMap((part) => part.rendered.lines)].join('\n'));
    const holdsAsked = (text: string) => {
      const folded = foldText(text);
      if (parsed.kind === 'figure') {
        if (!unitHasFigure(folded, parsed.figure, parsed.text)) return false;
        // Another year's figure (« l'enveloppe prévue pour 2026 » asked for 2025) is not the asked one.
        if (this.on('gate.figure-year') && parsed.figure !== 'date' && otherYearsOnly(text, parsed.askedYears)) return false;
      }
      return !termWord || termWord.test(folded);
    };
    const keys = parsed.referenceKeys;
    let added = 0;
    for (const hit of hits.slice(0, tuning.nextSentenceDepth)) {
      if (added >= tuning.nextSentenceCount) break;
      const node = tree.nodeOf(hit.chunk);
      if (!node || parts.some((part) => part.rendered.chunks.includes(hit.chunk) || DocumentTree.within(node, part.node))) continue;
      if (this.on('gate.territory') && !this.fromNamedTerritory([hit.chunk])) continue;
      // A question naming a numbered section is answered inside it, not by a neighbour's figure.
      if (keys.length > 0 && !keys.some((key) => referenceNode(tree, hit.chunk, key))) continue;
      // What the answer shows so far, sentences added before included: a sentence is never said twice.
      const already = shownText();
      let best: { text: string; score: number } | undefined;
      for (const line of rejoinWrappedLines(bodyLines(hit.chunk))) {
        const statements = statementsOf(line, this.on('lead.table-row-whole'));
        statements.forEach((statement, at) => {
          // « Son enveloppe a atteint 18 640 € »: a sentence opening with a pronoun is shown with
          // the sentence before it, which says what it speaks of.
          const previous = statements[at - 1];
          const antecedent = previous !== undefined && previous.length <= ANTECEDENT_MAX_CHARS && this.on('lead.antecedent') && opensWithPronoun(statement) ? `${previous} ` : '';
          const text = cutAtWord(shownStatement(`${antecedent}${statement}`), maxChars);
          const folded = foldText(text);
          if (text.length < MIN_SHOWN_LINE || already.includes(folded) || !holdsAsked(text)) return;
          const score = coverage(termSet(text), query);
          if (!best || score > best.score) best = { text, score };
        });
      }
      if (!best || best.score < minCoverage) continue;
      const { text } = best;
      const need = text.length + SENTENCE_LINE_CHARS;
      const left = this.roomForSentence(parts, lead);
      if (left < need) {
        if (!sentenceAnswers) break;
        const first = parts[0];
        if (!first?.resize) break;
        const shrunk = first.resize(first.rendered.lines.join('\n').length - (need - left));
        // The lead's passage stays shown: the lead is cited from it.
        if (shrunk.rendered.lines.length === 0 || !shrunk.rendered.chunks.includes(first.focus)) break;
        parts[0] = focusedOn(shrunk, first.focus);
      }
      const rendered: RenderedNode = { lines: [text], cutItems: 0, cutSections: 0, chunks: [hit.chunk], items: 0, lineChunks: [hit.chunk] };
      parts.push({ node, focus: hit.chunk, rendered, whole: false, sentence: true });
      added += 1;
      trace.push('answer.next-sentences');
    }
  }

  /**
   * Room left for one more sentence line: within the parts' budget, and in the message as it will
   * be written (each part's intro line as long as it is, the lead, a cut note, the sentences).
   */
  private roomForSentence(parts: AnswerPart[], lead: string | undefined): number {
    const written = parts.reduce(
      (sum, part, index) => sum + (part.sentence ? part.rendered.lines[0]!.length + SENTENCE_LINE_CHARS : this.introChars(part, index) + part.rendered.lines.join('\n').length + 1),
      lead ? lead.length + 1 : 0,
    );
    return Math.min(this.roomLeft(parts) - (lead ? lead.length + 1 : 0), this.input.tuning.textLimit - written - CUT_NOTE_CHARS);
  }

  private fromNamedTerritory(chunks: Chunk[]): boolean {
    const named = this.input.parsed.namedTerritory;
    if (!named) return true;
    const { metaByFile } = this.input;
    const documents = [...metaByFile.values()];
    const territoryOf = (file: string) => foldText(metaByFile.get(file)?.territory ?? '');
    const sharedBy = (territory: string) => documents.filter((meta) => foldText(meta.territory ?? '') === territory).length;
    return chunks.some((chunk) => chunk.file === named.file || territoryOf(chunk.file) === '' || sharedBy(territoryOf(chunk.file)) > 1);
  }

  private write(parts: AnswerPart[], lead: string | undefined, support: number, trace: string[]): Composition {
    const { metaByFile, parsed } = this.input;
    const citations = new Citations(metaByFile);
    const lines: string[] = [];
    if (parsed.kind === 'definition' && this.on('lead.definition')) {
      const term = parsed.definedTerm;
      // An acronym the corpus never writes (read from initials) is a guess, not a definition to state.
      const defined = parsed.expanded.acronyms.filter(
        (entry) => !entry.implicit && (!term || term === foldText(entry.term) || term.startsWith(`${foldText(entry.term)} `) || foldText(entry.expansion).startsWith(term)),
      );
      for (const entry of defined.slice(0, 2)) {
        lines.push(`**${entry.term}** : ${entry.expansion}.`);
        trace.push('lead.definition');
      }
    }
    if (lead) {
      const n = citations.cite(parts[0]!);
      lines.push(`${lead}${n ? ` [${n}]` : ''}`);
    }
    const length = () => lines.reduce((sum, line) => sum + line.length + 1, 0);
    parts.forEach((part, index) => {
      if (part.sentence) {
        const line = part.rendered.lines[0]!;
        // A sentence shown without its source would not say where it comes from.
        const n = this.input.tuning.textLimit - length() >= line.length + SENTENCE_LINE_CHARS ? citations.cite(part, line) : undefined;
        if (n === undefined) {
          trace.splice(trace.indexOf('answer.next-sentences'), 1);
          return;
        }
        lines.push(`Voir aussi : ${line} [${n}]`);
        return;
      }
      // The sentences that follow keep their room.
      const reserved = parts.slice(index + 1).reduce((sum, later) => sum + (later.sentence ? later.rendered.lines[0]!.length + SENTENCE_LINE_CHARS : 0), 0);
      const meta = metaByFile.get(part.node.file);
      const items = part.rendered.items;
      const intro = index === 0 ? "D'après" : 'Voir aussi';
      const count = part.whole && items >= 2 ? `, ${items} éléments` : '';
      // The lead is not said twice; the rest of its paragraph (one line in PDF extractions) stays.
      const entries = part.rendered.lines
        .map((line, at) => ({ line: lead ? line.replace(lead, '').trim() : line, chunk: part.rendered.lineChunks?.[at] }))
        .filter((entry) => !lead || entry.line === '…' || (entry.line.length >= MIN_SHOWN_LINE && entry.line !== '-'));
      const shown = entries.map((entry) => entry.line);
      // Lines kept within the message's limit: a later part that does not fit is left out whole,
      // and is not cited; the first part loses the lines farthest from the passage retrieval
      // matched, and says so.
      const room = this.input.tuning.textLimit - length() - `${intro} ${where(part.node, meta, this.input.parsed.referenceKeys)}${count} [5] :`.length - CUT_NOTE_CHARS - reserved;
      const kept = this.on('answer.keep-focus') ? linesAroundFocus(entries, part.focus, room) : linesFromStart(shown, room);
      if (kept.length === 0) return;
      const n = citations.cite(part);
      const marker = n ? ` [${n}]` : '';
      lines.push(`${intro} ${where(part.node, meta, this.input.parsed.referenceKeys)}${count}${marker} :`, ...kept);
      // « … » marks a gap, not a line of the source.
      const lineCount = (list: string[]) => list.filter((line) => line !== '…').length;
      const cut = part.rendered.cutItems + part.rendered.cutSections + (lineCount(shown) - lineCount(kept));
      if (cut > 0) lines.push(`… et ${cut} autre${cut > 1 ? 's' : ''} élément${cut > 1 ? 's' : ''} dans la source${marker}.`);
    });
    return { text: lines.join('\n'), citations: citations.list, refused: false, support, trace };
  }

  private refusal(hits: SearchHit[], query: WeightedQuery, support: number, missing: string[], trace: string[], territory?: DocumentMeta, reason?: string): Composition {
    const { metaByFile, tree, tuning } = this.input;
    const why = reason ?? (territory ? ` (rien à ce sujet dans « ${territory.short_title} »)` : missing.length > 0 ? ` (aucune mention de ${missing.map((name) => `« ${name} »`).join(', ')})` : '');
    const lines = [`Le corpus ne permet pas de répondre à cette question${why}.`];
    const citations = new Citations(metaByFile);
    const seen = new Set<string>();
    const suggestions: string[] = [];
    // What the corpus cannot hold (« 2031 », an absent name) is not asked of a suggested section.
    const shared = knownPart(query, this.input.lexical);
    for (const hit of hits) {
      if (suggestions.length >= tuning.refusalSuggestions) break;
      const node = tree.nodeOf(hit.chunk);
      if (!node || seen.has(node.key)) continue;
      // Only sections sharing the question's subject: an unrelated « À consulter » misleads.
      if (coverage(chunkTerms(hit.chunk, metaByFile.get(hit.chunk.file)), shared) < tuning.suggestionMinCoverage) continue;
      seen.add(node.key);
      const n = citations.cite({ node, focus: hit.chunk, rendered: { lines: [], chunks: [hit.chunk], cutItems: 0, cutSections: 0, items: 0 } });
      suggestions.push(`- ${where(node, metaByFile.get(node.file))}${n ? ` [${n}]` : ''}`);
    }
    if (suggestions.length > 0) lines.push('À consulter :', ...suggestions);
    return { text: lines.join('\n'), citations: citations.list, refused: true, support, trace };
  }
}

/**
 * The statements of a line: its sentences, or the line whole when it is a table row (« Action : … ;
 * Porteur : … ; État : 5 000 »), whose cells say together whose figure it is.
 */
function statementsOf(line: string, rowsWhole: boolean): string[] {
  const row = rowsWhole && line.length <= TABLE_ROW_MAX_CHARS && TABLE_ROW.test(line);
  return row ? [line] : line.split(/(?<=[.!?;])\s+(?=[A-ZÀ-Ý])/);
}

/**
 * A sentence cut to `max` characters at a word, never inside a number (« 18 640 € » is not cut
 * to « 18 »: French numbers group their digits with spaces).
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text
    .slice(0, max)
    .replace(/\s+\S*$/u, '')
    .replace(/[\d\s.,]+$/u, '')
    .trimEnd();
  return `${cut} …`;
}

/** A statement as shown on a line of its own: without bold marks and list bullet. */
function shownStatement(statement: string): string {
  return statement
    .replace(/\*\*/g, '')
    .replace(/^\s*[-•]\s*/, '')
    .trim();
}

/**
 * Lines a scan or a PDF cut inside a sentence (« & 134 » / « adultes Relais » / « financés par
 * l'État… »), joined again: a line not ending a sentence continues on the next when that one
 * opens in lower case or the line is a fragment. List items and table rows stay apart.
 */
function rejoinWrappedLines(lines: string[]): string[] {
  const joined: string[] = [];
  for (const line of lines) {
    const previous = joined.at(-1);
    const itemLike = (text: string) => /^\s*([-•*▪]|\d{1,2}[.)])\s/.test(text) || text.includes(' ; ') || text.includes('\t');
    const continues = previous !== undefined && !/[.!?:;]\s*$/.test(previous) && !itemLike(previous) && !itemLike(line) && (/^\s*\p{Ll}/u.test(line) || previous.trim().length <= FRAGMENT_CHARS);
    // An infographic's unit set above its figure (« euros » / « 394 000 » / « alloués en 2017… »)
    // is read after it, as the sentence says it.
    if (continues && UNIT_LABEL.test(previous) && /^\s*\d/.test(line)) joined[joined.length - 1] = `${line.trim()} ${previous.trim()}`;
    else if (continues) joined[joined.length - 1] = `${previous} ${line.trim()}`;
    else joined.push(line);
  }
  return joined;
}
/** A line holding only a unit: an infographic's label of the figure below it. */
const UNIT_LABEL = /^\s*(?:€|%|euros?|k€|m€|millions? d['’]euros|millions?|milliards? d['’]euros|habitants|logements|postes|personnes|jeunes|familles|ménages|actions|projets)\s*$/iu;
/** A line this short is a fragment of the sentence it sits in. */
const FRAGMENT_CHARS = 20;

/** A numbered section's title is shown beside its label up to this length. */
const MAX_TITLED_CRUMB = 110;
/** A PDF heading may swallow a paragraph: even the named section's title is cut past this. */
const MAX_NAMED_TITLE = 300;

/**
 * A table row as the chunker writes it: « Header : value » cells joined by « ; », two at least
 * (« Porteur : Les Jardins du Clos ; Montant : 3 500 »), short enough to be one statement.
 */
const TABLE_ROW = /^(?:[^;:\n]{1,80}\s:\s[^;\n]*;\s)+[^;:\n]{1,80}\s:\s/;
/** Longest row read whole; a longer one is cut at its « ; » like prose. */
const TABLE_ROW_MAX_CHARS = 400;

/** Words of a place name that say nothing of which place (« Saint-Amans-sur-Garonne »). */
const PLACE_PARTICLES = new Set(['les', 'des', 'sur', 'aux']);

const CONTACT_WORDS: Record<ContactDetail, string> = { phone: 'aucun numéro de téléphone', email: 'aucune adresse électronique', address: 'aucune adresse' };

/** What is left of a line after its lead sentence was taken out must say something. */
const MIN_SHOWN_LINE = 20;
/** Credit of a stand-in form (conceptCredit): an abbreviation or acronym the heading spells out counts as said. */
const SAID_BY_SECTION = 0.8;
/** Room kept for « … et N autres éléments dans la source [n]. ». */
const CUT_NOTE_CHARS = 50;

/**
 * Whether a line of the passage holding no figure says its figures are per that unit: a table's
 * header (« Type de porteur · Taux maximum · Plafond par action ») or a title (« Montants par
 * poste ») qualifies the rows under it.
 */
function headedPerUnit(chunk: Chunk, unit: string): boolean {
  return chunk.text.split('\n').some((line) => !/\d/.test(line) && statesPerUnit(line, unit));
}

/**
 * The stems of the clauses in which a question states its own quantities (« notre projet coûte
 * 9 500 € au total » → projet, fresqu, cout, total), without the number and its unit.
 */
function statedMeasureTerms(question: string, units: { number: RegExp }[]): Set<string> {
  const terms = new Set<string>();
  // « 9.500 € », « 2,5 % »: a comma or a point between digits is no clause break.
  for (const clause of foldText(question).split(/[;:?!]|[,.](?!\d)|\s(?:et|mais|donc|alors)\s/)) {
    const stated = units.find((quantity) => quantity.number.test(clause));
    if (!stated) continue;
    for (const term of analyze(clause.replace(stated.number, ' '))) if (!QUESTION_TERMS.has(term)) terms.add(term);
  }
  return terms;
}

/** « Il est rappelé », « il convient », « il faut », « il y a », « il s'agit »: « il » stands for no one. */
const IMPERSONAL_IL = /^il (?:est|convient|faut|y a|s'agit|importe|existe|reste)\b/;

/** Whether a sentence opens with a pronoun standing for something said before it. */
function opensWithPronoun(sentence: string): boolean {
  const opening = foldText(sentence.trim());
  return OPENING_ANAPHORA.test(opening) && !IMPERSONAL_IL.test(opening);
}
/** A lead's antecedent sentence is shown up to this length; a longer one would crowd the answer out. */
const ANTECEDENT_MAX_CHARS = 300;

/** Everyday and generic words for people counted (« combien de gens », « combien de personnes »), stemmed. */
const EVERYDAY_PEOPLE = new Set(analyze('gens monde personnes'));
/** Words documents count people with (« 74 adultes », « 120 participants »), stemmed. */
// Not « jeunes », « enfants », « familles », « inscrits »: topic words as often as counts
// (« 12 actions en faveur des jeunes »).
const PEOPLE_COUNTED = new Set(
  analyze('personnes habitants répondants bénéficiaires usagers individus ménages foyers allocataires adultes participants élèves stagiaires salariés résidents locataires'),
);

/** Whether a sentence names one of the asked years. */
function datedWith(sentence: string, askedYears: string[]): boolean {
  const dated = yearsCovered(withoutEventDates(sentence));
  return askedYears.some((year) => dated.has(Number(year)));
}

/** Whether a sentence gives its figure for other years than those asked (and for some year). */
function otherYearsOnly(sentence: string, askedYears: string[]): boolean {
  if (askedYears.length === 0) return false;
  const dated = yearsCovered(withoutEventDates(sentence));
  return dated.size > 0 && !askedYears.some((year) => dated.has(Number(year)));
}

/** Years a text speaks of: each year it writes, and every year of a range (« 2024-2030 », « 2024 à 2027 »). */
function yearsCovered(text: string): Set<number> {
  const years = new Set<number>();
  for (const match of text.matchAll(/(?<!\d)((?:19|20)\d{2})(?:\s*(?:-|–|—|à|au|a)\s*((?:19|20)\d{2}))?(?!\d)/g)) {
    const from = Number(match[1]);
    const to = match[2] ? Number(match[2]) : from;
    for (let year = from; year <= Math.min(to, from + 30); year += 1) years.add(year);
  }
  return years;
}

/** A numbered section's number as a sortable value (« Action 2.4 » → 2.004), Infinity when unnumbered. */
function numberOrder(node: TreeNode): number {
  const key = referenceKeyOf(DocumentTree.label(node));
  const parts =
    key
      ?.slice(key.lastIndexOf(' ') + 1)
      .split('.')
      .map(Number) ?? [];
  if (parts.length === 0 || parts.some((part) => !Number.isFinite(part))) return Number.POSITIVE_INFINITY;
  return parts.reduce((sum, part, index) => sum + part / 1000 ** index, 0);
}

function descendants(node: TreeNode): TreeNode[] {
  return node.children.flatMap((child) => [child, ...descendants(child)]);
}

function TreeNodeContains(part: AnswerPart, chunk: Chunk): boolean {
  return part.rendered.chunks.includes(chunk);
}

/** The node of `chunk`'s path that is the numbered section `key` (`objectif 18`), if any. */
function referenceNode(tree: DocumentTree, chunk: Chunk, key: string): TreeNode | undefined {
  for (let node = tree.nodeOf(chunk); node; node = node.parent) {
    const label = DocumentTree.label(node);
    if (label && referenceKeyOf(label) === key) return node;
  }
  return undefined;
}

import { asksWholeFamily, REFERENCE_FAMILY_STEMS, referenceKeyOfLabel as referenceKeyOf } from '../../query/query-understanding.js';
