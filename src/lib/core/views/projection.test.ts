// Table tests of the 2-D PCA: known axes and variance shares (checked against numpy), sign
// normalisation, determinism, subsampled fits, normalisation and the skipped-vector edge cases.

import { describe, expect, it } from 'vitest';
import { pca2d, symmetricEigen, type EmbeddedItem, type ProjectionOptions } from './projection';

const items = (vectors: number[][]): EmbeddedItem[] =>
  vectors.map((vector, i) => ({ id: `v${i}`, vector }));

function coords(vectors: number[][], options: ProjectionOptions = {}): [number, number][] {
  return pca2d(items(vectors), options).points.map((p) => [p.x, p.y]);
}

function expectClose(actual: number[][], expected: number[][], digits = 6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => expect(v).toBeCloseTo((expected[i] as number[])[j] as number, digits)),
  );
}

describe('symmetricEigen', () => {
  it.each<[string, number[][], number[]]>([
    [
      'diagonal',
      [
        [1, 0],
        [0, 3],
      ],
      [3, 1],
    ],
    [
      '2x2',
      [
        [2, 1],
        [1, 2],
      ],
      [3, 1],
    ],
    [
      '3x3',
      [
        [4, 1, 0],
        [1, 3, 1],
        [0, 1, 2],
      ],
      [4.732051, 3, 1.267949],
    ],
    ['1x1', [[5]], [5]],
    ['empty', [], []],
  ])('%s: eigenvalues in descending order', (_label, matrix, values) => {
    const { values: got, vectors } = symmetricEigen(matrix);
    got.forEach((v, i) => expect(v).toBeCloseTo(values[i] as number, 5));
    // A v = lambda v for every pair.
    vectors.forEach((vec, i) => {
      matrix.forEach((row, r) => {
        const av = row.reduce((s, a, c) => s + a * (vec[c] as number), 0);
        expect(av).toBeCloseTo((got[i] as number) * (vec[r] as number), 8);
      });
    });
  });
});

describe('pca2d', () => {
  it.each<[string, number[][], ProjectionOptions, number[][], [number, number]]>([
    [
      'cross in 3-D: x axis first, y second (numpy: 0.9, 0.1)',
      [
        [3, 0, 0],
        [-3, 0, 0],
        [0, 1, 0],
        [0, -1, 0],
      ],
      { normalize: false },
      [
        [3, 0],
        [-3, 0],
        [0, 1],
        [0, -1],
      ],
      [0.9, 0.1],
    ],
    [
      'points on a line: one axis explains everything',
      [
        [-2, -2],
        [-1, -1],
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      { normalize: false },
      [
        [-2 * Math.SQRT2, 0],
        [-Math.SQRT2, 0],
        [0, 0],
        [Math.SQRT2, 0],
        [2 * Math.SQRT2, 0],
      ],
      [1, 0],
    ],
    [
      'general 4-D data (numpy eigh, signed by largest loading)',
      [
        [1, 2, 3, 4],
        [2, 1, 0, 1],
        [0, 0, 1, 2],
        [3, 3, 1, 0],
        [1, 0, 2, 2],
        [2, 2, 2, 1],
      ],
      { normalize: false },
      [
        [2.076116, 1.974742],
        [-1.074773, -1.179234],
        [1.370156, -1.508937],
        [-2.742127, 0.719395],
        [1.18434, -0.666602],
        [-0.813712, 0.660637],
      ],
      [0.6118109, 0.32405122],
    ],
  ])('%s', (_label, vectors, options, expected, variance) => {
    const projection = pca2d(items(vectors), { ...options, tolerance: 1e-14 });
    expectClose(
      projection.points.map((p) => [p.x, p.y]),
      expected,
      5,
    );
    expect(projection.explainedVariance[0]).toBeCloseTo(variance[0], 6);
    expect(projection.explainedVariance[1]).toBeCloseTo(variance[1], 6);
    expect(projection.skipped).toEqual([]);
    expect(projection.fittedOn).toBe(vectors.length);
  });

  it('is deterministic and does not depend on the item order', () => {
    const data = [
      [1, 2, 3, 4],
      [2, 1, 0, 1],
      [0, 0, 1, 2],
      [3, 3, 1, 0],
      [1, 0, 2, 2],
    ];
    const a = pca2d(items(data));
    const b = pca2d(items(data));
    const reversed = pca2d(items(data).reverse());
    expect(b).toEqual(a);
    const byId = new Map(reversed.points.map((p) => [p.id, p]));
    for (const p of a.points) {
      expect(byId.get(p.id)?.x).toBeCloseTo(p.x, 6);
      expect(byId.get(p.id)?.y).toBeCloseTo(p.y, 6);
    }
  });

  it('gives the same axes for any seed (sign-normalised)', () => {
    const data = [
      [5, 1, 0],
      [-5, 0, 1],
      [0, 2, 0],
      [1, -2, 1],
      [2, 0, -1],
    ];
    const a = coords(data, { seed: 1 });
    for (const seed of [2, 99, 12345]) expectClose(coords(data, { seed }), a, 5);
  });

  it('normalises to unit length by default: scaled copies of a vector coincide', () => {
    const [p, q, r] = coords([
      [1, 0, 0],
      [10, 0, 0],
      [0, 1, 0],
    ]);
    expect(p?.[0]).toBeCloseTo(q?.[0] ?? Number.NaN, 12);
    expect(p?.[1]).toBeCloseTo(q?.[1] ?? Number.NaN, 12);
    expect(r?.[0]).not.toBeCloseTo(p?.[0] ?? 0, 3);
  });

  it('fits on an evenly spaced subsample and still projects every vector', () => {
    const data = Array.from({ length: 50 }, (_, i) => [i, 2 * i, (i % 3) * 0.01]);
    const full = pca2d(items(data), { normalize: false });
    const sub = pca2d(items(data), { normalize: false, maxFitSamples: 10 });
    expect(sub.fittedOn).toBe(10);
    expect(sub.points).toHaveLength(50);
    expect(sub.explainedVariance[0]).toBeGreaterThan(0.9999);
    // The centre comes from the subsample, so coordinates may shift but not stretch.
    const shift = (sub.points[0]?.x ?? 0) - (full.points[0]?.x ?? 0);
    sub.points.forEach((p, i) => expect(p.x - (full.points[i]?.x ?? 0)).toBeCloseTo(shift, 4));
  });

  it.each<[string, EmbeddedItem[], string[], [string, string][]]>([
    ['empty input', [], [], []],
    [
      'wrong dimension',
      [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [1, 0, 0] },
        { id: 'c', vector: [0, 1] },
      ],
      ['a', 'c'],
      [['b', 'dimension-mismatch']],
    ],
    [
      'non-finite components',
      [
        { id: 'a', vector: [1, 0] },
        { id: 'b', vector: [Number.NaN, 0] },
        { id: 'c', vector: [0, Number.POSITIVE_INFINITY] },
        { id: 'd', vector: [0, 1] },
      ],
      ['a', 'd'],
      [
        ['b', 'non-finite'],
        ['c', 'non-finite'],
      ],
    ],
    [
      'typed arrays',
      [
        { id: 'a', vector: new Float32Array([1, 0]) },
        { id: 'b', vector: Float64Array.from([0, 1]) },
      ],
      ['a', 'b'],
      [],
    ],
  ])('%s', (_label, input, projected, skipped) => {
    const projection = pca2d(input);
    expect(projection.points.map((p) => p.id)).toEqual(projected);
    expect(projection.skipped.map((s) => [s.id, s.reason])).toEqual(skipped);
    for (const p of projection.points) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
  });

  it.each<[string, number[][], [number, number]]>([
    ['one vector', [[1, 2, 3]], [0, 0]],
    [
      'identical vectors',
      [
        [1, 2],
        [1, 2],
        [1, 2],
      ],
      [0, 0],
    ],
    ['one-dimensional vectors (normalised to ±1)', [[2], [-3], [4]], [1, 0]],
    [
      'zero vectors',
      [
        [0, 0],
        [0, 0],
      ],
      [0, 0],
    ],
  ])('degenerate input: %s', (_label, vectors, variance) => {
    const projection = pca2d(items(vectors));
    expect(projection.explainedVariance).toEqual(variance);
    expect(projection.points).toHaveLength(vectors.length);
    for (const p of projection.points) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(p.y).toBe(0);
    }
  });
});
