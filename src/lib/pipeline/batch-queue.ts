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

/** A submitted batch as kept with the run: its handle, its items and where it stands. */
export interface StoredBatch {
  handle: BatchHandle;
  /** The submitted requests in order (so results can be read after a reload). */
  requests: Omit<ChatRequest, 'signal' | 'onToken'>[];
  state: 'running' | 'ended' | 'cancelled';
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
 * units already settled stay with the run, and the next start submits what is left anew.
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
    await ledger.save({ ...batch, state: 'cancelled' });
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
    const result = new Promise<ChatResult>((resolve, reject) => {
      this.#waiters.set(key, { resolve, reject });
    });
    const running = stored.find((b) => b.state === 'running' && b.handle.customIds.includes(key));
    if (running) this.#watch(running);
    else {
      const { onToken: _ignored, ...plain } = request;
      this.#pending.push({ key, request: plain });
      if (this.#timer !== undefined) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.#flush(), this.#options.gatherMs ?? 50);
    }
    return result;
  }

  #storedBatches(): Promise<StoredBatch[]> {
    this.#stored ??= this.#options.ledger
      .list()
      .then((all) => all.filter((b) => b.handle.engineId === this.#engine.id));
    return this.#stored;
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    const gathered = this.#pending;
    this.#pending = [];
    if (gathered.length === 0) return;
    const items: BatchItem[] = gathered.map((g) => ({ customId: g.key, request: g.request }));
    let batch: StoredBatch;
    try {
      const handle = await this.#api.submit(items, this.#options.signal);
      batch = { handle, requests: gathered.map((g) => g.request), state: 'running' };
      await this.#options.ledger.save(batch);
      (await this.#storedBatches()).push(batch);
    } catch (err) {
      for (const g of gathered) this.#settle(g.key, err);
      return;
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
