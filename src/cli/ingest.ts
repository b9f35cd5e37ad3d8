/** `npm run ingest`: builds or updates the index, then prints a summary; exit 1 if a file failed. */
import { Command } from 'commander';
import { settingsOrExit } from './settings.js';
import { runIngest, SUMMARY_MARKER } from '../app/build-index.js';

const program = new Command()
  .name('ingest')
  .description("Construit l'index de recherche à partir du dossier du corpus")
  .option('--corpus <dir>', 'dossier du corpus (sinon CORPUS_DIR)')
  .option('--index <dir>', "dossier de l'index (sinon INDEX_DIR)")
  .option('--no-progress', 'sans barre de progression')
  .option('--json', 'affiche le bilan en JSON sur une ligne (pour un serveur qui construit son index à part)')
  .parse();

const options = program.opts<{ corpus?: string; index?: string; progress: boolean; json?: boolean }>();
const settings = settingsOrExit({
  ...process.env,
  ...(options.corpus ? { CORPUS_DIR: options.corpus } : {}),
  ...(options.index ? { INDEX_DIR: options.index } : {}),
});

try {
  const summary = await runIngest({ settings, progress: options.progress && process.stderr.isTTY });
  if (options.json) {
    // The caller (a server building its index) reports the failures itself.
    process.stdout.write(`${SUMMARY_MARKER}${JSON.stringify(summary)}\n`);
    process.exitCode = 0;
  } else {
    for (const warning of summary.warnings) console.error(`⚠ ${warning.file} : ${warning.message}`);
    for (const failure of summary.failures) console.error(`✗ ${failure.file} : ${failure.reason}`);
    console.log(
      `Index prêt (${summary.indexDir}) : ${summary.files} fichiers (${summary.parsed} analysés, ${summary.reused} inchangés, ${summary.removed} retirés), ` +
        `${summary.pages} pages, ${summary.chunks} passages, ${summary.seconds.toFixed(1)} s, ${summary.failures.length} échec(s), ${summary.warnings.length} avertissement(s). Embeddings : ${summary.embedderId}.`,
    );
    process.exitCode = summary.failures.length > 0 ? 1 : 0;
  }
} catch (error) {
  console.error(`Échec de l'ingestion : ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
