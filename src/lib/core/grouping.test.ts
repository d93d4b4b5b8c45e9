import { describe, expect, it } from 'vitest';
import { groupInOrder } from './grouping';

describe('groupInOrder', () => {
  const cases: { name: string; items: [string, number][]; want: [string, number[]][] }[] = [
    { name: 'empty', items: [], want: [] },
    {
      name: 'one group',
      items: [
        ['a', 1],
        ['a', 2],
      ],
      want: [['a', [1, 2]]],
    },
    {
      name: 'first-seen order of groups and items',
      items: [
        ['b', 1],
        ['a', 2],
        ['b', 3],
        ['c', 4],
        ['a', 5],
      ],
      want: [
        ['b', [1, 3]],
        ['a', [2, 5]],
        ['c', [4]],
      ],
    },
  ];
  it.each(cases)('$name', ({ items, want }) => {
    const got = groupInOrder(items, ([k]) => k).map((g) => [g.group, g.items.map(([, v]) => v)]);
    expect(got).toEqual(want);
  });
});
