/** The bench's table: one column per corpus scale, the target (« cible ») next to each figure. */
import type { CorpusSize } from './synth-corpus.js';
import type { PhaseResult } from './phases.js';
import { BURST_TARGETS } from './burst-targets.js';

export interface ScaleResult {
  scale: number;
  /** Different documents made from the corpus (re-cut, recombined, names and numbers varied), not copies. */
  varied?: boolean;
  size: CorpusSize;
  ingest?: PhaseResult;
  query?: PhaseResult;
  /** MiniSearch and Orama on the same passages and questions as Alinéa's search, in one process. */
  peers?: PhaseResult;
  errors: string[];
}

export interface BenchResult {
  scales: ScaleResult[];
  http?: PhaseResult;
  /** Why the HTTP phase did not run, when it did not. */
  httpNote?: string;
  slack?: PhaseResult;
  /** Why the Slack phase did not run, when it did not. */
  slackNote?: string;
  /** 300 /api/ask + 100 Slack events at once on a real server process, then 300 /api/ask + 100 Teams activities. */
  burst?: PhaseResult;
  burstNote?: string;
}

/** Ratio of s/MB above which ingest is called non-linear (larger corpus vs the previous scale). */
export const LINEARITY_TOLERANCE = 1.5;

/** At 1× (issue 3), and at 100× (issue 11: a national corpus on one machine). */
export const TARGETS = {
  retrievalP95Ms: 20,
  ingestSeconds: 30,
  indexLoadMs: 1000,
  peakRssMb: 400,
  askP95Ms: 15,
  at100: { retrievalP95Ms: 10, askP95Ms: 30, askMaxMs: 100, ingestSeconds: 60, indexLoadMs: 500, peakRssMb: 800 },
} as const;

const num = (result: PhaseResult | undefined, key: string): number | null => {
  const value = result?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

const fmt = (value: number | null, digits = 0): string => (value === null ? '-' : value.toFixed(digits));
const mark = (value: number | null, limit: number | undefined): string => (value === null || limit === undefined ? '' : value <= limit ? ' ✓' : ' ✗');

export function ingestSeconds(scale: ScaleResult): number | null {
  return num(scale.ingest, 'seconds') ?? num(scale.ingest, 'wallSeconds');
}

export function secondsPerMb(scale: ScaleResult): number | null {
  const seconds = ingestSeconds(scale);
  return seconds === null || scale.size.bytes === 0 ? null : seconds / (scale.size.bytes / 1e6);
}

/** Compares s/MB of each scale with the previous one; linear when no ratio exceeds the tolerance. */
export function linearity(scales: ScaleResult[]): { ratios: { from: number; to: number; ratio: number }[]; linear: boolean | null } {
  const measured = scales.filter((scale) => secondsPerMb(scale) !== null);
  const ratios = measured.slice(1).map((scale, i) => ({ from: measured[i]!.scale, to: scale.scale, ratio: secondsPerMb(scale)! / secondsPerMb(measured[i]!)! }));
  // 1× carries fixed costs (model load, process start) that inflate its s/MB: only the
  // comparison between the two largest scales says whether cost grows faster than size.
  const last = ratios.at(-1);
  return { ratios, linear: last ? last.ratio <= LINEARITY_TOLERANCE : null };
}

interface Row {
  label: string;
  cell: (scale: ScaleResult) => string;
  target: string;
}

export function formatBench(result: BenchResult): string {
  const large = (s: ScaleResult) => s.scale >= 100;
  /** A figure with its mark against the target of its scale (none when the scale has no target). */
  const target = (s: ScaleResult, value: number | null, digits: number, at1: number | undefined, at100: number | undefined) =>
    fmt(value, digits) + mark(value, s.scale === 1 && !s.varied ? at1 : large(s) ? at100 : undefined);
  const rows: Row[] = [
    { label: 'corpus (Mo)', cell: (s) => (s.size.bytes / 1e6).toFixed(1), target: '' },
    { label: 'fichiers / passages', cell: (s) => `${s.size.files} / ${fmt(num(s.ingest, 'chunks'))}`, target: '' },
    {
      label: 'ingestion (s)',
      cell: (s) => target(s, ingestSeconds(s), 1, TARGETS.ingestSeconds, TARGETS.at100.ingestSeconds),
      target: `≤ ${TARGETS.ingestSeconds} s (1×), ≤ ${TARGETS.at100.ingestSeconds} s (100×)`,
    },
    { label: 'ingestion, temps CPU (s)', cell: (s) => fmt(num(s.ingest, 'cpuSeconds'), 1), target: 'tous fils confondus' },
    {
      label: 'passages/s',
      cell: (s) => {
        const seconds = ingestSeconds(s);
        const chunks = num(s.ingest, 'chunks');
        return seconds && chunks !== null ? fmt(chunks / seconds) : '-';
      },
      target: '',
    },
    { label: 'ingestion s/Mo', cell: (s) => fmt(secondsPerMb(s), 2), target: '≈ linéaire' },
    {
      label: 'RSS max ingestion (Mo)',
      cell: (s) => target(s, num(s.ingest, 'peakRssMb'), 0, TARGETS.peakRssMb, TARGETS.at100.peakRssMb),
      target: `≤ ${TARGETS.peakRssMb} Mo (1×), ≤ ${TARGETS.at100.peakRssMb} Mo (100×)`,
    },
    {
      label: "chargement de l'index (ms)",
      cell: (s) => target(s, num(s.query, 'loadMs'), 0, TARGETS.indexLoadMs, TARGETS.at100.indexLoadMs),
      target: `≤ ${TARGETS.indexLoadMs} ms (1×), ≤ ${TARGETS.at100.indexLoadMs} ms (100×)`,
    },
    { label: 'chargement, temps CPU (ms)', cell: (s) => fmt(num(s.query, 'loadCpuMs')), target: '' },
    { label: 'prêt à répondre, vecteurs lus (ms)', cell: (s) => fmt(num(s.query, 'readyMs')), target: 'lus en arrière-plan après le chargement' },
    { label: 'prêt à répondre, temps CPU (ms)', cell: (s) => fmt(num(s.query, 'readyCpuMs')), target: '' },
    { label: 'tas vivant après chargement (Mo)', cell: (s) => fmt(num(s.query, 'heapMbLoaded')), target: 'après un GC complet' },
    { label: 'RSS après chargement (Mo)', cell: (s) => fmt(num(s.query, 'rssMbLoaded')), target: '' },
    { label: 'recherche p50 (ms)', cell: (s) => fmt(num(s.query, 'searchP50'), 1), target: '' },
    {
      label: 'recherche p95 (ms)',
      cell: (s) => target(s, num(s.query, 'searchP95'), 1, TARGETS.retrievalP95Ms, TARGETS.at100.retrievalP95Ms),
      target: `≤ ${TARGETS.retrievalP95Ms} ms (1×), ≤ ${TARGETS.at100.retrievalP95Ms} ms (100×)`,
    },
    { label: 'recherche max (ms)', cell: (s) => fmt(num(s.query, 'searchMax'), 1), target: '' },
    {
      label: 'recherche p95 Alinéa / MiniSearch / Orama (ms)',
      cell: (s) => (s.peers ? `${fmt(num(s.peers, 'oursP95'), 1)} / ${fmt(num(s.peers, 'miniP95'), 1)} / ${fmt(num(s.peers, 'oramaP95'), 1)}` : '-'),
      target: 'mêmes passages, mêmes questions, même processus',
    },
    {
      label: 'recherche p95, rapport MiniSearch / Orama',
      cell: (s) => {
        const ours = num(s.peers, 'oursP95');
        const ratio = (key: string) => {
          const theirs = num(s.peers, key);
          return ours && theirs !== null ? `×${(theirs / ours).toFixed(1)}` : '-';
        };
        return s.peers ? `${ratio('miniP95')} / ${ratio('oramaP95')}` : '-';
      },
      target: 'au-delà de ×1, le pair est plus lent',
    },
    {
      label: 'source en 1er / dans les 10 : Alinéa, MiniSearch, Orama',
      cell: (s) =>
        s.peers
          ? [
              ['ours', ''],
              ['mini', ''],
              ['orama', ''],
            ]
              .map(([key]) => `${fmt(num(s.peers, `${key}HitAt1`), 2)}/${fmt(num(s.peers, `${key}HitAt10`), 2)}`)
              .join(' · ')
          : '-',
      target: 'citation de la question trouvée dans le passage',
    },
    { label: 'construction MiniSearch / Orama (s)', cell: (s) => (s.peers ? `${fmt(num(s.peers, 'miniBuildS'), 1)} / ${fmt(num(s.peers, 'oramaBuildS'), 1)}` : '-'), target: '' },
    { label: 'recherche, temps CPU p50 / p95 (ms)', cell: (s) => `${fmt(num(s.query, 'searchCpuP50'), 1)} / ${fmt(num(s.query, 'searchCpuP95'), 1)}`, target: 'sans les attentes d’un cœur' },
    { label: 'réponse p50 (ms)', cell: (s) => fmt(num(s.query, 'askP50'), 1), target: 'questions déjà posées une fois' },
    {
      label: 'réponse p95 (ms)',
      cell: (s) => target(s, num(s.query, 'askP95'), 1, TARGETS.askP95Ms, TARGETS.at100.askP95Ms),
      target: `≤ ${TARGETS.askP95Ms} ms (1×), ≤ ${TARGETS.at100.askP95Ms} ms (100×)`,
    },
    { label: 'réponse, temps CPU p50 / p95 (ms)', cell: (s) => `${fmt(num(s.query, 'askCpuP50'), 1)} / ${fmt(num(s.query, 'askCpuP95'), 1)}`, target: 'sans les attentes d’un cœur' },
    {
      label: 'réponse max, à froid compris (ms)',
      cell: (s) => target(s, num(s.query, 'askMax'), 1, undefined, TARGETS.at100.askMaxMs),
      target: `≤ ${TARGETS.at100.askMaxMs} ms (100×)`,
    },
    { label: '1re réponse de chaque type, max (ms)', cell: (s) => fmt(num(s.query, 'askFirstMax'), 1), target: 'sans échauffement' },
    {
      label: 'RSS max requêtes (Mo)',
      cell: (s) => target(s, num(s.query, 'peakRssMb'), 0, TARGETS.peakRssMb, TARGETS.at100.peakRssMb),
      target: `≤ ${TARGETS.peakRssMb} Mo (1×), ≤ ${TARGETS.at100.peakRssMb} Mo (100×)`,
    },
    { label: 'charge de la machine (1 min)', cell: (s) => fmt(num(s.query, 'loadAverage'), 1), target: 'au-delà de 2 (cœurs), les durées sont gonflées' },
  ];
  const header = ['mesure', ...result.scales.map((s) => `${s.scale}×${s.varied ? ' varié' : ''}`), 'cible'];
  const body = rows.map((row) => [row.label, ...result.scales.map(row.cell), row.target]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((line) => line[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];

  const stageNames = [...new Set(result.scales.flatMap((s) => Object.keys(s.ingest ?? {}).filter((key) => key.startsWith('stage.'))))];
  if (stageNames.length > 0) {
    out.push(
      '',
      `Étapes de l'ingestion (s) : ${result.scales.map((s) => `${s.scale}×${s.varied ? ' varié' : ''} ${stageNames.map((stage) => `${stage.slice(6)} ${fmt(num(s.ingest, stage), 1)}`).join(', ')}`).join(' ; ')}`,
    );
  }
  const copied = result.scales.filter((s) => !s.varied);
  const lin = linearity(copied);
  if (lin.ratios.length > 0) {
    const perScale = copied.map((s) => `${s.scale}× ${fmt(secondsPerMb(s), 2)}`).join(', ');
    const ratios = lin.ratios.map((r) => `${r.to}×/${r.from}× ${r.ratio.toFixed(2)}`).join(', ');
    const verdict = lin.linear === null ? '' : lin.linear ? ' → ≈ linéaire ✓' : ` → non linéaire ✗ (> ${LINEARITY_TOLERANCE})`;
    out.push('', `Linéarité de l'ingestion (s/Mo) : ${perScale} ; rapports ${ratios}${verdict}`);
  }
  if (result.http) {
    const h = result.http;
    out.push(
      '',
      `HTTP /api/ask, ${fmt(num(h, 'requests'))} requêtes simultanées (1×) : ${fmt(num(h, 'requestsPerSecond'), 1)} req/s, ` +
        `p95 ${fmt(num(h, 'p95Ms'))} ms, réussies ${fmt(num(h, 'ok'))}/${fmt(num(h, 'requests'))}, RSS max ${fmt(num(h, 'peakRssMb'))} Mo`,
    );
  } else if (result.httpNote) {
    out.push('', `HTTP /api/ask : ${result.httpNote}`);
  }
  if (result.slack) {
    const s = result.slack;
    const doubled = num(s, 'doubled') ?? 0;
    const errorsCount = num(s, 'errors') ?? 0;
    out.push(
      `Slack, ${fmt(num(s, 'events'))} événements signés simultanés (1×) : ${fmt(num(s, 'eventsPerSecond'), 1)} évén./s, ` +
        `accusé de réception max ${fmt(num(s, 'maxAckMs'))} ms, réponses ${fmt(num(s, 'answered'))}/${fmt(num(s, 'events'))}` +
        (doubled > 0 ? `, ${doubled} en double` : '') +
        (errorsCount > 0 ? `, ${errorsCount} message(s) d'erreur` : '') +
        ` (toutes en ${fmt(num(s, 'answerSeconds'), 1)} s, ${fmt(num(s, 'answersPerSecond'), 1)} rép./s), RSS max ${fmt(num(s, 'peakRssMb'))} Mo`,
    );
  } else if (result.slackNote) {
    out.push(`Slack : ${result.slackNote}`);
  }
  if (result.burst) {
    const b = result.burst;
    out.push(
      '',
      `Rafale sur un serveur réel (${fmt(num(b, 'workers'))} processus de réponse${num(b, 'intake') === 1 ? ", événements Slack sur le port d'accueil INTAKE_PORT" : ''}${(num(b, 'mainThreadNice') ?? 0) > 0 ? `, fil principal à nice ${fmt(num(b, 'mainThreadNice'))}` : ''}, file et conversations ${num(b, 'postgres') === 1 ? 'dans PostgreSQL' : 'dans le fichier SQLite'}) : ${fmt(num(b, 'requests'))} /api/ask et ${fmt(num(b, 'events'))} événements Slack signés simultanés, ` +
        `tout répondu en ${fmt(num(b, 'seconds'), 1)} s`,
      `  perdues ${fmt(num(b, 'lost'))}${mark(num(b, 'lost'), BURST_TARGETS.lost)} (cible ${BURST_TARGETS.lost}), ` +
        `en double ${fmt(num(b, 'doubled'))}${mark(num(b, 'doubled'), BURST_TARGETS.doubled)} (cible ${BURST_TARGETS.doubled}), ` +
        `accusé Slack p95 ${fmt(num(b, 'slackAckP95Ms'))} ms${mark(num(b, 'slackAckP95Ms'), BURST_TARGETS.slackAckP95Ms)} (cible ≤ ${BURST_TARGETS.slackAckP95Ms} ms, max ${fmt(num(b, 'slackAckMaxMs'))}, compté depuis le départ de la requête ; attente dans la sonde avant le départ p95 ${fmt(num(b, 'slackClientDelayP95Ms'))} ms), ` +
        `/healthz p95 ${fmt(num(b, 'healthzP95Ms'))} ms${mark(num(b, 'healthzP95Ms'), BURST_TARGETS.healthzP95Ms)} (cible ≤ ${BURST_TARGETS.healthzP95Ms} ms, max ${fmt(num(b, 'healthzMaxMs'))}, ${fmt(num(b, 'healthzSamples'))} mesures), ` +
        `/api/ask p95 ${fmt(num(b, 'apiP95Ms'))} ms`,
    );
    if ((num(b, 'teamsActivities') ?? 0) > 0) {
      out.push(
        `Puis ${fmt(num(b, 'requests'))} /api/ask et ${fmt(num(b, 'teamsActivities'))} activités Teams (jeton Bot Framework RS256 vérifié${num(b, 'intake') === 1 ? ", port d'accueil INTAKE_PORT" : ''}) simultanées, tout répondu en ${fmt(num(b, 'teamsSeconds'), 1)} s`,
        `  perdues ${fmt(num(b, 'teamsLost'))}${mark(num(b, 'teamsLost'), BURST_TARGETS.lost)}, en double ${fmt(num(b, 'teamsDoubled'))}${mark(num(b, 'teamsDoubled'), BURST_TARGETS.doubled)}, ` +
          `accusé Teams p95 ${fmt(num(b, 'teamsAckP95Ms'))} ms (pas de cible propre ; celle de Slack : ≤ ${BURST_TARGETS.slackAckP95Ms} ms ; max ${fmt(num(b, 'teamsAckMaxMs'))} ; attente dans la sonde p95 ${fmt(num(b, 'teamsClientDelayP95Ms'))} ms), ` +
          `/healthz p95 ${fmt(num(b, 'teamsHealthzP95Ms'))} ms${mark(num(b, 'teamsHealthzP95Ms'), BURST_TARGETS.healthzP95Ms)} (max ${fmt(num(b, 'teamsHealthzMaxMs'))}, ${fmt(num(b, 'teamsHealthzSamples'))} mesures), ` +
          `/api/ask p95 ${fmt(num(b, 'teamsApiP95Ms'))} ms`,
      );
    }
  } else if (result.burstNote) {
    out.push('', `Rafale : ${result.burstNote}`);
  }
  const errors = result.scales.flatMap((s) => s.errors.map((e) => `${s.scale}× ${e}`));
  if (errors.length > 0) out.push('', 'Erreurs :', ...errors.map((e) => `  - ${e}`));
  return out.join('\n');
}
