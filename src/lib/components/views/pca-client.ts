// Runs the response map's PCA in a module worker (vectors packed into one transferred buffer);
// falls back to the calling thread where workers are unavailable (tests, old browsers).
import type { EmbeddedItem, Projection } from '../../core/views';
import { inlineProjector, type Projector } from '../../state/views-map.svelte';

/** Message to the worker: n vectors of `dims` numbers, row after row. */
export interface PcaRequest {
  id: number;
  ids: string[];
  dims: number;
  data: Float32Array;
}

/** The worker's answer. */
export type PcaResponse =
  { id: number; ok: true; projection: Projection } | { id: number; ok: false; error: string };

let worker: Worker | null = null;
let nextId = 0;

/**
 * Projects in a worker; vectors of another length than the first are left to the inline
 * projection's own skipping by packing only matching ones and reporting the rest as skipped.
 */
export const workerProjector: Projector = async (items: readonly EmbeddedItem[]) => {
  if (typeof Worker === 'undefined') return inlineProjector(items);
  const dims = items[0]?.vector.length ?? 0;
  const ok = items.filter((item) => item.vector.length === dims);
  const data = new Float32Array(ok.length * dims);
  ok.forEach((item, i) => data.set(item.vector, i * dims));
  worker ??= new Worker(new URL('./pca.worker.ts', import.meta.url), { type: 'module' });
  const id = ++nextId;
  const w = worker;
  const projection = await new Promise<Projection>((resolve, reject) => {
    const onMessage = (event: MessageEvent<PcaResponse>): void => {
      if (event.data.id !== id) return;
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      if (event.data.ok) resolve(event.data.projection);
      else reject(new Error(event.data.error));
    };
    const onError = (event: ErrorEvent): void => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      worker = null;
      reject(new Error(event.message || 'The projection worker failed.'));
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    const request: PcaRequest = { id, ids: ok.map((item) => item.id), dims, data };
    w.postMessage(request, [data.buffer]);
  });
  const skipped = items
    .filter((item) => item.vector.length !== dims)
    .map((item) => ({ id: item.id, reason: 'dimension-mismatch' as const }));
  return { ...projection, skipped: [...projection.skipped, ...skipped] };
};
