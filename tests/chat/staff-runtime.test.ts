/**
 * The staff page's list on real server processes sharing a real PostgreSQL: a refusal asked on one
 * replica and a 👎 given on the other both appear on either replica's staff API; an answered
 * question and a 👍 do not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureIndex } from '../../src/app/ensure-index.js';
import { type Replica, startReplica } from '../helpers/replica.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import { testSettings } from '../helpers/test-assistant.js';

const ADMIN_TOKEN = 'jeton-equipe-des-replicas-0123456789';

let db: TestPostgres;
let workDir: string;
const replicas: Replica[] = [];

beforeAll(async () => {
  const settings = testSettings();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'alinea-staff-runtime-'));
  [db] = await Promise.all([startTestPostgres(), ensureIndex(settings, { warn: () => {}, info: () => {} })]);
  for (const name of ['A', 'B']) {
    replicas.push(
      await startReplica({
        name,
        env: { INDEX_DIR: settings.INDEX_DIR, DATABASE_URL: db.url, ADMIN_TOKEN, SESSION_SECRET: 'staff-runtime-session', FEEDBACK_LOG: path.join(workDir, `feedback-${name}.jsonl`) },
      }),
    );
  }
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(replicas.map((replica) => replica.kill()));
  await db?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

async function ask(replica: Replica, question: string): Promise<{ refused: boolean }> {
  const response = await fetch(`${replica.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  expect(response.status).toBe(200);
  return response.json();
}

describe('the staff list on two replicas', () => {
  it('gathers the refusals and 👎 of every replica, and nothing else', async () => {
    const [a, b] = replicas as [Replica, Replica];
    expect((await ask(a, 'Quelle est la recette de la tarte au maroilles ?')).refused).toBe(true);
    expect((await ask(a, "Quels dispositifs sont mobilisables pour l'objectif #18 ?")).refused).toBe(false);

    const page = await fetch(`${b.url}/`);
    const cookie = /^(alinea_sid=[^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
    for (const verdict of ['up', 'down']) {
      const response = await fetch(`${b.url}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ conversationId: 'c1', question: `Question jugée ${verdict}`, answer: 'Réponse.', sources: ['doc.txt (l. 1-2)'], verdict }),
      });
      expect(response.status).toBe(201);
    }

    for (const replica of [a, b]) {
      const response = await fetch(`${replica.url}/api/equipe/signalements`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(response.status).toBe(200);
      const { entries } = (await response.json()) as { entries: { kind: string; surface: string; question: string }[] };
      expect(entries.map(({ kind, surface, question }) => ({ kind, surface, question }))).toEqual([
        { kind: 'thumbs-down', surface: 'web', question: 'Question jugée down' },
        { kind: 'refusal', surface: 'web', question: 'Quelle est la recette de la tarte au maroilles ?' },
      ]);
    }
  }, 60_000);
});
