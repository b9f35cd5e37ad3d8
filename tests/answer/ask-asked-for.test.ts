/**
 * « Sur quel territoire… » is answered from the block labelled « TERRITOIRE CONCERNÉ », not from
 * a financial table that shares more of the question's other words (« fiche action », the year).
 * Built on a temporary corpus shaped like the fiches of a convention.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { chunkById, expectWellFormed } from './answer-invariants.js';

const fiche = (number: number, title: string) => [
  `Action ${number} : ${title}`,
  '',
  'FINALITE',
  '',
  `Cette action vise à ${title.toLowerCase()} au bénéfice des habitants.`,
  '',
  'PUBLICS VISES',
  '',
  'Les bénéficiaires du RSA et les jeunes de moins de 26 ans.',
  '',
  'TERRITOIRE CONCERNE',
  '',
  'Territoire du programme : Val de Sambre et Haut-Pays',
  '',
  'CALENDRIER',
  '',
  '2022 à 2024',
  '',
];

const FILES = {
  'convention-fiches.txt': [
    'FICHES ACTION DU PROGRAMME 2024',
    '',
    ...fiche(1, 'Développer des chantiers d’insertion'),
    ...fiche(2, 'Mobiliser la clause d’insertion'),
    ...fiche(3, 'Soutenir la mobilité inclusive'),
    'TABLEAU FINANCIER RECAPITULATIF',
    '',
    'Fiche action N°\tIntitulé de l’action\tBudget global 2024\tParticipation du Département 2024',
    '1\tDévelopper des chantiers d’insertion\t84 000 €\t42 000 €',
    '2\tMobiliser la clause d’insertion\t120 000 €\t60 000 €',
    '3\tSoutenir la mobilité inclusive\t50 000 €\t25 000 €',
    '',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('asked-for', FILES, (opened) => {
  assistant = opened;
});

describe('the block labelled with what is asked', () => {
  it('« Sur quel territoire s’appliquent les fiches action 2024 du Département ? » → the territory, cited from its block', async () => {
    const answer = await assistant.ask('Sur quel territoire s’appliquent les fiches action 2024 du Département ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('Val de Sambre et Haut-Pays');
    const first = chunkById(assistant, answer.citations[0]!.chunkId);
    expect(first.breadcrumb.at(-1)).toMatch(/territoire/i);
  });
});
