// The response map as drawn: the projection's scales and ticks, each response placed in px and
// coloured by prompt, strategy or functional class, the legend, description, table and labels.
import { extent, scaleLinear, type ScaleLinear } from 'd3';
import { fixed, ticksAt, type AxisTick, type FigureNames, type FigureTable } from './figure';
import { clip, pct } from './format';
import { LINE, SERIES_COLOURS, seriesColour } from './palette';

/** One projected response. */
export interface MapPoint {
  /** Response id. */
  id: string;
  /** Its group (result point) id. */
  pointId: string;
  promptId: string;
  model: string;
  strategy: string;
  index: number;
  /** 0-based functional class of the response by the group's first judge; null if unjudged. */
  classIndex: number | null;
  x: number;
  y: number;
}

/** The projected map of a run. */
export interface MapResult {
  runId: string;
  embeddingModel: string;
  points: MapPoint[];
  explainedVariance: [number, number];
  dims: number;
  /** Responses with text but no stored embedding (left off the map). */
  missing: number;
  /** Milliseconds spent reading vectors and projecting them. */
  computeMs: number;
}

/** What the map's colours stand for. */
export type MapColour = 'prompt' | 'strategy' | 'class';

/** The map's axes: scales over the plot (px), ticks and titles. */
export interface MapAxes {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  xTicks: AxisTick[];
  yTicks: AxisTick[];
  xTitle: string;
  yTitle: string;
}

/** How responses are coloured: the run's prompt ids and strategies, in the order they are shown. */
export interface MapColouring {
  by: MapColour;
  promptIds: readonly string[];
  strategies: readonly string[];
}

/**
 * A response as drawn: centre and radius in px, and its index among the map's points as the
 * `data-i` of its mark (the shape the dense markup writes, so 100,000 dots are not copied).
 */
export interface MapDot {
  cx: number;
  cy: number;
  r: number;
  data: { i: number };
}

/** Responses of one colour, in the order their colour first appears. */
export interface MapLayer {
  fill: string;
  opacity: number;
  dots: MapDot[];
}

/** Radius and fill opacity of every response's dot. */
const DOT_RADIUS = 3.2;
const DOT_OPACITY = 0.75;

/** One legend entry. */
export interface MapLegendItem {
  label: string;
  colour: string;
}

/** Classes the legend names (the series palette repeats after them). */
const LEGEND_CLASSES = 5;
/** Prompts the legend names: past the palette's length, prompt colours repeat. */
export const LEGEND_PROMPTS = SERIES_COLOURS.length;

/** Each side of the data gets this share of its range as padding, so no dot sits on an axis. */
const PAD = 0.04;

function paddedScale(values: readonly number[], range: [number, number]) {
  const [lo = -1, hi = 1] = extent(values);
  const pad = (hi - lo) * PAD || 1;
  return scaleLinear()
    .domain([lo - pad, hi + pad])
    .range(range);
}

/**
 * The map's axes over a plot of `width` x `height` px (y grows upwards).
 * @param result The projection, or null while there is none.
 */
export function mapAxes(result: MapResult | null, width: number, height: number): MapAxes {
  const points = result?.points ?? [];
  const x = paddedScale(
    points.map((p) => p.x),
    [0, width],
  );
  const y = paddedScale(
    points.map((p) => p.y),
    [height, 0],
  );
  return {
    x,
    y,
    xTicks: ticksAt(x.ticks(6), x),
    yTicks: ticksAt(y.ticks(6), y),
    xTitle: `PC1 (${pct(result?.explainedVariance[0])} of variance)`,
    yTitle: `PC2 (${pct(result?.explainedVariance[1])})`,
  };
}

/**
 * The colour of each response under a colouring: a prompt's or strategy's series colour by its
 * position, or its class's (unjudged responses in the line colour).
 */
export function mapColourOf(colouring: MapColouring): (p: MapPoint) => string {
  const index = (ids: readonly string[]) => new Map(ids.map((id, i) => [id, i]));
  switch (colouring.by) {
    case 'prompt': {
      const at = index(colouring.promptIds);
      return (p) => seriesColour(at.get(p.promptId) ?? 0);
    }
    case 'strategy': {
      const at = index(colouring.strategies);
      return (p) => seriesColour(at.get(p.strategy) ?? 0);
    }
    case 'class':
      return (p) => (p.classIndex === null ? LINE : seriesColour(p.classIndex));
  }
}

/**
 * Every response placed and grouped by colour (one layer per colour keeps the markup of
 * 100,000 dots short).
 */
export function mapLayers(
  points: readonly MapPoint[],
  axes: Pick<MapAxes, 'x' | 'y'>,
  colouring: MapColouring,
): MapLayer[] {
  const colourOf = mapColourOf(colouring);
  const byColour = new Map<string, MapDot[]>();
  points.forEach((p, i) => {
    const fill = colourOf(p);
    const dot = { cx: axes.x(p.x), cy: axes.y(p.y), r: DOT_RADIUS, data: { i } };
    const list = byColour.get(fill);
    if (list === undefined) byColour.set(fill, [dot]);
    else list.push(dot);
  });
  return [...byColour].map(([fill, dots]) => ({ fill, opacity: DOT_OPACITY, dots }));
}

/** The legend of a colouring: strategies, the first classes, or the first prompts' texts. */
export function mapLegend(colouring: MapColouring, names: FigureNames): MapLegendItem[] {
  switch (colouring.by) {
    case 'strategy':
      return colouring.strategies.map((s, i) => ({
        label: names.strategy(s),
        colour: seriesColour(i),
      }));
    case 'class':
      return [
        ...Array.from({ length: LEGEND_CLASSES }, (_, i) => ({
          label: `Class ${i + 1}`,
          colour: seriesColour(i),
        })),
        { label: 'Unjudged', colour: LINE },
      ];
    case 'prompt':
      return colouring.promptIds.slice(0, LEGEND_PROMPTS).map((id, i) => ({
        label: clip(names.prompt(id), 40),
        colour: seriesColour(i),
      }));
  }
}

/** The map in one sentence: responses, embedding model, variance explained, what is missing. */
export function mapDescription(result: MapResult | null): string {
  if (result === null) return 'The response map is not available.';
  const [pc1, pc2] = result.explainedVariance;
  const missing =
    result.missing > 0 ? ` ${result.missing} responses have no stored embedding.` : '';
  return `${result.points.length} responses projected with PCA from ${result.dims}-dimensional ${result.embeddingModel} embeddings; the axes explain ${pct(pc1)} and ${pct(pc2)} of the variance.${missing}`;
}

const COLUMNS = ['Response', 'Prompt', 'Model', 'Strategy', 'Sample', 'Class', 'PC1', 'PC2'];

/** The map's table alternative: one row per response, classes and samples counted from 1. */
export function mapTable(points: readonly MapPoint[], names: FigureNames): FigureTable {
  return {
    columns: COLUMNS,
    rows: points.map((p) => [
      p.id,
      p.promptId,
      p.model,
      names.strategy(p.strategy),
      p.index + 1,
      p.classIndex === null ? null : p.classIndex + 1,
      fixed(p.x, 4),
      fixed(p.y, 4),
    ]),
  };
}

/** What a screen reader hears on the `i`-th of `count` responses. */
export function mapPointLabel(p: MapPoint, i: number, count: number, names: FigureNames): string {
  return `${i + 1} of ${count}: response ${p.index + 1} to ${clip(names.prompt(p.promptId), 60)}, ${names.strategy(p.strategy)}, ${p.model}`;
}

/** The first line of a response's tooltip: strategy, model, sample and class. */
export function mapTipTitle(p: MapPoint, names: FigureNames): string {
  const cls = p.classIndex === null ? '' : ` · class ${p.classIndex + 1}`;
  return `${names.strategy(p.strategy)} · ${p.model} · sample ${p.index + 1}${cls}`;
}
