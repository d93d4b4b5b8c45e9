// What a unit of a run needs from its runner (definition, state, store, engines, clock), and what
// executing a unit gives back, so each stage can live in its own module.

import type { CategoryId } from '../../core/taxonomy';
import type { UnitStatus } from '../../storage/schema';
import type { CallCounter, EngineCaller } from '../call';
import type { JudgeSideParams } from '../classify';
import type { ExperimentDefinition, ExperimentPrompt } from '../experiment';
import type { PlannedUnit } from '../plan';
import type { RunState, UnitRecords } from '../state';
import type { RunStore } from '../store';

/** The outcome of executing one unit. */
export interface UnitResult extends UnitRecords {
  status: UnitStatus;
  error?: string;
  issue?: string;
  /** An engine call failed (not the model's answer): running the unit again may succeed. */
  callFailed?: boolean;
  judgeCalls?: {
    calls: number;
    everyPairCalls: number;
    sent: number | null;
    cached: number | null;
  };
}

/** The run a unit executes in, as the runner exposes it to the stage modules. */
export interface UnitContext {
  readonly runId: string;
  readonly def: ExperimentDefinition;
  readonly state: RunState;
  readonly store: RunStore;
  readonly signal: AbortSignal;
  readonly judgeParams: JudgeSideParams;
  now(): number;
  /** The experiment prompt with this id (throws for an unknown id). */
  prompt(id: string): ExperimentPrompt;
  /** The caller of an engine for a unit's stage (batched when the stage runs in batch mode). */
  caller(engineId: string, unit: PlannedUnit): EngineCaller;
  /** The prompt's sampling and judge categories for a generator. */
  categories(
    model: string,
    prompt: ExperimentPrompt,
  ): { sampling?: CategoryId; judge?: CategoryId };
  /** The run's embedding function, limited per engine, or undefined without an embedding engine. */
  embedder(
    counter: CallCounter,
  ): ((texts: readonly string[]) => Promise<Float32Array[]>) | undefined;
}

/** The reason recorded for an anchored unit whose prompt has no category. */
export const NO_CATEGORY =
  'no task category: the classification failed and the prompt has no known category';

/** An error's message, or the value as text. */
export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The judge-side call parameters of a run's definition (judge temperature, tokens, seed). */
export function judgeParamsOf(d: ExperimentDefinition): JudgeSideParams {
  return {
    temperature: d.judgeTemperature,
    maxTokens: d.judgeMaxTokens,
    ...(d.seed === undefined ? {} : { seed: d.seed }),
  };
}
