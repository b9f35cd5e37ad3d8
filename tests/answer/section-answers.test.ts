/**
 * The section is the answer: over a small corpus written here (an annex of objectives with
 * labelled blocks, a long governance section), answers are nodes of the outline rendered with
 * their shape, and extracts open where a reader can follow.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { DocumentTree } from '../../src/answer/compose/document-tree.js';
import { renderPassage } from '../../src/answer/compose/render-node.js';
import type { Chunk } from '../../src/core/types.js';
import { expectWellFormed } from './answer-invariants.js';

const filler = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `Le comité examine en séance ${i + 1} les dossiers relatifs à ${topic}, leur calendrier, leurs budgets et leurs bilans d'étape détaillés.`);

const FILES = {
  'contrat-exemple.txt': [
    'CONTRAT DE VILLE EXEMPLE',
    '',
    'Article 3 : Gouvernance du contrat',
    '',
    ...filler('la gouvernance', 14),
    '',
    '[Annexe 2] Les fiches objectifs',
    '',
    'Objectif #7 : Favoriser la mobilité des habitants',
    '',
    'ACTEURS À MOBILISER',
    '- Communauté urbaine',
    '- Région',
    '- Associations de quartier',
    '',
    "PISTES D'ACTIONS",
    '',
    "A l'échelle intercommunale",
    '- Plateforme de covoiturage solidaire',
    '- Transport à la demande',
    '',
    "A l'échelle communale",
    '- Garage solidaire',
    '- Prêt de vélos',
    '',
    'MOYENS ET DISPOSITIFS MOBILISABLES',
    '- Fonds mobilité inclusive',
    '- Pass jeunes',
    '',
    'Objectif #8 : Soutenir la lecture publique',
    '',
    'ACTEURS À MOBILISER',
    '- Médiathèques',
    '- Écoles',
    '',
  ],
  'convention-exemple.md': [
    '# Convention d’utilisation de l’abattement',
    '',
    '## Article 4 : Programme d’actions',
    '',
    'Le bailleur s’engage à mettre en œuvre chaque année un programme d’actions selon les axes du cadre national. La répartition prévisionnelle annuelle est la suivante :',
    '',
    '### Tableau 2 – Actions et montants par axe',
    '',
    'Axe\tPrincipales actions\tMontant',
    'Axe 1 – Présence du personnel de proximité\tSix agents supplémentaires\t198 000 €',
    'Axe 2 – Sur-entretien\tNettoyage renforcé des halls\t176 500 €',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `Axe ${i + 3} – Axe du cadre national n° ${i + 3}\tActions de proximité renforcées dans les halls, les cages d’escalier et les espaces extérieurs des résidences, avec un bilan annuel détaillé\t${(i + 2) * 10} 000 €`,
    ),
    '',
    '## Article 5 : Durée',
    '',
    'La convention court jusqu’au 31 décembre 2030.',
    '',
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('sections', FILES, (opened) => {
  assistant = opened;
});

describe('the section is the answer', () => {
  it('a block of a numbered section, asked casually, comes whole with its items', async () => {
    const answer = await assistant.ask("c'est qui les acteurs pour l'obj 7");
    expectWellFormed(answer, assistant);
    expect(answer.trace?.rules).toContain('node.asked-block');
    for (const item of ['Communauté urbaine', 'Région', 'Associations de quartier']) expect(answer.text).toContain(item);
    expect(answer.text).not.toContain('Médiathèques');
    expect(answer.citations[0]?.breadcrumb.join(' › ')).toMatch(/Objectif #7 › Acteurs à mobiliser/);
  });

  it('a block with sub-lists gives them together, each under its sub-heading', async () => {
    const answer = await assistant.ask("Quelles pistes d'actions pour l'objectif 7 ?");
    expectWellFormed(answer, assistant);
    const text = answer.text;
    for (const item of ['Plateforme de covoiturage solidaire', 'Transport à la demande', 'Garage solidaire', 'Prêt de vélos']) expect(text).toContain(item);
    expect(text.indexOf("**A l'échelle intercommunale**")).toBeGreaterThanOrEqual(0);
    expect(text.indexOf("**A l'échelle communale**")).toBeGreaterThan(text.indexOf("**A l'échelle intercommunale**"));
    // The lead says where the answer comes from and how many items it holds.
    expect(text.split('\n')[0]).toMatch(/^D'après .*Objectif #7.*, 4 éléments \[1\] :$/);
  });

  it('another block of the same objective is not mixed in', async () => {
    const answer = await assistant.ask('quels moyens et dispositifs mobilisables pour objectif #7 ?');
    expectWellFormed(answer, assistant);
    expect(answer.text).toContain('Fonds mobilité inclusive');
    expect(answer.text).not.toContain('Garage solidaire');
  });

  it('a question on an objective the corpus lacks is refused, naming it', async () => {
    const answer = await assistant.ask('Quels acteurs pour l’objectif 12 ?');
    expect(answer.refused).toBe(true);
    expect(answer.text).toMatch(/objectif n° 12/);
  });
});

describe('an announcement is followed by what it announces', () => {
  it('an article ending « est la suivante : » goes on with the table the document puts next', async () => {
    const answer = await assistant.ask('quelle répartition prévisionnelle annuelle pour le programme d’actions du bailleur ?');
    expectWellFormed(answer, assistant);
    const text = answer.text;
    const announcement = text.indexOf('est la suivante :');
    expect(announcement).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('198 000 €')).toBeGreaterThan(announcement);
    expect(text).toContain('176 500 €');
    expect(answer.trace?.rules).toContain('answer.announced');
  });
});

describe('extracts open where a reader can follow', () => {
  const chunk = (ordinal: number, text: string): Chunk => ({
    id: `doc.txt#${ordinal}`,
    file: 'doc.txt',
    breadcrumb: ['Gouvernance'],
    headings: ['Gouvernance'],
    sectionId: 'doc.txt::1',
    kind: 'text',
    text,
    lineStart: ordinal * 10,
    lineEnd: ordinal * 10 + 5,
  });
  const first = chunk(1, 'Le comité de pilotage réunit les signataires du contrat.');
  const second = chunk(2, 'Par ailleurs, le comité valide chaque année la programmation.');
  const third = chunk(3, 'Il se réunit deux fois par an, au printemps et à l’automne.');
  const tree = new DocumentTree([first, second, third]);

  it('drops an opening connector and capitalises what follows', () => {
    const rendered = renderPassage(tree, second, 1_000, { dropConnector: true, keepAntecedent: true });
    expect(rendered.lines[0]).toBe('Le comité valide chaque année la programmation.');
    const kept = renderPassage(tree, second, 1_000, { dropConnector: false, keepAntecedent: true });
    expect(kept.lines[0]).toMatch(/^Par ailleurs, /);
  });

  it('keeps the sentence holding a pronoun’s antecedent', () => {
    const rendered = renderPassage(tree, third, 1_000, { dropConnector: true, keepAntecedent: true });
    expect(rendered.lines[0]).toBe('Par ailleurs, le comité valide chaque année la programmation.');
    expect(rendered.lines[1]).toMatch(/^Il se réunit/);
    expect(rendered.chunks.map((shown) => shown.id)).toEqual([second.id, third.id]);
  });

  it('fills the room a section’s last passage leaves with the lines before it, nearest first', () => {
    const lead = chunk(1, 'La caisse propose de poursuivre :\n- une mission d’accompagnement en santé ;\n- la sensibilisation des acteurs relais.');
    const last = chunk(2, 'Enfin, la caisse participe au contrat local de santé.');
    const letter = new DocumentTree([lead, last]);
    const alone = renderPassage(letter, last, 1_000, { dropConnector: true, keepAntecedent: true });
    expect(alone.lines).toEqual(['La caisse participe au contrat local de santé.']);
    const filled = renderPassage(letter, last, 1_000, { dropConnector: true, keepAntecedent: true, fillBefore: true });
    expect(filled.lines).toEqual([
      'La caisse propose de poursuivre :',
      '- une mission d’accompagnement en santé ;',
      '- la sensibilisation des acteurs relais.',
      'La caisse participe au contrat local de santé.',
    ]);
    expect(filled.chunks.map((shown) => shown.id)).toEqual([lead.id, last.id]);
    expect(filled.lineChunks).toEqual([lead, lead, lead, last]);
    // Within a smaller budget, the lines nearest the passage come first.
    const room = filled.lines.slice(2).reduce((sum, line) => sum + line.length + 1, 0);
    expect(renderPassage(letter, last, room, { dropConnector: true, keepAntecedent: true, fillBefore: true }).lines).toEqual(filled.lines.slice(2));
  });

  it('says what was cut', () => {
    const rendered = renderPassage(tree, first, 70, { dropConnector: true, keepAntecedent: true });
    expect(rendered.lines).toHaveLength(1);
    expect(rendered.cutItems).toBe(2);
  });
});
