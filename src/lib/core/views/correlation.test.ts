// Table tests of the general-vs-functional correlation view: per-category Spearman and Pearson,
// nulls for n < 3 and constant inputs, the pooled row, and the compression direction.

import { describe, expect, it } from 'vitest';
import type { CategoryId } from '../taxonomy';
import { correlationView } from './correlation';
import type { ResultPoint } from './points';
import { resultPoint } from './testing/points';

function point(
  promptId: string,
  category: CategoryId | null,
  classCount: number | null,
  metrics: Partial<Pick<ResultPoint, 'vocabulary' | 'embedding' | 'compression'>>,
): ResultPoint {
  return resultPoint(promptId, category, 's', classCount, metrics);
}

describe('correlationView', () => {
  it.each<[string, number[], number[], number | null, number | null]>([
    ['agreeing', [0.1, 0.2, 0.3, 0.4], [1, 2, 3, 5], 1, 0.9827],
    ['disagreeing', [0.1, 0.2, 0.3, 0.4], [5, 4, 2, 1], -1, -0.9899],
    ['two points only', [0.1, 0.2], [1, 2], null, null],
    ['constant classes', [0.1, 0.2, 0.3], [2, 2, 2], null, null],
    ['constant metric', [0.4, 0.4, 0.4], [1, 2, 3], null, null],
    ['ties', [0.1, 0.2, 0.2, 0.3], [1, 2, 3, 4], 0.9487, 0.9487],
  ])('vocabulary vs classes, %s', (_label, vocab, classes, rho, r) => {
    const points = vocab.map((v, i) => point(`p${i}`, 'G', classes[i] ?? null, { vocabulary: v }));
    const view = correlationView(points, { metrics: ['vocabulary'] });
    const g = view.cells.find((c) => c.category === 'G');
    expect(g?.n).toBe(vocab.length);
    if (rho === null) expect(g?.spearman).toBeNull();
    else expect(g?.spearman).toBeCloseTo(rho, 4);
    if (r === null) expect(g?.pearson).toBeNull();
    else expect(g?.pearson).toBeCloseTo(r, 4);
    expect(g?.spearmanP === null).toBe(rho === null);
    expect(g?.pearsonP === null).toBe(r === null);
  });

  it('aligns compression with variation: repetitive groups (high ratio) with few classes agree', () => {
    const points = [
      point('a', 'H', 1, { compression: 4 }),
      point('b', 'H', 2, { compression: 3 }),
      point('c', 'H', 4, { compression: 2 }),
      point('d', 'H', 5, { compression: 1.5 }),
    ];
    const view = correlationView(points, { metrics: ['compression'] });
    expect(view.cells.find((c) => c.category === 'H')?.spearman).toBeCloseTo(1, 10);
    const minMax = correlationView(points, { metrics: ['compression'], compression: 'min-max' });
    expect(minMax.cells.find((c) => c.category === 'H')?.spearman).toBeCloseTo(1, 10);
  });

  it('lists a cell per present category in A-H order, then the pooled row, per metric', () => {
    const points = [
      point('h1', 'H', 1, { vocabulary: 0.1, embedding: 0.1 }),
      point('a1', 'A', 1, { vocabulary: 0.1, embedding: null }),
      point('a2', 'A', 2, { vocabulary: 0.3, embedding: null }),
      point('x', null, 2, { vocabulary: 0.3 }),
      point('u', 'A', null, { vocabulary: 0.3 }),
    ];
    const view = correlationView(points, { metrics: ['vocabulary', 'embedding'] });
    expect(view.cells.map((c) => [c.metric, c.category, c.n])).toEqual([
      ['vocabulary', 'A', 2],
      ['vocabulary', 'H', 1],
      ['vocabulary', 'all', 3],
      ['embedding', 'H', 1],
      ['embedding', 'all', 1],
    ]);
    expect(view.dots.map((d) => [d.metric, d.pointId])).toEqual([
      ['vocabulary', 'h1/m/s'],
      ['vocabulary', 'a1/m/s'],
      ['vocabulary', 'a2/m/s'],
      ['embedding', 'h1/m/s'],
    ]);
  });

  it('pools categories in the "all" row', () => {
    const points = [
      point('a', 'A', 1, { vocabulary: 0.1 }),
      point('b', 'B', 2, { vocabulary: 0.2 }),
      point('c', 'C', 3, { vocabulary: 0.3 }),
    ];
    const all = correlationView(points, { metrics: ['vocabulary'] }).cells.at(-1);
    expect(all).toMatchObject({ category: 'all', n: 3, spearman: 1, spearmanP: 0 });
  });

  it('defaults to all three metrics and labels every axis', () => {
    const view = correlationView([]);
    expect(view.cells.map((c) => [c.metric, c.category, c.n])).toEqual([
      ['vocabulary', 'all', 0],
      ['embedding', 'all', 0],
      ['compression', 'all', 0],
    ]);
    expect(Object.keys(view.axisLabels)).toEqual(['vocabulary', 'embedding', 'compression']);
    expect(view.yLabel).toContain('Functionally unique');
  });

  it('uses clamped embedding variation as x', () => {
    const view = correlationView([point('a', 'G', 3, { embedding: 1.6 })], {
      metrics: ['embedding'],
    });
    expect(view.dots[0]).toMatchObject({ x: 1, y: 3, category: 'G' });
  });
});
