// MMHS quadrant map data: every result point placed once per active context of its category, at
// (measured variation, valuation score), with its quadrant, and a per-context valuation summary.

import {
  DEFAULT_POLE_THRESHOLD,
  NORMATIVE_CONTEXT_IDS,
  QUADRANTS,
  poleRuleText,
  quadrantFor,
  valuationScore,
  type NormativeContext,
  type QuadrantName,
} from '../mmhs';
import type { CategoryId } from '../taxonomy';
import type { ResultPoint } from './points';
import { estimateMean, type IntervalOptions, type Interval } from './stats';
import {
  VARIATION_METRIC_INFO,
  variationAxisLabel,
  variationScale,
  type VariationMetric,
  type VariationMetricInfo,
  type VariationOptions,
} from './variation';

/** One point drawn in the quadrant of one context. */
export interface QuadrantMark {
  /** Stable across strategies and models by default, see {@link QuadrantOptions.idBy}. */
  id: string;
  pointId: string;
  promptId: string;
  category: CategoryId;
  model: string;
  strategy: string;
  context: NormativeContext;
  /** Measured variation in [0, 1]; 0 = homogeneity (left), 1 = heterogeneity (right). */
  x: number;
  /** Valuation score in [0, 1]; 1 = the behaviour the context rewards (top). */
  y: number;
  quadrant: QuadrantName;
  /** Whether the quadrant is a rewarded (top) one; decides the half a boundary mark is drawn in. */
  rewarded: boolean;
  /**
   * The variation sits exactly on the pole boundary (e.g. 3 of 5 classes at 0.5): it counts as
   * heterogeneity (`x >= threshold`) and is drawn just right of the line, marked as on it.
   */
  onBoundary: boolean;
  /** Colour by context. */
  colourKey: NormativeContext;
  /** Mean 1-5 quality grade for the mark's size; null when ungraded. */
  size: number | null;
}

/** Why a point has no mark. */
export type QuadrantExclusion = 'no-category' | 'no-variation' | 'no-context';

/** Per-context summary of the marks. */
export interface ContextSummary {
  context: NormativeContext;
  /** Marks in this context. */
  count: number;
  /** Mean valuation score (1 = always rewarded); null without marks. */
  meanValuation: number | null;
  interval: Interval | null;
  /** Marks per quadrant. */
  quadrants: Record<QuadrantName, number>;
}

/** Options of {@link quadrantView}. */
export interface QuadrantOptions extends VariationOptions, IntervalOptions {
  /** Default 'functional'. */
  metric?: VariationMetric;
  /** Pole boundary on the x-axis; default {@link DEFAULT_POLE_THRESHOLD}. */
  threshold?: number;
  /**
   * Dimensions besides prompt and context that make up a mark id. Default none: toggling the
   * strategy or the model keeps a prompt x context mark's id, so the chart animates it. When the
   * input holds several points for the same id (e.g. two strategies shown at once), every mark
   * sharing that id gets the full prompt/model/strategy id instead, independent of input order.
   */
  idBy?: readonly ('model' | 'strategy')[];
}

/** Everything the quadrant chart renders. */
export interface QuadrantView {
  metric: VariationMetricInfo;
  axisLabel: string;
  threshold: number;
  marks: QuadrantMark[];
  /** One per context in paper order, including contexts without marks. */
  summaries: ContextSummary[];
  /** Points that could not be placed, with the reason. */
  excluded: { pointId: string; reason: QuadrantExclusion }[];
  /** Marks exactly on the pole boundary (counted as heterogeneity). */
  onBoundary: number;
  /** The pole rule in words (see poleRuleText), shown with the chart. */
  rule: string;
}

/** Joins encoded id parts; '|' is always percent-encoded by encodeURIComponent ('~' is not). */
function joinId(
  prompt: string,
  context: NormativeContext,
  model: string | null,
  strategy: string | null,
): string {
  let id = `${prompt}|${context}`;
  if (model !== null) id += `|m:${model}`;
  if (strategy !== null) id += `|s:${strategy}`;
  return id;
}

/**
 * Id of a mark: prompt and context, plus the requested extra dimensions.
 * @returns e.g. `p1|epistemic` or `p1|epistemic|m:openai%2Fgpt-4o`.
 */
export function markId(
  point: Pick<ResultPoint, 'promptId' | 'model' | 'strategy'>,
  context: NormativeContext,
  idBy: readonly ('model' | 'strategy')[] = [],
): string {
  return joinId(
    encodeURIComponent(point.promptId),
    context,
    idBy.includes('model') ? encodeURIComponent(point.model) : null,
    idBy.includes('strategy') ? encodeURIComponent(point.strategy) : null,
  );
}

function emptyQuadrantCounts(): Record<QuadrantName, number> {
  return Object.fromEntries(QUADRANTS.map((q) => [q.name, 0])) as Record<QuadrantName, number>;
}

/**
 * Summarises marks per context: count, mean valuation score with its interval, and quadrant counts.
 * @param marks Marks of {@link quadrantMarks}.
 * @param options Interval method, level, resamples and seed.
 * @returns One summary per context in paper order (count 0 and null mean for empty contexts).
 */
export function summarizeContexts(
  marks: readonly QuadrantMark[],
  options: IntervalOptions = {},
): ContextSummary[] {
  const scores = new Map<NormativeContext, number[]>();
  const quadrants = new Map<NormativeContext, Record<QuadrantName, number>>();
  for (const c of NORMATIVE_CONTEXT_IDS) {
    scores.set(c, []);
    quadrants.set(c, emptyQuadrantCounts());
  }
  for (const m of marks) {
    scores.get(m.context)?.push(m.y);
    const q = quadrants.get(m.context);
    if (q !== undefined) q[m.quadrant] += 1;
  }
  return NORMATIVE_CONTEXT_IDS.map((context) => {
    const ys = scores.get(context) ?? [];
    const estimate = estimateMean(ys, { ...options, seed: options.seed ?? 1 });
    return {
      context,
      count: estimate.n,
      meanValuation: estimate.mean,
      interval: estimate.interval,
      quadrants: quadrants.get(context) ?? emptyQuadrantCounts(),
    };
  });
}

/**
 * Places points on the quadrant map: one mark per point and active context.
 * @param points Result points (already filtered to the strategies and models shown).
 * @param options Metric, pole threshold, id dimensions, compression mapping, intervals.
 * @returns Marks in input order (contexts in the point's order), exclusions and summaries.
 * @throws RangeError for a threshold outside (0, 1] (see `poleOf`).
 */
export function quadrantView(
  points: readonly ResultPoint[],
  options: QuadrantOptions = {},
): QuadrantView {
  const metric = options.metric ?? 'functional';
  const threshold = options.threshold ?? DEFAULT_POLE_THRESHOLD;
  const idBy = options.idBy ?? [];
  const variation = variationScale(points, metric, options);
  const marks: QuadrantMark[] = [];
  const excluded: QuadrantView['excluded'] = [];
  const idUses = new Map<string, number>();
  // Thousands of marks share a few hundred prompts and a handful of models and strategies.
  const encoded = new Map<string, string>();
  const enc = (part: string): string => {
    let e = encoded.get(part);
    if (e === undefined) {
      e = encodeURIComponent(part);
      encoded.set(part, e);
    }
    return e;
  };
  const byModel = idBy.includes('model');
  const byStrategy = idBy.includes('strategy');
  // Quadrant and valuation depend only on the context (the valuation is linear in x, the quadrant
  // on the side of the threshold), so each context's mapping is derived from mmhs once.
  const table = {} as Record<
    NormativeContext,
    {
      low: QuadrantName;
      high: QuadrantName;
      lowRewarded: boolean;
      highRewarded: boolean;
      y0: number;
      slope: number;
    }
  >;
  const rewardedQuadrant = (q: QuadrantName): boolean =>
    QUADRANTS.find((entry) => entry.name === q)?.y === 'rewarded';
  for (const c of NORMATIVE_CONTEXT_IDS) {
    const y0 = valuationScore(0, c);
    const low = quadrantFor(c, 0, threshold);
    const high = quadrantFor(c, 1, threshold);
    table[c] = {
      low,
      high,
      lowRewarded: rewardedQuadrant(low),
      highRewarded: rewardedQuadrant(high),
      y0,
      slope: valuationScore(1, c) - y0,
    };
  }
  for (const p of points) {
    if (p.category === null) {
      excluded.push({ pointId: p.id, reason: 'no-category' });
      continue;
    }
    if (p.contexts.length === 0) {
      excluded.push({ pointId: p.id, reason: 'no-context' });
      continue;
    }
    const x = variation(p);
    if (x === null) {
      excluded.push({ pointId: p.id, reason: 'no-variation' });
      continue;
    }
    for (const context of p.contexts) {
      const id = joinId(
        enc(p.promptId),
        context,
        byModel ? enc(p.model) : null,
        byStrategy ? enc(p.strategy) : null,
      );
      idUses.set(id, (idUses.get(id) ?? 0) + 1);
      const t = table[context];
      // The one pole rule (mmhs.poleOf): the boundary belongs to heterogeneity.
      const high = x >= threshold;
      marks.push({
        id,
        pointId: p.id,
        promptId: p.promptId,
        category: p.category,
        model: p.model,
        strategy: p.strategy,
        context,
        x,
        // y0 + slope * x is exactly x or 1 - x, as valuationScore computes it.
        y: t.y0 + t.slope * x,
        quadrant: high ? t.high : t.low,
        rewarded: high ? t.highRewarded : t.lowRewarded,
        onBoundary: x === threshold,
        colourKey: context,
        size: p.quality,
      });
    }
  }
  for (const m of marks) {
    if ((idUses.get(m.id) ?? 0) > 1) {
      m.id = joinId(enc(m.promptId), m.context, enc(m.model), enc(m.strategy));
    }
  }
  return {
    metric: VARIATION_METRIC_INFO[metric],
    axisLabel: variationAxisLabel(metric, options),
    threshold,
    marks,
    summaries: summarizeContexts(marks, options),
    excluded,
    onBoundary: marks.filter((m) => m.onBoundary).length,
    rule: poleRuleText(threshold),
  };
}
