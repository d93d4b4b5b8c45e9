// Diversity-quality trade-off (Jain et al., Figure 3): panel a plots a general metric against
// quality, panel b functional diversity against checklist quality, per strategy x model.

import { orderModels, orderStrategies, type ResultPoint } from './points';
import { estimateMean, hashString, type IntervalOptions, type MeanEstimate } from './stats';
import {
  VARIATION_METRIC_INFO,
  variationAxisLabel,
  variationScale,
  type GeneralMetric,
  type VariationMetric,
  type VariationOptions,
} from './variation';

/** One group's point in a trade-off panel. */
export interface TradeoffDot {
  pointId: string;
  strategy: string;
  model: string;
  /** Variation in [0, 1]. */
  x: number;
  /** Mean 1-5 quality. */
  y: number;
}

/** Means and intervals of one strategy x model. */
export interface TradeoffGroup {
  key: string;
  strategy: string;
  model: string;
  /** Groups with both a variation and a quality. */
  n: number;
  x: MeanEstimate;
  y: MeanEstimate;
}

/** One panel of Figure 3. */
export interface TradeoffPanel {
  id: 'general' | 'functional';
  title: string;
  metric: VariationMetric;
  xLabel: string;
  yLabel: string;
  /** How this panel differs from the paper's, shown under the chart. */
  note: string;
  dots: TradeoffDot[];
  /** Ordered by strategy (paper order), then model. */
  groups: TradeoffGroup[];
}

/** Options of {@link tradeoffView}. */
export interface TradeoffOptions extends VariationOptions, IntervalOptions {
  /** The general metric of panel a; default 'vocabulary' (the paper's choice). */
  generalMetric?: GeneralMetric;
}

/** Both panels. */
export interface TradeoffView {
  general: TradeoffPanel;
  functional: TradeoffPanel;
}

const QUALITY_LABEL = 'Checklist quality (mean 1-5 grade)';

function panel(
  id: TradeoffPanel['id'],
  metric: VariationMetric,
  points: readonly ResultPoint[],
  options: TradeoffOptions,
): Omit<TradeoffPanel, 'title' | 'note'> {
  const variation = variationScale(points, metric, options);
  const dots: TradeoffDot[] = [];
  const byGroup = new Map<string, TradeoffDot[]>();
  for (const p of points) {
    const x = variation(p);
    if (x === null || p.quality === null || !Number.isFinite(p.quality)) continue;
    const dot = { pointId: p.id, strategy: p.strategy, model: p.model, x, y: p.quality };
    dots.push(dot);
    const key = `${encodeURIComponent(p.strategy)}/${encodeURIComponent(p.model)}`;
    const list = byGroup.get(key);
    if (list === undefined) byGroup.set(key, [dot]);
    else list.push(dot);
  }
  const strategies = orderStrategies(dots.map((d) => d.strategy));
  const models = orderModels(dots.map((d) => d.model));
  const seed = options.seed ?? 1;
  const groups = [...byGroup.entries()].map(([key, list]): TradeoffGroup => {
    const first = list[0] as TradeoffDot;
    const cellSeed = (seed ^ hashString(`${id}:${key}`)) >>> 0;
    return {
      key,
      strategy: first.strategy,
      model: first.model,
      n: list.length,
      x: estimateMean(
        list.map((d) => d.x),
        { ...options, seed: cellSeed },
      ),
      y: estimateMean(
        list.map((d) => d.y),
        { ...options, seed: (cellSeed + 1) >>> 0 },
      ),
    };
  });
  groups.sort(
    (a, b) =>
      strategies.indexOf(a.strategy) - strategies.indexOf(b.strategy) ||
      models.indexOf(a.model) - models.indexOf(b.model),
  );
  return {
    id,
    metric,
    xLabel: variationAxisLabel(metric, options),
    yLabel: QUALITY_LABEL,
    dots,
    groups,
  };
}

/**
 * Computes both trade-off panels from the same points.
 * @param points Result points.
 * @param options General metric of panel a, compression mapping, interval options.
 * @returns Panel a (general metric vs quality) and panel b (functional diversity vs quality).
 */
export function tradeoffView(
  points: readonly ResultPoint[],
  options: TradeoffOptions = {},
): TradeoffView {
  const generalMetric = options.generalMetric ?? 'vocabulary';
  return {
    general: {
      ...panel('general', generalMetric, points, options),
      title: `a. ${VARIATION_METRIC_INFO[generalMetric].label} vs quality`,
      note: 'The paper plots general diversity against a reward model (Athene-RM-8B) score; this app has no reward model, so both panels use the checklist grade.',
    },
    functional: {
      ...panel('functional', 'functional', points, options),
      title: 'b. Functional diversity vs checklist quality',
      note: 'As in the paper: task-anchored functional diversity against the task-specific checklist grade.',
    },
  };
}
