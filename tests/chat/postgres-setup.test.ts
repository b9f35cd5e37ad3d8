/**
 * Replicas started together on a fresh PostgreSQL set it up one at a time (our migrations, then
 * pg-boss's schema and queue, under one advisory lock): without it, about one start in ten ended
 * in « deadlock detected » (seen in the two-replica fault test, then here: 2 of 12 rounds).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/chat/store/postgres-store.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';

let db: TestPostgres;
beforeAll(async () => {
  db = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('PostgreSQL set-up', () => {
  it('two replicas opening a fresh database at once both start, twelve times', async () => {
    const failures: string[] = [];
    for (let round = 0; round < 12; round++) {
      const admin = new pg.Client(db.url);
      await admin.connect();
      await admin.query(`CREATE DATABASE fresh_${round}`);
      await admin.end();
      const url = db.url.replace(/\/postgres$/, `/fresh_${round}`);
      const opened = await Promise.allSettled([0, 1].map(() => openPostgresStore({ connectionString: url, retentionDays: 30, leaseSeconds: 10 })));
      for (const result of opened) {
        if (result.status === 'fulfilled') await result.value.close();
        else failures.push(`round ${round}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
