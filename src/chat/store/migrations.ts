/**
 * Versioned SQL migrations: `migrations/<dialect>/NNN_name.sql`, applied in order, each once,
 * recorded in `alinea_migrations`. The files are the schema's history; never edit an applied one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrationsFor(dialect: 'sqlite' | 'postgres'): Migration[] {
  const dir = path.join(ROOT, dialect);
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file.slice(4, -4), sql: readFileSync(path.join(dir, file), 'utf8') }));
}
