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
  it.each<[string, number, number, number, number, [number, number], [number, number]]>([
    // id, x, y, threshold, amplitude, expected x range, expected y range
    ['a', 0, 1, 0.5, 0.05, [0, 0.05], [0.95, 1]],
    ['b', 1, 0, 0.5, 0.05, [0.95, 1], [0, 0.05]],
    ['c', 0.5, 0.5, 0.5, 0.05, [0.5, 0.55], [0.5, 0.55]],
    ['d', 0.25, 0.75, 0.5, 0.05, [0.2, 0.3], [0.7, 0.8]],
    ['e', 0.49, 0.51, 0.5, 0.05, [0.44, 0.5], [0.5, 0.56]],
    ['f', 0.7, 0.3, 0.6, 0.2, [0.6, 0.9], [0.1, 0.5]],
    ['g', 0.3, 0.3, 0.5, 0, [0.3, 0.3], [0.3, 0.3]],
  ])('%s at (%s, %s), threshold %s: stays in range and on its side', (id, x, y, t, a, xr, yr) => {
    const p = jitterInQuadrant(id, x, y, t, a);
    expect(p.x).toBeGreaterThanOrEqual(xr[0] - 1e-12);
    expect(p.x).toBeLessThanOrEqual(xr[1] + 1e-12);
    expect(p.y).toBeGreaterThanOrEqual(yr[0] - 1e-12);
    expect(p.y).toBeLessThanOrEqual(yr[1] + 1e-12);
    expect(p.x >= t).toBe(x >= t);
    expect(p.y >= 0.5).toBe(y >= 0.5);
  });

  it('every id keeps a mark at the boundary on its own side', () => {
    for (let i = 0; i < 200; i++) {
      const p = jitterInQuadrant(`m${i}`, 0.5, 0.5, 0.5, 0.05);
      expect(p.x).toBeGreaterThanOrEqual(0.5);
      expect(p.y).toBeGreaterThanOrEqual(0.5);
      const q = jitterInQuadrant(`m${i}`, 0.4999, 0.4999, 0.5, 0.05);
      expect(q.x).toBeLessThan(0.5);
      expect(q.y).toBeLessThan(0.5);
    }
  });
});
