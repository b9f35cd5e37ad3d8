/**
 * A follow-up takes the previous question's kind when its own words ask none: after « combien … ? »,
 * « et les équipes de rue ? » is still read as a figure question. When no figure answers it but it
 * names a subject of its own, it is answered from that subject's passage, not refused
 * (answer.inherited-figure); one naming nothing but a year (« et en 2031 ? ») still asks the figure.
 * Known limit since the fourteenth session's re-ranking: the first question's passage may rank among
 * those a figure lead reads, and its figure then leads (3 of the 5 follow-ups here).
 */
import { describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const PAD =
  ' Elles travaillent en binôme, tiennent un cahier de liaison partagé avec les partenaires du quartier, signalent les situations préoccupantes au coordinateur et participent chaque mois à la réunion de l’équipe de médiation pour ajuster leurs interventions aux besoins repérés sur le terrain.';

// Sections long enough that the document is not shown whole: the figure is in one of them only.
const FILES = {
  'deliberation-brisac.md': [
    '# Délibération du conseil municipal de Brisac',
    '## Article 1 – Subvention',
    'La Ville de Brisac verse à l’association Trait d’Union une subvention de 42 000 € par an pour la médiation.',
  ],
  'projet-social-trait-d-union.md': [
    '# Projet social de l’association Trait d’Union',
    '## Les équipes de rue',
    `Les équipes de rue de la médiation interviennent le soir dans les quartiers des Tilleuls et du Moulin, en lien avec la ville et les bailleurs.${PAD}`,
    '',
    '## Le travail des équipes de rue avec les écoles',
    `Les équipes de rue de la médiation accompagnent les sorties d’école et rencontrent les familles avec la ville.${PAD}`,
    '',
    '## La formation des équipes de rue',
    `Les équipes de rue de la médiation suivent une formation continue avec le centre social de la ville.${PAD}`,
    '',
    ...['les collèges', 'les bailleurs sociaux', 'les commerçants', 'les clubs de sport'].flatMap((partner) => [
      '',
      `## Les équipes de rue et ${partner}`,
      `Les équipes de rue de la médiation rencontrent ${partner} du quartier chaque semaine, avec la ville.${PAD}`,
    ]),
    '',
    '## Le renouvellement des équipes de rue',
    `Les équipes de rue de la médiation peuvent être renouvelées chaque année après un bilan partagé avec la ville.${PAD}`,
  ],
};

let assistant: LoadedAssistant;
useTempCorpus('follow-up-inherited-figure', FILES, (opened) => (assistant = opened));

const FIRST = 'la ville verse combien pour la mediation ?';
// Each names the document it moves to, which gives no figure.
const followUps = [
  { question: 'et dans le projet social, les equipes de rue ?' },
  { question: 'et dans le projet social les equipes de rue sont formees avec qui ?' },
  { question: 'et le projet social dit que les equipes de rue peuvent etre renouvelees ?' },
  { question: 'et dans le projet social, le suivi des equipes ?' },
  { question: 'et dans le projet social, les moyens des equipes ?' },
];

async function afterFirst(question: string, on: LoadedAssistant = assistant) {
  const first = await on.ask(FIRST);
  expect(first.text).toContain('42 000 €');
  return on.ask(question, { history: [{ question: FIRST, answer: first }] });
}

describe('a follow-up that inherited the figure kind', () => {
  it('naming a subject of its own, is not refused, and is answered from that subject’s passage when no figure leads', async () => {
    let fromSubject = 0;
    for (const { question } of followUps) {
      const answer = await afterFirst(question);
      expect(answer.refused, question).toBe(false);
      expect(answer.trace?.rules ?? [], question).not.toContain('gate.figure');
      // Known limit since the fourteenth session's re-ranking: the first question's passage, with
      // its figure, may rank among the passages a figure lead is read from; it then leads.
      if ((answer.trace?.rules ?? []).includes('lead.figure')) {
        expect(answer.citations[0]?.file, question).toBe('deliberation-brisac.md');
        continue;
      }
      expect(answer.text, question).toContain('équipes de rue');
      expect(answer.citations[0]?.file, question).toBe('projet-social-trait-d-union.md');
      fromSubject += 1;
    }
    expect(fromSubject).toBeGreaterThanOrEqual(2);
  });

  it('is refused by gate.figure when the rule is off', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['answer.inherited-figure']) } });
    const refused = [];
    for (const { question } of followUps) if ((await afterFirst(question, ablated)).refused) refused.push(question);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('naming nothing but a year still asks for the figure', async () => {
    const answer = await afterFirst('et en 2031 ?');
    expect(answer.refused).toBe(true);
  });

  it('only words going on asking for the figure name no subject of its own', async () => {
    for (const question of ['et au total ?', "et l'annee prochaine ?", 'et par mois ?', 'et en euros ?', 'et en juin 2031 ?', 'et le montant max ?']) {
      expect((await afterFirst(question)).trace?.cues ?? [], question).not.toContain('kind.inherited');
    }
    for (const { question } of followUps) expect((await afterFirst(question)).trace?.cues ?? [], question).toContain('kind.inherited');
  });
});
