// A batch API in memory over any chat engine, for runner tests: submitted items are answered by
// the engine's own chat only once the batch was read `pollsBeforeDone` times.
import type {
  BatchHandle,
  BatchItem,
  BatchProgress,
  ChatBatchApi,
  ChatEngine,
} from '../../engines/types';

/** Batches of one engine kept in memory; shared between "page loads" like a provider's. */
export class MemoryBatchProvider {
  readonly submitted: BatchItem[][] = [];
  readonly #polls = new Map<string, number>();
  /** Ids of the batches cancelled. */
  readonly cancelled = new Set<string>();

  /** @param pollsBeforeDone Status reads a batch stays running. */
  constructor(public pollsBeforeDone = 1) {}

  /** `engine` with this provider as its batch API. */
  wrap(engine: ChatEngine): ChatEngine {
    const api: ChatBatchApi = {
      submit: (items) => {
        this.submitted.push([...items]);
        const batchId = `mem${this.submitted.length}`;
        this.#polls.set(batchId, 0);
        const handle: BatchHandle = {
          engineId: engine.id,
          batchId,
          customIds: items.map((i) => i.customId),
          submittedAt: Date.now(),
        };
        return Promise.resolve(handle);
      },
      status: (handle) => {
        const polls = (this.#polls.get(handle.batchId) ?? 0) + 1;
        this.#polls.set(handle.batchId, polls);
        return Promise.resolve(this.#progress(handle, polls));
      },
      results: async (handle, items) =>
        Promise.all(
          items.map(async (item) => ({
            customId: item.customId,
            ok: true as const,
            result: await engine.chat(item.request),
          })),
        ).then((r) => (this.cancelled.has(handle.batchId) ? [] : r)),
      cancel: (handle) => {
        this.cancelled.add(handle.batchId);
        return Promise.resolve(this.#progress(handle, Infinity));
      },
    };
    return Object.assign(Object.create(engine) as ChatEngine, {
      capabilities: { ...engine.capabilities, batch: true },
      batch: api,
      // Interactive calls of stages not in batch mode reach the engine itself (private fields).
      chat: engine.chat.bind(engine),
    });
  }

  #progress(handle: BatchHandle, polls: number): BatchProgress {
    const ended = polls > this.pollsBeforeDone || this.cancelled.has(handle.batchId);
    return {
      state: ended ? 'ended' : 'running',
      total: handle.customIds.length,
      succeeded: ended ? handle.customIds.length : 0,
      failed: 0,
      expired: false,
      cancelled: this.cancelled.has(handle.batchId),
    };
  }
}
