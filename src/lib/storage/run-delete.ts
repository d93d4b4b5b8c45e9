// Deleting a run with everything that belongs to it (responses, verdicts, pipeline records,
// definition, batches), or an experiment with all its runs, each in one transaction.

import type { IDBPObjectStore } from 'idb';
import { connectionOf, type PlaygroundDB, type WriteTx } from './internal/connection';
import { observed } from './internal/slices';
import { INDEXES, STORES, type MmhsDB, type StoreName } from './internal/stores';

/** Counts of records removed by a cascading delete. */
export interface DeleteCounts {
  runs: number;
  responses: number;
  judgements: number;
  /** Pipeline records: run units, classifications, checklists, metrics and the run spec. */
  pipeline: number;
}

/** Delete a run and all its responses, judgements and pipeline records in one transaction. */
export function deleteRun(db: PlaygroundDB, runId: string): Promise<DeleteCounts> {
  return connectionOf(db).transact(RUN_STORE_NAMES, (tx) => deleteRunIn(runStores(tx), runId));
}

/** Delete an experiment with all its runs, responses and judgements in one transaction. */
export function deleteExperiment(db: PlaygroundDB, experimentId: string): Promise<DeleteCounts> {
  const names = [STORES.experiments, ...RUN_STORE_NAMES] as const;
  return connectionOf(db).transact(names, async (tx) => {
    const stores = runStores(tx);
    const runIds = await stores.runs.index(INDEXES.runs.byExperimentId).getAllKeys(experimentId);
    const total: DeleteCounts = { runs: 0, responses: 0, judgements: 0, pipeline: 0 };
    for (const runId of runIds) {
      const c = await deleteRunIn(runStores(tx), runId);
      total.runs += c.runs;
      total.responses += c.responses;
      total.judgements += c.judgements;
      total.pipeline += c.pipeline;
    }
    await tx.objectStore(STORES.experiments).delete(experimentId);
    return total;
  });
}

/** Every store holding a run or records that belong to one, for cascading deletes. */
const RUN_STORE_NAMES = [
  STORES.runs,
  STORES.responses,
  STORES.judgements,
  STORES.runUnits,
  STORES.classifications,
  STORES.checklists,
  STORES.metrics,
  STORES.runSpecs,
  STORES.runBatches,
] as const;

type RunStoreName = (typeof RUN_STORE_NAMES)[number];

type RunStore<S extends RunStoreName> = IDBPObjectStore<
  MmhsDB,
  ArrayLike<StoreName>,
  S,
  'readwrite'
>;

/** Object stores a run cascade touches, taken from whichever transaction spans them. */
type RunStores = { [S in RunStoreName]: RunStore<S> };

function runStores(tx: WriteTx<readonly StoreName[]>): RunStores {
  return {
    runs: tx.objectStore(STORES.runs),
    responses: tx.objectStore(STORES.responses),
    judgements: tx.objectStore(STORES.judgements),
    runUnits: tx.objectStore(STORES.runUnits),
    classifications: tx.objectStore(STORES.classifications),
    checklists: tx.objectStore(STORES.checklists),
    metrics: tx.objectStore(STORES.metrics),
    runSpecs: tx.objectStore(STORES.runSpecs),
    runBatches: tx.objectStore(STORES.runBatches),
  };
}

async function deleteRunIn(stores: RunStores, runId: string): Promise<DeleteCounts> {
  const { runs, responses, judgements, runUnits, classifications, checklists, metrics } = stores;
  const [responseKeys, judgementKeys, runKey, specKey, ...pipelineKeys] = await Promise.all([
    observed(responses.index(INDEXES.responses.byRunId).getAllKeys(runId)),
    observed(judgements.index(INDEXES.judgements.byRunId).getAllKeys(runId)),
    observed(runs.getKey(runId)),
    observed(stores.runSpecs.getKey(runId)),
    observed(runUnits.index(INDEXES.runUnits.byRunId).getAllKeys(runId)),
    observed(classifications.index(INDEXES.classifications.byRunId).getAllKeys(runId)),
    observed(checklists.index(INDEXES.checklists.byRunId).getAllKeys(runId)),
    observed(metrics.index(INDEXES.metrics.byRunId).getAllKeys(runId)),
    observed(stores.runBatches.index(INDEXES.runBatches.byRunId).getAllKeys(runId)),
  ]);
  const [
    unitKeys = [],
    classificationKeys = [],
    checklistKeys = [],
    metricKeys = [],
    batchKeys = [],
  ] = pipelineKeys;
  await Promise.all([
    ...responseKeys.map((k) => observed(responses.delete(k))),
    ...judgementKeys.map((k) => observed(judgements.delete(k))),
    ...unitKeys.map((k) => observed(runUnits.delete(k))),
    ...classificationKeys.map((k) => observed(classifications.delete(k))),
    ...checklistKeys.map((k) => observed(checklists.delete(k))),
    ...metricKeys.map((k) => observed(metrics.delete(k))),
    ...batchKeys.map((k) => observed(stores.runBatches.delete(k))),
    observed(stores.runSpecs.delete(runId)),
    observed(runs.delete(runId)),
  ]);
  return {
    runs: runKey === undefined ? 0 : 1,
    responses: responseKeys.length,
    judgements: judgementKeys.length,
    pipeline:
      unitKeys.length +
      classificationKeys.length +
      checklistKeys.length +
      metricKeys.length +
      batchKeys.length +
      (specKey === undefined ? 0 : 1),
  };
}
