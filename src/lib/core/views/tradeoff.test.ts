// Table tests of the diversity-quality trade-off transform (Figure 3): dots, per strategy x model
// means and intervals, the general-metric choice, exclusions and ordering.

import { describe, expect, it } from 'vitest';
import type { ResultPoint } from './points';
import { tradeoffView } from './tradeoff';

function point(
  promptId: string,
  strategy: string,
  model: string,
  classCount: number | null,
  quality: number | null,
  overrides: Partial<ResultPoint> = {},
): ResultPoint {
  return {
    id: `${promptId}/${model}/${strategy}`,
    promptId,
    category: 'G',
    model,
    strategy,
    k: 5,
    classCount,
    vocabulary: 0.5,
    embedding: 0.3,
    compression: 2,
    quality,
    accuracy: null,
    contexts: ['interactional'],
    ...overrides,
  };
}

describe('tradeoffView', () => {
  it('computes group means of variation and quality in both panels', () => {
    const view = tradeoffView([
      point('p1', 'temperature', 'm', 1, 5, { vocabulary: 0.2 }),
      point('p2', 'temperature', 'm', 3, 4, { vocabulary: 0.4 }),
      point('p1', 'system-task-anchored', 'm', 5, 4, { vocabulary: 0.9 }),
    ]);
    expect(view.functional.groups.map((g) => [g.strategy, g.n, g.x.mean, g.y.mean])).toEqual([
      ['temperature', 2, 0.25, 4.5],
      ['system-task-anchored', 1, 1, 4],
    ]);
    expect(
      view.general.groups.map((g) => [g.strategy, g.n, g.x.mean?.toFixed(3), g.y.mean]),
    ).toEqual([
      ['temperature', 2, '0.300', 4.5],
      ['system-task-anchored', 1, '0.900', 4],
    ]);
    expect(view.functional.groups[0]?.x.interval).not.toBeNull();
    expect(view.functional.groups[1]?.x.interval).toBeNull();
  });

  it.each<[string, Partial<ResultPoint>, number, number]>([
    ['no quality: out of both panels', { quality: null }, 0, 0],
    ['not judged: out of panel b only', { classCount: null }, 1, 0],
    ['no vocabulary: out of panel a only', { vocabulary: null }, 0, 1],
    ['non-finite quality', { quality: Number.NaN }, 0, 0],
  ])('%s', (_label, overrides, generalDots, functionalDots) => {
    const view = tradeoffView([point('p', 'temperature', 'm', 3, 4, overrides)]);
    expect(view.general.dots).toHaveLength(generalDots);
    expect(view.functional.dots).toHaveLength(functionalDots);
  });

  it.each<['vocabulary' | 'embedding' | 'compression' | undefined, number, string]>([
    [undefined, 0.5, 'a. Vocabulary diversity vs quality'],
    ['vocabulary', 0.5, 'a. Vocabulary diversity vs quality'],
    ['embedding', 0.3, 'a. Embedding diversity vs quality'],
    ['compression', 0.5, 'a. Compression diversity vs quality'],
  ])('panel a uses %s', (generalMetric, x, title) => {
    const view = tradeoffView([point('p', 'temperature', 'm', 3, 4)], { generalMetric });
    expect(view.general.dots[0]?.x).toBe(x);
    expect(view.general.title).toBe(title);
    expect(view.general.metric).toBe(generalMetric ?? 'vocabulary');
    expect(view.functional.metric).toBe('functional');
  });

  it('orders groups by strategy in paper order, then model', () => {
    const view = tradeoffView([
      point('p', 'icr-general', 'b', 2, 3),
      point('p', 'temperature', 'b', 2, 3),
      point('p', 'icr-general', 'a', 2, 3),
      point('p', 'mine', 'a', 2, 3),
    ]);
    expect(view.functional.groups.map((g) => `${g.strategy}/${g.model}`)).toEqual([
      'temperature/b',
      'icr-general/a',
      'icr-general/b',
      'mine/a',
    ]);
  });

  it('keeps one dot per point with its ids, and labels the axes', () => {
    const view = tradeoffView([point('p', 'temperature', 'openai/gpt-4o', 5, 3)]);
    expect(view.functional.dots).toEqual([
      {
        pointId: 'p/openai/gpt-4o/temperature',
        strategy: 'temperature',
        model: 'openai/gpt-4o',
        x: 1,
        y: 3,
      },
    ]);
    expect(view.functional.groups[0]?.key).toBe('temperature/openai%2Fgpt-4o');
    expect(view.functional.yLabel).toContain('1-5');
    expect(view.general.note).toContain('reward model');
  });

  it('is empty for no points', () => {
    const view = tradeoffView([]);
    expect([view.general.dots, view.general.groups, view.functional.groups]).toEqual([[], [], []]);
  });
});
