// Fixtures of the runner tests: databases closed after each test, the eight-prompt definition,
// scripted engines and runners (interactive or through the fake batch provider).

import { CATEGORY_IDS } from '../../core/taxonomy';
import type { FunctionalMetricRecord, MetricRecord } from '../../storage/schema';
import type { PollSchedule } from '../batch-queue';
import { parseExperiment, type ExperimentDefinition, type ExperimentInput } from '../experiment';
import { ExperimentRunner, type RunnerOptions } from '../runner';
import type { RunStore } from '../store';
import type { MemoryBatchProvider } from './scripted-batch';
import { ScriptedEngine } from './scripted-engine';
import { pipelineScript, type PipelineScript } from './scripts';

export { closeOpenedDbs, openDb } from './open-db';

/** One prompt per category, known categories, text naming the category. */
export const EIGHT = CATEGORY_IDS.map((c) => ({
  id: `p${c}`,
  text: `Prompt of category ${c}`,
  category: c,
}));

/** A parsed definition of the eight prompts on one generator and one judge, seed 100. */
export function definition(extra: Partial<ExperimentInput> = {}): ExperimentDefinition {
  const parsed = parseExperiment({
    prompts: EIGHT,
    generators: ['cloud/gen'],
    judges: ['cloud/judge'],
    seed: 100,
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return parsed.value;
}

/** The classifier answers the true letter except for G and H, which it calls F. */
export function classifyByText(prompt: string): string {
  const letter = prompt.slice(-1);
  return letter === 'G' || letter === 'H' ? 'F' : letter;
}

/** The scripted generator (which also classifies) and judge of the runner tests. */
export function engines(script: PipelineScript = {}, genOptions = {}, judgeOptions = {}) {
  const gen = new ScriptedEngine(pipelineScript({ classify: classifyByText, ...script }), {
    id: 'cloud/gen',
    ...genOptions,
  });
  const judge = new ScriptedEngine(pipelineScript(script), { id: 'cloud/judge', ...judgeOptions });
  return { gen, judge };
}

/** A runner of run `run1` on the given store, definition and engines. */
export function runner(
  store: RunStore,
  def: ExperimentDefinition | undefined,
  chat: readonly ScriptedEngine[],
  extra: Partial<RunnerOptions> = {},
): ExperimentRunner {
  return new ExperimentRunner({
    store,
    runId: 'run1',
    ...(def === undefined ? {} : { definition: def }),
    engines: chat,
    ...extra,
  });
}

/** The functional-diversity metrics among `metrics`. */
export function functional(metrics: Iterable<MetricRecord>): FunctionalMetricRecord[] {
  return [...metrics].filter((m): m is FunctionalMetricRecord => m.kind === 'functional');
}

/** Equivalence classes by judge, prompt and strategy, sorted by that key. */
export function classesByGroup(metrics: Iterable<MetricRecord>): Record<string, number[][]> {
  return Object.fromEntries(
    functional(metrics)
      .map((m) => [`${m.judgeModel}|${m.promptId}|${m.strategy}`, m.classes] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** A runner whose engines go through the fake provider's batch API, without the call cache. */
export function batchRunner(
  store: RunStore,
  def: ExperimentDefinition | undefined,
  provider: MemoryBatchProvider,
  poll: PollSchedule,
  extra: Partial<RunnerOptions> = {},
): ExperimentRunner {
  const e = engines();
  return runner(store, def, [provider.wrap(e.gen), provider.wrap(e.judge)] as ScriptedEngine[], {
    cache: null,
    batch: { poll },
    ...extra,
  });
}
