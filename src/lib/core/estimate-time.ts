// Expected wall-clock time of a run before it starts: interactive calls at the concurrency limit
// and a per-call latency (measured from past responses or assumed), versus rounds of batches.
import type { Range } from './estimate';

/** Seconds one interactive call is assumed to take when no past latency of the engines is known. */
export const DEFAULT_CALL_SECONDS = 10;

/**
 * Typical and longest turnaround of one batch: providers promise 24 hours, and say most batches
 * end within the hour (OpenAI, Anthropic); Gemini names the same 24-hour target.
 */
export const BATCH_TYPICAL_HOURS = 1;
export const BATCH_MAX_HOURS = 24;

/** Per-call latency used for the estimate, and where it came from. */
export interface CallLatency {
  seconds: number;
  /** From the engines' past responses (true) or the stated default (false). */
  measured: boolean;
  /** Past responses the median was taken over. */
  samples: number;
}

/** Longer "latencies" are answers that came through a batch (its turnaround), not calls. */
export const MAX_CALL_MS = 5 * 60_000;

/**
 * The median of past call latencies (ms) as seconds, or the default when there are none. The
 * median keeps one stalled call from dominating; batch turnarounds are left out.
 */
export function callLatency(latenciesMs: readonly number[]): CallLatency {
  const valid = latenciesMs
    .filter((ms) => Number.isFinite(ms) && ms > 0 && ms <= MAX_CALL_MS)
    .sort((a, b) => a - b);
  if (valid.length === 0) return { seconds: DEFAULT_CALL_SECONDS, measured: false, samples: 0 };
  const mid = Math.floor(valid.length / 2);
  const median = valid.length % 2 === 1 ? valid[mid]! : (valid[mid - 1]! + valid[mid]!) / 2;
  return { seconds: median / 1000, measured: true, samples: valid.length };
}

/** What the time estimate needs. */
export interface TimeInput {
  /** Interactive calls of the run (the estimate's total). */
  calls: Range;
  /** Calls in flight at once (the provider's limit; at least 1). */
  concurrency: number;
  /** Seconds per call. */
  callSeconds: number;
  /** Batches that end one after another when the run goes as batches. */
  batchRounds: Range;
}

/** Expected seconds in each mode. */
export interface TimeEstimate {
  /** Calls in waves of `concurrency`, each wave taking one call's latency. */
  interactiveSeconds: Range;
  /** Rounds at the typical turnaround to rounds at the longest one. */
  batchSeconds: Range;
}

/** Expected wall-clock time of the run interactively and as batches. */
export function expectedTime(input: TimeInput): TimeEstimate {
  const concurrency = Math.max(1, Math.floor(input.concurrency));
  const waves = (calls: number): number => Math.ceil(Math.max(0, calls) / concurrency);
  return {
    interactiveSeconds: {
      min: waves(input.calls.min) * input.callSeconds,
      max: waves(input.calls.max) * input.callSeconds,
    },
    batchSeconds: {
      min: input.batchRounds.min * BATCH_TYPICAL_HOURS * 3600,
      max: input.batchRounds.max * BATCH_MAX_HOURS * 3600,
    },
  };
}

/** A duration for people: "45 s", "12 min", "3.5 h", "2 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Number((seconds / 86400).toFixed(1))} days`;
}

/** A range of durations: one value when both ends read the same. */
export function formatDurationRange(range: Range): string {
  const min = formatDuration(range.min);
  const max = formatDuration(range.max);
  return min === max ? min : `${min} – ${max}`;
}
