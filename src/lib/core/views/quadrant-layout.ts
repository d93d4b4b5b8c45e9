// Pixel layout of the MMHS quadrant map: the scales, the four quadrant rectangles and every mark
// dodged apart inside the quadrant its values put it in, so results with the same value all show.

import { scaleLinear, scaleSqrt, type ScaleLinear } from 'd3';
import { QUADRANTS, type NormativeContext, type Quadrant, type QuadrantName } from '../mmhs';
import { dodge, type DodgeBox } from './dodge';
import type { QuadrantMark } from './quadrant';

/** The plot area of the map in px: width, height and the inner padding around values 0 and 1. */
export interface QuadrantFrame {
  width: number;
  height: number;
  pad: number;
}

/** Scales from variation (x) and valuation score (y) in [0, 1] to px in the plot area. */
export interface QuadrantScales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** A quadrant's rectangle in px. */
export interface QuadrantBox extends DodgeBox {
  quadrant: Quadrant;
}

/** Where a quadrant's name and its "homogeneity rewarded" subtitle are drawn, in px. */
export interface QuadrantLabel {
  quadrant: Quadrant;
  /** Centre of both lines. */
  x: number;
  /** Baseline of the name. */
  y: number;
  /** Baseline of the subtitle. */
  subtitleY: number;
  /** The space both lines take (estimated from the font sizes); marks keep clear of it. */
  box: DodgeBox;
}

/** A mark with where it is drawn. */
export interface PlacedQuadrantMark {
  mark: QuadrantMark;
  /** Drawn centre in px (the exact value's position unless another mark was there first). */
  px: number;
  py: number;
  /** Glyph area in px², after the layout's common scale. */
  area: number;
  /** True when no free spot was found and the mark overlaps another. */
  overlapping: boolean;
}

/** Everything the quadrant chart draws in the plot area. */
export interface QuadrantLayout {
  scales: QuadrantScales;
  boxes: QuadrantBox[];
  /** One per quadrant, in the order of the boxes. */
  labels: QuadrantLabel[];
  /** In the order given. */
  marks: PlacedQuadrantMark[];
  /** Factor applied to every glyph's radius so that crowded quadrants still fit (1 = none). */
  scale: number;
  /** How many marks overlap another despite the dodge. */
  overlapping: number;
}

/** Glyph area of a mark by its 1-5 quality grade; ungraded marks take the smallest. */
const AREA = scaleSqrt().domain([1, 5]).range([30, 160]).clamp(true);

/** Font sizes of the quadrant name and subtitle, and the average glyph width per em. */
export const LABEL_FONT = { name: 20, subtitle: 11 } as const;
const EM_WIDTH = 0.62;
/** The subtitle's baseline below the name's. */
const SUBTITLE_GAP = 22;

/** Glyph area in px² of a mark of the given quality (null = ungraded). */
export function markArea(quality: number | null): number {
  return quality === null ? AREA(1) : AREA(quality);
}

/** Gap between a dividing line and the marks on either side, in px. */
const LINE_GAP = 1.5;

/**
 * The map's scales: values 0 and 1 sit `pad` px inside the plot area, so whole marks fit there.
 * @param frame Plot area.
 */
export function quadrantScales(frame: QuadrantFrame): QuadrantScales {
  return {
    x: scaleLinear()
      .domain([0, 1])
      .range([frame.pad, frame.width - frame.pad]),
    y: scaleLinear()
      .domain([0, 1])
      .range([frame.height - frame.pad, frame.pad]),
  };
}

/**
 * The four quadrant rectangles in px, in the order of {@link QUADRANTS}: split at the pole
 * threshold on x and at valuation 0.5 on y.
 * @param frame Plot area.
 * @param threshold Pole boundary in [0, 1].
 */
export function quadrantBoxes(frame: QuadrantFrame, threshold: number): QuadrantBox[] {
  const { x, y } = quadrantScales(frame);
  const xT = x(threshold);
  const yM = y(0.5);
  return QUADRANTS.map((quadrant) => {
    const left = quadrant.x === 'homogeneity';
    const top = quadrant.y === 'rewarded';
    return {
      quadrant,
      x0: left ? 0 : xT,
      x1: left ? xT : frame.width,
      y0: top ? 0 : yM,
      y1: top ? yM : frame.height,
    };
  });
}

/**
 * Where each quadrant's label goes: centred in its quadrant, near the outer edge (valuation 0.9
 * at the top, 0.1 at the bottom), where the diagonals the marks lie on pass at the quadrant's side.
 * @param frame Plot area.
 * @param threshold Pole boundary in [0, 1].
 */
export function quadrantLabels(frame: QuadrantFrame, threshold: number): QuadrantLabel[] {
  const { y } = quadrantScales(frame);
  return quadrantBoxes(frame, threshold).map((b) => {
    const top = b.quadrant.y === 'rewarded';
    const x = (b.x0 + b.x1) / 2;
    const baseline = y(top ? 0.9 : 0.1);
    const subtitle = `${b.quadrant.x} ${b.quadrant.y}`;
    const half =
      Math.max(b.quadrant.name.length * LABEL_FONT.name, subtitle.length * LABEL_FONT.subtitle) *
        (EM_WIDTH / 2) +
      4;
    return {
      quadrant: b.quadrant,
      x,
      y: baseline,
      subtitleY: baseline + SUBTITLE_GAP,
      box: {
        x0: x - half,
        x1: x + half,
        // The font's full ascent, as the text's box has it.
        y0: baseline - LABEL_FONT.name * 0.95,
        y1: baseline + SUBTITLE_GAP + LABEL_FONT.subtitle * 0.3,
      },
    };
  });
}

/**
 * Lays the marks out: each is drawn at its exact (variation, valuation) position unless a mark
 * placed before it is there, in which case it moves to the nearest free spot wholly inside its own
 * quadrant, clear of the dividing lines and of the quadrant labels (see {@link dodge}).
 * @param marks Marks in the order they claim space (sort by id for a stable picture).
 * @param frame Plot area.
 * @param threshold Pole boundary the marks' quadrants were decided with.
 * @param extent Bounding radius of each context's glyph per √area (a circle is 1/√π).
 * @returns Scales, quadrant rectangles and the placed marks in the given order.
 */
export function layoutQuadrant(
  marks: readonly QuadrantMark[],
  frame: QuadrantFrame,
  threshold: number,
  extent: Readonly<Record<NormativeContext, number>>,
): QuadrantLayout {
  const scales = quadrantScales(frame);
  const boxes = quadrantBoxes(frame, threshold);
  const labels = quadrantLabels(frame, threshold);
  // Marks stay clear of the dividing lines, so the side each one is on can be seen.
  const inner = new Map<QuadrantName, DodgeBox>(
    boxes.map((b) => {
      const left = b.quadrant.x === 'homogeneity';
      const top = b.quadrant.y === 'rewarded';
      return [
        b.quadrant.name,
        {
          x0: left ? b.x0 : b.x0 + LINE_GAP,
          x1: left ? b.x1 - LINE_GAP : b.x1,
          y0: top ? b.y0 : b.y0 + LINE_GAP,
          y1: top ? b.y1 - LINE_GAP : b.y1,
        },
      ];
    }),
  );
  const areas = marks.map((m) => markArea(m.size));
  const result = dodge(
    marks.map((m, i) => ({
      x: scales.x(m.x),
      y: scales.y(m.y),
      r: extent[m.context] * Math.sqrt(areas[i] ?? 0),
      box: inner.get(m.quadrant) ?? { x0: 0, y0: 0, x1: frame.width, y1: frame.height },
    })),
    { obstacles: labels.map((l) => l.box) },
  );
  const overlapping = new Set(result.overlapping);
  return {
    scales,
    boxes,
    labels,
    marks: marks.map((mark, i) => ({
      mark,
      px: result.positions[i]?.x ?? 0,
      py: result.positions[i]?.y ?? 0,
      area: (areas[i] ?? 0) * result.scale ** 2,
      overlapping: overlapping.has(i),
    })),
    scale: result.scale,
    overlapping: overlapping.size,
  };
}
