/** Hybrid retrieval on the real index of corpus/: references, filters, accents, chat spelling. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { foldText } from '../../src/lang/fr/normalize.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

let assistant: LoadedAssistant;
const CABBALR = 'cabbalr-contrat-de-ville-2024-2030.txt';
const PACTE = 'cd62-pacte-local-des-solidarites-2024-2027.txt';
const HENIN = 'henin-carvin-contributions-partenaires-2024.txt';

beforeAll(async () => {
  assistant = await getTestAssistant();
});

describe('numbered-section references', () => {
  for (const question of ["Quels dispositifs pour l'objectif #18 ?", 'obj 18 dispositifs', "l'objectif n°18", 'OBJECTIF #18 moyens']) {
    it(`« ${question} » → Objectif #18 first`, async () => {
      const hits = await assistant.search(question, { k: 5 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits[0]!.chunk.file).toBe(CABBALR);
      expect(hits[0]!.chunk.breadcrumb).toContain('Objectif #18');
      expect(hits[0]!.scores.reference).toBeGreaterThan(0);
    });
  }

  it('« dispositifs » with the reference ranks the Moyens et dispositifs block first', async () => {
    const first = (await assistant.search("Quels dispositifs pour l'objectif #18 ?", { k: 3 }))[0]!;
    expect(first.chunk.breadcrumb.slice(-2)).toEqual(['Objectif #18', 'Moyens et dispositifs mobilisables']);
    expect(first.chunk.text).toContain('Plan de déplacements urbains (CABBALR)');
  });

  it('another number leads elsewhere (the reference is not ignored)', async () => {
    const first = (await assistant.search("Quels dispositifs pour l'objectif #8 ?", { k: 3 }))[0]!;
    expect(first.chunk.breadcrumb).toContain('Objectif #8');
    expect(first.chunk.breadcrumb).not.toContain('Objectif #18');
  });
});

describe('filters', () => {
  it('by file: only that document', async () => {
    const hits = await assistant.search('mobilité emploi jeunes', { k: 10, filters: { file: PACTE } });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.chunk.file).toBe(PACTE);
    // The same query without the filter does reach other documents.
    const unfiltered = await assistant.search('mobilité emploi jeunes', { k: 10 });
    expect(unfiltered.some((hit) => hit.chunk.file !== PACTE)).toBe(true);
  });

  it('by territory, case- and accent-insensitively', async () => {
    for (const territory of ['CA Hénin-Carvin', 'ca henin-carvin']) {
      const hits = await assistant.search('insertion emploi', { k: 10, filters: { territory } });
      expect(hits.length, territory).toBeGreaterThan(0);
      for (const hit of hits) expect(hit.chunk.file).toBe(HENIN);
    }
  });

  it('a reference outside the filtered document does not leak in', async () => {
    const hits = await assistant.search('objectif #18', { k: 10, filters: { file: HENIN } });
    for (const hit of hits) expect(hit.chunk.file).toBe(HENIN);
  });

  it('an unknown territory returns nothing', async () => {
    expect(await assistant.search('insertion emploi', { k: 10, filters: { territory: 'Atlantide' } })).toEqual([]);
  });
});

describe('spelling', () => {
  for (const [plain, accented] of [
    ['mobilite', 'mobilité'],
    ['reussite educative', 'réussite éducative'],
    ['securite routiere', 'Sécurité routière'],
  ] as const) {
    it(`« ${plain} » and « ${accented} » give the same top hit`, async () => {
      const [a] = await assistant.search(plain, { k: 3 });
      const [b] = await assistant.search(accented, { k: 3 });
      expect(a).toBeDefined();
      expect(a!.chunk.id).toBe(b!.chunk.id);
      expect(foldText(`${a!.chunk.headings.join(' ')} ${a!.chunk.text}`)).toContain(foldText(plain).split(' ')[0]!.slice(0, 6));
    });
  }

  it('« c koi le BOP 147 » finds the passage on the BOP 147', async () => {
    const hits = await assistant.search('c koi le BOP 147', { k: 3 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => /BOP\s*147/.test(`${hit.chunk.headings.join(' ')}\n${hit.chunk.text}`))).toBe(true);
    expect(`${hits[0]!.chunk.headings.join(' ')}\n${hits[0]!.chunk.text}`).toMatch(/BOP\s*147|Programme n°\s*147/);
  });
});

describe('questions naming two documents', () => {
  it('the first results hold passages of both documents, not only of the louder one', async () => {
    const question = 'Le soutien à la parentalité est-il prévu dans le contrat de ville de la CABBALR et dans la convention Bassin minier 2023 ?';
    const hits = await assistant.search(question, { k: 8 });
    const files = new Set(hits.slice(0, 5).map((hit) => hit.chunk.file));
    expect(files).toContain(CABBALR);
    expect(files).toContain('cd62-convention-pauvrete-bassin-minier-2023.txt');
  });

  it('a document filter is obeyed even when the question names another document', async () => {
    const question = 'Le soutien à la parentalité est-il prévu dans le contrat de ville de la CABBALR et dans la convention Bassin minier 2023 ?';
    const hits = await assistant.search(question, { k: 8, filters: { file: CABBALR } });
    expect(hits.every((hit) => hit.chunk.file === CABBALR)).toBe(true);
  });
});
