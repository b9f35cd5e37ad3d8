/** Feedback (👍/👎) appended as JSON lines: one file that survives restarts and is easy to audit. */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
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

export class FeedbackLog {
  constructor(readonly file: string) {}

  async append(entry: Omit<FeedbackEntry, 'time' | 'userHash'> & { userId: string }): Promise<FeedbackEntry> {
    const { userId, ...rest } = entry;
    const record: FeedbackEntry = { time: new Date().toISOString(), userHash: hashUserId(userId), ...rest };
    await mkdir(path.dirname(this.file), { recursive: true });
    // One appendFile call per entry: a line is written whole or not at all for sizes this small.
    await appendFile(this.file, `${JSON.stringify(record)}\n`, 'utf8');
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
