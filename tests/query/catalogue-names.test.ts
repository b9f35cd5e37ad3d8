/**
 * A document's name in the catalogue (« la loi Lamy », its issuer, its territory) is a name the
 * corpus knows even when the document's text never writes it: a question naming the document by
 * it is answered from it, not refused as naming something absent. Generated from the catalogue:
 * every capitalised word of every document's name that its text never writes.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'loi-2014-173-titre-1.md': [
    '# LOI n° 2014-173 du 21 février 2014',
    '## Article 1',
    'La politique de la ville est une politique de cohésion urbaine et de solidarité envers les quartiers défavorisés.',
    '## Article 7',
    'Un conseil citoyen est mis en place dans chaque quartier prioritaire de la politique de la ville.',
  ],
  'decret-conseils-citoyens.md': [
    '# Décret n° 2024-1187',
    '## Article 1',
    'Le cadre de référence des conseils citoyens est fixé par arrêté du ministre chargé de la ville.',
    '## Article 7',
    'Les membres du conseil citoyen sont désignés pour une durée de trois ans.',
  ],
};

const CATALOG = {
  documents: [
    { file: 'loi-2014-173-titre-1.md', title: 'Loi Lamy de programmation pour la ville et la cohésion urbaine', short_title: 'Loi Lamy (titre Ier)', issuer: 'Parlement', territory: 'France' },
    { file: 'decret-conseils-citoyens.md', title: 'Décret Kervella relatif aux conseils citoyens', short_title: 'Décret Kervella', issuer: 'Premier ministre', territory: 'France' },
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('catalogue-names', FILES, (opened) => (assistant = opened), CATALOG);

const text = (lines: string[]) => lines.join('\n').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

describe('a document named by its catalogue name', () => {
  // Names of several capitalised words (« Loi Lamy ») must occur as such to be known: the
  // catalogue's count, not only the text's.
  const named = CATALOG.documents.flatMap((document) => {
    const written = text(FILES[document.file as keyof typeof FILES]);
    const names = `${document.title} ${document.short_title}`.match(/\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/gu) ?? [];
    return [...new Set(names)].filter((name) => !written.includes(text([name]))).map((name) => ({ file: document.file, name }));
  });

  it('has names its text never writes', () => {
    expect(named.map(({ name }) => name)).toEqual(expect.arrayContaining(['Loi Lamy', 'Décret Kervella']));
  });

  it('is not refused for naming something absent, and is answered from that document', async () => {
    for (const { file, name } of named) {
      for (const question of [`que dit l'article 7 de la ${name} ?`, `article 7 ${name} c koi ?`]) {
        const answer = await assistant.ask(question);
        expect(answer.trace?.cues ?? [], question).not.toContain(`unknown:${name}`);
        expect(answer.refused, question).toBe(false);
        expect(answer.citations[0]?.file, question).toBe(file);
      }
    }
  });

  it('a name neither the text nor the catalogue writes is still absent', async () => {
    const answer = await assistant.ask("que dit l'article 7 de la Loi Borloo ?");
    expect(answer.trace?.cues ?? []).toContain('unknown:Loi Borloo');
    expect(answer.refused).toBe(true);
  });
});
