/** Opens the core for the command-line tools: index built if needed, LLM composer if configured. */
import type { Settings } from '../config.js';
import { settingsOrExit } from './settings.js';
import { openAssistant, type LoadedAssistant } from '../app/assistant.js';
import { createLlmComposer } from '../answer/llm-composer.js';

const stderrLogger = {
  warn: (message: string) => process.stderr.write(`⚠️  ${message}\n`),
  info: (message: string) => process.stderr.write(`${message}\n`),
};

export async function openCore(settings: Settings = settingsOrExit()): Promise<LoadedAssistant> {
  const llm = createLlmComposer(settings, stderrLogger);
  const assistant = await openAssistant(settings, { ensureIndex: true, logger: stderrLogger, llm });
  // A command answers at once: a damaged vector file is reported here, before any question.
  await assistant.ready;
  return assistant;
}
