/**
 * Starts the chat surfaces whose credentials are present, next to the web chat:
 * - Slack: SLACK_BOT_TOKEN + SLACK_APP_TOKEN → Socket Mode (outgoing WebSocket, no public URL);
 *   SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET → HTTP events mounted at /slack/events on the server.
 * - Teams: TEAMS_CLIENT_ID + TEAMS_CLIENT_SECRET → /api/messages mounted on the server.
 * A surface that fails to start is reported and logged, never fatal: the web chat keeps running.
 *
 * Mount on the server's `deliveries` router (from createServer), not on `app` directly: `app`
 * already ends with the 404 handler, so routes added to it afterwards would never be reached, and
 * `deliveries` comes first, so a delivery is acknowledged without the page's middleware.
 */
import type express from 'express';
import type { Assistant } from '../core/answer.js';
import type { Settings } from '../config.js';
import type { FeedbackSink } from './feedback-sink.js';
import type { Scopes } from './scopes.js';
import type { EarlyHandler } from './server.js';
import type { Logger } from './logger.js';
import type { InboxHandler, InboxSurface, ServingStore } from './store/types.js';
import { createSlackSurface, type SlackSurfaceOptions } from './slack/slack-surface.js';
import type { CorpusTopic } from './slack/suggested-prompts.js';
import { createTeamsSurface, TEAMS_MESSAGING_ENDPOINT } from './teams/teams-surface.js';

export const SLACK_EVENTS_PATH = '/slack/events';
/** Socket Mode connects to Slack over the internet: do not hold the server's start-up forever. */
const SLACK_START_TIMEOUT_MS = 15_000;

export interface StartSurfacesOptions {
  /** Where HTTP surfaces mount: the server's `deliveries` router. */
  app: express.Router;
  /** The server's door before express (`AlineaServer.earlyRoute`): Slack's deliveries go there too. */
  earlyRoute?: (path: string, handler: EarlyHandler) => void;
  assistant: Pick<Assistant, 'ask' | 'documents'>;
  settings: Settings;
  logger: Logger;
  feedbackLog: FeedbackSink;
  /** The shared inbox: the caller runs its processing with `handleJob`. Each surface keeps its own in memory when absent. */
  store?: ServingStore;
  /** Tests only: a local Slack Web API and known bot ids (no auth.test call). */
  slack?: Pick<SlackSurfaceOptions, 'clientOptions' | 'botId' | 'botUserId'>;
  /** The corpus's frequent headings, for the suggested prompts of Slack's assistant container. */
  topics?: CorpusTopic[];
  /** Channels and teams bound to a territory or documents (scopes.json). */
  scopes?: Scopes;
  /** Tests only: skip Teams token validation (refused in production by the surface). */
  teamsAllowUnauthenticated?: boolean;
}

export interface StartedSurfaces {
  /** French lines saying what started where (or why not), for the server to print. */
  lines: string[];
  /** Which surfaces are running. */
  started: ('slack-socket' | 'slack-http' | 'teams')[];
  /** Answers one inbox question with the surface it came from. */
  handleJob: InboxHandler;
  stop(): Promise<void>;
}

export async function startSurfaces(options: StartSurfacesOptions): Promise<StartedSurfaces> {
  const { app, assistant, settings, logger, feedbackLog } = options;
  const lines: string[] = [];
  const started: StartedSurfaces['started'] = [];
  const stops: (() => Promise<void>)[] = [];
  const handlers: Partial<Record<InboxSurface, InboxHandler>> = {};

  // ----- Slack -----
  const slackWanted = Boolean(settings.SLACK_BOT_TOKEN || settings.SLACK_APP_TOKEN || settings.SLACK_SIGNING_SECRET);
  if (!slackWanted) {
    lines.push('Slack : non configuré (SLACK_BOT_TOKEN + SLACK_APP_TOKEN ou SLACK_SIGNING_SECRET).');
  } else if (!settings.SLACK_BOT_TOKEN) {
    lines.push('Slack : SLACK_BOT_TOKEN manque, Slack n’est pas démarré.');
  } else if (!settings.SLACK_APP_TOKEN && !settings.SLACK_SIGNING_SECRET) {
    lines.push('Slack : il faut SLACK_APP_TOKEN (Socket Mode) ou SLACK_SIGNING_SECRET (HTTP), Slack n’est pas démarré.');
  } else {
    let slack: ReturnType<typeof createSlackSurface> | undefined;
    try {
      slack = createSlackSurface({ assistant, settings, logger, feedbackLog, store: options.store, topics: options.topics, scopes: options.scopes, ...options.slack });
      const surface = slack;
      handlers.slack = surface.handleJob;
      // Registered first so a timed-out Socket Mode connection is still closed by stop().
      stops.push(() => surface.stop());
      if (slack.mode === 'socket') {
        await withTimeout(slack.start(), SLACK_START_TIMEOUT_MS);
        lines.push('Slack : connecté en Socket Mode (aucune URL publique nécessaire).');
        started.push('slack-socket');
      } else {
        if (!slack.router) throw new Error('Slack HTTP mode without a router');
        // Mounted ahead of any body parser: Bolt checks the signature over the raw body.
        app.use(SLACK_EVENTS_PATH, slack.router);
        if (slack.early) options.earlyRoute?.(SLACK_EVENTS_PATH, slack.early);
        await slack.start();
        lines.push(`Slack : événements HTTP sur ${SLACK_EVENTS_PATH} (Request URL à déclarer dans l’app Slack).`);
        started.push('slack-http');
      }
    } catch (error) {
      logger.error({ err: error }, 'slack: start failed');
      lines.push(`Slack : échec du démarrage (${(error as Error).message}).`);
    }
  }

  // ----- Teams -----
  const teamsWanted = Boolean(settings.TEAMS_CLIENT_ID || settings.TEAMS_CLIENT_SECRET || options.teamsAllowUnauthenticated);
  if (!teamsWanted) {
    lines.push('Teams : non configuré (TEAMS_CLIENT_ID + TEAMS_CLIENT_SECRET).');
  } else if (!options.teamsAllowUnauthenticated && !(settings.TEAMS_CLIENT_ID && settings.TEAMS_CLIENT_SECRET)) {
    lines.push('Teams : TEAMS_CLIENT_ID et TEAMS_CLIENT_SECRET sont tous deux nécessaires, Teams n’est pas démarré.');
  } else {
    try {
      const teams = createTeamsSurface({
        assistant,
        settings,
        logger,
        feedbackLog,
        allowUnauthenticated: options.teamsAllowUnauthenticated === true,
        store: options.store,
        scopes: options.scopes,
      });
      handlers.teams = teams.handleJob;
      // The surface only calls `.use(router)`, which a Router has as well as an Application.
      teams.mount(app as unknown as express.Application);
      lines.push(`Teams : point de terminaison ${TEAMS_MESSAGING_ENDPOINT} sur le même port que le web.`);
      started.push('teams');
      stops.push(() => teams.stop());
    } catch (error) {
      logger.error({ err: error }, 'teams: start failed');
      lines.push(`Teams : échec du démarrage (${(error as Error).message}).`);
    }
  }

  return {
    lines,
    started,
    async handleJob(job, saveProgress) {
      const handler = handlers[job.surface];
      if (!handler) throw new Error(`no ${job.surface} surface on this replica`);
      await handler(job, saveProgress);
    },
    async stop() {
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pas de connexion après ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
