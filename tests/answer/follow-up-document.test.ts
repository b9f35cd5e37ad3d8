/**
 * A follow-up that names no document of its own (« et le bilan il faut le rendre quand ? ») is
 * most often about the document the previous answer cited: its passages get a small bonus. One
 * that names its own document moves to it.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'convention-fph-aubrac.md': [
    '# Convention du fonds de participation des habitants d’Aubrac',
    '## Article 2 – Montant',
    'Le fonds de participation des habitants d’Aubrac est doté de 9 000 € par an, géré par le centre social.',
    '## Article 5 – Bilan',
    'Le bilan est transmis au comité le 30 juin de l’année suivante.',
  ],
  'convention-fph-ceyrac.md': [
    '# Convention du fonds de participation des habitants de Ceyrac',
    '## Article 2 – Montant',
    'Le fonds de Ceyrac est voté chaque année par le conseil municipal.',
    '## Article 5 – Bilan',
    'Le bilan du fonds est rendu au service de la ville au plus tard le 15 septembre.',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('follow-up-document', FILES, (opened) => {
  assistant = opened;
});

describe('a follow-up naming no document', () => {
  it('is answered from the document the previous answer cited', async () => {
    const first = await assistant.ask('le fonds de participation des habitants d’Aubrac est doté de combien ?');
    expect(first.text).toContain('9 000 €');
    expect(first.citations[0]?.file).toBe('convention-fph-aubrac.md');
    const next = await assistant.ask('et le bilan il faut le rendre quand ?', { history: [{ question: 'le fonds de participation des habitants d’Aubrac est doté de combien ?', answer: first }] });
    expect(next.refused).toBe(false);
    expect(next.citations[0]?.file).toBe('convention-fph-aubrac.md');
    expect(next.text).toContain('30 juin');
  });

  it('moves to the document a follow-up names', async () => {
    const first = await assistant.ask('le fonds de participation des habitants d’Aubrac est doté de combien ?');
    const next = await assistant.ask('et dans la convention de Ceyrac, le bilan il faut le rendre quand ?', {
      history: [{ question: 'le fonds de participation des habitants d’Aubrac est doté de combien ?', answer: first }],
    });
    expect(next.text).toContain('15 septembre');
    expect(next.trace?.cues.some((cue) => cue.startsWith('continues:'))).toBe(false);
  });
});
