/**
 * TransformersEmbeddings against a tiny random BERT built by scripts/build_tiny_model.py: the real
 * transformers.js path (tokenizer, ONNX session, mean pooling) without downloading anything.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelUnavailableError, TransformersEmbeddings } from '../../src/index/embeddings/transformers-embeddings.js';
import { createAssistant } from '../../src/app/assistant.js';
import { runIngest } from '../../src/app/build-index.js';
import { loadSettings } from '../../src/config.js';
import { FILES } from '../../src/index/index-files.js';
import { loadIndex } from '../../src/index/load-index.js';
import { verifyIndex } from '../../src/index/verify-index.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.resolve('scripts/build_tiny_model.py');
const TINY_DIM = 32;

const onnxCheck = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
const skipReason = onnxCheck.status === 0 ? undefined : `${PYTHON} cannot import onnx (install python3-onnx): ${onnxCheck.stderr || onnxCheck.error}`;
if (skipReason) console.warn(`Skipping tiny-model tests: ${skipReason}`);

const norm = (v: number[]): number => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
const cosine = (a: number[], b: number[]): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0) / (norm(a) * norm(b));
const maxDiff = (a: number[], b: number[]): number => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

let tmp: string;
let modelDir: string;
const opened: TransformersEmbeddings[] = [];
function open(options: ConstructorParameters<typeof TransformersEmbeddings>[0]): TransformersEmbeddings {
  const embeddings = new TransformersEmbeddings(options);
  opened.push(embeddings);
  return embeddings;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alinea-tiny-'));
  modelDir = path.join(tmp, 'tiny-bert');
  if (skipReason) return;
  const built = spawnSync(PYTHON, [SCRIPT, modelDir], { encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.all(opened.map((embeddings) => embeddings.dispose()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('TransformersEmbeddings on the tiny model', () => {
  // Skipped with its reason, which the run's last line repeats (tests/helpers/skip-summary-reporter.ts).
  beforeEach((context) => {
    if (skipReason) context.skip('python3-onnx absent (apt-get install python3-onnx)');
  });

  it('writes the files transformers.js needs', () => {
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(fs.existsSync(path.join(modelDir, file)), file).toBe(true);
    }
    expect(JSON.parse(fs.readFileSync(path.join(modelDir, 'config.json'), 'utf8')).model_type).toBe('bert');
  });

  it('gives normalised vectors of the model dimension, different for different texts', async () => {
    const embeddings = open({ model: modelDir });
    const [a, b] = await embeddings.embedDocuments(['Le contrat de ville de Lens', 'La mobilité des jeunes dans les quartiers prioritaires']);
    expect(a).toHaveLength(TINY_DIM);
    expect(b).toHaveLength(TINY_DIM);
    expect(norm(a!)).toBeCloseTo(1, 5);
    expect(norm(b!)).toBeCloseTo(1, 5);
    expect(maxDiff(a!, b!)).toBeGreaterThan(0.01);
    expect(cosine(a!, b!)).toBeLessThan(0.99);
    const again = await embeddings.embedQuery('Le contrat de ville de Lens');
    expect(maxDiff(again, a!)).toBeLessThan(1e-6); // no prefix for a non-e5 model: query == passage
    expect(embeddings.id).toBe(`transformers:${modelDir}:fp32`);
  });

  it('applies the query and passage prefixes', async () => {
    const prefixed = open({ model: modelDir, queryPrefix: 'query: ', passagePrefix: 'passage: ' });
    const plain = open({ model: modelDir });
    const text = 'accès aux droits et santé';
    const query = await prefixed.embedQuery(text);
    const passage = (await prefixed.embedDocuments([text]))[0]!;
    expect(maxDiff(query, await plain.embedQuery(`query: ${text}`))).toBeLessThan(1e-5);
    expect(maxDiff(passage, (await plain.embedDocuments([`passage: ${text}`]))[0]!)).toBeLessThan(1e-5);
    expect(maxDiff(query, passage)).toBeGreaterThan(1e-3);
  });

  it('defaults to e5 prefixes only for e5 models', () => {
    const e5 = new TransformersEmbeddings({ model: 'Xenova/multilingual-e5-small' });
    expect([e5.queryPrefix, e5.passagePrefix]).toEqual(['query: ', 'passage: ']);
    const other = new TransformersEmbeddings({ model: 'Xenova/all-MiniLM-L6-v2' });
    expect([other.queryPrefix, other.passagePrefix]).toEqual(['', '']);
    const overridden = new TransformersEmbeddings({ model: 'intfloat/multilingual-e5-base', queryPrefix: '' });
    expect([overridden.queryPrefix, overridden.passagePrefix]).toEqual(['', 'passage: ']);
  });

  it('batches texts of different lengths exactly like one-by-one embedding', async () => {
    const texts = [
      'ville',
      'Le programme de renouvellement urbain des quartiers prioritaires',
      'emploi',
      'La convention signée par la préfecture, le département, la région et les bailleurs sociaux du bassin minier',
      'santé mentale des jeunes',
    ];
    const batched = await open({ model: modelDir, batchSize: 2 }).embedDocuments(texts);
    const single = open({ model: modelDir, batchSize: 1 });
    expect(batched).toHaveLength(texts.length);
    for (const [i, text] of texts.entries()) {
      const alone = (await single.embedDocuments([text]))[0]!;
      expect(maxDiff(batched[i]!, alone), text).toBeLessThan(1e-5);
    }
    expect(await single.embedDocuments([])).toEqual([]);
  });
});

describe.skipIf(Boolean(skipReason))('an ingest with a model embedder', () => {
  it('stores every vector, and reuses those of unchanged chunks at the next ingest', async () => {
    const corpus = path.join(tmp, 'corpus');
    const indexDir = path.join(tmp, 'index');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'a.txt'), 'Objectif 1 : la mobilité\n\nLe transport à la demande dessert les quartiers prioritaires.\n');
    fs.writeFileSync(path.join(corpus, 'b.txt'), 'Objectif 2 : l’emploi\n\nLa mission locale accompagne les jeunes vers l’emploi.\n');
    const settings = loadSettings({ CORPUS_DIR: corpus, INDEX_DIR: indexDir, EMBEDDING_MODEL: modelDir, LOG_LEVEL: 'silent' });
    const first = await runIngest({ settings, logger: { warn: () => {} } });
    expect(first.embedderId).toBe(`transformers:${modelDir}:fp32`);
    const chunks = (await loadIndex(settings)).chunks;
    const stored = () => new Float32Array(new Uint8Array(fs.readFileSync(path.join(indexDir, FILES.vectors))).buffer);
    expect(stored()).toHaveLength(chunks.length * TINY_DIM);
    // `vectors.f32` is hashed as it is written: its checksum is the file's.
    expect(await verifyIndex(indexDir)).toBeUndefined();
    // Marked rows: a vector read back from the previous index, not computed again, keeps its mark.
    const marked = stored();
    marked.fill(0.5);
    fs.writeFileSync(path.join(indexDir, FILES.vectors), new Uint8Array(marked.buffer));
    fs.appendFileSync(path.join(corpus, 'b.txt'), 'Un nouveau paragraphe sur la formation.\n');
    const second = await runIngest({ settings, logger: { warn: () => {} } });
    expect(second).toMatchObject({ reused: 1, parsed: 1 });
    const after = await loadIndex(settings);
    const vectors = stored();
    expect(vectors).toHaveLength(after.chunks.length * TINY_DIM);
    after.chunks.forEach((chunk, index) => {
      const row = [...vectors.subarray(index * TINY_DIM, (index + 1) * TINY_DIM)];
      if (chunk.file === 'a.txt')
        expect(
          row.every((x) => x === 0.5),
          chunk.id,
        ).toBe(true);
      else expect(Math.abs(norm(row) - 1), chunk.id).toBeLessThan(1e-5);
    });
    const hits = await createAssistant(after).search('mission locale jeunes', { k: 1 });
    expect(hits[0]?.chunk.file).toBe('b.txt');
  });
});

describe('TransformersEmbeddings with a missing model', () => {
  it('fails fast with a French ModelUnavailableError naming the files and the command', async () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'models-'));
    const embeddings = new TransformersEmbeddings({ model: 'Xenova/multilingual-e5-small', modelsDir: empty });
    const started = Date.now();
    const error = await embeddings.embedQuery('bonjour').catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    const unavailable = error as ModelUnavailableError;
    expect(unavailable.missingFiles).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model*.onnx']);
    for (const part of ['config.json', 'tokenizer.json', 'onnx/model*.onnx', 'npm run model:download -- Xenova/multilingual-e5-small']) {
      expect(unavailable.message).toContain(part);
    }
    expect(unavailable.message).toContain('indisponible');
    expect(unavailable.message).toContain(path.join(empty, 'Xenova/multilingual-e5-small'));
  });

  it('names only the weights when the rest is there', async () => {
    const partial = fs.mkdtempSync(path.join(tmp, 'partial-'));
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) fs.writeFileSync(path.join(partial, file), '{}');
    const error = await new TransformersEmbeddings({ model: partial }).embedQuery('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).missingFiles).toEqual(['onnx/model*.onnx']);
    const q8 = await new TransformersEmbeddings({ model: partial, dtype: 'q8' }).embedQuery('x').catch((caught: unknown) => caught);
    expect((q8 as ModelUnavailableError).missingFiles).toEqual(['onnx/model_quantized.onnx']);
  });
});
