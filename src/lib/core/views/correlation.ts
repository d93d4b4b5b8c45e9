// "Do general metrics capture functional diversity?": each general metric against the number of
// functional classes, with Spearman and Pearson correlation per category and over all categories.

import { CATEGORY_IDS, type CategoryId } from '../taxonomy';
import type { ResultPoint } from './points';
import { correlationPValue, pearson, spearman } from './stats';
import {
  GENERAL_METRICS,
  variationAxisLabel,
  variationScale,
  type GeneralMetric,
  type VariationOptions,
} from './variation';

/** One scatter dot: a group's general-metric variation and its functional class count. */
export interface CorrelationDot {
  pointId: string;
  category: CategoryId;
  metric: GeneralMetric;
  /** General metric as variation in [0, 1] (direction aligned: higher = more varied). */
  x: number;
  /** Functionally unique responses (mean across judges). */
  y: number;
}

/** Correlation of one metric with functional classes in one category (or all pooled). */
export interface CorrelationCell {
  category: CategoryId | 'all';
  metric: GeneralMetric;
  /** Groups with both values. */
  n: number;
  /** Spearman rho with average ranks for ties; null when n < 3 or either side is constant. */
  spearman: number | null;
  spearmanP: number | null;
  /** Pearson r; null under the same conditions. */
  pearson: number | null;
  pearsonP: number | null;
}

/** Everything the correlation view renders. */
export interface CorrelationView {
  /** Per metric: categories A-H that have dots, then 'all'. */
  cells: CorrelationCell[];
  dots: CorrelationDot[];
  /** Axis label per metric. */
  axisLabels: Record<GeneralMetric, string>;
  yLabel: string;
}

/** Options of {@link correlationView}. */
export interface CorrelationOptions extends VariationOptions {
  /** Metrics to include; default all three. */
  metrics?: readonly GeneralMetric[];
}

function cell(
  category: CategoryId | 'all',
  metric: GeneralMetric,
  dots: readonly CorrelationDot[],
): CorrelationCell {
  const xs = dots.map((d) => d.x);
  const ys = dots.map((d) => d.y);
  const rho = spearman(xs, ys);
  const r = pearson(xs, ys);
  return {
    category,
    metric,
    n: dots.length,
    spearman: rho,
    spearmanP: correlationPValue(rho, dots.length),
    pearson: r,
    pearsonP: correlationPValue(r, dots.length),
  };
}

/**
 * Correlates general metrics with functional classes. Metrics enter as variation (compression is
 * inverted by the mapping), so a positive correlation always means "agrees with functional
 * diversity"; Spearman is unaffected by the mapping, Pearson is computed on the mapped values.
 * @param points Result points; those without a category or class count are left out.
 * @param options Metrics and compression mapping.
 * @returns Scatter dots and one cell per metric x category present, plus 'all'.
 */
export function correlationView(
  points: readonly ResultPoint[],
  options: CorrelationOptions = {},
): CorrelationView {
  const metrics = options.metrics ?? GENERAL_METRICS;
  const dots: CorrelationDot[] = [];
  const cells: CorrelationCell[] = [];
  const axisLabels = {} as Record<GeneralMetric, string>;
  for (const metric of GENERAL_METRICS) axisLabels[metric] = variationAxisLabel(metric, options);
  for (const metric of metrics) {
    const variation = variationScale(points, metric, options);
    const byCategory = new Map<CategoryId, CorrelationDot[]>();
    const metricDots: CorrelationDot[] = [];
    for (const p of points) {
      if (p.category === null || p.classCount === null || !Number.isFinite(p.classCount)) continue;
      const x = variation(p);
      if (x === null) continue;
      const dot = { pointId: p.id, category: p.category, metric, x, y: p.classCount };
      metricDots.push(dot);
      const list = byCategory.get(p.category);
      if (list === undefined) byCategory.set(p.category, [dot]);
      else list.push(dot);
    }
    for (const category of CATEGORY_IDS) {
      const list = byCategory.get(category);
      if (list !== undefined) cells.push(cell(category, metric, list));
    }
    cells.push(cell('all', metric, metricDots));
    dots.push(...metricDots);
  }
  return {
    cells,
    dots,
    axisLabels,
    yLabel: 'Functionally unique responses (mean across judges)',
  };
}
