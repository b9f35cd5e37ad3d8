/**
 * A figure asked per unit (« c'est combien par poste ? ») is a figure the document gives per that
 * unit: a total, or a figure per another unit, does not answer it, and none is a refusal. Hours
 * written the French way (« de 4h à 20h par semaine ») are figures.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';

const FILES = {
  'enquete-sante-exemple.md': [
    '# Enquête santé des quartiers 2026',
    '',
    '## Accès aux soins',
    '',
    'La part des habitants sans médecin traitant reste élevée (22 % des répondants au questionnaire).',
    '',
  ],
  'bilan-ateliers-exemple.md': [
    '# Bilan 2025 des ateliers sociolinguistiques',
    '',
    '## Fréquentation',
    '',
    'Les ateliers sociolinguistiques ont accueilli 74 adultes en 2025, orientés par les centres sociaux du quartier.',
    '',
  ],
  'arrete-scanne-exemple.txt': [
    'ARRETE PREFECTORAL',
    '',
    'Article 2 - Subventions',
    '',
    "Une subvention de l5 OOO € est attribuée à l'association Les Ateliers du Canal pour l'action « Jardins ouverts ».",
    '',
  ],
  'convention-mediation-exemple.md': [
    '# Convention de médiation sociale 2026',
    '',
    '## 1. Financement des postes de médiateurs',
    '',
    'L’État finance quatre postes de médiateurs adultes-relais. L’aide de l’État s’élève à 21 500 € par poste.',
    'Le budget total de la médiation atteint 148 000 € pour l’année 2026.',
    '',
    '## 2. Le fonds de cohésion',
    '',
    'Le fonds de cohésion soutient les projets des associations des quartiers. Il a été doté de 60 000 € pour la période 2026-2028.',
    '',
    '## 3. Chantier « Premiers pas »',
    '',
    'Le chantier accueille des personnes sans domicile, avec une durée de travail progressive de 4h à 20h par semaine.',
    '',
    '## 4. Montants de l’appel à projets',
    '',
    'Type de porteur ; Taux maximum ; Plafond par action',
    'Association de proximité 80 % 25 000 €',
    'Commune 50 % 40 000 €',
    '',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('per-unit', FILES, (opened) => {
  assistant = opened;
});

describe('a figure asked per unit', () => {
  it('is answered with the figure given per that unit, not the total', async () => {
    const answer = await assistant.ask('l’aide de l’état c’est combien par poste de médiateur ?');
    expect(answer.refused).toBe(false);
    expect(answer.text.split('\n')[0]).toContain('21 500 €');
  });

  it('a figure per another period does not answer: « par an » asked of a three-year endowment is refused', async () => {
    const answer = await assistant.ask('le fonds de cohésion c’est quel montant par an ?');
    expect(answer.refused).toBe(true);
    expect(answer.text).toContain('par an');
  });

  it('hours written « 4h à 20h » are figures', async () => {
    const answer = await assistant.ask('le chantier premiers pas c’est combien d’heures de travail par semaine ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('4h à 20h par semaine');
  });

  it('a table header (« Plafond par action ») says the rows under it are per action', async () => {
    const answer = await assistant.ask('pour une association de proximité c’est combien max par action ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('25 000 €');
  });

  it('people counted in everyday words (« combien de gens ») are the people a passage counts (« habitants », « répondants »)', async () => {
    const answer = await assistant.ask('y a combien de gens sans médecin traitant ?');
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('22 %');
  });

  it('« combien de personnes » is answered by the people a passage counts in its own words (« 74 adultes »)', async () => {
    const answer = await assistant.ask('les ateliers sociolinguistiques ont touché combien de personnes en 2025 ?');
    expect(answer.refused).toBe(false);
    expect(answer.text.split('\n')[0]).toContain('74 adultes');
  });

  it('a figure a scan read as letters (« l5 OOO € ») is a figure', async () => {
    const answer = await assistant.ask('les ateliers du canal ont eu combien pour jardins ouverts ?');
    expect(answer.refused).toBe(false);
    expect(answer.text.split('\n')[0]).toContain('l5 OOO €');
  });
});
