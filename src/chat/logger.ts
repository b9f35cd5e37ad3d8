/**
 * One pino logger for the server and the chat surfaces. Secrets are redacted by path so a
 * careless `log.info({ headers })` cannot leak a token, and user questions are never logged in
 * full at info level: `questionFingerprint` gives a length and a short hash instead, enough to
 * correlate a complaint with a log line without keeping what people typed.
 */
import { createHash } from 'node:crypto';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Settings } from '../config.js';

export type { Logger } from 'pino';

export const REDACTED_PATHS = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  'cookie',
  '*.cookie',
];

/**
 * Builds the application logger. `destination` lets tests capture the JSON lines; by default
 * pino writes to stdout.
 */
export function createLogger(settings: Pick<Settings, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = {
    level: settings.LOG_LEVEL,
    base: { app: 'alinea' },
    redact: { paths: REDACTED_PATHS, censor: '[masqué]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** What info logs carry about a question instead of its text. */
export function questionFingerprint(question: string): { questionLength: number; questionHash: string } {
  return {
    questionLength: question.length,
    questionHash: createHash('sha256').update(question).digest('hex').slice(0, 12),
  };
}
