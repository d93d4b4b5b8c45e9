// The datasets and prompts repository: a dataset with all its prompts stored in one transaction,
// the dataset list, a dataset's prompts, the user's own prompts, and deletes.

import { unwrap } from 'idb';
import type { Dataset, Prompt } from './schema';
import { connectionOf, type Draft, type PlaygroundDB } from './internal/connection';
import { observed, writeInSlices } from './internal/slices';
import { INDEXES, STORES } from './internal/stores';

/**
 * Adds a dataset and all its prompts in ONE transaction, stamped with the schema version: either
 * everything is stored or nothing. The prompts are written in slices that give the page the main
 * thread back; a prompt or dataset id that exists already rejects with StorageConstraintError.
 */
export async function addDataset(
  db: PlaygroundDB,
  dataset: Draft<Dataset>,
  prompts: readonly Draft<Prompt>[],
): Promise<void> {
  const conn = connectionOf(db);
  await conn.transact([STORES.datasets, STORES.prompts], async (tx) => {
    await writeInSlices(unwrap(tx.objectStore(STORES.prompts)), prompts, {
      mode: 'add',
      prepare: (p) => conn.stamp<'prompts'>(p),
    });
    await tx.objectStore(STORES.datasets).add(conn.stamp<'datasets'>(dataset));
  });
}

/** Every stored dataset (in key order). */
export function listDatasets(db: PlaygroundDB): Promise<Dataset[]> {
  return connectionOf(db).getAll(STORES.datasets);
}

/** One dataset, if stored. */
export function getDataset(db: PlaygroundDB, datasetId: string): Promise<Dataset | undefined> {
  return connectionOf(db).get(STORES.datasets, datasetId);
}

/** The prompts of a stored dataset, in id order (read by the prompts' dataset index). */
export function promptsOfDataset(db: PlaygroundDB, datasetId: string): Promise<Prompt[]> {
  return connectionOf(db).getAllByIndex(STORES.prompts, INDEXES.prompts.byDatasetId, datasetId);
}

/** Delete a dataset and its prompts in one transaction; returns the number of prompts removed. */
export function deleteDataset(db: PlaygroundDB, datasetId: string): Promise<number> {
  return connectionOf(db).transact([STORES.datasets, STORES.prompts], async (tx) => {
    const prompts = tx.objectStore(STORES.prompts);
    const keys = await prompts.index(INDEXES.prompts.byDatasetId).getAllKeys(datasetId);
    await Promise.all([
      ...keys.map((k) => observed(prompts.delete(k))),
      observed(tx.objectStore(STORES.datasets).delete(datasetId)),
    ]);
    return keys.length;
  });
}

/** Prompts whose id starts with `prefix` (one key-range read), in id order. */
export function promptsWithIdPrefix(db: PlaygroundDB, prefix: string): Promise<Prompt[]> {
  return connectionOf(db).getAll(STORES.prompts, IDBKeyRange.bound(prefix, `${prefix}\uffff`));
}

/** Insert or replace one prompt, stamped with the schema version. */
export async function savePrompt(db: PlaygroundDB, prompt: Draft<Prompt>): Promise<void> {
  await connectionOf(db).put(STORES.prompts, prompt);
}

/** Delete one prompt. */
export function deletePrompt(db: PlaygroundDB, promptId: string): Promise<void> {
  return connectionOf(db).delete(STORES.prompts, promptId);
}
