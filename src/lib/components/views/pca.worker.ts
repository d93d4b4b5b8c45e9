// Module worker of the response map: projects packed embedding vectors to 2-D with the core PCA,
// so a large run's projection never blocks the page.
import { pca2d, type EmbeddedItem } from '../../core/views';
import type { PcaRequest, PcaResponse } from './pca-client';

self.onmessage = (event: MessageEvent<PcaRequest>) => {
  const { id, ids, dims, data } = event.data;
  try {
    const items: EmbeddedItem[] = ids.map((itemId, i) => ({
      id: itemId,
      vector: data.subarray(i * dims, (i + 1) * dims),
    }));
    const projection = pca2d(items);
    const reply: PcaResponse = { id, ok: true, projection };
    self.postMessage(reply);
  } catch (err) {
    const reply: PcaResponse = {
      id,
      ok: false,
      error: err instanceof Error ? err.message : String(err),
    };
    self.postMessage(reply);
  }
};
