// The runs repository: listing runs, loading one with every record it produced, and writing runs
// (a runner's group commits, whole runs from bundles or analyses) each in one transaction.

import { unwrap } from 'idb';
import type {
  ChecklistRecord,
  ClassificationRecord,
  JudgementRecord,
  MetricRecord,
  ResponseRecord,
  Run,
  RunBatchRecord,
  RunSpecRecord,
  RunUnitRecord,
} from './schema';
import { connectionOf, type Draft, type PlaygroundDB } from './internal/connection';
import { observed, writeInSlices } from './internal/slices';
import { INDEXES, RUN_RECORD_STORES, STORES } from './internal/stores';

/** The records of a run as stored (every record stamped with its schema version). */
export interface RunRecords {
  units: RunUnitRecord[];
  responses: ResponseRecord[];
  judgements: JudgementRecord[];
  classifications: ClassificationRecord[];
  checklists: ChecklistRecord[];
  metrics: MetricRecord[];
}

/** Everything stored for one run: the run and its definition when stored, and its records. */
export interface StoredRun extends RunRecords {
  run?: Run;
  spec?: RunSpecRecord;
}

/** A stored run with its definition (absent when none was stored), as the runs lists read it. */
export interface RunEntry {
  run: Run;
  spec: RunSpecRecord | undefined;
}

/** A kind of record that belongs to a run. */
export type RunRecordKind = keyof typeof RUN_RECORD_STORES;

/** One record to write and its kind (the runner's writes; see {@link writeRunRecords}). */
export type RunWrite =
  | readonly ['run', Draft<Run>]
  | readonly ['spec', Draft<RunSpecRecord>]
  | readonly ['units', Draft<RunUnitRecord>]
  | readonly ['responses', Draft<ResponseRecord>]
  | readonly ['judgements', Draft<JudgementRecord>]
  | readonly ['classifications', Draft<ClassificationRecord>]
  | readonly ['checklists', Draft<ChecklistRecord>]
  | readonly ['metrics', Draft<MetricRecord>]
  | readonly ['batches', Draft<RunBatchRecord>];

/** The record lists of a run, in the order they are written and sent. */
export const RUN_RECORD_LISTS = [
  'units',
  'responses',
  'judgements',
  'classifications',
  'checklists',
  'metrics',
] as const satisfies readonly (keyof RunRecords)[];

/**
 * Every stored run with its definition, newest first (ties by id), read in one transaction: the
 * one query behind the runs lists of Experiments and Results and the Framework page's examples.
 */
export async function listRuns(db: PlaygroundDB): Promise<RunEntry[]> {
  const conn = connectionOf(db);
  const [runs, specs] = await conn.read(async (handle) => {
    const tx = handle.transaction([STORES.runs, STORES.runSpecs], 'readonly');
    tx.done.catch(() => undefined);
    const read = await Promise.all([
      observed(tx.objectStore(STORES.runs).getAll()),
      observed(tx.objectStore(STORES.runSpecs).getAll()),
    ]);
    await tx.done;
    return read;
  });
  const byId = new Map(specs.map((s) => [s.runId, s]));
  return runs
    .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id))
    .map((run) => ({ run, spec: byId.get(run.id) }));
}

/**
 * A run with its definition and every record it produced, read from one consistent snapshot
 * (empty lists for a run never stored).
 */
export async function loadRun(db: PlaygroundDB, runId: string): Promise<StoredRun> {
  const names = Object.values(RUN_RECORD_STORES).filter((s) => s !== STORES.runBatches);
  const conn = connectionOf(db);
  return conn.read(async (handle) => {
    const tx = handle.transaction(names, 'readonly');
    tx.done.catch(() => undefined);
    const [run, spec, units, responses, judgements, classifications, checklists, metrics] =
      await Promise.all([
        observed(tx.objectStore(STORES.runs).get(runId)),
        observed(tx.objectStore(STORES.runSpecs).get(runId)),
        observed(tx.objectStore(STORES.runUnits).index(INDEXES.runUnits.byRunId).getAll(runId)),
        observed(tx.objectStore(STORES.responses).index(INDEXES.responses.byRunId).getAll(runId)),
        observed(tx.objectStore(STORES.judgements).index(INDEXES.judgements.byRunId).getAll(runId)),
        observed(
          tx
            .objectStore(STORES.classifications)
            .index(INDEXES.classifications.byRunId)
            .getAll(runId),
        ),
        observed(tx.objectStore(STORES.checklists).index(INDEXES.checklists.byRunId).getAll(runId)),
        observed(tx.objectStore(STORES.metrics).index(INDEXES.metrics.byRunId).getAll(runId)),
      ]);
    await tx.done;
    return {
      ...(run === undefined ? {} : { run }),
      ...(spec === undefined ? {} : { spec }),
      units,
      responses,
      judgements,
      classifications,
      checklists,
      metrics,
    };
  });
}

/** Whether a run with this id is stored. */
export async function runExists(db: PlaygroundDB, runId: string): Promise<boolean> {
  return (await connectionOf(db).get(STORES.runs, runId)) !== undefined;
}

/** The stored definition of a run, if any. */
export function loadRunSpec(db: PlaygroundDB, runId: string): Promise<RunSpecRecord | undefined> {
  return connectionOf(db).get(STORES.runSpecs, runId);
}

/** The provider batches a run submitted (batch mode). */
export function listRunBatches(db: PlaygroundDB, runId: string): Promise<RunBatchRecord[]> {
  return connectionOf(db).getAllByIndex(STORES.runBatches, INDEXES.runBatches.byRunId, runId);
}

/**
 * Writes run records of any kinds in ONE transaction, each stamped with the schema version.
 * Requests are queued synchronously and awaited through the transaction's completion.
 */
export async function writeRunRecords(
  db: PlaygroundDB,
  writes: readonly RunWrite[],
): Promise<void> {
  const conn = connectionOf(db);
  const names = [...new Set(writes.map(([kind]) => RUN_RECORD_STORES[kind]))];
  const version = conn.version;
  await conn.transact(names, (tx) => {
    for (const [kind, value] of writes) {
      tx.objectStore(RUN_RECORD_STORES[kind])
        .put({ ...value, schemaVersion: version } as never)
        .catch(() => undefined);
    }
  });
}

/** Save a run together with its new responses and judgements, atomically. */
export async function saveRunResults(
  db: PlaygroundDB,
  run: Draft<Run>,
  responses: readonly Draft<ResponseRecord>[],
  judgements: readonly Draft<JudgementRecord>[] = [],
): Promise<void> {
  const conn = connectionOf(db);
  await conn.transact([STORES.runs, STORES.responses, STORES.judgements], async (tx) => {
    const responseStore = tx.objectStore(STORES.responses);
    const judgementStore = tx.objectStore(STORES.judgements);
    await Promise.all([
      observed(tx.objectStore(STORES.runs).put(conn.stamp<'runs'>(run))),
      ...responses.map((r) => observed(responseStore.put(conn.stamp<'responses'>(r)))),
      ...judgements.map((j) => observed(judgementStore.put(conn.stamp<'judgements'>(j)))),
    ]);
  });
}

/** A whole run to store at once: its record, its definition and the records it produced. */
export interface NewRun {
  run: Draft<Run>;
  spec: Draft<RunSpecRecord>;
  records: Partial<{ [K in keyof RunRecords]: readonly Draft<RunRecords[K][number]>[] }>;
}

/** Options of {@link saveNewRuns}. */
export interface SaveNewRunsOptions {
  /** A run already stored: refuse everything (throw `conflict(runId)`) or leave it as it is. */
  existing: 'refuse' | 'skip';
  /** The error thrown for a run already stored (`existing: 'refuse'`). */
  conflict: (runId: string) => Error;
  /** `add` refuses any record whose key exists; `put` (default) replaces it. */
  mode?: 'put' | 'add';
  /** Told how many records of the total are written, after each slice. */
  onProgress?: (written: number, total: number) => void;
}

/** What {@link saveNewRuns} wrote. */
export interface SavedRuns {
  /** Runs written now. */
  saved: string[];
  /** Runs already stored, left as they were ('skip' only). */
  skipped: string[];
  records: number;
}

/**
 * Stores whole runs in ONE transaction, all or nothing, in time slices that give the page the
 * main thread back. A full disk rejects with StorageQuotaError and nothing is written.
 */
export async function saveNewRuns(
  db: PlaygroundDB,
  runs: readonly NewRun[],
  options: SaveNewRunsOptions,
): Promise<SavedRuns> {
  const conn = connectionOf(db);
  const names = [
    STORES.runs,
    STORES.runSpecs,
    STORES.runUnits,
    STORES.responses,
    STORES.judgements,
    STORES.classifications,
    STORES.checklists,
    STORES.metrics,
  ] as const;
  const version = conn.version;
  const listsOf = (r: NewRun): [(typeof names)[number], readonly object[]][] => [
    [STORES.runs, [r.run]],
    [STORES.runSpecs, [r.spec]],
    ...RUN_RECORD_LISTS.map((kind): [(typeof names)[number], readonly object[]] => [
      RUN_RECORD_STORES[kind],
      r.records[kind] ?? [],
    ]),
  ];
  const prepare = (v: object): object => ({ ...v, schemaVersion: version });
  return conn.transact(names, async (tx) => {
    const fresh: NewRun[] = [];
    const skipped: string[] = [];
    for (const r of runs) {
      const runId = r.run.id;
      const existing = await tx.objectStore(STORES.runs).getKey(runId);
      if (existing === undefined && !fresh.some((f) => f.run.id === runId)) fresh.push(r);
      else if (options.existing === 'refuse') throw options.conflict(runId);
      else skipped.push(runId);
    }
    const lists = fresh.flatMap(listsOf);
    const total = lists.reduce((sum, [, list]) => sum + list.length, 0);
    let before = 0;
    for (const [store, list] of lists) {
      await writeInSlices(unwrap(tx.objectStore(store)), list, {
        prepare,
        ...(options.mode === undefined ? {} : { mode: options.mode }),
        onProgress: (written) => options.onProgress?.(before + written, total),
      });
      before += list.length;
    }
    return { saved: fresh.map((r) => r.run.id), skipped, records: total };
  });
}
