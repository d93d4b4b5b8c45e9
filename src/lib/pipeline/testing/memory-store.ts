// An in-memory RunStore for tests: records live in maps keyed like the IndexedDB stores, and
// every write is counted so tests can assert that nothing was written twice.

import type { Draft } from '../../storage/db';
import type {
  ChecklistRecord,
  ClassificationRecord,
  JudgementRecord,
  MetricRecord,
  ResponseRecord,
  Run,
  RunSpecRecord,
  RunUnitRecord,
} from '../../storage/schema';
import type { PersistedRun, RunStore, UnitCommit } from '../store';

const VERSION = 3;

function stamp<T>(value: Draft<T>): T {
  return { ...value, schemaVersion: VERSION } as T;
}

/** A RunStore in memory. `fail` makes the next writes reject (to test storage failures). */
export class MemoryRunStore implements RunStore {
  readonly runs = new Map<string, Run>();
  readonly specs = new Map<string, RunSpecRecord>();
  readonly units = new Map<string, RunUnitRecord>();
  readonly responses = new Map<string, ResponseRecord>();
  readonly judgements = new Map<string, JudgementRecord>();
  readonly classifications = new Map<string, ClassificationRecord>();
  readonly checklists = new Map<string, ChecklistRecord>();
  readonly metrics = new Map<string, MetricRecord>();
  /** Unit commits per unit id (a unit committed twice would show 2). */
  readonly commitsPerUnit = new Map<string, number>();
  /** Error thrown by every write while set. */
  fail: Error | undefined;

  async load(runId: string): Promise<PersistedRun> {
    const of = <T extends { runId: string }>(m: Map<string, T>): T[] =>
      [...m.values()].filter((r) => r.runId === runId).map((r) => structuredClone(r));
    const run = this.runs.get(runId);
    const spec = this.specs.get(runId);
    return {
      ...(run === undefined ? {} : { run: structuredClone(run) }),
      ...(spec === undefined ? {} : { spec: structuredClone(spec) }),
      units: of(this.units),
      responses: of(this.responses),
      judgements: of(this.judgements),
      classifications: of(this.classifications),
      checklists: of(this.checklists),
      metrics: of(this.metrics),
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
    const put = <T extends { id: string }>(m: Map<string, T>, list: Draft<T>[] = []): void => {
      for (const r of list) m.set(r.id, stamp<T>(structuredClone(r)));
    };
    put(this.responses, c.responses);
    put(this.judgements, c.judgements);
    put(this.classifications, c.classifications);
    put(this.checklists, c.checklists);
    put(this.metrics, c.metrics);
    put(this.units, [c.unit]);
    this.commitsPerUnit.set(c.unit.id, (this.commitsPerUnit.get(c.unit.id) ?? 0) + 1);
  }

  async putJudgement(judgement: Draft<JudgementRecord>): Promise<void> {
    this.#check();
    this.judgements.set(judgement.id, stamp<JudgementRecord>(structuredClone(judgement)));
  }

  #check(): void {
    if (this.fail !== undefined) throw this.fail;
  }
}
