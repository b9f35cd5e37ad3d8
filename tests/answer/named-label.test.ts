/**
 * « l'état des lieux de l'axe 2 »: under the numbered section a question names, the section whose
 * heading it says word for word is the answer (node.named-label), whole or condensed. Generated:
 * every labelled section under every axe of a small pacte, asked in two phrasings.
 */
import { describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const LABELS = ['État des lieux', 'Contexte local', 'Points de vigilance'];
const PROSE = (axe: number, label: string, n: number) =>
  `Paragraphe ${n} sur ce thème pour l'axe ${axe} : le pacte rappelle les constats partagés par les signataires, les difficultés rencontrées dans les quartiers prioritaires et les communes rurales, et les évolutions observées depuis la précédente contractualisation, avant d'en tirer les conséquences pour les années à venir (${label.toLowerCase()}).`;
const AXES = [1, 2, 3];
const line = (axe: number, label: string, n: number) => `- ${label} de l'axe ${axe}, élément ${n} : un constat détaillé que le pacte développe pour ce sujet précis.`;

const FILES = {
  'pacte-solidarites-brisac.md': [
    '# Pacte des solidarités de Brisac',
    ...AXES.flatMap((axe) => [
      `## Axe ${axe} – Thème numéro ${axe} du pacte`,
      `Cet axe regroupe les engagements du Département et de l'État pour le thème numéro ${axe}, dans les quartiers prioritaires comme dans les communes rurales.`,
      '',
      // Each section too long to show whole: its paragraphs, then its items.
      ...LABELS.flatMap((label) => [`### ${label}`, ...[1, 2, 3, 4].flatMap((n) => [PROSE(axe, label, n), '']), `Pour l'axe ${axe}, voici :`, ...[1, 2, 3, 4].map((n) => line(axe, label, n)), '']),
    ]),
  ],
};

let assistant: LoadedAssistant;
useTempCorpus('named-label', FILES, (opened) => (assistant = opened));

const phrasings = (axe: number, label: string) => [`${label.toLowerCase()} de l'axe ${axe} ?`, `c koi les ${label.toLowerCase()} axe ${axe}`];

describe('a section named by its heading under a numbered one', () => {
  it('is the answer, every item of it, from that axe', async () => {
    for (const axe of AXES) {
      for (const label of LABELS) {
        for (const question of phrasings(axe, label)) {
          const answer = await assistant.ask(question);
          expect(answer.refused, question).toBe(false);
          for (const n of [1, 2, 3, 4]) expect(answer.text, question).toContain(line(axe, label, n).slice(2, 60));
        }
      }
    }
  });

  it('is found by the rule: switched off, some answers lose items', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['node.named-label']) } });
    let named = 0;
    let lost = 0;
    for (const axe of AXES) {
      for (const label of LABELS) {
        const question = phrasings(axe, label)[0]!;
        if ((await assistant.ask(question)).trace?.rules.includes('node.named-label')) named += 1;
        const without = await ablated.ask(question);
        if ([1, 2, 3, 4].some((n) => !without.text.includes(line(axe, label, n).slice(2, 60)))) lost += 1;
      }
    }
    expect(named).toBe(AXES.length * LABELS.length);
    expect(lost).toBeGreaterThan(0);
  });

  it('a heading word the question says for another reason does not take the answer', async () => {
    for (const axe of AXES) {
      const answer = await assistant.ask(`dans ce contexte, que prévoit l'axe ${axe} ?`);
      expect(answer.trace?.rules ?? []).not.toContain('node.named-label');
    }
  });
});
