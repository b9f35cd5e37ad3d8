/**
 * `npm run eval -- --set eval/dev.jsonl [--json] [--k 10] [--verbose]`: scores retrieval and
 * answers against a gold set (eval/SCORING.md). Always exits 0 once scored: thresholds are the
 * regression test's job, not this report's.
 */
import { Command, InvalidArgumentError } from 'commander';
import { settingsOrExit } from './settings.js';
import { openAssistant } from '../answer/assistant.js';
import { GoldSetError, loadGoldSet } from '../eval/gold-set.js';
import { formatReport } from '../eval/report.js';
import { runEval } from '../eval/run.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('entier entre 1 et 100 attendu');
  return n;
}

const program = new Command()
  .name('eval')
  .description('Évalue la recherche et les réponses sur un jeu de questions de référence (eval/SCORING.md)')
  .requiredOption('--set <fichier>', 'jeu de questions au format JSONL (ex. eval/dev.jsonl)')
  .option('--json', 'affiche seulement les métriques complètes en JSON')
  .option('--k <n>', 'nombre de passages récupérés par question', positiveInt, 10)
  .option('--verbose', 'affiche le texte des réponses en échec')
  .action(async (options: { set: string; json?: boolean; k: number; verbose?: boolean }) => {
    const questions = await loadGoldSet(options.set);
    const assistant = await openAssistant(settingsOrExit(), { ensureIndex: true });
    // Progress only on a terminal: in logs and CI it would be 30 lines of noise.
    const progress = !options.json && process.stderr.isTTY;
    const report = await runEval(assistant, questions, {
      k: options.k,
      onQuestion: progress ? (_result, index, total) => process.stderr.write(`\r${index + 1}/${total} questions`) : undefined,
    });
    if (progress) process.stderr.write('\n');
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ set: options.set, ...report.metrics, results: report.results }, null, 2)}\n`);
    } else {
      process.stdout.write(`${formatReport(report.results, report.metrics, options.verbose)}\n`);
    }
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
