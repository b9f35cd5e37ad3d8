/** The tests' real PostgreSQL (Debian's package, on 127.0.0.1): the same server the burst bench can use. */
export { type LocalPostgres as TestPostgres, startLocalPostgres as startTestPostgres } from '../../src/bench/local-postgres.js';
