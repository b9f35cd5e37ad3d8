/**
 * The server as one replica runs it: the index checked (or built, unless AUTO_INGEST=false), the
 * store opened (SQLite file, or PostgreSQL with DATABASE_URL), answering workers started, the web
 * chat and API listening, Slack and Teams mounted, inbox questions answered, and a clean stop.
 *
 * The main thread only does I/O: every answer is computed in the worker pool, so acknowledgements
 * and health checks never wait behind one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config.js';
import type { Answer, AskContext } from '../core/answer.js';
import type { Chunk } from '../core/types.js';
import { createAnswerPool, type AnswerPool } from '../app/answer-pool.js';
import type { IngestSummary } from '../app/build-index.js';
import { decodeChunks } from '../index/chunk-file.js';
import type { EmbedderLogger } from '../index/embeddings/select-embedder.js';
import { FILES, readChunkOutline, readDocumentsFile } from '../index/index-files.js';
import { verifyIndex } from '../index/verify-index.js';
import { FeedbackLog } from './feedback-log.js';
import type { Logger } from './logger.js';
import { type AnsweringCore, createServer, type EarlyHandler, type RunningServer } from './server.js';
import { IntakePriority } from './intake-priority.js';
import { lowerThreadPriority, type ThreadPriority } from '../app/thread-priority.js';
import { type IntakeThread, startIntakeThread } from './intake/intake-thread.js';
import { loadScopes, type Scopes, ScopesError } from './scopes.js';
import { recordRefusals, recordThumbsDown } from './staff/record-review.js';
import { SLACK_EVENTS_PATH, startSurfaces, type StartedSurfaces, type StartSurfacesOptions } from './start-surfaces.js';
import { corpusTopics } from './slack/suggested-prompts.js';
import { teamsInboundAuth } from './teams/bot-auth.js';
import { TEAMS_MESSAGING_ENDPOINT } from './teams/messaging-endpoint.js';
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
  /** Tests only: how the index is built when it must be (by default in a child process). */
  buildIndex?: (settings: Settings, logger: EmbedderLogger) => Promise<IngestSummary>;
}

export interface Runtime {
  url: string;
  /** Resolves once the index is loaded in every worker and the surfaces are up. */
  started: Promise<void>;
  /**
   * The index build that started with the server while it answered from the previous index:
   * resolves once the new index is built and every worker answers from it (undefined when no
   * build ran in the background).
   */
  rebuilt?: Promise<void>;
  /** Stops accepting, finishes or hands back what is under way, closes the store. */
  stop(): Promise<void>;
}

export class StartupError extends Error {}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { settings, logger } = options;
  const say = options.say ?? (() => undefined);
  const coreLogger = { warn: (message: string) => logger.warn(message), info: (message: string) => logger.info(message) };

  // The index: built when allowed and needed, in a child process (the loaders, the embedder and
  // the vector index never share this process's thread or memory). With a usable index from a
  // previous build, the server answers from it meanwhile and switches once the new one is ready;
  // without one, there is nothing to answer from: it waits. Else it must be a finished artifact
  // of this version. Imported only then: the loaders are heavy.
  let backgroundBuild: Promise<IngestSummary> | undefined;
  if (settings.AUTO_INGEST) {
    const { buildIndexInChild, indexStaleness } = await import('../app/ensure-index.js');
    const reason = await indexStaleness(settings);
    if (reason) {
      const build = (options.buildIndex ?? buildIndexInChild)(settings, coreLogger);
      // Observed at once: a failure is reported by `rebuilt` (or thrown below), never unhandled.
      build.catch(() => undefined);
      const previousUsable = (await verifyIndex(settings.indexDir)) === undefined;
      logger.info(previousUsable ? `Construction de l'index en arrière-plan (${reason}) : réponses depuis l'index précédent en attendant` : `Construction de l'index (${reason})…`);
      if (previousUsable) {
        backgroundBuild = build;
      } else {
        reportIngest(await build, coreLogger);
      }
    }
  }
  const problem = await verifyIndex(settings.indexDir);
  if (problem) throw new StartupError(problem);
  let documents = await readDocumentsFile(settings.indexDir);
  // The chunks' text (the citation drawer's `/api/passages`) is read on its first use, not at
  // start: the answering workers hold the index; Slack's suggested prompts need only headings.
  let chunks: Chunk[] | undefined;
  const topics = settings.SLACK_BOT_TOKEN ? corpusTopics(await readChunkOutline(settings.indexDir)) : [];
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

  let pool: AnswerPool = createAnswerPool(settings);
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
    get documents() {
      return documents;
    },
    get chunks() {
      chunks ??= decodeChunks(readFileSync(path.join(settings.indexDir, FILES.chunks)));
      return chunks;
    },
  };

  let stopping = false;
  /** The intake thread on INTAKE_PORT, once started. */
  let intakeThread: IntakeThread | undefined;
  let mainThreadPriority: ThreadPriority | undefined;
  /** INTAKE_PORT set and the intake not started (or found not wanted) yet: not ready meanwhile. */
  let intakePending = settings.INTAKE_PORT !== undefined;
  const server = createServer({
    assistant: core,
    settings,
    logger,
    feedbackLog,
    store,
    readiness: () => {
      const health = store.health();
      const workers = pool.status();
      const intakeDown = intakeThread !== undefined && !intakeThread.running();
      return {
        ready: poolReady && health.ok && !stopping && !intakeDown && !intakePending,
        ...(stopping ? { stopping: true } : {}),
        // The intake thread's niceness, and the main thread's once lowered behind it (MAIN_THREAD_NICE; null where unknown).
        ...(intakeThread
          ? { intake: { port: intakeThread.port, running: !intakeDown, nice: intakeThread.nice ?? null, ...(mainThreadPriority ? { mainThreadNice: mainThreadPriority.nice ?? null } : {}) } }
          : {}),
        // The niceness each answering thread reads for itself (ANSWER_WORKER_NICE; null where unknown).
        workers: { size: workers.size, loaded: workers.loaded, queued: workers.queued, nice: workers.threads.map((thread) => thread.nice ?? null), ...(poolError ? { error: poolError } : {}) },
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
    server.deliveries.use(intake.middleware);
    // Slack's deliveries are also taken before express: counted there too.
    const earlyRoute = (path: string, handler: EarlyHandler) =>
      server.earlyRoute(path, (req, res, next) => {
        intake.track(res);
        handler(req, res, next);
      });
    surfaces = await startSurfaces({ app: server.deliveries, earlyRoute, assistant: core, settings, logger, feedbackLog, store, topics, scopes, ...options.surfaces });
    for (const line of surfaces.lines) say(line);
    if (stopping) return;
    if (settings.INTAKE_PORT !== undefined) {
      // The intake port takes Slack in HTTP mode, and Teams when its tokens are checked (never in
      // the unauthenticated test mode: that stays on the main port, which refuses it in production).
      const slackOnIntake = surfaces.started.includes('slack-http');
      const teamsOnIntake = surfaces.started.includes('teams') && options.surfaces?.teamsAllowUnauthenticated !== true ? teamsInboundAuth(settings) : undefined;
      if (!slackOnIntake && !teamsOnIntake) {
        // By default it was only meant for a surface that did not start: nothing to say.
        if (!settings.intakeByDefault) {
          say('Port d’accueil : INTAKE_PORT ignoré (ni Slack en mode HTTP — SLACK_BOT_TOKEN et SLACK_SIGNING_SECRET, sans SLACK_APP_TOKEN —, ni Teams — TEAMS_CLIENT_ID et TEAMS_CLIENT_SECRET).');
        }
        intakePending = false;
      } else {
        try {
          intakeThread = await startIntakeThread({
            settings,
            logger,
            forwardTo: running.url,
            slack: slackOnIntake,
            ...(teamsOnIntake ? { teams: teamsOnIntake } : {}),
            // Deliveries stored by the thread: inbox work holds back a moment, then finds them at once.
            onStored: () => {
              intake.touch();
              store.wake();
            },
          });
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          // Set by the operator, it must start; by default, the main port still takes everything.
          if (!settings.intakeByDefault) throw new StartupError(`Port d’accueil (INTAKE_PORT=${settings.INTAKE_PORT}) : ${why}`);
          logger.warn({ port: settings.INTAKE_PORT, err: { message: why } }, 'intake: default port not started, Slack and Teams stay on the main port');
          say(
            `Port d’accueil par défaut (${settings.INTAKE_PORT}) non démarré : ${why}. Slack et Teams arrivent sur le port principal (INTAKE_PORT pour choisir un autre port, INTAKE_PORT=off pour s’en passer).`,
          );
        }
        // The intake thread was made at the main thread's priority; lowering the main thread now
        // leaves the intake ahead of it (a thread cannot raise its own priority without privilege).
        // Never down to the answering threads' priority: they stay behind the main thread.
        const mainNice = Math.min(settings.MAIN_THREAD_NICE, settings.ANSWER_WORKER_NICE - 1);
        if (intakeThread && mainNice > 0) {
          mainThreadPriority = lowerThreadPriority(mainNice);
          if (mainThreadPriority.unchanged === undefined) logger.info({ mainThread: mainThreadPriority }, 'intake: main thread priority lowered');
        }
        const which = settings.intakeByDefault ? 'port d’accueil par défaut, PORT + 1 ; INTAKE_PORT=off pour s’en passer' : 'INTAKE_PORT';
        if (intakeThread && slackOnIntake) say(`Slack : accueil des événements sur ${intakeThread.url}${SLACK_EVENTS_PATH} (${which}, fil dédié ; ce qu’il ne stocke pas passe au port principal).`);
        if (intakeThread && teamsOnIntake)
          say(
            `Teams : accueil des activités sur ${intakeThread.url}${TEAMS_MESSAGING_ENDPOINT} (${which}, fil dédié, jeton Bot Framework vérifié comme sur le port principal ; ce qu’il ne stocke pas passe au port principal).`,
          );
        intakePending = false;
        if (stopping) return;
      }
    }
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

  // A build under way in the background: once its index is swapped in, new workers load it and
  // take over; the previous ones finish the answers they hold, then stop.
  const rebuilt = backgroundBuild?.then(async (summary) => {
    reportIngest(summary, coreLogger);
    const problem = await verifyIndex(settings.indexDir);
    if (problem) throw new StartupError(problem);
    await started;
    if (stopping) return;
    const next = createAnswerPool(settings);
    try {
      await next.loaded();
    } catch (error) {
      await next.close().catch(() => undefined);
      throw error;
    }
    if (stopping) {
      await next.close().catch(() => undefined);
      return;
    }
    const previous = pool;
    pool = next;
    documents = await readDocumentsFile(settings.indexDir);
    chunks = undefined;
    logger.info({ chunks: summary.chunks }, 'index rebuilt: answering from the new index');
    await previous.close().catch(() => undefined);
  });
  const rebuiltReported = rebuilt?.catch((error: unknown) => {
    logger.error({ err: error }, 'index build failed: still answering from the previous index');
    throw error;
  });
  rebuiltReported?.catch(() => undefined);

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
      // The intake thread stops accepting; deliveries under way are stored (the store is still open).
      await intakeThread?.stop(Math.min(left(), 5_000)).catch(() => undefined);
      await surfaces?.stop().catch(() => undefined);
      // Inbox questions under way get the time left; the others go back to the inbox.
      await store.stopProcessing(left());
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, left()))]);
      running.closeAll();
      await rebuilt?.catch(() => undefined);
      await pool.close().catch(() => undefined);
      await store.close().catch(() => undefined);
    })();
    return stopped;
  };

  return { url: running.url, started, ...(rebuiltReported ? { rebuilt: rebuiltReported } : {}), stop };
}

/** What a build skipped or read approximately, said like the CLI says it. */
function reportIngest(summary: IngestSummary, logger: { warn(message: string): void }): void {
  for (const warning of summary.warnings) logger.warn(`Ingestion : ${warning.file} : ${warning.message}`);
  for (const failure of summary.failures) logger.warn(`Ingestion : ${failure.file} ignoré : ${failure.reason}`);
}
