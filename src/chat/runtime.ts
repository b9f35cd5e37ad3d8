/**
 * The server as one replica runs it: the index checked (or built, unless AUTO_INGEST=false), the
 * store opened (SQLite file, or PostgreSQL with DATABASE_URL), answering workers started, the web
 * chat and API listening, Slack and Teams mounted, inbox questions answered, and a clean stop.
 *
 * The main thread only does I/O: every answer is computed in the worker pool, so acknowledgements
 * and health checks never wait behind one.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../config.js';
import type { Answer, AskContext } from '../core/answer.js';
import type { Chunk, DocumentMeta } from '../core/types.js';
import { createAnswerPool, type AnswerPool } from '../app/answer-pool.js';
import { FILES } from '../index/index-files.js';
import { verifyIndex } from '../index/verify-index.js';
import { FeedbackLog } from './feedback-log.js';
import type { Logger } from './logger.js';
import { type AnsweringCore, createServer, type RunningServer } from './server.js';
import { IntakePriority } from './intake-priority.js';
import { loadScopes, type Scopes, ScopesError } from './scopes.js';
import { recordRefusals, recordThumbsDown } from './staff/record-review.js';
import { SLACK_EVENTS_PATH, startSurfaces, type StartedSurfaces, type StartSurfacesOptions } from './start-surfaces.js';
import { corpusTopics } from './slack/suggested-prompts.js';
import { TEAMS_MESSAGING_ENDPOINT } from './teams/teams-surface.js';
import { openStore } from './store/open-store.js';
import type { ServingStore } from './store/types.js';

/** How often conversations and logged questions past the retention are deleted. */
const PURGE_INTERVAL_MS = 3_600_000;
/** Inbox questions answered at once per worker thread (most of their time is Slack/Teams I/O). */
const INBOX_PER_WORKER = 4;

export interface RuntimeOptions {
  settings: Settings;
  logger: Logger;
  /** French progress lines for the console. */
  say?: (line: string) => void;
  /** Tests only, passed to startSurfaces. */
  surfaces?: Pick<StartSurfacesOptions, 'slack' | 'teamsAllowUnauthenticated'>;
}

export interface Runtime {
  url: string;
  /** Resolves once the index is loaded in every worker and the surfaces are up. */
  started: Promise<void>;
  /** Stops accepting, finishes or hands back what is under way, closes the store. */
  stop(): Promise<void>;
}

export class StartupError extends Error {}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { settings, logger } = options;
  const say = options.say ?? (() => undefined);
  const coreLogger = { warn: (message: string) => logger.warn(message), info: (message: string) => logger.info(message) };

  // The index: built here when allowed and needed, else it must be a finished artifact of this version.
  // Imported only then: the loaders pull in pdf.js, which slows the whole process (see assistant.ts).
  if (settings.AUTO_INGEST) {
    await (await import('../app/ensure-index.js')).ensureIndex(settings, coreLogger);
  }
  const problem = await verifyIndex(settings.indexDir);
  if (problem) throw new StartupError(problem);
  const documents = JSON.parse(await readFile(path.join(settings.indexDir, FILES.documents), 'utf8')) as DocumentMeta[];
  // The chunks' text (not the search structures) for the citation drawer's `/api/passages`;
  // Slack's suggested prompts come from the corpus's frequent headings, only when Slack is set.
  const chunks = JSON.parse(await readFile(path.join(settings.indexDir, FILES.chunks), 'utf8')) as Chunk[];
  const topics = settings.SLACK_BOT_TOKEN ? corpusTopics(chunks) : [];
  let scopes: Scopes;
  try {
    scopes = await loadScopes(settings.SCOPES_FILE ?? 'scopes.json', documents, settings.SCOPES_FILE !== undefined);
  } catch (error) {
    if (error instanceof ScopesError) throw new StartupError(`Périmètres invalides : ${error.message}`);
    throw error;
  }
  for (const scope of scopes.all) say(`Périmètre « ${scope.label} » : ${scope.files.length} document${scope.files.length > 1 ? 's' : ''}.`);

  let store: ServingStore;
  try {
    store = await openStore(settings, (message) => logger.warn(message));
  } catch (error) {
    throw new StartupError(`Impossible d'ouvrir le stockage : ${error instanceof Error ? error.message : String(error)}`);
  }
  // Feedback is kept by the store (a table with PostgreSQL, the JSONL log with the file store) and
  // purged with its retention; refusals and 👎 also go to the staff page's list, whatever the surface.
  const reviewFailed = (error: unknown) => logger.warn({ err: error }, 'staff review: entry not recorded');
  const feedbackLog = recordThumbsDown(store.feedback ?? new FeedbackLog(settings.FEEDBACK_LOG, { maxBytes: settings.FEEDBACK_LOG_MAX_MB * 1024 * 1024 }), store.review, reviewFailed);

  const pool: AnswerPool = createAnswerPool(settings);
  let poolReady = false;
  let poolError: string | undefined;
  const poolLoaded = pool.loaded().then(
    () => {
      poolReady = true;
    },
    (error: unknown) => {
      poolError = error instanceof Error ? error.message : String(error);
      logger.error({ err: error }, 'answer workers failed to load the index');
    },
  );
  const core: AnsweringCore = {
    ask: recordRefusals((question: string, context?: AskContext): Promise<Answer> => pool.ask(question, context), store.review, reviewFailed),
    documents,
    chunks,
  };

  let stopping = false;
  const server = createServer({
    assistant: core,
    settings,
    logger,
    feedbackLog,
    store,
    readiness: () => {
      const health = store.health();
      const workers = pool.status();
      return {
        ready: poolReady && health.ok && !stopping,
        ...(stopping ? { stopping: true } : {}),
        workers: { size: workers.size, loaded: workers.loaded, queued: workers.queued, ...(poolError ? { error: poolError } : {}) },
        store: health,
      };
    },
  });
  let running: RunningServer;
  try {
    running = await server.listen(settings.PORT, settings.HOST);
  } catch (error) {
    await pool.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }

  let surfaces: StartedSurfaces | undefined;
  const intake = new IntakePriority([SLACK_EVENTS_PATH, TEAMS_MESSAGING_ENDPOINT]);
  const started = (async () => {
    // Counted ahead of the surfaces' routes: deliveries under way hold inbox work back a moment.
    server.routes.use(intake.middleware);
    surfaces = await startSurfaces({ app: server.routes, assistant: core, settings, logger, feedbackLog, store, topics, scopes, ...options.surfaces });
    for (const line of surfaces.lines) say(line);
    if (stopping) return;
    const handleJob = surfaces.handleJob;
    await store.startProcessing(async (job, saveProgress) => {
      await intake.quiet();
      await handleJob(job, saveProgress);
    }, pool.status().size * INBOX_PER_WORKER);
    await poolLoaded;
    if (poolError) throw new StartupError(`Les processus de réponse n'ont pas pu charger l'index : ${poolError}`);
  })();

  const purge = () =>
    store.purgeExpired().then(
      (purged) => logger.info(purged, 'retention: expired conversations and questions deleted'),
      (error: unknown) => logger.warn({ err: error }, 'retention: purge failed'),
    );
  void started.then(purge, () => undefined);
  const purgeTimer = setInterval(purge, PURGE_INTERVAL_MS);
  purgeTimer.unref();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      clearInterval(purgeTimer);
      const deadline = Date.now() + settings.SHUTDOWN_TIMEOUT_MS;
      const left = () => Math.max(0, deadline - Date.now());
      // No new connections; requests under way (an /api/ask waiting for its answer) may finish.
      const closing = running.close().catch(() => undefined);
      await started.catch(() => undefined);
      await surfaces?.stop().catch(() => undefined);
      // Inbox questions under way get the time left; the others go back to the inbox.
      await store.stopProcessing(left());
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, left()))]);
      running.closeAll();
      await pool.close().catch(() => undefined);
      await store.close().catch(() => undefined);
    })();
    return stopped;
  };

  return { url: running.url, started, stop };
}
