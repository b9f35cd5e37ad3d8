/**
 * `npm run bench [-- --quick] [--only 1,100v] [--json] [--keep]`: ingest, index load, retrieval
 * and answer latency and memory on the corpus and on synthetic corpora 10× and 100× larger — the
 * corpus copied with light changes (10×, 100×) and 100 different documents made from it (100v:
 * re-cut, recombined, names and numbers varied) — each phase in its own process. Nothing is
 * estimated: a phase that cannot run is reported as an error.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { settingsOrExit } from './settings.js';
import { runPhase, type PhaseResult } from '../bench/phases.js';
import { startLocalPostgres } from '../bench/local-postgres.js';
import { formatBench, type BenchResult, type ScaleResult } from '../bench/report.js';
import { buildSyntheticCorpus, buildVariedCorpus, corpusSize } from '../bench/synth-corpus.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The core entry points the bench drives; until they exist the bench refuses to run. */
const REQUIRED = [
  ['app/build-index.ts', 'runIngest'],
  ['app/assistant.ts', 'openAssistant'],
] as const;

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('nombre entier positif ou nul attendu');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('nombre de secondes positif attendu');
  return n;
}

/** A corpus the bench measures: `100` copies the corpus 100 times, `100v` makes 100 varied documents of each. */
interface ScaleChoice {
  copies: number;
  varied: boolean;
}

function scaleChoices(value: string): ScaleChoice[] {
  return value.split(',').map((item) => {
    const match = /^(\d+)(v?)$/.exec(item.trim());
    if (!match || Number(match[1]) < 1) throw new InvalidArgumentError('échelles attendues, par exemple « 1,100,100v »');
    return { copies: Number(match[1]), varied: match[2] === 'v' };
  });
}

interface BenchOptions {
  quick?: boolean;
  /** Only these corpora, and no HTTP, Slack or burst phase. */
  only?: ScaleChoice[];
  /** Only the 1× ingest and the burst. */
  burst?: boolean;
  /** The burst's server runs its intake thread (INTAKE_PORT, as `npm start` does by default); false: the deliveries go to the main port. */
  intake?: boolean;
  /** Teams activities of the second burst (0: no Teams burst). */
  teams: number;
  /** The burst's server stores in PostgreSQL: this URL, or (true) a throwaway local server. */
  postgres?: string | true;
  json?: boolean;
  keep?: boolean;
  set: string;
  ingestTimeout: number;
  queryTimeout: number;
}

async function bench(options: BenchOptions): Promise<BenchResult> {
  const missing = REQUIRED.filter(([file]) => !existsSync(path.join(SRC, file)));
  if (missing.length > 0) {
    throw new Error(`Le bench a besoin de ${missing.map(([file, fn]) => `${fn}() dans src/${file}`).join(' et de ')}, absent(s) pour l'instant : aucune mesure possible.`);
  }
  const settings = settingsOrExit();
  const plain = (copies: number): ScaleChoice => ({ copies, varied: false });
  const scales: ScaleChoice[] = options.burst ? [plain(1)] : (options.only ?? (options.quick ? [plain(1), plain(10)] : [plain(1), plain(10), plain(100), { copies: 100, varied: true }]));
  const root = await mkdtemp(path.join(os.tmpdir(), 'alinea-bench-'));
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const result: BenchResult = { scales: [] };
  try {
    for (const { copies: scale, varied } of scales) {
      const name = `${scale}x${varied ? '-varie' : ''}`;
      const label = `${scale}×${varied ? ' varié' : ''}`;
      const corpusDir = scale === 1 && !varied ? settings.corpusDir : path.join(root, `corpus-${name}`);
      const indexDir = path.join(root, `index-${name}`);
      let size: ScaleResult['size'];
      if (scale === 1 && !varied) {
        size = await corpusSize(corpusDir);
      } else {
        log(`${label} : construction du corpus synthétique…`);
        size = varied ? await buildVariedCorpus(settings.corpusDir, corpusDir, scale) : await buildSyntheticCorpus(settings.corpusDir, corpusDir, scale);
      }
      const entry: ScaleResult = { scale, ...(varied ? { varied } : {}), size, errors: [] };
      result.scales.push(entry);

      log(`${label} : ingestion de ${(size.bytes / 1e6).toFixed(1)} Mo…`);
      try {
        // Timeouts grow with the corpus: they only stop a hung phase.
        entry.ingest = await runPhase({ phase: 'ingest', corpusDir, indexDir }, (options.ingestTimeout + 60 * scale) * 1000);
      } catch (error) {
        entry.errors.push((error as Error).message);
        if (scale === 1) break; // nothing larger will work if the real corpus does not ingest
        continue;
      }
      if (options.burst) continue;
      log(`${label} : chargement et requêtes…`);
      try {
        entry.query = await runPhase({ phase: 'query', corpusDir, indexDir, goldSet: path.resolve(options.set), rounds: 3 }, (options.queryTimeout + 5 * scale) * 1000);
      } catch (error) {
        entry.errors.push((error as Error).message);
      }
      log(`${label} : MiniSearch et Orama sur les mêmes passages…`);
      try {
        entry.peers = await runPhase({ phase: 'peers', corpusDir, indexDir, goldSet: path.resolve(options.set) }, (options.queryTimeout + 10 * scale) * 1000);
      } catch (error) {
        entry.errors.push((error as Error).message);
      }
      if (corpusDir !== settings.corpusDir && !options.keep) await rm(corpusDir, { recursive: true, force: true });
    }

    const first = result.scales[0]?.scale === 1 && !result.scales[0].varied ? result.scales[0] : undefined;
    if (options.only) {
      result.httpNote = result.slackNote = result.burstNote = 'non mesuré (--only)';
    } else if (options.burst) {
      result.httpNote = 'non mesuré (--burst)';
    } else if (!existsSync(path.join(SRC, 'chat/load-probe.ts'))) {
      result.httpNote = 'non mesuré (src/chat/load-probe.ts absent)';
    } else if (!first?.ingest) {
      result.httpNote = "non mesuré (l'ingestion 1× a échoué)";
    } else {
      log('HTTP : 200 requêtes /api/ask simultanées…');
      try {
        const http: PhaseResult = await runPhase({ phase: 'http', corpusDir: settings.corpusDir, indexDir: path.join(root, 'index-1x'), requests: 200 }, options.queryTimeout * 1000);
        result.http = http;
      } catch (error) {
        result.httpNote = `échec : ${(error as Error).message}`;
      }
    }
    if (options.burst) {
      result.slackNote = 'non mesuré (--burst)';
    } else if (!result.httpNote?.startsWith('non mesuré')) {
      log('Slack : 100 événements signés simultanés…');
      try {
        result.slack = await runPhase({ phase: 'slack', corpusDir: settings.corpusDir, indexDir: path.join(root, 'index-1x'), events: 100 }, options.queryTimeout * 1000);
      } catch (error) {
        result.slackNote = `échec : ${(error as Error).message}`;
      }
    } else {
      result.slackNote = result.httpNote;
    }
    if (options.only) {
      // Nothing else measured.
    } else if (first?.ingest) {
      log(`Rafale : 300 /api/ask et 100 événements Slack simultanés sur un serveur réel${options.teams > 0 ? `, puis 300 /api/ask et ${options.teams} activités Teams` : ''}…`);
      // --postgres alone: a throwaway PostgreSQL from Debian's package, as the tests start it.
      const local = options.postgres === true ? await startLocalPostgres().catch((error: Error) => error) : undefined;
      try {
        if (local instanceof Error) throw local;
        const databaseUrl = local ? local.url : typeof options.postgres === 'string' ? options.postgres : undefined;
        result.burst = await runPhase(
          {
            phase: 'burst',
            corpusDir: settings.corpusDir,
            indexDir: path.join(root, 'index-1x'),
            requests: 300,
            events: 100,
            teams: options.teams,
            intake: options.intake !== false,
            ...(databaseUrl ? { databaseUrl } : {}),
          },
          options.queryTimeout * 1000,
        );
      } catch (error) {
        result.burstNote = `échec : ${(error as Error).message}`;
      } finally {
        if (local && !(local instanceof Error)) await local.close();
      }
    } else {
      result.burstNote = "non mesuré (l'ingestion 1× a échoué)";
    }
  } finally {
    if (options.keep) log(`Fichiers conservés dans ${root}`);
    else await rm(root, { recursive: true, force: true });
  }
  return result;
}

const program = new Command()
  .name('bench')
  .description("Mesure l'ingestion, le chargement de l'index, la latence des recherches et des réponses, et la mémoire (1×, 10×, 100×)")
  .option('--quick', 'seulement 1× et 10×')
  .option('--only <échelles>', 'seulement ces corpus, sans HTTP, Slack ni rafale (ex. « 1,100,100v » ; « v » : documents variés)', scaleChoices)
  .option('--burst', "seulement l'ingestion 1× et la rafale (300 /api/ask + 100 événements Slack, puis 300 /api/ask + 100 activités Teams)")
  // As `npm start` runs when Slack or Teams is configured: the intake port is on unless told off
  // (`--intake`, its earlier switch, is still accepted).
  .option('--intake', "rafale : par le port d'accueil (INTAKE_PORT, fil dédié) ; c'est le défaut")
  .option('--no-intake', "rafale : sans port d'accueil (INTAKE_PORT=off), les événements Slack et activités Teams arrivent sur le port principal")
  .option('--teams <n>', 'rafale : activités Teams de la seconde rafale (0 : pas de rafale Teams)', count, 100)
  .option('--postgres [url]', 'rafale : file, conversations et doublons dans PostgreSQL (cette URL, ou sans URL un serveur local jetable du paquet Debian « postgresql »)')
  .option('--json', 'affiche les mesures en JSON')
  .option('--keep', 'conserve les corpus et index temporaires')
  .option('--set <fichier>', 'questions chronométrées (jeu de questions JSONL)', 'eval/dev.jsonl')
  .option('--ingest-timeout <s>', "délai de base d'une ingestion (+ 60 s par copie du corpus)", seconds, 120)
  .option('--query-timeout <s>', 'délai de base de la phase de requêtes (+ 5 s par copie)', seconds, 300)
  .action(async (options: BenchOptions) => {
    const result = await bench(options);
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatBench(result)}\n`);
    const failed = result.scales.some((scale) => scale.errors.length > 0) || result.httpNote?.startsWith('échec') || result.slackNote?.startsWith('échec') || result.burstNote?.startsWith('échec');
    if (failed) process.exitCode = 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
