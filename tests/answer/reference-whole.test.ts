/**
 * « c'est quoi l'objectif 19 ? » asks for the numbered section itself: too long to show whole, it
 * is shown from its heading with its whole title, not from one of its blocks
 * (node.reference-whole). A question asking something in the section is not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { DEFAULT_TUNING } from '../../src/answer/compose/tuning.js';
import { DocumentTree } from '../../src/answer/compose/document-tree.js';
import { referenceKeyOfLabel } from '../../src/query/query-understanding.js';
import { titleOf } from '../../src/eval/structure-set.js';
import { sectionArticle } from '../../src/lang/fr/section-questions.js';
import { getTestAssistant } from '../helpers/test-assistant.js';
import { expectWellFormed } from './answer-invariants.js';

let assistant: LoadedAssistant;
/** Numbered sections of the bundled corpus too long to show whole, with a title and sections under them. */
let large: { label: string; title: string }[];

beforeAll(async () => {
  assistant = await getTestAssistant();
  const tree = new DocumentTree(assistant.chunks);
  const counts = new Map<string, number>();
  for (const node of tree.allNodes()) {
    const key = referenceKeyOfLabel(DocumentTree.label(node));
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  large = tree
    .allNodes()
    .filter((node) => {
      const key = referenceKeyOfLabel(DocumentTree.label(node));
      return key && counts.get(key) === 1 && node.children.length > 0 && tree.size(node) > DEFAULT_TUNING.parentMaxChars;
    })
    .flatMap((node) => {
      const title = titleOf(node);
      return title ? [{ label: DocumentTree.label(node), title }] : [];
    });
});

describe('a question asking what a numbered section is', () => {
  it('gets every large titled section from its heading, its title whole', async () => {
    expect(large.length).toBeGreaterThanOrEqual(3);
    for (const { label, title } of large) {
      const answer = await assistant.ask(`c'est quoi ${sectionArticle(label).article}${label} ?`);
      expectWellFormed(answer, assistant);
      expect(answer.trace?.rules).toContain('node.reference-whole');
      expect(answer.text).toContain(title);
    }
  });

  it('gets one of its blocks when the rule is off', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['node.reference-whole']) } });
    const { label } = large[0]!;
    const answer = await ablated.ask(`c'est quoi ${sectionArticle(label).article}${label} ?`);
    expect(answer.trace?.rules ?? []).not.toContain('node.reference-whole');
  });

  it('is not what a question asking who, how much or for a block gets', async () => {
    const { label } = large[0]!;
    const the = `${sectionArticle(label).article}${label}`;
    for (const question of [`qui porte ${the} ?`, `quel montant pour ${the} ?`, `les acteurs de ${the} ?`, `c'est quoi ${the} en 2026 ?`]) {
      expect((await assistant.ask(question)).trace?.rules ?? [], question).not.toContain('node.reference-whole');
    }
  });
});
