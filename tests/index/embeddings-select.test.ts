import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_EMBEDDER_ID, OfflineEmbeddings } from '../../src/index/embeddings/offline-embeddings.js';
import { createEmbedder } from '../../src/index/embeddings/select-embedder.js';
import { TransformersEmbeddings } from '../../src/index/embeddings/transformers-embeddings.js';

const PYTHON = '/usr/bin/python3';
const hasOnnx = spawnSync(PYTHON, ['-c', 'import onnx']).status === 0;
if (!hasOnnx) console.warn(`Skipping tiny-model selection test: ${PYTHON} cannot import onnx (install python3-onnx)`);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alinea-select-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function recordingLogger(): { warnings: string[]; warn: (message: string) => void } {
  const warnings: string[] = [];
  return { warnings, warn: (message: string) => warnings.push(message) };
}

describe('createEmbedder', () => {
  it('returns the offline embedder for EMBEDDING_MODEL=offline, silently', async () => {
    const logger = recordingLogger();
    const selected = await createEmbedder({ EMBEDDING_MODEL: 'offline', modelsDir: tmp }, logger);
    expect(selected.id).toBe(OFFLINE_EMBEDDER_ID);
    expect(selected.dimension).toBe(1024);
    expect(selected.embeddings).toBeInstanceOf(OfflineEmbeddings);
    expect(await selected.embeddings.embedQuery('ville')).toHaveLength(selected.dimension);
    expect(logger.warnings).toEqual([]);
  });

  it('restores a saved offline IDF state', async () => {
    const fitted = new OfflineEmbeddings().fit(['la ville de Lens', 'la mobilité des jeunes']);
    const selected = await createEmbedder({ EMBEDDING_MODEL: 'offline', modelsDir: tmp }, undefined, {
      offlineState: fitted.toJSON(),
    });
    expect(await selected.embeddings.embedQuery('mobilité')).toEqual(fitted.embedOne('mobilité'));
  });

  it('falls back to offline with one French warning when the model is missing', async () => {
    const logger = recordingLogger();
    const started = Date.now();
    const selected = await createEmbedder({ EMBEDDING_MODEL: 'Xenova/multilingual-e5-small', modelsDir: tmp }, logger);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(selected.id).toBe(OFFLINE_EMBEDDER_ID);
    expect(selected.embeddings).toBeInstanceOf(OfflineEmbeddings);
    expect(selected.fallbackReason).toBeTruthy();
    expect(logger.warnings).toHaveLength(1);
    const [warning] = logger.warnings;
    for (const part of ['config.json', 'tokenizer.json', 'onnx/model*.onnx', 'npm run model:download -- Xenova/multilingual-e5-small', 'hors ligne']) {
      expect(warning).toContain(part);
    }
  });

  it('uses a present model and learns its dimension by probing it', async (context) => {
    // Skipped with its reason, which the run's last line repeats (tests/helpers/skip-summary-reporter.ts).
    if (!hasOnnx) context.skip('python3-onnx absent (apt-get install python3-onnx)');
    const modelDir = path.join(tmp, 'tiny');
    const built = spawnSync(PYTHON, [path.resolve('scripts/build_tiny_model.py'), modelDir], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const logger = recordingLogger();
    const selected = await createEmbedder({ EMBEDDING_MODEL: modelDir, modelsDir: tmp }, logger);
    expect(selected.embeddings).toBeInstanceOf(TransformersEmbeddings);
    expect(selected.id).toBe(`transformers:${modelDir}:fp32`);
    expect(selected.dimension).toBe(32);
    expect(logger.warnings).toEqual([]);
    await (selected.embeddings as TransformersEmbeddings).dispose();
  });
});
