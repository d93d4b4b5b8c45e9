// The trade-off chart as drawn: each panel's scales and ticks, every strategy x model mean placed
// with its interval whiskers, the prompts' faint dots in px, the description and the table rows.
import { scaleLinear, type ScaleLinear } from 'd3';
import { paddedDomain } from './bounds';
import { fixed, ticksAt, type AxisTick, type FigureNames, type FigureTable } from './figure';
import { interval, num } from './format';
import type { TradeoffDot, TradeoffGroup, TradeoffPanel, TradeoffView } from './tradeoff';

/** The two panels' plot size in px and the gap between them. */
export interface TradeoffFrame {
  width: number;
  height: number;
  gap: number;
}

/** A strategy x model mean as drawn, in px of the whole plot (both panels). */
export interface TradeoffItem {
  panel: TradeoffPanel;
  group: TradeoffGroup;
  /** Centre of the mean's glyph. */
  cx: number;
  py: number;
  /** The variation interval (clipped to [0, 1]), or null. */
  xWhisker: { x1: number; x2: number } | null;
  /** The quality interval (clipped to [1, 5]), or null. */
  yWhisker: { y1: number; y2: number } | null;
}

/** One panel's axes. */
export interface TradeoffPanelFigure {
  panel: TradeoffPanel;
  /** Left edge of the panel in px. */
  left: number;
  x: ScaleLinear<number, number>;
  xTicks: AxisTick[];
}

/** Everything the trade-off chart draws. */
export interface TradeoffFigure extends FigureTable {
  panels: TradeoffPanelFigure[];
  y: ScaleLinear<number, number>;
  yTicks: AxisTick[];
  /** Means with both values, panel a first, in keyboard order. */
  items: TradeoffItem[];
  description: string;
}

const COLUMNS = [
  'Panel',
  'Strategy',
  'Model',
  'Results',
  'Mean variation',
  'Variation CI',
  'Mean quality',
  'Quality CI',
] as const;

const hasBoth = (g: TradeoffGroup): boolean => g.x.mean !== null && g.y.mean !== null;

/**
 * The trade-off chart's figure.
 * @param view Both panels (core/views/tradeoff.ts).
 * @param frame One panel's size and the gap between the panels.
 */
export function tradeoffFigure(
  view: TradeoffView,
  frame: TradeoffFrame,
  names: Pick<FigureNames, 'strategy'>,
): TradeoffFigure {
  const y = scaleLinear().domain([1, 5]).range([frame.height, 0]);
  const panels = [view.general, view.functional].map((panel, p): TradeoffPanelFigure => {
    // Panel a fits its axis to the data (general metrics often vary over a small part of [0, 1]);
    // panel b keeps the whole [0, 1] of functional variation, as in the paper.
    const x = scaleLinear()
      .domain(
        panel.id === 'functional'
          ? [0, 1]
          : paddedDomain(
              panel.dots.map((d) => d.x),
              0,
              1,
            ),
      )
      .range([0, frame.width]);
    return { panel, left: p * (frame.width + frame.gap), x, xTicks: ticksAt(x.ticks(5), x) };
  });
  const items = panels.flatMap(({ panel, left, x }) =>
    panel.groups.filter(hasBoth).map((group): TradeoffItem => {
      const cx = left + x(group.x.mean ?? 0);
      const xi = group.x.interval;
      const yi = group.y.interval;
      return {
        panel,
        group,
        cx,
        py: y(group.y.mean ?? 0),
        xWhisker:
          xi === null
            ? null
            : { x1: left + x(Math.max(0, xi.lower)), x2: left + x(Math.min(1, xi.upper)) },
        yWhisker:
          yi === null ? null : { y1: y(Math.max(1, yi.lower)), y2: y(Math.min(5, yi.upper)) },
      };
    }),
  );
  return {
    panels,
    y,
    yTicks: ticksAt([1, 2, 3, 4, 5], y),
    items,
    description: tradeoffDescription(panels.map((p) => p.panel)),
    columns: COLUMNS,
    rows: panels.flatMap(({ panel }) =>
      panel.groups.map((g) => [
        panel.title,
        names.strategy(g.strategy),
        g.model,
        g.n,
        fixed(g.x.mean, 4),
        interval(g.x.interval, 3),
        fixed(g.y.mean, 3),
        interval(g.y.interval, 3),
      ]),
    ),
  };
}

function tradeoffDescription(panels: readonly TradeoffPanel[]): string {
  const range = (vs: number[]): string => `${num(Math.min(...vs))} to ${num(Math.max(...vs))}`;
  return (
    panels
      .map((p) => {
        const means = p.groups.filter(hasBoth);
        if (means.length === 0) return `${p.title}: no results with both values.`;
        return (
          `${p.title}: across ${means.length} strategy x model means, variation ranges ` +
          `${range(means.map((g) => g.x.mean ?? 0))} and quality ${range(means.map((g) => g.y.mean ?? 0))}.`
        );
      })
      .join(' ') + ' The table gives every mean with its 95% interval.'
  );
}

/** What the screen reader says for a mean. */
export function tradeoffItemLabel(
  item: TradeoffItem | undefined,
  names: Pick<FigureNames, 'strategy'>,
): string {
  if (item === undefined) return '';
  const g = item.group;
  return `${item.panel.title}: ${names.strategy(g.strategy)}, ${g.model}: variation ${num(g.x.mean, 3)}, quality ${num(g.y.mean)}, ${g.n} results`;
}

/** A panel's faint prompt dots in px of the panel, grouped by strategy in first-seen order. */
export function tradeoffDots(
  panel: TradeoffPanelFigure,
  y: (v: number) => number,
): [strategy: string, dots: { cx: number; cy: number }[]][] {
  const byStrategy = new Map<string, { cx: number; cy: number }[]>();
  for (const d of panel.panel.dots as readonly TradeoffDot[]) {
    const dot = { cx: panel.x(d.x), cy: y(d.y) };
    const list = byStrategy.get(d.strategy);
    if (list === undefined) byStrategy.set(d.strategy, [dot]);
    else list.push(dot);
  }
  return [...byStrategy];
}
