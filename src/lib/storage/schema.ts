// Record shapes of the MMHS Playground IndexedDB database, its name and schema version.
// Pure types and constants; store names and the typed idb schema are private (internal/stores.ts).

import type { CategoryId } from '../core/taxonomy';
import type { RunStats } from './pipeline-records';

export type * from './pipeline-records';

/**
 * Current database schema version. Must equal the version of the last step in MIGRATIONS
 * (internal/migrations.ts); bump both together and never edit an already released migration.
 */
export const SCHEMA_VERSION = 4;

/** Database name used by the app (tests pass their own names and factories). */
export const DB_NAME = 'mmhs-playground';

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
  /** SHA-256 hex of the exact embedded text (see textHash in embeddings.ts). */
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
