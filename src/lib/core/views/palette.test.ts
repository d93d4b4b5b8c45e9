// The chart palette: quadrant colours equal the app's CSS variables, context colours are the
// other four Okabe-Ito colours, glyph paths are cached, text colours keep contrast, and class
// colours follow the Okabe-Ito order with readable text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLASS_COLOURS,
  CONTEXT_STYLES,
  OKABE_ITO,
  QUADRANT_COLOURS,
  QUADRANT_TONES,
  contextTone,
  glyphExtent,
  glyphPath,
  type Glyph,
  classColour,
  seriesColour,
  seriesGlyph,
  textOn,
} from './palette';

const css = readFileSync(new URL('../../../app.css', import.meta.url), 'utf8');

describe('palette', () => {
  it.each<[string, string]>([
    ['Heaven', '--c-heaven'],
    ['Magic', '--c-magic'],
    ['Sin', '--c-sin'],
    ['Madness', '--c-madness'],
  ])('%s equals %s in app.css', (quadrant, variable) => {
    const value = new RegExp(`${variable}:\\s*(#[0-9a-fA-F]{6})`).exec(css)?.[1];
    expect(value?.toLowerCase()).toBe(
      QUADRANT_COLOURS[quadrant as keyof typeof QUADRANT_COLOURS].toLowerCase(),
    );
  });

  it.each(Object.keys(QUADRANT_COLOURS) as (keyof typeof QUADRANT_COLOURS)[])(
    '%s: the framework tone has the chart hue',
    (quadrant) => {
      expect(QUADRANT_TONES[quadrant].fill.toLowerCase()).toBe(QUADRANT_COLOURS[quadrant]);
    },
  );

  it.each<[Parameters<typeof contextTone>[0], string]>([
    ['epistemic', 'Madness'],
    ['safety', 'Heaven'],
  ])('context %s takes the tone of %s', (context, quadrant) => {
    expect(contextTone(context)).toBe(QUADRANT_TONES[quadrant as keyof typeof QUADRANT_TONES]);
  });

  it('gives every context an Okabe-Ito colour no quadrant uses and its own glyph', () => {
    const quadrant = new Set(Object.values(QUADRANT_COLOURS).map((c) => c.toLowerCase()));
    const okabe = new Set(Object.values(OKABE_ITO).map((c) => c.toLowerCase()));
    const styles = Object.values(CONTEXT_STYLES);
    for (const s of styles) {
      expect(okabe.has(s.colour.toLowerCase())).toBe(true);
      expect(quadrant.has(s.colour.toLowerCase())).toBe(false);
    }
    expect(new Set(styles.map((s) => s.colour)).size).toBe(4);
    expect(new Set(styles.map((s) => s.glyph)).size).toBe(4);
  });

  it.each<[number, string, string]>([
    [0, OKABE_ITO.blue, 'circle'],
    [1, OKABE_ITO.orange, 'square'],
    [8, OKABE_ITO.blue, 'circle'],
    [-1, OKABE_ITO.yellow, 'diamond'],
  ])('series %s: %s, %s', (i, colour, glyph) => {
    expect(seriesColour(i)).toBe(colour);
    expect(seriesGlyph(i)).toBe(glyph);
  });

  it.each<[string, string]>([
    [OKABE_ITO.black, '#ffffff'],
    [OKABE_ITO.blue, '#ffffff'],
    [OKABE_ITO.yellow, '#000000'],
    [OKABE_ITO.orange, '#000000'],
    ['#ffffff', '#000000'],
    ['rgb(242, 246, 251)', '#000000'],
    ['rgb(0, 114, 178)', '#ffffff'],
  ])('text on %s is %s', (fill, text) => {
    expect(textOn(fill)).toBe(text);
  });

  it('draws closed glyph paths and reuses them', () => {
    const d = glyphPath('diamond', 64);
    expect(d).toMatch(/^M.*Z$/);
    expect(glyphPath('diamond', 64)).toBe(d);
    expect(glyphPath('circle', 64)).not.toBe(d);
  });

  it.each<[Glyph, string]>([
    // The farthest point of each d3 symbol of area 100: its circle's radius, a vertex otherwise.
    ['circle', 'M5.642,0'],
    ['square', 'M-5,-5'],
    ['triangle', 'M0,-8.774'],
    ['diamond', 'M0,-9.306'],
  ])('%s: glyphExtent is the distance of its farthest point (%s at area 100)', (glyph, start) => {
    expect(glyphPath(glyph, 100).startsWith(start)).toBe(true);
    const [x, y] = start.slice(1).split(',').map(Number) as [number, number];
    expect(glyphExtent(glyph) * 10).toBeCloseTo(Math.hypot(x, y), 2);
  });
});

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('classColour', () => {
  it.each([
    [0, '#0072B2'],
    [1, '#E69F00'],
    [7, '#000000'],
    [8, '#0072B2'],
    [17, '#E69F00'],
    [-1, '#000000'],
  ])('class %i -> %s', (index, fill) => {
    expect(classColour(index).fill).toBe(fill);
  });

  it.each(CLASS_COLOURS.map((c) => [c.name, c.fill, c.text]))(
    '%s keeps text contrast of at least 4.5:1',
    (_name, fill, text) => {
      expect(contrast(fill, text)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('has the eight distinct Okabe-Ito colours', () => {
    expect(new Set(CLASS_COLOURS.map((c) => c.fill.toLowerCase()))).toEqual(
      new Set([
        '#e69f00',
        '#56b4e9',
        '#009e73',
        '#f0e442',
        '#0072b2',
        '#d55e00',
        '#cc79a7',
        '#000000',
      ]),
    );
  });
});
