// Table tests of the per-category chart's layout: bars at their means, whiskers at the interval,
// and every reference mark in the lane beside its bar, never over any bar.

import { describe, expect, it } from 'vitest';
import type { CategoryId } from '../taxonomy';
import { categoryDiversity } from './category-diversity';
import {
  categoryLayout,
  type CategoryBarMark,
  type CategoryReferenceMark,
} from './category-layout';
import { resultPoint } from './testing/points';

const FRAME = { width: 680, height: 352 };
const STRATEGIES = [
  'temperature',
  'system-general',
  'system-task-anchored',
  'icr-general',
  'icr-task-anchored',
];

/** Three prompts per category and strategy, with class counts 1-5. */
function view(categories: CategoryId[], strategies: string[] = STRATEGIES) {
  const points = categories.flatMap((c, ci) =>
    strategies.flatMap((s, si) =>
      [0, 1, 2].map((p) => resultPoint(`${c}${p}`, c, s, 1 + ((ci + si + p) % 5))),
    ),
  );
  return categoryDiversity(points, { byModel: false });
}

const bars = (marks: ReturnType<typeof categoryLayout>['marks']) =>
  marks.filter((m): m is CategoryBarMark => m.kind === 'bar');
const refs = (marks: ReturnType<typeof categoryLayout>['marks']) =>
  marks.filter((m): m is CategoryReferenceMark => m.kind === 'ref');

describe('categoryLayout', () => {
  it.each<[string, CategoryId[], number]>([
    // Category, and how many of the paper's values it has for the five strategies.
    ['A (points at 1 and 2)', ['A'], 4],
    ['B (points at 5, a 2-3 range for temperature)', ['B'], 5],
    ['D (a 2-3 range for task-anchored)', ['D'], 2],
    ['A-H', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'], 4 + 5 + 5 + 2],
  ])('%s: every reference sits beside its bar, clear of every bar', (_label, cats, count) => {
    const layout = categoryLayout(view(cats), FRAME);
    expect(layout.hasReferences).toBe(true);
    const allBars = bars(layout.marks);
    const allRefs = refs(layout.marks);
    expect(allRefs).toHaveLength(count);
    for (const ref of allRefs) {
      const own = allBars.find((b) => b.cell === ref.cell)!;
      // In the lane right after its own bar, inside the strategy's slot.
      expect(ref.x0).toBeGreaterThan(own.x + own.width);
      expect(ref.x1).toBeGreaterThan(ref.x0);
      for (const b of allBars) {
        const apart = ref.x1 <= b.x || ref.x0 >= b.x + b.width;
        expect(apart).toBe(true);
      }
      // The mark spans the value (a point's tip is at it).
      const v = ref.ref.value;
      if (v.kind === 'point') {
        expect((ref.y0 + ref.y1) / 2).toBeCloseTo(layout.y(v.value), 9);
      } else {
        expect(ref.y0).toBeCloseTo(layout.y(v.max), 9);
        expect(ref.y1).toBeCloseTo(layout.y(v.min), 9);
      }
    }
  });

  it('follows each bar with its references (the keyboard order)', () => {
    const layout = categoryLayout(view(['A', 'B']), FRAME);
    let lastBar: CategoryBarMark | null = null;
    for (const m of layout.marks) {
      if (m.kind === 'bar') lastBar = m;
      else expect(m.cell).toBe(lastBar?.cell);
    }
  });

  it('places bars at their means with whiskers at the interval', () => {
    const layout = categoryLayout(view(['E']), FRAME);
    for (const b of bars(layout.marks)) {
      expect(b.y).toBeCloseTo(layout.y(b.cell.mean ?? 0), 9);
      expect(b.y + b.height).toBeCloseTo(FRAME.height, 9);
      expect(b.whisker?.y0).toBeCloseTo(layout.y(b.cell.interval!.upper), 9);
      expect(b.whisker?.y1).toBeCloseTo(layout.y(b.cell.interval!.lower), 9);
    }
  });

  it('without references, bars fill their slots and no lane is kept', () => {
    const without = categoryLayout(view(['E', 'F']), FRAME);
    const withRefs = categoryLayout(view(['A', 'E']), FRAME);
    expect(without.hasReferences).toBe(false);
    expect(refs(without.marks)).toEqual([]);
    expect(bars(without.marks)[0]!.width).toBeGreaterThan(bars(withRefs.marks)[0]!.width);
  });

  it.each<[number, number[]]>([
    [5, [0, 1, 2, 3, 4, 5]],
    [3, [0, 1, 2, 3]],
  ])('y ticks are whole numbers up to k = %s', (k, ticks) => {
    const v = view(['E']);
    expect(categoryLayout({ ...v, maxK: k }, FRAME).yTicks).toEqual(ticks);
  });
});
