// Table tests of the variation normalisations: functional (classes - 1) / (k - 1), clamped
// embedding and vocabulary distances, and the two compression mappings.

import { describe, expect, it } from 'vitest';
import type { ResultPoint } from './points';
import {
  GENERAL_METRICS,
  VARIATION_METRICS,
  VARIATION_METRIC_INFO,
  compressionRange,
  compressionVariation,
  embeddingVariation,
  functionalVariation,
  variationAxisLabel,
  variationScale,
  vocabularyVariation,
  type CompressionMapping,
  type RatioRange,
  type VariationMetric,
} from './variation';

function point(overrides: Partial<ResultPoint> = {}): ResultPoint {
  return {
    id: 'p',
    promptId: 'p',
    category: 'G',
    model: 'm',
    strategy: 's',
    k: 5,
    classCount: 3,
    vocabulary: 0.4,
    embedding: 0.25,
    compression: 2,
    quality: 4,
    accuracy: null,
    contexts: ['interactional'],
    ...overrides,
  };
}

describe('functionalVariation', () => {
  it.each<[number | null, number, number | null]>([
    [1, 5, 0],
    [5, 5, 1],
    [3, 5, 0.5],
    [2, 5, 0.25],
    [2.5, 5, 0.375],
    [1, 2, 0],
    [2, 2, 1],
    [null, 5, null],
    [Number.NaN, 5, null],
    [3, 1, null],
    [1, 0, null],
    [6, 5, 1],
    [0, 5, 0],
  ])('classes=%s, k=%s -> %s', (classes, k, expected) => {
    expect(functionalVariation(classes, k)).toBe(expected);
  });
});

describe('embeddingVariation / vocabularyVariation', () => {
  it.each<[number | null, number | null]>([
    [0, 0],
    [0.3, 0.3],
    [1, 1],
    [1.4, 1],
    [2, 1],
    [-1e-12, 0],
    [null, null],
    [Number.NaN, null],
  ])('embedding distance %s -> %s', (d, expected) => {
    expect(embeddingVariation(d)).toBe(expected);
  });

  it.each<[number | null, number | null]>([
    [0, 0],
    [0.72, 0.72],
    [1, 1],
    [1.0000001, 1],
    [null, null],
    [Number.POSITIVE_INFINITY, null],
  ])('vocabulary distance %s -> %s', (d, expected) => {
    expect(vocabularyVariation(d)).toBe(expected);
  });
});

describe('compressionVariation', () => {
  it.each<[number | null, CompressionMapping, RatioRange | null, number | null]>([
    [1, 'inverse', null, 1],
    [2, 'inverse', null, 0.5],
    [4, 'inverse', null, 0.25],
    [0.8, 'inverse', null, 1],
    [0, 'inverse', null, null],
    [-2, 'inverse', null, null],
    [null, 'inverse', null, null],
    [Number.NaN, 'inverse', null, null],
    [2, 'min-max', { min: 2, max: 4 }, 1],
    [4, 'min-max', { min: 2, max: 4 }, 0],
    [3, 'min-max', { min: 2, max: 4 }, 0.5],
    [5, 'min-max', { min: 2, max: 4 }, 0],
    [3, 'min-max', { min: 3, max: 3 }, null],
    [3, 'min-max', null, null],
  ])('ratio %s by %s over %j -> %s', (ratio, mapping, range, expected) => {
    expect(compressionVariation(ratio, mapping, range)).toBe(expected);
  });

  it('maps higher ratios (more repetitive) to lower variation', () => {
    const values = [1.2, 2, 3, 6].map((r) => compressionVariation(r) as number);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
  });
});

describe('compressionRange', () => {
  it.each<[(number | null)[], RatioRange | null]>([
    [[], null],
    [[null, 0, -1], null],
    [[2], { min: 2, max: 2 }],
    [[3, 1.5, null, 4, 0], { min: 1.5, max: 4 }],
  ])('range of %j is %j', (ratios, expected) => {
    expect(compressionRange(ratios.map((compression) => point({ compression })))).toEqual(expected);
  });
});

describe('variationScale', () => {
  const points = [
    point({ id: 'a', classCount: 1, vocabulary: 0.2, embedding: 0.1, compression: 4 }),
    point({ id: 'b', classCount: 5, vocabulary: 0.9, embedding: 1.5, compression: 2 }),
    point({ id: 'c', classCount: null, vocabulary: null, embedding: null, compression: null }),
  ];

  it.each<[VariationMetric, CompressionMapping | undefined, (number | null)[]]>([
    ['functional', undefined, [0, 1, null]],
    ['vocabulary', undefined, [0.2, 0.9, null]],
    ['embedding', undefined, [0.1, 1, null]],
    ['compression', undefined, [0.25, 0.5, null]],
    ['compression', 'inverse', [0.25, 0.5, null]],
    ['compression', 'min-max', [0, 1, null]],
  ])('%s (%s) gives %j', (metric, compression, expected) => {
    const scale = variationScale(points, metric, { compression });
    expect(points.map(scale)).toEqual(expected);
  });
});

describe('metric info', () => {
  it('lists functional first and the three general metrics in paper order', () => {
    expect(VARIATION_METRICS[0]).toBe('functional');
    expect(GENERAL_METRICS).toEqual(['vocabulary', 'embedding', 'compression']);
  });

  it.each<[VariationMetric, string, 'judge' | 'text']>([
    ['functional', 'functional', 'judge'],
    ['embedding', 'semantic', 'text'],
    ['vocabulary', 'lexical', 'text'],
    ['compression', 'lexical', 'text'],
  ])('%s works at the %s level from %s', (metric, level, source) => {
    const info = VARIATION_METRIC_INFO[metric];
    expect(info.id).toBe(metric);
    expect(info.level).toBe(level);
    expect(info.source).toBe(source);
    expect(info.label.length).toBeGreaterThan(0);
    expect(info.explanation.length).toBeGreaterThan(40);
  });

  it.each<[VariationMetric, CompressionMapping | undefined, string]>([
    ['functional', undefined, '(classes - 1) / (k - 1)'],
    ['compression', undefined, '1 / gzip ratio'],
    ['compression', 'min-max', 'min-max'],
    ['embedding', 'min-max', 'cosine distance'],
  ])('axis label of %s (%s) mentions %j', (metric, compression, fragment) => {
    expect(variationAxisLabel(metric, { compression })).toContain(fragment);
  });
});
