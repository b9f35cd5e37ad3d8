import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPORTED_EXTENSIONS, isSupportedFile, loadSourceDocument } from '../../src/ingest/loaders/index.js';
import { htmlToLines } from '../../src/ingest/loaders/html-lines.js';
import { LoadError, type SourceDocument } from '../../src/core/types.js';
import { writeDocx, writeEncryptedPdf, writePdfFromText, writeTypesetPdf } from '../fixtures/build-fixtures.js';
import { breadcrumbOf, buildOutline } from '../../src/ingest/structure.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS_FILE = path.join(REPO, 'corpus/cabbalr-contrat-de-ville-2024-2030.txt');
const MB = 1024 * 1024;
const OPTIONS = { maxBytes: 50 * MB };

let dir: string;
const at = (name: string): string => path.join(dir, name);
const load = (name: string, options = OPTIONS): Promise<SourceDocument> => loadSourceDocument(at(name), name, options);

/** Asserts that loading rejects with a LoadError for `name` carrying exactly `reason`. */
async function expectLoadError(promise: Promise<unknown>, name: string, reason: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected a LoadError « ${reason} »`).toBeInstanceOf(LoadError);
  expect((error as LoadError).file).toBe(name);
  expect((error as LoadError).reason).toBe(reason);
}

/** Corpus lines `from`..`to` (1-based, inclusive), blank lines removed. */
async function corpusLines(from: number, to: number): Promise<string[]> {
  const all = (await readFile(CORPUS_FILE, 'utf8')).split('\n');
  return all.slice(from - 1, to).filter((line) => line.trim() !== '');
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'alinea-loaders-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('supported files', () => {
  it('lists the four formats and recognises them case-insensitively', () => {
    expect([...SUPPORTED_EXTENSIONS]).toEqual(['.txt', '.md', '.pdf', '.docx']);
    expect(isSupportedFile('contrat.PDF')).toBe(true);
    expect(isSupportedFile('sous/dossier/note.md')).toBe(true);
    expect(isSupportedFile('catalog.json')).toBe(false);
    expect(isSupportedFile('ancien.doc')).toBe(false);
    expect(isSupportedFile('.DS_Store')).toBe(false);
    expect(isSupportedFile('~$contrat.docx')).toBe(false);
  });
});

describe('.txt and .md', () => {
  it('numbers lines from 1, strips the BOM, turns CRLF into LF and keeps accents', async () => {
    const text = '\uFEFFACTEURS À MOBILISER\r\n\r\n- Éducateurs, médiateurs et référents jeunesse\r\n- Pass’Mobil’Agglo (CABBALR)\r\n';
    await writeFile(at('extrait.txt'), text, 'utf8');
    const doc = await load('extrait.txt');
    expect(doc.file).toBe('extrait.txt');
    expect(doc.format).toBe('txt');
    expect(doc.pageCount).toBeUndefined();
    expect(doc.lines).toEqual([
      { text: 'ACTEURS À MOBILISER', line: 1 },
      { text: '', line: 2 },
      { text: '- Éducateurs, médiateurs et référents jeunesse', line: 3 },
      { text: '- Pass’Mobil’Agglo (CABBALR)', line: 4 },
    ]);
  });

  it('keeps TAB-separated table rows and reports .md as md', async () => {
    await writeFile(at('notes.md'), 'ADEME :\tAgence\nASE :\tAide Sociale à l’Enfance', 'utf8');
    const doc = await load('notes.md');
    expect(doc.format).toBe('md');
    expect(doc.lines.map((line) => line.text)).toEqual(['ADEME :\tAgence', 'ASE :\tAide Sociale à l’Enfance']);
    expect(doc.lines.map((line) => line.line)).toEqual([1, 2]);
  });

  it('reads a markdown pipe table as TAB-separated rows, without its rule line', async () => {
    await writeFile(at('table.md'), '## Budget\n\n| Financeur | Montant |\n|---|:---:|\n| État | 240 000 € |\n| Ville | 90 000 € |\n', 'utf8');
    const doc = await load('table.md');
    expect(doc.lines.map((line) => line.text)).toEqual(['## Budget', '', 'Financeur\tMontant', 'État\t240 000 €', 'Ville\t90 000 €']);
    // A .txt keeps its pipes: only markdown gives them a meaning.
    await writeFile(at('table.txt'), '| État | 240 000 € |', 'utf8');
    expect((await load('table.txt')).lines.map((line) => line.text)).toEqual(['| État | 240 000 € |']);
  });

  it('reads a Windows-1252 export without losing its accents', async () => {
    await writeFile(at('cp1252.txt'), Buffer.from([0x52, 0xe9, 0x67, 0x69, 0x6f, 0x6e, 0x0a, 0xc0, 0x20, 0x6c, 0x27, 0xe9, 0x63, 0x68, 0x65, 0x6c, 0x6c, 0x65]));
    const doc = await load('cp1252.txt');
    expect(doc.lines.map((line) => line.text)).toEqual(['Région', "À l'échelle"]);
  });

  it('says a Windows-1252 file was read as such', async () => {
    await writeFile(at('cp1252-note.txt'), Buffer.from([0x52, 0xe9, 0x67, 0x69, 0x6f, 0x6e, 0x0a, 0xc0, 0x20, 0x6c, 0x27, 0xe9, 0x63, 0x68, 0x65, 0x6c, 0x6c, 0x65]));
    const doc = await load('cp1252-note.txt');
    expect(doc.warnings).toEqual([expect.stringMatching(/Windows-1252/)]);
  });

  it('reads a UTF-8 file with one invalid byte as UTF-8, marks the byte and reports it', async () => {
    const bytes = Buffer.concat([Buffer.from('Éléphant et hérisson\nLigne deux, ', 'utf8'), Buffer.from([0xff]), Buffer.from(' puis « Éléphant » encore\n', 'utf8')]);
    await writeFile(at('presque-utf8.txt'), bytes);
    const doc = await load('presque-utf8.txt');
    expect(doc.lines.map((line) => line.text)).toEqual(['Éléphant et hérisson', 'Ligne deux, \uFFFD puis « Éléphant » encore']);
    expect(doc.warnings).toHaveLength(1);
    expect(doc.warnings![0]).toMatch(/UTF-8/);
    expect(doc.warnings![0]).toMatch(/1 octet invalide/);
    expect(doc.warnings![0]).toMatch(/ligne 2/);
  });

  it('a clean UTF-8 file has no warning, and a literal U+FFFD is not an invalid byte', async () => {
    await writeFile(at('propre.txt'), 'Éléphant � déjà là\n', 'utf8');
    const doc = await load('propre.txt');
    expect(doc.lines[0]!.text).toBe('Éléphant � déjà là');
    expect(doc.warnings ?? []).toEqual([]);
  });

  it('reads a long accented UTF-8 file whose 8 KB sample ends inside a character', async () => {
    const line = 'Égalité réelle à l’échelle des quartiers prioritaires\n';
    const text = 'a'.repeat(8190) + '\n' + line.repeat(400);
    await writeFile(at('long.txt'), text, 'utf8');
    const doc = await load('long.txt');
    expect(doc.lines).toHaveLength(401);
    expect(doc.lines[400]).toEqual({ text: line.trimEnd(), line: 401 });
  });

  it('refuses binary bytes named .txt (NUL bytes)', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    await writeFile(at('image.txt'), bytes);
    await expectLoadError(load('image.txt'), 'image.txt', 'fichier binaire, pas du texte');
  });

  it('refuses binary bytes named .txt (control characters and invalid UTF-8, no NUL)', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 3 === 0 ? 0x01 + (i % 8) : 0x80 + (i % 0x7f);
    await writeFile(at('archive.txt'), bytes);
    await expectLoadError(load('archive.txt'), 'archive.txt', 'fichier binaire, pas du texte');
  });

  it('refuses an empty file and a file of blanks', async () => {
    await writeFile(at('vide.txt'), '');
    await writeFile(at('blancs.md'), '  \n\r\n\t \n');
    await expectLoadError(load('vide.txt'), 'vide.txt', 'fichier vide');
    await expectLoadError(load('blancs.md'), 'blancs.md', 'fichier vide');
  });
});

describe('.pdf', () => {
  // Three pages of real corpus text (CABBALR contract, around « MOYENS ET DISPOSITIFS MOBILISABLES »).
  let pages: string[][];

  beforeAll(async () => {
    pages = [await corpusLines(2787, 2792), await corpusLines(2796, 2818), await corpusLines(2822, 2830)];
    expect(pages[0]![0]).toBe('MOYENS ET DISPOSITIFS MOBILISABLES');
    await writePdfFromText(
      at('contrat.pdf'),
      pages.map((lines) => lines.join('\n')),
      { title: 'Contrat de ville 2024-2030' },
    );
  });

  it('gives every line its page, numbers lines across pages and keeps accents and apostrophes', async () => {
    const doc = await load('contrat.pdf');
    expect(doc.format).toBe('pdf');
    expect(doc.pageCount).toBe(3);
    expect(doc.embeddedTitle).toBe('Contrat de ville 2024-2030');
    expect(doc.lines.map((line) => line.line)).toEqual(doc.lines.map((_, index) => index + 1));

    for (const [index, expected] of pages.entries()) {
      const onPage = doc.lines.filter((line) => line.page === index + 1).map((line) => squash(line.text));
      expect(onPage).toEqual(expected.map(squash));
    }
    const find = (needle: string) => doc.lines.find((line) => line.text.includes(needle));
    expect(find('Pass’Mobil’Agglo')).toMatchObject({ text: '- Pass’Mobil’Agglo (CABBALR)', page: 1 });
    expect(find('Éducateurs')).toMatchObject({ text: '- Éducateurs, médiateurs et référents jeunesse', page: 2 });
    expect(find('stagiaires de 3ème')?.page).toBe(3);
    expect(doc.lines.some((line) => /-- \d+ of \d+ --/.test(line.text))).toBe(false);
  });

  it('reads a typeset PDF’s headings and paragraphs from its layout, so its outline is the document’s', async () => {
    const decision = ['La programmation 2025 est validée : 51 actions pour 431 750 €, dont', '232 000 € de l’État et 128 500 € de la Ville (décision n° 2).'];
    await writeTypesetPdf(at('compte-rendu.pdf'), [
      [
        { kind: 'heading', level: 1, text: 'Compte rendu du comité de pilotage' },
        { kind: 'heading', level: 2, text: '1. Participants' },
        { kind: 'heading', level: 3, text: 'Co-présidence' },
        { kind: 'paragraph', lines: ['– la sous-préfète chargée de la politique de la ville ;', '– le Maire de la commune.'] },
        { kind: 'heading', level: 2, text: '2. Déroulement de la séance' },
        { kind: 'heading', level: 3, text: 'Point 3 – Programmation 2025' },
        { kind: 'paragraph', lines: decision },
        { kind: 'paragraph', lines: ['Le conseil citoyen demande un bilan à mi-parcours.'] },
        { kind: 'row', cells: ['Financeur', 'Montant'] },
        { kind: 'row', cells: ['État', '232 000 €'] },
      ],
    ]);
    const nativePush = Array.prototype.push;
    const doc = await load('compte-rendu.pdf');
    const texts = doc.lines.map((line) => line.text);
    expect(texts.filter((text) => text.startsWith('#'))).toEqual([
      '# Compte rendu du comité de pilotage',
      '## 1. Participants',
      '### Co-présidence',
      '## 2. Déroulement de la séance',
      '### Point 3 – Programmation 2025',
    ]);
    // Two paragraphs, a blank line between them; the table's cells in columns.
    const first = texts.indexOf(decision[0]!);
    expect(texts.slice(first, first + 4)).toEqual([decision[0], decision[1], '', 'Le conseil citoyen demande un bilan à mi-parcours.']);
    expect(texts).toContain('État\t232 000 €');
    const section = buildOutline(doc).find((candidate) => candidate.body.some((line) => line.text === decision[0]));
    expect(breadcrumbOf(section!.path)).toEqual(['Compte rendu du comité de pilotage', '2. Déroulement de la séance', 'Point 3 – Programmation 2025']);
    // pdf.js's polyfills must not slow every array in the process.
    expect(Array.prototype.push).toBe(nativePush);
    expect(Function.prototype.toString.call(Array.prototype.push)).toContain('[native code]');
  });

  it('refuses a truncated PDF as corrupt', async () => {
    const valid = await readFile(at('contrat.pdf'));
    await writeFile(at('tronque.pdf'), valid.subarray(0, Math.floor(valid.length / 2)));
    await expectLoadError(load('tronque.pdf'), 'tronque.pdf', 'PDF illisible ou corrompu');
  });

  it('refuses text that only pretends to be a PDF', async () => {
    await writeFile(at('faux.pdf'), 'Ceci n’est pas un PDF, juste du texte.', 'utf8');
    await expectLoadError(load('faux.pdf'), 'faux.pdf', 'PDF illisible ou corrompu');
  });

  it('refuses a password-protected PDF', async () => {
    await writeEncryptedPdf(at('protege.pdf'));
    await expectLoadError(load('protege.pdf'), 'protege.pdf', 'PDF protégé par un mot de passe');
  });

  it('refuses a 0-byte PDF as empty', async () => {
    await writeFile(at('vide.pdf'), '');
    await expectLoadError(load('vide.pdf'), 'vide.pdf', 'fichier vide');
  });

  it('refuses a PDF whose pages carry no text (scanned document)', async () => {
    await writePdfFromText(at('scan.pdf'), ['', ''], { drawShapes: true });
    await expectLoadError(load('scan.pdf'), 'scan.pdf', 'PDF sans texte extractible (document scanné ?)');
  });
});

describe('.docx', () => {
  it('writes headings, bold paragraphs, list items and table rows the way the .txt corpus does', async () => {
    await writeDocx(
      at('contrat.docx'),
      [
        { kind: 'heading', level: 1, text: 'ENJEU #2' },
        { kind: 'heading', level: 2, text: 'Des quartiers d’émancipation pour tout-e-s' },
        { kind: 'paragraph', text: 'ACTEURS À MOBILISER', bold: true },
        { kind: 'paragraph', text: 'CABBALR et communes' },
        { kind: 'bullets', items: ['Education Nationale / CIO', 'Mission Locale - PLIE', 'Éducateurs, médiateurs'] },
        { kind: 'heading', level: 3, text: 'Glossaire' },
        {
          kind: 'table',
          rows: [
            ['Sigle', 'Signification'],
            ['ASE', 'Aide Sociale à l’Enfance'],
            ['EPCI', 'Établissement Public de Coopération Intercommunale'],
          ],
        },
      ],
      { title: 'Contrat de ville CABBALR' },
    );
    const doc = await load('contrat.docx');
    expect(doc.format).toBe('docx');
    expect(doc.embeddedTitle).toBe('Contrat de ville CABBALR');
    expect(doc.lines.map((line) => line.text)).toEqual([
      '# ENJEU #2',
      '',
      '## Des quartiers d’émancipation pour tout-e-s',
      '',
      '**ACTEURS À MOBILISER**',
      '',
      'CABBALR et communes',
      '',
      '- Education Nationale / CIO',
      '- Mission Locale - PLIE',
      '- Éducateurs, médiateurs',
      '',
      '### Glossaire',
      '',
      'Sigle\tSignification',
      'ASE\tAide Sociale à l’Enfance',
      'EPCI\tÉtablissement Public de Coopération Intercommunale',
    ]);
    expect(doc.lines.map((line) => line.line)).toEqual(doc.lines.map((_, index) => index + 1));
    expect(doc.lines.every((line) => line.page === undefined)).toBe(true);
  });

  it('refuses bytes that are not a zip, and a truncated .docx', async () => {
    await writeFile(at('faux.docx'), 'pas un document Word', 'utf8');
    await expectLoadError(load('faux.docx'), 'faux.docx', 'DOCX illisible ou corrompu');
    const valid = await readFile(at('contrat.docx'));
    await writeFile(at('tronque.docx'), valid.subarray(0, Math.floor(valid.length / 2)));
    await expectLoadError(load('tronque.docx'), 'tronque.docx', 'DOCX illisible ou corrompu');
  });
});

describe('HTML to corpus lines', () => {
  it('handles ordered and nested lists, line breaks, entities and footnote back-links', () => {
    const html =
      '<h4>Titre &amp; sous-titre</h4>' +
      '<ol><li>Protéger<ul><li>Logement</li><li>Santé</li></ul></li><li>Rapprocher</li></ol>' +
      '<p>Première ligne<br />seconde ligne<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p>' +
      '<p><strong>Gras</strong> puis normal</p>' +
      '<ol><li id="footnote-1"><p>Une note. <a href="#footnote-ref-1">↑</a></p></li></ol>';
    expect(htmlToLines(html)).toEqual([
      '#### Titre & sous-titre',
      '',
      '1. Protéger',
      ' - Logement',
      ' - Santé',
      '2. Rapprocher',
      '',
      'Première ligne',
      'seconde ligne[1]',
      '',
      'Gras puis normal',
      '',
      '1. Une note.',
    ]);
  });
});

describe('any format', () => {
  it('refuses an unsupported extension and names the accepted ones', async () => {
    await writeFile(at('compte-rendu.odt'), 'contenu');
    await expectLoadError(load('compte-rendu.odt'), 'compte-rendu.odt', 'format non pris en charge (.odt) : formats acceptés .txt, .md, .pdf, .docx');
  });

  it('refuses a file over the limit from its size alone (sparse 63 Mo file)', async () => {
    const handle = await open(at('enorme.pdf'), 'w');
    await handle.truncate(63 * MB);
    await handle.close();
    const started = Date.now();
    await expectLoadError(load('enorme.pdf'), 'enorme.pdf', 'fichier trop volumineux (63 Mo, maximum 50 Mo)');
    // Reading and parsing 63 Mo would take far longer than a stat.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('shows a decimal when whole megabytes would hide the difference', async () => {
    await writeFile(at('juste.txt'), Buffer.alloc(Math.round(1.2 * MB), 0x61));
    await expectLoadError(load('juste.txt', { maxBytes: MB }), 'juste.txt', 'fichier trop volumineux (1,2 Mo, maximum 1,0 Mo)');
  });

  it('refuses a missing file', async () => {
    await expectLoadError(load('absent.txt'), 'absent.txt', 'fichier introuvable');
  });
});

describe('tables drawn in plain text', () => {
  it('rows around a « ---+--- » rule become cells, a wrapped row continues the one above, the rule goes', async () => {
    const { asciiGridTablesToCells } = await import('../../src/ingest/loaders/text.js');
    const lines = [
      'Sont conventionnés les postes suivants :',
      ' N° convention  | Employeur                 | Quotité',
      ' ---------------+---------------------------+-----------',
      ' HO-AR-25-001   | Association Trait d’Union | temps plein',
      '                | (centre social)           |',
      ' HO-AR-25-002   | Ville de Marnecourt       | 80 %',
      '',
      'Action 1 | Action 2 reste une phrase.',
    ];
    expect(asciiGridTablesToCells(lines)).toEqual([
      'Sont conventionnés les postes suivants :',
      'N° convention\tEmployeur\tQuotité',
      'HO-AR-25-001\tAssociation Trait d’Union (centre social)\ttemps plein',
      'HO-AR-25-002\tVille de Marnecourt\t80 %',
      '',
      'Action 1 | Action 2 reste une phrase.',
    ]);
  });

  it('a row with figures under an empty first cell is a row of its own, and lines keep their numbers in the file', async () => {
    const { asciiGridTablesToCells, gridTableRows } = await import('../../src/ingest/loaders/text.js');
    expect(asciiGridTablesToCells(['Action | Financeur | Montant', '-------+-----------+--------', 'A1     | État      | 10 000 €', '       | Ville     | 5 000 €'])).toEqual([
      'Action\tFinanceur\tMontant',
      'A1\tÉtat\t10 000 €',
      '\tVille\t5 000 €',
    ]);
    const rows = gridTableRows(['Avant.', 'A | B', '---+---', '1 | x', '  | suite', 'Ligne six du fichier.'].map((text, index) => ({ text, line: index + 1 })));
    expect(rows.find((row) => row.text === 'Ligne six du fichier.')?.line).toBe(6);
    expect(rows.find((row) => row.text.startsWith('1'))).toEqual({ text: '1\tx suite', line: 4 });
  });

  it('a framed table (« | a | b | » and « +---+---+ ») keeps its cells, and text without a rule is unchanged', async () => {
    const { asciiGridTablesToCells } = await import('../../src/ingest/loaders/text.js');
    expect(asciiGridTablesToCells(['+------+-------+', '| État | 12 000 € |', '+------+-------+', '| Ville | 3 000 € |'])).toEqual(['État\t12 000 €', 'Ville\t3 000 €']);
    const prose = ['Action 1 | Action 2', '----', 'a | b'];
    expect(asciiGridTablesToCells(prose)).toEqual(prose);
  });
});

describe('markup left in text files', () => {
  it('inline HTML tags and markdown table rules go, the words and cell tabs stay', async () => {
    const { withoutInlineHtml } = await import('../../src/ingest/loaders/text.js');
    expect(withoutInlineHtml(' <p>Ville de Béthune</p> <p>Représentée par Olivier GACQUERRE</p>\t <p>Région <i>Hauts-de-France</i></p>')).toBe(
      'Ville de Béthune Représentée par Olivier GACQUERRE\tRégion Hauts-de-France',
    );
    expect(withoutInlineHtml('| | | |---|--| | <ul style="list-style-type: none"> • ARS • CCAS')).toBe('| | | | • ARS • CCAS');
    // Ordinary lines, comparisons and pipes in prose are left as they are.
    for (const line of ['Le taux est < 10 % dans 3 quartiers', 'Action 1 | Action 2', '  indentation gardée']) expect(withoutInlineHtml(line)).toBe(line);
  });
});
