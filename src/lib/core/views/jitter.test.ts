// Table tests of the mark jitter: deterministic offsets within the amplitude, and quadrant-map
// positions that never leave the plot nor cross a pole boundary.

import { describe, expect, it } from 'vitest';
import { DEFAULT_JITTER, jitterInQuadrant, jitterOffset } from './jitter';

describe('jitterOffset', () => {
  it.each<[string, number]>([
    ['p1|epistemic', DEFAULT_JITTER],
    ['', 0.05],
    ['prompt ü 你好|societal', 0.1],
    ['p2|safety|m:openai%2Fgpt-4o', 1],
  ])('%s: within ±%s and the same on every call', (id, amplitude) => {
    const [dx, dy] = jitterOffset(id, amplitude);
    expect(Math.abs(dx)).toBeLessThanOrEqual(amplitude);
    expect(Math.abs(dy)).toBeLessThanOrEqual(amplitude);
    expect(jitterOffset(id, amplitude)).toEqual([dx, dy]);
  });

  it.each<[string, number, [number, number]]>([
    ['any', 0, [0, 0]],
    ['other', 0, [0, 0]],
  ])('amplitude 0 gives no offset (%s)', (id, amplitude, expected) => {
    expect(jitterOffset(id, amplitude).map((v) => v + 0)).toEqual(expected);
  });

  it('different ids get different offsets', () => {
    const offsets = new Set(
      Array.from({ length: 50 }, (_, i) => jitterOffset(`p${i}|epistemic`).join(',')),
    );
    expect(offsets.size).toBe(50);
  });

  it.each<[number]>([[-0.1], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    'rejects amplitude %s',
    (amplitude) => {
      expect(() => jitterOffset('x', amplitude)).toThrow(RangeError);
    },
  );
});

describe('jitterInQuadrant', () => {
  it.each<[string, number, number, number, boolean, number, [number, number], [number, number]]>([
    // id, x, y, threshold, rewarded quadrant, amplitude, expected x range, expected y range
    ['a', 0, 1, 0.5, true, 0.05, [0, 0.05], [0.95, 1]],
    ['b', 1, 0, 0.5, false, 0.05, [0.95, 1], [0, 0.05]],
    // On both lines (3 of 5 classes): right of the dashed line, in the quadrant's half, by at
    // least half the amplitude, at most the amplitude.
    ['c rewarded', 0.5, 0.5, 0.5, true, 0.05, [0.525, 0.55], [0.525, 0.55]],
    ['c penalized', 0.5, 0.5, 0.5, false, 0.05, [0.525, 0.55], [0.45, 0.475]],
    ['d', 0.25, 0.75, 0.5, true, 0.05, [0.2, 0.3], [0.7, 0.8]],
    ['e', 0.49, 0.51, 0.5, true, 0.05, [0.44, 0.475], [0.525, 0.56]],
    ['f', 0.7, 0.3, 0.6, false, 0.2, [0.7, 0.9], [0.1, 0.4]],
    ['g', 0.3, 0.3, 0.5, false, 0, [0.3, 0.3], [0.3, 0.3]],
  ])(
    '%s at (%s, %s), threshold %s: stays in range and off the boundary on its side',
    (id, x, y, t, rewarded, a, xr, yr) => {
      const p = jitterInQuadrant(id, x, y, t, rewarded, a);
      expect(p.x).toBeGreaterThanOrEqual(xr[0] - 1e-12);
      expect(p.x).toBeLessThanOrEqual(xr[1] + 1e-12);
      expect(p.y).toBeGreaterThanOrEqual(yr[0] - 1e-12);
      expect(p.y).toBeLessThanOrEqual(yr[1] + 1e-12);
      expect(p.x > t).toBe(x >= t);
      expect(p.y > 0.5).toBe(rewarded);
    },
  );

  it('never draws a mark on a boundary line, for any id', () => {
    for (let i = 0; i < 200; i++) {
      for (const rewarded of [true, false]) {
        const p = jitterInQuadrant(`m${i}`, 0.5, 0.5, 0.5, rewarded, 0.02);
        expect(p.x).toBeGreaterThanOrEqual(0.51);
        expect(Math.abs(p.y - 0.5)).toBeGreaterThanOrEqual(0.01);
        expect(p.y > 0.5).toBe(rewarded);
        const q = jitterInQuadrant(`m${i}`, 0.4999, 0.4999, 0.5, false, 0.02);
        expect(q.x).toBeLessThanOrEqual(0.49);
        expect(q.y).toBeLessThanOrEqual(0.49);
      }
    }
  });
});
