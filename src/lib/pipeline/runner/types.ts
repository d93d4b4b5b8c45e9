// The runner's public shapes: its options, the event after each stored unit, how a run ended,
// and the error raised when a run cannot start.

import type { ChatEngine, EmbeddingEngine } from '../../engines/types';
import type { PipelineStage, RunStatus, RunUnitRecord } from '../../storage/schema';
import type { BatchLedger, PollSchedule } from '../batch-queue';
import type { CallCache } from '../call';
import type { ExperimentDefinition, ExperimentInput } from '../experiment';
import type { RunProgressSnapshot } from '../progress';
import type { RunStore } from '../store';

/** Sent to `onUnitDone` after a unit's records are stored. */
export interface UnitDoneEvent {
  unit: RunUnitRecord;
  progress: RunProgressSnapshot;
}

/** Options of {@link ExperimentRunner}. */
export interface RunnerOptions {
  store: RunStore;
  runId: string;
  /** Defaults to the run id. */
  experimentId?: string;
  /**
   * The definition to run. Omit it to resume a stored run with its stored definition; when given
   * for a stored run it must equal the stored one (a changed definition needs a new run).
   */
  definition?: ExperimentDefinition | ExperimentInput;
  /** Chat engines by their ids (generators and judges). */
  engines: readonly ChatEngine[];
  embeddingEngines?: readonly EmbeddingEngine[];
  /** Calls at once per engine id; default: the engine's maxConcurrency, 1 for local engines. */
  concurrency?: Readonly<Record<string, number>>;
  /** Cache of identical calls (shared between runs if given); a fresh one by default; null: none. */
  cache?: CallCache | null;
  /** Aborting it cancels the run like {@link ExperimentRunner.cancel}. */
  signal?: AbortSignal;
  onProgress?: (progress: RunProgressSnapshot) => void;
  onUnitDone?: (event: UnitDoneEvent) => void;
  /** Minimum time between run-record progress writes (default 1000 ms). */
  progressSaveIntervalMs?: number;
  /** Wall clock in ms (Date.now by default). */
  now?: () => number;
  /**
   * Batch mode overrides: the stages whose calls go through the provider batch API of engines
   * that have one (default: the definition's `batch`), where the run keeps its batches (default:
   * the store's ledger) and how often they are read.
   */
  batch?: { stages?: readonly PipelineStage[]; ledger?: BatchLedger; poll?: PollSchedule };
  /**
   * Seed of a new run whose definition has none (random by default). It is stored with the
   * definition, so every run can be reproduced and its sampling requests are all distinct.
   */
  newSeed?: () => number;
}

/** How a run ended. */
export interface RunOutcome {
  status: Extract<RunStatus, 'completed' | 'cancelled' | 'failed'>;
  /** Why the run failed (a storage failure stops it; unit failures do not). */
  error?: string;
  progress: RunProgressSnapshot;
  /** Milliseconds spent inside engine calls, summed over calls (overlapping calls add up). */
  engineMs: number;
  /** Units whose engine call failed; the next start of the run executes them again. */
  retryable: number;
}

/** Raised before anything runs when the run cannot start. */
export class RunSetupError extends Error {
  override name = 'RunSetupError';
}
