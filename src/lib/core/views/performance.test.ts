// Time budget of the heaviest transforms on the target size: 500 prompts x 5 strategies
// x 5 responses (2,500 result points); quadrant + per-category must together stay under 50 ms,
// and the quadrant map's dodge layout of all their marks under 250 ms.

import { describe, expect, it } from 'vitest';
import { SAMPLING_STRATEGY_IDS } from '../prompts';
import { activeContexts } from '../mmhs';
import { CATEGORY_IDS } from '../taxonomy';
import { categoryDiversity } from './category-diversity';
import { correlationView } from './correlation';
import { pointId, type ResultPoint } from './points';
import { quadrantView } from './quadrant';
import { layoutQuadrant } from './quadrant-layout';
import { createRng } from './stats';
import { tradeoffView } from './tradeoff';

function syntheticPoints(prompts: number, seed: number): ResultPoint[] {
  const rng = createRng(seed);
  const points: ResultPoint[] = [];
  for (let p = 0; p < prompts; p++) {
    const category = CATEGORY_IDS[p % CATEGORY_IDS.length] ?? 'A';
    for (const strategy of SAMPLING_STRATEGY_IDS) {
      const promptId = `prompt-${p}`;
      points.push({
        id: pointId(promptId, 'model', strategy),
        promptId,
        category,
        model: 'model',
        strategy,
        k: 5,
        classCount: 1 + Math.floor(rng() * 5),
        vocabulary: rng(),
        embedding: rng() * 0.5,
        compression: 1 + rng() * 3,
        quality: 1 + rng() * 4,
        accuracy: null,
        contexts: activeContexts(category, true),
      });
    }
  }
  return points;
}

function bestOf(runs: number, fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('view transforms on 2,500 points', () => {
  const points = syntheticPoints(500, 3);

  it('builds the expected number of points and marks', () => {
    expect(points).toHaveLength(2500);
    const view = quadrantView(points);
    const expectedMarks = points.reduce((n, p) => n + p.contexts.length, 0);
    expect(view.marks).toHaveLength(expectedMarks);
    expect(categoryDiversity(points).cells).toHaveLength(CATEGORY_IDS.length * 5);
  });

  it('quadrant + per-category transforms take < 50 ms', () => {
    // Best of several runs, after one warm-up, so a busy machine does not fail the budget.
    quadrantView(points);
    categoryDiversity(points);
    const ms = bestOf(10, () => {
      quadrantView(points);
      categoryDiversity(points);
    });
    expect(ms).toBeLessThan(50);
  });

  it.each<[string, 'functional' | 'embedding']>([
    ['functional variation (5 values: dense piles)', 'functional'],
    ['embedding variation (continuous)', 'embedding'],
  ])('dodging every mark of the map takes < 250 ms: %s', (_label, metric) => {
    const view = quadrantView(points, { metric });
    const extent = { epistemic: 0.56, interactional: 0.71, societal: 0.88, safety: 0.93 };
    const frame = { width: 670, height: 426, pad: 14 };
    const layout = () => layoutQuadrant(view.marks, frame, 0.5, extent);
    layout();
    expect(bestOf(5, layout)).toBeLessThan(250);
  });

  it.each<[string, () => unknown]>([
    ['tradeoff', () => tradeoffView(points)],
    ['correlation', () => correlationView(points)],
  ])('%s takes < 50 ms', (_label, fn) => {
    fn();
    expect(bestOf(10, fn)).toBeLessThan(50);
  });
});
