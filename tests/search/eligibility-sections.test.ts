/**
 * A question asking whether something is allowed (« on a le droit de… ? ») is answered first from
 * the section of the rules that says who or what may be funded (« Bénéficiaires », « Critères
 * d'éligibilité », « Ce qui n'est pas financé »), even when another section repeats its words.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { isEligibilityHeading } from '../../src/lang/fr/eligibility.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'reglement-fonds-initiatives.txt': [
    'RÈGLEMENT DU FONDS DES INITIATIVES HABITANTES',
    '',
    'Article 1 – Objet du fonds',
    '',
    'Le fonds des initiatives habitantes soutient les projets de voisins qui animent le quartier : fête des voisins, repas de voisins, jardin partagé entre voisins. Le fonds aide les voisins à se rencontrer et à demander un petit soutien pour leurs projets de voisinage.',
    '',
    'Article 2 – Gestion du fonds',
    '',
    'Le fonds est géré par le centre social, qui reçoit les demandes, accompagne les porteurs et verse les aides après décision du comité.',
    '',
    'Article 3 – Bénéficiaires',
    '',
    'Peuvent solliciter une aide les associations de proximité et les groupes d’au moins trois habitants non constitués en association, dont deux au moins résident dans le quartier.',
    '',
    'Article 4 – Montant de l’aide',
    '',
    'L’aide est plafonnée à 1 000 € par projet et à deux aides par an pour un même porteur.',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('eligibility', FILES, (opened) => {
  assistant = opened;
});

describe('eligibility sections', () => {
  it('are told by their headings, as data', () => {
    for (const heading of ['article 3 – beneficiaires', "criteres d'eligibilite des projets", 'structures non eligibles', "ce qui n'est pas finance", "conditions d'attribution"])
      expect(isEligibilityHeading(heading)).toBe(true);
    for (const heading of ['article 1 – objet du fonds', 'gestion du fonds', "montant de l'aide"]) expect(isEligibilityHeading(heading)).toBe(false);
  });

  it('answer a casual « on a le droit ? » before a section repeating the question’s words', async () => {
    const hits = await assistant.search('on est 3 voisins, pas en asso, on a le droit de demander le fonds ?', { k: 3 });
    expect(hits[0]?.chunk.headings.at(-1)).toContain('Bénéficiaires');
  });

  it('leave other questions to the words they share', async () => {
    const hits = await assistant.search('quel est l’objet du fonds des initiatives habitantes ?', { k: 3 });
    expect(hits[0]?.chunk.headings.at(-1)).toContain('Objet du fonds');
  });
});
