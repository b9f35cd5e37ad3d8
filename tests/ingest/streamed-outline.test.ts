/**
 * A large file is outlined and chunked as a stream (the ingest analyses its first chunks while the
 * rest is outlined): the chunks given one at a time, pulling sections as they close, are those of
 * the whole outline chunked at once, for every document of the corpus and of the eval corpora.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkSections, sectionChunks } from '../../src/ingest/chunker.js';
import { loadSourceDocument } from '../../src/ingest/loaders/index.js';
import { buildOutline, outlineSections } from '../../src/ingest/structure.js';

const REPO = path.resolve(import.meta.dirname, '../..');

async function documentsOf(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => /\.(txt|md|pdf|docx)$/.test(name)).map((name) => path.join(dir, name));
}

describe('streamed outline and chunks', () => {
  it('gives the same sections and chunks as the whole outline, pulled one at a time', async () => {
    const corpora = [path.join(REPO, 'corpus'), ...(await readdir(path.join(REPO, 'eval', 'corpora'))).map((name) => path.join(REPO, 'eval', 'corpora', name))];
    let files = 0;
    for (const dir of corpora) {
      for (const absolute of await documentsOf(dir)) {
        const file = path.basename(absolute);
        const whole = await loadSourceDocument(absolute, file, { maxBytes: 50 * 1024 * 1024 });
        const sections = buildOutline(whole);
        const expected = chunkSections(file, sections);
        // A fresh document: the stream must not see anything the whole outline made.
        const streamed = await loadSourceDocument(absolute, file, { maxBytes: 50 * 1024 * 1024 });
        const streamedSections: unknown[] = [];
        const given = [];
        for (const chunk of sectionChunks(
          file,
          (function* () {
            for (const section of outlineSections(streamed)) {
              streamedSections.push(structuredClone(section));
              yield section;
            }
          })(),
        ))
          given.push(structuredClone(chunk));
        expect(streamedSections, file).toEqual(JSON.parse(JSON.stringify(sections)));
        expect(given, file).toEqual(JSON.parse(JSON.stringify(expected)));
        files += 1;
      }
    }
    expect(files).toBeGreaterThan(40);
  }, 120_000);
});
