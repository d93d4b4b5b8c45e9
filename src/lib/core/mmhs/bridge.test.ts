// Table-driven tests for the MMHS framework's the category-to-context bridge.
import { describe, it, expect } from 'vitest';
import { CATEGORY_IDS, type CategoryId } from '../taxonomy';
import {
  CATEGORY_CONTEXT_MAP,
  MEASURED_ASPECTS,
  activeContexts,
  getContext,
  isNormativeContext,
  type NormativeContext,
} from '../mmhs';

describe('CATEGORY_CONTEXT_MAP', () => {
  it('covers exactly A..H', () => {
    expect(Object.keys(CATEGORY_CONTEXT_MAP).sort()).toEqual([...CATEGORY_IDS]);
  });

  it.each(CATEGORY_IDS.map((id) => [id]))('%s: entries are valid and non-empty', (id) => {
    const entries = CATEGORY_CONTEXT_MAP[id];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(isNormativeContext(e.context)).toBe(true);
      expect(Object.keys(MEASURED_ASPECTS)).toContain(e.level);
      expect(['homogeneity', 'heterogeneity']).toContain(e.valuedDirection);
      expect(e.rationale.trim().length).toBeGreaterThan(0);
      // A mapping that values the pole the context penalizes would contradict the framework.
      expect(e.valuedDirection).toBe(getContext(e.context).rewardedPole);
    }
    // At least one activation must hold for every prompt of the category.
    expect(entries.some((e) => e.condition === null)).toBe(true);
  });

  it.each<[CategoryId, NormativeContext[], NormativeContext[]]>([
    ['A', ['epistemic'], ['epistemic']],
    ['B', ['interactional', 'epistemic'], ['interactional', 'epistemic', 'societal']],
    ['C', ['interactional', 'epistemic'], ['interactional', 'epistemic']],
    ['D', ['epistemic', 'interactional'], ['epistemic', 'interactional']],
    ['E', ['interactional', 'epistemic'], ['interactional', 'epistemic', 'safety']],
    ['F', ['epistemic', 'societal'], ['epistemic', 'societal']],
    ['G', ['interactional'], ['interactional', 'societal']],
    ['H', ['interactional', 'societal'], ['interactional', 'societal', 'epistemic', 'safety']],
  ])('%s: always-active %j, with conditional %j', (id, always, all) => {
    expect(activeContexts(id, false)).toEqual(always);
    expect(activeContexts(id)).toEqual(all);
  });

  it('A only values answer homogeneity', () => {
    expect(CATEGORY_CONTEXT_MAP.A).toEqual([
      expect.objectContaining({
        context: 'epistemic',
        level: 'answer',
        valuedDirection: 'homogeneity',
      }),
    ]);
  });

  it('D values answer homogeneity and strategy heterogeneity', () => {
    const d = CATEGORY_CONTEXT_MAP.D.map((e) => [e.context, e.level, e.valuedDirection]);
    expect(d).toContainEqual(['epistemic', 'answer', 'homogeneity']);
    expect(d).toContainEqual(['interactional', 'strategy', 'heterogeneity']);
  });
});
