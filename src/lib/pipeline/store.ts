// Persistence of a running experiment behind a small RunStore interface, implemented on the app's
// IndexedDB (PlaygroundDB) with group commit: writes arriving together share one transaction.

import {
  RUN_RECORD_LISTS,
  listRunBatches,
  loadRun,
  writeRunRecords,
  type Draft,
  type PlaygroundDB,
  type RunRecords,
  type RunWrite,
  type StoredRun,
} from '../storage/db';
import type { BatchLedger } from './batch-queue';
import { ledgerKey } from './batch-recovery';
import type { JudgementRecord, Run, RunSpecRecord, RunUnitRecord } from '../storage/schema';

/** Everything persisted for one run (the storage's StoredRun, under the runner's name). */
export type PersistedRun = StoredRun;

/** Record lists a unit may produce besides its own settled record. */
export const UNIT_OUTPUT_LISTS = RUN_RECORD_LISTS.filter(
  (kind): kind is Exclude<keyof RunRecords, 'units'> => kind !== 'units',
);

/** A settled unit and the records it produced, written atomically. */
export type UnitCommit = { unit: Draft<RunUnitRecord> } & {
  [K in (typeof UNIT_OUTPUT_LISTS)[number]]?: Draft<RunRecords[K][number]>[];
};

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

interface Pending {
  writes: readonly RunWrite[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

function commitWrites(c: UnitCommit): RunWrite[] {
  const writes: RunWrite[] = [];
  for (const kind of UNIT_OUTPUT_LISTS) {
    for (const r of c[kind] ?? []) writes.push([kind, r] as RunWrite);
  }
  // The unit record goes last: a unit marked settled always has its records beside it.
  writes.push(['units', c.unit]);
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

  load(runId: string): Promise<PersistedRun> {
    return loadRun(this.#db, runId);
  }

  saveSpec(spec: Draft<RunSpecRecord>): Promise<void> {
    return this.#enqueue([['spec', spec]]);
  }

  saveRun(run: Draft<Run>): Promise<void> {
    return this.#enqueue([['run', run]]);
  }

  commit(commit: UnitCommit): Promise<void> {
    return this.#enqueue(commitWrites(commit));
  }

  putJudgement(judgement: Draft<JudgementRecord>): Promise<void> {
    return this.#enqueue([['judgements', judgement]]);
  }

  batchLedger(runId: string): BatchLedger {
    const db = this.#db;
    return {
      list: async () =>
        (await listRunBatches(db, runId)).map(({ handle, requests, state, marker, answered }) => ({
          handle,
          requests,
          state,
          ...(marker !== undefined && { marker }),
          ...(answered !== undefined && { answered }),
        })),
      save: (batch) =>
        this.#enqueue([
          [
            'batches',
            { id: `${runId}:${batch.handle.engineId}:${ledgerKey(batch)}`, runId, ...batch },
          ],
        ]),
    };
  }

  #enqueue(writes: readonly RunWrite[]): Promise<void> {
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

  async #write(writes: readonly RunWrite[]): Promise<void> {
    await writeRunRecords(this.#db, writes);
    this.transactions += 1;
  }
}
