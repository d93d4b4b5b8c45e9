// Table tests for seeded sampling: determinism, nesting of smaller samples, order, edge sizes and
// per-group sampling (N per MATH level).
import { describe, it, expect } from 'vitest';
import { groupCounts, groupOf, mulberry32, sampleByGroup, sampleItems } from './sampling';

const ITEMS = Array.from({ length: 100 }, (_, i) => i);

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
  });

  it.each([
    [1, 2],
    [0, 1],
    [123456789, 123456790],
  ])('seeds %i and %i give different sequences', (s, t) => {
    expect(mulberry32(s)()).not.toBe(mulberry32(t)());
  });

  it('is roughly uniform', () => {
    const next = mulberry32(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10000; i++) buckets[Math.floor(next() * 10)]!++;
    expect(buckets.every((n) => n > 900 && n < 1100)).toBe(true);
  });
});

describe('sampleItems', () => {
  it.each<[number, number, number]>([
    [10, 1, 10],
    [50, 1, 50],
    [100, 1, 100],
    [150, 1, 100],
    [0, 1, 0],
    [-3, 1, 0],
    [2.9, 1, 2],
  ])('n=%d (seed %i) gives %i items', (n, seed, size) => {
    const sample = sampleItems(ITEMS, { n, seed });
    expect(sample).toHaveLength(size);
    expect(new Set(sample).size).toBe(size);
  });

  it('is deterministic, keeps file order and nests smaller samples in larger ones', () => {
    const ten = sampleItems(ITEMS, { n: 10, seed: 5 });
    const fifty = sampleItems(ITEMS, { n: 50, seed: 5 });
    expect(sampleItems(ITEMS, { n: 10, seed: 5 })).toEqual(ten);
    expect([...ten].sort((a, b) => a - b)).toEqual(ten);
    expect(ten.every((x) => fifty.includes(x))).toBe(true);
    expect(sampleItems(ITEMS, { n: 10, seed: 6 })).not.toEqual(ten);
  });

  it.each([
    [[], 5, []],
    [['only'], 1, ['only']],
    [['a', 'a', 'a'], 2, ['a', 'a']],
  ])('edge case %j n=%i', (items, n, expected) => {
    expect(sampleItems(items, { n, seed: 1 })).toEqual(expected);
  });

  it('does not modify its input', () => {
    const items = [3, 1, 2];
    sampleItems(items, { n: 2, seed: 9 });
    expect(items).toEqual([3, 1, 2]);
  });
});

describe('sampleByGroup', () => {
  const rows = Array.from({ length: 60 }, (_, i) => ({
    prompt: `p${i}`,
    category: i % 2 === 0 ? 'A' : 'D',
    meta: { level: (i % 5) + 1 },
  }));

  it.each<[string | ((r: (typeof rows)[number]) => unknown), number, Record<string, number>]>([
    ['level', 3, { 1: 3, 2: 3, 3: 3, 4: 3, 5: 3 }],
    ['category', 4, { A: 4, D: 4 }],
    [(r) => r.meta.level > 3, 2, { true: 2, false: 2 }],
    ['level', 100, { 1: 12, 2: 12, 3: 12, 4: 12, 5: 12 }],
    ['missing', 5, { '': 5 }],
    ['level', 0, {}],
  ])('key %s, %i per group', (key, nPer, expected) => {
    const sample = sampleByGroup(rows, key, nPer, 11);
    expect(Object.fromEntries(groupCounts(sample, key))).toEqual(expected);
  });

  it('is deterministic and keeps file order', () => {
    const a = sampleByGroup(rows, 'level', 3, 2025);
    expect(sampleByGroup(rows, 'level', 3, 2025)).toEqual(a);
    const order = a.map((r) => rows.indexOf(r));
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(sampleByGroup(rows, 'level', 3, 2026)).not.toEqual(a);
  });

  it.each<[unknown, string, string]>([
    [{ meta: { level: 3 }, level: 9 }, 'level', '3'],
    [{ category: 'B' }, 'category', 'B'],
    [{ meta: {} }, 'subject', ''],
    [{ meta: { subject: null } }, 'subject', ''],
    [null, 'x', ''],
  ])('groupOf(%j, %s) = %j', (item, key, expected) => {
    expect(groupOf(item, key)).toBe(expected);
  });
});
