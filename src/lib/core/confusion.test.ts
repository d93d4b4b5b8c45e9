// Tests of the classifier confusion matrix: counts, unreadable predictions, accuracy, recall,
// precision, row shares, and one matrix per model.

import { describe, expect, it } from 'vitest';
import {
  confusionByModel,
  confusionMatrix,
  type ClassifiedPrompt,
  type ModelClassification,
} from './confusion';
import { CATEGORY_IDS, type CategoryId } from './taxonomy';

/** The (row, column, count) cells that are not zero. */
function cells(counts: number[][]): [CategoryId, CategoryId, number][] {
  const out: [CategoryId, CategoryId, number][] = [];
  counts.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== 0) out.push([CATEGORY_IDS[r]!, CATEGORY_IDS[c]!, v]);
    }),
  );
  return out;
}

const ALL_RIGHT: ClassifiedPrompt[] = CATEGORY_IDS.map((c) => ({ known: c, predicted: c }));

describe('confusionMatrix', () => {
  it.each<
    [
      string,
      ClassifiedPrompt[],
      [CategoryId, CategoryId, number][],
      number,
      number,
      number,
      number | null,
    ]
  >([
    ['empty', [], [], 0, 0, 0, null],
    ['one right', [{ known: 'A', predicted: 'A' }], [['A', 'A', 1]], 1, 1, 1, 1],
    ['one wrong', [{ known: 'G', predicted: 'F' }], [['G', 'F', 1]], 1, 1, 0, 0],
    [
      'all eight right',
      ALL_RIGHT,
      CATEGORY_IDS.map((c) => [c, c, 1] as [CategoryId, CategoryId, number]),
      8,
      8,
      8,
      1,
    ],
    [
      'G and H called F (the runner test scenario)',
      CATEGORY_IDS.map((c) => ({ known: c, predicted: c === 'G' || c === 'H' ? 'F' : c })),
      [
        ['A', 'A', 1],
        ['B', 'B', 1],
        ['C', 'C', 1],
        ['D', 'D', 1],
        ['E', 'E', 1],
        ['F', 'F', 1],
        ['G', 'F', 1],
        ['H', 'F', 1],
      ],
      8,
      8,
      6,
      0.75,
    ],
    [
      'unreadable prediction is not scored',
      [{ known: 'B' }, { known: 'B', predicted: 'B' }],
      [['B', 'B', 1]],
      2,
      1,
      1,
      1,
    ],
    ['no known category is ignored', [{ predicted: 'C' }, {}], [], 0, 0, 0, null],
    [
      'repeated cells add up',
      [
        { known: 'D', predicted: 'E' },
        { known: 'D', predicted: 'E' },
        { known: 'D', predicted: 'D' },
      ],
      [
        ['D', 'D', 1],
        ['D', 'E', 2],
      ],
      3,
      3,
      1,
      1 / 3,
    ],
  ])('%s', (_label, items, expectedCells, total, scored, correct, accuracy) => {
    const m = confusionMatrix(items);
    expect(cells(m.counts)).toEqual(expectedCells);
    expect(m.counts).toHaveLength(8);
    expect(m.counts.every((r) => r.length === 8)).toBe(true);
    expect({ total: m.total, scored: m.scored, correct: m.correct }).toEqual({
      total,
      scored,
      correct,
    });
    if (accuracy === null) expect(m.accuracy).toBeNull();
    else expect(m.accuracy).toBeCloseTo(accuracy);
  });

  it.each<[string, ClassifiedPrompt[], CategoryId, number | null, number | null]>([
    ['perfect category', ALL_RIGHT, 'C', 1, 1],
    [
      'F absorbs G and H: precision 1/3',
      [
        { known: 'F', predicted: 'F' },
        { known: 'G', predicted: 'F' },
        { known: 'H', predicted: 'F' },
      ],
      'F',
      1,
      1 / 3,
    ],
    [
      'G never right: recall 0, never predicted: precision null',
      [{ known: 'G', predicted: 'F' }],
      'G',
      0,
      null,
    ],
    ['category absent from rows and columns', [{ known: 'A', predicted: 'A' }], 'E', null, null],
  ])('recall and precision: %s', (_label, items, category, recall, precision) => {
    const m = confusionMatrix(items);
    const i = CATEGORY_IDS.indexOf(category);
    const check = (v: number | null, e: number | null) =>
      e === null ? expect(v).toBeNull() : expect(v).toBeCloseTo(e);
    check(m.recall[i]!, recall);
    check(m.precision[i]!, precision);
  });

  it.each<[string, ClassifiedPrompt[], CategoryId, number[]]>([
    [
      'row of D split 1:3',
      [{ known: 'D', predicted: 'D' }, ...Array(3).fill({ known: 'D', predicted: 'E' })],
      'D',
      [0, 0, 0, 0.25, 0.75, 0, 0, 0],
    ],
    ['empty row is all zeros', [{ known: 'D', predicted: 'D' }], 'A', [0, 0, 0, 0, 0, 0, 0, 0]],
    [
      'only unreadable answers: zeros, counted apart',
      [{ known: 'H' }],
      'H',
      [0, 0, 0, 0, 0, 0, 0, 0],
    ],
  ])('row shares: %s', (_label, items, row, shares) => {
    const m = confusionMatrix(items);
    expect(m.shares[CATEGORY_IDS.indexOf(row)]).toEqual(shares);
  });

  it('counts unreadable answers per known category', () => {
    const m = confusionMatrix([{ known: 'H' }, { known: 'H' }, { known: 'A' }]);
    expect(m.unreadable).toEqual([1, 0, 0, 0, 0, 0, 0, 2]);
    expect(m.total).toBe(3);
    expect(m.scored).toBe(0);
  });
});

describe('confusionByModel', () => {
  it.each<[string, ModelClassification[], [string, number, number | null][]]>([
    ['no items', [], []],
    [
      'two models, sorted by id',
      [
        { model: 'z/beta', known: 'A', predicted: 'B' },
        { model: 'a/alpha', known: 'A', predicted: 'A' },
        { model: 'z/beta', known: 'C', predicted: 'C' },
      ],
      [
        ['a/alpha', 1, 1],
        ['z/beta', 2, 0.5],
      ],
    ],
    [
      'a model with no known categories is left out',
      [
        { model: 'm1', predicted: 'A' },
        { model: 'm2', known: 'E', predicted: 'E' },
      ],
      [['m2', 1, 1]],
    ],
    [
      'unicode model ids',
      [{ model: 'モデル/1', known: 'G', predicted: 'G' }],
      [['モデル/1', 1, 1]],
    ],
  ])('%s', (_label, items, expected) => {
    expect(
      confusionByModel(items).map((m) => [m.model, m.matrix.scored, m.matrix.accuracy]),
    ).toEqual(expected);
  });
});
