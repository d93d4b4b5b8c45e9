// Record shapes, store names and index names of the MMHS Playground IndexedDB database.
// Pure types and constants: db.ts builds the stores from these names through MIGRATIONS.

import type { DBSchema } from 'idb';
import type { CategoryId } from '../core/taxonomy';
import type { ChatRequest, ChatResult } from '../engines/types';

/**
 * Current database schema version. Must equal the version of the last step in MIGRATIONS
 * (db.ts); bump both together and never edit an already released migration.
 */
export const SCHEMA_VERSION = 4;

/** Database name used by the app (tests pass their own names and factories). */
export const DB_NAME = 'mmhs-playground';

/** Object store names. Always refer to stores through these constants, never literals. */
export const STORES = {
  prompts: 'prompts',
  datasets: 'datasets',
  experiments: 'experiments',
  runs: 'runs',
  responses: 'responses',
  judgements: 'judgements',
  embeddings: 'embeddings',
  settings: 'settings',
  runUnits: 'runUnits',
  classifications: 'classifications',
  checklists: 'checklists',
  metrics: 'metrics',
  runSpecs: 'runSpecs',
  runBatches: 'runBatches',
} as const;

/** Name of one object store. */
export type StoreName = (typeof STORES)[keyof typeof STORES];

/** Index names per store, as created by the migrations. */
export const INDEXES = {
  prompts: { byDatasetId: 'byDatasetId', byCategory: 'byCategory' },
  runs: { byExperimentId: 'byExperimentId', byStatus: 'byStatus' },
  responses: { byRunId: 'byRunId', byRunPrompt: 'byRunPrompt' },
  judgements: { byRunId: 'byRunId', byRunPrompt: 'byRunPrompt' },
  embeddings: { byModel: 'byModel' },
  runUnits: { byRunId: 'byRunId' },
  classifications: { byRunId: 'byRunId' },
  checklists: { byRunId: 'byRunId' },
  metrics: { byRunId: 'byRunId', byRunPrompt: 'byRunPrompt' },
  runBatches: { byRunId: 'byRunId' },
} as const;

/**
 * Every stored record carries the schema version it was written or last migrated under.
 * A migration only rewrites records whose shape it changes, so an older number in a store
 * no migration touched still means "current shape".
 */
export interface VersionedRecord {
  schemaVersion: number;
}

/** Where a prompt or dataset came from. */
export type RecordSource = 'builtin' | 'user' | 'import';

/** A single prompt, optionally belonging to a dataset and labelled with a task category. */
export interface Prompt extends VersionedRecord {
  id: string;
  text: string;
  /** Task category (A-H) when known, from the dataset or from a classifier. */
  category?: CategoryId;
  /** Reference answer for objective prompts (used by quality checks). */
  answer?: string;
  /** Retrieved or provided context passages shown to the model with the prompt. */
  contexts?: string[];
  datasetId?: string;
  source: RecordSource;
  tags?: string[];
  /** Epoch milliseconds. */
  createdAt: number;
}

/** A named collection of prompts. */
export interface Dataset extends VersionedRecord {
  id: string;
  name: string;
  description?: string;
  source: RecordSource;
  /** Origin URL or citation for imported/bundled datasets. */
  origin?: string;
  promptCount: number;
  createdAt: number;
  updatedAt: number;
}

/** Sampling parameters sent to a model; absent fields mean "provider default". */
export interface GenerationParams {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
}

/** A saved experiment configuration: which prompts, strategies and models to compare. */
export interface Experiment extends VersionedRecord {
  id: string;
  name: string;
  description?: string;
  datasetId?: string;
  promptIds: string[];
  /** Sampling strategy ids, e.g. 'default', 'task-anchored'. */
  strategies: string[];
  models: string[];
  /** Responses generated per prompt, strategy and model (the papers use 5). */
  samplesPerPrompt: number;
  params: GenerationParams;
  createdAt: number;
  updatedAt: number;
}

/** Lifecycle of a run. */
export type RunStatus = 'pending' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

/** Progress counters of a run, in generation calls. */
export interface RunProgress {
  done: number;
  total: number;
  failed: number;
}

/** One execution of an experiment. */
export interface Run extends VersionedRecord {
  id: string;
  experimentId: string;
  status: RunStatus;
  progress: RunProgress;
  createdAt: number;
  /** Start of the latest session (a resume after a reload or cancel starts a new one). */
  startedAt?: number;
  finishedAt?: number;
  /**
   * Milliseconds the run has been running, summed over every session: a resume adds to it rather
   * than starting again from zero. Absent in records of older versions.
   */
  activeMs?: number;
  /** Last fatal error message, shown to the user. */
  error?: string;
  /** Per-stage counters and judge-call savings of a pipeline run (schema v3, optional). */
  stats?: RunStats;
}

/**
 * Shape of a run record under schema version 1, before `progress` was introduced.
 * Only migrations read it; the app never writes it.
 */
export interface RunV1 extends VersionedRecord {
  id: string;
  experimentId: string;
  status: RunStatus;
  completed: number;
  total: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  error?: string;
}

/** Token counts reported by the provider. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens?: number;
  /** Prompt tokens the provider read from its prompt cache, when it reported them. */
  cachedPromptTokens?: number;
}

/** One generated response (or a failed attempt at one). */
export interface ResponseRecord extends VersionedRecord {
  id: string;
  runId: string;
  promptId: string;
  strategy: string;
  model: string;
  /** Sample index within (prompt, strategy, model), 0-based. */
  index: number;
  text: string;
  /** Parameters actually applied, which may differ from the experiment's after clamping. */
  params: GenerationParams;
  /** System or instruction text added by the strategy, kept for reproducibility. */
  instruction?: string;
  usage?: TokenUsage;
  latencyMs: number;
  error?: string;
  /** Why the model stopped ('length' = cut off by max tokens); schema v3, optional. */
  finishReason?: string;
  /** Parameters the engine ignored, clamped or emulated, as `param: status (message)`. */
  notes?: string[];
  /** Parse problem of the call this response came from (e.g. 3 of 5 responses found). */
  parseIssue?: string;
  createdAt: number;
}

/** What a judgement assesses. */
export type JudgementKind = 'diversity' | 'quality' | 'classification';

/** One LLM-judge verdict about one or more responses of a prompt. */
export interface JudgementRecord extends VersionedRecord {
  id: string;
  runId: string;
  promptId: string;
  kind: JudgementKind;
  judgeModel: string;
  /** Responses judged: two for a pairwise diversity comparison, one for quality. */
  responseIds: string[];
  score?: number;
  label?: string;
  rationale?: string;
  /** Raw judge output, kept so parsing can be audited. */
  raw?: string;
  error?: string;
  /**
   * Pairwise judge calls: requests sent to the engine for this verdict (re-asks
   * included; 0 when the app's cache answered) and whether the cache answered. Absent in records
   * of versions that did not count them.
   */
  sent?: number;
  cached?: boolean;
  /** The judge call failed (not its answer): the verdict is asked again when the unit reruns. */
  callFailed?: boolean;
  createdAt: number;
}

/** Cached embedding of a text, keyed by [model, textHash]. */
export interface EmbeddingRecord extends VersionedRecord {
  model: string;
  /** SHA-256 hex of the exact embedded text (see textHash in db.ts). */
  textHash: string;
  vector: Float32Array | number[];
  dims: number;
  createdAt: number;
}

/** JSON-compatible value, the only kind a setting may hold. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One key-value application setting. */
export interface Setting extends VersionedRecord {
  key: string;
  value: JsonValue;
  updatedAt: number;
}

// ---------------------------------------------------------------------------------------------
// Experiment pipeline records (schema version 3)
// ---------------------------------------------------------------------------------------------

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

/** Typed schema of the current database version, for idb. */
export interface MmhsDB extends DBSchema {
  prompts: {
    key: string;
    value: Prompt;
    indexes: { byDatasetId: string; byCategory: string };
  };
  datasets: { key: string; value: Dataset };
  experiments: { key: string; value: Experiment };
  runs: {
    key: string;
    value: Run;
    indexes: { byExperimentId: string; byStatus: string };
  };
  responses: {
    key: string;
    value: ResponseRecord;
    indexes: { byRunId: string; byRunPrompt: [string, string] };
  };
  judgements: {
    key: string;
    value: JudgementRecord;
    indexes: { byRunId: string; byRunPrompt: [string, string] };
  };
  embeddings: {
    key: [string, string];
    value: EmbeddingRecord;
    indexes: { byModel: string };
  };
  settings: { key: string; value: Setting };
  runUnits: { key: string; value: RunUnitRecord; indexes: { byRunId: string } };
  classifications: { key: string; value: ClassificationRecord; indexes: { byRunId: string } };
  checklists: { key: string; value: ChecklistRecord; indexes: { byRunId: string } };
  metrics: {
    key: string;
    value: MetricRecord;
    indexes: { byRunId: string; byRunPrompt: [string, string] };
  };
  runSpecs: { key: string; value: RunSpecRecord };
  runBatches: { key: string; value: RunBatchRecord; indexes: { byRunId: string } };
}
