/** Every setting, read once from the environment and validated, so a typo fails loudly at start. */
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const settingsSchema = z.object({
  CORPUS_DIR: z.string().default('corpus'),
  INDEX_DIR: z.string().default('index'),
  /** `offline` (no download) or a transformers.js model: hub id or local folder. */
  EMBEDDING_MODEL: z.string().default('offline'),
  MODELS_DIR: z.string().default('models'),
  MAX_FILE_MB: z.coerce.number().positive().default(50),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** The address users reach the server by when it is not HOST:PORT (a reverse proxy): its host is accepted in `Host`. */
  PUBLIC_URL: optionalString.refine((value) => value === undefined || URL.canParse(value), 'URL invalide'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  FEEDBACK_LOG: z.string().default('data/feedback.jsonl'),
  /** Size cap of the feedback log: past it, new feedback is refused (and the operator warned). */
  FEEDBACK_LOG_MAX_MB: z.coerce.number().positive().default(20),
  /** Signs the web session cookie; a random per-process key when unset (sessions end at restart). */
  SESSION_SECRET: optionalString,
  LLM_BASE_URL: optionalString,
  LLM_MODEL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  TEAMS_CLIENT_ID: optionalString,
  TEAMS_CLIENT_SECRET: optionalString,
  TEAMS_TENANT_ID: optionalString,
});

export type Settings = z.infer<typeof settingsSchema> & {
  corpusDir: string;
  indexDir: string;
  modelsDir: string;
};

export class SettingsError extends Error {}

/** Parses settings from an environment (process.env by default); paths are made absolute. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `${name} a une valeur invalide (« ${String(env[name] ?? '')} »)`;
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
