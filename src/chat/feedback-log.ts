/**
 * Feedback (👍/👎) appended as JSON lines: one file that survives restarts and is easy to audit.
 * The embedded store keeps it and purges it with the same retention as conversations (users quote
 * their questions in it); writes are serialised, so a purge's rewrite never drops an append.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
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
  /** Of the reserved bytes, those of appends not written yet. */
  private unwritten = 0;
  /** Appends and purges, one after the other. */
  private writes: Promise<unknown> = Promise.resolve();

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
    this.unwritten += bytes;
    try {
      await this.serialised(async () => {
        await mkdir(path.dirname(this.file), { recursive: true });
        // One appendFile call per entry: a line is written whole or not at all for sizes this small.
        await appendFile(this.file, line, 'utf8');
      });
    } catch (error) {
      this.reserved -= bytes;
      throw error;
    } finally {
      this.unwritten -= bytes;
    }
    return record;
  }

  /**
   * Deletes the entries written before `cutoff` (the retention), rewriting the file through a
   * temporary one renamed over it. Returns how many were deleted. A line that cannot be read is
   * kept: its age is unknown.
   */
  async purgeBefore(cutoff: Date): Promise<number> {
    return this.serialised(async () => {
      let content: string;
      try {
        content = await readFile(this.file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
      const lines = content.split('\n').filter((line) => line.trim() !== '');
      const kept = lines.filter((line) => {
        const time = Date.parse(entryTime(line) ?? '');
        return Number.isNaN(time) || time >= cutoff.getTime();
      });
      if (kept.length === lines.length) return 0;
      const rewritten = kept.map((line) => `${line}\n`).join('');
      const temporary = `${this.file}.purge-${process.pid}`;
      await writeFile(temporary, rewritten, 'utf8');
      await rename(temporary, this.file);
      // The size cap counts what is left, plus the appends waiting behind this purge.
      this.size = Promise.resolve(Buffer.byteLength(rewritten));
      this.reserved = this.unwritten;
      return lines.length - kept.length;
    });
  }

  private serialised<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writes.then(write);
    this.writes = result.catch(() => undefined);
    return result;
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

function entryTime(line: string): string | undefined {
  try {
    const time = (JSON.parse(line) as Partial<FeedbackEntry>).time;
    return typeof time === 'string' ? time : undefined;
  } catch {
    return undefined;
  }
}
