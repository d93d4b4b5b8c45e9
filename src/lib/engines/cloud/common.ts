// Pieces every cloud chat engine shares: configuration, `n` emulation, the fallback for
// rejected parameters and usage sums.
import { ParameterRejectedError } from '../errors';
import type { ChatRequest, ChatResult, ParamNote, TokenUsage } from '../types';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, type RunOptions } from './http';

/** What to do when a model refuses a parameter (HTTP 400 naming it). */
export type RejectedParamMode = 'throw' | 'drop-and-note';

/** Settings common to all cloud engines. */
export interface CloudEngineConfig {
  /** Provider instance id (e.g. `openai`, `my-ollama`); engine id is `<providerId>/<model>`. */
  providerId: string;
  model: string;
  apiKey?: string;
  /** Overrides the provider's default base URL. */
  baseUrl?: string;
  /** Human name for messages; defaults to the provider's. */
  label?: string;
  /** Calls in flight at once for this provider id (shared by all its engines). */
  maxConcurrency?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * `throw` (default) surfaces a ParameterRejectedError; `drop-and-note` repeats the call without
   * the parameter (or emulates `n`) and records a `rejected` note in the result.
   */
  onRejectedParam?: RejectedParamMode;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Overrides the CORS-vs-down probe (see `probeServerReachable`). */
  probe?: RunOptions['probe'];
}

/** The retry policy with the config's overrides applied. */
export function resolvePolicy(config: CloudEngineConfig): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...config.retry };
}

/** The part of a result one provider round-trip produces. */
export type PartialResult = Omit<ChatResult, 'latencyMs'>;

/** Sums usage over calls; `null` when any call did not report it (a partial sum would mislead). */
export function sumUsage(usages: readonly (TokenUsage | null)[]): TokenUsage | null {
  if (usages.length === 0 || usages.some((u) => u === null)) return null;
  const sum = usages.reduce<TokenUsage>(
    (acc, u) => ({
      promptTokens: acc.promptTokens + (u?.promptTokens ?? 0),
      completionTokens: acc.completionTokens + (u?.completionTokens ?? 0),
      totalTokens: acc.totalTokens + (u?.totalTokens ?? 0),
    }),
    { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  );
  // Cached tokens are summed only when some call reported them.
  if (usages.some((u) => u?.cachedPromptTokens !== undefined)) {
    sum.cachedPromptTokens = usages.reduce((s, u) => s + (u?.cachedPromptTokens ?? 0), 0);
  }
  return sum;
}

/**
 * Builds a usage record, deriving the total when the provider omits it; `cached` is the part of
 * the prompt served from the provider's prompt cache, kept only when reported.
 */
export function usageOf(
  prompt?: number | null,
  completion?: number | null,
  total?: number | null,
  cached?: number | null,
): TokenUsage | null {
  if (prompt == null && completion == null) return null;
  const p = prompt ?? 0;
  const c = completion ?? 0;
  return {
    promptTokens: p,
    completionTokens: c,
    totalTokens: total ?? p + c,
    ...(cached != null && { cachedPromptTokens: cached }),
  };
}

/** The parameters of `request` as sent to `model`; `overrides` for what the adapter changed. */
export function appliedParams(
  model: string,
  request: ChatRequest,
  structuredOutput: ChatResult['applied']['structuredOutput'],
  overrides: Partial<ChatResult['applied']> = {},
): ChatResult['applied'] {
  return {
    model,
    temperature: request.temperature,
    top_p: request.top_p,
    max_tokens: request.max_tokens,
    seed: request.seed,
    n: wantedChoices(request),
    stop: request.stop,
    structuredOutput,
    stream: request.onToken !== undefined,
    ...overrides,
  };
}

/** The number of choices asked for (at least 1). */
export function wantedChoices(request: ChatRequest): number {
  return Math.max(1, Math.floor(request.n ?? 1));
}

/** Runs `one` for choice indexes `from..to-1` in parallel (the limiter paces them). */
export function repeatCalls<T>(
  from: number,
  to: number,
  one: (choiceIndex: number) => Promise<T>,
): Promise<T[]> {
  const jobs: Promise<T>[] = [];
  for (let i = from; i < to; i += 1) jobs.push(one(i));
  return Promise.all(jobs);
}

/** A note for `n` produced by repeated calls. */
export function nEmulatedNote(provider: string, n: number, native: number): ParamNote {
  return {
    param: 'n',
    status: 'emulated',
    message:
      native > 0
        ? `${provider} returned ${native} of ${n} choices; the remaining ${n - native} came from separate calls.`
        : `${provider} has no native n; the ${n} choices came from ${n} separate calls.`,
  };
}

/** Flags an engine call needs beyond the ChatRequest. */
export interface CallFlags {
  /** Set after the provider refused native `n`: loop instead. */
  emulateN: boolean;
}

const DROPPABLE: readonly (keyof ChatRequest)[] = [
  'temperature',
  'top_p',
  'seed',
  'stop',
  'max_tokens',
];

/**
 * Calls `run`, and in `drop-and-note` mode answers a ParameterRejectedError by repeating the call
 * without that parameter (or with `n` emulated), recording a `rejected` note each time.
 */
export async function withParamFallback(
  request: ChatRequest,
  mode: RejectedParamMode,
  provider: string,
  run: (request: ChatRequest, flags: CallFlags) => Promise<PartialResult>,
): Promise<PartialResult> {
  let current: ChatRequest = { ...request };
  const flags: CallFlags = { emulateN: false };
  const notes: ParamNote[] = [];
  for (let round = 0; ; round += 1) {
    try {
      const result = await run(current, flags);
      return { ...result, notes: [...notes, ...result.notes] };
    } catch (err) {
      if (mode !== 'drop-and-note' || !(err instanceof ParameterRejectedError) || round >= 4)
        throw err;
      const param = err.param;
      if (param === 'n' && wantedChoices(current) > 1 && !flags.emulateN) {
        flags.emulateN = true;
        notes.push({
          param: 'n',
          status: 'rejected',
          message: `${provider} refused n=${current.n} for this model; choices were requested one by one instead.`,
        });
        continue;
      }
      if (DROPPABLE.includes(param) && current[param] !== undefined) {
        const value = JSON.stringify(current[param]);
        current = { ...current, [param]: undefined };
        notes.push({
          param,
          status: 'rejected',
          message: `${provider} refused ${param}=${value} for this model; the call was repeated without it (provider default used).`,
        });
        continue;
      }
      throw err;
    }
  }
}

/** Current time in ms, monotonic where available. */
export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
