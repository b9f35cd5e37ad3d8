/**
 * `npm start`: serves the web chat and HTTP API at once (ready once the index is loaded, built
 * first if missing or stale), then Slack and Teams when their credentials are set.
 */
import { settingsOrExit } from './settings.js';
import { openAssistant } from '../app/assistant.js';
import { createLlmComposer } from '../answer/llm-composer.js';
import type { Assistant } from '../core/answer.js';
import { FeedbackLog } from '../chat/feedback-log.js';
import { createLogger } from '../chat/logger.js';
import { createServer } from '../chat/server.js';
import { startSurfaces } from '../chat/start-surfaces.js';

const settings = settingsOrExit();
const logger = createLogger(settings);
const feedbackLog = new FeedbackLog(settings.FEEDBACK_LOG, { maxBytes: settings.FEEDBACK_LOG_MAX_MB * 1024 * 1024 });
let assistant: Assistant | undefined;

const server = createServer({ assistant: () => assistant, settings, logger, feedbackLog });
const running = await server.listen(settings.PORT, settings.HOST).catch((error: NodeJS.ErrnoException) => {
  const reason =
    error.code === 'EADDRINUSE'
      ? `le port ${settings.PORT} est déjà utilisé (choisissez-en un autre : PORT=3001 npm start)`
      : error.code === 'EACCES'
        ? `accès refusé au port ${settings.PORT} (prenez un port au-dessus de 1024)`
        : error.message;
  console.error(`Impossible de démarrer le serveur : ${reason}.`);
  process.exit(1);
});
console.log(`Alinéa : chat web et API sur ${running.url}/ (prêt quand l'index est chargé : ${running.url}/readyz)`);

const coreLogger = { warn: (message: string) => logger.warn(message), info: (message: string) => logger.info(message) };
try {
  assistant = await openAssistant(settings, { ensureIndex: true, logger: coreLogger, llm: createLlmComposer(settings, coreLogger) });
} catch (error) {
  console.error(`Impossible de charger l'index : ${error instanceof Error ? error.message : String(error)}`);
  await running.close();
  process.exit(1);
}
console.log(`Index chargé : ${assistant.documents.length} documents, ${assistant.chunks.length} passages.`);
const surfaces = await startSurfaces({ app: server.routes, assistant, settings, logger, feedbackLog });
for (const line of surfaces.lines) console.log(line);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await surfaces.stop().catch(() => undefined);
  await running.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
