// IndexedDB storage of MMHS Playground on idb 8: one database, named stores, append-only migrations.
// Writes that belong together share one transaction, and every failure surfaces as a StorageError.

import {
  wrap,
  type IDBPDatabase,
  type IDBPObjectStore,
  type IDBPTransaction,
  type IndexKey,
  type IndexNames,
  type StoreKey,
  type StoreNames,
  type StoreValue,
} from 'idb';
import {
  DB_NAME,
  INDEXES,
  SCHEMA_VERSION,
  STORES,
  type EmbeddingRecord,
  type JsonValue,
  type JudgementRecord,
  type MmhsDB,
  type ResponseRecord,
  type Run,
  type RunV1,
  type StoreName,
} from './schema';
import {
  StorageBlockedError,
  StorageClosedError,
  StorageMigrationError,
  StorageUnavailableError,
  StorageVersionError,
  isDomLikeError,
  isQuotaError,
  toStorageError,
} from './errors';

export { SCHEMA_VERSION, STORES, INDEXES, DB_NAME };

// Compile-time guard: STORES and the typed schema must name exactly the same stores.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const storesMatchSchema: Same<StoreName, StoreNames<MmhsDB>> = true;
void storesMatchSchema;

/** Untyped database handle given to migrations: they describe historical schemas. */
export type MigrationDB = IDBPDatabase<unknown>;
/** The versionchange transaction a migration runs in. */
export type MigrationTx = IDBPTransaction<unknown, ArrayLike<string>, 'versionchange'>;

/** One schema step. Steps are append-only: never edit or reorder a released one. */
export interface Migration {
  version: number;
  description: string;
  /**
   * Create/alter stores and rewrite records. An async step may only await requests on `tx`;
   * awaiting anything else lets the upgrade transaction auto-commit half-way.
   */
  migrate(db: MigrationDB, tx: MigrationTx): void | Promise<void>;
}

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

function isRunV1(value: unknown): value is RunV1 {
  if (typeof value !== 'object' || value === null) return false;
  return 'completed' in value && 'total' in value && !('progress' in value);
}

/**
 * Convert a version-1 run record to the current shape: the flat completed/total counters
 * become `progress`; v1 never counted failures, so `failed` starts at 0.
 */
export function upgradeRunV1(old: RunV1): Run {
  const { completed, total, ...rest } = old;
  return { ...rest, progress: { done: completed, total, failed: 0 }, schemaVersion: 2 };
}

/** All schema steps in order; the last version is SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'Initial stores: prompts, datasets, experiments, runs, responses, embeddings.',
    migrate(db) {
      const prompts = db.createObjectStore(STORES.prompts, { keyPath: 'id' });
      prompts.createIndex(INDEXES.prompts.byDatasetId, 'datasetId');
      db.createObjectStore(STORES.datasets, { keyPath: 'id' });
      db.createObjectStore(STORES.experiments, { keyPath: 'id' });
      const runs = db.createObjectStore(STORES.runs, { keyPath: 'id' });
      runs.createIndex(INDEXES.runs.byExperimentId, 'experimentId');
      const responses = db.createObjectStore(STORES.responses, { keyPath: 'id' });
      responses.createIndex(INDEXES.responses.byRunId, 'runId');
      const embeddings = db.createObjectStore(STORES.embeddings, {
        keyPath: ['model', 'textHash'],
      });
      embeddings.createIndex(INDEXES.embeddings.byModel, 'model');
      db.createObjectStore(STORES.settings, { keyPath: 'key' });
    },
  },
  {
    version: 2,
    description: 'Judgements store, category and per-prompt indexes, run progress object.',
    async migrate(db, tx) {
      const judgements = db.createObjectStore(STORES.judgements, { keyPath: 'id' });
      judgements.createIndex(INDEXES.judgements.byRunId, 'runId');
      judgements.createIndex(INDEXES.judgements.byRunPrompt, ['runId', 'promptId']);
      tx.objectStore(STORES.prompts).createIndex(INDEXES.prompts.byCategory, 'category');
      tx.objectStore(STORES.responses).createIndex(INDEXES.responses.byRunPrompt, [
        'runId',
        'promptId',
      ]);
      const runs = tx.objectStore(STORES.runs);
      runs.createIndex(INDEXES.runs.byStatus, 'status');
      let cursor = await runs.openCursor();
      while (cursor) {
        const value: unknown = cursor.value;
        if (isRunV1(value)) await cursor.update(upgradeRunV1(value));
        cursor = await cursor.continue();
      }
    },
  },
  {
    version: 3,
    description:
      'Experiment pipeline stores: run units, classifications, checklists, metrics, run specs.',
    migrate(db) {
      const units = db.createObjectStore(STORES.runUnits, { keyPath: 'id' });
      units.createIndex(INDEXES.runUnits.byRunId, 'runId');
      const classifications = db.createObjectStore(STORES.classifications, { keyPath: 'id' });
      classifications.createIndex(INDEXES.classifications.byRunId, 'runId');
      const checklists = db.createObjectStore(STORES.checklists, { keyPath: 'id' });
      checklists.createIndex(INDEXES.checklists.byRunId, 'runId');
      const metrics = db.createObjectStore(STORES.metrics, { keyPath: 'id' });
      metrics.createIndex(INDEXES.metrics.byRunId, 'runId');
      metrics.createIndex(INDEXES.metrics.byRunPrompt, ['runId', 'promptId']);
      db.createObjectStore(STORES.runSpecs, { keyPath: 'runId' });
    },
  },
  {
    version: 4,
    description: 'Provider batches of runs in batch mode.',
    migrate(db) {
      const batches = db.createObjectStore(STORES.runBatches, { keyPath: 'id' });
      batches.createIndex(INDEXES.runBatches.byRunId, 'runId');
    },
  },
];

/**
 * Check that migrations are numbered 1, 2, 3... in order. Throws a plain Error because a
 * malformed list is a programming mistake, not a user-facing storage failure.
 */
export function validateMigrations(migrations: readonly Migration[]): number {
  if (migrations.length === 0) throw new Error('At least one migration is required.');
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration at position ${i} has version ${m.version}; expected ${i + 1}.`);
    }
  });
  return migrations.length;
}

/** Why a database handle stopped working. */
export type CloseReason = 'closed' | 'versionchange' | 'terminated';

/** Options of openDatabase; all optional so the app just calls openDatabase(). */
export interface OpenOptions {
  /** IndexedDB factory; defaults to the global `indexedDB` (tests inject fresh instances). */
  factory?: IDBFactory;
  name?: string;
  /** Schema steps to apply; defaults to MIGRATIONS (tests pass a prefix to build old versions). */
  migrations?: readonly Migration[];
  /** Called when the handle closes on its own (another tab upgraded, or the browser dropped it). */
  onClosed?: (reason: Exclude<CloseReason, 'closed'>) => void;
}

function globalFactory(): IDBFactory | undefined {
  return typeof indexedDB === 'undefined' ? undefined : indexedDB;
}

/**
 * Open (creating or upgrading as needed) the app database.
 * Rejects with StorageUnavailableError, StorageVersionError, StorageBlockedError or
 * StorageMigrationError; a failed migration rolls the whole upgrade back.
 */
export function openDatabase(options: OpenOptions = {}): Promise<PlaygroundDB> {
  const migrations = options.migrations ?? MIGRATIONS;
  const version = validateMigrations(migrations);
  const name = options.name ?? DB_NAME;
  const factory = options.factory ?? globalFactory();
  // idb's wrap() relies on the global IDB classes, so a factory alone is not enough.
  if (factory === undefined || typeof IDBRequest === 'undefined') {
    return Promise.reject(new StorageUnavailableError());
  }
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(name, version);
  } catch (err) {
    return Promise.reject(toStorageError(err, 'open'));
  }

  return new Promise<PlaygroundDB>((resolve, reject) => {
    let settled = false;
    let failedStep: { version: number; error: unknown } | undefined;

    request.addEventListener('upgradeneeded', (event) => {
      const rawTx = request.transaction;
      if (rawTx === null) return;
      const db = wrap(request.result);
      const tx = wrap(rawTx) as unknown as MigrationTx;
      // A failed upgrade is reported through the open request; keep tx.done from going unhandled.
      tx.done.catch(() => undefined);
      const pending = migrations.filter((m) => m.version > event.oldVersion);
      const fail = (step: Migration, error: unknown): void => {
        failedStep = { version: step.version, error };
        try {
          rawTx.abort();
        } catch {
          // Already finished: the open request reports the failure anyway.
        }
      };
      // Synchronous steps run inside the event dispatch; only async ones chain on promises.
      const runFrom = (i: number): void => {
        for (; i < pending.length; i++) {
          const step = pending[i];
          if (step === undefined) return;
          let result: void | Promise<void>;
          try {
            result = step.migrate(db, tx);
          } catch (error) {
            fail(step, error);
            return;
          }
          if (result instanceof Promise) {
            const next = i + 1;
            result.then(
              () => runFrom(next),
              (error: unknown) => fail(step, error),
            );
            return;
          }
        }
      };
      runFrom(0);
    });

    request.addEventListener('blocked', (event) => {
      if (settled) return;
      settled = true;
      reject(new StorageBlockedError(event));
    });

    request.addEventListener('success', () => {
      const raw = request.result;
      if (settled) {
        // We already reported "blocked"; the late connection would otherwise leak.
        raw.close();
        return;
      }
      settled = true;
      resolve(new PlaygroundDB(raw, options.onClosed));
    });

    request.addEventListener('error', (event) => {
      event.preventDefault();
      if (settled) return;
      settled = true;
      reject(
        failedStep
          ? new StorageMigrationError(failedStep.version, failedStep.error)
          : toStorageError(request.error, 'open'),
      );
    });
  });
}

/**
 * Delete the whole database (the "reset all data" action).
 * Rejects with StorageBlockedError while another tab keeps it open.
 */
export function deleteDatabase(options: Pick<OpenOptions, 'factory' | 'name'> = {}): Promise<void> {
  const factory = options.factory ?? globalFactory();
  if (factory === undefined) return Promise.reject(new StorageUnavailableError());
  return new Promise<void>((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.deleteDatabase(options.name ?? DB_NAME);
    } catch (err) {
      reject(toStorageError(err, 'open'));
      return;
    }
    request.addEventListener('success', () => resolve());
    request.addEventListener('error', () => reject(toStorageError(request.error, 'open')));
    request.addEventListener('blocked', (event) => reject(new StorageBlockedError(event)));
  });
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

/**
 * Mark a request promise as observed and return it unchanged. When a transaction aborts
 * half-way (e.g. a later put throws synchronously), requests already queued reject with
 * AbortError; observing each one as soon as it exists keeps those from surfacing as unhandled
 * rejections while Promise.all still sees the first failure. Use it in transact() callbacks
 * that queue several requests before awaiting them.
 */
export function observed<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

/** Milliseconds of write requests queued at a time before the page gets the main thread back. */
export const WRITE_SLICE_MS = 25;

/** Options of {@link writeInSlices}. */
export interface SliceOptions<T> {
  /** `add` refuses a key that exists; `put` replaces it (default). */
  mode?: 'put' | 'add';
  /** Turns a value into the record written (e.g. stamps its schema version), slice by slice. */
  prepare?: (value: T) => unknown;
  /** Queue for about this many ms per slice (default WRITE_SLICE_MS). */
  sliceMs?: number;
  /** Told the number of values written so far after each slice. */
  onProgress?: (written: number) => void;
}

/**
 * Writes many records into `store` of an open read-write transaction without holding the main
 * thread: requests are queued for about `sliceMs` (cloning records is the cost), then only the
 * slice's last request is awaited before the next slice. A request is always pending, so the
 * transaction stays active and stays ONE transaction (all or nothing), while input, timers and
 * painting run between the requests' success events. Raw requests are used because a promise
 * per record costs more than the write. Rejects with the first failing request's error (the
 * transaction then aborts, and transact() reports it); a value that cannot be cloned throws.
 * @param store the raw object store (`unwrap(tx.objectStore(name))`)
 */
export async function writeInSlices<T>(
  store: IDBObjectStore,
  values: readonly T[],
  options: SliceOptions<T> = {},
): Promise<void> {
  const { mode = 'put', prepare, sliceMs = WRITE_SLICE_MS, onProgress } = options;
  // The first failure is the cause; the requests after it only report the abort.
  let failure: unknown;
  const onError = (event: Event): void => {
    failure ??= (event.target as IDBRequest).error;
  };
  let i = 0;
  while (i < values.length) {
    const started = performance.now();
    let last: IDBRequest | undefined;
    do {
      const value = prepare === undefined ? values[i] : prepare(values[i]!);
      last = mode === 'add' ? store.add(value) : store.put(value);
      last.addEventListener('error', onError);
      i += 1;
      // Reading the clock costs little next to a structured clone, but not nothing.
    } while (i < values.length && (i % 16 !== 0 || performance.now() - started < sliceMs));
    await settled(last).catch((err: unknown) => {
      throw failure ?? err;
    });
    onProgress?.(i);
  }
}

/** Resolves when a request succeeds, rejects with its error when it fails. */
function settled(request: IDBRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    request.addEventListener('success', () => resolve(), { once: true });
    request.addEventListener('error', () => reject(request.error), { once: true });
  });
}

/** Counts of records removed by a cascading delete. */
export interface DeleteCounts {
  runs: number;
  responses: number;
  judgements: number;
  /** Pipeline records: run units, classifications, checklists, metrics and the run spec. */
  pipeline: number;
}

/** A run with everything generated for it, read in one consistent transaction. */
export interface RunBundle {
  run: Run;
  responses: ResponseRecord[];
  judgements: JudgementRecord[];
}

/** An open app database. Create with openDatabase(); all methods reject with StorageErrors. */
export class PlaygroundDB {
  readonly #db: IDBPDatabase<MmhsDB>;
  #closed: CloseReason | undefined;

  /**
   * @param raw an open connection at the current schema version
   * @param onClosed notified when the connection closes on its own
   */
  constructor(raw: IDBDatabase, onClosed?: OpenOptions['onClosed']) {
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

  #stamp<S extends StoreName>(value: Draft<Value<S>>): Value<S> {
    return { ...value, schemaVersion: this.version } as unknown as Value<S>;
  }

  async #read<T>(op: (db: IDBPDatabase<MmhsDB>) => Promise<T>): Promise<T> {
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
    return this.#read((db) => db.get(store, key));
  }

  /** Get all records of a store, optionally within a key range. */
  getAll<S extends StoreName>(store: S, query?: Key<S> | IDBKeyRange): Promise<Value<S>[]> {
    return this.#read((db) => db.getAll(store, query));
  }

  /** Get all records whose index key matches `query` (a key or key range). */
  getAllByIndex<S extends StoreName, I extends IndexNames<MmhsDB, S>>(
    store: S,
    index: I,
    query: IndexKey<MmhsDB, S, I> | IDBKeyRange,
  ): Promise<Value<S>[]> {
    return this.#read((db) => db.getAllFromIndex(store, index, query));
  }

  /** Count records of a store. */
  count<S extends StoreName>(store: S): Promise<number> {
    return this.#read((db) => db.count(store));
  }

  /** Insert or replace one record; `schemaVersion` is stamped with the current version. */
  put<S extends StoreName>(store: S, value: Draft<Value<S>>): Promise<Key<S>> {
    return this.transact([store], (tx) => tx.objectStore(store).put(this.#stamp<S>(value)));
  }

  /** Insert one record; rejects with StorageConstraintError if its key already exists. */
  add<S extends StoreName>(store: S, value: Draft<Value<S>>): Promise<Key<S>> {
    return this.transact([store], (tx) => tx.objectStore(store).add(this.#stamp<S>(value)));
  }

  /** Insert or replace many records of one store atomically. */
  async putMany<S extends StoreName>(store: S, values: readonly Draft<Value<S>>[]): Promise<void> {
    if (values.length === 0) return;
    await this.transact([store], async (tx) => {
      const os = tx.objectStore(store);
      await Promise.all(values.map((v) => observed(os.put(this.#stamp<S>(v)))));
    });
  }

  /** Delete one record by primary key (no cascade; see deleteRun/deleteDataset). */
  delete<S extends StoreName>(store: S, key: Key<S>): Promise<void> {
    return this.transact([store], (tx) => tx.objectStore(store).delete(key));
  }

  /** Save a run together with its new responses and judgements, atomically. */
  async saveRunResults(
    run: Draft<Run>,
    responses: readonly Draft<ResponseRecord>[],
    judgements: readonly Draft<JudgementRecord>[] = [],
  ): Promise<void> {
    await this.transact([STORES.runs, STORES.responses, STORES.judgements], async (tx) => {
      const responseStore = tx.objectStore(STORES.responses);
      const judgementStore = tx.objectStore(STORES.judgements);
      await Promise.all([
        observed(tx.objectStore(STORES.runs).put(this.#stamp<'runs'>(run))),
        ...responses.map((r) => observed(responseStore.put(this.#stamp<'responses'>(r)))),
        ...judgements.map((j) => observed(judgementStore.put(this.#stamp<'judgements'>(j)))),
      ]);
    });
  }

  /** Read a run with its responses and judgements from one consistent snapshot. */
  async getRunBundle(runId: string): Promise<RunBundle | undefined> {
    return this.#read(async (db) => {
      const tx = db.transaction([STORES.runs, STORES.responses, STORES.judgements], 'readonly');
      tx.done.catch(() => undefined);
      const [run, responses, judgements] = await Promise.all([
        observed(tx.objectStore(STORES.runs).get(runId)),
        observed(tx.objectStore(STORES.responses).index(INDEXES.responses.byRunId).getAll(runId)),
        observed(tx.objectStore(STORES.judgements).index(INDEXES.judgements.byRunId).getAll(runId)),
      ]);
      await tx.done;
      return run === undefined ? undefined : { run, responses, judgements };
    });
  }

  /** Delete a run and all its responses and judgements in one transaction. */
  deleteRun(runId: string): Promise<DeleteCounts> {
    return this.transact(RUN_STORE_NAMES, (tx) => deleteRunIn(runStores(tx), runId));
  }

  /** Delete an experiment with all its runs, responses and judgements in one transaction. */
  deleteExperiment(experimentId: string): Promise<DeleteCounts> {
    const names = [STORES.experiments, ...RUN_STORE_NAMES] as const;
    return this.transact(names, async (tx) => {
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

  /** Delete a dataset and its prompts in one transaction; returns the number of prompts removed. */
  deleteDataset(datasetId: string): Promise<number> {
    return this.transact([STORES.datasets, STORES.prompts], async (tx) => {
      const prompts = tx.objectStore(STORES.prompts);
      const keys = await prompts.index(INDEXES.prompts.byDatasetId).getAllKeys(datasetId);
      await Promise.all([
        ...keys.map((k) => observed(prompts.delete(k))),
        observed(tx.objectStore(STORES.datasets).delete(datasetId)),
      ]);
      return keys.length;
    });
  }

  /** Read a setting's value, or undefined when unset. */
  async getSetting(key: string): Promise<JsonValue | undefined> {
    return (await this.get(STORES.settings, key))?.value;
  }

  /** Write a setting. */
  async setSetting(key: string, value: JsonValue): Promise<void> {
    await this.put(STORES.settings, { key, value, updatedAt: Date.now() });
  }

  /** Cached embedding of `text` under `model`, if any. */
  async getEmbedding(model: string, text: string): Promise<EmbeddingRecord | undefined> {
    return this.get(STORES.embeddings, [model, await textHash(text)]);
  }

  /** Cache the embedding of `text` under `model`. */
  async putEmbedding(
    model: string,
    text: string,
    vector: Float32Array | number[],
  ): Promise<EmbeddingRecord> {
    const record: EmbeddingRecord = {
      model,
      textHash: await textHash(text),
      vector,
      dims: vector.length,
      createdAt: Date.now(),
      schemaVersion: this.version,
    };
    await this.put(STORES.embeddings, record);
    return record;
  }
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

/**
 * SHA-256 of the exact UTF-8 text as lowercase hex: the embedding cache key. No Unicode
 * normalisation, because models embed the code points they are given.
 */
export async function textHash(text: string): Promise<string> {
  if (typeof crypto === 'undefined' || crypto.subtle === undefined) {
    throw new Error('crypto.subtle is unavailable: serve the app over HTTPS or from localhost.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
