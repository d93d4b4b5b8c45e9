// Vector helpers for cloud embedding engines: every engine returns L2-normalised Float32Arrays
// so cosine similarity is a plain dot product downstream.

/** Copies `values` into a Float32Array scaled to unit length (an all-zero vector stays zero). */
export function normalizeVector(values: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(values);
  let sum = 0;
  for (const v of out) sum += v * v;
  const norm = Math.sqrt(sum);
  if (norm > 0 && Number.isFinite(norm)) for (let i = 0; i < out.length; i += 1) out[i]! /= norm;
  return out;
}

/**
 * Embeds `texts` batch by batch, in order, reporting progress after each batch. The batch call
 * holds the provider's wire format; this loop is shared so batching and progress behave alike.
 * @param texts Texts to embed.
 * @param batchSize Texts per request (at least 1).
 * @param embedBatch Embeds one batch; returns one vector per text, in order.
 * @param onProgress Called with texts done so far and the total.
 * @returns One vector per text, in input order.
 */
export async function embedInBatches(
  texts: readonly string[],
  batchSize: number,
  embedBatch: (batch: string[]) => Promise<Float32Array[]>,
  onProgress?: (done: number, total: number) => void,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += batchSize) {
    out.push(...(await embedBatch(texts.slice(start, start + batchSize))));
    onProgress?.(out.length, texts.length);
  }
  return out;
}
