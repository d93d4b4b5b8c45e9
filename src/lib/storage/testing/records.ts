// Store-level access for tests outside storage/: count, read and write raw records of a named
// store to set up or check what the repositories did. Production code uses the repositories.

import { unwrap } from 'idb';
import {
  connectionOf,
  type Draft,
  type Key,
  type PlaygroundDB,
  type Value,
} from '../internal/connection';
import type { StoreName } from '../internal/stores';
import type { RunUnitRecord } from '../schema';

export { DB_NAME } from '../schema';
export { STORES } from '../internal/stores';
export type { StoreName };

/** Number of records in a store. */
export function countRecords(db: PlaygroundDB, store: StoreName): Promise<number> {
  return connectionOf(db).count(store);
}

/** Every record of a store, in key order. */
export function allRecords<S extends StoreName>(db: PlaygroundDB, store: S): Promise<Value<S>[]> {
  return connectionOf(db).getAll(store);
}

/** One record by primary key. */
export function getRecord<S extends StoreName>(
  db: PlaygroundDB,
  store: S,
  key: Key<S>,
): Promise<Value<S> | undefined> {
  return connectionOf(db).get(store, key);
}

/** Insert or replace one record, stamped with the schema version. */
export async function putRecord<S extends StoreName>(
  db: PlaygroundDB,
  store: S,
  value: Draft<Value<S>>,
): Promise<void> {
  await connectionOf(db).put(store, value);
}

/** The underlying IndexedDB connection (e.g. to make the browser close it under the app). */
export function rawConnection(db: PlaygroundDB): IDBDatabase {
  return unwrap(connectionOf(db).raw);
}

/** A settled sample unit of a run, for tests that need a unit record of no particular kind. */
export function sampleUnit(
  id: string,
  runId: string,
  extra: Partial<RunUnitRecord> = {},
): Draft<RunUnitRecord> {
  return {
    id,
    runId,
    stage: 'sample',
    kind: 'sample',
    status: 'done',
    calls: 1,
    durationMs: 1,
    finishedAt: 1,
    ...extra,
  };
}
