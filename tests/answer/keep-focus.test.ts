/**
 * A section cut to fit the message keeps the lines of the passage retrieval matched: lines are
 * left out farthest from it, and « … » says where the section's start was left out.
 */
import { describe, expect, it } from 'vitest';
import { linesAroundFocus } from '../../src/answer/compose/compose.js';
import type { Chunk } from '../../src/core/types.js';

const chunk = (id: string) => ({ id, file: 'x.txt', text: '', breadcrumb: [], headings: [], lineStart: 1, lineEnd: 1 }) as unknown as Chunk;
const intro = chunk('x.txt#1');
const focus = chunk('x.txt#2');
const line = (label: string) => `${label} ${'mot '.repeat(20).trim()}`;
const entries = [...['a', 'b', 'c', 'd'].map((label) => ({ line: line(label), chunk: intro })), { line: line('F1 185 500 €'), chunk: focus }, { line: line('F2'), chunk: focus }];
const size = (lines: string[]) => lines.reduce((sum, one) => sum + one.length + 1, 0);

describe('lines around the focus', () => {
  it('shows everything when everything fits', () => {
    expect(linesAroundFocus(entries, focus, 10_000)).toEqual(entries.map((entry) => entry.line));
  });

  it('keeps the focus lines and the lines just before them, marking the cut start', () => {
    const room = size([line('F1 185 500 €'), line('F2'), line('d')]) + 2;
    const kept = linesAroundFocus(entries, focus, room);
    expect(kept).toEqual(['…', line('d'), line('F1 185 500 €'), line('F2')].slice(0, kept.length));
    expect(kept).toContain(line('F1 185 500 €'));
    expect(kept[0]).toBe('…');
    expect(size(kept)).toBeLessThanOrEqual(room);
  });

  it('keeps the whole focus passage when only its first line falls within the message', () => {
    // Lines filled in before the passage (« extract.fill-before ») must not push its own lines out.
    const room = size(entries.slice(0, 5).map((entry) => entry.line)) + 2;
    const kept = linesAroundFocus(entries, focus, room);
    expect(kept).toContain(line('F2'));
    expect(kept).toContain(line('F1 185 500 €'));
    expect(size(kept)).toBeLessThanOrEqual(room);
  });

  it('cuts from the end when the focus lines come first', () => {
    const reversed = [...entries].reverse();
    const room = size([line('F2'), line('F1 185 500 €')]) + 1;
    expect(linesAroundFocus(reversed, focus, room)).toEqual([line('F2'), line('F1 185 500 €')]);
  });
});
