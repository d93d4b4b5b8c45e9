// Record shapes of the experiment pipeline (schema versions 3 and 4): run units, classifications,
// checklists, metrics, run specs, provider batches and the run's summary counters.

import type { CategoryId } from '../core/taxonomy';
import type { ChatRequest, ChatResult } from '../engines/types';
import type { JsonValue, TokenUsage, VersionedRecord } from './schema';

/** Stages of the experiment pipeline, in order; progress is reported per stage. */
export type PipelineStage = 'classify' | 'sample' | 'judge' | 'metrics' | 'quality' | 'accuracy';

/** What one unit of work does (quality has two kinds: checklist, then grades). */
export type UnitKind =
  'classify' | 'sample' | 'judge' | 'metrics' | 'checklist' | 'grade' | 'accuracy';

/** How a unit ended. 'skipped': nothing to do (e.g. its response was never generated). */
export type UnitStatus = 'done' | 'failed' | 'skipped';

/**
 * The settled state of one deterministic unit of a run. A unit without a record has not finished,
 * so a resumed run executes exactly the units that have none.
 */
export interface RunUnitRecord extends VersionedRecord {
  /** Stable id, e.g. `run1:sample:openai/gpt-4o:p1:temperature:0`. */
  id: string;
  runId: string;
  stage: PipelineStage;
  kind: UnitKind;
  status: UnitStatus;
  /** Engine calls made, retries and re-asks included. */
  calls: number;
  /** Why the unit failed or was skipped. */
  error?: string;
  /** A problem that did not fail the unit, e.g. only 3 of 5 responses could be parsed. */
  issue?: string;
  /**
   * An engine call of the unit failed (after the engine's own retries): rate limit, server
   * error, network, key. The next start of the run (Retry failed, Resume, auto-resume) runs the
   * unit again. Unusable model output is a result, not a call failure, and stays as it is.
   */
  callFailed?: boolean;
  /** Tokens of all calls of the unit, when the engine reported them. */
  usage?: TokenUsage;
  durationMs: number;
  finishedAt: number;
}

/** The generator's task classification of one prompt, and the categories the run used. */
export interface ClassificationRecord extends VersionedRecord {
  id: string;
  runId: string;
  promptId: string;
  /** Generator engine id. */
  model: string;
  /** The category the model answered; absent when its answer could not be parsed. */
  predicted?: CategoryId;
  /** The prompt's known (dataset) category, against which `predicted` is scored. */
  known?: CategoryId;
  /** The user's override, which wins over everything else. */
  override?: CategoryId;
  /** Category given to task-anchored sampling. */
  samplingCategory?: CategoryId;
  /** Category given to the judge (the known one when there is one). */
  judgeCategory?: CategoryId;
  /** predicted === known; absent when either is missing. */
  correct?: boolean;
  raw?: string;
  error?: string;
  createdAt: number;
}

/** A quality checklist written by one judge for one prompt (used for every response). */
export interface ChecklistRecord extends VersionedRecord {
  id: string;
  runId: string;
  promptId: string;
  judgeModel: string;
  category?: CategoryId;
  items: string[];
  raw?: string;
  error?: string;
  createdAt: number;
}

/** Fields shared by the metric records of one (prompt, generator, strategy) group. */
interface MetricBase extends VersionedRecord {
  id: string;
  runId: string;
  promptId: string;
  /** Generator engine id. */
  model: string;
  strategy: string;
  createdAt: number;
}

/** The general (task-agnostic) diversity metrics of one group's responses. */
export interface GeneralMetricRecord extends MetricBase {
  kind: 'general';
  /** Number of responses measured. */
  n: number;
  vocabulary: number;
  /** Null without an embedding engine or when embedding failed (see embeddingError). */
  embedding: number | null;
  compression: number;
  embeddingModel?: string;
  embeddingError?: string;
}

/** One pairwise verdict as used for the classes ('inferred' = skipped, already connected). */
export interface PairVerdict {
  i: number;
  j: number;
  equivalent: boolean;
  source: 'judged' | 'inferred';
  /** The judge call failed or stayed unparseable; the pair counts as different. */
  failed?: boolean;
}

/** Functional classes of one group's responses according to one judge. */
export interface FunctionalMetricRecord extends MetricBase {
  kind: 'functional';
  judgeModel: string;
  category: CategoryId;
  /** Responses judged, in order; class members index into this list. */
  responseIds: string[];
  classes: number[][];
  classCount: number;
  verdicts: PairVerdict[];
  /** Judge verdicts asked (pairs asked x orders), re-asks excluded, cached answers included. */
  calls: number;
  /** Judge calls judging every pair would make, `n(n-1)/2 x orders`. */
  everyPairCalls: number;
  /**
   * Of `calls`: requests really sent to the engine (re-asks included; HTTP retries stay inside the engine) and verdicts
   * answered from the app's cache of identical requests. Absent in records of older versions.
   */
  sentCalls?: number;
  cachedCalls?: number;
  /** 1, or 2 when each pair was judged in both orders. */
  orders: 1 | 2;
  /** Whether pair skipping was on. */
  skipping: boolean;
  /** Pairs whose verdict failed and were counted as different. */
  failedPairs: number;
}

/** Whether one response got the gold answer. */
export interface AccuracyMetricRecord extends MetricBase {
  kind: 'accuracy';
  responseId: string;
  index: number;
  /** 'math': boxed answer compared with answersMatch; 'grader': SimpleQA-style grader call. */
  method: 'math' | 'grader';
  gold: string;
  /** Null when the grader's answer could not be read. */
  correct: boolean | null;
  grade?: 'correct' | 'incorrect' | 'not-attempted';
  /** The boxed answer found (math), null when there was none. */
  extracted?: string | null;
  graderModel?: string;
  raw?: string;
  issue?: string;
}

/** Any metric record. */
export type MetricRecord = GeneralMetricRecord | FunctionalMetricRecord | AccuracyMetricRecord;

/** The definition a run executes, snapshotted so that a resumed run plans the same units. */
export interface RunSpecRecord extends VersionedRecord {
  runId: string;
  experimentId: string;
  /** The validated experiment definition (pipeline/experiment.ts), as plain JSON. */
  definition: JsonValue;
  unitCount: number;
  createdAt: number;
}

/**
 * A provider batch a run submitted (schema version 4), kept so a reopened tab reads its results
 * instead of submitting it again.
 */
export interface RunBatchRecord extends VersionedRecord {
  /** `<runId>:<engineId>:<marker>` (`<batchId>` for batches stored before markers). */
  id: string;
  runId: string;
  /** The provider's handle: engine, batch id, the items' custom ids, submission time. */
  handle: { engineId: string; batchId: string; customIds: string[]; submittedAt: number };
  /** The submitted requests in order (plain chat requests, no callbacks). */
  requests: Omit<ChatRequest, 'signal' | 'onToken'>[];
  /** `submitting`: saved before the create request was sent (batch id still empty). */
  state: 'submitting' | 'running' | 'ended' | 'cancelled';
  /** Idempotency marker sent with the create request. */
  marker?: string;
  /** Results a cancelled batch had already given (Resume does not send these again). */
  answered?: { customId: string; result: ChatResult }[];
}

/** Unit counters of one pipeline stage. */
export interface StageCounts {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  /** Done units that recorded a parse issue. */
  issues: number;
}

/** Summary counters of a pipeline run, stored on its run record. */
export interface RunStats {
  stages: Record<PipelineStage, StageCounts>;
  /** Judge verdicts asked (re-asks excluded) and what judging every pair would have cost. */
  judgeCalls: number;
  judgeCallsEveryPair: number;
  /** Judge requests sent to engines and verdicts answered from the cache (absent in old runs). */
  judgeCallsSent?: number;
  judgeCallsCached?: number;
  /** Units settled with a failed engine call, which Retry failed would run again. */
  retryable?: number;
  updatedAt: number;
}
