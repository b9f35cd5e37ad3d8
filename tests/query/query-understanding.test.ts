/** Query understanding: numbered-section references, acronym expansion, abbreviations and typos. */
import { describe, expect, it } from 'vitest';
import type { GlossaryEntry } from '../../src/ingest/glossary.js';
import { expandQuery, parseReferences, referenceKeyOfLabel, type Vocabulary, absentDocumentOwner } from '../../src/query/query-understanding.js';
import { analyze } from '../../src/lang/fr/analyzer.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

describe('parseReferences', () => {
  const cases: [string, { family: string; number: string }[]][] = [
    ['objectif 18', [{ family: 'objectif', number: '18' }]],
    ['obj #18', [{ family: 'objectif', number: '18' }]],
    ["l'objectif n°18", [{ family: 'objectif', number: '18' }]],
    ['l’objectif n° 18 ?', [{ family: 'objectif', number: '18' }]],
    ['OBJECTIF #18', [{ family: 'objectif', number: '18' }]],
    ['axe 2', [{ family: 'axe', number: '2' }]],
    ['action 2.4', [{ family: 'action', number: '2.4' }]],
    ['fiche action 3', [{ family: 'fiche', number: '3' }]],
    ['fiche-action 3', [{ family: 'fiche', number: '3' }]],
    ['article 1', [{ family: 'article', number: '1' }]],
    // A sub-action is numbered within its action: « action 1.2.1 » names it too.
    ['sous-action 1.2.1', [{ family: 'action', number: '1.2.1' }]],
    ['que dit l’article L262-2 ?', [{ family: 'article', number: 'l262-2' }]],
    ['conditions de l’art. L. 5134-100', [{ family: 'article', number: 'l5134-100' }]],
    ['le R2334-10 dit quoi', [{ family: 'article', number: 'r2334-10' }]],
    [
      'Que prévoient l’axe 2 et l’action 2.4 ?',
      [
        { family: 'axe', number: '2' },
        { family: 'action', number: '2.4' },
      ],
    ],
  ];
  for (const [question, expected] of cases) {
    it(`« ${question} »`, () => expect(parseReferences(question)).toEqual(expected));
  }

  it('finds nothing in « enjeux », « 2024 » or ordinary words', () => {
    for (const question of [
      'enjeux',
      '2024',
      'les enjeux de 2024',
      'Quels objectifs pour 2030 ?',
      'les actions menées en 2023',
      'axes prioritaires',
      'les fiches action 2023',
      'actions 2024 du Département',
      'objectifs 2030',
      // A count in groups of three names no section.
      "l'action 10 000 départs en vacances",
      'une mesure 1 500 emplois',
    ]) {
      expect(parseReferences(question), question).toEqual([]);
    }
  });

  it('breadcrumb labels map to the same reference keys as questions', () => {
    expect(referenceKeyOfLabel('Objectif #18')).toBe('objectif 18');
    expect(referenceKeyOfLabel('Action 2.4')).toBe('action 2.4');
    expect(referenceKeyOfLabel('Fiche action 3')).toBe('fiche 3');
    expect(referenceKeyOfLabel('Moyens et dispositifs mobilisables')).toBeUndefined();
  });
});

describe('expandQuery', () => {
  const qpv: GlossaryEntry = { term: 'QPV', expansion: 'quartiers prioritaires de la politique de la ville', chunkId: 'x#1', count: 3 };
  const glossary = new Map([['qpv', qpv]]);
  const weightOf = (terms: { term: string; weight: number }[], term: string) => terms.find((candidate) => candidate.term === term)?.weight;

  it('an acronym brings its long form at reduced weight', () => {
    const expanded = expandQuery('Quelles aides en QPV ?', glossary);
    expect(expanded.acronyms.map((entry) => entry.term)).toEqual(['QPV']);
    expect(weightOf(expanded.terms, 'qpv')).toBe(1);
    for (const term of analyze(qpv.expansion)) {
      expect(weightOf(expanded.terms, term), term).toBeGreaterThan(0);
      expect(weightOf(expanded.terms, term), term).toBeLessThan(1);
    }
  });

  it('a long form brings its acronym', () => {
    const expanded = expandQuery('Aides dans les quartiers prioritaires de la politique de la ville', glossary);
    expect(expanded.acronyms.map((entry) => entry.term)).toEqual(['QPV']);
    expect(weightOf(expanded.terms, 'qpv')).toBeGreaterThan(0);
    expect(weightOf(expanded.terms, 'qpv')).toBeLessThan(1);
  });

  it('a question with neither gets nothing from the glossary', () => {
    const question = 'Quels dispositifs pour la mobilité ?';
    const expanded = expandQuery(question, glossary);
    expect(expanded.acronyms).toEqual([]);
    expect(expanded.terms).toEqual(expandQuery(question, new Map()).terms);
    expect(expanded.terms.some((term) => term.term === 'qpv' || term.term === 'prioritair')).toBe(false);
  });

  it('an unknown word borrows the index terms it abbreviates (vocabulary without it)', () => {
    const vocabulary: Vocabulary = {
      documentFrequency: (term) => (['agglomer', 'agglutin', 'mobilit'].includes(term) ? 10 : 0),
      termsWithPrefix: (prefix) => ['agglomer', 'agglutin', 'mobilit'].filter((term) => term.startsWith(prefix)),
      termsWithinOneEdit: () => [],
    };
    const expanded = expandQuery("les aides de l'agglo", glossary, vocabulary);
    // The abbreviation as typed weighs less than what it stands for: the long form carries the meaning.
    expect(weightOf(expanded.terms, 'agglo')).toBeGreaterThan(0);
    expect(weightOf(expanded.terms, 'agglo')).toBeLessThan(weightOf(expanded.terms, 'agglomer')!);
    expect(weightOf(expanded.terms, 'agglomer')).toBeLessThan(1);
    expect(weightOf(expanded.terms, 'aid')).toBe(1);
  });
});

describe('abbreviations are read from the word as typed', () => {
  it('« situé » (stem « situ ») does not abbreviate « situation »; « agglo » abbreviates « agglomération »', () => {
    const vocabulary: Vocabulary = {
      documentFrequency: (term) => (['situat', 'agglomer'].includes(term) ? 20 : term === 'situ' || term === 'agglo' ? 1 : 0),
      termsWithPrefix: (prefix) => ['situat', 'agglomer'].filter((term) => term.startsWith(prefix)),
      termsWithinOneEdit: () => [],
    };
    const terms = expandQuery('un projet situé dans l’agglo', new Map(), vocabulary).terms.map((term) => term.term);
    expect(terms).not.toContain('situat');
    expect(terms).toContain('agglomer');
  });
});

describe('expandQuery with the real index', () => {
  it('a typo borrows the index term one edit away (« dispositfs » → « disposit »)', async () => {
    const { index } = await getTestAssistant();
    expect(index.lexical.documentFrequency('disposit')).toBeGreaterThan(10);
    const expanded = expandQuery('dispositfs mobilité', index.glossary, index.lexical);
    const borrowed = expanded.terms.find((term) => term.term === 'disposit');
    expect(borrowed?.weight).toBeGreaterThan(0);
    expect(borrowed?.weight).toBeLessThan(1);
  });

  it('known words borrow nothing from the vocabulary', async () => {
    const { index } = await getTestAssistant();
    const known = 'dispositifs mobilité';
    expect(expandQuery(known, index.glossary, index.lexical).terms).toEqual(expandQuery(known, index.glossary).terms);
    // …whereas the typo does (the comparison above is not vacuous).
    expect(expandQuery('dispositfs mobilité', index.glossary, index.lexical).terms).not.toEqual(expandQuery('dispositfs mobilité', index.glossary).terms);
  });

  it('the mined glossary expands QPV with a long form about priority neighbourhoods', async () => {
    const { index } = await getTestAssistant();
    const expanded = expandQuery('Combien de QPV ?', index.glossary, index.lexical);
    expect(expanded.acronyms.map((entry) => entry.term)).toContain('QPV');
    expect(expanded.terms.some((term) => term.term === 'prioritair' && term.weight < 1)).toBe(true);
  });

  // « agglo » occurs a few times in the corpus (« Pass’Mobil’Agglo »), far less than « agglomération »:
  // it is still an abbreviation to expand.
  it('« agglo » brings « agglomération » with the real index', async () => {
    const { index } = await getTestAssistant();
    const expanded = expandQuery("les aides de l'agglo", index.glossary, index.lexical);
    const borrowed = expanded.terms.find((term) => term.term === 'agglomer');
    expect(borrowed?.weight).toBeGreaterThan(0);
    expect(borrowed?.weight).toBeLessThan(1);
    expect(index.lexical.documentFrequency('agglomer')).toBeGreaterThan(index.lexical.documentFrequency('agglo'));
    // The rare literal (« Pass’Mobil’Agglo ») must not outweigh it.
    expect(expanded.terms.find((term) => term.term === 'agglo')!.weight).toBeLessThan(borrowed!.weight);
  });
});

describe('article numbers as codes write them', () => {
  it('« article 1er » is article 1, « 7 bis » is not article 7', () => {
    expect(parseReferences('que dit l’article 1er ?')).toEqual([{ family: 'article', number: '1' }]);
    expect(parseReferences('article 7 bis')).toEqual([{ family: 'article', number: '7 bis' }]);
    expect(referenceKeyOfLabel('Article 1er')).toBe('article 1');
    expect(referenceKeyOfLabel('Article 7 bis')).toBe('article 7 bis');
    expect(referenceKeyOfLabel('Article L262-2')).toBe('article l262-2');
  });
});

describe('absentDocumentOwner', () => {
  const meta = (file: string, title: string, territory: string) => ({ file, title, short_title: title, issuer: '', territory, kind: 'contrat de ville', date: null });
  const documents = [
    meta('cv-bethune.txt', "Contrat de ville de la Communauté d'agglomération de Béthune-Bruay (CABBALR)", 'CABBALR'),
    meta('cv-henin.txt', 'Contrat de ville Hénin-Carvin', 'CA Hénin-Carvin'),
    meta('pacte-62.txt', 'Pacte local des solidarités du Pas-de-Calais', 'Pas-de-Calais'),
  ] as unknown as Parameters<typeof absentDocumentOwner>[1];

  it.each([
    ["Quelles sont les priorités du contrat de ville 2024-2030 de la Communauté d'agglomération de Lens-Liévin ?", 'Lens-Liévin'],
    ["c koi les QPV du contrat de ville d'Arras ?", 'Arras'],
    ["la convention de l'agglo de Saint-Omer prévoit quoi ?", 'Saint-Omer'],
    // A place inside a compound name (« Pas-de-Calais ») is not that place.
    ['Le contrat de ville de Calais, il a été signé à quelle date ?', 'Calais'],
    ['les axes du contrat de ville de Lens Agglo ?', 'Lens'],
  ])('« %s » asks for a document of %s, which the corpus lacks', (question, owner) => {
    expect(absentDocumentOwner(question, documents)).toBe(owner);
  });

  it.each([
    'Que prévoit le contrat de ville de la CABBALR ?',
    "le contrat de ville de l'agglo Hénin-Carvin, c'est signé quand ?",
    "Sur quel programme budgétaire de l'État est imputée la subvention ?",
    'convention bassin minier 2023 du CD62, action 4 : quel budget ?',
    'le contrat de ville du Pas-de-Calais prévoit quoi ?',
    // The body's word after the place's name is not part of the place.
    "c'est quoi les axes du contrat de ville de Hénin-Carvin Agglo ?",
  ])('« %s » names a document the corpus holds, or no place', (question) => {
    expect(absentDocumentOwner(question, documents)).toBeUndefined();
  });
});

describe('what an asked figure measures', () => {
  it.each([
    ['ça date de quand ?', []],
    ["combien d'ARMS aujourd'hui ?", ['arm']],
    ['nb de bénéficiaires prévus en 2023 ?', ['beneficiair']],
    ['combien de logements vivent en QPV ?', ['logement']],
    // A bound or a sum qualifies the figure; « hors » moves on to what it is not.
    ["un conseil citoyen c'est combien de membres mini et maxi ?", ['membres']],
    ['le montant max de la subvention ?', ['subvention']],
    ['quel pourcentage des attributions hors QPV va au premier quartile ?', ['attributions']],
    // A subordinate clause says why or when, not what is measured.
    ["la caf peut augmenter son taux de cofinancement parce qu'on est en QPV ?", ['cofinancement']],
    ['combien de rencontres et de participants ?', ['rencontres']],
    ["ca couvre combien d'habitants si on additionne les quartiers ?", ['habitants']],
    // A point in time (« avant l'événement ») is when, not what is measured.
    ["faut s'y prendre combien de temps avant l'evenement ?", []],
    ['combien de réunions depuis le début du contrat ?', ['réunions']],
  ])('« %s » measures %j', async (question, subject) => {
    const { index } = await getTestAssistant();
    const { HybridRetriever } = await import('../../src/search/hybrid-retriever.js');
    const parsed = new HybridRetriever(index).parse(question);
    expect(parsed.kind).toBe('figure');
    expect(parsed.figureSubject).toEqual(subject.flatMap((stem) => analyze(stem)));
  });
});
