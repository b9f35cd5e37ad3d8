import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePhaseOutput, RESULT_MARKER } from '../../src/bench/phases.js';
import { formatBench, linearity, type ScaleResult } from '../../src/bench/report.js';
import { buildSyntheticCorpus, copyName, perturbText } from '../../src/bench/synth-corpus.js';

const TEXT = Array.from({ length: 200 }, (_, i) => `Ligne ${i} : le contrat de ville mobilise ${i * 3} partenaires dans 12 quartiers prioritaires.`).join('\n');

describe('synthetic corpus', () => {
  it('perturbs each copy differently, keeping the line count, deterministically', () => {
    const a = perturbText(TEXT, 1);
    const b = perturbText(TEXT, 2);
    expect(a).not.toBe(TEXT);
    expect(b).not.toBe(a);
    expect(perturbText(TEXT, 1)).toBe(a);
    expect(a.split('\n')).toHaveLength(200);
    // Light: most lines stay as they were.
    const same = a.split('\n').filter((line, i) => line === TEXT.split('\n')[i]).length;
    expect(same).toBeGreaterThan(100);
  });

  it('replicates documents N times under new names, with a catalogue for every copy', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'synth-'));
    const source = path.join(dir, 'src');
    await mkdir(source);
    await writeFile(path.join(source, 'a.txt'), TEXT);
    await writeFile(path.join(source, 'catalog.json'), JSON.stringify({ documents: [{ file: 'a.txt', title: 'A', short_title: 'A court' }] }));
    const size = await buildSyntheticCorpus(source, path.join(dir, 'out'), 3);
    const files = (await readdir(path.join(dir, 'out'))).sort();
    expect(files).toEqual(['a--copie-001.txt', 'a--copie-002.txt', 'a.txt', 'catalog.json']);
    expect(size.files).toBe(3);
    expect(await readFile(path.join(dir, 'out', 'a.txt'), 'utf8')).toBe(TEXT);
    const catalog = JSON.parse(await readFile(path.join(dir, 'out', 'catalog.json'), 'utf8')) as { documents: { file: string; short_title: string }[] };
    expect(catalog.documents.map((d) => d.file)).toEqual(['a.txt', 'a--copie-001.txt', 'a--copie-002.txt']);
    expect(catalog.documents[2]!.short_title).toBe('A court (copie 2)');
    expect(copyName('x.pdf', 12)).toBe('x--copie-012.pdf');
  });
});

describe('phase output', () => {
  it('finds the result line among logs, or nothing', () => {
    const stdout = `{"level":30,"msg":"log"}\n${RESULT_MARKER}{"phase":"query","searchP95":3.2,"peakRssMb":120}\n`;
    expect(parsePhaseOutput(stdout)).toEqual({ phase: 'query', searchP95: 3.2, peakRssMb: 120 });
    expect(parsePhaseOutput('only logs\n')).toBeUndefined();
  });
});

describe('bench report', () => {
  const scale = (n: number, mb: number, seconds: number, searchP95: number): ScaleResult => ({
    scale: n,
    size: { files: 5 * n, bytes: mb * 1e6 },
    ingest: { phase: 'ingest', seconds, chunks: 800 * n, peakRssMb: 300 },
    query: { phase: 'query', loadMs: 200, searchP50: 2, searchP95, askP50: 5, askP95: 9, peakRssMb: 250 },
    errors: [],
  });

  it('judges linearity on the two largest scales', () => {
    expect(linearity([scale(1, 0.6, 6, 5), scale(10, 6, 30, 8), scale(100, 60, 310, 40)]).linear).toBe(true);
    expect(linearity([scale(1, 0.6, 6, 5), scale(10, 6, 30, 8), scale(100, 60, 900, 40)]).linear).toBe(false);
    expect(linearity([scale(1, 0.6, 6, 5)]).linear).toBeNull();
  });

  it('shows each figure with its target and marks misses', () => {
    const text = formatBench({ scales: [scale(1, 0.6, 6, 25), scale(100, 60, 310, 40)], httpNote: 'non mesuré' });
    expect(text).toContain('cible');
    expect(text).toMatch(/recherche p95 \(ms\)\s+25\.0 ✗\s+40\.0 ✓/);
    expect(text).toMatch(/ingestion \(s\)\s+6\.0 ✓/);
    expect(text).toContain('Linéarité');
    expect(text).toContain('HTTP /api/ask : non mesuré');
  });
});
