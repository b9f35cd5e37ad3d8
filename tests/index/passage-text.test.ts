/** What a chunk is indexed under: its place in the document, and the lines announcing its lists. */
import { describe, expect, it } from 'vitest';
import { headingTextOf } from '../../src/index/passage-text.js';
import type { Chunk } from '../../src/core/types.js';

const chunk = (text: string): Chunk => ({ id: 'c#0', file: 'c.txt', breadcrumb: ['Article 2'], headings: ['Article 2 : Engagements'], sectionId: 's', kind: 'list', text, lineStart: 1, lineEnd: 3 });

describe('headingTextOf', () => {
  it('a « … : » line announcing a list is indexed with the headings', () => {
    const text = headingTextOf(chunk('Les actions menées par le Département pour 2023 :\n- Action 1 : Insertion ;\n- Action 2 : Logement.'), undefined);
    expect(text).toContain('Article 2 : Engagements');
    expect(text).toContain('Les actions menées par le Département pour 2023 :');
  });

  it('items, table rows and ordinary sentences are not', () => {
    const text = headingTextOf(chunk('- Action 1 : Insertion :\nBudget :\t42 000 €\nLe comité se réunit une fois par an.'), undefined);
    expect(text).not.toContain('Action 1');
    expect(text).not.toContain('Budget');
    expect(text).not.toContain('comité');
  });
});
