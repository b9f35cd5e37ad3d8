/**
 * Layout read back from a PDF's text layer: paragraphs from vertical gaps, headings from size and
 * font, wrapped headings joined, table cells from horizontal gaps. Pieces are typeset here by a
 * tiny setter, with the sizes and spacings word processors use.
 */
import { describe, expect, it } from 'vitest';
import { layOutPages, type TextPiece } from '../../src/ingest/loaders/pdf-layout.js';

type Block = { heading?: 1 | 2 | 3; lines: string[]; bold?: boolean } | { cells: string[] };

/** Sets blocks on one page: body 10 pt every 12 pt, 8 pt between paragraphs, headings 16/13 pt or bold. */
function typeset(blocks: Block[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  let y = 800;
  for (const block of blocks) {
    if ('cells' in block) {
      block.cells.forEach((cell, index) => pieces.push({ str: cell, x: 50 + index * 120, y, width: cell.length * 5, size: 10, font: 'regular', eol: index === block.cells.length - 1 }));
      y -= 14;
      continue;
    }
    const size = block.heading === 1 ? 16 : block.heading === 2 ? 13 : 10;
    const font = block.heading || block.bold ? 'bold' : 'regular';
    if (block.heading) y -= 8;
    for (const line of block.lines) {
      // Words as separate pieces, as pdf.js often reports them, with the spaces between.
      const words = line.split(' ');
      let x = 50;
      words.forEach((word, index) => {
        pieces.push({ str: word, x, y, width: word.length * size * 0.5, size, font, eol: false });
        x += word.length * size * 0.5;
        if (index < words.length - 1) {
          pieces.push({ str: ' ', x, y, width: size * 0.28, size, font, eol: false });
          x += size * 0.28;
        }
      });
      pieces.push({ str: '', x, y, width: 0, size: 0, font, eol: true });
      y -= block.heading ? size * 1.3 : 12;
    }
    y -= block.heading ? 6 : 8;
  }
  return pieces;
}

const BODY = ['Le comité se réunit deux fois par an, en amont de l’appel à projets', 'et après le comité des financeurs.'];

describe('layOutPages', () => {
  it('breaks paragraphs where the vertical gap is wider than the line spacing, and only there', () => {
    const lines = layOutPages([typeset([{ lines: BODY }, { lines: ['Il réunit les partenaires du contrat.'] }])]).map((line) => line.text);
    expect(lines).toEqual([BODY[0], BODY[1], '', 'Il réunit les partenaires du contrat.']);
  });

  it('marks larger lines as headings, by size, and a line wholly in another font at body size as the next level', () => {
    const lines = layOutPages([
      typeset([
        { heading: 1, lines: ['Compte rendu du comité de pilotage'] },
        { heading: 2, lines: ['1. Participants'] },
        { heading: 3, lines: ['Co-présidence'] },
        { lines: BODY },
        { heading: 2, lines: ['2. Décisions'] },
        { lines: BODY },
      ]),
    ]).map((line) => line.text);
    expect(lines.filter((line) => line.startsWith('#'))).toEqual(['# Compte rendu du comité de pilotage', '## 1. Participants', '### Co-présidence', '## 2. Décisions']);
    // A heading stands alone between blank lines, as in the .txt corpus.
    const at = lines.indexOf('### Co-présidence');
    expect([lines[at - 1], lines[at + 1]]).toEqual(['', '']);
  });

  it('joins a heading wrapped over two lines, and a word cut at a hyphen', () => {
    const lines = layOutPages([typeset([{ heading: 1, lines: ['Contrat de ville des quartiers Clos-', 'Fontanille et Tréfilerie'] }, { lines: BODY }])]).map((line) => line.text);
    expect(lines[0]).toBe('# Contrat de ville des quartiers Clos-Fontanille et Tréfilerie');
  });

  it('does not take a bold sentence, a bold list item or a body-only document for headings', () => {
    const lines = layOutPages([typeset([{ lines: ['Le plafond est porté à 1 500 €.'], bold: true }, { lines: ['- une aide par an'], bold: true }, { lines: BODY }])]).map((line) => line.text);
    expect(lines.some((line) => line.startsWith('#'))).toBe(false);
    const plain = layOutPages([typeset([{ lines: BODY }, { lines: BODY }])]).map((line) => line.text);
    expect(plain.some((line) => line.startsWith('#'))).toBe(false);
  });

  it('separates table cells set in columns with a TAB', () => {
    const lines = layOutPages([typeset([{ lines: BODY }, { cells: ['Financeur', 'Montant'] }, { cells: ['État', '240 000 €'] }])]).map((line) => line.text);
    expect(lines).toContain('Financeur\tMontant');
    expect(lines).toContain('État\t240 000 €');
  });

  it('keeps each line on its page', () => {
    const laid = layOutPages([typeset([{ lines: BODY }]), typeset([{ heading: 2, lines: ['Annexe'] }, { lines: BODY }])]);
    // Levels are relative to the document: its only heading size is level 1.
    expect(laid.find((line) => line.text === '# Annexe')?.page).toBe(2);
    expect(laid.filter((line) => line.text === BODY[0]).map((line) => line.page)).toEqual([1, 2]);
  });
  describe('prose set larger than the small-print tables that make up most of a document', () => {
    /** One line of words at a size and font; `cells` set in columns as a table row. */
    const line = (text: string, y: number, size: number, font = 'regular'): TextPiece[] => [{ str: text, x: 50, y, width: text.length * size * 0.5, size, font, eol: true }];
    const row = (cells: string[], y: number): TextPiece[] =>
      cells.map((cell, index) => ({ str: cell, x: 50 + index * 160, y, width: cell.length * 4, size: 8, font: 'regular', eol: index === cells.length - 1 }));
    // A fiche-action table at 8 pt (more characters than the prose), then a part in 11 pt prose
    // every 14 pt: wrapped list items whose second lines start in lower case.
    const prose = [
      '• L’État s’engage à maintenir le niveau des crédits du BOP 147 sur le territoire, à notifier la',
      'première programmation annuelle avant le 31 mars et à réserver les postes d’adultes-relais.',
      '• Les communes s’engagent à mettre gratuitement des locaux à disposition des',
      'associations intervenant dans les QPV et à désigner un élu référent par quartier.',
      'Le protocole est suivi par le comité technique, qui examine chaque trimestre les fiches.',
    ];
    const page = (): TextPiece[] => {
      const pieces: TextPiece[] = [];
      let y = 800;
      for (let count = 0; count < 12; count += 1) {
        pieces.push(...row([`Rubrique ${count + 1} de la fiche action`, 'Contenu détaillé de la rubrique, pilote, partenaires et calendrier de mise en œuvre'], y));
        y -= 11;
      }
      y -= 20;
      pieces.push(...line('Partie 3 – Les engagements réciproques', y, 14, 'bold'));
      y -= 24;
      for (const text of prose) {
        pieces.push(...line(text, y, 11));
        y -= 14;
      }
      return pieces;
    };

    it('keeps the prose as running text under its one heading, each wrapped item whole', () => {
      const lines = layOutPages([page()]).map((laid) => laid.text);
      expect(lines.filter((text) => text.startsWith('#'))).toEqual(['# Partie 3 – Les engagements réciproques']);
      const at = lines.indexOf(prose[0]!);
      // Lines of the prose follow one another without a paragraph break between them.
      expect(lines.slice(at, at + prose.length)).toEqual(prose);
    });

    it('never takes a line starting in lower case for a heading', () => {
      const body = (y: number) => line('Le texte de la convention suit ici, article par article.', y, 10);
      const lines = layOutPages([[...body(800), ...body(788), ...line('le président', 760, 14, 'bold'), ...body(730), ...line('Article 2', 700, 14, 'bold'), ...body(680)]]).map((laid) => laid.text);
      expect(lines).toContain('# Article 2');
      expect(lines.filter((text) => /^#+ \p{Ll}/u.test(text))).toEqual([]);
    });

    it('never takes a line wholly in brackets, set large under a title, for a heading', () => {
      const lines = layOutPages([
        [
          ...line('CONVENTION TERRITORIALE GLOBALE', 800, 20, 'bold'),
          ...line('la Communauté d’agglomération Aumelle-et-Scarbe', 760, 14),
          ...line('(CAAS)', 740, 14),
          ...line('Le texte de la convention suit ici.', 700, 10),
          ...line('Le texte de la convention suit ici.', 688, 10),
        ],
      ]).map((laid) => laid.text);
      expect(lines).toContain('# CONVENTION TERRITORIALE GLOBALE');
      expect(lines).toContain('(CAAS)');
    });
  });
});
