// In-memory view of what a run has produced so far: loaded from storage on start (resume) and
// updated as each unit commits, so that later units find their inputs without reading storage.

import type { SamplingStrategy } from '../core/prompts';
import type {
  ChecklistRecord,
  ClassificationRecord,
  JudgementRecord,
  MetricRecord,
  ResponseRecord,
  RunUnitRecord,
} from '../storage/schema';
import { responseId } from './ids';
import type { PersistedRun } from './store';

/** Records written by one unit. */
export interface UnitRecords {
  responses?: ResponseRecord[];
  judgements?: JudgementRecord[];
  classifications?: ClassificationRecord[];
  checklists?: ChecklistRecord[];
  metrics?: MetricRecord[];
}

/** Everything a run produced so far, keyed by record id. */
export class RunState {
  readonly runId: string;
  readonly units = new Map<string, RunUnitRecord>();
  readonly responses = new Map<string, ResponseRecord>();
  readonly judgements = new Map<string, JudgementRecord>();
  readonly classifications = new Map<string, ClassificationRecord>();
  readonly checklists = new Map<string, ChecklistRecord>();
  readonly metrics = new Map<string, MetricRecord>();

  /**
   * @param runId The run.
   * @param persisted What storage already holds for it.
   */
  constructor(runId: string, persisted?: PersistedRun) {
    this.runId = runId;
    if (persisted === undefined) return;
    for (const u of persisted.units) this.units.set(u.id, u);
    this.apply(persisted);
  }

  /** Adds a unit's records. */
  apply(records: UnitRecords): void {
    for (const r of records.responses ?? []) this.responses.set(r.id, r);
    for (const r of records.judgements ?? []) this.judgements.set(r.id, r);
    for (const r of records.classifications ?? []) this.classifications.set(r.id, r);
    for (const r of records.checklists ?? []) this.checklists.set(r.id, r);
    for (const r of records.metrics ?? []) this.metrics.set(r.id, r);
  }

  /** The response with sample `index` of a group, if it was generated. */
  response(
    model: string,
    promptId: string,
    strategy: SamplingStrategy,
    index: number,
  ): ResponseRecord | undefined {
    return this.responses.get(responseId(this.runId, model, promptId, strategy, index));
  }

  /** The group's generated responses in sample order (missing indices left out). */
  group(model: string, promptId: string, strategy: SamplingStrategy, k: number): ResponseRecord[] {
    const found: ResponseRecord[] = [];
    for (let index = 0; index < k; index += 1) {
      const r = this.response(model, promptId, strategy, index);
      if (r !== undefined) found.push(r);
    }
    return found;
  }
}
