// Table tests of the per-category functional diversity transform (Figure 2): cell means, n,
// intervals clipped to [1, k], ordering, pooling, bootstrap seeding and the paper's reference values.

import { describe, expect, it } from 'vitest';
import type { CategoryId } from '../taxonomy';
import {
  PAPER_REFERENCE_MARKS,
  STRATEGY_GROUPS,
  categoryDiversity,
  referenceMarksFor,
  type ReferenceValue,
  type StrategyGroup,
} from './category-diversity';
import type { ResultPoint } from './points';
import { resultPoint } from './testing/points';

const point = resultPoint;

describe('categoryDiversity cells', () => {
  it.each<[string, number[], number | null, [number, number] | null]>([
    ['one prompt: no interval', [3], 3, null],
    ['constant counts: zero-width interval', [2, 2, 2], 2, [2, 2]],
    ['t-interval of 1..5, already inside [1, 5]', [1, 2, 3, 4, 5], 3, [1.036757, 4.963243]],
    // Raw t-interval [-1.18, 5.18] is clipped to [1, 5]: a mean count cannot leave [1, k].
    ['lower bound clipped to 1', [1, 1, 1, 5], 2, [1, 5]],
    ['upper bound clipped to k', [5, 5, 5, 1], 4, [1, 5]],
  ])('%s', (_label, counts, mean, interval) => {
    const view = categoryDiversity(counts.map((c, i) => point(`p${i}`, 'G', 'temperature', c)));
    const [cell] = view.cells;
    expect(view.cells).toHaveLength(1);
    expect(cell?.n).toBe(counts.length);
    expect(cell?.mean).toBeCloseTo(mean ?? Number.NaN, 10);
    if (interval === null) expect(cell?.interval).toBeNull();
    else {
      expect(cell?.interval?.lower).toBeCloseTo(interval[0], 5);
      expect(cell?.interval?.upper).toBeCloseTo(interval[1], 5);
    }
  });

  it('orders cells by category, paper strategy order, then model; lists what is present', () => {
    const view = categoryDiversity([
      point('p1', 'G', 'icr-task-anchored', 5, { model: 'b' }),
      point('p2', 'A', 'temperature', 1, { model: 'b' }),
      point('p3', 'G', 'temperature', 2, { model: 'a' }),
      point('p4', 'G', 'temperature', 3, { model: 'b' }),
      point('p5', 'A', 'custom', 1, { model: 'a' }),
    ]);
    expect(view.cells.map((c) => c.key)).toEqual([
      'A/temperature/b',
      'A/custom/a',
      'G/temperature/a',
      'G/temperature/b',
      'G/icr-task-anchored/b',
    ]);
    expect(view.categories).toEqual(['A', 'G']);
    expect(view.strategies).toEqual(['temperature', 'icr-task-anchored', 'custom']);
    expect(view.models).toEqual(['a', 'b']);
  });

  it('pools models when asked', () => {
    const view = categoryDiversity(
      [
        point('p1', 'B', 'temperature', 2, { model: 'a' }),
        point('p1', 'B', 'temperature', 4, { model: 'b' }),
      ],
      { byModel: false },
    );
    expect(view.cells.map((c) => [c.key, c.model, c.n, c.mean])).toEqual([
      ['B/temperature', null, 2, 3],
    ]);
    expect(view.models).toEqual([]);
  });

  it.each<[string, ResultPoint[], number, number]>([
    ['empty input', [], 0, 0],
    ['no category', [point('p', null, 'temperature', 3)], 1, 0],
    ['not judged', [point('p', 'C', 'temperature', null)], 1, 0],
    ['non-finite count', [point('p', 'C', 'temperature', Number.NaN)], 1, 0],
  ])('excludes points: %s', (_label, points, excluded, cells) => {
    const view = categoryDiversity(points);
    expect(view.excluded).toBe(excluded);
    expect(view.cells).toHaveLength(cells);
  });

  it('reports the largest k, and flags cells mixing k', () => {
    const view = categoryDiversity([
      point('p1', 'H', 'temperature', 2, { k: 3 }),
      point('p2', 'H', 'temperature', 4, { k: 5 }),
      point('p3', 'E', 'temperature', 2, { k: 4 }),
    ]);
    expect(view.cells.map((c) => [c.category, c.k, c.mixedK])).toEqual([
      ['E', 4, false],
      ['H', 5, true],
    ]);
    expect(view.maxK).toBe(5);
  });

  it('attaches the paper values to the matching cells only', () => {
    const view = categoryDiversity([
      point('p1', 'A', 'system-task-anchored', 1),
      point('p2', 'A', 'temperature', 2),
      point('p3', 'G', 'system-task-anchored', 5),
    ]);
    expect(view.cells.map((c) => c.reference.map((r) => r.value))).toEqual([
      [],
      [{ kind: 'point', value: 1 }],
      [],
    ]);
  });

  it('seeds each bootstrap cell from its key: a cell does not change when others are added', () => {
    const g = [1, 2.2, 4.1, 5, 3.3, 1.7].map((c, i) => point(`g${i}`, 'G', 'temperature', c));
    const h = [2, 3].map((c, i) => point(`h${i}`, 'H', 'temperature', c));
    const alone = categoryDiversity(g, { method: 'bootstrap', resamples: 500 });
    const withOthers = categoryDiversity([...h, ...g], { method: 'bootstrap', resamples: 500 });
    const again = categoryDiversity(g, { method: 'bootstrap', resamples: 500 });
    const other = categoryDiversity(g, { method: 'bootstrap', resamples: 500, seed: 2 });
    const gCell = withOthers.cells.find((c) => c.category === 'G');
    expect(gCell?.interval).toEqual(alone.cells[0]?.interval);
    expect(again.cells[0]?.interval).toEqual(alone.cells[0]?.interval);
    expect(other.cells[0]?.interval).not.toEqual(alone.cells[0]?.interval);
    expect(alone.cells[0]?.interval?.method).toBe('bootstrap');
  });
});

describe('PAPER_REFERENCE_MARKS', () => {
  it.each<[CategoryId, StrategyGroup, ReferenceValue, boolean, string]>([
    ['A', 'task-anchored', { kind: 'point', value: 1 }, true, '~1 unique response'],
    ['A', 'general', { kind: 'point', value: 2 }, true, '~2 unique answers'],
    ['B', 'task-anchored', { kind: 'point', value: 5 }, true, '~5 out of 5'],
    ['B', 'general', { kind: 'point', value: 5 }, true, '~5 out of 5'],
    ['B', 'temperature', { kind: 'range', min: 2, max: 3 }, false, 'only achieves 2-3'],
    ['C', 'task-anchored', { kind: 'point', value: 5 }, true, '~5 out of 5'],
    ['C', 'general', { kind: 'point', value: 5 }, true, '~5 out of 5'],
    ['C', 'temperature', { kind: 'range', min: 2, max: 3 }, false, 'only achieves 2-3'],
    ['D', 'task-anchored', { kind: 'range', min: 2, max: 3 }, true, '~2-3 distinct strategies'],
  ])('%s / %s = %j, quoted from "%s"', (category, group, value, approximate, quote) => {
    const found = PAPER_REFERENCE_MARKS.filter(
      (m) => m.category === category && m.strategyGroup === group,
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.value).toEqual(value);
    expect(found[0]?.approximate).toBe(approximate);
    expect(found[0]?.wording).toContain(quote);
    expect(found[0]?.model).toBe('GPT-4o');
    expect(found[0]?.k).toBe(5);
    expect(found[0]?.strategies).toEqual(STRATEGY_GROUPS[group]);
  });

  it('holds exactly the nine stated values and nothing for E-H', () => {
    expect(PAPER_REFERENCE_MARKS).toHaveLength(9);
    expect(PAPER_REFERENCE_MARKS.some((m) => ['E', 'F', 'G', 'H'].includes(m.category))).toBe(
      false,
    );
  });

  it.each<[CategoryId, string, number]>([
    ['A', 'icr-task-anchored', 1],
    ['A', 'system-general', 1],
    ['A', 'temperature', 0],
    ['D', 'icr-general', 0],
    ['D', 'system-task-anchored', 1],
    ['B', 'temperature', 1],
    ['G', 'system-task-anchored', 0],
    ['C', 'my-strategy', 0],
  ])('referenceMarksFor(%s, %s) has %s mark(s)', (category, strategy, count) => {
    expect(referenceMarksFor(category, strategy)).toHaveLength(count);
  });
});
