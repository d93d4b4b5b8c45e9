// Batch mode for one engine: calls made while a stage runs are gathered into one provider batch,
// which is recorded in a ledger, polled with backoff, and answered call by call when it ends.

import type {
  BatchHandle,
  BatchItem,
  BatchItemResult,
  ChatBatchApi,
  ChatEngine,
  ChatRequest,
  ChatResult,
} from '../engines/types';
import { abortableSleep } from '../engines/cloud/http';
import { answeredResult, collectCancelled, submittingBatch } from './batch-recovery';

/** A submitted batch as kept with the run: its handle, its items and where it stands. */
export interface StoredBatch {
  /** While `submitting`, the batch id is still empty (the provider has not replied). */
  handle: BatchHandle;
  /** The submitted requests in order (so results can be read after a reload). */
  requests: Omit<ChatRequest, 'signal' | 'onToken'>[];
  state: 'submitting' | 'running' | 'ended' | 'cancelled';
  /** Idempotency marker sent with the create request, saved before it was sent. */
  marker?: string;
  /** Results a cancelled batch had already given; Resume answers these calls from them. */
  answered?: { customId: string; result: ChatResult }[];
}

/** Where a run keeps its batches (IndexedDB in the app, memory in tests). */
export interface BatchLedger {
  list(): Promise<StoredBatch[]>;
  save(batch: StoredBatch): Promise<void>;
}

/** How often a running batch is read: `firstMs`, growing by `factor` up to `maxMs`. */
export interface PollSchedule {
  firstMs: number;
  maxMs: number;
  factor: number;
}

/** Providers finish most batches within hours, so reading every few minutes is plenty. */
export const DEFAULT_POLL: PollSchedule = { firstMs: 5_000, maxMs: 300_000, factor: 2 };

/** Options of a {@link BatchQueue}. */
export interface BatchQueueOptions {
  ledger: BatchLedger;
  signal: AbortSignal;
  /** Quiet time after the last call before the gathered calls are submitted (default 50 ms). */
  gatherMs?: number;
  poll?: PollSchedule;
  /** Called whenever a batch is submitted, read or ended (progress display). */
  onBatch?: (batch: StoredBatch, state: 'submitted' | 'running' | 'ended') => void;
}

/**
 * Cancels every batch of the ledger still running at its provider (the user cancelled the run):
 * units already settled stay with the run. A batch the provider reports ended right away keeps
 * the answers it had already given; the next start collects them from a batch still ending, and
 * submits only what is left.
 * @returns the number of batches cancelled
 */
export async function cancelRunningBatches(
  ledger: BatchLedger,
  engines: readonly ChatEngine[],
): Promise<number> {
  let cancelled = 0;
  for (const batch of await ledger.list()) {
    const api = engines.find((e) => e.id === batch.handle.engineId)?.batch;
    if (batch.state !== 'running' || api === undefined) continue;
    await api.cancel(batch.handle);
    const collected = await collectCancelled(api, batch, { wait: false });
    await ledger.save(collected ?? { ...batch, state: 'cancelled' });
    cancelled += 1;
  }
  return cancelled;
}

/** A call whose batch item failed, expired or was cancelled; the unit fails and can be retried. */
export class BatchItemError extends Error {
  override name = 'BatchItemError';
  constructor(
    readonly reason: Extract<BatchItemResult, { ok: false }>['reason'],
    message: string,
  ) {
    super(message);
  }
}

interface Waiter {
  resolve: (result: ChatResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers calls into batches. Each call names itself with a key that is stable across reloads
 * (the unit id and the call's position in it); a call whose key is in a batch that is still
 * running attaches to it instead of being submitted again.
 */
export class BatchQueue {
  readonly #engine: ChatEngine;
  readonly #api: ChatBatchApi;
  readonly #options: BatchQueueOptions;
  readonly #waiters = new Map<string, Waiter>();
  #pending: { key: string; request: StoredBatch['requests'][number] }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stored: Promise<StoredBatch[]> | undefined;
  readonly #watching = new Set<string>();
  readonly #submitting = new Set<StoredBatch>();

  /**
   * @param engine An engine with `capabilities.batch`.
   * @param options Ledger, abort signal, gathering and polling.
   */
  constructor(engine: ChatEngine, options: BatchQueueOptions) {
    if (!engine.capabilities.batch || engine.batch === undefined) {
      throw new Error(`${engine.id} has no batch API; run this stage interactively.`);
    }
    this.#engine = engine;
    this.#api = engine.batch;
    this.#options = options;
  }

  /** One call through a batch; resolves when the batch holding it has ended. */
  async chat(key: string, request: Omit<ChatRequest, 'signal'>): Promise<ChatResult> {
    const stored = await this.#storedBatches();
    const answered = answeredResult(stored, key);
    if (answered !== undefined) return answered;
    const result = new Promise<ChatResult>((resolve, reject) => {
      this.#waiters.set(key, { resolve, reject });
    });
    const running = stored.find(
      (b) =>
        (b.state === 'running' || b.state === 'submitting') && b.handle.customIds.includes(key),
    );
    if (running?.state === 'submitting') void this.#submitStored(running, true);
    else if (running) this.#watch(running);
    else {
      const { onToken: _ignored, ...plain } = request;
      this.#pending.push({ key, request: plain });
      if (this.#timer !== undefined) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#flush(), this.#options.gatherMs ?? 50);
    }
    return result;
  }

  #storedBatches(): Promise<StoredBatch[]> {
    this.#stored ??= this.#options.ledger.list().then(async (all) => {
      const mine = all.filter((b) => b.handle.engineId === this.#engine.id);
      // A batch cancelled while the provider was still ending it: wait for its answers once.
      return Promise.all(
        mine.map(async (b) => {
          if (b.state !== 'cancelled' || b.answered !== undefined) return b;
          const { signal, poll } = this.#options;
          const collected = await collectCancelled(this.#api, b, { wait: true, signal, poll });
          if (collected === undefined) return b;
          await this.#options.ledger.save(collected);
          return collected;
        }),
      );
    });
    return this.#stored;
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    const gathered = this.#pending;
    this.#pending = [];
    if (gathered.length === 0) return;
    const batch = submittingBatch(this.#engine.id, gathered);
    try {
      // Saved before sending: a lost reply or a reload mid-create finds the batch by its marker.
      await this.#options.ledger.save(batch);
      (await this.#storedBatches()).push(batch);
    } catch (err) {
      for (const g of gathered) this.#settle(g.key, err);
      return;
    }
    await this.#submitStored(batch, false);
  }

  /**
   * Sends a batch saved as `submitting` (anew, or again after a reload: `resumed`); on a retry or
   * when resumed the engine first looks for a batch with its marker, so it is created at most once.
   */
  async #submitStored(batch: StoredBatch, resumed: boolean): Promise<void> {
    if (this.#submitting.has(batch)) return;
    this.#submitting.add(batch);
    const keys = batch.handle.customIds;
    const items: BatchItem[] = batch.requests.map((request, i) => ({
      customId: keys[i]!,
      request,
    }));
    try {
      const marker = { marker: batch.marker ?? '', since: batch.handle.submittedAt, resumed };
      batch.handle = await this.#api.submit(items, this.#options.signal, marker);
      batch.state = 'running';
      await this.#options.ledger.save(batch);
    } catch (err) {
      for (const key of keys) this.#settle(key, err);
      return;
    } finally {
      this.#submitting.delete(batch);
    }
    this.#options.onBatch?.(batch, 'submitted');
    this.#watch(batch);
  }

  #watch(batch: StoredBatch): void {
    if (this.#watching.has(batch.handle.batchId)) return;
    this.#watching.add(batch.handle.batchId);
    void this.#poll(batch).finally(() => this.#watching.delete(batch.handle.batchId));
  }

  async #poll(batch: StoredBatch): Promise<void> {
    const { signal } = this.#options;
    const schedule = this.#options.poll ?? DEFAULT_POLL;
    const keys = batch.handle.customIds;
    try {
      for (let wait = schedule.firstMs; ; wait = Math.min(schedule.maxMs, wait * schedule.factor)) {
        const progress = await this.#api.status(batch.handle, signal);
        if (progress.state === 'ended') break;
        this.#options.onBatch?.(batch, 'running');
        await abortableSleep(wait, signal);
      }
      const items = batch.requests.map((request, i) => ({ customId: keys[i]!, request }));
      const results = await this.#api.results(batch.handle, items, signal);
      batch.state = 'ended';
      await this.#options.ledger.save(batch);
      this.#options.onBatch?.(batch, 'ended');
      for (const r of results) {
        this.#settle(r.customId, r.ok ? r.result : new BatchItemError(r.reason, r.message), r.ok);
      }
    } catch (err) {
      for (const key of keys) this.#settle(key, signal.aborted ? (signal.reason ?? err) : err);
    }
  }

  #settle(key: string, value: unknown, ok = false): void {
    const waiter = this.#waiters.get(key);
    if (!waiter) return;
    this.#waiters.delete(key);
    if (ok) waiter.resolve(value as ChatResult);
    else waiter.reject(value);
  }
}
