// Table tests of drawing bounds: clipped intervals and padded domains inside a quantity's range.

import { describe, expect, it } from 'vitest';
import { clampInterval, paddedDomain } from './bounds';
import type { Interval } from './stats';

const iv = (lower: number, upper: number): Interval => ({ lower, upper, level: 0.95, method: 't' });

describe('clampInterval', () => {
  it.each<[string, Interval | null, number, number, [number, number] | null]>([
    ['inside stays', iv(0.2, 0.8), 0, 1, [0.2, 0.8]],
    ['both sides clipped', iv(-1.46, 1.71), 0, 1, [0, 1]],
    ['lower clipped', iv(-0.1, 0.5), 0, 1, [0, 0.5]],
    ['counts clipped to [1, 5]', iv(0.4, 5.6), 1, 5, [1, 5]],
    ['null stays null', null, 0, 1, null],
  ])('%s', (_label, interval, lo, hi, expected) => {
    const out = clampInterval(interval, lo, hi);
    expect(out === null ? null : [out.lower, out.upper]).toEqual(expected);
    if (out !== null) expect(out).toMatchObject({ level: 0.95, method: 't' });
  });
});

describe('paddedDomain', () => {
  it.each<[string, (number | null)[], number, number, [number, number]]>([
    ['no values: the whole range', [], 0, 1, [0, 1]],
    ['only nulls: the whole range', [null, Number.NaN], 0, 1, [0, 1]],
    ['narrow spread padded', [0.1, 0.2], 0, 1, [0.092, 0.208]],
    ['one value: minimum span around it', [0.5], 0, 1, [0.45, 0.55]],
    ['near the bottom: shifted inside', [0.01], 0, 1, [0, 0.1]],
    ['near the top: shifted inside', [0.99, 1], 0, 1, [0.9, 1]],
    ['full spread: clipped to the range', [0, 1], 0, 1, [0, 1]],
    ['another range', [2, 3], 1, 5, [1.92, 3.08]],
  ])('%s', (_label, values, lo, hi, expected) => {
    const [from, to] = paddedDomain(values, lo, hi);
    expect(from).toBeCloseTo(expected[0], 12);
    expect(to).toBeCloseTo(expected[1], 12);
    expect(from).toBeGreaterThanOrEqual(lo);
    expect(to).toBeLessThanOrEqual(hi);
  });
});
