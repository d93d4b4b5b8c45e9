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
