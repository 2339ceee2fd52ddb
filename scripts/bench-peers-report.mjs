// The peer benchmark's figures in words: medians and spread per runtime, the ratio app / peer,
// and the goal that the app's single-row write is no slower than the fastest peer's. Pure.
import { summary } from './bench-stats.mjs';

/** What each runtime is measured on, in the table's order: key in the runs, heading. */
export const METRICS = [
  ['coldMs', 'cold start'],
  ['warmMs', 'warm start'],
  ['writesMs', '1,000 autocommit writes'],
  ['bulkMs', '10,000 in one tx'],
  ['searchMs', 'FTS query'],
  ['firstPageMs', 'first page of 50'],
];

/** A time as the table shows it: whole ms from 100 up (with thousands separators), else 3 significant digits. */
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (Math.abs(ms) >= 100) return Math.round(ms).toLocaleString('en');
  return ms.toPrecision(3).replace(/\.?0+$/, '') || '0';
}

/**
 * Each runtime's runs (objects with the METRICS' keys, in ms) as median and spread per metric;
 * a runtime that failed keeps its error and has no figures.
 */
export function summarizeRuns(byRuntime) {
  return Object.fromEntries(Object.entries(byRuntime).map(([key, r]) => {
    const figures = r.runs.length === 0 ? null
      : Object.fromEntries(METRICS.map(([m]) => [m, summary(r.runs.map((run) => run[m]))]));
    return [key, { label: r.label, storage: r.storage ?? null, error: r.error ?? null, figures }];
  }));
}

/** app median / peer median per metric, for every peer with figures (below 1: the app is faster). */
export function ratios(summarized, appKey = 'app') {
  const app = summarized[appKey]?.figures;
  if (!app) return {};
  return Object.fromEntries(Object.entries(summarized)
    .filter(([key, r]) => key !== appKey && r.figures)
    .map(([key, r]) => [key, Object.fromEntries(METRICS.map(([m]) => [m, app[m].median / r.figures[m].median]))]));
}

/** The peer with the lowest median for `metric` (not the app), or null when none has figures. */
export function fastestPeer(summarized, metric, appKey = 'app') {
  let best = null;
  for (const [key, r] of Object.entries(summarized)) {
    if (key === appKey || !r.figures) continue;
    if (!best || r.figures[metric].median < best.ms) best = { key, label: r.label, ms: r.figures[metric].median };
  }
  return best;
}

/** The goal of issue 20: the app's single-row write (median of 1,000 in a run) no slower than the fastest peer's. */
export function writeGoal(summarized, appKey = 'app') {
  const app = summarized[appKey]?.figures;
  const fastest = fastestPeer(summarized, 'writesMs', appKey);
  if (!app || !fastest) return null;
  return { appMs: app.writesMs.median, fastest, met: app.writesMs.median <= fastest.ms };
}

const row = (cells) => `| ${cells.join(' | ')} |`;

/** Markdown tables: each runtime's medians (p25–p75) in ms, then app / peer per metric. */
export function peerTables(summarized, appKey = 'app') {
  const heads = METRICS.map(([, h]) => h);
  const lines = [row(['runtime', 'storage', ...heads]), row(['---', '---', ...heads.map(() => '---:')])];
  for (const r of Object.values(summarized)) {
    const cells = r.figures
      ? METRICS.map(([m]) => `${formatMs(r.figures[m].median)} (${formatMs(r.figures[m].p25)}–${formatMs(r.figures[m].p75)})`)
      : [`failed: ${r.error}`, ...heads.slice(1).map(() => '')];
    lines.push(row([r.label, r.storage ?? '?', ...cells]));
  }
  const rs = ratios(summarized, appKey);
  if (Object.keys(rs).length > 0) {
    lines.push('', row(['app / peer', ...heads]), row(['---', ...heads.map(() => '---:')]));
    for (const [key, r] of Object.entries(rs)) lines.push(row([summarized[key].label, ...METRICS.map(([m]) => r[m].toFixed(2))]));
  }
  return lines.join('\n');
}
