/** Feedback (👍/👎) appended as JSON lines: one file that survives restarts and is easy to audit. */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export type Verdict = 'up' | 'down';

export interface FeedbackEntry {
  time: string;
  surface: string;
  /** SHA-256 of the platform user id: enough to count distinct people, not to identify them. */
  userHash: string;
  verdict: Verdict;
  question: string;
  answer: string;
  sources: string[];
}

export function hashUserId(userId: string): string {
  return createHash('sha256').update(`alinea:${userId}`).digest('hex').slice(0, 16);
}

/** The log reached its size cap: nothing more is written until an operator archives it. */
export class FeedbackLogFullError extends Error {
  constructor(readonly file: string) {
    super(`feedback log full: ${file}`);
  }
}

export interface FeedbackLogOptions {
  /** Size cap in bytes (FEEDBACK_LOG_MAX_MB); unbounded when omitted. */
  maxBytes?: number;
}

export class FeedbackLog {
  private readonly maxBytes: number;
  /** Bytes in the file, counting appends in flight (reserved before they are written). */
  private size?: Promise<number>;
  private reserved = 0;

  constructor(
    readonly file: string,
    options: FeedbackLogOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  async append(entry: Omit<FeedbackEntry, 'time' | 'userHash'> & { userId: string }): Promise<FeedbackEntry> {
    const { userId, ...rest } = entry;
    const record: FeedbackEntry = { time: new Date().toISOString(), userHash: hashUserId(userId), ...rest };
    const line = `${JSON.stringify(record)}\n`;
    const bytes = Buffer.byteLength(line);
    this.size ??= stat(this.file).then(
      (info) => info.size,
      () => 0,
    );
    const current = (await this.size) + this.reserved;
    if (current + bytes > this.maxBytes) throw new FeedbackLogFullError(this.file);
    // Reserved synchronously after the await above, so concurrent appends cannot overshoot the cap.
    this.reserved += bytes;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      // One appendFile call per entry: a line is written whole or not at all for sizes this small.
      await appendFile(this.file, line, 'utf8');
    } catch (error) {
      this.reserved -= bytes;
      throw error;
    }
    return record;
  }

  async readAll(): Promise<FeedbackEntry[]> {
    let content: string;
    try {
      content = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return content
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as FeedbackEntry);
  }
}
