// Deterministic jitter for dense scatter marks (the correlation view's near-integer class counts):
// a small offset derived from the mark id keeps them apart, stably. The quadrant map dodges.

import { hashString } from './stats';

/** Default jitter amplitude, in the units of the jittered axis. */
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
