// The engine callers of one run: one per engine (and one more per batched engine), each with its
// concurrency limit, the shared call cache and, for batch stages, the provider batch queue.

import pLimit, { type LimitFunction } from 'p-limit';
import type { ChatEngine, EmbeddingEngine } from '../../engines/types';
import type { PipelineStage } from '../../storage/schema';
import { BatchQueue, type BatchLedger, type PollSchedule } from '../batch-queue';
import { abortError, EngineCaller, type CallCache, type CallCounter } from '../call';
import type { PlannedUnit } from '../plan';

/** What {@link RunCallers} needs to build callers. */
export interface RunCallersOptions {
  chat: (id: string) => ChatEngine;
  embeddingEngines: readonly EmbeddingEngine[];
  /** Calls at once per engine id; default: the engine's maxConcurrency, 1 for local engines. */
  concurrency: Readonly<Record<string, number>> | undefined;
  cache: CallCache | undefined;
  signal: AbortSignal;
  batchStages: readonly PipelineStage[];
  ledger: BatchLedger | undefined;
  poll: PollSchedule | undefined;
}

/** Builds each engine's caller (and embedding limit) once and hands it out to the units. */
export class RunCallers {
  readonly #o: RunCallersOptions;
  readonly #callers = new Map<string, EngineCaller>();
  readonly #embedLimits = new Map<string, LimitFunction>();

  /** @param options Engines, limits, cache, signal and batch settings of the run. */
  constructor(options: RunCallersOptions) {
    this.#o = options;
  }

  /** The caller of engine `id` for a unit, batched when the unit's stage runs in batch mode. */
  caller(id: string, unit: PlannedUnit): EngineCaller {
    const o = this.#o;
    const engine = o.chat(id);
    const ledger = o.ledger;
    const batched =
      ledger !== undefined && o.batchStages.includes(unit.stage) && engine.capabilities.batch;
    const callerId = batched ? `${id}\u0000batch` : id;
    let caller = this.#callers.get(callerId);
    if (caller === undefined) {
      const concurrency =
        o.concurrency?.[id] ??
        (engine.location === 'local' ? 1 : engine.capabilities.maxConcurrency);
      const poll = o.poll;
      caller = new EngineCaller(engine, {
        concurrency,
        signal: o.signal,
        ...(o.cache === undefined ? {} : { cache: o.cache }),
        ...(batched && {
          batch: new BatchQueue(engine, {
            ledger,
            signal: o.signal,
            ...(poll && { poll }),
          }),
        }),
      });
      this.#callers.set(callerId, caller);
    }
    return caller;
  }

  /** Embedding with engine `id` (limited per engine, counted on `counter`), if it is loaded. */
  embedder(
    id: string | undefined,
    counter: CallCounter,
  ): ((texts: readonly string[]) => Promise<Float32Array[]>) | undefined {
    if (id === undefined) return undefined;
    const engine = this.#o.embeddingEngines.find((e) => e.id === id);
    if (engine === undefined) return undefined;
    let limit = this.#embedLimits.get(id);
    if (limit === undefined) {
      const concurrency = this.#o.concurrency?.[id] ?? (engine.location === 'local' ? 1 : 4);
      limit = pLimit(Math.max(1, concurrency));
      this.#embedLimits.set(id, limit);
    }
    const limited = limit;
    const signal = this.#o.signal;
    return (texts) =>
      limited(async () => {
        if (signal.aborted) throw abortError(signal);
        counter.calls += 1;
        const started = performance.now();
        try {
          return await engine.embed(texts, { signal });
        } finally {
          counter.engineMs += performance.now() - started;
        }
      });
  }
}
