import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoldSetError, loadGoldSet, parseGoldSet } from '../../src/eval/gold-set.js';

const good = { id: 'a', persona: 'porteur', type: 'lookup', question: 'Q ?', must_include: ['x'], sources: [{ doc: 'd.txt', quote: 'q' }], notes: 'n' };

describe('gold set loader', () => {
  it('loads the project dev set (30 questions, 3 unanswerable)', async () => {
    const items = await loadGoldSet('eval/dev.jsonl');
    expect(items).toHaveLength(30);
    expect(items.filter((item) => item.type === 'unanswerable')).toHaveLength(3);
    expect(new Set(items.map((item) => item.id)).size).toBe(30);
  });

  it('accepts any file of the format, skipping blank lines', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gold-'));
    const file = path.join(dir, 'set.jsonl');
    await writeFile(file, `${JSON.stringify(good)}\n\n${JSON.stringify({ ...good, id: 'b', type: 'unanswerable', must_include: [], sources: [] })}\n`);
    expect((await loadGoldSet(file)).map((item) => item.id)).toEqual(['a', 'b']);
  });

  it('names the line of every problem', () => {
    const text = [JSON.stringify(good), '{not json', JSON.stringify({ ...good, id: 'c', type: 'guess' }), JSON.stringify(good)].join('\n');
    try {
      parseGoldSet(text, 'set.jsonl');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GoldSetError);
      const message = (error as Error).message;
      expect(message).toContain('ligne 2 : JSON invalide');
      expect(message).toContain('ligne 3 : type');
      expect(message).toContain('ligne 4 : id « a » déjà utilisé ligne 1');
    }
  });

  it('rejects an unanswerable question with sources and a missing file', async () => {
    expect(() => parseGoldSet(JSON.stringify({ ...good, type: 'unanswerable' }))).toThrow(/ligne 1 : must_include/);
    await expect(loadGoldSet('/nonexistent/set.jsonl')).rejects.toThrow(/lecture impossible/);
  });
});
