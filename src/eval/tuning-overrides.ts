/**
 * Numeric composer settings named on the command line (`eval --tune name=value,…`), so that a
 * threshold's other values are measured without editing the tuning object.
 */
import { DEFAULT_TUNING, type AnswerTuning } from '../answer/compose/tuning.js';

export type NumericTuning = { [K in keyof AnswerTuning as AnswerTuning[K] extends number ? K : never]?: number };
type NumericSetting = keyof NumericTuning;

/** Character budgets and counts: whole numbers; the first two must leave something to compose. */
const COUNTS: ReadonlySet<NumericSetting> = new Set<NumericSetting>([
  'answerChars',
  'textLimit',
  'composeDepth',
  'blockSearchHits',
  'parentMaxChars',
  'substanceChars',
  'passageChars',
  'outlineMinSections',
  'topPassageMinChars',
  'refusalSuggestions',
  'fillBeforeMinChars',
  'signatureNameMaxChars',
  'actorLinesMaxSectionChars',
  'condensedProseChars',
  'condensedItemChars',
  'nextSentenceDepth',
  'nextSentenceCount',
  'nextSentenceMaxChars',
]);
const AT_LEAST_ONE: ReadonlySet<NumericSetting> = new Set<NumericSetting>(['composeDepth', 'textLimit', 'answerChars']);
/** Shares of a question or of a passage: between 0 and 1 (`undatedFigureFactor` is a weight, left open). */
const SHARES: ReadonlySet<NumericSetting> = new Set<NumericSetting>([
  'supportThreshold',
  'topPassageMaxDeficit',
  'suggestionMinCoverage',
  'usedSentenceShare',
  'compoundWholeCoverage',
  'secondPassageMinGain',
  'nextSentenceMinCoverage',
  'nextSentenceOtherMinCoverage',
]);

const NUMERIC_SETTINGS = Object.entries(DEFAULT_TUNING)
  .filter(([, setting]) => typeof setting === 'number')
  .map(([name]) => name as NumericSetting);

function settingValue(name: NumericSetting, raw: string): number {
  // A decimal point only: « 0,3 » was split at its comma before reaching here.
  const value = /^-?\d+(?:\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(value)) throw new Error(`valeur numérique attendue pour ${name} (séparateur décimal : le point, 0.3)`);
  if (value < 0) throw new Error(`valeur positive ou nulle attendue pour ${name}`);
  if (COUNTS.has(name) && !Number.isInteger(value)) throw new Error(`nombre entier attendu pour ${name}`);
  if (AT_LEAST_ONE.has(name) && value < 1) throw new Error(`au moins 1 attendu pour ${name}`);
  if (SHARES.has(name) && value > 1) throw new Error(`valeur entre 0 et 1 attendue pour ${name}`);
  return value;
}

/**
 * Reads `name=value` pairs separated by commas, on top of `previous` (a repeated `--tune` adds its
 * settings); throws, in French, on an unknown name, a value that is not a number of that setting's
 * sort, or nothing to set.
 */
export function parseTuningOverrides(text: string, previous: NumericTuning = {}): NumericTuning {
  const tuning: NumericTuning = { ...previous };
  for (const pair of text.split(',').map((item) => item.trim())) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    if (at < 0) {
      throw new Error(/^\d+$/.test(pair) ? `« ${pair} » : séparateur décimal : le point (0.3), pas la virgule` : `« ${pair} » : nom=valeur attendu`);
    }
    const name = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    if (name === '') throw new Error(`nom de réglage manquant dans « ${pair} »`);
    const setting = NUMERIC_SETTINGS.find((known) => known === name);
    if (!setting) throw new Error(`réglage inconnu : ${name} (connus : ${NUMERIC_SETTINGS.join(', ')})`);
    tuning[setting] = settingValue(setting, raw);
  }
  if (Object.keys(tuning).length === 0) throw new Error('aucun réglage donné (nom=valeur attendu)');
  return tuning;
}
