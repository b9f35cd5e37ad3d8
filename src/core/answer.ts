/** The one contract between the core and every chat surface. */
import type { SourceSpan } from './types.js';

export type QuestionKind = 'list' | 'figure' | 'definition' | 'eligibility' | 'lookup';

export type Surface = 'terminal' | 'web' | 'api' | 'slack' | 'teams' | 'eval' | 'bench';

export interface Citation {
  /** 1-based number used as [n] in the answer text. */
  n: number;
  chunkId: string;
  file: string;
  /** Document short title, e.g. « Contrat de ville CABBALR 2024-2030 ». */
  docTitle: string;
  /** Headings from the document's top to the cited section. */
  breadcrumb: string[];
  span: SourceSpan;
  /** Human label of the span: « p. 12 » or « l. 2787-2792 ». */
  spanLabel: string;
  /** The passage quoted (what supports the claim), ≤ ~400 characters. */
  quote: string;
  /**
   * The sentences of the cited chunk the answer used, as indexes into its body's sentences
   * (`chunkSentences`, answer/used-sentences.ts): what the reader highlights. Absent for a refusal.
   */
  sentences?: number[];
}

export interface Answer {
  question: string;
  /** French text a user reads, with inline [n] markers; ≤ 1,500 characters. */
  text: string;
  /** At most 5, numbered from 1 in order of first use. */
  citations: Citation[];
  /** True when the corpus does not answer: `text` says so, citations are the closest sections. */
  refused: boolean;
  kind: QuestionKind;
  mode: 'extractive' | 'llm' | 'validation';
  /** The scope the question was asked in (a Slack channel's or Teams team's territory): searched first, widened when it had nothing. */
  scope?: { label: string; widened: boolean };
  /** Why this answer: the question's cues that fired and the composer's rules that decided (`ask --json`). */
  trace?: { cues: string[]; rules: string[]; support: number };
  timings: { retrieveMs: number; composeMs: number; totalMs: number };
}

export interface ConversationTurn {
  question: string;
  answer?: Answer;
}

/** A part of the corpus a question is asked in (scopes.json): searched first. */
export interface AskScope {
  /** Said to the user: « Recherche limitée à : <label> ». */
  label: string;
  /** The catalogue files of the scope. */
  files: string[];
}

export interface AskContext {
  /** Earlier turns of this conversation, oldest first (for follow-ups). */
  history?: ConversationTurn[];
  filters?: { file?: string; territory?: string; kind?: string };
  /** Searched first; the whole corpus is searched when the scope does not answer. */
  scope?: AskScope;
  surface?: Surface;
  /** Called with partial text while an LLM streams; surfaces that can show progress pass it. */
  onToken?: (partialText: string) => void;
}

export type Ask = (question: string, context?: AskContext) => Promise<Answer>;

/** A loaded index with its answering core: what the CLI, the server and tests open once. */
export interface Assistant {
  ask: Ask;
  search(query: string, options?: import('../search/types.js').SearchOptions): Promise<import('../search/types.js').SearchHit[]>;
  /** The catalogue of indexed documents. */
  documents: import('./types.js').DocumentMeta[];
  /** Every chunk of the index (the eval reports their sizes). */
  chunks: import('./types.js').Chunk[];
}
