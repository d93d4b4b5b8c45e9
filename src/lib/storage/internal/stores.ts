// Store names, index names and the typed idb schema of the database. Private to storage/: code
// outside it reads and writes through the repositories (runs.ts, datasets.ts, ...).

import type { DBSchema } from 'idb';
import type {
  ChecklistRecord,
  ClassificationRecord,
  Dataset,
  EmbeddingRecord,
  Experiment,
  JudgementRecord,
  MetricRecord,
  Prompt,
  ResponseRecord,
  Run,
  RunBatchRecord,
  RunSpecRecord,
  RunUnitRecord,
  Setting,
} from '../schema';

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

/** Where each kind of run record is kept. */
export const RUN_RECORD_STORES = {
  run: STORES.runs,
  spec: STORES.runSpecs,
  units: STORES.runUnits,
  responses: STORES.responses,
  judgements: STORES.judgements,
  classifications: STORES.classifications,
  checklists: STORES.checklists,
  metrics: STORES.metrics,
  batches: STORES.runBatches,
} as const;

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
