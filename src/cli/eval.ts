/**
 * `npm run eval -- --set eval/dev.jsonl [--json] [--k 10] [--verbose] [--ablate rule,…] [--tune name=value,…]`:
 * scores retrieval and answers against gold sets (eval/SCORING.md), with the top-passage baseline
 * beside the composed answers. `--ablate` switches composer rules off and prints, for every set,
 * the change they make; `--tune` composes with other values of the numeric settings (both sides of
 * an ablation use them). Always exits 0 once scored: thresholds are the regression test's job.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { settingsOrExit } from './settings.js';
import { createAssistant, openAssistant, type LoadedAssistant } from '../app/assistant.js';
import { RULES, type RuleId } from '../answer/compose/tuning.js';
import { parseTuningOverrides, type NumericTuning } from '../eval/tuning-overrides.js';
import { GoldSetError, loadGoldSet, settingsForGoldSet } from '../eval/gold-set.js';
import { formatReport, formatSummaryLine } from '../eval/report.js';
import { runEval } from '../eval/run.js';
import { generateStructureSet } from '../eval/structure-set.js';
import type { AnswerMetrics } from '../eval/scoring.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('entier entre 1 et 100 attendu');
  return n;
}

function ruleList(value: string): RuleId[] {
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !(id in RULES));
  if (unknown.length > 0) throw new InvalidArgumentError(`règle inconnue : ${unknown.join(', ')} (connues : ${Object.keys(RULES).join(', ')})`);
  return ids as RuleId[];
}

/** `--tune secondPassageMinGain=0.1,answerChars=1200`: numeric composer settings to measure, by name. */
function tuningList(value: string, previous?: NumericTuning): NumericTuning {
  try {
    return parseTuningOverrides(value, previous);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

async function everySet(): Promise<string[]> {
  const files = await readdir('eval').catch(() => [] as string[]);
  return files
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .map((file) => path.join('eval', file));
}

const delta = (after: number | null, before: number | null) => (after === null || before === null ? '-' : `${after - before >= 0 ? '+' : ''}${(after - before).toFixed(2)}`);

function ablationLine(set: string, on: AnswerMetrics, off: AnswerMetrics): string {
  return `${set}: exact ${delta(off.exact, on.exact)} must_include ${delta(off.mustIncludeCoverage, on.mustIncludeCoverage)} cit_precision ${delta(off.citationPrecision, on.citationPrecision)} refused(unans) ${delta(off.refusedUnanswerable, on.refusedUnanswerable)} wrong_refusals ${delta(off.wrongRefusals, on.wrongRefusals)}`;
}

const program = new Command()
  .name('eval')
  .description('Évalue la recherche et les réponses sur des jeux de questions de référence (eval/SCORING.md)')
  .option('--set <fichiers...>', 'jeux de questions au format JSONL (défaut : tous les eval/*.jsonl)')
  .option('--json', 'affiche seulement les métriques complètes en JSON')
  .option('--k <n>', 'nombre de passages récupérés par question', positiveInt, 10)
  .option('--verbose', 'affiche le texte des réponses en échec')
  .option('--structure', 'ajoute le jeu généré depuis la structure du corpus indexé (chaque bloc de section numérotée, trois formulations)')
  .option('--tune <réglages>', 'remplace des réglages numériques du composeur (nom=valeur, séparés par des virgules), pour mesurer une autre valeur', tuningList)
  .option('--ablate <règles>', `désactive des règles du composeur (séparées par des virgules) et affiche l'écart sur chaque jeu ; règles : ${Object.keys(RULES).join(', ')}`, ruleList)
  .action(async (options: { set?: string[]; json?: boolean; k: number; verbose?: boolean; ablate?: RuleId[]; structure?: boolean; tune?: NumericTuning }) => {
    const sets = options.set ?? (options.structure ? [] : await everySet());
    const goldSets = await Promise.all(sets.map(async (set) => ({ set, questions: await loadGoldSet(set) })));
    const settings = settingsOrExit();
    const assistant = await openAssistant(settings, { ensureIndex: true });
    await assistant.ready;
    if (options.structure) goldSets.push({ set: 'structure (généré)', questions: generateStructureSet(assistant.chunks, { documents: assistant.index.documents }) });
    // A set written for documents of its own (eval/corpora/<set name>/) is scored on them, with an
    // index of its own (index.<set name>/), not on the bundled corpus.
    const assistants = new Map<string, LoadedAssistant>([[settings.corpusDir, assistant]]);
    const assistantFor = async (set: string): Promise<LoadedAssistant> => {
      const ownSettings = settingsForGoldSet(set, settings);
      let opened = assistants.get(ownSettings.corpusDir);
      if (!opened) {
        opened = await openAssistant(ownSettings, { ensureIndex: true });
        await opened.ready;
        assistants.set(ownSettings.corpusDir, opened);
      }
      return opened;
    };
    // Progress only on a terminal: in logs and CI it would be lines of noise.
    const progress = !options.json && process.stderr.isTTY;
    const outputs: unknown[] = [];
    const tuned = options.tune
      ? Object.entries(options.tune)
          .map(([name, value]) => `${name}=${value}`)
          .join(', ')
      : undefined;
    if (tuned && !options.json) process.stdout.write(`réglages du composeur remplacés : ${tuned}\n`);
    // The same loaded index composed with other settings, and with the rules switched off: made
    // once per loaded index, so that their caches warm up as the default assistant's do.
    const variants = new Map<LoadedAssistant, { assistant: LoadedAssistant; ablated?: LoadedAssistant }>();
    const variantsOf = (loaded: LoadedAssistant) => {
      let made = variants.get(loaded);
      if (!made) {
        made = {
          assistant: options.tune ? createAssistant(loaded.index, { tuning: options.tune }) : loaded,
          ...(options.ablate ? { ablated: createAssistant(loaded.index, { tuning: { ...options.tune, disabled: new Set(options.ablate) } }) } : {}),
        };
        variants.set(loaded, made);
      }
      return made;
    };
    for (const { set, questions } of goldSets) {
      const loaded = set.endsWith('.jsonl') ? await assistantFor(set) : assistants.get(settings.corpusDir)!;
      const { assistant, ablated } = variantsOf(loaded);
      const report = await runEval(assistant, questions, {
        k: options.k,
        onQuestion: progress ? (_result, index, total) => process.stderr.write(`\r${set} : ${index + 1}/${total} questions`) : undefined,
      });
      if (progress) process.stderr.write('\n');
      const without = ablated ? await runEval(ablated, questions, { k: options.k }) : undefined;
      if (options.json) {
        outputs.push({
          set,
          ...(options.tune ? { tune: options.tune } : {}),
          ...report.metrics,
          ...(without ? { ablated: { rules: options.ablate, ...without.metrics, results: without.results } } : {}),
          results: report.results,
        });
        continue;
      }
      if (without) {
        process.stdout.write(
          `${set}\n  avec    : ${formatSummaryLine(report.metrics)}\n  sans    : ${formatSummaryLine(without.metrics)}\n  écart   : ${ablationLine(set, report.metrics.answers, without.metrics.answers)}\n`,
        );
      } else {
        process.stdout.write(`${goldSets.length > 1 ? `\n== ${set}\n` : ''}${formatReport(report.results, report.metrics, options.verbose)}\n`);
      }
    }
    if (options.json) process.stdout.write(`${JSON.stringify(outputs.length === 1 ? outputs[0] : outputs, null, 2)}\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof GoldSetError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Échec de l'évaluation : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
}
