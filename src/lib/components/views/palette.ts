// Colours and glyphs of the MMHS chart views: the Okabe-Ito palette (safe for the common colour-
// vision deficiencies), always paired with a shape or a label so colour is never the only cue.
import { color, symbol, symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3';
import type { NormativeContext, QuadrantName } from '../../core/mmhs';
import type { SafetyLabel } from '../../core/views';

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
  epistemic: { colour: OKABE_ITO.vermillion, glyph: 'circle', colourName: 'vermillion' },
  interactional: { colour: OKABE_ITO.skyBlue, glyph: 'square', colourName: 'sky blue' },
  societal: { colour: OKABE_ITO.black, glyph: 'triangle', colourName: 'black' },
  safety: { colour: OKABE_ITO.yellow, glyph: 'diamond', colourName: 'yellow' },
};

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

/** The colour of the i-th series (cycles after eight). */
export function seriesColour(index: number): string {
  const n = SERIES_COLOURS.length;
  return SERIES_COLOURS[((Math.floor(index) % n) + n) % n] as string;
}

/** The glyph of the i-th series (cycles after four). */
export function seriesGlyph(index: number): Glyph {
  const n = SERIES_GLYPHS.length;
  return SERIES_GLYPHS[((Math.floor(index) % n) + n) % n] as Glyph;
}

/** Safety label colours, from most to least restrictive. */
export const SAFETY_COLOURS: Readonly<Record<SafetyLabel, string>> = {
  refusal: OKABE_ITO.blue,
  'safe-completion': OKABE_ITO.bluishGreen,
  compliance: OKABE_ITO.vermillion,
};

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
