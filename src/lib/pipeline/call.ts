// How pipeline stages reach an engine: one call function with a per-engine concurrency limit,
// cancellation, and a cache of identical calls that sampling may bypass. Retries are the engine's.

import pLimit, { type LimitFunction } from 'p-limit';
import type { ChatEngine, ChatRequest, ChatResult } from '../engines/types';
import type { BatchQueue } from './batch-queue';

/** Per-call switches a stage passes along with its request. */
export interface CallOptions {
  /**
   * Whether an identical earlier call may answer this one (default true). Sampling passes false
   * when the user asked for independent samples, and re-asks after unparseable output always do.
   */
  cache?: boolean;
  /**
   * Told of every call sent to the engine for this request and of an answer taken from the
   * cache, so a stage can report what the provider really received (the engine's own HTTP
   * retries of a failed request happen below this layer and are not counted here).
   */
  tally?: (how: 'sent' | 'cached') => void;
}

/** A chat call as stages see it: the signal, limits and cache are the caller's business. */
export type ChatCall = (
  request: Omit<ChatRequest, 'signal'>,
  options?: CallOptions,
) => Promise<ChatResult>;

/**
 * Cache key of a call: the engine id and every request field that can change the answer
 * (callbacks and the signal cannot, so they are left out).
 */
export function cacheKey(engineId: string, request: Omit<ChatRequest, 'signal'>): string {
  return JSON.stringify([
    engineId,
    request.messages,
    request.temperature ?? null,
    request.top_p ?? null,
    request.max_tokens ?? null,
    request.seed ?? null,
    request.n ?? null,
    request.stop ?? null,
    request.jsonSchema ?? null,
  ]);
}

/**
 * In-memory cache of chat calls, evicting the oldest entry beyond `maxEntries`. It holds the
 * promise of a call from the moment it starts, so identical calls made at the same time share
 * one engine call; a call that fails is dropped so that it can be tried again.
 */
export class CallCache {
  readonly #entries = new Map<string, Promise<ChatResult>>();
  readonly #maxEntries: number;
  #hits = 0;

  /** @param maxEntries Entries kept before the oldest is evicted. */
  constructor(maxEntries = 5000) {
    this.#maxEntries = Math.max(1, maxEntries);
  }

  /** The cached (possibly still running) call for `key`, counting a hit. */
  get(key: string): Promise<ChatResult> | undefined {
    const found = this.#entries.get(key);
    if (found !== undefined) this.#hits += 1;
    return found;
  }

  /** Stores a call; it is removed again if it fails. */
  set(key: string, result: Promise<ChatResult>): void {
    if (this.#entries.size >= this.#maxEntries && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, result);
    result.catch(() => {
      if (this.#entries.get(key) === result) this.#entries.delete(key);
    });
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** Calls answered from the cache so far. */
  get hits(): number {
    return this.#hits;
  }
}

/** Thrown when the run was cancelled; stages let it through and the runner records nothing. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The run was cancelled.', 'AbortError');
}

/** Counters a unit keeps over its calls. */
export interface CallCounter {
  /** Engine calls made (the engine's own retries of a call not included), cache hits excluded. */
  calls: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens read from the provider's prompt cache (as reported; 0 when none were). */
  cachedPromptTokens: number;
  /** Whether every call reported usage. */
  usageKnown: boolean;
  /** Milliseconds spent inside engine calls (the bench subtracts them). */
  engineMs: number;
}

/** A fresh counter. */
export function newCounter(): CallCounter {
  return {
    calls: 0,
    cacheHits: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedPromptTokens: 0,
    usageKnown: true,
    engineMs: 0,
  };
}

/** Options of an {@link EngineCaller}. */
export interface EngineCallerOptions {
  /** Calls run at once on this engine. */
  concurrency: number;
  signal: AbortSignal;
  cache?: CallCache;
  /** Clock for engine time (performance.now by default). */
  now?: () => number;
  /** Batch mode: calls bound to a unit go through this queue instead of interactive calls. */
  batch?: BatchQueue;
}

/**
 * One engine behind its concurrency limit, cache and the run's abort signal. It does not retry:
 * the engine already did (cloud engines by the one policy in `engines/cloud/http.ts`), so a
 * failure here is final for this run and the unit records it (Retry failed re-runs it later).
 */
export class EngineCaller {
  readonly engine: ChatEngine;
  readonly #limit: LimitFunction;
  readonly #options: EngineCallerOptions;
  readonly #now: () => number;

  /**
   * @param engine The engine.
   * @param options Concurrency, abort signal and optional cache.
   */
  constructor(engine: ChatEngine, options: EngineCallerOptions) {
    this.engine = engine;
    this.#options = options;
    const c = options.concurrency;
    // A missing or nonsensical limit (0, NaN) means one call at a time, never "unlimited".
    this.#limit = pLimit(Number.isFinite(c) && c >= 1 ? Math.floor(c) : 1);
    this.#now = options.now ?? (() => performance.now());
  }

  /** Calls running now. */
  get active(): number {
    return this.#limit.activeCount;
  }

  /**
   * A ChatCall bound to this engine that adds its calls, tokens and engine time to `counter`.
   * `unitKey` names the calls in batch mode (`<unit>#<n>`: stable across reloads, because a
   * unit makes its calls in the same order each time it runs).
   */
  bind(counter: CallCounter, unitKey?: string): ChatCall {
    let n = 0;
    return (request, options) =>
      this.call(request, options, counter, unitKey === undefined ? undefined : `${unitKey}#${n++}`);
  }

  /**
   * One call: answered from the cache when allowed (also by an identical call still running),
   * else queued behind the concurrency limit. Failed calls leave the cache.
   */
  async call(
    request: Omit<ChatRequest, 'signal'>,
    options: CallOptions = {},
    counter: CallCounter = newCounter(),
    batchKey?: string,
  ): Promise<ChatResult> {
    const { cache, signal } = this.#options;
    const useCache = cache !== undefined && options.cache !== false;
    const key = useCache ? cacheKey(this.engine.id, request) : '';
    if (useCache) {
      const hit = cache.get(key);
      if (hit !== undefined) {
        counter.cacheHits += 1;
        options.tally?.('cached');
        return hit;
      }
    }
    const batch = batchKey === undefined ? undefined : this.#options.batch;
    const pending =
      batch !== undefined && batchKey !== undefined
        ? (() => {
            counter.calls += 1;
            options.tally?.('sent');
            // A batch answers after minutes or hours: not engine time of this page.
            return batch.chat(batchKey, request);
          })()
        : this.#limit(async () => {
            if (signal.aborted) throw abortError(signal);
            counter.calls += 1;
            options.tally?.('sent');
            const started = this.#now();
            try {
              return await this.engine.chat({ ...request, signal });
            } finally {
              counter.engineMs += this.#now() - started;
            }
          });
    if (useCache) cache.set(key, pending);
    const result = await pending;
    if (result.usage === null) counter.usageKnown = false;
    else {
      counter.promptTokens += result.usage.promptTokens;
      counter.completionTokens += result.usage.completionTokens;
      counter.cachedPromptTokens += result.usage.cachedPromptTokens ?? 0;
    }
    return result;
  }
}
