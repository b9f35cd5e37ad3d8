/**
 * Streaming of an LLM answer in a Teams chat, with the Teams SDK's own streamer (`IStreamer`, from
 * the app's activity sender: it sends the text so far as `typing` chunks of one stream, spaced to
 * respect Teams' rate limits, then one final message that replaces them).
 *
 * Started by the first text the LLM composer shows (extractive answers, computed at once, are sent
 * in one piece as before). Each call of `show` gets the whole checked text so far; only what was
 * added is emitted. `finish` ends the stream with the complete rendered message (text, citations,
 * AI label, 👍/👎 and share card), so the citations are kept and the final text wins when it differs
 * from what was streamed (an LLM answer rejected at the end falls back to the extractive one).
 */
import type { MessageActivityInput, SentActivity } from '@microsoft/teams.api';
import type { IStreamer } from '@microsoft/teams.apps';
import type { Logger } from 'pino';

/** What became of a stream: the final message sent, nothing streamed (send normally), or stopped by the user. */
export type StreamOutcome = { kind: 'sent'; sent: SentActivity } | { kind: 'not-streamed' } | { kind: 'canceled' };

export class TeamsAnswerStream {
  private streamed = '';
  private started = false;
  private failed = false;
  private pending: Promise<void> = Promise.resolve();

  /** `beforeFirstChunk` runs once before anything is streamed (stops the typing indicator). */
  constructor(
    private readonly streamer: IStreamer,
    private readonly beforeFirstChunk: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  show(text: string): void {
    // A text that does not extend what was streamed cannot be appended: the final message replaces it.
    if (this.failed || this.streamer.canceled || !text.startsWith(this.streamed) || text.length === this.streamed.length) return;
    const added = text.slice(this.streamed.length);
    this.streamed = text;
    if (!this.started) {
      this.started = true;
      this.pending = this.beforeFirstChunk().catch(() => undefined);
    }
    this.pending = this.pending.then(() => this.emit(added));
  }

  async finish(message: MessageActivityInput): Promise<StreamOutcome> {
    if (!this.started) return { kind: 'not-streamed' };
    await this.pending;
    if (this.streamer.canceled) return { kind: 'canceled' };
    if (this.failed) return { kind: 'not-streamed' };
    try {
      // The final message carries the whole rendered text: what was streamed is dropped, not doubled.
      this.streamer.clearText();
      this.streamer.emit(message);
      const sent = await this.streamer.close();
      if (sent) return { kind: 'sent', sent };
      if (this.streamer.canceled) return { kind: 'canceled' };
      this.logger.warn('teams stream closed without a final message');
    } catch (error) {
      this.fail(error);
    }
    return { kind: 'not-streamed' };
  }

  private emit(text: string): void {
    if (this.failed || this.streamer.canceled) return;
    try {
      this.streamer.emit(text);
    } catch (error) {
      this.fail(error);
    }
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'teams streaming failed');
  }
}
