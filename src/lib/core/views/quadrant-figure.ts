// The quadrant map as drawn: marks in a stable order, dodged apart and grouped by context with
// their glyphs, the quadrant rectangles and labels, ticks, the description and the table rows.
import {
  NORMATIVE_CONTEXTS,
  QUADRANTS,
  getContext,
  type NormativeContext,
  type NormativeContextInfo,
  type Quadrant,
} from '../mmhs';
import { clampInterval } from './bounds';
import { fixed, ticksAt, type AxisTick, type FigureNames, type FigureTable } from './figure';
import { clip, interval, num } from './format';
import { CONTEXT_STYLES, glyphExtent, type Glyph } from './palette';
import type { QuadrantMark, QuadrantView } from './quadrant';
import {
  layoutQuadrant,
  type QuadrantFrame,
  type QuadrantLabel,
  type QuadrantLayout,
} from './quadrant-layout';

/** A mark with where and how it is drawn. */
export interface QuadrantFigureMark {
  m: QuadrantMark;
  /** Index in {@link QuadrantFigure.marks} (the keyboard order). */
  i: number;
  px: number;
  py: number;
  area: number;
  glyph: Glyph;
}

/** The marks of one context (one layer, so its colour is set once). */
export interface QuadrantLayer {
  context: NormativeContext;
  items: QuadrantFigureMark[];
}

/** A quadrant's rectangle and label in px. */
export interface QuadrantFigureBox {
  q: Quadrant;
  x0: number;
  y0: number;
  w: number;
  h: number;
  label: QuadrantLabel | undefined;
}

/** Everything the quadrant chart draws. */
export interface QuadrantFigure extends FigureTable {
  /** Marks in id order, so the DOM order never changes when a toggle moves them. */
  marks: QuadrantMark[];
  layout: QuadrantLayout;
  layers: QuadrantLayer[];
  boxes: QuadrantFigureBox[];
  /** Tick positions along x and y. */
  xTicks: AxisTick[];
  yTicks: AxisTick[];
  /** Contexts with at least one mark (legend). */
  contextsShown: readonly NormativeContextInfo[];
  description: string;
}

/** What is shown: the strategy and model toggles ('all' for every one). */
export interface QuadrantSelection {
  strategy: string;
  model: string;
}

/** Bounding radius of each context's glyph per √area, for the dodge layout. */
const EXTENT = Object.fromEntries(
  NORMATIVE_CONTEXTS.map((c) => [c.id, glyphExtent(CONTEXT_STYLES[c.id].glyph)]),
) as Record<NormativeContext, number>;

const TICKS = [0, 0.25, 0.5, 0.75, 1];

const COLUMNS = [
  'Prompt',
  'Category',
  'Model',
  'Strategy',
  'Context',
  'Variation',
  'Valuation',
  'Quadrant',
  'Quality',
] as const;

/**
 * The quadrant map's figure.
 * @param view Marks and summaries (core/views/quadrant.ts).
 * @param frame Plot area in px.
 * @param shown The strategy and model shown, for the description.
 * @param names Strategy names and prompt texts.
 */
export function quadrantFigure(
  view: QuadrantView,
  frame: QuadrantFrame,
  shown: QuadrantSelection,
  names: FigureNames,
): QuadrantFigure {
  const marks = [...view.marks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const layout = layoutQuadrant(marks, frame, view.threshold, EXTENT);
  const by = new Map<NormativeContext, QuadrantFigureMark[]>();
  layout.marks.forEach((placed, i) => {
    const m = placed.mark;
    const item = {
      m,
      i,
      px: placed.px,
      py: placed.py,
      area: placed.area,
      glyph: CONTEXT_STYLES[m.context].glyph,
    };
    const list = by.get(m.context);
    if (list === undefined) by.set(m.context, [item]);
    else list.push(item);
  });
  return {
    marks,
    layout,
    layers: NORMATIVE_CONTEXTS.filter((c) => by.has(c.id)).map((c) => ({
      context: c.id,
      items: by.get(c.id) ?? [],
    })),
    boxes: layout.boxes.map((b, i) => ({
      q: b.quadrant,
      x0: b.x0,
      y0: b.y0,
      w: b.x1 - b.x0,
      h: b.y1 - b.y0,
      label: layout.labels[i],
    })),
    xTicks: ticksAt(TICKS, layout.scales.x),
    yTicks: ticksAt(TICKS, layout.scales.y),
    contextsShown: NORMATIVE_CONTEXTS.filter((c) =>
      view.summaries.some((s) => s.context === c.id && s.count > 0),
    ),
    description: quadrantDescription(view, shown, names),
    columns: COLUMNS,
    rows: marks.map((m) => [
      names.prompt(m.promptId),
      m.category,
      m.model,
      names.strategy(m.strategy),
      m.context,
      fixed(m.x, 4),
      fixed(m.y, 4),
      m.quadrant,
      fixed(m.size, 2),
    ]),
  };
}

/** The map in words: per context its marks, mean valuation with interval and quadrant counts. */
function quadrantDescription(
  view: QuadrantView,
  shown: QuadrantSelection,
  names: FigureNames,
): string {
  const parts = view.summaries
    .filter((s) => s.count > 0)
    .map(
      (s) =>
        `${getContext(s.context).label}: ${s.count} marks, mean valuation ${num(s.meanValuation)} ${interval(clampInterval(s.interval, 0, 1))}, ` +
        QUADRANTS.map((q) => `${q.name} ${s.quadrants[q.name]}`).join(', '),
    );
  return (
    `Quadrant map by ${view.metric.label.toLowerCase()} for ${shown.strategy === 'all' ? 'all strategies' : names.strategy(shown.strategy)} and ${shown.model === 'all' ? 'all models' : shown.model}. ` +
    (parts.length === 0 ? 'No result could be placed.' : `${parts.join('. ')}.`) +
    (view.excluded.length > 0 ? ` ${view.excluded.length} results could not be placed.` : '')
  );
}

/**
 * What the screen reader says for mark `i` of the figure.
 * @returns '' when there is no such mark.
 */
export function quadrantMarkLabel(
  marks: readonly QuadrantMark[],
  i: number,
  names: FigureNames,
): string {
  const m = marks[i];
  if (m === undefined) return '';
  return `${i + 1} of ${marks.length}: ${getContext(m.context).label}, ${clip(names.prompt(m.promptId), 60)}, ${names.strategy(m.strategy)}, ${m.model}: variation ${num(m.x)}, ${m.quadrant}`;
}

/** Counts of the results not on the map, by reason, for the note under it. */
export function quadrantExclusions(view: QuadrantView): {
  noVariation: number;
  noCategory: number;
  noContext: number;
} {
  const count = (reason: string): number => view.excluded.filter((e) => e.reason === reason).length;
  return {
    noVariation: count('no-variation'),
    noCategory: count('no-category'),
    noContext: count('no-context'),
  };
}

/** A context summary's quadrant counts in words ("Heaven 2 · Sin 1"), empty quadrants left out. */
export function quadrantCounts(quadrants: Readonly<Record<string, number>>): string {
  return QUADRANTS.filter((q) => (quadrants[q.name] ?? 0) > 0)
    .map((q) => `${q.name} ${quadrants[q.name]}`)
    .join(' · ');
}
