// Deterministic jitter for dense scatter marks: functional variation takes only k values, so many
// marks share a position; a small offset derived from the mark id keeps them apart, stably.

import { hashString } from './stats';

/** Default jitter amplitude as a share of each axis (the chart says so under the plot). */
export const DEFAULT_JITTER = 0.02;

/**
 * A stable pseudo-random offset pair in [-amplitude, amplitude] from a mark id: the same id always
 * gets the same offset, so a mark that moves between strategies keeps its place in the cloud.
 * @param id Mark id.
 * @param amplitude Largest offset; 0 gives [0, 0].
 * @returns [dx, dy].
 * @throws RangeError for a negative or non-finite amplitude.
 */
export function jitterOffset(id: string, amplitude: number = DEFAULT_JITTER): [number, number] {
  if (!(amplitude >= 0) || !Number.isFinite(amplitude)) {
    throw new RangeError(`jitter amplitude ${amplitude} must be a finite number >= 0`);
  }
  const h = hashString(id);
  // Two independent 16-bit halves of the hash, each mapped to [-1, 1].
  const u = (h & 0xffff) / 0xffff;
  const v = (h >>> 16) / 0xffff;
  return [(2 * u - 1) * amplitude, (2 * v - 1) * amplitude];
}

/** Where a quadrant mark is drawn after jitter, in the same [0, 1] units as its values. */
export interface JitteredPosition {
  x: number;
  y: number;
}

/**
 * Jitters a quadrant-map position without letting it leave its quadrant: a mark is drawn inside
 * the quadrant its exact values put it in, whatever the offset, and at least half the amplitude
 * away from each boundary, so a mark exactly on a boundary (3 of 5 classes: variation 0.5) is
 * visibly on its side, never on the dashed line. The exact values stay in the data (and the table
 * alternative); only the drawing moves, by at most `amplitude` on each axis.
 * @param id Mark id (seed of the offset).
 * @param x Variation in [0, 1]; `x >= threshold` is the heterogeneity (right) side.
 * @param y Valuation score in [0, 1].
 * @param threshold Pole boundary on the x-axis.
 * @param rewarded Whether the mark's quadrant is a rewarded (top) one. On the boundary the
 *   valuation is 0.5 for both, so the quadrant, not y, decides the half it is drawn in.
 * @param amplitude Largest offset.
 * @returns The drawn position.
 */
export function jitterInQuadrant(
  id: string,
  x: number,
  y: number,
  threshold: number,
  rewarded: boolean,
  amplitude: number = DEFAULT_JITTER,
): JitteredPosition {
  const [dx, dy] = jitterOffset(id, amplitude);
  // Half the amplitude off the line: visible at any chart size, and within the jitter already
  // announced under the plot. A hair when there is no jitter, so the side still shows in data.
  const gap = amplitude > 0 ? amplitude / 2 : 1e-3;
  const side = (upper: boolean, split: number): [number, number] =>
    upper ? [Math.min(1, split + gap), 1] : [0, Math.max(0, split - gap)];
  const [xLo, xHi] = side(x >= threshold, threshold);
  const [yLo, yHi] = side(rewarded, 0.5);
  return {
    x: Math.min(xHi, Math.max(xLo, x + dx)),
    y: Math.min(yHi, Math.max(yLo, y + dy)),
  };
}
