// What a run keeps of its provider batches beyond the happy path: the answers a cancelled batch
// had already given (so Resume does not send them again) and the idempotency marker of a submission.
import type { BatchHandle, ChatBatchApi, ChatResult } from '../engines/types';
import { abortableSleep } from '../engines/cloud/http';
import type { PollSchedule, StoredBatch } from './batch-queue';

/** The key a batch is stored under: its marker (known before the provider replied), else its id. */
export function ledgerKey(batch: Pick<StoredBatch, 'handle' | 'marker'>): string {
  return batch.marker ?? batch.handle.batchId;
}

/**
 * A batch about to be submitted, as saved before anything is sent: a fresh marker names it at the
 * provider, so a create whose reply was lost (or a reload mid-create) re-attaches to it.
 */
export function submittingBatch(
  engineId: string,
  gathered: readonly { key: string; request: StoredBatch['requests'][number] }[],
  now = Date.now(),
): StoredBatch {
  const handle: BatchHandle = {
    engineId,
    batchId: '',
    customIds: gathered.map((g) => g.key),
    submittedAt: now,
  };
  return {
    handle,
    requests: gathered.map((g) => g.request),
    state: 'submitting',
    marker: `mmhs-${crypto.randomUUID()}`,
  };
}

/** The answer a cancelled batch of `stored` had already given for `key`, if any. */
export function answeredResult(
  stored: readonly StoredBatch[],
  key: string,
): ChatResult | undefined {
  for (const batch of stored) {
    const hit = batch.answered?.find((a) => a.customId === key);
    if (hit) return hit.result;
  }
  return undefined;
}

/**
 * Reads a cancelled batch until the provider reports it ended (a cancel takes effect after the
 * requests in flight finish) and returns it with the answers it had given. With `wait` false it
 * reads once and returns `undefined` if the batch is still ending.
 */
export async function collectCancelled(
  api: ChatBatchApi,
  batch: StoredBatch,
  options: { wait: boolean; poll?: PollSchedule; signal?: AbortSignal },
): Promise<StoredBatch | undefined> {
  const schedule = options.poll ?? { firstMs: 5_000, maxMs: 60_000, factor: 2 };
  for (let wait = schedule.firstMs; ; wait = Math.min(schedule.maxMs, wait * schedule.factor)) {
    const progress = await api.status(batch.handle, options.signal);
    if (progress.state === 'ended') break;
    if (!options.wait) return undefined;
    await abortableSleep(wait, options.signal);
  }
  const items = batch.requests.map((request, i) => ({
    customId: batch.handle.customIds[i]!,
    request,
  }));
  const results = await api.results(batch.handle, items, options.signal);
  const answered = results.flatMap((r) =>
    r.ok ? [{ customId: r.customId, result: r.result }] : [],
  );
  return { ...batch, state: 'cancelled', answered };
}
