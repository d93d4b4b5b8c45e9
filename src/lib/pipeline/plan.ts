// Plans a run as deterministic units with stable ids and dependencies: the same run, definition
// and engine capabilities always give the same plan, so a resumed run skips exactly what settled.

import { SAMPLING_STRATEGIES, type SamplingStrategy } from '../core/prompts';
import type { PipelineStage, RunUnitRecord, UnitKind } from '../storage/schema';
import { goldType, type ExperimentDefinition } from './experiment';
import {
  accuracyUnitId,
  checklistUnitId,
  classifyUnitId,
  gradeUnitId,
  judgeUnitId,
  metricsUnitId,
  sampleUnitId,
} from './ids';

/** How a sample unit obtains its responses. */
export type SampleMode = 'one' | 'native-n' | 'multi' | 'regeneration';

interface UnitBase {
  id: string;
  stage: PipelineStage;
  /** Engine whose concurrency limit the unit's calls share; null = no engine call. */
  engineId: string | null;
  /** Units that must settle first (earlier in the plan). */
  deps: string[];
  promptId: string;
}

/** The generator classifies a prompt. */
export interface ClassifyUnit extends UnitBase {
  kind: 'classify';
  model: string;
}

/** Samples one response (`index`) or all k of a group. */
export interface SampleUnit extends UnitBase {
  kind: 'sample';
  model: string;
  strategy: SamplingStrategy;
  mode: SampleMode;
  /** Sample index for 'one' and 'regeneration'; 0 for units producing all k. */
  index: number;
}

/** One judge judges a group. */
export interface JudgeUnit extends UnitBase {
  kind: 'judge';
  model: string;
  strategy: SamplingStrategy;
  judge: string;
}

/** General metrics of a group. */
export interface MetricsUnit extends UnitBase {
  kind: 'metrics';
  model: string;
  strategy: SamplingStrategy;
}

/** One judge writes a prompt's checklist. */
export interface ChecklistUnit extends UnitBase {
  kind: 'checklist';
  judge: string;
}

/** One judge grades one response. */
export interface GradeUnit extends UnitBase {
  kind: 'grade';
  judge: string;
  model: string;
  strategy: SamplingStrategy;
  index: number;
  checklistUnit: string;
}

/** One response is checked against the gold answer. */
export interface AccuracyUnit extends UnitBase {
  kind: 'accuracy';
  model: string;
  strategy: SamplingStrategy;
  index: number;
  method: 'math' | 'grader';
}

/** Any planned unit. */
export type PlannedUnit =
  ClassifyUnit | SampleUnit | JudgeUnit | MetricsUnit | ChecklistUnit | GradeUnit | AccuracyUnit;

/** Stage of each unit kind. */
export const STAGE_OF: Readonly<Record<UnitKind, PipelineStage>> = {
  classify: 'classify',
  sample: 'sample',
  judge: 'judge',
  metrics: 'metrics',
  checklist: 'quality',
  grade: 'quality',
  accuracy: 'accuracy',
};

/** Pipeline stages in order. */
export const PIPELINE_STAGES: readonly PipelineStage[] = [
  'classify',
  'sample',
  'judge',
  'metrics',
  'quality',
  'accuracy',
];

/** Whether a generator answers k choices in one call: native `n` and allowed by the definition. */
export type NativeNLookup = (generatorId: string) => boolean;

/**
 * The sample unit that produces response `index` of a group: the per-index unit for independent
 * calls and regeneration turns, the shared 'all' unit for single-call strategies and native n.
 */
export function sampleUnitFor(
  runId: string,
  model: string,
  promptId: string,
  strategy: SamplingStrategy,
  index: number,
  nativeN: boolean,
): string {
  const calls = SAMPLING_STRATEGIES[strategy].calls;
  const shared = calls === 'single' || (calls === 'independent' && nativeN);
  return sampleUnitId(runId, model, promptId, strategy, shared ? 'all' : index);
}

/**
 * Plans every unit of a run. Order: classification, sampling, checklists, judging, metrics,
 * grades, accuracy; every dependency precedes its dependents. Dependencies:
 * task-anchored sampling and judging wait for the classification (when planned), a regeneration
 * turn for the turn before, judging and metrics for all of the group's samples, a grade for its
 * checklist and its response, an accuracy check for its response.
 * Short-answer accuracy is graded by the first judge; without judges it is not planned.
 * @param nativeN Which generators fold temperature sampling into one native-n call.
 */
export function planRun(
  runId: string,
  def: ExperimentDefinition,
  nativeN: NativeNLookup = () => false,
): PlannedUnit[] {
  const units: PlannedUnit[] = [];
  const classifyIds = new Map<string, string>();
  const key = (model: string, promptId: string): string => `${model}\u0000${promptId}`;

  if (def.classify) {
    for (const model of def.generators) {
      for (const p of def.prompts) {
        const id = classifyUnitId(runId, model, p.id);
        classifyIds.set(key(model, p.id), id);
        units.push({
          kind: 'classify',
          id,
          stage: 'classify',
          engineId: model,
          deps: [],
          promptId: p.id,
          model,
        });
      }
    }
  }

  const groupSamples = new Map<string, string[]>();
  const groupKey = (model: string, promptId: string, s: SamplingStrategy): string =>
    `${model}\u0000${promptId}\u0000${s}`;
  for (const model of def.generators) {
    const useN = def.nativeN && nativeN(model);
    for (const p of def.prompts) {
      const classify = classifyIds.get(key(model, p.id));
      for (const strategy of def.strategies) {
        const info = SAMPLING_STRATEGIES[strategy];
        const base = { stage: 'sample' as const, engineId: model, promptId: p.id, model, strategy };
        const catDeps = info.anchored && classify !== undefined ? [classify] : [];
        const ids: string[] = [];
        if (info.calls === 'single' || (info.calls === 'independent' && useN)) {
          const id = sampleUnitId(runId, model, p.id, strategy, 'all');
          const mode: SampleMode = info.calls === 'single' ? 'multi' : 'native-n';
          units.push({ kind: 'sample', id, ...base, deps: catDeps, mode, index: 0 });
          ids.push(id);
        } else {
          for (let index = 0; index < def.k; index += 1) {
            const id = sampleUnitId(runId, model, p.id, strategy, index);
            const regeneration = info.calls === 'sequential';
            const previous = regeneration && index > 0 ? [ids[index - 1] as string] : [];
            const mode: SampleMode = regeneration ? 'regeneration' : 'one';
            units.push({
              kind: 'sample',
              id,
              ...base,
              deps: [...catDeps, ...previous],
              mode,
              index,
            });
            ids.push(id);
          }
        }
        groupSamples.set(groupKey(model, p.id, strategy), ids);
      }
    }
  }

  if (def.quality) {
    for (const judge of def.judges) {
      for (const p of def.prompts) {
        const id = checklistUnitId(runId, judge, p.id);
        units.push({
          kind: 'checklist',
          id,
          stage: 'quality',
          engineId: judge,
          deps: [],
          promptId: p.id,
          judge,
        });
      }
    }
  }

  const forEachGroup = (
    fn: (model: string, promptId: string, s: SamplingStrategy) => void,
  ): void => {
    for (const model of def.generators) {
      for (const p of def.prompts) for (const s of def.strategies) fn(model, p.id, s);
    }
  };

  for (const judge of def.judges) {
    forEachGroup((model, promptId, strategy) => {
      const classify = classifyIds.get(key(model, promptId));
      const samples = groupSamples.get(groupKey(model, promptId, strategy)) ?? [];
      units.push({
        kind: 'judge',
        id: judgeUnitId(runId, judge, model, promptId, strategy),
        stage: 'judge',
        engineId: judge,
        deps: classify === undefined ? [...samples] : [classify, ...samples],
        promptId,
        model,
        strategy,
        judge,
      });
    });
  }

  forEachGroup((model, promptId, strategy) => {
    units.push({
      kind: 'metrics',
      id: metricsUnitId(runId, model, promptId, strategy),
      stage: 'metrics',
      engineId: def.embedding ?? null,
      deps: [...(groupSamples.get(groupKey(model, promptId, strategy)) ?? [])],
      promptId,
      model,
      strategy,
    });
  });

  const indices = Array.from({ length: def.k }, (_, i) => i);
  if (def.quality) {
    for (const judge of def.judges) {
      forEachGroup((model, promptId, strategy) => {
        const useN = def.nativeN && nativeN(model);
        const checklistUnit = checklistUnitId(runId, judge, promptId);
        for (const index of indices) {
          const sample = sampleUnitFor(runId, model, promptId, strategy, index, useN);
          units.push({
            kind: 'grade',
            id: gradeUnitId(runId, judge, model, promptId, strategy, index),
            stage: 'quality',
            engineId: judge,
            deps: [checklistUnit, sample],
            promptId,
            model,
            strategy,
            index,
            judge,
            checklistUnit,
          });
        }
      });
    }
  }

  if (def.accuracy) {
    const grader = def.judges[0];
    const golds = new Map(def.prompts.map((p) => [p.id, goldType(p)]));
    forEachGroup((model, promptId, strategy) => {
      const type = golds.get(promptId);
      if (type === undefined || (type === 'short' && grader === undefined)) return;
      const useN = def.nativeN && nativeN(model);
      for (const index of indices) {
        units.push({
          kind: 'accuracy',
          id: accuracyUnitId(runId, model, promptId, strategy, index),
          stage: 'accuracy',
          engineId: type === 'math' ? null : (grader ?? null),
          deps: [sampleUnitFor(runId, model, promptId, strategy, index, useN)],
          promptId,
          model,
          strategy,
          index,
          method: type === 'math' ? 'math' : 'grader',
        });
      }
    });
  }
  return units;
}

/**
 * The settled units a new start of the run executes again (Retry failed, Resume, auto-resume):
 * every unit whose engine call failed (`callFailed`), and every unit depending on one of those
 * that did not get what it needed: it failed or was skipped for want of the input, or it sums up
 * a group (judging, metrics) one of whose sample units runs again. All else that settled is
 * kept, so a retry never asks again for an answer already stored.
 * @param plan The run's plan (dependencies come before their dependents).
 * @param settled Settled units by id.
 */
export function unitsToRedo(
  plan: readonly PlannedUnit[],
  settled: ReadonlyMap<string, Pick<RunUnitRecord, 'status' | 'callFailed'>>,
): Set<string> {
  const redo = new Set<string>();
  const kinds = new Map(plan.map((u) => [u.id, u.kind]));
  for (const unit of plan) {
    const record = settled.get(unit.id);
    if (record === undefined) continue;
    if (record.callFailed === true) {
      redo.add(unit.id);
      continue;
    }
    const changed = unit.deps.filter((d) => redo.has(d));
    if (changed.length === 0) continue;
    const summary = unit.kind === 'judge' || unit.kind === 'metrics';
    const groupChanged = summary && changed.some((d) => kinds.get(d) === 'sample');
    if (record.status !== 'done' || groupChanged) redo.add(unit.id);
  }
  return redo;
}

/** Units per stage of a plan. */
export function stageTotals(plan: readonly PlannedUnit[]): Record<PipelineStage, number> {
  const totals = Object.fromEntries(PIPELINE_STAGES.map((s) => [s, 0])) as Record<
    PipelineStage,
    number
  >;
  for (const unit of plan) totals[unit.stage] += 1;
  return totals;
}
