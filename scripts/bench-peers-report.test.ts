import { describe, expect, it } from 'vitest';
import { fastestPeer, formatMs, peerTables, ratios, summarizeRuns, writeGoal } from './bench-peers-report.mjs';

const run = (ms: number, writesMs: number) => ({ coldMs: ms, warmMs: ms / 2, writesMs, bulkMs: ms * 5, searchMs: ms / 100, firstPageMs: ms / 200 });

const byRuntime = {
  app: { label: 'the app', storage: 'opfs-sahpool', error: null, runs: [run(300, 2600), run(320, 2500), run(280, 2700), run(310, 2400), run(290, 2550)] },
  fast: { label: 'fast writer', storage: 'opfs', error: null, runs: [run(600, 2000), run(640, 1900), run(620, 2100)] },
  slow: { label: 'slow writer', storage: 'idb', error: null, runs: [run(150, 40_000), run(160, 42_000), run(170, 41_000)] },
  broken: { label: 'broken', storage: null, error: 'did not start', runs: [] },
};

describe('the peer benchmark report', () => {
  it('shows times as the table does: whole ms with separators from 100, else 3 significant digits', () => {
    expect(formatMs(2554.4)).toBe('2,554');
    expect(formatMs(100)).toBe('100');
    expect(formatMs(59.72)).toBe('59.7');
    expect(formatMs(2.345)).toBe('2.35');
    expect(formatMs(2.3)).toBe('2.3');
    expect(formatMs(10)).toBe('10');
    expect(formatMs(Number.NaN)).toBe('–');
  });

  it('takes each runtime\'s median and spread per metric; a runtime that failed has its error and no figures', () => {
    const s = summarizeRuns(byRuntime);
    expect(s.app.figures?.coldMs).toMatchObject({ median: 300, p25: 290, p75: 310, min: 280, max: 320, n: 5 });
    expect(s.app.figures?.writesMs.median).toBe(2550);
    expect(s.fast.figures?.bulkMs.median).toBe(3100);
    expect(s.broken).toEqual({ label: 'broken', storage: null, error: 'did not start', figures: null });
  });

  it('divides the app\'s median by each peer\'s, for peers with figures only', () => {
    const r = ratios(summarizeRuns(byRuntime));
    expect(Object.keys(r)).toEqual(['fast', 'slow']);
    expect(r.fast.coldMs).toBeCloseTo(300 / 620);
    expect(r.slow.writesMs).toBeCloseTo(2550 / 41_000);
    expect(ratios(summarizeRuns({ fast: byRuntime.fast }))).toEqual({});
  });

  it('finds the fastest peer, never the app nor a failed one, and says whether the app\'s write is no slower', () => {
    const s = summarizeRuns(byRuntime);
    expect(fastestPeer(s, 'writesMs')).toEqual({ key: 'fast', label: 'fast writer', ms: 2000 });
    expect(fastestPeer(s, 'coldMs')?.key).toBe('slow');
    expect(writeGoal(s)).toEqual({ appMs: 2550, fastest: { key: 'fast', label: 'fast writer', ms: 2000 }, met: false });
    expect(writeGoal(summarizeRuns({ app: byRuntime.app, slow: byRuntime.slow }))?.met).toBe(true);
    expect(writeGoal(summarizeRuns({ app: byRuntime.app, broken: byRuntime.broken }))).toBeNull();
  });

  it('prints a row per runtime (median and p25–p75, or the failure) and a row of ratios per peer', () => {
    const lines = peerTables(summarizeRuns(byRuntime)).split('\n');
    expect(lines[0]).toBe('| runtime | storage | cold start | warm start | 1,000 autocommit writes | 10,000 in one tx | FTS query | first page of 50 |');
    expect(lines).toContain('| the app | opfs-sahpool | 300 (290–310) | 150 (145–155) | 2,550 (2,500–2,600) | 1,500 (1,450–1,550) | 3 (2.9–3.1) | 1.5 (1.45–1.55) |');
    expect(lines.find((l) => l.startsWith('| broken |'))).toBe('| broken | ? | failed: did not start |  |  |  |  |  |');
    expect(lines).toContain('| fast writer | 0.48 | 0.48 | 1.27 | 0.48 | 0.48 | 0.48 |');
    expect(lines.filter((l) => l.startsWith('| slow writer |'))).toHaveLength(2);
  });
});
