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

export type { AnalysedChunk };

export class LexicalAnalysisBuild {
  private readonly worker = new Worker(WORKER_ENTRY);
  private inFlight = 0;
  private failure: Error | undefined;
  private waiting: (() => void)[] = [];
  private finished: { resolve: (result: { terms: number; glossary: number }) => void; reject: (error: Error) => void } | undefined;

  constructor() {
    this.worker.on('message', (reply: LexicalBuildReply) => {
      if (reply.type === 'added') {
        this.inFlight -= 1;
        this.wake();
      } else if (reply.type === 'finished') {
        this.finished?.resolve({ terms: reply.terms, glossary: reply.glossary });
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

  /** Sends the next chunks (in index order, `MAX_BATCH` a message); resolves once there is room for more. */
  async add(chunks: AnalysedChunk[]): Promise<void> {
    for (let start = 0; start < chunks.length; start += MAX_BATCH) {
      while (this.inFlight >= MAX_IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.failure) throw this.failure;
      this.inFlight += 1;
      const batch = start === 0 && chunks.length <= MAX_BATCH ? chunks : chunks.slice(start, start + MAX_BATCH);
      this.worker.postMessage({ type: 'add', chunks: batch } satisfies LexicalBuildRequest);
    }
  }

  /**
   * Writes the chunks, the postings, the glossary and the look-ups of every chunk sent into `dir`
   * (`chunks.bin`, `lexical.bin`, `glossary.bin`, `lookups.bin`, from the thread: they never come back to this one), then the thread ends.
   * Resolves with how many terms and glossary entries were written.
   */
  async finish(dir: string, documents: DocumentMeta[]): Promise<{ terms: number; glossary: number }> {
    try {
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
