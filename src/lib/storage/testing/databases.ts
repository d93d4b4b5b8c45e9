// Fresh in-memory (fake-indexeddb) app databases for tests, closed after each test, and a full
// disk on demand: the browser refusing the nth write the way it does when storage runs out.

import { IDBFactory } from 'fake-indexeddb';
import { afterEach, vi } from 'vitest';
import { openDatabase, type OpenOptions } from '../internal/open';
import type { PlaygroundDB } from '../internal/connection';

/**
 * Opens databases for the tests of one file, each on its own IDBFactory; the ones a test opened
 * are closed after it, and mocks restored. Call at the top level of a test file.
 * @returns opens a fresh database (`name` defaults to 'test'; `options.factory` to a new one)
 */
export function freshDatabases(): (
  name?: string,
  options?: Omit<OpenOptions, 'name'>,
) => Promise<PlaygroundDB> {
  const opened: PlaygroundDB[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    vi.restoreAllMocks();
  });
  return async (name = 'test', options = {}) => {
    const db = await openDatabase({ factory: new IDBFactory(), name, ...options });
    opened.push(db);
    return db;
  };
}

/**
 * Makes the `n`th `put` (or `add`) from now on throw QuotaExceededError, as a full disk does;
 * the other calls write as usual. Undone by vi.restoreAllMocks().
 */
export function failWriteAt(
  n: number,
  method: 'put' | 'add' = 'put',
  message = 'The quota has been exceeded.',
): void {
  const original = IDBObjectStore.prototype[method];
  let calls = 0;
  vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['put']>
  ) {
    calls += 1;
    if (calls === n) throw new DOMException(message, 'QuotaExceededError');
    return original.apply(this, args);
  });
}
