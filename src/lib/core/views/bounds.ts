// Bounds for drawing: intervals clipped to the range a quantity can take, and padded axis domains
// that fit the data while staying inside the quantity's range (so a narrow spread stays visible).

import type { Interval } from './stats';

/**
 * Clips an interval to [lo, hi]: a t-interval of a few values in [0, 1] can reach past the range
 * the mean can take, which a chart or a summary should not claim.
 * @param interval The interval, or null.
 * @param lo Smallest possible value.
 * @param hi Largest possible value.
 * @returns The clipped interval (same level and method), or null.
 */
export function clampInterval(interval: Interval | null, lo: number, hi: number): Interval | null {
  if (interval === null) return null;
  const clip = (v: number): number => Math.min(hi, Math.max(lo, v));
  return { ...interval, lower: clip(interval.lower), upper: clip(interval.upper) };
}

/**
 * An axis domain covering the finite values, padded by `pad` of their spread on each side and
 * kept inside [lo, hi]. Without values it is [lo, hi]; a single value gets a window of width
 * `minSpan` around it.
 * @param values Values to show (null and non-finite ones are ignored).
 * @param lo Smallest possible value.
 * @param hi Largest possible value.
 * @param pad Share of the spread added on each side (default 0.08).
 * @param minSpan Narrowest domain (default 0.1 of the range).
 * @returns [from, to] with lo <= from < to <= hi.
 */
export function paddedDomain(
  values: readonly (number | null | undefined)[],
  lo: number,
  hi: number,
  pad = 0.08,
  minSpan = (hi - lo) * 0.1,
): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return [lo, hi];
  let from = min - (max - min) * pad;
  let to = max + (max - min) * pad;
  const span = Math.min(hi - lo, Math.max(minSpan, to - from));
  const mid = (from + to) / 2;
  from = mid - span / 2;
  to = mid + span / 2;
  if (from < lo) [from, to] = [lo, lo + span];
  if (to > hi) [from, to] = [hi - span, hi];
  return [Math.max(lo, from), Math.min(hi, to)];
}
