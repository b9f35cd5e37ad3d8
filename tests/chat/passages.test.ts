import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/core/answer.js';
import { loadSettings } from '../../src/config.js';
import { FeedbackLog } from '../../src/chat/feedback-log.js';
import { createLogger } from '../../src/chat/logger.js';
import { createPassageLookup, MAX_PASSAGE_CHUNKS } from '../../src/chat/passages.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { PASSAGE_CHUNKS, PASSAGE_DOCUMENTS } from '../helpers/passage-fixtures.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';
import type { Chunk } from '../../src/core/types.js';

describe('passage look-up', () => {
  const lookup = createPassageLookup(PASSAGE_CHUNKS, PASSAGE_DOCUMENTS);

  it('gives the cited chunk whole with the rest of its section, in document order', () => {
    const passage = lookup.passage('doc-1.txt#1')!;
    expect(passage.docTitle).toBe('Document 1');
    expect(passage.breadcrumb).toEqual(['Annexe 2', 'Objectif #1']);
    expect(passage.parts.map((part) => part.chunkId)).toEqual(['doc-1.txt#1', 'doc-1.txt#2']);
    expect(passage.parts.map((part) => part.cited)).toEqual([true, false]);
    expect(passage.parts[0]!.text).toContain('résider dans un quartier prioritaire');
    expect(passage.pages).toBeNull();
    expect(passage.lines).toEqual({ start: 10, end: 15 });
  });

  it('takes the shown span when it holds the chunk, ignores one that does not', () => {
    expect(lookup.passage('doc-1.txt#1', { start: 1, end: 18 })!.parts).toHaveLength(4);
    expect(lookup.passage('doc-1.txt#1', { start: 10, end: 14 })!.parts.map((part) => part.chunkId)).toEqual(['doc-1.txt#1']);
    expect(lookup.passage('doc-1.txt#1', { start: 16, end: 18 })!.parts.map((part) => part.chunkId)).toEqual(['doc-1.txt#1', 'doc-1.txt#2']);
  });

  it('reports the pages of a PDF passage', () => {
    const passage = lookup.passage('doc-2.pdf#2')!;
    expect(passage.pages).toEqual({ start: 3, end: 4 });
    expect(passage.parts[0]).toMatchObject({ pageStart: 3, pageEnd: 4 });
  });

  it('cuts a very long node around the cited chunk', () => {
    const many: Chunk[] = Array.from({ length: MAX_PASSAGE_CHUNKS * 2 }, (_, i) => ({
      id: `big.txt#${i}`,
      file: 'big.txt',
      breadcrumb: ['Tout'],
      headings: ['Tout'],
      sectionId: 'big.txt::0',
      kind: 'text',
      text: `Paragraphe ${i}.`,
      lineStart: i + 1,
      lineEnd: i + 1,
    }));
    const passage = createPassageLookup(many, []).passage('big.txt#70')!;
    expect(passage.truncated).toBe(true);
    expect(passage.parts).toHaveLength(MAX_PASSAGE_CHUNKS);
    expect(passage.parts.some((part) => part.cited)).toBe(true);
    expect(passage.docTitle).toBe('big.txt');
  });

  it('knows nothing of an unknown id', () => {
    expect(lookup.passage('doc-9.txt#1')).toBeUndefined();
  });

  it('gives a whole document with its table of contents for the reader', () => {
    const document = lookup.document('doc-1.txt')!;
    expect(document.docTitle).toBe('Document 1');
    expect(document.parts.map((part) => part.chunkId)).toEqual(['doc-1.txt#0', 'doc-1.txt#1', 'doc-1.txt#2', 'doc-1.txt#3']);
    expect(document.outline).toEqual([
      { title: 'Annexe 2', depth: 0, chunkId: 'doc-1.txt#0' },
      { title: 'Objectif #1', depth: 1, chunkId: 'doc-1.txt#1' },
      { title: 'Objectif #2', depth: 1, chunkId: 'doc-1.txt#3' },
    ]);
    expect(lookup.document('doc-2.pdf')!.outline[0]).toEqual({ title: 'Titre II', depth: 0, chunkId: 'doc-2.pdf#2', page: 3 });
    expect(lookup.document('../doc-1.txt')).toBeUndefined();
  });
});

describe('server: /api/passages/:chunkId', () => {
  let running: RunningServer;

  beforeAll(async () => {
    const settings = loadSettings({ LOG_LEVEL: 'silent' });
    const assistant: Assistant = { ...createScriptedAssistant(), documents: PASSAGE_DOCUMENTS, chunks: PASSAGE_CHUNKS };
    const server = createServer({ assistant, settings, logger: createLogger(settings), feedbackLog: new FeedbackLog(settings.FEEDBACK_LOG) });
    running = await server.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await running?.close();
  });

  const get = async (route: string) => {
    const response = await fetch(`${running.url}${route}`);
    return { status: response.status, json: await response.json(), headers: response.headers };
  };

  it('returns the node of a cited chunk as JSON, with its location', async () => {
    const { status, json, headers } = await get(`/api/passages/${encodeURIComponent('doc-2.pdf#2')}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/application\/json/);
    expect(json).toMatchObject({
      chunkId: 'doc-2.pdf#2',
      file: 'doc-2.pdf',
      docTitle: 'Document 2',
      breadcrumb: ['Titre II', 'Article 4'],
      pages: { start: 3, end: 4 },
      lines: { start: 20, end: 24 },
    });
    expect(json.parts[0].text).toContain('à la signature puis au bilan');
  });

  it('narrows to the shown lines when asked', async () => {
    const { status, json } = await get(`/api/passages/${encodeURIComponent('doc-1.txt#1')}?lines=10-14`);
    expect(status).toBe(200);
    expect(json.parts).toHaveLength(1);
  });

  it('answers 404 in French for an unknown id, 400 for a malformed one or bad lines', async () => {
    const unknown = await get(`/api/passages/${encodeURIComponent('doc-9.txt#1')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/Passage introuvable/);
    for (const bad of ['..%2F..%2Fetc%2Fpasswd', 'doc-1.txt', encodeURIComponent('doc-1.txt#1\n'), encodeURIComponent('doc-1.txt#abc')]) {
      const response = await get(`/api/passages/${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.json.error).toMatch(/Identifiant de passage invalide/);
    }
    for (const lines of ['abc', '14-10', '1-2-3']) {
      const response = await get(`/api/passages/${encodeURIComponent('doc-1.txt#1')}?lines=${lines}`);
      expect(response.status, lines).toBe(400);
    }
  });

  it('serves a catalogue document to the reader, 404 for any other name', async () => {
    const { status, json } = await get(`/api/documents/${encodeURIComponent('doc-2.pdf')}/text`);
    expect(status).toBe(200);
    expect(json.outline.map((entry: { title: string }) => entry.title)).toEqual(['Titre II', 'Article 4']);
    expect(json.parts[0].text).toContain('à la signature puis au bilan');
    for (const name of ['..%2Fpackage.json', 'package.json', encodeURIComponent('/etc/passwd')]) {
      const response = await get(`/api/documents/${name}/text`);
      expect(response.status, name).toBe(404);
      expect(response.json.error).toMatch(/Document introuvable/);
    }
  });

  it('never reveals a server path', async () => {
    const { json } = await get(`/api/passages/${encodeURIComponent('doc-1.txt#1')}`);
    expect(JSON.stringify(json)).not.toContain(process.cwd());
    expect(json.file).toBe('doc-1.txt');
  });
});
