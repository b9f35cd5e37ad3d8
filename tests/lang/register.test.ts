/**
 * The register table (src/lang/fr/register.ts): every row's examples fire it and no other row,
 * its document words bring index terms, and over a small convention an everyday phrasing finds
 * the article written in the document's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { REGISTER_ROWS } from '../../src/lang/fr/register.js';
import { expandQuery } from '../../src/query/query-understanding.js';
import { SEARCH_TUNING } from '../../src/search/search-tuning.js';
import { openTempCorpus, type TempCorpus } from '../helpers/temp-corpus.js';

describe('register rows', () => {
  it('ids are unique and every row has examples and document words', () => {
    expect(new Set(REGISTER_ROWS.map((row) => row.id)).size).toBe(REGISTER_ROWS.length);
    for (const row of REGISTER_ROWS) {
      expect(row.examples.length, row.id).toBeGreaterThan(0);
      expect(analyze(row.documentWords).length, row.id).toBeGreaterThan(0);
    }
  });

  for (const row of REGISTER_ROWS) {
    for (const example of row.examples) {
      it(`« ${example} » fires ${row.id} only and searches its document words at the register weight`, () => {
        const expanded = expandQuery(example, new Map());
        expect(expanded.registers).toEqual([row.id]);
        const own = new Set(analyze(example));
        const added = [...new Set(analyze(row.documentWords))].filter((term) => !own.has(term));
        for (const term of added) expect(expanded.terms).toContainEqual({ term, weight: SEARCH_TUNING.registerTermWeight });
      });
    }
  }

  it('a question in the documents’ own words fires nothing', () => {
    for (const question of ['Quelle est la durée de la convention ?', 'Quels sont les signataires ?', 'Quel est le plafond de la subvention ?']) {
      const expanded = expandQuery(question, new Map());
      expect(expanded.registers, question).toEqual([]);
    }
  });
});

describe('an everyday phrasing finds the article written in the document’s register', () => {
  let corpus: TempCorpus;
  // Every article says « convention » and « association »; only the one the question means says it
  // in the words the register row brings.
  const articles = [
    ['Article 1 – Objet', "La présente convention a pour objet de soutenir l'association dans son programme d'actions au bénéfice des habitants du quartier."],
    ['Article 2 – Engagements de l’association', "L'association s'engage à mettre en œuvre la convention et à rendre compte de l'usage des fonds de la convention."],
    ['Article 3 – Durée', 'Elle est conclue pour une durée de trois ans et prend fin le 31 décembre 2027.'],
    ['Article 4 – Versement', 'Une avance de 60 % est versée à la signature ; le solde est versé après le bilan.'],
    ['Article 5 – Résiliation', 'En cas de manquement, la résiliation intervient après un préavis de deux mois.'],
    ['Article 6 – Contrôle', "L'association transmet à la convention de suivi les comptes de l'association et le rapport d'activité de la convention."],
  ];
  beforeAll(async () => {
    corpus = await openTempCorpus('register', { 'convention.md': articles.flatMap(([heading, body]) => [`## ${heading}`, '', body!, '']) });
  }, 120_000);
  afterAll(async () => corpus?.cleanup());

  const cases: [string, string][] = [
    ["l'asso, sa convention elle court jusqu'a quand ?", 'Article 3'],
    ['la convention de l asso, versee en une fois ?', 'Article 4'],
    ['comment on peut sortir de la convention ?', 'Article 5'],
  ];
  for (const [question, article] of cases) {
    it(`« ${question} » → ${article}`, async () => {
      const hits = await corpus.assistant.search(question, { k: 3 });
      expect(hits[0]?.chunk.text).toContain(article);
    });
  }
});
