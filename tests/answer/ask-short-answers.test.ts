/**
 * A one-line answer (« - Le site de … - Directrice : … ») may be completed by a full sentence,
 * but not by one from another passage that merely shares a word of the question (« son site
 * Mes Évènements Emploi »): every citation must point to a passage about what was asked.
 * Over the bundled corpus; the expected name is read from the corpus file, not copied here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { getTestAssistant } from '../helpers/test-assistant.js';
import { chunkById, expectWellFormed } from './answer-invariants.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../corpus');
let assistant: LoadedAssistant;

beforeAll(async () => {
  assistant = await getTestAssistant();
});

describe('short answers', () => {
  it('« Qui dirige le site France Travail de Noeux les mines ? » → the director, every citation on the passage that names him or her', async () => {
    const line = readFileSync(path.join(corpus, 'cabbalr-contrat-de-ville-2024-2030.txt'), 'utf8')
      .split('\n')
      .find((candidate) => /Noeux/.test(candidate) && /Direct/.test(candidate));
    const director = line?.split(':').pop()?.trim();
    expect(director).toBeTruthy();
    const answer = await assistant.ask('Qui dirige le site France Travail de Noeux les mines ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain(director!);
    for (const citation of answer.citations) expect(chunkById(assistant, citation.chunkId).text).toContain(director!);
  });
});
