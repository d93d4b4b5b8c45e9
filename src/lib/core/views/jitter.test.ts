// Table tests of the mark jitter: deterministic offsets within the amplitude.

import { describe, expect, it } from 'vitest';
import { DEFAULT_JITTER, jitterOffset } from './jitter';

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
