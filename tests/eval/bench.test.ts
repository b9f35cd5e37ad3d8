import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePhaseOutput, RESULT_MARKER } from '../../src/bench/phases.js';
import { formatBench, linearity, type ScaleResult } from '../../src/bench/report.js';
import { buildSyntheticCorpus, buildVariedCorpus, copyName, perturbText, variedText } from '../../src/bench/synth-corpus.js';

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

describe('varied corpus', () => {
  const SOURCE = [
    'Objectif 1 : la mobilité à Béthune',
    '',
    'Le transport à la demande dessert Béthune et Bruay depuis 2023.',
    '',
    '- 12 lignes de bus',
    '- 3 navettes',
    '',
    'Objectif 2 : l’emploi',
    '',
    'La Mission locale de Béthune accompagne 450 jeunes.',
  ].join('\n');
  const OTHER = 'Article 4 : la convention de Lens\n\nLa ville de Lens finance 20 actions.';

  it('makes each copy its own document, the same on every run', () => {
    const one = variedText(SOURCE, [OTHER], 1);
    expect(variedText(SOURCE, [OTHER], 1)).toBe(one);
    const copies = Array.from({ length: 20 }, (_, copy) => variedText(SOURCE, [OTHER], copy + 1));
    expect(new Set(copies).size).toBeGreaterThan(15);
    // Names are varied consistently within a copy (« Béthune » the same way each time), differently across copies.
    const renamed = copies.map((text) => [...new Set(text.match(/Béthune[-\p{L}]*/gu) ?? [])]);
    for (const names of renamed) expect(names.length).toBeLessThanOrEqual(1);
    expect(new Set(renamed.flat()).size).toBeGreaterThan(3);
    // Section families keep their names, so the copies keep an outline.
    for (const text of copies) expect(text).not.toMatch(/Objectif-|Article-/);
  });

  it('writes the documents and a catalogue whose names vary like the texts', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'varied-'));
    const source = path.join(dir, 'src');
    await mkdir(source);
    await writeFile(path.join(source, 'a.txt'), SOURCE);
    await writeFile(path.join(source, 'b.txt'), OTHER);
    await writeFile(path.join(source, 'catalog.json'), JSON.stringify({ documents: [{ file: 'a.txt', title: 'Contrat de Béthune', short_title: 'Contrat Béthune', territory: 'Béthune' }] }));
    const size = await buildVariedCorpus(source, path.join(dir, 'out'), 30);
    expect(size.files).toBe(60);
    const catalog = JSON.parse(await readFile(path.join(dir, 'out', 'catalog.json'), 'utf8')) as { documents: { file: string; territory: string }[] };
    expect(catalog.documents).toHaveLength(30);
    expect(new Set(catalog.documents.map((document) => document.territory)).size).toBeGreaterThan(3);
    const copy = catalog.documents.find((document) => document.territory !== 'Béthune')!;
    expect(await readFile(path.join(dir, 'out', copy.file), 'utf8')).toContain(copy.territory);
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
    expect(text).toMatch(/recherche p95 \(ms\)\s+25\.0 ✗\s+40\.0 ✗/);
    expect(text).toMatch(/réponse p95 \(ms\)\s+9\.0 ✓\s+9\.0 ✓/);
    expect(text).toMatch(/ingestion \(s\)\s+6\.0 ✓/);
    expect(text).toContain('Linéarité');
    expect(text).toContain('HTTP /api/ask : non mesuré');
    const staged = formatBench({ scales: [{ ...scale(100, 60, 50, 8), varied: true, ingest: { phase: 'ingest', seconds: 50, 'stage.parse': 12.5, 'stage.vectorIndex': 30 } }] });
    expect(staged).toContain('100× varié');
    expect(staged).toContain("Étapes de l'ingestion (s) : 100× varié parse 12.5, vectorIndex 30.0");
    expect(staged).toMatch(/ingestion \(s\)\s+50\.0 ✓/);
  });

  it('shows the peers beside Alinéa, with the ratio of their search time to its own', () => {
    const peers = {
      phase: 'peers' as const,
      oursP95: 8,
      miniP95: 40,
      oramaP95: 24,
      oursHitAt1: 0.85,
      oursHitAt10: 0.93,
      miniHitAt1: 0.74,
      miniHitAt10: 0.81,
      oramaHitAt1: 0.37,
      oramaHitAt10: 0.74,
      miniBuildS: 2.5,
      oramaBuildS: 9,
    };
    const text = formatBench({ scales: [{ ...scale(100, 60, 50, 8), peers }] });
    expect(text).toMatch(/recherche p95 Alinéa \/ MiniSearch \/ Orama \(ms\)\s+8\.0 \/ 40\.0 \/ 24\.0/);
    expect(text).toMatch(/rapport MiniSearch \/ Orama\s+×5\.0 \/ ×3\.0/);
    expect(text).toContain('0.85/0.93 · 0.74/0.81 · 0.37/0.74');
    const without = formatBench({ scales: [scale(100, 60, 50, 8)] });
    expect(without).toMatch(/recherche p95 Alinéa \/ MiniSearch \/ Orama \(ms\)\s+-/);
  });
});
