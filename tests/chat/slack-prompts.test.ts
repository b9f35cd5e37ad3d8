/**
 * The suggested prompts of Slack's assistant container come from the loaded corpus: its frequent
 * headings (labelled ones give their title), spread over the documents, and each one is a question
 * the real core answers.
 */
import { describe, expect, it } from 'vitest';
import { corpusTopics, MAX_PROMPTS, suggestPrompts, topicOf } from '../../src/chat/slack/suggested-prompts.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

describe('suggested prompts drawn from the corpus', () => {
  it('reads a topic from a labelled heading and drops page furniture', () => {
    expect(topicOf('Objectif #18 : Lever les freins à la mobilité')).toBe('Lever les freins à la mobilité');
    expect(topicOf('Axe 2 – Emploi et développement économique')).toBe('Emploi et développement économique');
    expect(topicOf('ETAIENT PRESENTS :')).toBeUndefined();
    expect(topicOf('BPI FRANCE..... 171')).toBeUndefined();
    expect(topicOf('Annexe')).toBeUndefined();
  });

  it('takes the headings holding the most passages, in turn from each document', () => {
    const chunks = [
      ...Array.from({ length: 6 }, () => ({ file: 'a.txt', headings: ['Objectif #1 : Favoriser le retour à l’emploi'] })),
      ...Array.from({ length: 3 }, () => ({ file: 'a.txt', headings: ['Objectif #2 : Renforcer la réussite éducative'] })),
      ...Array.from({ length: 10 }, () => ({ file: 'a.txt', headings: ['Autres dispositions générales'] })),
      ...Array.from({ length: 20 }, () => ({ file: 'a.txt', headings: [] })),
      ...Array.from({ length: 2 }, () => ({ file: 'b.txt', headings: ['La santé mentale des jeunes'] })),
      ...Array.from({ length: 3 }, () => ({ file: 'b.txt', headings: ['Une rubrique isolée du document'] })),
      { file: 'b.txt', headings: ['Un titre vu une seule fois'] },
      ...Array.from({ length: 9 }, () => ({ file: 'b.txt', headings: [] })),
    ];
    const topics = corpusTopics(chunks, 3);
    // a.txt's largest heading covers a quarter of its passages: too general to suggest. Labelled
    // blocks come first; one document does not fill every slot.
    expect(topics.map((topic) => topic.title)).toEqual(['Favoriser le retour à l’emploi', 'Une rubrique isolée du document', 'Renforcer la réussite éducative']);
    const prompts = suggestPrompts(
      [
        { file: 'a.txt', title: 'Contrat A', short_title: 'Contrat A' },
        { file: 'b.txt', title: 'Pacte B', short_title: 'Pacte B' },
      ],
      topics,
    );
    expect(prompts[0]).toEqual({ title: 'Favoriser le retour à l’emploi', message: 'Que dit Contrat A à propos de « Favoriser le retour à l’emploi » ?' });
    expect(prompts).toHaveLength(3);
  });

  it('falls back on the document titles when the corpus has no usable heading', () => {
    const prompts = suggestPrompts([{ file: 'a.txt', title: 'Contrat de ville A', short_title: '' }], []);
    expect(prompts).toEqual([{ title: 'Contrat de ville A', message: 'Quels sont les principaux engagements de Contrat de ville A ?' }]);
  });

  it('suggests, for the bundled corpus, questions from several documents that the core answers', async () => {
    const core = await getTestAssistant();
    const topics = corpusTopics(core.chunks);
    const prompts = suggestPrompts(core.documents, topics);
    expect(prompts).toHaveLength(MAX_PROMPTS);
    const named = prompts.map((prompt) => core.documents.find((document) => prompt.message.startsWith(`Que dit ${document.short_title} à propos de « `)));
    expect(named.every(Boolean)).toBe(true);
    expect(new Set(named).size).toBeGreaterThanOrEqual(3);
    for (const [i, prompt] of prompts.entries()) {
      expect(prompt.title.length).toBeLessThanOrEqual(60);
      expect(prompt.title).not.toMatch(/^[\p{Lu}\s]+$/u);
      const answer = await core.ask(prompt.message, { surface: 'slack' });
      // Answered, from the document the prompt names.
      expect(answer.refused, `${prompt.message} → ${answer.text}`).toBe(false);
      expect(answer.citations[0]?.file, prompt.message).toBe(named[i]?.file);
    }
  }, 120_000);
});
