/**
 * The core every surface opens once: a loaded index, the hybrid retriever and `ask`, which turns
 * a question (and the conversation so far) into a cited French answer.
 */
import type { Settings } from '../config.js';
import { loadIndex, type LoadedIndex } from '../index/load-index.js';
import type { EmbedderLogger } from '../index/embeddings/select-embedder.js';
import { HybridRetriever } from '../search/hybrid-retriever.js';
import { expandQuery, namedDocuments, referenceKey, type SectionReference } from '../search/query-understanding.js';
import type { SearchOptions } from '../search/types.js';
import { composeExtractive, parentKey } from './extractive-composer.js';
import { resolveQuestion } from './follow-up.js';
import { checkQuestion } from './question-input.js';
import { foldText } from '../text/normalize.js';
import { classifyQuestion } from './question-kind.js';
import type { Answer, AskContext, Assistant } from './types.js';
import { ensureIndex } from './ensure-index.js';

export interface LlmComposerLike {
  compose(input: {
    question: string;
    kind: Answer['kind'];
    hits: Awaited<ReturnType<HybridRetriever['search']>>;
    metaByFile: Map<string, import('../ingest/types.js').DocumentMeta>;
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
  supportThreshold?: number;
}

export interface LoadedAssistant extends Assistant {
  index: LoadedIndex;
}

/** « objectif 40 » → « l'objectif n° 40 », as a refusal names it. */
function referenceLabel(reference: SectionReference): string {
  return `${reference.family} n° ${reference.number}`;
}

function foldForPhrase(text: string): string {
  return ` ${foldText(text).replace(/[^a-z0-9]+/g, ' ')} `;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function createAssistant(index: LoadedIndex, options: OpenAssistantOptions = {}): LoadedAssistant {
  const retriever = new HybridRetriever(index);
  const metaByFile = new Map(index.documents.map((document) => [document.file, document]));
  const chunksBySection = groupBy(index.chunks, (chunk) => chunk.sectionId);
  // Built on first use: only questions naming a multi-word proper noun need it.
  let foldedCorpus: string | undefined;
  const phraseKnown = (phrase: string) => {
    foldedCorpus ??= index.chunks.map((chunk) => foldForPhrase(`${(chunk.headings ?? []).join(' ')} ${chunk.text}`)).join(' | ');
    return foldedCorpus.includes(foldForPhrase(phrase));
  };
  const chunksByParent = groupBy(index.chunks, parentKey);

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
    const effective = resolveQuestion(question, context.history);
    const kind = classifyQuestion(effective);
    const hits = await retriever.search(effective, { k: 8, filters: context.filters });
    const named = context.filters?.file ? [] : namedDocuments(effective, index.documents);
    const retrieved = performance.now();

    if (options.llm && hits.length > 0) {
      const generated = await options.llm
        .compose({ question: effective, kind, hits, metaByFile, history: context.history, onToken: context.onToken })
        .catch(() => undefined);
      if (generated) {
        const done = performance.now();
        return {
          question,
          text: generated.text,
          citations: generated.citations,
          refused: false,
          kind,
          mode: 'llm',
          timings: { retrieveMs: retrieved - started, composeMs: done - retrieved, totalMs: done - started },
        };
      }
    }

    const expanded = expandQuery(effective, index.glossary, index.lexical);
    const composition = composeExtractive({
      question: effective,
      kind,
      hits,
      concepts: expanded.concepts,
      acronyms: expanded.acronyms,
      namedDocuments: named,
      references: expanded.references.map(referenceKey),
      missingSections: expanded.references.filter((reference) => retriever.isMissingSection(referenceKey(reference))).map(referenceLabel),
      chunksBySection,
      chunksByParent,
      phraseKnown,
      metaByFile,
      lexical: index.lexical,
      supportThreshold: options.supportThreshold,
    });
    const done = performance.now();
    return {
      question,
      text: composition.text,
      citations: composition.citations,
      refused: composition.refused,
      kind,
      mode: 'extractive',
      timings: { retrieveMs: retrieved - started, composeMs: done - retrieved, totalMs: done - started },
    };
  };

  return {
    ask,
    search: (query: string, searchOptions?: SearchOptions) => retriever.search(resolveQuestion(query, searchOptions?.history), searchOptions),
    documents: index.documents,
    chunks: index.chunks,
    index,
  };
}

export async function openAssistant(settings: Settings, options: OpenAssistantOptions = {}): Promise<LoadedAssistant> {
  if (options.ensureIndex) await ensureIndex(settings, options.logger);
  const index = await loadIndex(settings, options.logger);
  return createAssistant(index, options);
}
