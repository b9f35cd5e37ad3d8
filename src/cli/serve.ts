/**
 * `npm start [-- --no-ingest]`: serves the web chat and HTTP API at once (ready once every
 * answering worker has loaded the index, built first if missing or stale unless --no-ingest or
 * AUTO_INGEST=false), then Slack and Teams when their credentials are set.
 *
 * SIGTERM / SIGINT: stop accepting, let answers under way finish (SHUTDOWN_TIMEOUT_MS), hand the
 * others back to the inbox, close the store, exit 0.
 */
import { Command } from 'commander';
import { settingsOrExit } from './settings.js';
import { createLogger } from '../chat/logger.js';
import { type Runtime, startRuntime, StartupError } from '../chat/runtime.js';

const program = new Command()
  .name('start')
  .description('Serveur Alinéa : chat web, API HTTP, Slack et Teams')
  .option('--no-ingest', "ne construit jamais l'index : charge celui que « npm run ingest » a produit (comme AUTO_INGEST=false)")
  .parse();
const options = program.opts<{ ingest: boolean }>();

const settings = settingsOrExit({ ...process.env, ...(options.ingest ? {} : { AUTO_INGEST: 'false' }) });
const logger = createLogger(settings);

let runtime: Runtime | undefined;
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // A bounded stop: whatever hangs, the process ends.
  setTimeout(() => {
    console.error('Arrêt forcé : le serveur ne s’est pas arrêté à temps.');
    process.exit(1);
  }, settings.SHUTDOWN_TIMEOUT_MS + 5_000).unref();
  await runtime?.stop().catch((error: unknown) => logger.error({ err: error }, 'shutdown error'));
  console.log('Alinéa arrêté.');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Started with an IPC channel by a process that supervises it (the bench, in a session of its
// own where no Ctrl-C reaches it): stops when that process is gone, even killed.
process.on('disconnect', () => void stop('disconnect'));

try {
  runtime = await startRuntime({ settings, logger, say: (line) => console.log(line) });
} catch (error) {
  const reason =
    error instanceof StartupError
      ? error.message
      : (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `Impossible de démarrer le serveur : le port ${settings.PORT} est déjà utilisé (choisissez-en un autre : PORT=3001 npm start).`
        : (error as NodeJS.ErrnoException).code === 'EACCES'
          ? `Impossible de démarrer le serveur : accès refusé au port ${settings.PORT} (prenez un port au-dessus de 1024).`
          : `Impossible de démarrer le serveur : ${error instanceof Error ? error.message : String(error)}`;
  console.error(reason);
  process.exit(1);
}
if (stopping) await new Promise(() => undefined);
console.log(`Alinéa : chat web et API sur ${runtime.url}/ (prêt quand l'index est chargé : ${runtime.url}/readyz)`);
try {
  await runtime.started;
  console.log(`Prêt : ${settings.DATABASE_URL ? 'stockage PostgreSQL partagé' : `stockage local ${settings.STORE_FILE}`}.`);
} catch (error) {
  console.error(`Impossible de démarrer : ${error instanceof Error ? error.message : String(error)}`);
  await runtime.stop().catch(() => undefined);
  process.exit(1);
}
