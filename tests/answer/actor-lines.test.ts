/**
 * « qui a signé pour la CPAM ? »: a section too long to show whole (a convention's preamble and
 * its signatories) keeps the lines naming the asked actor with the person's name under each,
 * wherever they sit in the list (answer.actor-lines). Read on a convention written for this test,
 * and on every signature of the bundled corpus.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type LoadedAssistant } from '../../src/app/assistant.js';
import { actorsNamed } from '../../src/lang/fr/actors.js';
import { hasPersonName } from '../../src/lang/fr/person-names.js';
import { foldText } from '../../src/lang/fr/normalize.js';
import { bodyLines } from '../../src/answer/compose/document-tree.js';
import { getTestAssistant } from '../helpers/test-assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { expectWellFormed } from './answer-invariants.js';

const PREAMBLE = Array.from(
  { length: 8 },
  (_, index) =>
    `Considérant ${index + 1} : les partenaires du quartier de la Ferronnerie conviennent de coordonner leurs interventions en matière d'accès aux droits, de santé et d'insertion, au plus près des habitants et des associations du territoire.`,
);
const TOWNS = ['Arvillers', 'Bernoult', 'Cormelles', 'Daours', 'Épagny', 'Fresnoy', 'Gentelles', 'Hangest', 'Ignaucourt', 'Jumel', 'Lamotte', 'Méricourt', 'Naours', 'Offoy'];
const MAYORS = [
  'Alain BERTIN',
  'Brigitte CASSEL',
  'Cédric DORVAL',
  'Diane ESCANDE',
  'Étienne FAURÉ',
  'Fanny GUERIN',
  'Gilles HAMON',
  'Hélène IMBERT',
  'Igor JOUVE',
  'Julie KERVAL',
  'Luc LAMBRET',
  'Marie NOYON',
  'Noël OSTRAN',
  'Odile PERRET',
];
const SIGNATORIES = [
  ['Le Préfet du département', 'Antoine VERLAINE'],
  ['La Présidente de la Caisse primaire d’assurance maladie', 'Claire DUPRAT'],
  ['Le Directeur territorial de France Travail', 'Denis ROUVIER'],
  ...TOWNS.map((town, index) => [`Le Maire d’${town}`, MAYORS[index]!]),
  ['La Présidente de la Mission locale du bassin', 'Gaëlle MORINEAU'],
  ['Le Directeur de la Caisse primaire d’assurance maladie', 'Hervé QUINSAC'],
];
const FILES = {
  'convention-sante.txt': [
    'CONVENTION DE COORDINATION SANTÉ ET INSERTION DU QUARTIER DE LA FERRONNERIE',
    '',
    'Préambule',
    '',
    ...PREAMBLE.flatMap((line) => [line, '']),
    'Signataires',
    '',
    ...SIGNATORIES.flatMap(([role, name]) => [role!, '', name!, '']),
  ],
};

let assistant: LoadedAssistant;

useTempCorpus('actor-lines', FILES, (opened) => {
  assistant = opened;
});

describe('actor forms in a text', () => {
  it('may open with an elided « d’ » or « l’ », except the State’s', () => {
    expect(actorsNamed("la caisse primaire d'assurance maladie").map((actor) => actor.id)).toEqual(['cpam']);
    expect(actorsNamed("le directeur general de l'agence regionale de sante").map((actor) => actor.id)).toEqual(['ars']);
    // « Conseil d'État », « aides d'État » name no actor; « l'État » does.
    expect(actorsNamed("le conseil d'etat a juge que les aides d'etat")).toEqual([]);
    expect(actorsNamed("l'etat met combien ?").map((actor) => actor.id)).toEqual(['etat']);
  });
});

describe('who signed for an actor, in a long list of signatories', () => {
  it('gives both of the asked actor’s signatories, the one past the cut too', async () => {
    const answer = await assistant.ask('qui a signé la convention santé pour la CPAM ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.trace?.rules).toContain('answer.actor-lines');
    expect(answer.text).toContain('Claire DUPRAT');
    expect(answer.text).toContain('Hervé QUINSAC');
  });

  it('follows the actor a follow-up names', async () => {
    const answer = await assistant.ask('et pour la mission locale ?', { history: [{ question: 'qui a signé la convention santé pour la CPAM ?' }] });
    expect(answer.trace?.cues).toContain('actor:mission-locale');
    expect(answer.trace?.cues).not.toContain('actor:cpam');
    expect(answer.text).toContain('Gaëlle MORINEAU');
  });

  it('cuts the list at the budget when the rule is off: the later signatory is lost', async () => {
    const ablated = createAssistant(assistant.index, { tuning: { disabled: new Set(['answer.actor-lines']) } });
    const answer = await ablated.ask('qui a signé la convention santé pour la CPAM ?');
    expect(answer.text).not.toContain('Hervé QUINSAC');
  });

  it('leaves a question that does not ask who as it was', async () => {
    const answer = await assistant.ask('que prévoit la convention santé avec la CPAM ?');
    expect(answer.trace?.rules ?? []).not.toContain('answer.actor-lines');
  });
});

/**
 * Every signature of the bundled corpus (in a section about signing, a line naming an actor, the
 * person's name under it), asked for by actor and document: the answer names that person. A
 * person listed under an actor elsewhere (« France Travail représenté … par : – le directeur du
 * site ») did not sign the document.
 */
describe('every actor’s signatory in the bundled corpus', () => {
  let bundled: LoadedAssistant;
  beforeAll(async () => {
    bundled = await getTestAssistant();
  });

  it('is given when asked who signed for that actor', async () => {
    const asked: { question: string; name: string; file: string }[] = [];
    for (const chunk of bundled.chunks) {
      if (!/\bsign/.test(foldText([...chunk.breadcrumb, ...chunk.headings].join(' ')))) continue;
      const lines = bodyLines(chunk);
      lines.forEach((line, at) => {
        const next = lines[at + 1];
        const actors = actorsNamed(foldText(line).replace(/’/g, "'")).filter((actor) => actor.named);
        if (actors.length !== 1 || !next || next.length > 60 || !hasPersonName(next)) return;
        const title = bundled.index.documents.find((document) => document.file === chunk.file)?.short_title ?? chunk.file;
        asked.push({ question: `qui a signé le ${title} pour ${actors[0]!.named!.label} ?`, name: next.trim(), file: chunk.file });
      });
    }
    expect(asked.length).toBeGreaterThanOrEqual(3);
    const missed: string[] = [];
    for (const { question, name, file } of asked) {
      const answer = await bundled.ask(question);
      // The person, from the document the question names.
      if (!answer.text.includes(name) || answer.citations[0]?.file !== file) missed.push(`${question} → ${name}`);
    }
    expect(missed).toEqual([]);
  });
});
