// Table tests of the Results table: filters, the stable sort with missing values last, the
// category x strategy pivot, and imported rows compared under their own strategy.

import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  filterRows,
  sortRows,
  strategyPivot,
  type ResultRow,
  type RowFilters,
  type SortKey,
} from './results-table';

function row(extra: Partial<ResultRow>): ResultRow {
  return {
    key: JSON.stringify([extra.promptId, extra.model, extra.strategy]),
    promptId: 'p',
    promptText: 'p',
    model: 'm',
    strategy: 'temperature',
    comparedAs: extra.strategy ?? 'temperature',
    responses: 5,
    classes: null,
    judgeDetail: '',
    failedPairs: 0,
    vocabulary: null,
    embedding: null,
    compression: null,
    quality: null,
    accuracy: null,
    correct: 0,
    graded: 0,
    ...extra,
  };
}

const ROWS: ResultRow[] = [
  row({ promptId: 'a', promptText: 'Alpha', model: 'm1', category: 'A', classes: 1, quality: 4 }),
  row({ promptId: 'b', promptText: 'beta', model: 'm1', category: 'G', classes: 5, quality: null }),
  row({
    promptId: 'c',
    promptText: 'Gamma',
    model: 'm2',
    strategy: 'system-general',
    category: 'G',
    classes: 3,
    quality: 2,
  }),
  row({ promptId: 'd', promptText: 'delta', model: 'm2', classes: null, quality: 5 }),
];

describe('table rows', () => {
  it.each<[string, RowFilters, string[]]>([
    ['no filters', NO_FILTERS, ['a', 'b', 'c', 'd']],
    ['category G', { ...NO_FILTERS, category: 'G' }, ['b', 'c']],
    ['strategy', { ...NO_FILTERS, strategy: 'system-general' }, ['c']],
    ['model', { ...NO_FILTERS, model: 'm2' }, ['c', 'd']],
    ['all three', { category: 'G', strategy: 'temperature', model: 'm1' }, ['b']],
    ['nothing matches', { ...NO_FILTERS, category: 'H' }, []],
  ])('filterRows: %s', (_label, filters, ids) => {
    expect(filterRows(ROWS, filters).map((r) => r.promptId)).toEqual(ids);
  });

  it.each<[SortKey, 'asc' | 'desc', string[]]>([
    ['prompt', 'asc', ['a', 'b', 'd', 'c']],
    ['prompt', 'desc', ['c', 'd', 'b', 'a']],
    ['classes', 'asc', ['a', 'c', 'b', 'd']],
    ['classes', 'desc', ['b', 'c', 'a', 'd']],
    ['quality', 'desc', ['d', 'a', 'c', 'b']],
    ['model', 'asc', ['a', 'b', 'c', 'd']],
    ['model', 'desc', ['c', 'd', 'a', 'b']],
    ['category', 'asc', ['a', 'b', 'c', 'd']],
    ['accuracy', 'asc', ['a', 'b', 'c', 'd']],
  ])('sortRows by %s %s (missing last, ties stable)', (key, direction, ids) => {
    expect(sortRows(ROWS, key, direction).map((r) => r.promptId)).toEqual(ids);
  });

  it('sortRows leaves its input alone', () => {
    const copy = [...ROWS];
    sortRows(ROWS, 'classes', 'desc');
    expect(ROWS).toEqual(copy);
  });

  it.each<[string, ResultRow[], string[], { categories: string[]; cells: (number | null)[][] }]>([
    ['empty', [], ['temperature'], { categories: [], cells: [] }],
    [
      'means per category and strategy',
      [
        ...ROWS,
        row({ promptId: 'e', category: 'G', classes: 2 }),
        row({ promptId: 'f', category: 'A', classes: null }),
      ],
      ['temperature', 'system-general'],
      {
        categories: ['A', 'G'],
        cells: [
          [1, null],
          [3.5, 3],
        ],
      },
    ],
    [
      // Imported rows are stored under 'temperature' but never averaged with temperature rows.
      'imported rows form their own column',
      [
        row({ promptId: 'a', category: 'B', classes: 1 }),
        { ...row({ promptId: 'b', category: 'B', classes: 5 }), comparedAs: 'imported:x' },
      ],
      ['temperature', 'imported:x'],
      { categories: ['B'], cells: [[1, 5]] },
    ],
  ])('strategyPivot: %s', (_label, rows, strategies, expected) => {
    const pivot = strategyPivot(rows, strategies);
    expect({ categories: pivot.categories, cells: pivot.cells }).toEqual(expected);
  });

  it('filters and sorts imported rows by the strategy they are shown under', () => {
    const rows = [row({ promptId: 'a' }), { ...row({ promptId: 'b' }), comparedAs: 'imported:x' }];
    expect(
      filterRows(rows, { ...NO_FILTERS, strategy: 'temperature' }).map((r) => r.promptId),
    ).toEqual(['a']);
    expect(
      filterRows(rows, { ...NO_FILTERS, strategy: 'imported:x' }).map((r) => r.promptId),
    ).toEqual(['b']);
  });
});
