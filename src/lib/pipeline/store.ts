// Persistence of a running experiment behind a small RunStore interface, implemented on the app's
// IndexedDB (PlaygroundDB) with group commit: writes arriving together share one transaction.

import { INDEXES, STORES, type Draft, type PlaygroundDB } from '../storage/db';
import type { BatchLedger } from './batch-queue';
import { ledgerKey } from './batch-recovery';
import type {
  ChecklistRecord,
  ClassificationRecord,
  JudgementRecord,
  MetricRecord,
  ResponseRecord,
  Run,
  RunSpecRecord,
  RunUnitRecord,
  StoreName,
} from '../storage/schema';

/** Everything persisted for one run. */
export interface PersistedRun {
  run?: Run;
  spec?: RunSpecRecord;
  units: RunUnitRecord[];
  responses: ResponseRecord[];
  judgements: JudgementRecord[];
  classifications: ClassificationRecord[];
  checklists: ChecklistRecord[];
  metrics: MetricRecord[];
}

/** A settled unit and the records it produced, written atomically. */
export interface UnitCommit {
  unit: Draft<RunUnitRecord>;
  responses?: Draft<ResponseRecord>[];
  judgements?: Draft<JudgementRecord>[];
  classifications?: Draft<ClassificationRecord>[];
  checklists?: Draft<ChecklistRecord>[];
  metrics?: Draft<MetricRecord>[];
}

/** What the runner needs from storage; every write resolves once it is durable. */
export interface RunStore {
  /** Everything already stored for the run (empty lists for a new run). */
  load(runId: string): Promise<PersistedRun>;
  saveSpec(spec: Draft<RunSpecRecord>): Promise<void>;
  saveRun(run: Draft<Run>): Promise<void>;
  /** Writes a unit's records and its settled state in one transaction. */
  commit(commit: UnitCommit): Promise<void>;
  /** Writes one judge verdict the moment it arrives (before its unit settles). */
  putJudgement(judgement: Draft<JudgementRecord>): Promise<void>;
  /** Where the run keeps its provider batches (batch mode); absent: the store cannot. */
  batchLedger?(runId: string): BatchLedger;
}

type Write = readonly [StoreName, object];

interface Pending {
  writes: readonly Write[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

function commitWrites(c: UnitCommit): Write[] {
  const writes: Write[] = [];
  for (const r of c.responses ?? []) writes.push([STORES.responses, r]);
  for (const r of c.judgements ?? []) writes.push([STORES.judgements, r]);
  for (const r of c.classifications ?? []) writes.push([STORES.classifications, r]);
  for (const r of c.checklists ?? []) writes.push([STORES.checklists, r]);
  for (const r of c.metrics ?? []) writes.push([STORES.metrics, r]);
  // The unit record goes last: a unit marked settled always has its records beside it.
  writes.push([STORES.runUnits, c.unit]);
  return writes;
}

/**
 * RunStore on PlaygroundDB. Writes are queued and flushed in one transaction per batch: while a
 * transaction is committing, new writes wait and go together into the next one. Each caller's
 * promise resolves only when its transaction has committed, so "settled" always means "on disk".
 * When a batch fails, its writes are retried one group at a time so that one bad record (e.g. a
 * value the browser cannot store) fails only its own caller.
 */
export class PlaygroundRunStore implements RunStore {
  readonly #db: PlaygroundDB;
  #queue: Pending[] = [];
  #flushing = false;
  /** Transactions committed so far (the bench reports writes per second from it). */
  transactions = 0;

  /** @param db An open app database. */
  constructor(db: PlaygroundDB) {
    this.#db = db;
  }

  async load(runId: string): Promise<PersistedRun> {
    const db = this.#db;
    const [run, spec, units, responses, judgements, classifications, checklists, metrics] =
      await Promise.all([
        db.get(STORES.runs, runId),
        db.get(STORES.runSpecs, runId),
        db.getAllByIndex(STORES.runUnits, INDEXES.runUnits.byRunId, runId),
        db.getAllByIndex(STORES.responses, INDEXES.responses.byRunId, runId),
        db.getAllByIndex(STORES.judgements, INDEXES.judgements.byRunId, runId),
        db.getAllByIndex(STORES.classifications, INDEXES.classifications.byRunId, runId),
        db.getAllByIndex(STORES.checklists, INDEXES.checklists.byRunId, runId),
        db.getAllByIndex(STORES.metrics, INDEXES.metrics.byRunId, runId),
      ]);
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
  }

  saveSpec(spec: Draft<RunSpecRecord>): Promise<void> {
    return this.#enqueue([[STORES.runSpecs, spec]]);
  }

  saveRun(run: Draft<Run>): Promise<void> {
    return this.#enqueue([[STORES.runs, run]]);
  }

  commit(commit: UnitCommit): Promise<void> {
    return this.#enqueue(commitWrites(commit));
  }

  putJudgement(judgement: Draft<JudgementRecord>): Promise<void> {
    return this.#enqueue([[STORES.judgements, judgement]]);
  }

  batchLedger(runId: string): BatchLedger {
    const db = this.#db;
    return {
      list: async () =>
        (await db.getAllByIndex(STORES.runBatches, INDEXES.runBatches.byRunId, runId)).map(
          ({ handle, requests, state, marker, answered }) => ({
            handle,
            requests,
            state,
            ...(marker !== undefined && { marker }),
            ...(answered !== undefined && { answered }),
          }),
        ),
      save: (batch) =>
        this.#enqueue([
          [
            STORES.runBatches,
            { id: `${runId}:${batch.handle.engineId}:${ledgerKey(batch)}`, runId, ...batch },
          ],
        ]),
    };
  }

  #enqueue(writes: readonly Write[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ writes, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        try {
          await this.#write(batch.flatMap((p) => p.writes));
          for (const p of batch) p.resolve();
        } catch (err) {
          if (batch.length === 1) {
            batch[0]?.reject(err);
            continue;
          }
          for (const p of batch) {
            try {
              await this.#write(p.writes);
              p.resolve();
            } catch (single) {
              p.reject(single);
            }
          }
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #write(writes: readonly Write[]): Promise<void> {
    const names = [...new Set(writes.map(([store]) => store))];
    const version = this.#db.version;
    await this.#db.transact(names, (tx) => {
      // Requests are queued synchronously and awaited by the transaction's completion.
      for (const [store, value] of writes) {
        tx.objectStore(store)
          .put({ ...value, schemaVersion: version } as never)
          .catch(() => undefined);
      }
    });
    this.transactions += 1;
  }
}
