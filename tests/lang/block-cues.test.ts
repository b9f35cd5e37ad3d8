/** The block a question asks for, read from its folded words (src/lang/fr/block-cues.ts). */
import { describe, expect, it } from 'vitest';
import { BLOCK_CUES } from '../../src/lang/fr/block-cues.js';

const contact = BLOCK_CUES.find((cue) => cue.id === 'block.contact')!;

describe('the contact block', () => {
  it('is asked by reaching someone', () => {
    for (const question of ['comment joindre la ddets ?', 'c’est qui le referent ?', 'on peut les joindre ?']) expect(contact.asks.test(question)).toBe(true);
  });

  it('is not asked by attaching a document (« joindre au dossier »)', () => {
    for (const question of ['quels documents faut joindre au dossier en ligne ?', 'faut joindre quoi a la demande ?']) expect(contact.asks.test(question)).toBe(false);
  });
});
