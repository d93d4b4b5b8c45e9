// Tests of the class palette: Okabe-Ito order, wrap-around, and readable text on every colour.

import { describe, expect, it } from 'vitest';
import { CLASS_COLOURS, classColour } from './palette';

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
