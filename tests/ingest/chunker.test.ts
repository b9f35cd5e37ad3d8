/**
 * Chunker: sections are never crossed, sizes stay within SCORING.md's limit, lists and table rows
 * stay whole and self-explaining. Synthetic texts first, then the real corpus.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkSections, joinWrappedLines } from '../../src/ingest/chunker.js';
import { loadSourceDocument } from '../../src/ingest/loaders/index.js';
import { buildOutline, type Section } from '../../src/ingest/structure.js';
import type { Chunk, SourceDocument } from '../../src/core/types.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.join(REPO, 'corpus');
const HARD_MAX = 2_000;

function documentOf(lines: string[], file = 'synthetique.txt'): SourceDocument {
  return { file, format: 'txt', lines: lines.map((text, index) => ({ text, line: index + 1 })) };
}

function chunk(lines: string[], file = 'synthetique.txt'): { sections: Section[]; chunks: Chunk[] } {
  const sections = buildOutline(documentOf(lines, file));
  return { sections, chunks: chunkSections(file, sections) };
}

/**
 * Every body line a chunk spans belongs to the chunk's own section, and every heading the chunk
 * quotes is on that section's path (its own heading or an ancestor's, which a first chunk may
 * restate). Outline chunks (kind `heading`) gather empty headings and are not checked here.
 */
function expectWithinSections(sections: Section[], chunks: Chunk[], { quotedHeadings = true } = {}): void {
  const bodyOwner = new Map<number, string>();
  const headings = new Map<number, string>();
  const byId = new Map(sections.map((section) => [section.id, section]));
  for (const section of sections) {
    for (const heading of section.path) headings.set(heading.line, heading.raw);
    for (const line of section.body) if (line.text.trim() !== '') bodyOwner.set(line.line, section.id);
  }
  for (const piece of chunks) {
    const section = byId.get(piece.sectionId);
    expect(section, `${piece.id} names an existing section`).toBeDefined();
    if (piece.kind === 'heading') continue;
    const onPath = new Set(section!.path.map((heading) => heading.line));
    const quoted = new Set(piece.text.split('\n'));
    for (let line = piece.lineStart; line <= piece.lineEnd; line += 1) {
      const owner = bodyOwner.get(line);
      if (owner !== undefined) expect(owner, `${piece.id} line ${line}`).toBe(piece.sectionId);
      const heading = headings.get(line);
      if (quotedHeadings && owner === undefined && heading !== undefined && quoted.has(heading)) expect(onPath.has(line), `${piece.id} quotes heading line ${line}, not on its path`).toBe(true);
    }
  }
}

/**
 * The document lines (a dozen characters or more) that no chunk holds, neither in its text nor on
 * its heading path: what a reader could never be shown. A table of contents' entries (« Editos.....
 * 4 »), rules made of dashes and titles are navigation, not content.
 */
function lostLines(sections: Section[], chunks: Chunk[]): string[] {
  const words = (text: string) =>
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 3);
  const held = chunks.map((piece) => [piece.text, ...piece.headings, ...piece.breadcrumb].join(' ').toLowerCase());
  // A heading that is a title may live in breadcrumbs only; one that is a statement (« Action 2.3 –
  // Déploiement de deux promeneurs du net. ») is content.
  const statements = (section: Section) => section.path.map((heading) => heading.raw).filter((raw) => /[.;!]\s*$/.test(raw));
  const lines = sections.flatMap((section) => [...statements(section), ...section.body.map((line) => line.text)]);
  return [...new Set(lines)].filter((line) => {
    const text = line.replace(/[#*|]/g, ' ').replace(/\s+/g, ' ').trim();
    if (text.length < 12 || /\.{3,}\s*\d+\s*$/.test(text) || !/\p{L}/u.test(text)) return false;
    const own = words(text);
    // Table rows are rewritten (« Financeur : … ; Montant : … »): their words, not their text, are
    // kept. A paragraph longer than a chunk is cut over several.
    const holders = text.length > 1_000 ? [held.join(' ')] : held;
    return !holders.some((chunkText) => own.filter((word) => chunkText.includes(word)).length >= 0.8 * own.length);
  });
}

/** The lines of a list chunk above its first item: its heading(s) and lead-in. */
const leadOf = (text: string) =>
  text.split('\n').slice(
    0,
    text.split('\n').findIndex((line) => line.startsWith('- ')),
  );

const items = (count: number, word: string) => Array.from({ length: count }, (_, index) => `- ${word} numéro ${index + 1} au service des habitants des quartiers prioritaires`);

describe('chunker on synthetic sections', () => {
  const longParagraph = Array.from({ length: 40 }, (_, index) => `La phrase ${index + 1} décrit longuement le dispositif de soutien aux familles du quartier.`).join(' ');
  const unpunctuated = 'mot '.repeat(900).trim();
  const lines = [
    'Objectif #3 : Favoriser l’emploi',
    '',
    'MOYENS ET DISPOSITIFS MOBILISABLES',
    '',
    ...items(40, 'Dispositif'),
    '',
    'ACTEURS À MOBILISER',
    '',
    'Les partenaires s’engagent à mobiliser les acteurs suivants :',
    '',
    ...items(40, 'Acteur'),
    '',
    'Objectif #4 : Un objectif très rédigé',
    '',
    longParagraph,
    '',
    unpunctuated,
    '',
    'Objectif #5 : Court',
    '',
    'Une seule phrase.',
    '',
  ];
  const { sections, chunks } = chunk(lines);

  it('never crosses a section and stays under 2,000 characters', () => {
    expect(chunks.length).toBeGreaterThan(8);
    expectWithinSections(sections, chunks);
    for (const piece of chunks) expect(piece.text.length, piece.id).toBeLessThanOrEqual(HARD_MAX);
    // Short sections are not merged with their neighbours.
    const short = chunks.filter((piece) => piece.text.includes('Une seule phrase.'));
    expect(short).toHaveLength(1);
    expect(short[0]!.text).not.toMatch(/mot mot/);
  });

  it('a list split over chunks repeats its heading in every piece, each item exactly once', () => {
    const pieces = chunks.filter((piece) => piece.text.includes('Dispositif numéro'));
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) {
      expect(leadOf(piece.text)).toContain('MOYENS ET DISPOSITIFS MOBILISABLES');
      expect(piece.kind).toBe('list');
      expect(piece.breadcrumb).toEqual(['Objectif #3', 'Moyens et dispositifs mobilisables']);
    }
    const seen = pieces.flatMap((piece) => piece.text.split('\n').filter((line) => line.startsWith('- ')));
    expect(seen).toEqual(items(40, 'Dispositif'));
  });

  it('a list led by « … : » repeats its lead-in in every piece', () => {
    const pieces = chunks.filter((piece) => piece.text.includes('Acteur numéro'));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    for (const piece of pieces) expect(leadOf(piece.text)).toContain('Les partenaires s’engagent à mobiliser les acteurs suivants :');
    const seen = pieces.flatMap((piece) => piece.text.split('\n').filter((line) => line.startsWith('- ')));
    expect(seen).toEqual(items(40, 'Acteur'));
  });

  it('long paragraphs are cut at sentence ends when they have some', () => {
    const pieces = chunks.filter((piece) => piece.text.includes('La phrase'));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    for (const piece of pieces) expect(piece.text.trimEnd()).toMatch(/\.$/);
    const sentences = pieces.flatMap((piece) => piece.text.match(/La phrase \d+ /g) ?? []);
    expect(sentences).toHaveLength(40);
  });

  // BUG (chunker, not fixed here: the lead is changing it). When the lead-in sits on the line right
  // above the first item (no blank line, the usual PDF layout), it is taken as the list's first
  // item: the continuation pieces repeat the section heading but lose « … suivants : ».
  it('a lead-in written without a blank line before its list is repeated too', () => {
    const { chunks: glued } = chunk(['ACTEURS À MOBILISER', '', 'Les partenaires s’engagent à mobiliser les acteurs suivants :', ...items(40, 'Acteur'), '']);
    const pieces = glued.filter((piece) => piece.text.includes('Acteur numéro'));
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    for (const piece of pieces) expect(leadOf(piece.text)).toContain('Les partenaires s’engagent à mobiliser les acteurs suivants :');
  });

  // BUG (chunker): when the heading plus the first list piece exceed the 1,200 target, the heading
  // is emitted alone as a chunk (« ACTEURS À MOBILISER », 19 characters); the real corpus has a
  // few (« PISTES D' ACTIONS », « ETAIENT PRESENTS : »). Such chunks carry nothing to retrieve.
  it('no chunk is only its section heading', () => {
    const { chunks: led } = chunk(['ACTEURS À MOBILISER', '', 'Les partenaires s’engagent à mobiliser les acteurs suivants :', '', ...items(40, 'Acteur'), '']);
    for (const piece of led) expect(piece.text.trim(), piece.id).not.toBe('ACTEURS À MOBILISER');
  });

  // BUG (chunker): `narrowSource` returns the whole block's lines, so every piece of a split list
  // or paragraph claims the block's full line span and citations show « l. 5-44 » for 15 items.
  it('a piece of a split list spans only the lines it holds', () => {
    const pieces = chunks.filter((piece) => piece.text.includes('Dispositif numéro'));
    for (let index = 1; index < pieces.length; index += 1) expect(pieces[index]!.lineStart).toBeGreaterThan(pieces[index - 1]!.lineEnd);
  });
});

describe('lead-ins and items cut by the page', () => {
  const context = Array.from({ length: 9 }, (_, index) => `Le contexte ${index + 1} rappelle les engagements pris les années précédentes par les signataires.`).join(' ');
  it('a « … : » line never closes a chunk: it opens the one holding what it announces', () => {
    const { chunks } = chunk([
      'ARTICLE 2 – ENGAGEMENTS',
      '',
      context,
      '',
      'Les actions menées par le Département pour 2023 :',
      '',
      'Concernant le périmètre du bassin, les financements ont été mobilisés sur l’accompagnement des bénéficiaires du RSA, du logement et de la prévention des sorties sèches des jeunes. '
        .repeat(3)
        .trim(),
      '',
      '- Action 1 : Développer des actions d’insertion ;',
      '- Action 2 : Mobiliser la clause d’insertion ;',
      '',
    ]);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    for (const piece of chunks) expect(piece.text.trimEnd(), piece.id).not.toMatch(/:$/);
    const holder = chunks.find((piece) => piece.text.includes('Les actions menées par le Département pour 2023 :'))!;
    expect(holder.text).toContain('- Action 1');
    expect(holder.lineStart).toBe(5);
  });

  it('the tail of an item pushed past a page break (« ASE ; ») stays with its item, in one list', () => {
    const { chunks } = chunk([
      'ARTICLE 3 – PLAN D’ACTIONS',
      '',
      'Pour 2023, le plan d’actions se matérialise comme suit :',
      '',
      '- Action 5 : Solution logement pour les jeunes majeurs ayant eu un parcours institutionnel',
      '',
      'ASE ;',
      '',
      '- Action 6 : Prévenir les sorties sèches ;',
      '',
    ]);
    const list = chunks.find((piece) => piece.text.includes('Action 6'))!;
    expect(list.text).toContain('parcours institutionnel ASE ;');
    expect(list.text.split('\n').filter((line) => line === 'ARTICLE 3 – PLAN D’ACTIONS')).toHaveLength(1);
  });
});

describe('items bulleted with dashes, as legal texts write them', () => {
  it('« – la sous-préfète… ; » lines stay one item per line, led by their « … : » line', () => {
    const { chunks } = chunk([
      'Article 2 – Comité départemental de programmation',
      '',
      'Il est composé comme suit :',
      '– la sous-préfète chargée de mission pour la politique de la ville ;',
      '– les trois délégués du préfet dans les quartiers prioritaires ;',
      '— le directeur départemental des territoires ou son représentant.',
      '',
    ]);
    const lines = chunks.flatMap((piece) => piece.text.split('\n'));
    expect(lines).toContain('– la sous-préfète chargée de mission pour la politique de la ville ;');
    expect(lines).toContain('— le directeur départemental des territoires ou son représentant.');
    expect(lines.some((line) => line.includes('ville ; – les trois'))).toBe(false);
  });

  // Every clause marker a French code uses (« 1° » to « 12° », « I. – » to « XII. – »), each
  // written without a blank line after its lead-in, the way Légifrance's text copies.
  // « º » (U+00BA) typed for « ° », and « IV.-Le … » without a space, as copies write them too.
  const CLAUSES = [
    ...Array.from({ length: 12 }, (_, at) => `${at + 1}°`),
    '3º',
    ...['I', 'II', 'III', 'IV', 'V', 'IX', 'XII'].flatMap((roman) => [`${roman}. –`, `${roman}. -`, `${roman}.-`, `${roman}.-|`]),
  ];
  it('clauses « 1° … ; », « II. – … » stay one per line, never joined to the paragraph before them', () => {
    for (const marker of CLAUSES) {
      // « | » marks a clause number written without a space before its text.
      const clause = (n: number) => `${marker.endsWith('|') ? marker.slice(0, -1) : `${marker} `}La commune transmet le bilan de l'action numéro ${n} au comité de pilotage ;`;
      const { chunks } = chunk(['Article 4 – Bilans', '', 'Le bilan comprend :', clause(1), clause(2), clause(3), '']);
      const lines = chunks.flatMap((piece) => piece.text.split('\n'));
      for (const n of [1, 2, 3]) expect(lines, marker).toContain(clause(n));
    }
  });
});

describe('items without bullets', () => {
  it('short lines, one per paragraph, after a « … sont : » line are the items of its list', () => {
    const { chunks } = chunk([
      'CONTRIBUTION DE L’ÉDUCATION NATIONALE',
      '',
      'Les établissements inscrits dans l’éducation prioritaire depuis 2015 sont :',
      '',
      'le collège Delegorgue de Courcelles-les-Lens (REP)',
      '',
      'le collège Macé d’Hénin-Beaumont (REP)',
      '',
      'le collège Pasteur de Oignies (REP)',
      '',
      'Ces établissements bénéficient des dispositifs du ministère au titre de l’éducation prioritaire.',
      '',
    ]);
    const list = chunks.find((piece) => piece.text.includes('Delegorgue'))!;
    expect(list.kind).toBe('list');
    const lines = list.text.split('\n');
    const lead = lines.indexOf('Les établissements inscrits dans l’éducation prioritaire depuis 2015 sont :');
    expect(lead).toBeGreaterThanOrEqual(0);
    expect(lines.slice(lead + 1, lead + 4)).toEqual(['le collège Delegorgue de Courcelles-les-Lens (REP)', 'le collège Macé d’Hénin-Beaumont (REP)', 'le collège Pasteur de Oignies (REP)']);
  });

  it('arrow and check-mark bullets (➤ ► ✓) are bullets too', () => {
    const { chunks } = chunk(['LES APPELS À PROJETS', '', 'La DRAC propose les appels à projets suivants :', '', '➤ C’est mon patrimoine', '➤ L’été culturel', '✓ Micro-folies', '']);
    const list = chunks.find((piece) => piece.text.includes('L’été culturel'))!;
    expect(list.kind).toBe('list');
  });

  it('a sentence after a « … : » line stays a paragraph', () => {
    const { chunks } = chunk(['ARTICLE 1 – OBJET', '', 'Il est convenu ce qui suit :', '', 'La présente convention fixe les engagements des parties.', '']);
    expect(chunks.every((piece) => piece.kind !== 'list')).toBe(true);
  });
});

describe('nothing the document says is left out', () => {
  it('an item set as a numbered heading with no body of its own, between two that have one, is kept', () => {
    const { sections, chunks } = chunk([
      'Fiche thématique n° 2 – Jeunesse',
      '',
      'Action 2.1 – Ouverture d’un accueil jeunes à la Garenne en 2026, avec un animateur à',
      'temps plein.',
      '',
      'Action 2.2 – Déploiement de deux promeneurs du net, financés par la Caf.',
      '',
      'Action 2.3 – Aide au BAFA de 200 € pour les jeunes de 17 à 25 ans.',
      'Pilote : mission jeunesse.',
      '',
    ]);
    expect(chunks.some((piece) => piece.text.includes('promeneurs du net'))).toBe(true);
    expect(lostLines(sections, chunks)).toEqual([]);
  });

  it('a list led by its own « … : » line after another list keeps its lead-in, items apart', () => {
    const { sections, chunks } = chunk([
      'Article 5 – Critères',
      '',
      'Ne sont pas éligibles :',
      'a) les projets à caractère politique ou commercial ;',
      'b) les voyages comportant une nuitée.',
      '',
      'Le comité apprécie les projets éligibles au regard des critères suivants :',
      'a) le nombre d’habitants mobilisés ;',
      'b) l’intérêt du projet pour le quartier.',
      '',
    ]);
    const text = chunks.map((piece) => piece.text).join('\n');
    expect(text).toContain('Le comité apprécie les projets éligibles au regard des critères suivants :');
    expect(text.indexOf('b) les voyages')).toBeLessThan(text.indexOf('Le comité apprécie'));
    expect(text.indexOf('Le comité apprécie')).toBeLessThan(text.indexOf('a) le nombre'));
    expect(lostLines(sections, chunks)).toEqual([]);
  });

  it('a short title above a list led by its own « … : » line stays a title, and the lead-in stays', () => {
    const { chunks } = chunk([
      'Appel à projets 2027',
      '',
      'Le dossier comprend les pièces suivantes à joindre :',
      '- les statuts ;',
      '- le dernier rapport d’activité.',
      '',
      'Critères de sélection',
      '',
      'Les projets sont examinés par un comité de sélection. Il tient compte :',
      '- de la part du public issu des quartiers prioritaires ;',
      '- du réalisme du budget.',
      '',
    ]);
    const text = chunks.map((piece) => piece.text).join('\n');
    expect(text).toContain('Les projets sont examinés par un comité de sélection. Il tient compte :');
    expect(text.indexOf('Critères de sélection')).toBeLessThan(text.indexOf('Il tient compte :'));
  });
});

describe('rules drawn with one repeated character', () => {
  it('« ==== » and « ---- » between parts are no content: no chunk shows them', () => {
    const { chunks } = chunk([
      'Article 1 – Objet',
      '',
      'La convention fixe les engagements des parties.',
      '',
      '================================',
      '',
      'Article 2 – Durée',
      '',
      'Elle court jusqu’en 2030.',
      '--------',
      '',
    ]);
    expect(chunks.length).toBeGreaterThan(0);
    for (const piece of chunks) expect(piece.text, piece.id).not.toMatch(/={4,}|-{4,}/);
    expect(chunks.map((piece) => piece.text).join('\n')).toContain('Elle court jusqu’en 2030.');
  });
});

/** Ambitions whose objectives have no body but the last one's: « Ambition 6 » and « Objectif #23 » are closed empty. */
const AMBITIONS_5_TO_7 = [
  'Ambition 5 : Accompagner vers l’emploi',
  '',
  'Objectif #14 : Favoriser la culture',
  '',
  'Objectif #15 : Encourager la participation',
  '',
  'Ambition 6 : Promouvoir l’éducation populaire',
  '',
  'Objectif #23 : Susciter l’initiative',
  '',
  'Ambition 7 : Encourager l’esprit d’initiative',
  '',
  'Objectif #27 : Valoriser les compétences',
  '',
  'Les acteurs mobilisés',
  '',
  'Des associations et des entreprises du territoire.',
  '',
];

describe('restated parent headings', () => {
  // BUG (chunker): see « a chunk only restates headings on its own path » below.
  it('the first chunk of a section restates its empty ancestors, not closed siblings', () => {
    const { sections, chunks } = chunk(['ENJEU #2', '', 'Des quartiers d’émancipation', '', ...AMBITIONS_5_TO_7]);
    expectWithinSections(sections, chunks);
    const body = chunks.find((piece) => piece.text.includes('Des associations'));
    expect(body?.text).not.toMatch(/Ambition [56]/);
  });

  it('empty headings closed before anything came under them are kept, as an outline chunk under their parent', () => {
    // « Ambition 6 » and its « Objectif #23 » have no body, and the next section with one
    // (« Objectif #27 › Les acteurs mobilisés ») is not under them: their words are the document's.
    const { chunks } = chunk(['ENJEU #2', '', ...AMBITIONS_5_TO_7]);
    const holder = chunks.find((piece) => piece.text.includes('Ambition 6 : Promouvoir l’éducation populaire'));
    expect(holder?.kind).toBe('heading');
    expect(holder?.text).toContain('Objectif #23 : Susciter l’initiative');
    // « Ambition 5 » heads the outline chunk of its objectives already: it is not written again.
    expect(holder?.breadcrumb.join(' › ')).not.toContain('Ambition 5');
    expect(holder?.text).not.toContain('Ambition 5');
    // Chunks follow the document's order.
    const starts = chunks.map((piece) => piece.lineStart);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('closed empty headings of different branches are not gathered under one another, and stay chunk-sized', () => {
    const { chunks } = chunk([
      'ENJEU #1',
      '',
      'Ambition 6 : Promouvoir l’éducation populaire',
      '',
      'Objectif #23 : Susciter l’initiative',
      '',
      'Ambition 7 : Encourager l’esprit d’initiative',
      '',
      'Objectif #26 : Soutenir les juniors associations',
      '',
      'Objectif #27 : Valoriser les compétences',
      '',
      'Les acteurs mobilisés',
      '',
      'Des associations et des entreprises du territoire.',
      '',
      'ENJEU #2',
      '',
      ...Array.from({ length: 30 }, (_, index) => [
        `Ambition ${10 + index} : Une ambition dont le titre est assez long pour peser dans la taille du bloc`,
        '',
        `Objectif #${40 + index} : Un objectif dont le titre est lui aussi assez long pour compter`,
        '',
      ]).flat(),
      'Ambition 99 : La dernière',
      '',
      'Les acteurs',
      '',
      'Le texte de la dernière ambition.',
      '',
    ]);
    const sixth = chunks.find((piece) => piece.text.includes('Ambition 6 :'));
    expect(sixth?.text).toContain('Objectif #23');
    expect(sixth?.text).not.toContain('Objectif #26');
    // « Objectif #26 », alone under « Ambition 7 », is a numbered item the document names: kept under its own parent.
    const twentySixth = chunks.find((piece) => piece.text.includes('Objectif #26'));
    expect(twentySixth?.breadcrumb.at(-1)).toBe('Ambition 7');
    for (const index of [10, 25, 39]) expect(chunks.some((piece) => piece.text.includes(`Ambition ${index} :`))).toBe(true);
    for (const piece of chunks) expect(piece.text.length).toBeLessThanOrEqual(2_000);
  });
});

describe('tables', () => {
  const header = "Thème de la contractualisation\tFiche action N°\tIntitulé de l'action\tBudget global de l'action";
  const rows = Array.from({ length: 30 }, (_, index) => {
    const lead = index % 3 === 0 ? 'Bassin Minier' : '';
    const budget = index === 1 ? '285 000 €' : `${(index + 1) * 1000} €`;
    return `${lead}\t${index + 1}\tAction de soutien numéro ${index + 1} pour les jeunes majeurs sortant de l'ASE\t${budget}`;
  });
  const { sections, chunks } = chunk(['TABLEAU FINANCIER RECAPITULATIF', '', header, ...rows, '']);
  const rowLines = chunks.filter((piece) => piece.kind === 'table').flatMap((piece) => piece.text.split('\n').filter((line) => line.includes('Fiche action N°')));

  it('a table is split between rows, never inside one, and stays in its section', () => {
    expect(chunks.filter((piece) => piece.kind === 'table').length).toBeGreaterThanOrEqual(2);
    expectWithinSections(sections, chunks);
    expect(rowLines).toHaveLength(30);
    rowLines.forEach((line, index) => {
      expect(line).toContain(`Fiche action N° : ${index + 1} ;`);
      expect(line).toMatch(/Budget global de l'action : [\d ]+ €$/);
    });
  });

  it('every row keeps its column headers, and continuation rows inherit the leading cells', () => {
    expect(rowLines[1]).toBe(
      "Thème de la contractualisation : Bassin Minier ; Fiche action N° : 2 ; Intitulé de l'action : Action de soutien numéro 2 pour les jeunes majeurs sortant de l'ASE ; Budget global de l'action : 285 000 €",
    );
    for (const line of rowLines) expect(line.startsWith('Thème de la contractualisation : Bassin Minier ; ')).toBe(true);
    expect(chunks.some((piece) => piece.text.includes('Fiche action N° : 2 ; ') && piece.text.includes("Budget global de l'action : 285 000 €"))).toBe(true);
  });
});

describe('chunker on the real corpus', () => {
  let all: Chunk[] = [];
  let outlines: { sections: Section[]; chunks: Chunk[] }[] = [];

  beforeAll(async () => {
    const files = (await readdir(CORPUS)).filter((file) => file.endsWith('.txt')).sort();
    expect(files.length).toBeGreaterThanOrEqual(5);
    outlines = [];
    for (const file of files) {
      const document = await loadSourceDocument(path.join(CORPUS, file), file, { maxBytes: 50 * 1024 * 1024 });
      const sections = buildOutline(document);
      outlines.push({ sections, chunks: chunkSections(file, sections) });
    }
    all = outlines.flatMap((outline) => outline.chunks);
  });

  it('no chunk over 2,000 characters, mean ≤ 1,200, none crossing a section', () => {
    expect(all.length).toBeGreaterThan(300);
    const lengths = all.map((piece) => piece.text.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(HARD_MAX);
    expect(lengths.reduce((sum, length) => sum + length, 0) / lengths.length).toBeLessThanOrEqual(1_200);
    for (const outline of outlines) expectWithinSections(outline.sections, outline.chunks, { quotedHeadings: false });
    expect(new Set(all.map((piece) => piece.id)).size).toBe(all.length);
  });

  // BUG (chunker, commit d286113 « Headings of empty parent sections open their child's first
  // chunk »): `carried` keeps the headings of every empty ancestor met since the last chunk, even
  // once their subtree is closed, so the first chunk under « Ambition 7 › Objectif #27 » restates
  // « Ambition 5 : … » and « Ambition 6 : … » (cabbalr #82, lines 660-713) — see the synthetic
  // case below. Only headings on the chunk's own path should be restated.
  it('a chunk only restates headings on its own path (real corpus)', () => {
    for (const outline of outlines) expectWithinSections(outline.sections, outline.chunks);
  });

  it('every line of every document is in a chunk or on its heading path (tables of contents aside)', () => {
    expect(outlines.length).toBeGreaterThanOrEqual(5);
    for (const outline of outlines) expect(lostLines(outline.sections, outline.chunks)).toEqual([]);
  });

  it('the chunk holding « Plan de déplacements urbains (CABBALR) » sits under Objectif #18 › Moyens et dispositifs mobilisables', () => {
    const holders = all.filter((piece) => piece.text.includes('Plan de déplacements urbains (CABBALR)'));
    expect(holders.length).toBeGreaterThanOrEqual(1);
    for (const holder of holders) {
      expect(holder.breadcrumb.slice(-2)).toEqual(['Objectif #18', 'Moyens et dispositifs mobilisables']);
      expect(holder.headings.join(' | ')).toContain('Objectif #18 : Lever les freins à la mobilité');
    }
  });
});

describe('joinWrappedLines', () => {
  it('joins a compound word cut at its hyphen and keeps a dash between words', () => {
    expect(joinWrappedLines(['l’évaluation à mi-', 'parcours des quartiers Clos-', 'Fontanille'])).toBe('l’évaluation à mi-parcours des quartiers Clos-Fontanille');
    expect(joinWrappedLines(['les bailleurs –', 'et l’État'])).toBe('les bailleurs – et l’État');
    expect(joinWrappedLines(['2024-', '2030'])).toBe('2024- 2030');
  });
});
