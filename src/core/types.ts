/** What the loaders produce and the structure parser consumes. */

/** One line of extracted text, with where it came from. */
export interface SourceLine {
  /** Text of the line, without the trailing newline. */
  text: string;
  /** 1-based line number in the extracted text of the whole document. */
  line: number;
  /** 1-based page number when the format has pages (PDF); undefined otherwise. */
  page?: number;
}

export type SourceFormat = 'txt' | 'md' | 'pdf' | 'docx';

export interface SourceDocument {
  /** File name relative to the corpus folder (e.g. `contrat.pdf`). */
  file: string;
  format: SourceFormat;
  lines: SourceLine[];
  /** Number of pages when known (PDF), else undefined. */
  pageCount?: number;
  /** Title found in the file's own metadata (PDF info, DOCX core properties), if any. */
  embeddedTitle?: string;
  /** French notes for the ingest report: the file was read, but not quite as written. */
  warnings?: string[];
}

/** Catalogue entry of a document (from corpus/catalog.json, or derived when absent). */
export interface DocumentMeta {
  file: string;
  title: string;
  short_title: string;
  issuer: string | null;
  territory: string | null;
  kind: string | null;
  date: string | null;
}

/** Where a chunk or citation lies in its document. */
export interface SourceSpan {
  lineStart: number;
  lineEnd: number;
  pageStart?: number;
  pageEnd?: number;
}

export type ChunkKind = 'text' | 'list' | 'table' | 'heading';

export interface Chunk extends SourceSpan {
  /** Stable id: `${file}#${ordinal}`. */
  id: string;
  file: string;
  /** Section headings from the document's top to this chunk, without the document title. */
  breadcrumb: string[];
  /** Full heading texts of the same path (« Objectif #18 : Lever les freins à la mobilité »), for search. */
  headings: string[];
  /** Id of the section the chunk belongs to (chunks never cross sections). */
  sectionId: string;
  kind: ChunkKind;
  /** The chunk's text as a user reads it (list chunks start with their heading). */
  text: string;
  /** How many leading lines of `text` are headings (the section's and any empty parents'). */
  headingLines?: number;
}

/** Raised by loaders for a file that cannot be ingested; `reason` is shown to the user. */
export class LoadError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'LoadError';
  }
}

/** An acronym and its long form, mined from the corpus at ingest (src/ingest/glossary.ts). */
export interface GlossaryEntry {
  /** The acronym as written: `QPV`, `BOP`, `PHARe`. */
  term: string;
  /** The long form. */
  expansion: string;
  /** Where it was found (the chunk whose text defines it). */
  chunkId: string;
  /** How many times this pair was seen: the most frequent expansion wins. */
  count: number;
  /**
   * True when the corpus never writes the acronym: it was read from the initials of a name the
   * corpus repeats (« revenu de solidarité active » → RSA), so a question typing it is understood.
   */
  implicit?: boolean;
}

/**
 * The glossary as questions read it: the best entry of each folded acronym (the most frequent
 * long form; `glossaryIndex`). A `Map` is one; an index's stored glossary (`StoredGlossary`) is
 * another, whose entries are decoded when first asked for and which brings its long forms'
 * look-up made at ingest.
 */
export interface GlossaryLookup {
  get(folded: string): GlossaryEntry | undefined;
  has(folded: string): boolean;
  /** The best entries, in the order their acronyms first occur in the glossary. */
  values(): Iterable<GlossaryEntry>;
  /** The long forms by first word, when made at ingest (otherwise the question parser makes it from `values()`). */
  readonly longForms?: LongFormLookup;
}

/**
 * The explicit entries whose folded long form has two words or more, by its first word: positions
 * in `values()`'s order, ascending.
 */
export interface LongFormLookup {
  positions(word: string): ArrayLike<number> | undefined;
  entry(position: number): GlossaryEntry;
}
