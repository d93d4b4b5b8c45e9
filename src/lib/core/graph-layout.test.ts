// Tests of the equivalence-graph layout: deterministic for a given seed, inside the drawing area,
// classes drawn apart, and invalid input rejected.

import { describe, expect, it } from 'vitest';
import { orderedPairs } from './functional';
import { layoutGraph, lcg, type GraphLayoutInput, type Point } from './graph-layout';

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

const BASE = { width: 320, height: 240, padding: 20 };

describe('lcg', () => {
  it.each([0, 1, 42, -7, 2 ** 40])('seed %s: reproducible values in [0, 1)', (seed) => {
    const a = lcg(seed);
    const b = lcg(seed);
    const first = Array.from({ length: 50 }, () => a());
    expect(Array.from({ length: 50 }, () => b())).toEqual(first);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('different seeds give different sequences', () => {
    const a = lcg(1);
    const b = lcg(2);
    expect([a(), a(), a()]).not.toEqual([b(), b(), b()]);
  });
});

describe('layoutGraph', () => {
  const cases: [string, GraphLayoutInput][] = [
    [
      'two classes with a judged chain',
      {
        ...BASE,
        n: 5,
        edges: [
          [0, 1],
          [1, 2],
          [3, 4],
        ],
        classOf: [0, 0, 0, 1, 1],
      },
    ],
    ['no edges, five classes', { ...BASE, n: 5, edges: [], classOf: [0, 1, 2, 3, 4] }],
    [
      'all equivalent (complete graph)',
      {
        ...BASE,
        n: 4,
        edges: orderedPairs(4),
      },
    ],
    [
      'ten pooled responses',
      {
        ...BASE,
        n: 10,
        edges: [
          [0, 5],
          [1, 6],
          [2, 7],
        ],
        classOf: [0, 1, 2, 3, 4, 0, 1, 2, 5, 6],
      },
    ],
    ['self loop is ignored', { ...BASE, n: 3, edges: [[1, 1]], classOf: [0, 1, 2] }],
  ];

  it.each(cases)('%s: same input -> same positions', (_label, input) => {
    const a = layoutGraph(input);
    const b = layoutGraph({ ...input, edges: input.edges.map((e) => [...e] as [number, number]) });
    expect(b).toEqual(a);
    expect(a).toHaveLength(input.n);
  });

  it.each(cases)('%s: every node inside the padded area', (_label, input) => {
    for (const p of layoutGraph(input)) {
      expect(p.x).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.x).toBeLessThanOrEqual(300 + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.y).toBeLessThanOrEqual(220 + 1e-9);
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
  });

  it.each(cases)('%s: no two nodes on the same spot', (_label, input) => {
    const points = layoutGraph(input);
    for (let i = 0; i < points.length; i += 1) {
      for (let j = i + 1; j < points.length; j += 1) {
        expect(distance(points[i]!, points[j]!)).toBeGreaterThan(5);
      }
    }
  });

  it('another seed gives another layout', () => {
    const input = cases[1]![1];
    expect(layoutGraph({ ...input, seed: 2 })).not.toEqual(layoutGraph({ ...input, seed: 1 }));
  });

  it('members of a class sit closer together than members of different classes', () => {
    const input: GraphLayoutInput = {
      ...BASE,
      n: 6,
      edges: [
        [0, 1],
        [1, 2],
        [3, 4],
        [4, 5],
      ],
      classOf: [0, 0, 0, 1, 1, 1],
    };
    const p = layoutGraph(input);
    const within: number[] = [];
    const across: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      for (let j = i + 1; j < 6; j += 1) {
        (input.classOf![i] === input.classOf![j] ? within : across).push(distance(p[i]!, p[j]!));
      }
    }
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(within)).toBeLessThan(mean(across));
  });

  it.each<[string, GraphLayoutInput, Point[]]>([
    ['no nodes', { ...BASE, n: 0, edges: [] }, []],
    ['one node sits in the centre', { ...BASE, n: 1, edges: [] }, [{ x: 160, y: 120 }]],
  ])('%s', (_label, input, expected) => {
    expect(layoutGraph(input)).toEqual(expected);
  });

  it.each<[string, GraphLayoutInput, RegExp]>([
    ['negative n', { ...BASE, n: -1, edges: [] }, /non-negative integer/],
    ['fractional n', { ...BASE, n: 2.5, edges: [] }, /non-negative integer/],
    ['edge outside the nodes', { ...BASE, n: 2, edges: [[0, 2]] }, /outside 0\.\.1/],
    ['zero width', { ...BASE, width: 0, n: 2, edges: [] }, /positive/],
    ['class list of the wrong length', { ...BASE, n: 3, edges: [], classOf: [0, 1] }, /classOf/],
  ])('rejects %s', (_label, input, message) => {
    expect(() => layoutGraph(input)).toThrow(message);
  });
});
