/**
 * Analyses the chunks for the BM25 postings and the glossary on another thread while the ingest
 * reads, parses and embeds on its own: the analysis (French folding, stemming, phrase mining)
 * costs about as much as reading the files and does not depend on the embedder, so it overlaps
 * them. Chunks are sent in index order; the postings and the glossary are the same as analysing
 * them on the ingest's thread. The thread also encodes the chunks for `chunks.bin` and writes
 * the three files itself, so the ingest's thread lets each file's chunks go once sent.
 */
import { Worker } from 'node:worker_threads';
import type { DocumentMeta } from '../core/types.js';
import type { AnalysedChunk, LexicalBuildReply, LexicalBuildRequest } from './lexical-build-worker.js';

const WORKER_ENTRY = new URL('./lexical-build-worker.mjs', import.meta.url);
/** Batches sent but not yet analysed: enough to keep the thread busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 16;
/** Chunks per message at most: a file of 70,000 chunks is not copied into one message of 150 MB. */
const MAX_BATCH = 512;
/**
 * Characters of chunk texts given to `add` but not yet sent, beyond which `add` waits. The
 * ingest's thread holds a file's chunks anyway until they are sent: it goes on fitting and
 * embedding while this thread works through them (one 50 MB file: about 50 M characters),
 * instead of waiting for it chunk batch by chunk batch with a core idle.
 */
const MAX_QUEUED_CHARACTERS = 64 * 1024 * 1024;

export type { AnalysedChunk };

/** What `finish` wrote: how many terms and glossary entries, and each file's checksum (`fileChecksum`) by name. */
export interface LexicalBuildResult {
  terms: number;
  glossary: number;
  checksums: Map<string, string>;
}

export class LexicalAnalysisBuild {
  private readonly worker = new Worker(WORKER_ENTRY);
  private inFlight = 0;
  /** Batches given to `add`, not sent yet, and the characters of their texts. */
  private readonly queue: AnalysedChunk[][] = [];
  private queuedCharacters = 0;
  private failure: Error | undefined;
  private waiting: (() => void)[] = [];
  private finished: { resolve: (result: LexicalBuildResult) => void; reject: (error: Error) => void } | undefined;

  constructor() {
    this.worker.on('message', (reply: LexicalBuildReply) => {
      if (reply.type === 'added') {
        this.inFlight -= 1;
        this.pump();
        this.wake();
      } else if (reply.type === 'finished') {
        this.finished?.resolve({ terms: reply.terms, glossary: reply.glossary, checksums: new Map(reply.checksums) });
      } else this.fail(new Error(reply.message));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`lexical analysis thread stopped (code ${code})`));
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.finished?.reject(this.failure);
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /**
   * Gives the next chunks (in index order), sent `MAX_BATCH` a message as the thread takes them;
   * resolves at once unless the chunks given and not sent yet hold more than
   * `MAX_QUEUED_CHARACTERS` of text, then once they no longer do.
   */
  async add(chunks: AnalysedChunk[]): Promise<void> {
    if (this.failure) throw this.failure;
    for (let start = 0; start < chunks.length; start += MAX_BATCH) {
      const batch = start === 0 && chunks.length <= MAX_BATCH ? chunks : chunks.slice(start, start + MAX_BATCH);
      this.queue.push(batch);
      this.queuedCharacters += charactersOf(batch);
    }
    this.pump();
    while (this.queuedCharacters > MAX_QUEUED_CHARACTERS && !this.failure) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failure) throw this.failure;
  }

  /** Sends queued batches while the thread has room for them. */
  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0 && !this.failure) {
      const batch = this.queue.shift()!;
      this.queuedCharacters -= charactersOf(batch);
      this.inFlight += 1;
      this.worker.postMessage({ type: 'add', chunks: batch } satisfies LexicalBuildRequest);
    }
  }

  /**
   * Writes the chunks, the postings, the glossary and the look-ups of every chunk sent into `dir`
   * (`chunks.bin`, `lexical.bin`, `glossary.bin`, `lookups.bin`, from the thread: they never come back to this one), then the thread ends.
   * Resolves with how many terms and glossary entries were written, and the files' checksums.
   */
  async finish(dir: string, documents: DocumentMeta[]): Promise<LexicalBuildResult> {
    try {
      // Every chunk given is sent first.
      while (this.queue.length > 0 && !this.failure) await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.failure) throw this.failure;
      return await new Promise((resolve, reject) => {
        this.finished = { resolve, reject };
        this.worker.postMessage({ type: 'finish', dir, documents } satisfies LexicalBuildRequest);
      });
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the thread (the ingest failed). */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}

function charactersOf(chunks: AnalysedChunk[]): number {
  let characters = 0;
  for (const chunk of chunks) characters += chunk.text.length + chunk.headingText.length;
  return characters;
}
