/** Settings for the commands: an invalid environment ends the command with one French line, not a stack trace. */
import { loadSettings, SettingsError, type Settings } from '../config.js';

export function settingsOrExit(env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    return loadSettings(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}
