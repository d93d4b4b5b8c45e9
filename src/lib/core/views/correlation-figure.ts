// The correlation chart as drawn: one panel per general metric with its fitted axis, every dot
// placed (jittered vertically, class counts are near-integers), rho texts, description and table.
import { scaleLinear, type ScaleLinear } from 'd3';
import { CATEGORY_IDS, type CategoryId } from '../taxonomy';
import { paddedDomain } from './bounds';
import type { CorrelationCell, CorrelationDot, CorrelationView } from './correlation';
import { fixed, ticksAt, type AxisTick, type FigureTable } from './figure';
import { categoryName, pValue } from './format';
import { jitterOffset } from './jitter';
import { VARIATION_METRIC_INFO, type GeneralMetric } from './variation';

/** The panels, left to right. */
export const CORRELATION_METRICS: readonly GeneralMetric[] = [
  'vocabulary',
  'embedding',
  'compression',
];
/** Vertical jitter in class units: class counts are near-integers and would overlap. */
export const Y_JITTER = 0.12;

/** One panel's plot size in px and the gap between panels. */
export interface CorrelationFrame {
  width: number;
  height: number;
  gap: number;
}

/** One metric's panel. */
export interface CorrelationPanel {
  metric: GeneralMetric;
  left: number;
  x: ScaleLinear<number, number>;
  xTicks: AxisTick[];
  /** "0.42", or '–' without a correlation over all categories. */
  rho: string;
}

/** Everything the correlation chart draws. */
export interface CorrelationFigure extends FigureTable {
  panels: CorrelationPanel[];
  yTicks: AxisTick[];
  /** Dot centres in px of the whole plot, in the order of the view's dots. */
  positions: { cx: number; cy: number }[];
  /** Categories with a cell, in A-H order (legend, rho table). */
  categories: CategoryId[];
  /** Cells by `${category}:${metric}`. */
  cellOf: ReadonlyMap<string, CorrelationCell>;
  description: string;
}

const COLUMNS = [
  'Category',
  'Metric',
  'Results',
  'Spearman rho',
  'p (Spearman)',
  'Pearson r',
  'p (Pearson)',
] as const;

/** A cell's rank correlation in words: "0.42 (n=12, p=0.031)", "– (n=1)" or '–'. */
export function rhoText(cell: CorrelationCell | undefined): string {
  if (cell === undefined) return '–';
  if (cell.spearman === null) return `– (n=${cell.n})`;
  return `${cell.spearman.toFixed(2)} (n=${cell.n}, p=${pValue(cell.spearmanP)})`;
}

/**
 * The correlation chart's figure.
 * @param view Dots and cells (core/views/correlation.ts).
 * @param maxK Largest k of the run (the y-axis top).
 */
export function correlationFigure(
  view: CorrelationView,
  maxK: number,
  frame: CorrelationFrame,
): CorrelationFigure {
  const cellOf = new Map(view.cells.map((c) => [`${c.category}:${c.metric}`, c] as const));
  const panels = CORRELATION_METRICS.map((metric, p): CorrelationPanel => {
    // Each metric's axis fits its values (general metrics often vary over a small range).
    const x = scaleLinear()
      .domain(
        paddedDomain(
          view.dots.filter((d) => d.metric === metric).map((d) => d.x),
          0,
          1,
        ),
      )
      .range([0, frame.width]);
    return {
      metric,
      left: p * (frame.width + frame.gap),
      x,
      xTicks: ticksAt(x.ticks(4), x),
      rho: cellOf.get(`all:${metric}`)?.spearman?.toFixed(2) ?? '–',
    };
  });
  const y = scaleLinear()
    .domain([1 - Y_JITTER * 2, maxK + Y_JITTER * 2])
    .range([frame.height, 0]);
  const panelOf = new Map(panels.map((p) => [p.metric, p]));
  return {
    panels,
    yTicks: ticksAt(
      Array.from({ length: maxK }, (_, i) => i + 1),
      y,
    ),
    positions: view.dots.map((d: CorrelationDot) => {
      const panel = panelOf.get(d.metric);
      return {
        cx: (panel?.left ?? 0) + (panel?.x ?? scaleLinear().range([0, frame.width]))(d.x),
        cy: y(d.y + jitterOffset(`${d.pointId}:${d.metric}`, Y_JITTER)[1]),
      };
    }),
    categories: CATEGORY_IDS.filter((c) => view.cells.some((cell) => cell.category === c)),
    cellOf,
    description:
      view.dots.length === 0
        ? 'No result has both a functional class count and a general metric.'
        : 'Spearman rank correlation of each general metric with the number of functional classes: ' +
          CORRELATION_METRICS.map(
            (m) =>
              `${VARIATION_METRIC_INFO[m].label} ${rhoText(cellOf.get(`all:${m}`))} over all categories`,
          ).join('; ') +
          '.',
    columns: COLUMNS,
    rows: view.cells.map((c) => [
      c.category === 'all' ? 'All categories' : categoryName(c.category),
      VARIATION_METRIC_INFO[c.metric].label,
      c.n,
      fixed(c.spearman, 4),
      fixed(c.spearmanP, 4),
      fixed(c.pearson, 4),
      fixed(c.pearsonP, 4),
    ]),
  };
}
