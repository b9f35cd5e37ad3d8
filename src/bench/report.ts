/** The bench's table: one column per corpus scale, the target (« cible ») next to each figure. */
import type { CorpusSize } from './synth-corpus.js';
import type { PhaseResult } from './phases.js';
import { BURST_TARGETS } from './burst-targets.js';

export interface ScaleResult {
  scale: number;
  size: CorpusSize;
  ingest?: PhaseResult;
  query?: PhaseResult;
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
  /** 300 /api/ask + 100 Slack events at once on a real server process. */
  burst?: PhaseResult;
  burstNote?: string;
}

/** Ratio of s/MB above which ingest is called non-linear (larger corpus vs the previous scale). */
export const LINEARITY_TOLERANCE = 1.5;

export const TARGETS = {
  retrievalP95Ms: 20,
  retrievalP95MsAt100: 100,
  ingestSeconds: 30,
  indexLoadMs: 1000,
  peakRssMb: 400,
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
  const rows: Row[] = [
    { label: 'corpus (Mo)', cell: (s) => (s.size.bytes / 1e6).toFixed(1), target: '' },
    { label: 'fichiers / passages', cell: (s) => `${s.size.files} / ${fmt(num(s.ingest, 'chunks'))}`, target: '' },
    {
      label: 'ingestion (s)',
      cell: (s) => fmt(ingestSeconds(s), 1) + (s.scale === 1 ? mark(ingestSeconds(s), TARGETS.ingestSeconds) : ''),
      target: `≤ ${TARGETS.ingestSeconds} s (1×)`,
    },
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
      cell: (s) => fmt(num(s.ingest, 'peakRssMb')) + (s.scale === 1 ? mark(num(s.ingest, 'peakRssMb'), TARGETS.peakRssMb) : ''),
      target: `≤ ${TARGETS.peakRssMb} Mo (1×)`,
    },
    {
      label: "chargement de l'index (ms)",
      cell: (s) => fmt(num(s.query, 'loadMs')) + (s.scale === 1 ? mark(num(s.query, 'loadMs'), TARGETS.indexLoadMs) : ''),
      target: '≤ 1 s (1×)',
    },
    { label: 'recherche p50 (ms)', cell: (s) => fmt(num(s.query, 'searchP50'), 1), target: '' },
    {
      label: 'recherche p95 (ms)',
      cell: (s) => {
        const value = num(s.query, 'searchP95');
        const limit = s.scale === 1 ? TARGETS.retrievalP95Ms : s.scale >= 100 ? TARGETS.retrievalP95MsAt100 : undefined;
        return fmt(value, 1) + mark(value, limit);
      },
      target: `≤ ${TARGETS.retrievalP95Ms} ms (1×), ≤ ${TARGETS.retrievalP95MsAt100} ms (100×)`,
    },
    { label: 'réponse p50 (ms)', cell: (s) => fmt(num(s.query, 'askP50'), 1), target: '' },
    { label: 'réponse p95 (ms)', cell: (s) => fmt(num(s.query, 'askP95'), 1), target: '' },
    {
      label: 'RSS max requêtes (Mo)',
      cell: (s) => fmt(num(s.query, 'peakRssMb')) + (s.scale === 1 ? mark(num(s.query, 'peakRssMb'), TARGETS.peakRssMb) : ''),
      target: `≤ ${TARGETS.peakRssMb} Mo (1×)`,
    },
  ];
  const header = ['mesure', ...result.scales.map((s) => `${s.scale}×`), 'cible'];
  const body = rows.map((row) => [row.label, ...result.scales.map(row.cell), row.target]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((line) => line[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];

  const lin = linearity(result.scales);
  if (lin.ratios.length > 0) {
    const perScale = result.scales.map((s) => `${s.scale}× ${fmt(secondsPerMb(s), 2)}`).join(', ');
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
      `Rafale sur un serveur réel (${fmt(num(b, 'workers'))} processus de réponse) : ${fmt(num(b, 'requests'))} /api/ask et ${fmt(num(b, 'events'))} événements Slack signés simultanés, ` +
        `tout répondu en ${fmt(num(b, 'seconds'), 1)} s`,
      `  perdues ${fmt(num(b, 'lost'))}${mark(num(b, 'lost'), BURST_TARGETS.lost)} (cible ${BURST_TARGETS.lost}), ` +
        `en double ${fmt(num(b, 'doubled'))}${mark(num(b, 'doubled'), BURST_TARGETS.doubled)} (cible ${BURST_TARGETS.doubled}), ` +
        `accusé Slack p95 ${fmt(num(b, 'slackAckP95Ms'))} ms${mark(num(b, 'slackAckP95Ms'), BURST_TARGETS.slackAckP95Ms)} (cible ≤ ${BURST_TARGETS.slackAckP95Ms} ms, max ${fmt(num(b, 'slackAckMaxMs'))}, dont attente dans la sonde p95 ${fmt(num(b, 'slackClientDelayP95Ms'))}), ` +
        `/healthz p95 ${fmt(num(b, 'healthzP95Ms'))} ms${mark(num(b, 'healthzP95Ms'), BURST_TARGETS.healthzP95Ms)} (cible ≤ ${BURST_TARGETS.healthzP95Ms} ms, max ${fmt(num(b, 'healthzMaxMs'))}, ${fmt(num(b, 'healthzSamples'))} mesures), ` +
        `/api/ask p95 ${fmt(num(b, 'apiP95Ms'))} ms`,
    );
  } else if (result.burstNote) {
    out.push('', `Rafale : ${result.burstNote}`);
  }
  const errors = result.scales.flatMap((s) => s.errors.map((e) => `${s.scale}× ${e}`));
  if (errors.length > 0) out.push('', 'Erreurs :', ...errors.map((e) => `  - ${e}`));
  return out.join('\n');
}
