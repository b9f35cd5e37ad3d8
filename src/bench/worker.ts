/**
 * One measured bench phase, run in its own process so its peak RSS is its own:
 * `tsx src/bench/worker.ts '<json PhaseRequest>'`. Prints one `BENCH_RESULT {json}` line on stdout;
 * anything else it prints (logs) is ignored by the parent.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadSettings } from '../config.js';
import { openAssistant } from '../app/assistant.js';
import { runIngest } from '../app/build-index.js';
import { loadGoldSet } from '../eval/gold-set.js';
import { normalizedQuoteFoundIn, normalizeForScoring, percentile } from '../eval/scoring.js';
import { foldText } from '../lang/fr/normalize.js';
import { RESULT_MARKER, type PhaseRequest, type PhaseResult } from './phases.js';

const round = (value: number | null, digits = 1) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

function settingsFor(request: PhaseRequest) {
  return loadSettings({ ...process.env, CORPUS_DIR: request.corpusDir, INDEX_DIR: request.indexDir });
}

/** CPU seconds of this process so far (all its threads): unlike wall time, not inflated by other processes on the machine. */
function cpuSeconds(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

/** Memory after a full collection: what the loaded index really keeps, apart from garbage. */
function liveMemory(): { heapMb: number; externalMb: number; rssMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  return { heapMb: Math.round(memory.heapUsed / 1e6), externalMb: Math.round(memory.external / 1e6), rssMb: Math.round(memory.rss / 1e6) };
}

async function ingestPhase(request: PhaseRequest): Promise<PhaseResult> {
  const loadAverage = round(os.loadavg()[0]!, 1);
  const started = performance.now();
  const summary = await runIngest({ settings: settingsFor(request), progress: false });
  const wallSeconds = (performance.now() - started) / 1000;
  const stages = Object.fromEntries(Object.entries(summary.stages).map(([stage, seconds]) => [`stage.${stage}`, round(seconds, 2)]));
  return {
    phase: 'ingest',
    seconds: summary.seconds,
    wallSeconds: round(wallSeconds, 3)!,
    cpuSeconds: round(cpuSeconds(), 1),
    files: summary.files,
    chunks: summary.chunks,
    failures: summary.failures.length,
    loadAverage,
    ...stages,
  };
}

async function queryPhase(request: PhaseRequest): Promise<PhaseResult> {
  const questions = (await loadGoldSet(request.goldSet!)).map((item) => item.question);
  if (questions.length === 0) throw new Error(`Aucune question dans ${request.goldSet}`);
  const settings = settingsFor(request);
  const loadStart = performance.now();
  const loadCpu = cpuSeconds();
  const assistant = await openAssistant(settings);
  const loadMs = performance.now() - loadStart;
  const loadCpuMs = (cpuSeconds() - loadCpu) * 1000;
  // Until `ready` the vectors are still read in the background (every answer waits for them), and
  // the warm-up answers its questions: memory and the cold answers are measured once both are done.
  await assistant.ready;
  const readyMs = performance.now() - loadStart;
  const readyCpuMs = (cpuSeconds() - loadCpu) * 1000;
  await assistant.warmed;
  const loaded = liveMemory();

  // Answers first, with no warm-up: the first question of each kind pays whatever is lazy, as the
  // first user after a start would (counted in the max). Then the same questions again, warm
  // (the percentiles, comparable from run to run).
  const coldTimes: number[] = [];
  const askTimes: number[] = [];
  // CPU time of each warm answer and search (this process, all threads): on a machine shared with
  // other work, wall times count the waits for a core; these do not.
  const askCpu: number[] = [];
  const searchCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const firstOfKind = new Map<string, number>();
  for (const round of [0, 1]) {
    for (const question of questions) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      const answer = await assistant.ask(question, { surface: 'bench' });
      const elapsed = performance.now() - t;
      (round === 0 ? coldTimes : askTimes).push(elapsed);
      if (round === 1) askCpu.push(cpuMs(cpu));
      if (round === 0 && !firstOfKind.has(answer.kind)) firstOfKind.set(answer.kind, elapsed);
    }
  }
  const searchTimes: number[] = [];
  for (let round = 0; round < (request.rounds ?? 3); round++) {
    for (const question of questions) {
      const t = performance.now();
      const cpu = process.cpuUsage();
      await assistant.search(question, { k: 10 });
      searchTimes.push(performance.now() - t);
      searchCpu.push(cpuMs(cpu));
    }
  }
  const answered = liveMemory();
  return {
    phase: 'query',
    loadMs: round(loadMs)!,
    loadCpuMs: round(loadCpuMs)!,
    readyMs: round(readyMs)!,
    readyCpuMs: round(readyCpuMs)!,
    chunks: assistant.chunks.length,
    queries: searchTimes.length,
    asks: coldTimes.length + askTimes.length,
    searchP50: round(percentile(searchTimes, 50)),
    searchP95: round(percentile(searchTimes, 95)),
    searchMax: round(Math.max(...searchTimes)),
    askP50: round(percentile(askTimes, 50)),
    askP95: round(percentile(askTimes, 95)),
    askMax: round(Math.max(...coldTimes, ...askTimes)),
    askFirstMax: round(Math.max(...firstOfKind.values())),
    searchCpuP50: round(percentile(searchCpu, 50)),
    searchCpuP95: round(percentile(searchCpu, 95)),
    askCpuP50: round(percentile(askCpu, 50)),
    askCpuP95: round(percentile(askCpu, 95)),
    heapMbLoaded: loaded.heapMb,
    externalMbLoaded: loaded.externalMb,
    rssMbLoaded: loaded.rssMb,
    heapMbAfter: answered.heapMb,
    rssMbAfter: answered.rssMb,
    loadAverage: round(os.loadavg()[0]!, 1),
  };
}

async function httpPhase(request: PhaseRequest): Promise<PhaseResult> {
  const { runAskLoad } = await import('../chat/load-probe.js');
  const { createServer } = await import('../chat/server.js');
  const { createLogger } = await import('../chat/logger.js');
  const { FeedbackLog } = await import('../chat/feedback-log.js');
  const settings = { ...settingsFor(request), LOG_LEVEL: 'silent' as const };
  const assistant = await openAssistant(settings);
  await assistant.ready;
  const server = createServer({
    assistant,
    settings,
    logger: createLogger(settings),
    feedbackLog: new FeedbackLog(`${request.indexDir}/bench-feedback.jsonl`),
  });
  const running = await server.listen(0, '127.0.0.1');
  try {
    // One warm-up request so the first measured ones do not pay lazy initialisation.
    await runAskLoad(running.url, 1, 1);
    const n = request.requests ?? 200;
    const load = await runAskLoad(running.url, n, n);
    return {
      phase: 'http',
      requests: n,
      ok: load.ok,
      failed: load.failed,
      seconds: load.seconds,
      requestsPerSecond: load.requestsPerSecond,
      p95Ms: load.p95Ms,
      failures: load.failures.length,
    };
  } finally {
    await running.close();
  }
}

/**
 * The Slack half of the load: the real Slack surface (Bolt, HTTP mode) mounted on 127.0.0.1 with
 * the real assistant on the index, receiving n simultaneous signed mentions; its Web API calls go to
 * a local sink that counts the final answers per thread.
 */
async function slackPhase(request: PhaseRequest): Promise<PhaseResult> {
  const { runSlackEventLoad, slackMentionEvents } = await import('../chat/load-probe.js');
  const { createSlackSurface } = await import('../chat/slack/slack-surface.js');
  const { createLogger } = await import('../chat/logger.js');
  const { FeedbackLog } = await import('../chat/feedback-log.js');
  const { startSlackApiSink } = await import('./slack-api-sink.js');
  const express = (await import('express')).default;
  const { randomBytes } = await import('node:crypto');
  const signingSecret = randomBytes(16).toString('hex');
  // HTTP mode whatever the environment says: no Socket Mode token, a throwaway secret and token.
  const settings = {
    ...settingsFor(request),
    LOG_LEVEL: 'silent' as const,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: undefined,
  };
  const assistant = await openAssistant(settings);
  await assistant.ready;
  const sink = await startSlackApiSink();
  const surface = createSlackSurface({
    assistant,
    settings,
    logger: createLogger(settings),
    feedbackLog: new FeedbackLog(`${request.indexDir}/bench-slack-feedback.jsonl`),
    clientOptions: { slackApiUrl: sink.apiUrl },
    botId: 'BBOT',
    botUserId: 'UBOT',
  });
  const app = express();
  app.use('/slack/events', surface.router!);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const eventsUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;

  type Events = ReturnType<typeof slackMentionEvents>;
  const answered = (events: Events) => events.filter((event) => sink.thread(event.channel, event.ts)?.answers);
  const waitForAnswers = async (events: Events, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    while (answered(events).length < events.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  try {
    // One warm-up mention so the measured ones do not pay lazy initialisation.
    // Real questions, as in the HTTP phase: a bare « question k » would only measure refusals.
    const question = (k: number) => `Question Slack n° ${k} : qu'est-ce que le BOP 147 ?`;
    const warmUp = slackMentionEvents(1, { tag: 'WARM', question });
    await runSlackEventLoad({ eventsUrl, signingSecret, events: warmUp, concurrency: 1 });
    await waitForAnswers(warmUp, 30_000);

    const n = request.events ?? 100;
    const events = slackMentionEvents(n, { tag: 'LOAD', question });
    const started = performance.now();
    const load = await runSlackEventLoad({ eventsUrl, signingSecret, events, concurrency: n });
    await waitForAnswers(events, 120_000);
    const answerSeconds = (performance.now() - started) / 1000;
    // A grace period, so that a late second answer would be counted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tallies = events.map((event) => sink.thread(event.channel, event.ts));
    return {
      phase: 'slack',
      events: n,
      acknowledged: load.acknowledged,
      failed: load.failed,
      eventsPerSecond: load.eventsPerSecond,
      maxAckMs: load.maxAckMs,
      p95AckMs: load.p95AckMs,
      // Exactly one final answer that is not the error message.
      answered: tallies.filter((t) => t?.answers === 1 && t.errors === 0).length,
      missing: tallies.filter((t) => !t).length,
      doubled: tallies.filter((t) => t && t.answers > 1).length,
      errors: tallies.reduce((sum, t) => sum + (t?.errors ?? 0), 0),
      answerSeconds: round(answerSeconds, 3),
      answersPerSecond: round(n / answerSeconds),
    };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await sink.close();
  }
}

/** 300 /api/ask and 100 Slack mentions at once on a real server process, then 300 /api/ask and 100 Teams questions (src/bench/burst.ts). */
async function burstPhase(request: PhaseRequest): Promise<PhaseResult> {
  const { runBurst } = await import('./burst.js');
  const result = await runBurst({
    indexDir: request.indexDir,
    requests: request.requests ?? 300,
    events: request.events ?? 100,
    teams: request.teams ?? 100,
    intake: request.intake === true,
    ...(request.databaseUrl ? { env: { DATABASE_URL: request.databaseUrl } } : {}),
  });
  return { phase: 'burst', ...result };
}

/**
 * The peers a user could pick instead (MiniSearch, Orama), given the same passages (headings and
 * text) and the same questions as Alinéa's own search, in the same process: build time, search
 * p50 / p95, and whether a gold source's quote is in the first or ten first passages (any copy of
 * the document counts, as the 100× corpora hold copies under other names).
 */
async function peersPhase(request: PhaseRequest): Promise<PhaseResult> {
  const gold = (await loadGoldSet(request.goldSet!)).filter((item) => item.sources.length > 0);
  const assistant = await openAssistant(settingsFor(request), { warmUp: false });
  await assistant.ready;
  const chunks = assistant.index.chunks;
  const passages = chunks.map((chunk, id) => ({ id, text: `${(chunk.headings ?? []).join(' ')}\n${chunk.text}` }));
  const normalized = new Map<number, string>();
  const textOf = (id: number) => {
    let text = normalized.get(id);
    if (text === undefined) normalized.set(id, (text = normalizeForScoring(passages[id]!.text)));
    return text;
  };
  const quotes = gold.map((item) => item.sources.map((source) => normalizeForScoring(source.quote)));
  const measure = async (search: (question: string) => Promise<number[]> | number[]) => {
    const times: number[] = [];
    let at1 = 0;
    let at10 = 0;
    for (const [at, item] of gold.entries()) {
      const started = performance.now();
      const ids = await search(item.question);
      times.push(performance.now() - started);
      const rank = ids.slice(0, 10).findIndex((id) => quotes[at]!.some((quote) => normalizedQuoteFoundIn(quote, textOf(id))));
      if (rank === 0) at1 += 1;
      if (rank >= 0) at10 += 1;
    }
    return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), hitAt1: round(at1 / gold.length, 2), hitAt10: round(at10 / gold.length, 2) };
  };
  const idOf = new Map(chunks.map((chunk, id) => [chunk.id, id]));
  const ours = await measure(async (question) => (await assistant.search(question, { k: 10 })).map((hit) => idOf.get(hit.chunk.id) ?? -1));

  // French as users type it: case and accents folded, as Alinéa does, so the peers are not
  // penalised for « dispositifs » against « Dispositifs ».
  const { default: MiniSearch } = await import('minisearch');
  let started = performance.now();
  const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], processTerm: (term) => foldText(term) || null });
  mini.addAll(passages);
  const miniBuildS = (performance.now() - started) / 1000;
  const miniSearch = await measure((question) =>
    mini
      .search(question)
      .slice(0, 10)
      .map((hit) => Number(hit.id)),
  );

  const orama = await import('@orama/orama');
  const { stemmer } = await import('@orama/stemmers/french');
  const { stopwords } = await import('@orama/stopwords/french');
  started = performance.now();
  // Orama's own French tokenizer, stemmer and stop words, as its documentation configures them.
  const db = orama.create({ schema: { text: 'string' } as const, components: { tokenizer: { language: 'french', stemming: true, stemmer, stopWords: stopwords } } });
  await orama.insertMultiple(
    db,
    passages.map((passage) => ({ id: String(passage.id), text: foldText(passage.text) })),
    2_000,
  );
  const oramaBuildS = (performance.now() - started) / 1000;
  const oramaSearch = await measure(async (question) => (await orama.search(db, { term: foldText(question), limit: 10 })).hits.map((hit) => Number(hit.id)));

  return {
    phase: 'peers',
    questions: gold.length,
    oursP50: ours.p50,
    oursP95: ours.p95,
    oursHitAt1: ours.hitAt1,
    oursHitAt10: ours.hitAt10,
    miniBuildS: round(miniBuildS, 1),
    miniP50: miniSearch.p50,
    miniP95: miniSearch.p95,
    miniHitAt1: miniSearch.hitAt1,
    miniHitAt10: miniSearch.hitAt10,
    oramaBuildS: round(oramaBuildS, 1),
    oramaP50: oramaSearch.p50,
    oramaP95: oramaSearch.p95,
    oramaHitAt1: oramaSearch.hitAt1,
    oramaHitAt10: oramaSearch.hitAt10,
  };
}

const PHASES = { ingest: ingestPhase, query: queryPhase, http: httpPhase, slack: slackPhase, burst: burstPhase, peers: peersPhase } as const;

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as PhaseRequest;
  const run = PHASES[request.phase];
  if (!run) throw new Error(`phase inconnue : ${String(request.phase)}`);
  const result = await run(request);
  // maxRSS is in kilobytes.
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify({ ...result, peakRssMb })}\n`);
}

main().then(
  // Exit explicitly: an index or a server may keep handles open, and the parent waits for exit.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
