import { describe, it, expect } from 'vitest';
import {
  CATEGORY_IDS,
  TASK_CATEGORIES,
  categoriesInGroup,
  categoriesWantingVariation,
  categoryLabel,
  getCategory,
  isCategoryId,
  type CategoryId,
  type RewardType,
  type TaskGroup,
  type VariationTarget,
} from './taxonomy';

describe('TASK_CATEGORIES', () => {
  it('lists every category exactly once, in A..H order', () => {
    expect(TASK_CATEGORIES.map((c) => c.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(CATEGORY_IDS).toEqual(TASK_CATEGORIES.map((c) => c.id));
  });

  it.each<[CategoryId, string, boolean, VariationTarget, boolean, RewardType, TaskGroup, string]>([
    [
      'A',
      'Well-Specified Singular Objective',
      false,
      'none',
      true,
      'verifiable',
      'objective',
      'SimpleQA',
    ],
    [
      'B',
      'Underspecified Singular Objective',
      true,
      'answers',
      false,
      'verifiable',
      'objective',
      'NoveltyBench',
    ],
    ['C', 'Random Generation', true, 'options', false, 'verifiable', 'objective', 'NoveltyBench'],
    [
      'D',
      'Problem-Solving Objective',
      true,
      'strategies',
      true,
      'verifiable',
      'objective',
      'MATH-500',
    ],
    [
      'E',
      'Problem-Solving Subjective',
      true,
      'solutions',
      false,
      'partially-verifiable',
      'subjective',
      'MacGyver',
    ],
    [
      'F',
      'Encyclopedia Inquiry',
      true,
      'perspectives',
      false,
      'partially-verifiable',
      'subjective',
      'Community Alignment',
    ],
    [
      'G',
      'Creative Writing',
      true,
      'creative-elements',
      false,
      'non-verifiable',
      'subjective',
      'WildBench',
    ],
    [
      'H',
      'Advice or Opinions',
      true,
      'viewpoints',
      false,
      'non-verifiable',
      'subjective',
      'Community Alignment',
    ],
  ])(
    '%s: %s (wantsVariation=%s, target=%s, answerMustAgree=%s, %s, %s, %s)',
    (id, name, wantsVariation, target, answerMustAgree, reward, group, firstDataset) => {
      const c = getCategory(id);
      expect(c.name).toBe(name);
      expect(c.wantsVariation).toBe(wantsVariation);
      expect(c.variationTarget).toBe(target);
      expect(c.answerMustAgree).toBe(answerMustAgree);
      expect(c.rewardType).toBe(reward);
      expect(c.group).toBe(group);
      expect(c.exampleDatasets[0]).toBe(firstDataset);
    },
  );

  it.each(TASK_CATEGORIES.map((c) => [c.id, c] as const))(
    '%s has non-empty text fields',
    (_id, c) => {
      for (const text of [
        c.name,
        c.shortName,
        c.definition,
        c.functionalDifference,
        c.rewardLabel,
        c.examplePrompt,
      ]) {
        expect(text.trim().length).toBeGreaterThan(0);
      }
      expect(c.exampleDatasets.length).toBeGreaterThan(0);
    },
  );

  it('uses only the six datasets of the paper', () => {
    const datasets = new Set(TASK_CATEGORIES.flatMap((c) => c.exampleDatasets));
    expect([...datasets].sort()).toEqual([
      'Community Alignment',
      'MATH-500',
      'MacGyver',
      'NoveltyBench',
      'SimpleQA',
      'WildBench',
    ]);
  });

  it('has unique short names', () => {
    const names = TASK_CATEGORIES.map((c) => c.shortName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('marks variation as undesired only where the variation target is none', () => {
    for (const c of TASK_CATEGORIES) {
      expect(c.wantsVariation).toBe(c.variationTarget !== 'none');
    }
  });
});

describe('isCategoryId', () => {
  it.each<[unknown, boolean]>([
    ['A', true],
    ['D', true],
    ['H', true],
    ['a', false],
    ['I', false],
    ['', false],
    [' A', false],
    ['AB', false],
    ['Ａ', false],
    [0, false],
    [null, false],
    [undefined, false],
    [['A'], false],
    [{ id: 'A' }, false],
  ])('isCategoryId(%j) = %s', (value, expected) => {
    expect(isCategoryId(value)).toBe(expected);
  });
});

describe('getCategory', () => {
  it.each(CATEGORY_IDS.map((id) => [id]))('returns the entry whose id is %s', (id) => {
    expect(getCategory(id).id).toBe(id);
  });

  it.each([['Z'], ['a'], ['']])('throws RangeError for %j', (bad) => {
    expect(() => getCategory(bad as CategoryId)).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it.each<[TaskGroup, CategoryId[]]>([
    ['objective', ['A', 'B', 'C', 'D']],
    ['subjective', ['E', 'F', 'G', 'H']],
  ])('categoriesInGroup(%s)', (group, ids) => {
    expect(categoriesInGroup(group).map((c) => c.id)).toEqual(ids);
  });

  it('categoriesWantingVariation excludes only A', () => {
    expect(categoriesWantingVariation()).toEqual(['B', 'C', 'D', 'E', 'F', 'G', 'H']);
  });

  it.each<[CategoryId, string]>([
    ['A', 'A. Well-Specified Singular Objective'],
    ['D', 'D. Problem-Solving Objective'],
    ['H', 'H. Advice or Opinions'],
  ])('categoryLabel(%s) = %s', (id, label) => {
    expect(categoryLabel(id)).toBe(label);
  });
});
