// Progress tracking: per-stage counters, judge calls saved, and the ETA from the moving average
// of the time per settled unit (units loaded on resume do not feed it).

import { describe, expect, it } from 'vitest';
import type { Run } from '../storage/schema';
import { activeTimeOf, ETA_WINDOW, ProgressTracker } from './progress';

const totals = { classify: 2, sample: 10, judge: 2, metrics: 2, quality: 0, accuracy: 0 };

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('ProgressTracker', () => {
  it('counts units per stage and overall', () => {
    const c = clock();
    const p = new ProgressTracker(totals, c.now);
    p.settle('sample', 'done', false);
    p.settle('sample', 'done', true);
    p.settle('sample', 'failed', true);
    p.settle('judge', 'skipped', false);
    const s = p.snapshot();
    expect(s.stages.sample).toEqual({ total: 10, done: 2, failed: 1, skipped: 0, issues: 1 });
    expect(s.stages.judge).toEqual({ total: 2, done: 0, failed: 0, skipped: 1, issues: 0 });
    expect(s).toMatchObject({ total: 16, settled: 4, done: 2, failed: 1, skipped: 1 });
  });

  it.each<[string, number[], number | null]>([
    ['nothing settled yet', [], null],
    ['one unit after 100 ms: 15 left at 100 ms each', [100], 1500],
    ['steady 50 ms per unit', [50, 50, 50, 50], 12 * 50],
    ['the rate follows recent units', [1000, 10, 10], Math.round(13 * (1020 / 3))],
  ])('ETA: %s', (_label, gaps, eta) => {
    const c = clock();
    const p = new ProgressTracker(totals, c.now);
    for (const gap of gaps) {
      c.advance(gap);
      p.settle('sample', 'done', false);
    }
    expect(p.snapshot().etaMs).toBe(eta);
  });

  it('the ETA only averages the last window of units', () => {
    const c = clock();
    const big = { ...totals, sample: 1000 };
    const p = new ProgressTracker(big, c.now);
    c.advance(100_000);
    p.settle('sample', 'done', false);
    for (let i = 0; i < ETA_WINDOW; i += 1) {
      c.advance(10);
      p.settle('sample', 'done', false);
    }
    const left = p.snapshot().total - p.snapshot().settled;
    expect(p.snapshot().etaMs).toBe(left * 10);
  });

  it('units loaded on resume count as settled but not towards the rate; 0 when finished', () => {
    const c = clock();
    const p = new ProgressTracker(
      { ...totals, sample: 2, classify: 0, judge: 0, metrics: 0 },
      c.now,
    );
    p.settle('sample', 'done', false, false);
    expect(p.snapshot()).toMatchObject({ settled: 1, etaMs: null });
    c.advance(40);
    p.settle('sample', 'done', false);
    expect(p.snapshot()).toMatchObject({ settled: 2, etaMs: 0, elapsedMs: 40 });
  });

  it.each<[string, [number, number, number | null, number | null][], object]>([
    [
      'sums sent, cached and skipped apart',
      [
        [4, 10, 3, 1],
        [10, 10, 6, 5],
      ],
      {
        judgeCalls: 14,
        judgeCallsEveryPair: 20,
        judgeCallsSaved: 6,
        judgeCallsSent: 9,
        judgeCallsCached: 6,
      },
    ],
    [
      'a re-ask or retry adds a request sent but no verdict',
      [[3, 3, 5, 0]],
      { judgeCalls: 3, judgeCallsSaved: 0, judgeCallsSent: 5, judgeCallsCached: 0 },
    ],
    [
      'a group stored without counts makes sent and cached unknown',
      [
        [4, 10, 4, 0],
        [6, 10, null, null],
      ],
      { judgeCalls: 10, judgeCallsSaved: 10, judgeCallsSent: null, judgeCallsCached: null },
    ],
    [
      'no judging',
      [],
      { judgeCalls: 0, judgeCallsEveryPair: 0, judgeCallsSent: 0, judgeCallsCached: 0 },
    ],
  ])('%s', (_name, groups, expected) => {
    const p = new ProgressTracker(totals);
    for (const [calls, everyPair, sent, cached] of groups) {
      p.addJudgeCalls(calls, everyPair, sent, cached);
    }
    expect(p.snapshot()).toMatchObject(expected);
  });

  it.each<[string, number | undefined, number, number]>([
    ['a new run starts from zero', undefined, 40, 40],
    ['a resumed run adds this session to the earlier ones', 90_000, 40, 90_040],
    ['a nonsensical prior time counts as none', Number.NaN, 40, 40],
  ])('elapsed time: %s', (_label, priorMs, advance, elapsed) => {
    const c = clock();
    const p = new ProgressTracker(totals, c.now, priorMs);
    c.advance(advance);
    expect(p.snapshot().elapsedMs).toBe(elapsed);
  });

  it.each<[string, Parameters<typeof activeTimeOf>[0], number]>([
    ['summed time stored', { activeMs: 5000, startedAt: 100, finishedAt: 200 }, 5000],
    ['older record: its last session, start to finish', { startedAt: 100, finishedAt: 350 }, 250],
    [
      'older record still running: to the last progress save',
      { startedAt: 100, stats: { updatedAt: 160 } as NonNullable<Run['stats']> },
      60,
    ],
    ['never started', {}, 0],
  ])('activeTimeOf: %s', (_label, run, expected) => {
    expect(activeTimeOf(run)).toBe(expected);
  });

  it('counts cache hits of every stage', () => {
    const p = new ProgressTracker(totals);
    p.addCacheHits(3);
    expect(p.snapshot().cacheHits).toBe(3);
  });
});
