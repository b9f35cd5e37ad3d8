/**
 * Another territory's documents in every format users drop in (a contract as PDF, a TFPB
 * convention as DOCX, a deliberation as text, a call for projects as Markdown: eval/corpora/
 * territoires, written for the eval by a helper that never saw an answer; a dev set since rules
 * were kept on it). The outline must read PDF and Word extractions (numbered headings without
 * blank lines, a table of contents without dot leaders) and answers must beat the top passage
 * quoted verbatim. Measured: exact 0.57 (baseline 0.47), wrongly refused 0.03; structure 0.97.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { loadSettings } from '../../src/config.js';
import { loadGoldSet } from '../../src/eval/gold-set.js';
import { runEval, type EvalReport } from '../../src/eval/run.js';
import { generateStructureSet } from '../../src/eval/structure-set.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let root: string;
let assistant: LoadedAssistant;
let answers: EvalReport;
let structure: EvalReport;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'alinea-territoires-'));
  await cp(path.join(repo, 'eval/corpora/territoires'), path.join(root, 'corpus'), { recursive: true });
  const settings = loadSettings({ CORPUS_DIR: path.join(root, 'corpus'), INDEX_DIR: path.join(root, 'index'), EMBEDDING_MODEL: 'offline', LOG_LEVEL: 'silent' });
  assistant = await openAssistant(settings, { ensureIndex: true, logger: { warn: () => {}, info: () => {} } });
  answers = await runEval(assistant, await loadGoldSet(path.join(repo, 'eval/territoires.jsonl')));
  structure = await runEval(assistant, generateStructureSet(assistant.chunks, { documents: assistant.documents }));
}, 300_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('another territory’s PDF, DOCX, text and Markdown documents dropped into corpus/', () => {
  it('reads every format, and the PDF’s decimal headings as sections under their part', () => {
    expect(new Set(assistant.documents.map((document) => path.extname(document.file)))).toEqual(new Set(['.pdf', '.docx', '.txt', '.md']));
    const pdfCrumbs = assistant.chunks.filter((chunk) => chunk.file.endsWith('.pdf')).map((chunk) => chunk.breadcrumb);
    expect(pdfCrumbs.some((crumbs) => crumbs.length >= 2 && /^\d+\.\d+ /.test(crumbs.at(-1)!))).toBe(true);
  });

  it('answers above the baseline, refusing few answerable questions', () => {
    expect(answers.metrics.answers.exact ?? 0).toBeGreaterThanOrEqual(0.5);
    expect(answers.metrics.answers.exact ?? 0).toBeGreaterThan(answers.metrics.baseline!.exact ?? 1);
    expect(answers.metrics.answers.wrongRefusals ?? 1).toBeLessThanOrEqual(0.08);
  });

  it('the generated structure eval holds every numbered section’s items', () => {
    expect(structure.results.length).toBeGreaterThan(20);
    expect(structure.metrics.answers.exact ?? 0).toBeGreaterThanOrEqual(0.9);
  });
});
