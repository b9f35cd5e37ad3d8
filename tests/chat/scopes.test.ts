/**
 * One instance for several territories: scopes.json (validated against the catalogue) binds Slack
 * channels and Teams teams to a territory or documents; the core searches the scope first, widens
 * to the whole corpus when the scope cannot answer, and says which it searched. The surfaces only
 * pass the scope of where the question was asked (real Bolt and Teams SDK against the stand-ins).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAssistant } from '../../src/app/assistant.js';
import { loadSettings } from '../../src/config.js';
import type { AskScope } from '../../src/core/answer.js';
import { loadScopes, NO_SCOPES, resolveScopes, ScopesError } from '../../src/chat/scopes.js';
import { createSlackSurface, type SlackSurface } from '../../src/chat/slack/slack-surface.js';
import { createTeamsSurface, type TeamsSurface } from '../../src/chat/teams/teams-surface.js';
import { startFakeTeamsConnector, type FakeTeamsConnector } from '../helpers/fake-teams-connector.js';
import { startFakeSlackApi, waitFor, type FakeSlackApi } from '../helpers/fake-slack-api.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';
import { eventEnvelope, postSigned, type SlackRouterHost, serveSlackRouter } from '../helpers/slack-http.js';
import { getTestAssistant } from '../helpers/test-assistant.js';

const CABBALR = 'cabbalr-contrat-de-ville-2024-2030.txt';
const HENIN = 'henin-carvin-contributions-partenaires-2024.txt';
const TEAM = '19:equipe-henin@thread.tacv2';

const CONFIG = {
  scopes: [
    { name: 'CABBALR', territory: 'cabbalr', slack: { channels: ['CBETHUNE'] } },
    { name: 'Hénin-Carvin', documents: [HENIN], slack: { channels: ['CHENIN'] }, teams: { teams: [TEAM] } },
  ],
};

let core: LoadedAssistant;
beforeAll(async () => {
  core = await getTestAssistant();
});

describe('scopes.json', () => {
  it('binds channels and teams to the files of a territory or a list of documents', () => {
    const scopes = resolveScopes(CONFIG, core.documents);
    expect(scopes.forSlackChannel('CBETHUNE')).toEqual({ label: 'CABBALR', files: [CABBALR] });
    expect(scopes.forSlackChannel('CHENIN')).toEqual({ label: 'Hénin-Carvin', files: [HENIN] });
    expect(scopes.forTeamsTeam(TEAM)).toEqual({ label: 'Hénin-Carvin', files: [HENIN] });
    expect(scopes.forSlackChannel('COTHER')).toBeUndefined();
    expect(scopes.forSlackChannel(undefined)).toBeUndefined();
    expect(scopes.forTeamsTeam(undefined)).toBeUndefined();
  });

  it('refuses, in French and naming the fault, what the catalogue or the platforms do not know', () => {
    const fails = (config: unknown) => () => resolveScopes(config, core.documents);
    expect(fails({ scopes: [{ name: 'X', documents: ['absent.pdf'], slack: { channels: ['C1X'] } }] })).toThrow(/« X » cite « absent\.pdf », qui n'est pas dans le catalogue/);
    expect(fails({ scopes: [{ name: 'X', territory: 'Lens-Liévin', slack: { channels: ['C1X'] } }] })).toThrow(/aucun document indexé n'a le territoire « Lens-Liévin »/);
    expect(fails({ scopes: [{ name: 'X', slack: { channels: ['C1X'] } }] })).toThrow(/un territoire .* ou des documents/);
    expect(fails({ scopes: [{ name: 'X', territory: 'CABBALR' }] })).toThrow(/au moins un canal Slack ou une équipe Teams/);
    expect(fails({ scopes: [{ name: 'X', territory: 'CABBALR', slack: { channels: ['#general'] } }] })).toThrow(/« scopes\.0\.slack\.channels\.0 » identifiant de canal Slack attendu/);
    expect(fails({ scopes: [{ name: 'X', territory: 'CABBALR', slak: {} }] })).toThrow(/scopes\.json/);
    expect(
      fails({
        scopes: [
          { name: 'A', territory: 'CABBALR', slack: { channels: ['CDOUBLE'] } },
          { name: 'B', documents: [HENIN], slack: { channels: ['CDOUBLE'] } },
        ],
      }),
    ).toThrow(/le canal Slack « CDOUBLE » est lié à deux périmètres \(« A » et « B »\)/);
  });

  it('is optional where it is looked for by default, required where SCOPES_FILE names it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'alinea-scopes-'));
    try {
      await expect(loadScopes(path.join(dir, 'scopes.json'), core.documents, false)).resolves.toBe(NO_SCOPES);
      await expect(loadScopes(path.join(dir, 'scopes.json'), core.documents, true)).rejects.toThrow(ScopesError);
      await writeFile(path.join(dir, 'bad.json'), '{ "scopes": [ ');
      await expect(loadScopes(path.join(dir, 'bad.json'), core.documents, false)).rejects.toThrow(/bad\.json : JSON mal formé/);
      await writeFile(path.join(dir, 'ok.json'), JSON.stringify(CONFIG));
      expect((await loadScopes(path.join(dir, 'ok.json'), core.documents, true)).all.map((scope) => scope.label)).toEqual(['CABBALR', 'Hénin-Carvin']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('asking in a scope', () => {
  const henin: AskScope = { label: 'Hénin-Carvin', files: [HENIN] };

  it('answers from the scope first and says so', async () => {
    const question = 'Quels sont les engagements de France Travail ?';
    const whole = await core.ask(question);
    // Each territory's document has its France Travail engagements: the scope is one the whole
    // corpus's answer did not cite.
    expect(whole.citations.length).toBeGreaterThan(0);
    const wholeFiles = new Set(whole.citations.map((citation) => citation.file));
    const scope = [henin, { label: 'CABBALR', files: [CABBALR] }].find((candidate) => !wholeFiles.has(candidate.files[0]!));
    expect(scope).toBeDefined();
    const scoped = await core.ask(question, { scope: scope! });
    expect(scoped.refused).toBe(false);
    expect(scoped.text.startsWith(`Recherche limitée à : ${scope!.label}.\n\n`)).toBe(true);
    expect(scoped.scope).toEqual({ label: scope!.label, widened: false });
    expect(scoped.citations.length).toBeGreaterThan(0);
    expect(scoped.citations.every((citation) => scope!.files.includes(citation.file))).toBe(true);
    expect(whole.scope).toBeUndefined();
  });

  it('widens to the whole corpus when the scope has nothing, and says so', async () => {
    const answer = await core.ask("Qu'est-ce que l'abattement de TFPB ?", { scope: henin });
    expect(answer.text.startsWith('Recherche limitée à : Hénin-Carvin ; rien de pertinent dans ce périmètre, recherche étendue à tous les documents.\n\n')).toBe(true);
    expect(answer.scope).toEqual({ label: 'Hénin-Carvin', widened: true });
    expect(answer.refused).toBe(false);
    expect(answer.citations.map((citation) => citation.file)).toContain(CABBALR);
  });

  it('searches everywhere when the question names a section or a territory outside the scope', async () => {
    for (const question of ["Quels dispositifs sont mobilisables pour l'objectif #18 ?", "Quels sont les engagements de France Travail dans l'agglo Hénin-Carvin ?"]) {
      const scope = question.includes('Hénin') ? { label: 'CABBALR', files: [CABBALR] } : henin;
      const answer = await core.ask(question, { scope });
      expect(answer.text, question).toMatch(/^Recherche limitée à : .+ ; la question vise des documents hors de ce périmètre, recherche dans tous les documents\.\n\n/);
      expect(answer.scope?.widened).toBe(true);
      expect(answer.citations.some((citation) => !scope.files.includes(citation.file))).toBe(true);
    }
  });
});

describe('surfaces pass the scope of where the question was asked', () => {
  const SECRET = 'scopes-signing-secret';
  let fake: FakeSlackApi;
  let connector: FakeTeamsConnector;
  let slack: SlackSurface;
  let teams: TeamsSurface;
  let host: SlackRouterHost;
  const teamsCore = createScriptedAssistant();
  let counter = 0;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    connector = await startFakeTeamsConnector();
    const scopes = resolveScopes(CONFIG, core.documents);
    slack = createSlackSurface({
      assistant: core,
      settings: loadSettings({ SLACK_BOT_TOKEN: 'xoxb-scopes', SLACK_SIGNING_SECRET: SECRET, LOG_LEVEL: 'silent' }),
      logger: pino({ level: 'silent' }),
      feedbackLog: { append: async () => undefined },
      clientOptions: { slackApiUrl: fake.apiUrl },
      botId: 'BBOT',
      botUserId: 'UBOT',
      scopes,
    });
    host = await serveSlackRouter(slack.router!);
    teams = createTeamsSurface({
      assistant: teamsCore,
      settings: loadSettings({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      logger: pino({ level: 'silent' }),
      feedbackLog: { append: async () => undefined },
      allowUnauthenticated: true,
      host: '127.0.0.1',
      scopes,
    });
    await teams.start(0);
  });

  afterAll(async () => {
    await slack?.stop();
    await host?.close();
    await teams?.stop();
    await fake?.close();
    await connector?.close();
  });

  async function mention(channel: string, question: string): Promise<string> {
    const ts = `1740000000.${String(++counter).padStart(6, '0')}`;
    const event = { type: 'app_mention', user: 'U1', text: `<@UBOT> ${question}`, ts, channel, event_ts: ts };
    const response = await postSigned(host.eventsUrl, SECRET, eventEnvelope(event, `EvScope${counter}`));
    expect(response.status).toBe(200);
    const answered = () => fake.callsTo('chat.update').find((call) => call.body.channel === channel);
    await waitFor(() => answered() !== undefined, 10_000, `answer in ${channel}`);
    return String(answered()!.body.text);
  }

  it('Slack: a channel bound to a territory is answered from it, an unbound one from the whole corpus', async () => {
    const bound = await mention('CBETHUNE', 'Quels sont les engagements de France Travail ?');
    expect(bound.startsWith('Recherche limitée à : CABBALR.')).toBe(true);
    expect(bound).toContain('Contrat de ville CABBALR 2024-2030');
    const unbound = await mention('CAILLEURS', 'Quels sont les engagements de France Travail ?');
    expect(unbound).not.toContain('Recherche limitée à');
  });

  it('Teams: a team bound to documents passes its scope; a 1:1 chat none', async () => {
    const post = (id: string, extra: Record<string, unknown>) =>
      fetch(teams.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id,
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          from: { id: '29:u', name: 'Agent' },
          recipient: { id: '28:bot', name: 'Alinéa' },
          text: 'Quelles aides ?',
          ...extra,
        }),
      });
    expect((await post('scope-team', { conversation: { id: `${TEAM};messageid=1`, conversationType: 'channel' }, channelData: { team: { id: TEAM } } })).status).toBe(200);
    expect((await post('scope-personal', { conversation: { id: 'a:personal', conversationType: 'personal' } })).status).toBe(200);
    await waitFor(() => teamsCore.calls.length === 2, 10_000, 'two Teams questions');
    // The two answers run in parallel (two conversations): compared without order.
    const scopes = teamsCore.calls.map((call) => call.context?.scope ?? 'aucun');
    expect(scopes).toHaveLength(2);
    expect(scopes).toEqual(expect.arrayContaining([{ label: 'Hénin-Carvin', files: [HENIN] }, 'aucun']));
  });
});
