// Writes stored records straight into the page's IndexedDB, so a browser test can open a run made
// in Node (by the real pipeline) the way a user opens one stored earlier.
import type { Page } from 'playwright-core';
import type { PersistedRun } from '../../src/lib/pipeline/store';
import { DB_NAME, STORES } from '../../src/lib/storage/testing/records';

/** Records to write: store name and its values. */
export type StoreRecords = [string, unknown[]][];

/** Every record of a persisted run, store by store; `extra` adds other stores (embeddings). */
export function runRecords(run: PersistedRun, extra: StoreRecords = []): StoreRecords {
  return [
    [STORES.runs, [run.run]],
    [STORES.runSpecs, [run.spec]],
    [STORES.runUnits, run.units],
    [STORES.responses, run.responses],
    [STORES.judgements, run.judgements],
    [STORES.classifications, run.classifications],
    [STORES.checklists, run.checklists],
    [STORES.metrics, run.metrics],
    ...extra,
  ];
}

/** Writes records into the page's database, one transaction over every store named. */
export async function importRecords(page: Page, lists: StoreRecords): Promise<void> {
  await page.evaluate(
    async ({ json, name }: { json: string; name: string }) => {
      const records = JSON.parse(json) as [string, unknown[]][];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(
        records.map(([store]) => store),
        'readwrite',
      );
      for (const [store, values] of records) {
        for (const value of values) tx.objectStore(store).put(value);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      db.close();
    },
    { json: JSON.stringify(lists), name: DB_NAME },
  );
}

/**
 * Writes every record of a run (and optionally its embedding cache entries) into the page's
 * database. The records travel as JSON: they are plain data.
 */
export async function importRun(
  page: Page,
  run: PersistedRun,
  embeddings: unknown[] = [],
): Promise<void> {
  await importRecords(
    page,
    runRecords(run, embeddings.length > 0 ? [[STORES.embeddings, embeddings]] : []),
  );
}
