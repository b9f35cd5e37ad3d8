/**
 * Names the corpus never mentions refuse a question; sentence openings and acronyms the question
 * glosses itself are not names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

let assistant: LoadedAssistant;

beforeAll(async () => {
  assistant = await getTestAssistant();
});

const unknown = async (question: string) => ((await assistant.ask(question)).trace?.cues ?? []).filter((cue) => cue.startsWith('unknown:')).map((cue) => cue.slice('unknown:'.length));

describe('unknown names', () => {
  it('an organisation the corpus never mentions is one', async () => {
    expect(await unknown('Quel rôle joue l’association Décathlon Solidarité dans le contrat de ville ?')).toContain('Décathlon');
  });

  it('a capitalised word opening a later sentence is not one', async () => {
    expect(await unknown('On est un groupe d’habitants, pas une asso. Jusqu’à combien on peut demander ?')).toEqual([]);
  });

  it('an acronym the question glosses in parentheses is not one', async () => {
    expect(await unknown('On est un collège (EPLE) en quartier prioritaire, on peut recruter un adulte-relais ?')).toEqual([]);
  });

  it('an acronym after a first-person possessive is the asker’s own (« nos CM2 »), not one', async () => {
    expect(await unknown('ecole primaire en REP : on peut mobiliser le pass culture pour nos CM2 ?')).toEqual([]);
    expect(await unknown('on peut mobiliser le pass culture pour les CM2 ?')).toContain('CM2');
  });

  // Every pair of capitals the bundled corpus never writes: shorthand (« les postes AR »), not a name.
  it('two capitals the corpus never writes are the asker’s shorthand, not one; three are one', async () => {
    const written = new Set(assistant.chunks.flatMap((chunk) => chunk.text.match(/\b[A-Z]{2,3}\b/g) ?? []));
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const pairs = [...letters].flatMap((first) => [...letters].map((second) => `${first}${second}`)).filter((pair) => !written.has(pair));
    expect(pairs.length).toBeGreaterThan(100);
    for (const pair of pairs.filter((_, at) => at % 25 === 0)) expect(await unknown(`on a combien de postes ${pair} sur le contrat de ville ?`)).toEqual([]);
    const triple = ['QZX', 'ZQW', 'XKQ'].find((candidate) => !written.has(candidate))!;
    expect(await unknown(`on a combien de postes ${triple} sur le contrat de ville ?`)).toContain(triple);
  });
});
