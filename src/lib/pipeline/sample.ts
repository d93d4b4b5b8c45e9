// Sample stage: k responses per strategy. Temperature sampling makes independent calls (or one
// native-n call), system-prompt sampling one call split into k responses, regeneration k turns.

import { parseMultiResponseLenient } from '../core/parse';
import {
  SAMPLING_STRATEGY_IDS,
  buildRegenerationMessages,
  buildSystemPromptSampling,
  buildTemperatureMessages,
  systemSamplingInstruction,
  regenerationFollowUp,
  type SamplingStrategy,
} from '../core/prompts';
import type { CategoryId } from '../core/taxonomy';
import type { ChatResult, FinishReason, ParamNote } from '../engines/types';
import type { ResponseRecord, TokenUsage } from '../storage/schema';
import type { ChatCall } from './call';

/** Sampling parameters of one sample unit. */
export interface SampleParams {
  temperature: number;
  topP: number;
  maxTokens: number;
  /** The unit's own seed, see {@link sampleSeed}; sent as is. */
  seed?: number;
  /** Independent samples: no sampling call may be answered from the cache. */
  independent: boolean;
}

/**
 * One response as the engine produced it, with what was actually applied: the fields of the
 * response record it becomes (the runner adds ids, the unit's keys and the parse issue).
 */
export type SampledResponse = Pick<
  ResponseRecord,
  'index' | 'text' | 'params' | 'instruction' | 'latencyMs'
> & {
  notes: string[];
  finishReason: FinishReason;
  /** Token usage, only when the call produced this response alone. */
  usage?: Required<Pick<TokenUsage, 'promptTokens' | 'completionTokens' | 'totalTokens'>>;
};

/** Outcome of one sample unit. */
export interface SampleOutcome {
  responses: SampledResponse[];
  /** A problem that kept some responses (e.g. 3 of 5 parsed). */
  issue?: string;
  /** Why the unit produced nothing. */
  error?: string;
  /** Re-asks after unusable output. */
  reasks: number;
}

function noteText(note: ParamNote): string {
  return `${String(note.param)}: ${note.status} (${note.message})`;
}

function toResponse(
  result: ChatResult,
  index: number,
  text: string,
  finishReason: FinishReason,
  single: boolean,
  instruction?: string,
): SampledResponse {
  const { applied } = result;
  return {
    index,
    text,
    params: {
      ...(applied.temperature === undefined ? {} : { temperature: applied.temperature }),
      ...(applied.top_p === undefined ? {} : { topP: applied.top_p }),
      ...(applied.max_tokens === undefined ? {} : { maxTokens: applied.max_tokens }),
      ...(applied.seed === undefined ? {} : { seed: applied.seed }),
    },
    notes: result.notes.map(noteText),
    finishReason,
    latencyMs: result.latencyMs,
    ...(single && result.usage !== null ? { usage: result.usage } : {}),
    ...(instruction === undefined ? {} : { instruction }),
  };
}

/**
 * The seed of one sampling request, derived from the run's seed so a run can be reproduced and no
 * two sampling requests of a prompt look alike: strategy j (paper order) and sample or turn i get
 * `runSeed + j * k + i`. Temperature sampling keeps `runSeed + i`; the first regeneration turn no
 * longer repeats temperature sample 1's request (both send the bare prompt).
 * @param runSeed The run's seed.
 * @param strategy The strategy of the request.
 * @param index Sample index or regeneration turn (0 for single-call strategies and native n).
 * @param k Responses per prompt and strategy.
 */
export function sampleSeed(
  runSeed: number,
  strategy: SamplingStrategy,
  index: number,
  k: number,
): number {
  return runSeed + SAMPLING_STRATEGY_IDS.indexOf(strategy) * k + index;
}

function samplingFields(params: SampleParams, maxTokens = params.maxTokens) {
  return {
    temperature: params.temperature,
    top_p: params.topP,
    max_tokens: maxTokens,
    ...(params.seed === undefined ? {} : { seed: params.seed }),
  };
}

const EMPTY = 'the model returned an empty response';

/**
 * Temperature sampling, one response: the bare prompt, with the sample's own seed (see
 * {@link sampleSeed}), so the k samples are reproducible without being k copies of one another.
 * An empty completion is asked again once (never from the cache), then the unit fails.
 */
export async function sampleOne(
  call: ChatCall,
  prompt: string,
  index: number,
  params: SampleParams,
): Promise<SampleOutcome> {
  const request = { messages: buildTemperatureMessages(prompt), ...samplingFields(params) };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: !params.independent && attempt === 0 });
    const choice = result.choices[0];
    if (choice !== undefined && choice.text.trim() !== '') {
      return {
        responses: [toResponse(result, index, choice.text, choice.finishReason, true)],
        reasks: attempt,
      };
    }
  }
  return { responses: [], error: EMPTY, reasks: 1 };
}

/**
 * Temperature sampling with the engine's native `n`: one call returning k independent choices.
 * Empty choices are dropped and reported; no choice at all is asked again once.
 */
export async function sampleNativeN(
  call: ChatCall,
  prompt: string,
  k: number,
  params: SampleParams,
): Promise<SampleOutcome> {
  const request = {
    messages: buildTemperatureMessages(prompt),
    ...samplingFields(params),
    n: k,
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: !params.independent && attempt === 0 });
    const kept = result.choices.slice(0, k).filter((c) => c.text.trim() !== '');
    if (kept.length > 0) {
      const responses = kept.map((c, i) => toResponse(result, i, c.text, c.finishReason, k === 1));
      const issue =
        kept.length < k ? `expected ${k} choices, got ${kept.length} non-empty` : undefined;
      return { responses, reasks: attempt, ...(issue === undefined ? {} : { issue }) };
    }
  }
  return { responses: [], error: `${EMPTY} (no non-empty choice)`, reasks: 1 };
}

/**
 * System-prompt sampling (general or task-anchored): one completion asked for k responses in
 * numbered tags, split leniently. Its token limit is k x maxTokens, since one completion carries
 * all k responses. Fewer or more than k responses keep what parsed (at most k) and record the
 * problem as `issue`; nothing parseable is asked again once, then the unit fails.
 */
export async function sampleMulti(
  call: ChatCall,
  opts: { prompt: string; k: number; anchored: boolean; category?: CategoryId },
  params: SampleParams,
): Promise<SampleOutcome> {
  const { prompt, k, anchored, category } = opts;
  const messages = buildSystemPromptSampling({
    prompt,
    k,
    anchored,
    ...(category === undefined ? {} : { category }),
  });
  const instruction = systemSamplingInstruction({
    k,
    anchored,
    ...(category === undefined ? {} : { category }),
  });
  const request = { messages, ...samplingFields(params, params.maxTokens * k) };
  let lastIssue = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: !params.independent && attempt === 0 });
    const choice = result.choices[0];
    const parsed = parseMultiResponseLenient(choice?.text ?? '', k);
    if (parsed.responses.length > 0) {
      const texts = parsed.responses.slice(0, k);
      const finish = choice?.finishReason ?? 'unknown';
      const responses = texts.map((t, i) => toResponse(result, i, t, finish, false, instruction));
      const issue = parsed.issue === null ? undefined : `${parsed.issue.message}`;
      return { responses, reasks: attempt, ...(issue === undefined ? {} : { issue }) };
    }
    lastIssue = parsed.issue?.message ?? 'no responses found';
  }
  return { responses: [], error: `unreadable k-response output: ${lastIssue}`, reasks: 1 };
}

/**
 * In-context regeneration, turn `index`: the prompt, the earlier answers and after each one the
 * (general or task-anchored) follow-up. An empty answer is asked again once, then the unit fails.
 */
export async function sampleRegeneration(
  call: ChatCall,
  opts: { prompt: string; previous: readonly string[]; anchored: boolean; category?: CategoryId },
  params: SampleParams,
): Promise<SampleOutcome> {
  const { prompt, previous, anchored, category } = opts;
  const cat = category === undefined ? {} : { category };
  const messages = buildRegenerationMessages({ prompt, previous, anchored, ...cat });
  const index = previous.length;
  const instruction = index === 0 ? undefined : regenerationFollowUp({ anchored, ...cat });
  const request = { messages, ...samplingFields(params) };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: !params.independent && attempt === 0 });
    const choice = result.choices[0];
    if (choice !== undefined && choice.text.trim() !== '') {
      const response = toResponse(
        result,
        index,
        choice.text,
        choice.finishReason,
        true,
        instruction,
      );
      return { responses: [response], reasks: attempt };
    }
  }
  return { responses: [], error: EMPTY, reasks: 1 };
}
