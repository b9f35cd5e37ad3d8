/**
 * Every number and switch that tunes extractive answers, in one documented object (after
 * MiniSearch's options). Values were chosen on eval/dev.jsonl and eval/heldout.jsonl (both dev
 * sets now); a change is kept only if it does not lose on a set it was not made for.
 */
export interface AnswerTuning {
  /** Characters of answer text before the list of sources (SCORING.md: 1,500), minus room for markers. */
  answerChars: number;
  /**
   * Characters the message may hold at most, headers and notes included (SCORING.md: 1,500). A
   * clause of a compound question gets its share, so that the clauses together still fit.
   */
  textLimit: number;
  /** Retrieved passages the composer reads. */
  composeDepth: number;
  /** Share of the question's weighted terms the best passages must hold, else the corpus does not answer. */
  supportThreshold: number;
  /** Hits scanned for a block labelled with what the question asks for. */
  blockSearchHits: number;
  /** A hit's parent section is the answer when it renders within this many characters. */
  parentMaxChars: number;
  /** Characters of text under which a section counts as a bare title. */
  substanceChars: number;
  /** Budget of a passage shown from a section too long to show whole. */
  passageChars: number;
  /** A section's outline answers when at least this many numbered sub-sections are of the asked family. */
  outlineMinSections: number;
  /** Room, in characters, the best passage needs to follow a section a cue chose. */
  topPassageMinChars: number;
  /**
   * How much less of the question (weighted share) the best passage may say than the chosen
   * section's passage and still follow it (answer.top-passage-covers).
   */
  topPassageMaxDeficit: number;
  /** Closest sections listed under a refusal. */
  refusalSuggestions: number;
  /**
   * A section suggested under a refusal must hold at least this share of what the corpus can hold of
   * the question (`knownPart`: « 2031 » or an absent name are not asked of it). Over sixteen dev sets,
   * suggestions under refusals of answerable questions: 93 with 30 holding the answer at 0.2 on the
   * whole question; 96 with 34 at 0.4 on its known part (0.55 kept 44 with 16).
   */
  suggestionMinCoverage: number;
  /** A sentence of a cited passage is highlighted in the reader when this share of its words is in the answer. */
  usedSentenceShare: number;
  /**
   * A compound question is not answered clause by clause when the whole answer holds this share of
   * every clause's words: sixteen dev sets give the same right answers at 1 and 0.75 (712), one
   * fewer at 0.5; at 0.75 the slowest answers cost less (probe p95 15.5 → 13.9 ms).
   */
  compoundWholeCoverage: number;
  /** Room (characters) an extract must leave before the lines preceding its passage fill it. */
  fillBeforeMinChars: number;
  /**
   * Share of the question (weighted by rarity) retrieval's second passage must add to what the
   * answer says before it follows it. Over 45 dev sets (right / mean citation precision against
   * none: 1,896 / 0.696): no condition +50 / 0.623, 0.05 +27 / 0.659, 0.15 +21 / 0.674,
   * 0.25 +12 / 0.688 (no answer lost, 11 of the 12 gains on the new corpora); +11 once a question
   * naming a numbered section takes it only from inside that section.
   */
  secondPassageMinGain: number;
  /** Retrieval's first passages (the best one included, when not shown) that may add their best sentence (answer.next-sentences). */
  nextSentenceDepth: number;
  /** At most this many such sentences in one answer. */
  nextSentenceCount: number;
  /** Share of the question a passage's sentence must hold to be shown after the answer. */
  nextSentenceMinCoverage: number;
  /** The same for a question asking no figure or definition, whose sentence only takes room left. */
  nextSentenceOtherMinCoverage: number;
  /** Characters of such a sentence shown at most (a PDF paragraph can be one long line). */
  nextSentenceMaxChars: number;
  /** Longest line read as the person's name under a signatory's role (« Jean-Jacques PION »). */
  signatureNameMaxChars: number;
  /** Largest section (characters) whose lines are read for the asked actor's (answer.actor-lines). */
  actorLinesMaxSectionChars: number;
  /**
   * Weight of a figure sentence naming no year when the question names one (one naming it weighs 1,
   * one naming only other years 0.5). Over 29 dev sets against none: 0.8 +2 right, 0.6 +8 / −2,
   * 0.4 +11 / −3 (more churn for the same right answers).
   */
  undatedFigureFactor: number;
  /** A section asked whole but too long to show whole (answer.condensed): each paragraph's first sentence within this many characters. */
  condensedProseChars: number;
  /**
   * …and each item's opening words within this many, at the shortest (items are cut only as far
   * as the message needs). Structure eval on 35 corpora: answer.condensed 1,438 → 1,459 of 1,544
   * right at 140; once legal clauses were read as items, 1,553 → 1,557 of 1,643 at 80. Dev sets
   * unchanged either way (two answers of 3,801 condensed).
   */
  condensedItemChars: number;
  /** Rule ids switched off (`eval --ablate`): see RULES. */
  disabled: ReadonlySet<string>;
}

export const DEFAULT_TUNING: AnswerTuning = {
  answerChars: 1_440,
  textLimit: 1_500,
  composeDepth: 8,
  supportThreshold: 0.2,
  blockSearchHits: 2,
  parentMaxChars: 1_300,
  substanceChars: 80,
  passageChars: 1_300,
  outlineMinSections: 2,
  topPassageMinChars: 300,
  topPassageMaxDeficit: 0.2,
  refusalSuggestions: 3,
  suggestionMinCoverage: 0.4,
  usedSentenceShare: 0.6,
  compoundWholeCoverage: 0.75,
  fillBeforeMinChars: 80,
  signatureNameMaxChars: 60,
  actorLinesMaxSectionChars: 20_000,
  secondPassageMinGain: 0.25,
  nextSentenceDepth: 3,
  nextSentenceCount: 2,
  nextSentenceMinCoverage: 0.4,
  nextSentenceMaxChars: 300,
  nextSentenceOtherMinCoverage: 0.65,
  undatedFigureFactor: 0.6,
  condensedProseChars: 220,
  condensedItemChars: 80,
  disabled: new Set(),
};

/**
 * The composer's rules, each a phenomenon of French or of document structure (never a question).
 * `eval --ablate <id>` measures one switched off on every set.
 */
export const RULES = {
  'node.reference': 'a question naming a numbered section (« objectif 18 ») is answered inside it',
  'node.asked-block': 'a question asking for a kind of block (actors, actions, means…) gets the block so labelled, whole',
  'node.reference-whole': '« c’est quoi l’objectif 19 ? » asks for the numbered section itself: too long to show whole, it is shown from its heading, cut, not from one of its blocks',
  'node.outline': '« les actions de l’axe 4 »: the numbered sub-sections of that family, listed by their headings',
  'node.family-outline': '« les quatre axes du Pacte »: the outermost headings of that numbered family in the named document, each once',
  'node.parent': "a passage's parent section is the answer when it fits (sub-lists given together)",
  'answer.keep-focus': 'a section cut to fit the message keeps the lines of the passage retrieval matched, and leaves out those farthest from it',
  'answer.announced': 'an extract ending on an announcement (« … est la suivante : ») goes on with what the document puts next (the table or list announced)',
  'answer.actor-lines': '« qui a signé pour la CAF ? »: a section cut to fit keeps the lines naming the actor the question names, with the name written under each (tuning.signatureNameMaxChars)',
  'answer.inherited-figure':
    'a follow-up that took the figure kind from the question before it but names a subject of its own (« et les équipes de rue ? ») is answered without a figure, not refused for lacking one',
  'answer.condensed':
    'a section asked whole (« que prévoit l’article 6 ? », its actions block) too long to show whole is condensed to its shape: each paragraph’s first sentence, each item’s opening words, sub-headings kept',
  'answer.top-passage': 'the best passage follows a section a cue chose, when room is left',
  'answer.second-passage':
    "retrieval's second passage, from another section, follows an answer made of the best passage's section when room is left, it says about as much of the question and adds a part of it (tuning.secondPassageMinGain)",
  'answer.top-passage-covers': 'the best passage follows only when it says about as much of the question as the chosen section (tuning.topPassageMaxDeficit)',
  'answer.top-passage-room': 'the chosen section is cut shorter so that the best passage can follow it',
  'answer.compound': 'a question asking two things (« combien en 2025 et il en reste combien ? ») is answered clause by clause, each from its own passage, when every clause finds one',
  'lead.figure': 'a figure question opens with the sentence holding a figure of the asked sort',
  'lead.threshold-measure':
    'the bound answering a stated quantity is the one on the same measure: its sentence holds the words the question states it with (« coûte … au total » → « coût total »), numbers in words read as digits',
  'answer.compound-figure': 'a clause asking a figure is not said by a whole answer that holds its words but no figure of its sort',
  'answer.next-sentences':
    "the best sentence of retrieval's next passages, from other sections, follows the answer with its citation when it holds what is asked (a figure of the asked sort, the defined term) and says enough of the question; the section gives up room for a figure or a definition, other answers leave it the room left",
  'answer.compound-year': 'a clause asking about a year (« et combien pour 2026 ? ») is not said by a whole answer that never writes that year',
  'lead.cited': 'a lead sentence cites the passage that holds it when the answer shows that passage, and the answer keeps the lines around it',
  'lead.figure-share': 'a share of a sum (« combien max des crédits », « quelle part du budget ») is answered by a rate as well as an amount',
  'places.lower-case': 'a place typed in lower case after a noun that holds one (« le conseil citoyen de vernolles ») counts when the corpus always writes the word as a name',
  // Presentation rules: they choose how an extract opens, not what answers, so the eval cannot
  // see them; unit tests do (tests/answer/section-answers.test.ts).
  'lead.figure-dated': 'of figure sentences for a question naming a year, one naming that year outweighs one naming none (tuning.undatedFigureFactor)',
  'lead.antecedent':
    'a lead sentence opening with a personal pronoun (« Il a reçu 186 dossiers ») is shown with the sentence before it, which names its subject (its figure is still chosen by the pronoun sentence alone)',
  'lead.people-counted': 'people counted in everyday or generic words (« combien de gens », « combien de personnes ») are any people a passage counts (« habitants », « répondants », « adultes »)',
  'lead.ocr-digits': 'figures a scan read as letters (« l5 OOO € », « 2O25 ») count as figures when looking for the asked figure',
  'lead.threshold': 'an eligibility question stating a quantity (« mon projet coûte 2 500 € ») opens with the sentence bounding that quantity in the same unit (« au moins 3 000 € »)',
  'lead.figure-in-reference': 'a figure question naming a numbered section takes its figure from that section when it holds one',
  'lead.definition': 'a definition question opens with the acronym and the long form the corpus gives it',
  'extract.connector': 'an extract does not open with a connector (« Par ailleurs, »)',
  'extract.antecedent': 'an extract opening with a pronoun keeps the sentence holding its antecedent',
  'extract.fill-before': 'an extract ending its section early is completed with the lines before its passage, in the room the answer has left',
  'gate.unknown-names': 'a question naming something the corpus never mentions is refused',
  'gate.missing-section': 'a question naming a numbered section the corpus lacks is refused',
  'gate.support': 'a question the best passages barely cover is refused',
  'gate.territory': "a question naming one document's territory is not answered from another territory's document",
  'gate.off-topic': 'a request no public-policy document answers (the weather, a recipe, sports results) is refused without suggestions',
  'gate.other-document': "a question about another place's document (« le contrat de ville de Lens-Liévin ») is refused when no document of the corpus belongs to that place",
  'gate.name-asked': "a question asking for someone's name (« comment s'appelle… ») is refused when the answer names nobody",
  'lead.table-row-whole': 'a table row (« Action : … ; Porteur : … ; État : 5 000 ») is read whole for a figure, not cut at its « ; »',
  'gate.figure': 'a figure question with no figure of the asked sort in the best passages is refused',
  'gate.next-event': 'the next occurrence of an event (« le prochain copil ») is looked for in sentences naming that event',
  'gate.deadline': 'a deadline (« la date limite pour déposer ») is looked for in sentences stating one (« au plus tard », « avant le », « dépôt »)',
  'gate.figure-unit': 'a figure asked per unit (« combien par poste ? ») is looked for among figures given per that unit (« par poste », « / poste », « annuel »); none is a refusal',
  'gate.figure-subject': "a figure question is refused when the figure's passage does not name what the figure measures",
  'gate.edition-year':
    'a date asked for an edition named by its year (« l’appel à projets 2026 ») must come from a passage whose sentence, sections or document name that year outside a calendar date',
  'gate.figure-year': 'a figure whose sentence is dated with other years than the question asks is another year’s figure: refused, saying so',
  'gate.next-date': 'a question asking when the next occurrence is (« la prochaine réunion ») takes only a sentence giving a date on the calendar; without one it is refused',
  'gate.contact-asked': 'a question asking for a telephone number, an e-mail or an address is refused when the answer holds none',
  'gate.placeholder': 'a question whose best passage is a section the document left empty (« En attente », « À compléter ») is refused, saying so',
  'gate.place': 'a question naming a place (« le site d’Auchel », « à Saint-Amans ») is refused when the answer, its sections and its document never name it (eligibility questions exempt)',
  'gate.year': 'a question about a year is refused when the answer and its document speak of other years only (a range « 2024-2030 » covers its years)',
} as const;

export type RuleId = keyof typeof RULES;

export function ruleOn(tuning: AnswerTuning, id: RuleId): boolean {
  return !tuning.disabled.has(id);
}
