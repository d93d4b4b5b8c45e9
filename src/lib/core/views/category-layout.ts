// Pixel layout of the per-category diversity chart (Jain et al., Figure 2): bars with their
// interval whiskers, and the paper's stated values drawn as ticks in a lane beside each bar, so a
// reference never covers the bar it is compared with.

import { scaleBand, scaleLinear, type ScaleLinear } from 'd3';
import type { CategoryId } from '../taxonomy';
import type {
  CategoryDiversityCell,
  CategoryDiversityView,
  PaperReferenceMark,
} from './category-diversity';

/** The plot area in px. */
export interface CategoryFrame {
  width: number;
  height: number;
}

/** A bar with its whisker (null without an interval). */
export interface CategoryBarMark {
  kind: 'bar';
  cell: CategoryDiversityCell;
  x: number;
  width: number;
  y: number;
  height: number;
  whisker: { x: number; y0: number; y1: number; cap0: number; cap1: number } | null;
}

/**
 * A value the paper states, beside its bar: a point is a triangle whose tip touches the bar's edge
 * at the value; a range is a narrow box spanning it. `d` is the SVG path.
 */
export interface CategoryReferenceMark {
  kind: 'ref';
  cell: CategoryDiversityCell;
  ref: PaperReferenceMark;
  d: string;
  /** The lane the mark is drawn in, beside the bar. */
  x0: number;
  x1: number;
  /** Top and bottom of the mark in px. */
  y0: number;
  y1: number;
}

/** Everything the chart draws in the plot area. */
export interface CategoryLayout {
  y: ScaleLinear<number, number>;
  /** Whole-number ticks of the y-axis. */
  yTicks: number[];
  /** Centre of each category's group of bars. */
  categoryTicks: { category: CategoryId; pos: number }[];
  /** Width of one category's group. */
  bandwidth: number;
  /** Each bar followed by its reference marks: the keyboard order. */
  marks: (CategoryBarMark | CategoryReferenceMark)[];
  /** True when any reference is drawn (bars then leave room for the lane). */
  hasReferences: boolean;
}

/** Share of a strategy's slot the bar takes when references are drawn beside it. */
const BAR_SHARE = 0.58;
/** Gap between a bar and its reference lane, px. */
const LANE_GAP = 1;
/** Largest half-height of a point reference's triangle, px. */
const TRIANGLE_HALF = 4.5;

const r2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * Lays the chart out: categories along x (bands), one slot per strategy within each, means on a
 * linear y-axis from 0 to the largest k. When the view has reference values, every bar takes the
 * left part of its slot and references sit in the lane to its right.
 * @param view The per-category view (one model, or models pooled).
 * @param frame Plot area.
 * @returns Scales, ticks and positioned bars, whiskers and references.
 */
export function categoryLayout(view: CategoryDiversityView, frame: CategoryFrame): CategoryLayout {
  const maxK = Math.max(view.maxK, 1);
  const x = scaleBand<string>().domain(view.categories).range([0, frame.width]).padding(0.18);
  const inner = scaleBand<string>().domain(view.strategies).range([0, x.bandwidth()]).padding(0.12);
  const y = scaleLinear().domain([0, maxK]).range([frame.height, 0]);
  const hasReferences = view.cells.some((c) => c.reference.length > 0);
  const slot = inner.bandwidth();
  const barWidth = hasReferences ? slot * BAR_SHARE : slot;
  const marks: (CategoryBarMark | CategoryReferenceMark)[] = [];
  for (const cell of view.cells) {
    const left = (x(cell.category) ?? 0) + (inner(cell.strategy) ?? 0);
    const top = y(cell.mean ?? 0);
    const mid = left + barWidth / 2;
    marks.push({
      kind: 'bar',
      cell,
      x: left,
      width: barWidth,
      y: top,
      height: Math.max(0, frame.height - top),
      whisker:
        cell.interval === null
          ? null
          : {
              x: mid,
              y0: y(cell.interval.upper),
              y1: y(cell.interval.lower),
              cap0: left + barWidth * 0.25,
              cap1: left + barWidth * 0.75,
            },
    });
    const x0 = left + barWidth + LANE_GAP;
    const x1 = left + slot;
    for (const ref of cell.reference) {
      if (ref.value.kind === 'point') {
        const vy = y(ref.value.value);
        const half = Math.min(TRIANGLE_HALF, Math.max(2, (x1 - x0) * 0.9));
        marks.push({
          kind: 'ref',
          cell,
          ref,
          d: `M${r2(x0)},${r2(vy)}L${r2(x1)},${r2(vy - half)}L${r2(x1)},${r2(vy + half)}Z`,
          x0,
          x1,
          y0: vy - half,
          y1: vy + half,
        });
      } else {
        const top = y(ref.value.max);
        const bottom = y(ref.value.min);
        marks.push({
          kind: 'ref',
          cell,
          ref,
          d: `M${r2(x0)},${r2(top)}H${r2(x1)}V${r2(bottom)}H${r2(x0)}Z`,
          x0,
          x1,
          y0: top,
          y1: bottom,
        });
      }
    }
  }
  return {
    y,
    yTicks: y.ticks(Math.min(10, maxK)).filter((t) => Number.isInteger(t)),
    categoryTicks: view.categories.map((category) => ({
      category,
      pos: (x(category) ?? 0) + x.bandwidth() / 2,
    })),
    bandwidth: x.bandwidth(),
    marks,
    hasReferences,
  };
}
