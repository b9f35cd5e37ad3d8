/**
 * The staff page's list: refusals and 👎 with their question, kept only for those two cases, on
 * both stores (a SQLite file and a real PostgreSQL started here), purged after
 * REVIEW_RETENTION_DAYS; and its API behind ADMIN_TOKEN (refused while unset, constant-time check,
 * wrong tokens slowed down, the token never logged).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import type { FeedbackInput } from '../../src/chat/feedback-sink.js';
import { createLogger } from '../../src/chat/logger.js';
import { createServer, type RunningServer } from '../../src/chat/server.js';
import { recordRefusals, recordThumbsDown } from '../../src/chat/staff/record-review.js';
import { adminTokenMatches, STAFF_API_PATH } from '../../src/chat/staff/staff-page.js';
import { memoryStore } from '../../src/chat/store/open-store.js';
import { openPostgresStore } from '../../src/chat/store/postgres-store.js';
import { REVIEW_LIMITS } from '../../src/chat/store/staff-review.js';
import { openSqliteStore } from '../../src/chat/store/sqlite-store.js';
import type { ServingStore } from '../../src/chat/store/types.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import { createScriptedAssistant } from '../helpers/scripted-assistant.js';

const ADMIN_TOKEN = 'jeton-equipe-de-test-0123456789';
const DAY_MS = 86_400_000;

let tmp: string;
let db: TestPostgres;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'alinea-staff-'));
  db = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await db?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const openers: Record<string, () => Promise<ServingStore>> = {
  sqlite: async () => openSqliteStore({ file: path.join(tmp, 'staff.sqlite'), retentionDays: 30, reviewRetentionDays: 7, leaseSeconds: 2 }),
  postgres: async () => openPostgresStore({ connectionString: db.url, retentionDays: 30, reviewRetentionDays: 7, leaseSeconds: 2 }),
};

const feedback = (verdict: 'up' | 'down', question: string): FeedbackInput => ({
  surface: 'slack',
  userId: 'U1',
  verdict,
  question,
  answer: `Réponse à ${question}`,
  sources: ['[1] Contrat › Annexe 2 — l. 3-5'],
});

for (const [kind, open] of Object.entries(openers)) {
  describe(`the ${kind} store's review list`, () => {
    it('keeps refusals and 👎 only, newest first, bounded, and purges them after their own delay', async () => {
      const store = await open();
      try {
        const sink: FeedbackInput[] = [];
        const failures: unknown[] = [];
        const assistant = createScriptedAssistant({ refuseOn: 'HORS-SUJET' });
        const ask = recordRefusals(assistant.ask, store.review, (error) => failures.push(error));
        const feedbackLog = recordThumbsDown({ append: async (entry) => sink.push(entry) }, store.review, (error) => failures.push(error));

        await ask('Quel temps fera-t-il ? HORS-SUJET', { surface: 'teams' });
        await ask('Quels dispositifs pour la mobilité ?', { surface: 'web' });
        await ask('', { surface: 'web' });
        await feedbackLog.append(feedback('up', 'Question appréciée'));
        await feedbackLog.append(feedback('down', `Question décevante ${'x'.repeat(3_000)}`));

        expect(failures).toEqual([]);
        // Both verdicts still reach the feedback sink; only the 👎 is added to the review list.
        expect(sink.map((entry) => entry.verdict)).toEqual(['up', 'down']);
        const entries = await store.review.recent(10);
        expect(entries.map((entry) => [entry.kind, entry.surface])).toEqual([
          ['thumbs-down', 'slack'],
          ['refusal', 'teams'],
        ]);
        expect(entries[0]!.question.length).toBe(REVIEW_LIMITS.questionChars);
        expect(entries[0]!.sources).toEqual(['[1] Contrat › Annexe 2 — l. 3-5']);
        expect(entries[1]!.question).toBe('Quel temps fera-t-il ? HORS-SUJET');
        expect(entries[1]!.answer).toBe('Le corpus ne permet pas de répondre à cette question.');
        expect(Date.now() - Date.parse(entries[1]!.time)).toBeLessThan(DAY_MS);

        // Kept for REVIEW_RETENTION_DAYS (7 here, not the 30 of conversations), then deleted.
        expect(await store.review.purge(Date.now() + 6 * DAY_MS)).toBe(0);
        expect(await store.review.purge(Date.now() + 8 * DAY_MS)).toBe(2);
        expect(await store.review.recent(10)).toEqual([]);
        expect((await store.purgeExpired()).review).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
}

describe('the staff API', () => {
  const logLines: string[] = [];
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  async function start(env: Record<string, string>): Promise<{ url: string; store: ServingStore }> {
    const settings = loadSettings({ LOG_LEVEL: 'info', REVIEW_RETENTION_DAYS: '14', ...env });
    const store = memoryStore();
    const logger = createLogger(
      settings,
      new Writable({
        write(chunk, _encoding, callback) {
          logLines.push(String(chunk));
          callback();
        },
      }),
    );
    const server = await createServer({ assistant: createScriptedAssistant(), settings, logger, feedbackLog: { append: async () => undefined }, store }).listen(0, '127.0.0.1');
    servers.push(server);
    return { url: server.url, store };
  }

  it('is refused while ADMIN_TOKEN is unset, whatever is sent', async () => {
    const { url } = await start({});
    const response = await fetch(`${url}${STAFF_API_PATH}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/désactivée : définissez ADMIN_TOKEN/);
    // The page itself loads (it explains what is missing once a token is tried).
    const page = await fetch(`${url}/equipe`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Jeton d'administration");
  });

  it('answers the admin token only, says no to others without logging them, and slows down guessing', async () => {
    const { url, store } = await start({ ADMIN_TOKEN });
    await store.review.record({ kind: 'refusal', surface: 'web', question: 'Qui est le maire de Lens ?', answer: 'Le corpus ne permet pas de répondre.', sources: [] });
    const get = (authorization?: string) => fetch(`${url}${STAFF_API_PATH}`, authorization ? { headers: { authorization } } : {});

    const ok = await get(`Bearer ${ADMIN_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const body = await ok.json();
    expect(body.retentionDays).toBe(14);
    expect(body.entries).toEqual([expect.objectContaining({ kind: 'refusal', surface: 'web', question: 'Qui est le maire de Lens ?' })]);

    const wrong = await get(`Bearer ${ADMIN_TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await wrong.json()).error).toBe("Jeton d'administration absent ou incorrect.");
    expect((await get()).status).toBe(401);
    expect((await get(ADMIN_TOKEN)).status).toBe(401);

    // Ten wrong tokens a minute per address (three above), then a wait, during which no token is even compared.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 9; attempt++) statuses.push((await get(`Bearer essai-${attempt}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429, 429]);
    const waiting = await get(`Bearer ${ADMIN_TOKEN}`);
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(ADMIN_TOKEN);
    expect(logLines.join('\n')).not.toContain('essai-');
  });

  it('compares tokens whatever their length, and only as a bearer token', () => {
    expect(adminTokenMatches(`Bearer ${ADMIN_TOKEN}`, ADMIN_TOKEN)).toBe(true);
    expect(adminTokenMatches(`bearer ${ADMIN_TOKEN}`, ADMIN_TOKEN)).toBe(true);
    expect(adminTokenMatches(`Bearer ${ADMIN_TOKEN.slice(0, -1)}`, ADMIN_TOKEN)).toBe(false);
    expect(adminTokenMatches(`Bearer ${ADMIN_TOKEN}${ADMIN_TOKEN}`, ADMIN_TOKEN)).toBe(false);
    expect(adminTokenMatches(`Basic ${ADMIN_TOKEN}`, ADMIN_TOKEN)).toBe(false);
    expect(adminTokenMatches(undefined, ADMIN_TOKEN)).toBe(false);
  });

  it('wants an ADMIN_TOKEN of 16 characters at least, and never echoes it', () => {
    expect(() => loadSettings({ ADMIN_TOKEN: 'court-secret' })).toThrow(/ADMIN_TOKEN a une valeur invalide \(« … »\) : 16 caractères au moins/);
    expect(() => loadSettings({ ADMIN_TOKEN: 'court-secret' })).not.toThrow(/court-secret/);
    expect(loadSettings({ ADMIN_TOKEN }).ADMIN_TOKEN).toBe(ADMIN_TOKEN);
  });
});
