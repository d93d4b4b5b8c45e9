// The one palette of every chart (views, class chips, equivalence graph): Okabe-Ito colours (safe
// for the common colour-vision deficiencies), always paired with a shape or a label.
import {
  color,
  interpolateRgb,
  symbol,
  symbolCircle,
  symbolDiamond,
  symbolSquare,
  symbolTriangle,
} from 'd3';
import { getContext, type NormativeContext, type QuadrantName, type TensionKind } from '../mmhs';
import type { SafetyLabel } from './safety';

/** The eight Okabe-Ito colours. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** An Okabe-Ito colour's key. */
export type OkabeItoColour = keyof typeof OKABE_ITO;

/** Readable names of the Okabe-Ito colours (for legends and screen readers). */
export const COLOUR_NAMES: Readonly<Record<OkabeItoColour, string>> = {
  black: 'black',
  orange: 'orange',
  skyBlue: 'sky blue',
  bluishGreen: 'bluish green',
  yellow: 'yellow',
  blue: 'blue',
  vermillion: 'vermillion',
  reddishPurple: 'reddish purple',
};

/**
 * Quadrant colours: the same values as the app's `--c-heaven`, `--c-magic`, `--c-sin` and
 * `--c-madness` (src/app.css), written out so an exported SVG looks the same outside the app.
 */
export const QUADRANT_COLOURS: Readonly<Record<QuadrantName, string>> = {
  Heaven: '#0072b2',
  Magic: '#e69f00',
  Sin: '#009e73',
  Madness: '#cc79a7',
};

/** Ink and muted text colours of the app (`--c-ink`, `--c-muted`, `--c-line`). */
export const INK = '#1b1f24';
export const MUTED = '#5b6470';
export const LINE = '#d9dde3';

/** The glyphs marks can take. */
export type Glyph = 'circle' | 'square' | 'triangle' | 'diamond';

/**
 * Context colours are the four Okabe-Ito colours the quadrants do not use, so a mark's colour is
 * never confused with the quadrant it sits in; each context also has its own glyph.
 */
export const CONTEXT_STYLES: Readonly<
  Record<NormativeContext, { colour: string; glyph: Glyph; colourName: string }>
> = {
  epistemic: contextStyle('vermillion', 'circle'),
  interactional: contextStyle('skyBlue', 'square'),
  societal: contextStyle('black', 'triangle'),
  safety: contextStyle('yellow', 'diamond'),
};

function contextStyle(
  key: OkabeItoColour,
  glyph: Glyph,
): { colour: string; glyph: Glyph; colourName: string } {
  return { colour: OKABE_ITO[key], glyph, colourName: COLOUR_NAMES[key] };
}

/** Colours of ordered series (strategies, categories, models), most distinct first. */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** Glyphs of ordered series, cycled alongside the colours. */
export const SERIES_GLYPHS: readonly Glyph[] = ['circle', 'square', 'triangle', 'diamond'];

/** The i-th item of a list, cycling (negative indices count from the end). */
function cycle<T>(list: readonly T[], index: number): T {
  const n = list.length;
  return list[((Math.floor(index) % n) + n) % n] as T;
}

/** The colour of the i-th series (cycles after eight). */
export function seriesColour(index: number): string {
  return cycle(SERIES_COLOURS, index);
}

/** The glyph of the i-th series (cycles after four). */
export function seriesGlyph(index: number): Glyph {
  return cycle(SERIES_GLYPHS, index);
}

/** Safety label colours, from most to least restrictive. */
export const SAFETY_COLOURS: Readonly<Record<SafetyLabel, string>> = {
  refusal: OKABE_ITO.blue,
  'safe-completion': OKABE_ITO.bluishGreen,
  compliance: OKABE_ITO.vermillion,
};

/** The societal heat map's colour of a normalised entropy in [0, 1]: pale to Okabe-Ito blue. */
export const heatColour: (t: number) => string = interpolateRgb('#f2f6fb', OKABE_ITO.blue);

/** Readable names of the safety labels. */
export const SAFETY_NAMES: Readonly<Record<SafetyLabel, string>> = {
  refusal: 'Refusal',
  'safe-completion': 'Safe completion',
  compliance: 'Compliance',
};

const SYMBOLS = {
  circle: symbolCircle,
  square: symbolSquare,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
} as const;

const pathCache = new Map<string, string>();

/**
 * SVG path of a glyph centred on (0, 0) with the given area in px² (cached: charts draw
 * thousands of marks from a handful of shapes).
 */
export function glyphPath(glyph: Glyph, area: number): string {
  const key = `${glyph}:${Math.round(area * 10)}`;
  let d = pathCache.get(key);
  if (d === undefined) {
    d = symbol(SYMBOLS[glyph], area)() ?? '';
    pathCache.set(key, d);
  }
  return d;
}

/**
 * The radius of the circle around a glyph, per √area: every glyph of area A fits in a circle of
 * radius `glyphExtent(glyph) * √A` (d3's symbol geometry), so layouts can keep glyphs apart.
 */
export function glyphExtent(glyph: Glyph): number {
  switch (glyph) {
    case 'circle':
      return 1 / Math.sqrt(Math.PI);
    case 'square':
      return Math.SQRT1_2;
    case 'triangle':
      // d3: vertices at 2y from the centre, y = √(A / (3√3)).
      return 2 / Math.sqrt(3 * Math.sqrt(3));
    case 'diamond':
      // d3: half-height y = √(A / (2 tan 30°)), the farthest vertex.
      return 1 / Math.sqrt(2 / Math.sqrt(3));
  }
}

/** Whether text on a colour (hex or any CSS colour d3 parses) should be black or white. */
export function textOn(fill: string): string {
  const hex = (color(fill)?.formatHex() ?? '#ffffff').replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const lin = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance > 0.18 ? '#000000' : '#ffffff';
}

/** One functional-class colour and the text colour to write on it. */
export interface ClassColour {
  fill: string;
  text: string;
  name: string;
}

/**
 * Class colours of the Results views (chips, equivalence graph): the eight Okabe-Ito colours,
 * most distinct first, each with the text colour that keeps contrast on it.
 */
export const CLASS_COLOURS: readonly ClassColour[] = (
  [
    'blue',
    'orange',
    'bluishGreen',
    'reddishPurple',
    'skyBlue',
    'vermillion',
    'yellow',
    'black',
  ] as const
).map((key) => ({ fill: OKABE_ITO[key], text: textOn(OKABE_ITO[key]), name: COLOUR_NAMES[key] }));

/** The colour of a 0-based class number (numbers are always shown too: colour is never alone). */
export function classColour(index: number): ClassColour {
  return cycle(CLASS_COLOURS, index);
}

/** A strong colour, a light tint to fill areas with, and a dark ink readable on both. */
export interface ToneColour {
  fill: string;
  tint: string;
  ink: string;
}

/**
 * Quadrant tones of the framework explorer (Figure 1, context cards): the quadrant hues of
 * `QUADRANT_COLOURS` with a tint and an ink each.
 */
export const QUADRANT_TONES: Readonly<Record<QuadrantName, ToneColour>> = {
  Heaven: { fill: OKABE_ITO.blue, tint: '#E3EFF7', ink: '#004B75' },
  Magic: { fill: OKABE_ITO.orange, tint: '#FCF1DA', ink: '#6E4B00' },
  Sin: { fill: OKABE_ITO.bluishGreen, tint: '#DEF3EC', ink: '#005C43' },
  Madness: { fill: OKABE_ITO.reddishPurple, tint: '#F7E7F0', ink: '#7F3560' },
};

/** A context's tone: that of the quadrant Figure 1 places it in. */
export function contextTone(context: NormativeContext): ToneColour {
  return QUADRANT_TONES[getContext(context).quadrant];
}

/** Table 1 tension groups: vermillion, sky blue and yellow, each with a tint and an ink. */
export const TENSION_TONES: Readonly<Record<TensionKind, ToneColour>> = {
  'opposing-behaviors': { fill: OKABE_ITO.vermillion, tint: '#FAE3D3', ink: '#8A3C00' },
  'different-valuations': { fill: OKABE_ITO.skyBlue, tint: '#E2F2FB', ink: '#1D5F85' },
  'different-contexts': { fill: OKABE_ITO.yellow, tint: '#FBF8D2', ink: '#5E5800' },
};

/** Line colour of two contexts demanding opposite poles (a conflict), and of aligned ones. */
export const CONFLICT_COLOUR = OKABE_ITO.vermillion;
export const ALIGNED_COLOUR = '#5B6470';
