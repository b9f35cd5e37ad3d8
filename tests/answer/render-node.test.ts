/**
 * A section rendered whole names each sub-section by its label (« Action 3.1 »), unless the
 * heading is a sentence: then the heading as written (joined to the line carrying it on), or the
 * reader loses what it says.
 */
import { describe, expect, it } from 'vitest';
import { DocumentTree } from '../../src/answer/compose/document-tree.js';
import { renderNode } from '../../src/answer/compose/render-node.js';
import type { Chunk } from '../../src/core/types.js';

const FILE = 'ctg.pdf';
const ACTIONS = ['Fiche thématique n° 3 – Parentalité', 'Actions'];

function chunk(ordinal: number, headings: string[], breadcrumb: string[], lines: string[], headingLines: number): Chunk {
  return {
    id: `${FILE}#${ordinal}`,
    file: FILE,
    headings,
    breadcrumb,
    text: lines.join('\n'),
    headingLines,
    lineStart: ordinal,
    lineEnd: ordinal,
    kind: 'text',
    sectionId: String(ordinal),
  } as unknown as Chunk;
}

const sentenceHeading = 'Action 3.1 – Création d’un LAEP itinérant desservant Marlière et Saint-Obrin, deux demi-';
const fullStop = 'Action 3.2 – Mise en place d’un café des parents dans chacun des trois quartiers.';
const title = 'Action 3.3 – Contrats locaux d’accompagnement à la scolarité';
const chunks = [
  chunk(1, ACTIONS, ['Fiche 3', 'Actions'], ['Actions', 'Les actions suivantes sont retenues.'], 1),
  chunk(2, [...ACTIONS, sentenceHeading], ['Fiche 3', 'Actions', 'Action 3.1'], [sentenceHeading, 'journées par semaine.'], 1),
  chunk(3, [...ACTIONS, fullStop], ['Fiche 3', 'Actions', 'Action 3.2'], [fullStop, 'Pilote : la Caf.'], 1),
  chunk(4, [...ACTIONS, title], ['Fiche 3', 'Actions', 'Action 3.3'], [title, 'Quatorze collectifs en 2030 contre huit en 2025.'], 1),
];

describe('renderNode', () => {
  const tree = new DocumentTree(chunks);
  const actions = tree.nodeOf(chunks[0]!)!;
  const text = renderNode(tree, actions, 1_500).lines.join('\n');

  it('shows a heading the body carries on as one sentence with it, and one ending a sentence as written', () => {
    expect(text).toContain(`${sentenceHeading} journées par semaine.`);
    expect(text.match(/journées par semaine/g)).toHaveLength(1);
    expect(text).toContain(`**${fullStop}**`);
  });

  it('names a sub-section whose heading is a title by its label', () => {
    expect(text).toContain('**Action 3.3**\nQuatorze collectifs');
    expect(text).not.toContain(title);
  });
});

describe('renderNode with a list under a sub-section', () => {
  it('an item starting in lower case (« a) les projets… ») is not the heading’s end: the heading stays a label above it', () => {
    const heading = 'Article 5 – Critères d’éligibilité';
    const listed = [
      chunk(10, ['Règlement'], ['Règlement'], ['Règlement', 'Le règlement fixe les critères.'], 1),
      chunk(11, ['Règlement', heading], ['Règlement', 'Article 5'], [heading, 'a) les projets portés par une association ;', 'b) les projets des communes.'], 1),
    ];
    const tree = new DocumentTree(listed);
    const text = renderNode(tree, tree.nodeOf(listed[0]!)!, 1_500).lines.join('\n');
    expect(text).toContain('**Article 5**\na) les projets portés par une association ;');
  });
});
