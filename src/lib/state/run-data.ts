// One stored run read once for a page: its definition, summary and run model (core/run-model.ts)
// with the probe sets of its prompts. The Results table, the chart views and the probes read it.
import { buildRunModel, type RunModel, type RunPrompt } from '../core/run-model';
import { pointId, type SafetyGroupInput, type SocietalGroupInput } from '../core/views';
import { parseExperiment, type ExperimentDefinition } from '../pipeline/experiment';
import { probeKindOf, probeReadings, type ProbeKind } from '../pipeline/probes';
import { summarizeRun, type GroupSummary, type RunSummary } from '../pipeline/results';
import type { PersistedRun } from '../pipeline/store';
import type { RunSpecRecord } from '../storage/schema';

export { promptContexts, type GroupClasses } from '../core/run-model';

/** A prompt of the run, with the probe set it belongs to. */
export interface ViewPrompt extends RunPrompt {
  probe: ProbeKind | null;
}

/** A loaded run and everything derived from it once. */
export interface RunData extends Omit<RunModel<GroupSummary>, 'prompts'> {
  persisted: PersistedRun;
  def?: ExperimentDefinition;
  summary: RunSummary;
  prompts: Map<string, ViewPrompt>;
  /** Number of prompts of each probe set in the run. */
  probePrompts: Record<ProbeKind, number>;
}

/** The stored definition of a run, when it parses. */
export function runDefinition(spec: RunSpecRecord | undefined): ExperimentDefinition | undefined {
  if (spec === undefined) return undefined;
  const parsed = parseExperiment(spec.definition);
  return parsed.ok ? parsed.value : undefined;
}

/**
 * Reads a stored run into its model.
 * @param runId The run.
 * @param persisted Its records.
 * @param summary Its summary when already computed (summarizeRun).
 */
export function runData(runId: string, persisted: PersistedRun, summary?: RunSummary): RunData {
  const def = runDefinition(persisted.spec);
  const sum = summary ?? summarizeRun(persisted);
  const model = buildRunModel(runId, persisted, sum, def);
  const prompts = new Map<string, ViewPrompt>();
  const probePrompts: Record<ProbeKind, number> = { safety: 0, societal: 0 };
  for (const [id, p] of model.prompts) {
    const probe = probeKindOf(p);
    prompts.set(id, { ...p, probe });
    if (probe !== null) probePrompts[probe] += 1;
  }
  return {
    ...model,
    persisted,
    ...(def === undefined ? {} : { def }),
    summary: sum,
    prompts,
    probePrompts,
  };
}

/**
 * The probe groups of a run: per prompt x model x strategy of each probe set, the reading of each
 * response in sample order (by one judge, or the newest usable reading of any judge).
 */
export function probeGroups(
  data: RunData,
  judge?: string,
): { societal: SocietalGroupInput[]; safety: SafetyGroupInput[] } {
  const readings = probeReadings(data.persisted.judgements, judge);
  const societal: SocietalGroupInput[] = [];
  const safety: SafetyGroupInput[] = [];
  for (const list of data.responses.values()) {
    const first = list[0];
    if (first === undefined) continue;
    const kind = data.prompts.get(first.promptId)?.probe ?? null;
    if (kind === null) continue;
    // Shown under the strategy of its point (imported responses keep their own label).
    const shown = data.pointById.get(pointId(first.promptId, first.model, first.strategy));
    const base = {
      promptId: first.promptId,
      model: first.model,
      strategy: shown?.strategy ?? first.strategy,
    };
    if (kind === 'societal') {
      societal.push({
        ...base,
        attributes: list.map((r) => {
          const reading = readings.get(r.id);
          return reading?.kind === 'societal' ? reading.attributes : null;
        }),
      });
    } else {
      safety.push({
        ...base,
        labels: list.map((r) => {
          const reading = readings.get(r.id);
          return reading?.kind === 'safety' ? reading.safety : null;
        }),
      });
    }
  }
  return { societal, safety };
}
