/**
 * `npm run model:download -- [model]`: fetches a transformers.js model from the Hugging Face hub
 * into MODELS_DIR, the one moment the app is allowed to download. Runs stay offline afterwards.
 * Any failure ends with one French line and exit code 1, never a stack trace.
 */
import { Command } from 'commander';
import { settingsOrExit } from './settings.js';
import { DEFAULT_EMBEDDING_MODEL, locateModel, type ModelDtype } from '../index/embeddings/model-files.js';
import { TransformersEmbeddings } from '../index/embeddings/transformers-embeddings.js';

/** Network errors hide their reason (ENOTFOUND, ECONNREFUSED…) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  const message = detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
  const network = /fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET/.test(message);
  return network ? `${message} — huggingface.co est injoignable d'ici (réseau, proxy) ; sans modèle, EMBEDDING_MODEL=offline fonctionne hors ligne` : message;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('model:download')
    .description("Télécharge un modèle d'embeddings transformers.js dans MODELS_DIR.")
    .argument('[model]', 'identifiant du modèle sur le hub Hugging Face', DEFAULT_EMBEDDING_MODEL)
    .option('--dtype <dtype>', 'poids à télécharger : q8 (quantifié, plus léger) ou fp32', 'q8')
    .option('--models-dir <dir>', 'dossier des modèles (par défaut MODELS_DIR ou models/)')
    .showHelpAfterError();
  program.parse(argv);
  const model = program.args[0] ?? DEFAULT_EMBEDDING_MODEL;
  const options = program.opts<{ dtype: string; modelsDir?: string }>();
  if (options.dtype !== 'q8' && options.dtype !== 'fp32') {
    throw new Error(`--dtype doit valoir q8 ou fp32 (reçu « ${options.dtype} »)`);
  }
  const dtype: ModelDtype = options.dtype;
  const settings = settingsOrExit();
  const modelsDir = options.modelsDir ?? settings.modelsDir;
  const location = locateModel(model, modelsDir);
  if (location.isLocalFolder) {
    throw new Error(`« ${model} » est un dossier local : rien à télécharger (EMBEDDING_MODEL=${location.dir})`);
  }

  const seen = new Set<string>();
  let announced = false;
  const embeddings = new TransformersEmbeddings({
    model,
    modelsDir,
    dtype,
    allowRemote: true,
    onProgress: (info) => {
      // Announced once bytes flow, so an offline failure stays a single line.
      if (info.status === 'progress' && !announced) {
        announced = true;
        process.stderr.write(`Téléchargement de « ${model} » (${dtype}) vers ${location.dir}…\n`);
      }
      if (info.status === 'done' && info.file && !seen.has(info.file)) {
        seen.add(info.file);
        process.stderr.write(`  ${info.file}\n`);
      }
    },
  });
  // Embedding one string proves the files form a working model, not just that they arrived.
  const vector = await embeddings.embedQuery('test');
  await embeddings.dispose();
  process.stdout.write(
    `Modèle « ${model} » prêt dans ${location.dir} (dimension ${vector.length}).\n` + `Pour l'utiliser : EMBEDDING_MODEL=${model} npm run ingest (et la même variable pour ask, chat, start).\n`,
  );
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`Échec du téléchargement du modèle : ${describe(error)}\n`);
  process.exitCode = 1;
});
