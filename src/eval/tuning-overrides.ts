/**
 * Numeric composer settings named on the command line (`eval --tune name=value,…`), so that a
 * threshold's other values are measured without editing the tuning object.
 */
import { DEFAULT_TUNING, type AnswerTuning } from '../answer/compose/tuning.js';

export type NumericTuning = { [K in keyof AnswerTuning as AnswerTuning[K] extends number ? K : never]?: number };

const NUMERIC_SETTINGS = Object.entries(DEFAULT_TUNING)
  .filter(([, setting]) => typeof setting === 'number')
  .map(([name]) => name);

/** Reads `name=value` pairs separated by commas; throws (in French) on an unknown name or a value that is not a number. */
export function parseTuningOverrides(value: string): NumericTuning {
  const tuning: Record<string, number> = {};
  for (const pair of value.split(',').filter((item) => item.trim() !== '')) {
    const [key = '', raw = ''] = pair.split('=').map((part) => part.trim());
    if (!NUMERIC_SETTINGS.includes(key)) throw new Error(`réglage inconnu : ${key} (connus : ${NUMERIC_SETTINGS.join(', ')})`);
    const number = Number(raw);
    if (raw === '' || !Number.isFinite(number)) throw new Error(`valeur numérique attendue pour ${key}`);
    tuning[key] = number;
  }
  return tuning as NumericTuning;
}
