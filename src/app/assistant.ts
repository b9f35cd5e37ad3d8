/**
 * The core every surface opens once: a loaded index, the hybrid retriever and `ask`, which turns
 * a question (and the conversation so far) into a cited French answer.
 */
import type { Settings } from '../config.js';
import { openIndex, type LoadedIndex } from '../index/load-index.js';
import { WARM_UP_QUESTIONS } from './warm-up.js';
import type { EmbedderLogger } from '../index/embeddings/select-embedder.js';
import { HybridRetriever } from '../search/hybrid-retriever.js';
import type { SearchFilters, SearchOptions } from '../search/types.js';
import { checkQuestion } from '../query/question-input.js';
import { foldText } from '../lang/fr/normalize.js';
import { expandWordAbbreviations } from '../lang/fr/abbreviations.js';
import { analyze } from '../lang/fr/analyzer.js';
import { SectionComposer } from '../answer/compose/compose.js';
import { answerByClause } from '../answer/compound.js';
import { properNameCheck } from '../search/proper-names.js';
import { DocumentTree } from '../answer/compose/document-tree.js';
import { DEFAULT_TUNING, ruleOn, type AnswerTuning } from '../answer/compose/tuning.js';
import { markUsedSentences } from '../answer/used-sentences.js';
import type { Answer, AskContext, Assistant } from '../core/answer.js';

export interface LlmComposerLike {
  compose(input: {
    question: string;
    kind: Answer['kind'];
    hits: Awaited<ReturnType<HybridRetriever['search']>>;
    metaByFile: Map<string, import('../core/types.js').DocumentMeta>;
    history?: AskContext['history'];
    onToken?: AskContext['onToken'];
  }): Promise<{ text: string; citations: Answer['citations'] } | undefined>;
}

export interface OpenAssistantOptions {
  logger?: EmbedderLogger;
  /** Build the index first when it is missing or out of date (server and CLI start-up). */
  ensureIndex?: boolean;
  /** Generative composer; when absent, answers are extractive. */
  llm?: LlmComposerLike;
  /** Overrides of the composer's tuning (thresholds, rules switched off for ablation). */
  tuning?: Partial<AnswerTuning>;
  /** Answer `WARM_UP_QUESTIONS` in the background once opened (default true). */
  warmUp?: boolean;
}

export interface LoadedAssistant extends Assistant {
  index: LoadedIndex;
  /**
   * Answers `WARM_UP_QUESTIONS` extractively and forgets the answers (no generative composer, no
   * log): the code a question runs is compiled before the first user's question, not during it.
   */
  warmUp(): Promise<void>;
  /**
   * Resolves once the vector index is read and attached (at 100× hnswlib's shards and the 8-bit
   * copy, the longest part of a load, read on threads of their own after `openAssistant` returns);
   * rejects as the load would (IndexCorruptError, in French) when a vector file is damaged.
   * `ask` and `search` wait for it, so no answer is ever made without the dense half of retrieval.
   */
  ready: Promise<void>;
  /** Settles once the background warm-up is done (tests, measurements); never rejects. */
  warmed: Promise<void>;
}

/** How an answer in a scope (a Slack channel's or Teams team's documents) says where it searched. */
export const SCOPE_NOTE = 'Recherche limitée à :';
export const WIDENED_NOTE = 'rien de pertinent dans ce périmètre, recherche étendue à tous les documents.';
export const OUTSIDE_SCOPE_NOTE = 'la question vise des documents hors de ce périmètre, recherche dans tous les documents.';

/** Names whose presence in the corpus an assistant remembers (the oldest forgotten first). */
const KNOWN_PHRASES_KEPT = 4096;

function foldForPhrase(text: string): string {
  return ` ${expandWordAbbreviations(foldText(text).replace(/[^a-z0-9]+/g, ' '))} `;
}

/** The assistant over an index; with one still being opened, `ready` waits for its vectors. */
export function createAssistant(index: LoadedIndex, options: OpenAssistantOptions = {}): LoadedAssistant {
  const ready = index.vectorsAttached ?? Promise.resolve();
  const retriever = new HybridRetriever(index);
  const metaByFile = new Map(index.documents.map((document) => [document.file, document]));
  // Whether a multi-word name occurs as such: only the passages holding all its words (read from
  // the index's postings) are read, never the whole corpus. Remembered per name (a function of the
  // index, which an assistant never swaps): at 100× a name absent as such but whose words are
  // common has every passage holding them folded, 1 ms or more per question naming it.
  const knownPhrases = new Map<string, boolean>();
  const phraseKnown = (phrase: string) => {
    const remembered = knownPhrases.get(phrase);
    if (remembered !== undefined) return remembered;
    const needle = foldForPhrase(phrase);
    const terms = analyze(phrase);
    const known =
      terms.length > 0 &&
      index.lexical.someDocumentWithAll(terms, (position) => {
        const chunk = index.chunks[position];
        return chunk !== undefined && foldForPhrase(`${(chunk.headings ?? []).join(' ')} ${chunk.text}`).includes(needle);
      });
    if (knownPhrases.size >= KNOWN_PHRASES_KEPT) knownPhrases.delete(knownPhrases.keys().next().value!);
    knownPhrases.set(phrase, known);
    return known;
  };
  // Whether the corpus writes a word as a proper name, for places typed in lower case.
  const properName = properNameCheck(index.lexical, index.chunks);
  // Each file's chunks from the index's look-ups, when a question first reaches the file.
  const chunks = index.chunks;
  const tree = new DocumentTree(chunks, { files: retriever.lookups.files, chunksOf: (file) => Array.from(retriever.chunkIndexesOf(file), (position) => chunks[position]!) });
  // Chunks by id, per file on first use: no map of every chunk built at start-up.
  const chunkById = { get: (id: string) => tree.chunkById(id) };
  const tuning: AnswerTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const isProperName = ruleOn(tuning, 'places.lower-case') ? properName : undefined;

  const ask = async (rawQuestion: string, context: AskContext = {}): Promise<Answer> => {
    const started = performance.now();
    const check = checkQuestion(rawQuestion);
    if (!check.ok) {
      return {
        question: typeof rawQuestion === 'string' ? rawQuestion.slice(0, 200) : '',
        text: check.message,
        citations: [],
        refused: false,
        kind: 'lookup',
        mode: 'validation',
        timings: { retrieveMs: 0, composeMs: 0, totalMs: performance.now() - started },
      };
    }
    const question = check.question;
    // Answering is CPU work on the server's only thread: yield first, so that pending network
    // I/O (a Slack event waiting for its acknowledgement) is served between two answers.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Answers are made with the vectors attached, never with lexical retrieval alone.
    await ready;
    const parsed = retriever.parse(question, context.history, phraseKnown, isProperName);
    const scope = context.scope && context.scope.files.length > 0 ? context.scope : undefined;
    if (!scope) return answer(question, parsed, context, started);
    // The scope first; the whole corpus when the scope cannot hold the answer (the question names
    // documents or sections outside it) or has nothing. The answer says which it searched.
    const { onToken } = context;
    const noted = (note: string, found: Answer, widened: boolean): Answer => ({ ...found, text: `${note}\n\n${found.text}`, scope: { label: scope.label, widened } });
    const streamed = (note: string) => onToken && ((text: string) => onToken(`${note}\n\n${text}`));
    const files = new Set(scope.files);
    if (!scopeCanAnswer(parsed, files)) {
      const note = `${SCOPE_NOTE} ${scope.label} ; ${OUTSIDE_SCOPE_NOTE}`;
      return noted(note, await answer(question, parsed, { ...context, onToken: streamed(note) }, started), true);
    }
    const note = `${SCOPE_NOTE} ${scope.label}.`;
    const scoped = await answer(question, parsed, { ...context, filters: { ...context.filters, files: scope.files }, onToken: streamed(note) }, started);
    if (!scoped.refused) return noted(note, scoped, false);
    const widenedNote = `${SCOPE_NOTE} ${scope.label} ; ${WIDENED_NOTE}`;
    return noted(widenedNote, await answer(question, parsed, { ...context, onToken: streamed(widenedNote) }, started), true);
  };

  /** Whether the documents and numbered sections a question names are in the scope's files. */
  const scopeCanAnswer = (parsed: ReturnType<HybridRetriever['parse']>, files: ReadonlySet<string>): boolean =>
    (parsed.namedDocuments.length === 0 || parsed.namedDocuments.some((document) => files.has(document.file))) &&
    (parsed.namedTerritory === undefined || files.has(parsed.namedTerritory.file)) &&
    parsed.referenceKeys.every((key) => retriever.hasSectionIn(key, files));

  /** One answer to a parsed question, over the whole corpus or within `context.filters`. */
  const answer = async (question: string, parsed: ReturnType<HybridRetriever['parse']>, context: AskContext & { filters?: SearchFilters }, started: number): Promise<Answer> => {
    if (context.filters?.file) parsed.namedDocuments = [];
    const effective = parsed.text;
    const kind = parsed.kind;
    const hits = await retriever.search(parsed, { k: tuning.composeDepth, filters: context.filters });
    const retrieved = performance.now();

    if (options.llm && hits.length > 0) {
      const generated = await options.llm.compose({ question: effective, kind, hits, metaByFile, history: context.history, onToken: context.onToken }).catch(() => undefined);
      if (generated) {
        const done = performance.now();
        return {
          question,
          text: generated.text,
          citations: markUsedSentences({ text: generated.text, refused: false, citations: generated.citations }, chunkById, tuning.usedSentenceShare),
          refused: false,
          kind,
          mode: 'llm',
          timings: { retrieveMs: retrieved - started, composeMs: done - retrieved, totalMs: done - started },
        };
      }
    }

    const whole = new SectionComposer({ parsed, hits, tree, metaByFile, lexical: index.lexical, tuning }).compose();
    const byClause = await answerByClause(parsed, whole, {
      tuning,
      lexical: index.lexical,
      history: context.history ?? [],
      parse: (clause, history) => {
        const clauseParsed = retriever.parse(clause, history, phraseKnown, isProperName);
        if (context.filters?.file) clauseParsed.namedDocuments = [];
        return clauseParsed;
      },
      search: (clauseParsed) => retriever.search(clauseParsed, { k: tuning.composeDepth, filters: context.filters }),
      compose: (clauseParsed, clauseHits, clauseTuning) => new SectionComposer({ parsed: clauseParsed, hits: clauseHits, tree, metaByFile, lexical: index.lexical, tuning: clauseTuning }).compose(),
    });
    const composition = byClause ?? whole;
    const done = performance.now();
    return {
      question,
      text: composition.text,
      citations: markUsedSentences(composition, chunkById, tuning.usedSentenceShare),
      refused: composition.refused,
      kind,
      mode: 'extractive',
      trace: { cues: parsed.cues, rules: composition.trace, support: composition.support },
      timings: { retrieveMs: retrieved - started, composeMs: done - retrieved, totalMs: done - started },
    };
  };

  const warmUp = async (): Promise<void> => {
    for (const question of WARM_UP_QUESTIONS) {
      // One question per turn of the event loop: a user's question or a health check is never
      // held behind the whole warm-up.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const parsed = retriever.parse(question, undefined, phraseKnown, isProperName);
      const hits = await retriever.search(parsed, { k: tuning.composeDepth });
      markUsedSentences(new SectionComposer({ parsed, hits, tree, metaByFile, lexical: index.lexical, tuning }).compose(), chunkById, tuning.usedSentenceShare);
    }
  };

  return {
    ask,
    warmUp,
    ready,
    warmed: Promise.resolve(),
    search: async (query: string, searchOptions?: SearchOptions) => {
      await ready;
      return retriever.search(query, searchOptions);
    },
    documents: index.documents,
    chunks: index.chunks,
    index,
  };
}

export async function openAssistant(settings: Settings, options: OpenAssistantOptions = {}): Promise<LoadedAssistant> {
  // Imported only when building may be needed: the loaders pull in pdf.js and the Word reader,
  // heavy modules that answering workers never need.
  if (options.ensureIndex) await (await import('./ensure-index.js')).ensureIndex(settings, options.logger);
  // Returned as soon as the chunks, postings and look-ups are decoded: hnswlib still reads the
  // vector shards on its threads (at 100× the longest part of a load) and `ready` says when they are
  // attached, which `ask` and `search` wait for. The warm-up questions are answered in the
  // background once they are (their answers are discarded), so neither the load nor the vectors
  // wait for them: answered while the shards were read, they took this thread's core from
  // hnswlib's threads on a two-core machine, and `ready` was seen only after the warm-up
  // question then running. They also compile the dense half of a search that way.
  const opening = await openIndex(settings, options.logger);
  const assistant = createAssistant(opening.index, options);
  if (options.warmUp ?? true) assistant.warmed = assistant.ready.then(() => assistant.warmUp()).catch(() => undefined);
  return assistant;
}
