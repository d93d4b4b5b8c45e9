// Playground databases on fake-indexeddb for pipeline tests, closed again after each test so a
// later test can open the same name.
import type { IDBFactory } from 'fake-indexeddb';
import { openDatabase, type PlaygroundDB } from '../../storage/db';

const opened: PlaygroundDB[] = [];

/** Closes every database {@link openDb} opened; register it with `afterEach`. */
export function closeOpenedDbs(): void {
  for (const db of opened.splice(0)) db.close();
}

/** Opens a playground database on `factory`, closed again by {@link closeOpenedDbs}. */
export async function openDb(factory: IDBFactory, name = 'runner'): Promise<PlaygroundDB> {
  const db = await openDatabase({ factory, name });
  opened.push(db);
  return db;
}
