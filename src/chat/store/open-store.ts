/** Opens the store the settings ask for: PostgreSQL with DATABASE_URL, else the embedded SQLite file. */
import type { Settings } from '../../config.js';
import { FeedbackLog } from '../feedback-log.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { ServingStore } from './types.js';

export async function openStore(settings: Settings, onError?: (message: string) => void): Promise<ServingStore> {
  if (settings.DATABASE_URL) {
    return openPostgresStore({
      connectionString: settings.DATABASE_URL,
      retentionDays: settings.RETENTION_DAYS,
      reviewRetentionDays: settings.REVIEW_RETENTION_DAYS,
      leaseSeconds: settings.INBOX_LEASE_SECONDS,
      onError,
    });
  }
  return openSqliteStore({
    file: settings.STORE_FILE,
    retentionDays: settings.RETENTION_DAYS,
    reviewRetentionDays: settings.REVIEW_RETENTION_DAYS,
    leaseSeconds: settings.INBOX_LEASE_SECONDS,
    feedbackLog: new FeedbackLog(settings.FEEDBACK_LOG, { maxBytes: settings.FEEDBACK_LOG_MAX_MB * 1024 * 1024 }),
    // The Slack intake thread (INTAKE_PORT) writes to the same file through its own connection.
    sharedWithIntake: settings.INTAKE_PORT !== undefined,
  });
}

/** An in-memory embedded store, for surfaces created without one (tests, tools). */
export function memoryStore(): ServingStore {
  return openSqliteStore({ file: ':memory:', retentionDays: 30, leaseSeconds: 60, pollMs: 200 });
}
