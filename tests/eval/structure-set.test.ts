/**
 * The structure eval's questions must have one answer: a numbered section whose number another
 * document uses too (« Article 3 » of a règlement and of an arrêté) is asked with its document's
 * name, as a reader would ask it; a number only one document uses is asked without it.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { generateStructureSet } from '../../src/eval/structure-set.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'reglement-conseil-citoyen.md': [
    '# Règlement intérieur du conseil citoyen',
    '## Article 3 – Composition',
    'Le conseil citoyen comprend :',
    '- un collège des habitants tirés au sort ;',
    '- un collège des associations et acteurs locaux.',
    '## Article 4 – Mandat',
    'Le mandat dure trois ans :',
    '- il est renouvelable une fois ;',
    '- il prend fin au déménagement hors du quartier.',
  ],
  'arrete-adultes-relais.md': [
    '# Arrêté portant conventionnement de postes d’adultes-relais',
    '## Article 3 – Missions',
    'Les adultes-relais assurent :',
    '- la médiation entre les habitants et les services publics ;',
    '- l’accompagnement des familles dans leurs démarches.',
  ],
};

const CATALOG = {
  documents: [
    { file: 'reglement-conseil-citoyen.md', title: 'Règlement intérieur du conseil citoyen des Coudriers', short_title: 'Règlement du conseil citoyen des Coudriers' },
    { file: 'arrete-adultes-relais.md', title: 'Arrêté préfectoral adultes-relais 2026', short_title: 'Arrêté adultes-relais 2026' },
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('structure-set', FILES, (opened) => (assistant = opened), CATALOG);

describe('the generated structure eval', () => {
  it('names the document of a section whose number another document uses', () => {
    const questions = generateStructureSet(assistant.chunks, { documents: assistant.documents });
    const shared = questions.filter((question) => question.notes?.includes('Article 3'));
    expect(shared.length).toBeGreaterThanOrEqual(6);
    for (const question of shared) {
      const document = CATALOG.documents.find((meta) => question.notes!.startsWith(meta.file))!;
      expect(question.question.normalize('NFD').replace(/\p{M}/gu, '')).toContain(document.short_title.normalize('NFD').replace(/\p{M}/gu, ''));
    }
    const own = questions.filter((question) => question.notes?.includes('Article 4'));
    expect(own.length).toBeGreaterThanOrEqual(3);
    const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (const question of own) for (const document of CATALOG.documents) expect(folded(question.question)).not.toContain(folded(document.short_title));
  });

  it('answers each named section from its own document', async () => {
    const questions = generateStructureSet(assistant.chunks, { documents: assistant.documents }).filter((question) => question.notes?.includes('Article 3'));
    for (const question of questions) {
      const answer = await assistant.ask(question.question);
      expect(answer.refused, question.question).toBe(false);
      expect(answer.citations[0]?.file, question.question).toBe(question.notes!.split(' ')[0]);
    }
  });
});
