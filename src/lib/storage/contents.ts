// Reads everything stored that takes room (datasets, prompts, runs and their records), so the
// Data page can show what each dataset and run uses.

import type { Dataset, Prompt, Run, RunSpecRecord } from './schema';
import { RUN_RECORD_LISTS, type RunRecords } from './runs';
import { connectionOf, type PlaygroundDB } from './internal/connection';
import { RUN_RECORD_STORES, STORES } from './internal/stores';

/** Every dataset, prompt, run, run definition and run record stored. */
export interface StoredContents {
  datasets: Dataset[];
  prompts: Prompt[];
  runs: Run[];
  specs: RunSpecRecord[];
  records: RunRecords;
}

/** Reads every record that belongs to a dataset or a run. */
export async function readStoredContents(db: PlaygroundDB): Promise<StoredContents> {
  const conn = connectionOf(db);
  const [datasets, prompts, runs, specs, lists] = await Promise.all([
    conn.getAll(STORES.datasets),
    conn.getAll(STORES.prompts),
    conn.getAll(STORES.runs),
    conn.getAll(STORES.runSpecs),
    Promise.all(RUN_RECORD_LISTS.map((kind) => conn.getAll(RUN_RECORD_STORES[kind]))),
  ]);
  const records = Object.fromEntries(
    RUN_RECORD_LISTS.map((kind, i) => [kind, lists[i] ?? []]),
  ) as unknown as RunRecords;
  return { datasets, prompts, runs, specs, records };
}
