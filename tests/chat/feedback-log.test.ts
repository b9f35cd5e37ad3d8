/**
 * The feedback log's retention (src/chat/feedback-log.ts): a purge deletes the entries older than
 * the cutoff, keeps every append made meanwhile, and frees room under the size cap.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackLog, FeedbackLogFullError } from '../../src/chat/feedback-log.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-feedback-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const DAY_MS = 86_400_000;
const entry = (question: string) => ({ surface: 'web', userId: 'web:s', verdict: 'up' as const, question, answer: 'r', sources: [] });
const oldLine = (question: string, daysAgo: number) =>
  `${JSON.stringify({ time: new Date(Date.now() - daysAgo * DAY_MS).toISOString(), surface: 'web', userHash: '0123456789abcdef', verdict: 'down', question, answer: 'r', sources: [] })}\n`;

describe('FeedbackLog retention', () => {
  it('deletes entries older than the cutoff and keeps the appends made while it rewrites the file', async () => {
    const file = path.join(tmp, 'purge.jsonl');
    await writeFile(file, oldLine('ancienne question personnelle', 40) + oldLine('récente', 2) + 'ligne illisible\n');
    const log = new FeedbackLog(file);
    const appends = Array.from({ length: 20 }, (_, i) => log.append(entry(`pendant la purge ${i}`)));
    const purged = log.purgeBefore(new Date(Date.now() - 30 * DAY_MS));
    const more = Array.from({ length: 20 }, (_, i) => log.append(entry(`après ${i}`)));
    await Promise.all([...appends, ...more]);
    expect(await purged).toBe(1);
    const questions = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(questions.some((line) => line.includes('ancienne question personnelle'))).toBe(false);
    expect(questions).toContain('ligne illisible');
    const kept = questions.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line).question as string);
    expect(kept.filter((question) => question.startsWith('pendant la purge'))).toHaveLength(20);
    expect(kept.filter((question) => question.startsWith('après'))).toHaveLength(20);
    expect(kept).toContain('récente');
  });

  it('frees room under the size cap', async () => {
    const file = path.join(tmp, 'capped.jsonl');
    const line = oldLine('vieille', 40);
    await writeFile(file, line.repeat(3));
    const log = new FeedbackLog(file, { maxBytes: line.length * 3 + 10 });
    await expect(log.append(entry('refusée'))).rejects.toBeInstanceOf(FeedbackLogFullError);
    expect(await log.purgeBefore(new Date(Date.now() - 30 * DAY_MS))).toBe(3);
    await log.append(entry('acceptée'));
    expect((await log.readAll()).map((kept) => kept.question)).toEqual(['acceptée']);
  });
});
