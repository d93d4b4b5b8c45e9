// Progress of a run by stage (done / failed / skipped / issues of total units), judge calls saved
// by pair skipping, and an ETA from a moving average of the time per settled unit.

import type { PipelineStage, Run, StageCounts, UnitStatus } from '../storage/schema';
import { PIPELINE_STAGES } from './plan';

/** A progress snapshot, as sent to `onProgress`. */
export interface RunProgressSnapshot {
  stages: Record<PipelineStage, StageCounts>;
  total: number;
  /** Units settled in any way (done + failed + skipped). */
  settled: number;
  done: number;
  failed: number;
  skipped: number;
  /** Estimated milliseconds to finish; null until a unit settled in this session. */
  etaMs: number | null;
  /** Time the run has been running: earlier sessions plus this one. */
  elapsedMs: number;
  /** Judge verdicts asked (re-asks excluded), what every pair would cost, and the difference. */
  judgeCalls: number;
  judgeCallsEveryPair: number;
  judgeCallsSaved: number;
  /**
   * Of the judge verdicts: requests sent to the engines (re-asks included; HTTP retries stay inside the engine) and
   * answers taken from the app's cache; null when a group stored by an older version is included.
   */
  judgeCallsSent: number | null;
  judgeCallsCached: number | null;
  /** Calls answered from the cache of identical calls. */
  cacheHits: number;
}

/**
 * Time a stored run has been running over all its sessions. Records of older versions did not
 * sum it; for them the last session (start to finish, or to the last progress save) is the best
 * that is known.
 */
export function activeTimeOf(
  run: Pick<Run, 'activeMs' | 'startedAt' | 'finishedAt' | 'stats'>,
): number {
  if (run.activeMs !== undefined) return run.activeMs;
  const end = run.finishedAt ?? run.stats?.updatedAt;
  return run.startedAt === undefined || end === undefined ? 0 : Math.max(0, end - run.startedAt);
}

/** Units over which the ETA's moving average runs. */
export const ETA_WINDOW = 32;

/**
 * Counts settled units per stage and estimates the time left. The ETA divides the units left by
 * the recent settling rate: the moving average of the time between the last {@link ETA_WINDOW}
 * settlements (the session start counts as the first), which already reflects how many calls
 * run in parallel. Units loaded from storage on resume count as settled but not towards the rate.
 */
export class ProgressTracker {
  readonly #stages: Record<PipelineStage, StageCounts>;
  readonly #now: () => number;
  readonly #started: number;
  readonly #priorMs: number;
  readonly #times: number[] = [];
  #judgeCalls = 0;
  #judgeCallsEveryPair = 0;
  #judgeCallsSent: number | null = 0;
  #judgeCallsCached: number | null = 0;
  #cacheHits = 0;

  /**
   * @param totals Units per stage.
   * @param now Clock in milliseconds.
   * @param priorMs Time the run already ran in earlier sessions (it is resumed).
   */
  constructor(
    totals: Record<PipelineStage, number>,
    now: () => number = () => Date.now(),
    priorMs = 0,
  ) {
    this.#now = now;
    this.#started = now();
    this.#priorMs = Number.isFinite(priorMs) && priorMs > 0 ? priorMs : 0;
    this.#times.push(this.#started);
    this.#stages = Object.fromEntries(
      PIPELINE_STAGES.map((s) => [
        s,
        { total: totals[s], done: 0, failed: 0, skipped: 0, issues: 0 },
      ]),
    ) as Record<PipelineStage, StageCounts>;
  }

  /**
   * Records one settled unit.
   * @param live False for units loaded from storage: they do not feed the ETA.
   */
  settle(stage: PipelineStage, status: UnitStatus, hasIssue: boolean, live = true): void {
    const counts = this.#stages[stage];
    counts[status] += 1;
    if (hasIssue && status === 'done') counts.issues += 1;
    if (live) {
      this.#times.push(this.#now());
      if (this.#times.length > ETA_WINDOW + 1) this.#times.shift();
    }
  }

  /**
   * Adds one judged group's calls and its every-pair cost.
   * @param sent Requests sent to the engine; null (with `cached`) when the group did not count them.
   * @param cached Verdicts answered from the cache.
   */
  addJudgeCalls(
    calls: number,
    everyPairCalls: number,
    sent: number | null,
    cached: number | null,
  ): void {
    this.#judgeCalls += calls;
    this.#judgeCallsEveryPair += everyPairCalls;
    if (sent === null || cached === null) {
      this.#judgeCallsSent = null;
      this.#judgeCallsCached = null;
    } else if (this.#judgeCallsSent !== null && this.#judgeCallsCached !== null) {
      this.#judgeCallsSent += sent;
      this.#judgeCallsCached += cached;
    }
  }

  /** Adds calls answered from the cache. */
  addCacheHits(hits: number): void {
    this.#cacheHits += hits;
  }

  /** The current counters and ETA. */
  snapshot(): RunProgressSnapshot {
    let total = 0;
    let done = 0;
    let failed = 0;
    let skipped = 0;
    const stages = {} as Record<PipelineStage, StageCounts>;
    for (const s of PIPELINE_STAGES) {
      const c = this.#stages[s];
      stages[s] = { ...c };
      total += c.total;
      done += c.done;
      failed += c.failed;
      skipped += c.skipped;
    }
    const settled = done + failed + skipped;
    return {
      stages,
      total,
      settled,
      done,
      failed,
      skipped,
      etaMs: this.#eta(total - settled),
      elapsedMs: this.#priorMs + (this.#now() - this.#started),
      judgeCalls: this.#judgeCalls,
      judgeCallsEveryPair: this.#judgeCallsEveryPair,
      judgeCallsSaved: this.#judgeCallsEveryPair - this.#judgeCalls,
      judgeCallsSent: this.#judgeCallsSent,
      judgeCallsCached: this.#judgeCallsCached,
      cacheHits: this.#cacheHits,
    };
  }

  #eta(remaining: number): number | null {
    if (remaining <= 0) return 0;
    const n = this.#times.length;
    if (n < 2) return null;
    const span = (this.#times[n - 1] as number) - (this.#times[0] as number);
    const perUnit = span / (n - 1);
    return Math.round(remaining * perUnit);
  }
}
