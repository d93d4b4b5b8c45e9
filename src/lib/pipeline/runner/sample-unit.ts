// The sample stage of a run: draws one unit's responses with the unit's own seed and turns them
// into response records.

import type { CategoryId } from '../../core/taxonomy';
import { SAMPLING_STRATEGIES } from '../../core/prompts';
import type { ResponseRecord } from '../../storage/schema';
import { SCHEMA_VERSION } from '../../storage/schema';
import type { CallCounter } from '../call';
import type { ExperimentDefinition } from '../experiment';
import { responseId } from '../ids';
import type { SampleUnit } from '../plan';
import {
  sampleMulti,
  sampleNativeN,
  sampleOne,
  sampleRegeneration,
  sampleSeed,
  type SampleOutcome,
  type SampleParams,
} from '../sample';
import { NO_CATEGORY, type UnitContext, type UnitResult } from './context';

/** Sampling parameters of one unit, with its own seed derived from the run's. */
export function sampleParams(d: ExperimentDefinition, unit: SampleUnit): SampleParams {
  const index = unit.mode === 'one' || unit.mode === 'regeneration' ? unit.index : 0;
  return {
    temperature: d.temperature,
    topP: d.topP,
    maxTokens: d.maxTokens,
    independent: d.independentSamples,
    ...(d.seed === undefined ? {} : { seed: sampleSeed(d.seed, unit.strategy, index, d.k) }),
  };
}

/** Draws a sample unit's responses (one, native n, k in one call, or a regeneration chain). */
export async function sampleUnit(
  ctx: UnitContext,
  unit: SampleUnit,
  counter: CallCounter,
): Promise<UnitResult> {
  const prompt = ctx.prompt(unit.promptId);
  const info = SAMPLING_STRATEGIES[unit.strategy];
  let category: CategoryId | undefined;
  if (info.anchored) {
    category = ctx.categories(unit.model, prompt).sampling;
    if (category === undefined) return { status: 'failed', error: NO_CATEGORY };
  }
  const call = ctx.caller(unit.model, unit).bind(counter, unit.id);
  const params = sampleParams(ctx.def, unit);
  const k = ctx.def.k;
  const cat = category === undefined ? {} : { category };
  let out: SampleOutcome;
  switch (unit.mode) {
    case 'one':
      out = await sampleOne(call, prompt.text, unit.index, params);
      break;
    case 'native-n':
      out = await sampleNativeN(call, prompt.text, k, params);
      break;
    case 'multi':
      out = await sampleMulti(
        call,
        { prompt: prompt.text, k, anchored: info.anchored, ...cat },
        params,
      );
      break;
    case 'regeneration': {
      const previous: string[] = [];
      for (let i = 0; i < unit.index; i += 1) {
        const r = ctx.state.response(unit.model, unit.promptId, unit.strategy, i);
        if (r === undefined) {
          return {
            status: 'skipped',
            error: `turn ${i + 1} has no response, so the chain stops`,
          };
        }
        previous.push(r.text);
      }
      out = await sampleRegeneration(
        call,
        { prompt: prompt.text, previous, anchored: info.anchored, ...cat },
        params,
      );
      break;
    }
  }
  const now = ctx.now();
  const responses: ResponseRecord[] = out.responses.map((r) => ({
    id: responseId(ctx.runId, unit.model, unit.promptId, unit.strategy, r.index),
    runId: ctx.runId,
    promptId: unit.promptId,
    strategy: unit.strategy,
    model: unit.model,
    index: r.index,
    text: r.text,
    params: r.params,
    ...(r.instruction === undefined ? {} : { instruction: r.instruction }),
    ...(r.usage === undefined
      ? {}
      : {
          usage: {
            promptTokens: r.usage.promptTokens,
            completionTokens: r.usage.completionTokens,
            totalTokens: r.usage.totalTokens,
          },
        }),
    latencyMs: r.latencyMs,
    finishReason: r.finishReason,
    ...(r.notes.length === 0 ? {} : { notes: r.notes }),
    ...(out.issue === undefined ? {} : { parseIssue: out.issue }),
    createdAt: now,
    schemaVersion: SCHEMA_VERSION,
  }));
  return {
    status: out.error === undefined ? 'done' : 'failed',
    ...(out.error === undefined ? {} : { error: out.error }),
    ...(out.issue === undefined ? {} : { issue: out.issue }),
    responses,
  };
}
