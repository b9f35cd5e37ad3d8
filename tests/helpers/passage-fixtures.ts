/**
 * Indexed chunks for the citation drawer's tests: a text document whose cited section holds
 * several chunks (the cited one's conditions are not in its first sentence), and a PDF with pages.
 */
import type { Chunk, DocumentMeta } from '../../src/core/types.js';

export const PASSAGE_DOCUMENTS: DocumentMeta[] = [
  { file: 'doc-1.txt', title: 'Document 1 : contrat de ville', short_title: 'Document 1', issuer: null, territory: null, kind: null, date: null },
  { file: 'doc-2.pdf', title: 'Document 2 : convention (PDF)', short_title: 'Document 2', issuer: null, territory: null, kind: null, date: null },
];

const chunk = (fields: Omit<Chunk, 'headings' | 'kind'> & Partial<Pick<Chunk, 'kind'>>): Chunk => ({ kind: 'text', headings: fields.breadcrumb, ...fields });

export const PASSAGE_CHUNKS: Chunk[] = [
  chunk({ id: 'doc-1.txt#0', file: 'doc-1.txt', breadcrumb: ['Annexe 2'], sectionId: 'doc-1.txt::0', text: 'Annexe 2\nIntroduction de l’annexe.', headingLines: 1, lineStart: 1, lineEnd: 3 }),
  chunk({
    id: 'doc-1.txt#1',
    file: 'doc-1.txt',
    breadcrumb: ['Annexe 2', 'Objectif #1'],
    sectionId: 'doc-1.txt::1',
    text: 'Objectif #1\nPassage cité numéro 1. Le poste d’adulte-relais est ouvert sous trois conditions :\n- avoir au moins 26 ans ;\n- être sans emploi ;\n- résider dans un quartier prioritaire.',
    headingLines: 1,
    kind: 'list',
    lineStart: 10,
    lineEnd: 14,
  }),
  chunk({ id: 'doc-1.txt#2', file: 'doc-1.txt', breadcrumb: ['Annexe 2', 'Objectif #1'], sectionId: 'doc-1.txt::1', text: 'La convention est signée pour trois ans.', lineStart: 15, lineEnd: 15 }),
  chunk({
    id: 'doc-1.txt#3',
    file: 'doc-1.txt',
    breadcrumb: ['Annexe 2', 'Objectif #2'],
    sectionId: 'doc-1.txt::2',
    text: 'Objectif #2\nUn autre objectif.',
    headingLines: 1,
    lineStart: 16,
    lineEnd: 18,
  }),
  chunk({
    id: 'doc-2.pdf#2',
    file: 'doc-2.pdf',
    breadcrumb: ['Titre II', 'Article 4'],
    sectionId: 'doc-2.pdf::4',
    text: 'Article 4\nPassage cité numéro 2. Les financements sont versés en deux fois, à la signature puis au bilan.',
    headingLines: 1,
    lineStart: 20,
    lineEnd: 24,
    pageStart: 3,
    pageEnd: 4,
  }),
];
