/**
 * Words that are also names on Object.prototype (« constructor », « __proto__ », « toString »,
 * « hasOwnProperty ») are ordinary words: every lookup keyed by a word must treat them as such,
 * in a question and in a passage, before and after the index is written to disk and read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, wordTokens } from '../../src/lang/fr/analyzer.js';
import { readNumberWords } from '../../src/lang/fr/numbers.js';
import { LexicalIndex, type LexicalIndexData } from '../../src/index/lexical-index.js';
import { parseReferences, referenceKeyOfLabel } from '../../src/query/query-understanding.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';

const WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('analyzer and lookups: prototype names are plain words', () => {
  it.each(WORDS)('analyze(« %s ») gives string terms only', (word) => {
    const terms = analyze(`Le ${word} du dispositif ${word}`);
    expect(terms.length).toBeGreaterThan(0);
    for (const term of terms) expect(typeof term).toBe('string');
  });

  it.each(WORDS)('number and section look-ups ignore « %s »', (word) => {
    const tokens = wordTokens(word);
    expect(readNumberWords(tokens, 0)).toBeUndefined();
    expect(parseReferences(`${word} 12`)).toEqual([]);
    expect(referenceKeyOfLabel(`${word} 12`)).toBeUndefined();
  });

  it('the lexical index scores them like any word, also after a JSON round trip', () => {
    const documents = [
      { bodyTerms: analyze('Le constructor du quartier et toString'), headingTerms: analyze('Section constructor') },
      { bodyTerms: analyze('Le __proto__ et hasOwnProperty valueOf isPrototypeOf'), headingTerms: [] },
      { bodyTerms: analyze('Un passage sans rapport sur la politique de la ville'), headingTerms: [] },
    ];
    const built = LexicalIndex.build(documents);
    const reloaded = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(built.toJSON())) as LexicalIndexData);
    for (const index of [built, reloaded]) {
      for (const word of WORDS) {
        const [term] = analyze(word);
        expect(index.documentFrequency(term!)).toBe(1);
        const hits = index.search([{ term: term!, weight: 1 }], 3);
        expect(hits).toHaveLength(1);
        expect(Number.isFinite(hits[0]!.score)).toBe(true);
      }
      // A word the index does not hold, on an index without it.
      expect(index.documentFrequency('isprototypeofx')).toBe(0);
      expect(index.termsWithPrefix('constr')).toContain(analyze('constructor')[0]);
    }
    // Raw terms, as a future analyzer might keep them (« __proto__ » with its underscores).
    const raw = LexicalIndex.build([
      { bodyTerms: ['__proto__', 'constructor', 'hasOwnProperty', 'toString'], headingTerms: ['__proto__'] },
      { bodyTerms: ['autre'], headingTerms: [] },
    ]);
    const rawReloaded = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(raw.toJSON())) as LexicalIndexData);
    for (const index of [raw, rawReloaded]) {
      for (const term of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
        expect(index.documentFrequency(term)).toBe(1);
        expect(index.search([{ term, weight: 1 }], 3).map((hit) => hit.docIndex)).toEqual([0]);
      }
      expect(index.documentFrequency('valueOf')).toBe(0);
      expect(index.termsWithinOneEdit('__proto_')).toEqual(['__proto__']);
    }
    const empty = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(LexicalIndex.build([documents[2]!]).toJSON())) as LexicalIndexData);
    for (const word of WORDS) {
      const [term] = analyze(word);
      expect(empty.documentFrequency(term!)).toBe(0);
      expect(empty.search([{ term: term!, weight: 1 }], 3)).toEqual([]);
    }
  });
});

describe('ask: a question or passage holding a prototype name', () => {
  let corpus: TempCorpus;

  beforeAll(async () => {
    corpus = await openTempCorpus('prototype-words', {
      'note-technique.txt': [
        'Note technique sur le portail',
        '',
        '1. Le module constructor',
        '',
        'Le module constructor assemble les fiches du portail des quartiers prioritaires. Il appelle toString et hasOwnProperty sur chaque fiche.',
        '',
        '2. Le champ __proto__',
        '',
        'Le champ __proto__ est refusé par le portail des quartiers prioritaires pour des raisons de sécurité.',
        '',
        '3. Le financement',
        '',
        "Le financement du portail est assuré par l'agglomération à hauteur de 20 000 euros par an.",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await corpus?.cleanup();
  });

  it.each(WORDS)('« %s » in a question is answered, never thrown', async (word) => {
    const answer = await corpus.assistant.ask(`À quoi sert le ${word} du portail ?`);
    expect(typeof answer.text).toBe('string');
    expect(answer.text.length).toBeGreaterThan(0);
  });

  it('a passage holding « constructor » is retrieved and cited', async () => {
    const answer = await corpus.assistant.ask('Que fait le module constructor du portail ?');
    expect(answer.refused).toBe(false);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.text).toMatch(/assemble les fiches/);
  });

  it('a question retrieving those passages for another word still works', async () => {
    const answer = await corpus.assistant.ask('Comment le portail des quartiers prioritaires est-il financé ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toMatch(/20 000 euros/);
  });
});
