// An in-memory RunStore for tests: records live in maps keyed like the IndexedDB stores, and
// every write is counted so tests can assert that nothing was written twice.

import { RUN_RECORD_LISTS, type Draft, type RunRecords } from '../../storage/db';
import type { JudgementRecord, Run, RunSpecRecord } from '../../storage/schema';
import { UNIT_OUTPUT_LISTS, type PersistedRun, type RunStore, type UnitCommit } from '../store';

const VERSION = 3;

function stamp<T>(value: Draft<T>): T {
  return { ...value, schemaVersion: VERSION } as T;
}

/** Records of one list of a run (units, responses, ...) by record id. */
type RecordMap<K extends keyof RunRecords> = Map<string, RunRecords[K][number]>;

/** A RunStore in memory. `fail` makes the next writes reject (to test storage failures). */
export class MemoryRunStore implements RunStore {
  readonly runs = new Map<string, Run>();
  readonly specs = new Map<string, RunSpecRecord>();
  readonly units: RecordMap<'units'> = new Map();
  readonly responses: RecordMap<'responses'> = new Map();
  readonly judgements: RecordMap<'judgements'> = new Map();
  readonly classifications: RecordMap<'classifications'> = new Map();
  readonly checklists: RecordMap<'checklists'> = new Map();
  readonly metrics: RecordMap<'metrics'> = new Map();
  /** Unit commits per unit id (a unit committed twice would show 2). */
  readonly commitsPerUnit = new Map<string, number>();
  /** Error thrown by every write while set. */
  fail: Error | undefined;

  async load(runId: string): Promise<PersistedRun> {
    const run = this.runs.get(runId);
    const spec = this.specs.get(runId);
    const lists = Object.fromEntries(
      RUN_RECORD_LISTS.map((kind) => [
        kind,
        [...this.#map(kind).values()]
          .filter((r) => r.runId === runId)
          .map((r) => structuredClone(r)),
      ]),
    ) as unknown as RunRecords;
    return {
      ...(run === undefined ? {} : { run: structuredClone(run) }),
      ...(spec === undefined ? {} : { spec: structuredClone(spec) }),
      ...lists,
    };
  }

  async saveSpec(spec: Draft<RunSpecRecord>): Promise<void> {
    this.#check();
    this.specs.set(spec.runId, stamp<RunSpecRecord>(structuredClone(spec)));
  }

  async saveRun(run: Draft<Run>): Promise<void> {
    this.#check();
    this.runs.set(run.id, stamp<Run>(structuredClone(run)));
  }

  async commit(c: UnitCommit): Promise<void> {
    this.#check();
    // The unit record goes last, as in the database's group commit.
    const lists = { ...c, units: [c.unit] };
    for (const kind of [...UNIT_OUTPUT_LISTS, 'units'] as const) {
      const map = this.#map(kind);
      for (const r of lists[kind] ?? []) map.set(r.id, stamp(structuredClone(r)));
    }
    this.commitsPerUnit.set(c.unit.id, (this.commitsPerUnit.get(c.unit.id) ?? 0) + 1);
  }

  async putJudgement(judgement: Draft<JudgementRecord>): Promise<void> {
    this.#check();
    this.judgements.set(judgement.id, stamp<JudgementRecord>(structuredClone(judgement)));
  }

  /** The map of a record list, typed loosely enough to write any of its records. */
  #map(kind: keyof RunRecords): Map<string, RunRecords[keyof RunRecords][number]> {
    return this[kind] as Map<string, RunRecords[keyof RunRecords][number]>;
  }

  #check(): void {
    if (this.fail !== undefined) throw this.fail;
  }
}
