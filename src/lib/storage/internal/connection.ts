// The connection to the app database and its generic, store-level operations (get, put, getAll,
// transact). Private to storage/: the repositories build the app's queries on it.

import {
  wrap,
  type IDBPDatabase,
  type IDBPTransaction,
  type IndexKey,
  type IndexNames,
  type StoreKey,
  type StoreNames,
  type StoreValue,
} from 'idb';
import {
  StorageClosedError,
  StorageVersionError,
  isDomLikeError,
  isQuotaError,
  toStorageError,
} from '../errors';
import { observed } from './slices';
import type { MmhsDB, StoreName } from './stores';

// Compile-time guard: STORES and the typed schema must name exactly the same stores.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const storesMatchSchema: Same<StoreName, StoreNames<MmhsDB>> = true;
void storesMatchSchema;

/** Record value type of a store. */
export type Value<S extends StoreName> = StoreValue<MmhsDB, S>;
/** Primary key type of a store. */
export type Key<S extends StoreName> = StoreKey<MmhsDB, S>;
/**
 * A record as callers write it: `schemaVersion` is stamped by the storage layer. Distributive,
 * so a union of record shapes (e.g. MetricRecord) keeps its discriminant and per-shape fields.
 */
export type Draft<T> = T extends unknown
  ? Omit<T, 'schemaVersion'> & { schemaVersion?: number }
  : never;
/** Read-write transaction over the given stores. */
export type WriteTx<Names extends readonly StoreName[]> = IDBPTransaction<
  MmhsDB,
  Names,
  'readwrite'
>;

/** Why a database handle stopped working. */
export type CloseReason = 'closed' | 'versionchange' | 'terminated';

/**
 * An open app database, as code outside storage/ holds it: opened with openDatabase() and handed
 * to the repositories (listRuns, saveDataset, ...), which are the only way to read or write it.
 */
export interface PlaygroundDB {
  /** Database name. */
  readonly name: string;
  /** Schema version the connection was opened at. */
  readonly version: number;
  /** Why the connection stopped working, or undefined while it is open. */
  readonly closedReason: CloseReason | undefined;
  /** Close the connection; later calls reject with StorageClosedError. */
  close(): void;
}

/** The connection behind a PlaygroundDB handed out by openDatabase(). */
export function connectionOf(db: PlaygroundDB): Connection {
  if (db instanceof Connection) return db;
  throw new TypeError('Not a database opened by openDatabase().');
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // The transaction already committed or aborted.
  }
}

/**
 * Choose the error to report after a failed transaction. Requests of an aborted transaction
 * fail with a generic AbortError while the real cause (e.g. QuotaExceededError) sits on the
 * transaction, so prefer that; errors thrown by caller code pass through untouched.
 */
function settleError(err: unknown, txError: unknown): unknown {
  if (!isDomLikeError(err)) return err;
  // A full disk may surface on the request, or only as the transaction's abort reason.
  if (isQuotaError(txError)) return toStorageError(txError);
  const txName = txError instanceof Error ? txError.name : undefined;
  if (txName !== undefined && txName !== 'AbortError' && isDomLikeError(txError)) {
    return toStorageError(txError);
  }
  return toStorageError(err);
}

/** An open app database connection; all methods reject with StorageErrors. */
export class Connection implements PlaygroundDB {
  readonly #db: IDBPDatabase<MmhsDB>;
  #closed: CloseReason | undefined;

  /**
   * @param raw an open connection at the current schema version
   * @param onClosed notified when the connection closes on its own
   */
  constructor(raw: IDBDatabase, onClosed?: (reason: Exclude<CloseReason, 'closed'>) => void) {
    this.#db = wrap(raw) as unknown as IDBPDatabase<MmhsDB>;
    raw.addEventListener('versionchange', () => {
      // Let the other tab's upgrade proceed instead of blocking it; this tab must reload.
      raw.close();
      this.#closed = 'versionchange';
      onClosed?.('versionchange');
    });
    raw.addEventListener('close', () => {
      this.#closed = 'terminated';
      onClosed?.('terminated');
    });
  }

  /** Database name. */
  get name(): string {
    return this.#db.name;
  }

  /** Schema version the connection was opened at. */
  get version(): number {
    return this.#db.version;
  }

  /** Underlying idb handle, for cursors and queries this class does not cover. */
  get raw(): IDBPDatabase<MmhsDB> {
    return this.#requireOpen();
  }

  /** Why the connection stopped working, or undefined while it is open. */
  get closedReason(): CloseReason | undefined {
    return this.#closed;
  }

  /** Close the connection; later calls reject with StorageClosedError. */
  close(): void {
    if (this.#closed === undefined) this.#closed = 'closed';
    this.#db.close();
  }

  #requireOpen(): IDBPDatabase<MmhsDB> {
    if (this.#closed === 'versionchange') {
      throw new StorageVersionError(
        undefined,
        'Another tab opened a newer version of MMHS Playground, so this tab can no longer save.',
      );
    }
    // Closed, not unavailable: opening the database again works (appDatabase() does it).
    if (this.#closed !== undefined) throw new StorageClosedError();
    return this.#db;
  }

  /** The record as stored: stamped with the schema version the connection was opened at. */
  stamp<S extends StoreName>(value: Draft<Value<S>>): Value<S> {
    return { ...value, schemaVersion: this.version } as unknown as Value<S>;
  }

  /** Run a read on the open handle; failures become StorageErrors. */
  async read<T>(op: (db: IDBPDatabase<MmhsDB>) => Promise<T>): Promise<T> {
    try {
      return await op(this.#requireOpen());
    } catch (err) {
      throw toStorageError(err);
    }
  }

  /**
   * Run `fn` in ONE read-write transaction over `storeNames`: either every write lands or none.
   * If `fn` throws, the transaction is aborted and the error rethrown (IndexedDB failures as
   * StorageErrors). `fn` may only await requests on `tx`, or the transaction auto-commits early.
   */
  async transact<const Names extends readonly StoreName[], T>(
    storeNames: Names,
    fn: (tx: WriteTx<Names>) => Promise<T> | T,
  ): Promise<T> {
    let tx: WriteTx<Names>;
    try {
      tx = this.#requireOpen().transaction(storeNames, 'readwrite');
    } catch (err) {
      throw toStorageError(err);
    }
    // Settle tx.done up front so an abort never becomes an unhandled rejection.
    const done = tx.done.then(
      () => undefined,
      (err: unknown) => err ?? new DOMException('Transaction aborted', 'AbortError'),
    );
    try {
      const result = await fn(tx);
      const failure = await done;
      if (failure !== undefined) throw failure;
      return result;
    } catch (err) {
      abortQuietly(tx);
      throw settleError(err, await done);
    }
  }

  /** Get one record by primary key. */
  get<S extends StoreName>(store: S, key: Key<S>): Promise<Value<S> | undefined> {
    return this.read((db) => db.get(store, key));
  }

  /** Get all records of a store, optionally within a key range. */
  getAll<S extends StoreName>(store: S, query?: Key<S> | IDBKeyRange): Promise<Value<S>[]> {
    return this.read((db) => db.getAll(store, query));
  }

  /** Get all records (or the first `count`) whose index key matches `query` (a key or range). */
  getAllByIndex<S extends StoreName, I extends IndexNames<MmhsDB, S>>(
    store: S,
    index: I,
    query: IndexKey<MmhsDB, S, I> | IDBKeyRange,
    count?: number,
  ): Promise<Value<S>[]> {
    return this.read((db) => db.getAllFromIndex(store, index, query, count));
  }

  /** Count records of a store. */
  count<S extends StoreName>(store: S): Promise<number> {
    return this.read((db) => db.count(store));
  }

  /** Insert or replace one record; `schemaVersion` is stamped with the current version. */
  put<S extends StoreName>(store: S, value: Draft<Value<S>>): Promise<Key<S>> {
    return this.transact([store], (tx) => tx.objectStore(store).put(this.stamp<S>(value)));
  }

  /** Insert one record; rejects with StorageConstraintError if its key already exists. */
  add<S extends StoreName>(store: S, value: Draft<Value<S>>): Promise<Key<S>> {
    return this.transact([store], (tx) => tx.objectStore(store).add(this.stamp<S>(value)));
  }

  /** Insert or replace many records of one store atomically. */
  async putMany<S extends StoreName>(store: S, values: readonly Draft<Value<S>>[]): Promise<void> {
    if (values.length === 0) return;
    await this.transact([store], async (tx) => {
      const os = tx.objectStore(store);
      await Promise.all(values.map((v) => observed(os.put(this.stamp<S>(v)))));
    });
  }

  /** Delete one record by primary key (no cascade; see deleteRun/deleteDataset). */
  delete<S extends StoreName>(store: S, key: Key<S>): Promise<void> {
    return this.transact([store], (tx) => tx.objectStore(store).delete(key));
  }
}
