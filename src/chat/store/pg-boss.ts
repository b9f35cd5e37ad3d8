/** pg-boss 10 is CommonJS with `export =`: one place adapts it to this ESM code base. */
import PgBossModule from 'pg-boss';

export const PgBoss = PgBossModule;
export type PgBoss = PgBossModule;
