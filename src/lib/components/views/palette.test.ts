// The chart palette: quadrant colours equal the app's CSS variables, context colours are the
// other four Okabe-Ito colours, glyph paths are cached, and text colours keep contrast.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_STYLES,
  OKABE_ITO,
  QUADRANT_COLOURS,
  glyphExtent,
  glyphPath,
  type Glyph,
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
