/**
 * The years a question asks about: only in the sentences that ask, not after « depuis » (the
 * asker's situation), not inside a name a document's title writes (« Engagements Quartiers 2030 »);
 * years after a noun name an edition (« l'appel à projets 2026 »).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { HybridRetriever } from '../../src/search/hybrid-retriever.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

let retriever: HybridRetriever;

beforeAll(async () => {
  const assistant: LoadedAssistant = await getTestAssistant();
  retriever = new HybridRetriever(assistant.index);
});

describe('the years a question asks about', () => {
  it.each([
    ['le budget de la cité éducative en 2024 ?', ['2024']],
    // The asker's own history: another sentence, or « depuis ».
    ['notre asso a été déclarée en septembre 2025. On peut avoir des sous cette année ?', []],
    ['on a eu des subs chaque année depuis 2022, on peut passer en pluriannuel ?', []],
    // A name a document's title writes with its year.
    ['le contrat de ville engagements quartiers 2030 il a été signé quand ?', []],
  ])('« %s » → %j', (question, years) => {
    expect(retriever.parse(question).askedYears).toEqual(years);
  });

  it('a year after a noun names an edition; after « en », a time', () => {
    expect(retriever.parse('c’est quand la date limite de l’appel à projets 2031 ?').editionYears).toEqual(['2031']);
    expect(retriever.parse('c’est quand la date limite pour déposer en 2031 ?').editionYears).toEqual([]);
  });
});
