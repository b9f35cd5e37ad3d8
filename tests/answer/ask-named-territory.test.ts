/**
 * A question naming one document's territory (« l'agglo du Val ») is about that place: figures
 * found only in another territory's document are not its answer, and the reply says so.
 * Built on a temporary corpus with a catalogue.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { useTempCorpus } from '../helpers/temp-corpus.js';
import { namedTerritoryDocument } from '../../src/query/query-understanding.js';
import type { DocumentMeta } from '../../src/core/types.js';
import { expectWellFormed } from './answer-invariants.js';

const FILES = {
  'contrat-littoral.txt': [
    'CONTRAT DE VILLE DU LITTORAL',
    '',
    'LES QUARTIERS PRIORITAIRES',
    '',
    'Environ 35 000 habitants vivent dans les 16 quartiers prioritaires de l’agglomération du Littoral.',
    '',
  ],
  'contrat-val.txt': ['CONTRAT DE VILLE DU VAL', '', 'LA GOUVERNANCE', '', 'Le comité de pilotage de l’agglomération du Val réunit les communes et l’État deux fois par an.', ''],
};

const CATALOG = {
  documents: [
    {
      file: 'contrat-littoral.txt',
      title: 'Contrat de ville du Littoral',
      short_title: 'Contrat de ville Littoral',
      issuer: 'Agglomération du Littoral',
      territory: 'Littoral',
      kind: 'contrat de ville',
      date: '2024',
    },
    { file: 'contrat-val.txt', title: 'Contrat de ville du Val', short_title: 'Contrat de ville Val', issuer: 'Agglomération du Val', territory: 'Val', kind: 'contrat de ville', date: '2024' },
  ],
};

let assistant: LoadedAssistant;

useTempCorpus(
  'territory',
  FILES,
  (opened) => {
    assistant = opened;
  },
  CATALOG,
);

describe('a question about one territory', () => {
  it('is answered from that territory’s document', async () => {
    const answer = await assistant.ask('Combien d’habitants vivent dans les quartiers prioritaires du Littoral ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(false);
    expect(answer.text).toContain('35 000 habitants');
  });

  it('is refused, naming the document, when only another territory’s document has the figure', async () => {
    const answer = await assistant.ask('Combien d’habitants vivent dans les quartiers prioritaires du Val ?');
    expectWellFormed(answer, assistant);
    expect(answer.refused).toBe(true);
    expect(answer.text).not.toContain('35 000');
    expect(answer.text).toContain('Contrat de ville Val');
  });
});

describe('namedTerritoryDocument', () => {
  const meta = (file: string, territory: string | null): DocumentMeta => ({ file, title: file, short_title: file, issuer: '', territory, kind: '', date: null }) as DocumentMeta;
  const documents = [meta('a.txt', 'CABBALR'), meta('b.txt', 'CA Hénin-Carvin'), meta('c.txt', 'Pas-de-Calais'), meta('d.txt', 'Pas-de-Calais')];

  it('finds the document whose territory the question names, all of its words', () => {
    expect(namedTerritoryDocument('les QPV de l’agglo Hénin-Carvin', documents)?.file).toBe('b.txt');
    expect(namedTerritoryDocument('le comité des financeurs de la cabbalr', documents)?.file).toBe('a.txt');
    expect(namedTerritoryDocument('les QPV de Hénin-Beaumont', documents)).toBeUndefined();
  });

  it('a territory several documents share names none of them', () => {
    expect(namedTerritoryDocument('les QPV du Pas-de-Calais', documents)).toBeUndefined();
  });
});
