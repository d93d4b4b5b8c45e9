// Valuation of a measured variation: which pole it falls on (the heterogeneity threshold) and
// how a normative context scores it.

import type { NormativeContext, Pole, QuadrantName } from './contexts';
import { getContext, isNormativeContext, quadrantAt, valuationOf } from './contexts';

// Metrics computed in floating point can overshoot [0, 1] by rounding error; anything further off
// is a caller bug and should surface rather than be silently clamped.
const RANGE_TOLERANCE = 1e-9;

function checkedVariation(variation: number): number {
  if (Number.isNaN(variation)) {
    throw new RangeError('variation is NaN; expected a number in [0, 1]');
  }
  if (variation < -RANGE_TOLERANCE || variation > 1 + RANGE_TOLERANCE) {
    throw new RangeError(`variation ${variation} is outside [0, 1]`);
  }
  return Math.min(1, Math.max(0, variation));
}

function poleRewardedBy(contextOrPole: NormativeContext | Pole): Pole {
  if (contextOrPole === 'homogeneity' || contextOrPole === 'heterogeneity') {
    return contextOrPole;
  }
  if (isNormativeContext(contextOrPole)) {
    return getContext(contextOrPole).rewardedPole;
  }
  throw new RangeError(`Unknown context or pole: ${String(contextOrPole)}`);
}

/**
 * Turns a measured variation into a valuation, both in [0, 1], where 1 is the behaviour the
 * context (or the given pole) rewards: `1 - variation` when homogeneity is rewarded, `variation`
 * when heterogeneity is.
 * @param variation 0 = identical outputs, 1 = maximally varied. Values within 1e-9 of the range
 *   are clamped to absorb rounding.
 * @param contextOrPole a normative context, or directly the rewarded pole.
 * @throws RangeError for NaN, values outside [0, 1] (including ±Infinity), or an unknown context.
 */
export function valuationScore(variation: number, contextOrPole: NormativeContext | Pole): number {
  const v = checkedVariation(variation);
  return poleRewardedBy(contextOrPole) === 'heterogeneity' ? v : 1 - v;
}

/**
 * Default boundary between the two poles: the midpoint of the axis. The boundary itself belongs
 * to heterogeneity (`variation >= threshold`), so the split is total and a point never lands on
 * no quadrant; with k = 5, 3 functional classes is variation (3 - 1) / (5 - 1) = 0.5, on it.
 */
export const DEFAULT_POLE_THRESHOLD = 0.5;

/**
 * The pole rule in words, as the quadrant view and the Framework page state it (one wording).
 * @param threshold The pole boundary (default {@link DEFAULT_POLE_THRESHOLD}).
 */
export function poleRuleText(threshold: number = DEFAULT_POLE_THRESHOLD): string {
  const t = String(Number(threshold.toFixed(4)));
  const example =
    threshold === 0.5
      ? ', such as 3 of 5 functional classes (variation (3 − 1) / (5 − 1) = 0.5)'
      : '';
  return (
    `Variation ≥ ${t} counts as heterogeneity (right of the dashed line), below ${t} as ` +
    `homogeneity (left). A result exactly on the line${example} counts as heterogeneous and is ` +
    'drawn just right of it, in its quadrant.'
  );
}

/**
 * Which pole a measured variation sits at: heterogeneity when `variation >= threshold`,
 * otherwise homogeneity.
 * @throws RangeError for NaN or out-of-range variation, or a threshold outside (0, 1].
 */
export function poleOf(variation: number, threshold: number = DEFAULT_POLE_THRESHOLD): Pole {
  const v = checkedVariation(variation);
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RangeError(`threshold ${threshold} must lie in (0, 1]`);
  }
  return v >= threshold ? 'heterogeneity' : 'homogeneity';
}

/**
 * Places a measured variation in Figure 1 for a given context. The x coordinate is the pole the
 * variation sits at (see {@link poleOf}); the y coordinate is whether the context rewards that
 * pole. So high variation in an epistemic context lands in Madness and low variation in Heaven;
 * in an interactional context high variation is Magic and low variation Sin; in a societal
 * context low is Sin and high Magic; in a safety context low is Heaven and high Madness.
 * @throws RangeError as {@link poleOf}.
 */
export function quadrantFor(
  context: NormativeContext,
  variation: number,
  threshold: number = DEFAULT_POLE_THRESHOLD,
): QuadrantName {
  const pole = poleOf(variation, threshold);
  return quadrantAt(pole, valuationOf(context, pole)).name;
}
