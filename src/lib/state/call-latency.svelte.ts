// Past call latencies of the newest stored runs, and the expected run time the estimate shows:
// interactive (calls in waves at the concurrency limit) versus rounds of provider batches.
import {
  callLatency,
  expectedTime,
  type CallLatency,
  type TimeEstimate,
} from '../core/estimate-time';
import type { ExperimentEstimate } from '../core/estimate';
import type { PlaygroundDB } from '../storage/db';
import { responseLatencies, type LatencySample } from '../storage/db';

/** Runs whose responses are read, and responses read of each: enough samples, little reading. */
const RUNS_READ = 5;
const SAMPLES_PER_RUN = 200;

/** The time figures of one estimate. */
export interface RunTime {
  time: TimeEstimate;
  latency: CallLatency;
  concurrency: number;
}

/** Default calls at once of a cloud provider with no limit set (the SDK engines' default). */
const DEFAULT_CONCURRENCY = 4;

/**
 * Calls at once the run can keep in flight: the smallest limit among the engines' providers
 * (local engines run one call at a time).
 */
export function runConcurrency(
  engineIds: readonly string[],
  catalog: {
    provider(id: string): { maxConcurrency?: number } | undefined;
    support(id: string): { location: string };
  },
): number {
  const limits = engineIds.map((id) =>
    catalog.support(id).location === 'local'
      ? 1
      : (catalog.provider(id)?.maxConcurrency ?? DEFAULT_CONCURRENCY),
  );
  return limits.length === 0 ? DEFAULT_CONCURRENCY : Math.min(...limits);
}

/** Latencies of the responses of the newest stored runs. */
export class PastLatencies {
  #samples = $state<LatencySample[]>([]);
  readonly #open: () => Promise<PlaygroundDB>;
  readonly #perRun: number;

  /**
   * @param open opens the app database
   * @param perRun responses read of each run
   */
  constructor(open: () => Promise<PlaygroundDB>, perRun = SAMPLES_PER_RUN) {
    this.#open = open;
    this.#perRun = perRun;
  }

  /** Reads responses of the newest runs (ids newest first); keeps the old samples on failure. */
  async refresh(runIds: readonly string[]): Promise<void> {
    try {
      const db = await this.#open();
      this.#samples = await responseLatencies(db, runIds.slice(0, RUNS_READ), this.#perRun);
    } catch {
      // Without samples the estimate uses its stated default latency.
    }
  }

  /** The per-call latency of these engines: the median of their past responses, or the default. */
  latencyFor(engineIds: readonly string[]): CallLatency {
    return callLatency(
      this.#samples.filter((s) => engineIds.includes(s.model)).map((s) => s.latencyMs),
    );
  }

  /**
   * Expected time of a run with this estimate, on the generators' and judges' engines at
   * `concurrency` calls at once.
   */
  timeFor(
    estimate: ExperimentEstimate,
    engineIds: readonly string[],
    concurrency: number,
  ): RunTime {
    const latency = this.latencyFor(engineIds);
    const time = expectedTime({
      calls: estimate.total.calls,
      concurrency,
      callSeconds: latency.seconds,
      batchRounds: estimate.batchRounds,
    });
    return { time, latency, concurrency };
  }
}
