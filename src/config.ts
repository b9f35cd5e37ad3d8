/** Every setting, read once from the environment and validated, so a typo fails loudly at start. */
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * Why PUBLIC_URL cannot be used as the base of links sent to Slack and Teams, in French, or
 * undefined: an absolute http(s) URL without credentials, query or fragment; https in production.
 */
export function publicUrlProblem(value: string, production: boolean): string | undefined {
  if (!URL.canParse(value)) return 'adresse absolue attendue, par exemple https://alinea.exemple.fr';
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'adresse http(s) attendue';
  if (production && url.protocol !== 'https:') return 'https:// obligatoire quand NODE_ENV=production';
  if (url.username || url.password) return 'pas d’identifiants dans l’adresse';
  if (/[?#]/.test(value)) return 'ni « ? » ni « # » dans l’adresse';
  return undefined;
}

/**
 * Why TEAMS_TEST_LOGIN_URL cannot be used, in French, or undefined. It stands in for Microsoft's
 * login endpoints (the keys that sign the Bot Connector's tokens, the bot's own tokens) in tests:
 * a server on this machine only (http(s) on a loopback address), and only under NODE_ENV=test: a
 * server whose NODE_ENV was merely left unset would post its real client secret to whatever listens
 * on that port, and let whoever runs it sign Teams requests.
 */
export function teamsTestLoginProblem(value: string, nodeEnv: string): string | undefined {
  if (nodeEnv !== 'test') return `réservé aux tests : accepté seulement avec NODE_ENV=test (ici NODE_ENV=${nodeEnv})`;
  if (!URL.canParse(value)) return 'adresse absolue attendue, par exemple http://127.0.0.1:4000';
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'adresse http(s) attendue';
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return 'une adresse de cette machine seulement (127.0.0.1, localhost ou [::1])';
  if (url.username || url.password || /[?#]/.test(value)) return 'ni identifiants, ni « ? », ni « # » dans l’adresse';
  return undefined;
}

const fieldsSchema = z.object({
  CORPUS_DIR: z.string().default('corpus'),
  INDEX_DIR: z.string().default('index'),
  /** `offline` (no download) or a transformers.js model: hub id or local folder. */
  EMBEDDING_MODEL: z.string().default('offline'),
  MODELS_DIR: z.string().default('models'),
  MAX_FILE_MB: z.coerce.number().positive().default(50),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /**
   * A second port, served by a thread of its own, where Slack's Events API deliveries are checked,
   * stored and acknowledged whatever the main port is busy with (the reverse proxy sends
   * /slack/events there), and Teams' activities likewise (/api/messages, the Bot Framework token
   * checked as on PORT). Unset: PORT + 1 when Slack in HTTP mode or Teams is configured (see
   * `intakeDefault`); `off`: none, both come in on PORT only.
   */
  INTAKE_PORT: z.preprocess(
    (value) => (typeof value !== 'string' ? value : value.trim() === '' ? undefined : value.trim().toLowerCase() === 'off' ? 'off' : value),
    z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).optional(),
  ),
  /**
   * The address users reach the server by when it is not HOST:PORT (a reverse proxy): its host is
   * accepted in `Host`, and Slack and Teams citations link to the web reader under it.
   */
  PUBLIC_URL: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  FEEDBACK_LOG: z.string().default('data/feedback.jsonl'),
  /** Size cap of the feedback log: past it, new feedback is refused (and the operator warned). */
  FEEDBACK_LOG_MAX_MB: z.coerce.number().positive().default(20),
  /** Signs the web session cookie; a random per-process key when unset (sessions end at restart). */
  SESSION_SECRET: optionalString,
  /** Answering worker threads; the number of cores minus one (at least one) when unset. */
  ANSWER_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /**
   * Added to the niceness of the answering threads and of a child building the index (Linux: per
   * thread), so that the main thread's acknowledgements and health checks get the CPU first; 0
   * leaves them at the server's priority.
   */
  ANSWER_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * Added to the main thread's niceness once the intake thread runs (Linux: per thread), so that
   * in a burst the intake's acknowledgements get the CPU before the main thread's API work; kept
   * below ANSWER_WORKER_NICE, so the answering threads stay behind both (answering threads started
   * later, after a rebuild, start from the lowered priority). 0 leaves the main thread as it is.
   */
  MAIN_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(3),
  /** `false`: never build the index at start (replicas load the artifact `npm run ingest` built). */
  AUTO_INGEST: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  /** PostgreSQL shared by replicas (inbox, conversations, duplicates, feedback); SQLite file otherwise. */
  DATABASE_URL: optionalString,
  /** The embedded store (one replica): a SQLite file. */
  STORE_FILE: z.string().default('data/alinea.sqlite'),
  /** Conversations and logged questions are deleted after this many days. */
  RETENTION_DAYS: z.coerce.number().positive().default(30),
  /** Refusals and 👎 kept with their question for the staff page are deleted after this many days. */
  REVIEW_RETENTION_DAYS: z.coerce.number().positive().default(30),
  /** Binds Slack channels and Teams teams to a territory or documents (scopes.json at the root when unset; optional there). */
  SCOPES_FILE: optionalString,
  /** Opens the staff page (`/equipe`); the page is refused while it is unset. At least 16 characters. */
  ADMIN_TOKEN: optionalString,
  /** A question being answered by a replica that stopped answering is handed to another after this. */
  INBOX_LEASE_SECONDS: z.coerce.number().int().min(2).max(3_600).default(60),
  /** How long SIGTERM/SIGINT waits for answers under way before handing them back to the inbox. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  LLM_BASE_URL: optionalString,
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  /** Slack Web API base (GovSlack, or a local stand-in in tests); ends with `/api/`. */
  SLACK_API_URL: optionalString,
  TEAMS_CLIENT_ID: optionalString,
  TEAMS_CLIENT_SECRET: optionalString,
  TEAMS_TENANT_ID: optionalString,
  /** Tests only: a loopback stand-in for Microsoft's login endpoints (see teamsTestLoginProblem); refused in production. */
  TEAMS_TEST_LOGIN_URL: optionalString,
});

// Rules that read several fields (PUBLIC_URL must be https in production), or say more than « invalid ».
const settingsSchema = fieldsSchema.superRefine((settings, context) => {
  const problem = settings.PUBLIC_URL === undefined ? undefined : publicUrlProblem(settings.PUBLIC_URL, settings.NODE_ENV === 'production');
  if (problem) context.addIssue({ code: z.ZodIssueCode.custom, path: ['PUBLIC_URL'], message: problem });
  if (typeof settings.INTAKE_PORT === 'number' && settings.INTAKE_PORT !== 0 && settings.INTAKE_PORT === settings.PORT) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ['INTAKE_PORT'], message: 'doit différer de PORT (un second port, pour les événements Slack et Teams)' });
  }
  const loginProblem = settings.TEAMS_TEST_LOGIN_URL === undefined ? undefined : teamsTestLoginProblem(settings.TEAMS_TEST_LOGIN_URL, settings.NODE_ENV);
  if (loginProblem) context.addIssue({ code: z.ZodIssueCode.custom, path: ['TEAMS_TEST_LOGIN_URL'], message: loginProblem });
  if (settings.ADMIN_TOKEN !== undefined && settings.ADMIN_TOKEN.length < 16) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ['ADMIN_TOKEN'], message: '16 caractères au moins (par exemple : openssl rand -hex 24)' });
  }
});

/**
 * The intake port when INTAKE_PORT is not set: PORT + 1 (an ephemeral port when PORT is 0) as soon
 * as something arrives there — Slack in HTTP mode (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, no
 * SLACK_APP_TOKEN) or Teams (TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET) — and the store can be
 * shared with its thread (a file or PostgreSQL, not `:memory:`); otherwise none.
 */
export function intakeDefault(
  settings: Pick<z.infer<typeof fieldsSchema>, 'PORT' | 'STORE_FILE' | 'DATABASE_URL' | 'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'TEAMS_CLIENT_ID' | 'TEAMS_CLIENT_SECRET'>,
): number | undefined {
  const slackHttp = Boolean(settings.SLACK_BOT_TOKEN && settings.SLACK_SIGNING_SECRET && !settings.SLACK_APP_TOKEN);
  const teams = Boolean(settings.TEAMS_CLIENT_ID && settings.TEAMS_CLIENT_SECRET);
  if (!slackHttp && !teams) return undefined;
  if (!settings.DATABASE_URL && settings.STORE_FILE === ':memory:') return undefined;
  if (settings.PORT === 0) return 0;
  return settings.PORT < 65535 ? settings.PORT + 1 : undefined;
}

/** INTAKE_PORT resolved: the port set, none with `off`, else the default (`intakeByDefault` then says so). */
const resolvedSchema = settingsSchema.transform((settings) => {
  const { INTAKE_PORT: raw, ...rest } = settings;
  const fallback = raw === undefined ? intakeDefault(settings) : undefined;
  const INTAKE_PORT: number | undefined = raw === 'off' ? undefined : (raw ?? fallback);
  return { ...rest, INTAKE_PORT, intakeByDefault: fallback !== undefined };
});

export type Settings = z.infer<typeof resolvedSchema> & {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
};

export class SettingsError extends Error {}

/** Parses settings from an environment (process.env by default); paths are made absolute. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = resolvedSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const why = issue.code === z.ZodIssueCode.custom ? ` : ${issue.message}` : '';
      // A secret is never echoed, even a wrong one.
      const shown = /TOKEN|SECRET|KEY|PASSWORD|DATABASE_URL/.test(name) ? '…' : String(env[name] ?? '');
      return `${name} a une valeur invalide (« ${shown} »)${why}`;
    });
    throw new SettingsError(`Configuration invalide : ${problems.join(' ; ')}`);
  }
  const settings = parsed.data;
  return {
    ...settings,
    corpusDir: path.resolve(settings.CORPUS_DIR),
    indexDir: path.resolve(settings.INDEX_DIR),
    modelsDir: path.resolve(settings.MODELS_DIR),
  };
}
