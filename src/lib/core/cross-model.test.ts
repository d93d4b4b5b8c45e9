// Tests of inter-model homogenization: pooled classes read back from judge calls (orders,
// failures, skipped pairs, unfinished judging) and convergence of models onto the same classes.

import { describe, expect, it } from 'vitest';
import {
  modelConvergence,
  pooledClasses,
  type Convergence,
  type ConvergenceInput,
  type PooledCall,
  type PooledClasses,
} from './cross-model';

/** A pooled judge call between responses i and j with the given verdict (null: failed call). */
const call =
  (verdict: PooledCall['verdict']) =>
  (i: number, j: number, order: 'ab' | 'ba' = 'ab'): PooledCall => ({ i, j, order, verdict });
const eq = call('equivalent');
const diff = call('different');
const failed = call(null);

type Expected = Pick<
  PooledClasses,
  'classes' | 'judgedPairs' | 'failedPairs' | 'calls' | 'openPairs' | 'complete'
> & { judged: [number, number][]; inferred: [number, number][] };

/** Expected pooled classes; unlisted fields are the usual: nothing judged or inferred, no failed
 * or open pairs, judging complete. */
function expected(
  e: Pick<Expected, 'classes' | 'judgedPairs' | 'calls'> & Partial<Expected>,
): Expected {
  return { judged: [], inferred: [], failedPairs: 0, openPairs: 0, complete: true, ...e };
}

describe('pooledClasses', () => {
  it.each<[string, number, PooledCall[], 1 | 2, Expected]>([
    [
      'empty pool',
      0,
      [],
      1,
      expected({
        classes: [],
        judgedPairs: 0,
        calls: 0,
      }),
    ],
    [
      'one response',
      1,
      [],
      1,
      expected({
        classes: [[0]],
        judgedPairs: 0,
        calls: 0,
      }),
    ],
    [
      'two equivalent',
      2,
      [eq(0, 1)],
      1,
      expected({
        classes: [[0, 1]],
        judged: [[0, 1]],
        judgedPairs: 1,
        calls: 1,
      }),
    ],
    [
      'two different',
      2,
      [diff(0, 1)],
      1,
      expected({
        classes: [[0], [1]],
        judgedPairs: 1,
        calls: 1,
      }),
    ],
    [
      'a failed call counts as different and is flagged',
      2,
      [failed(0, 1)],
      1,
      expected({
        classes: [[0], [1]],
        judgedPairs: 1,
        failedPairs: 1,
        calls: 1,
      }),
    ],
    [
      'pair skipping: (1,2) inferred from (0,1) and (0,2)',
      3,
      [eq(0, 1), eq(0, 2)],
      1,
      expected({
        classes: [[0, 1, 2]],
        judged: [
          [0, 1],
          [0, 2],
        ],
        inferred: [[1, 2]],
        judgedPairs: 2,
        calls: 2,
      }),
    ],
    [
      'unfinished: two pairs still open',
      3,
      [eq(0, 1)],
      1,
      expected({
        classes: [[0, 1], [2]],
        judged: [[0, 1]],
        judgedPairs: 1,
        calls: 1,
        openPairs: 2,
        complete: false,
      }),
    ],
    [
      'both orders agree: equivalent',
      2,
      [eq(0, 1, 'ab'), eq(0, 1, 'ba')],
      2,
      expected({
        classes: [[0, 1]],
        judged: [[0, 1]],
        judgedPairs: 1,
        calls: 2,
      }),
    ],
    [
      'both orders disagree: different',
      2,
      [eq(0, 1, 'ab'), diff(0, 1, 'ba')],
      2,
      expected({
        classes: [[0], [1]],
        judgedPairs: 1,
        calls: 2,
      }),
    ],
    [
      'second order missing: the pair is open',
      2,
      [eq(0, 1, 'ab')],
      2,
      expected({
        classes: [[0], [1]],
        judgedPairs: 0,
        calls: 1,
        openPairs: 1,
        complete: false,
      }),
    ],
    [
      'one failed order of two',
      2,
      [eq(0, 1, 'ab'), failed(0, 1, 'ba')],
      2,
      expected({
        classes: [[0], [1]],
        judgedPairs: 1,
        failedPairs: 1,
        calls: 2,
      }),
    ],
    [
      'a duplicate call keeps the first answer',
      2,
      [diff(0, 1), eq(0, 1)],
      1,
      expected({
        classes: [[0], [1]],
        judgedPairs: 1,
        calls: 1,
      }),
    ],
    [
      'the ba order alone does not count with one order',
      2,
      [eq(0, 1, 'ba')],
      1,
      expected({
        classes: [[0], [1]],
        judgedPairs: 0,
        calls: 0,
        openPairs: 1,
        complete: false,
      }),
    ],
  ])('%s', (_label, n, calls, orders, expected) => {
    const r = pooledClasses(n, calls, orders);
    const { judged, inferred, ...rest } = expected;
    expect({
      classes: r.classes,
      judgedPairs: r.judgedPairs,
      failedPairs: r.failedPairs,
      calls: r.calls,
      openPairs: r.openPairs,
      complete: r.complete,
    }).toEqual(rest);
    expect(r.edges.filter((e) => e.source === 'judged').map((e) => [e.i, e.j])).toEqual(judged);
    expect(r.edges.filter((e) => e.source === 'inferred').map((e) => [e.i, e.j])).toEqual(inferred);
  });

  it.each<[string, number, PooledCall[]]>([
    ['position past the pool', 2, [eq(0, 2)]],
    ['reversed pair', 3, [eq(2, 1)]],
    ['self pair', 3, [eq(1, 1)]],
    ['negative position', 3, [eq(-1, 1)]],
  ])('rejects %s', (_label, n, calls) => {
    expect(() => pooledClasses(n, calls, 1)).toThrow(RangeError);
  });
});

describe('modelConvergence', () => {
  const A5 = ['a', 'a', 'a', 'a', 'a'];
  const B5 = ['b', 'b', 'b', 'b', 'b'];
  it.each<[string, ConvergenceInput, Partial<Convergence>]>([
    [
      'both models give the one same answer',
      {
        models: [...A5, ...B5],
        classes: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
        perModel: { a: 1, b: 1 },
      },
      { pooled: 1, sumPerModel: 2, maxPerModel: 1, shared: 1, merged: 1, convergence: 1 },
    ],
    [
      'no answer in common',
      {
        models: ['a', 'a', 'b', 'b'],
        classes: [
          [0, 1],
          [2, 3],
        ],
        perModel: { a: 1, b: 1 },
      },
      {
        pooled: 2,
        sumPerModel: 2,
        shared: 0,
        merged: 0,
        convergence: 0,
        classModels: [['a'], ['b']],
      },
    ],
    [
      'two of five ideas shared',
      {
        models: [...A5, ...B5],
        classes: [[0, 5], [1, 6], [2], [3], [4], [7], [8], [9]],
        perModel: { a: 5, b: 5 },
      },
      { pooled: 8, sumPerModel: 10, maxPerModel: 5, shared: 2, merged: 2, convergence: 0.4 },
    ],
    [
      'a model not judged: sums unknown',
      { models: ['a', 'b'], classes: [[0, 1]], perModel: { a: 1 } },
      { pooled: 1, sumPerModel: null, merged: null, convergence: null, shared: 1 },
    ],
    [
      'a single model: nothing to merge',
      { models: ['a', 'a'], classes: [[0], [1]], perModel: { a: 2 } },
      { pooled: 2, sumPerModel: 2, maxPerModel: 2, merged: 0, convergence: null },
    ],
    [
      'mean class counts across judges',
      { models: ['a', 'a', 'b', 'b'], classes: [[0, 2], [1], [3]], perModel: { a: 1.5, b: 2 } },
      { pooled: 3, sumPerModel: 3.5, maxPerModel: 2, merged: 0.5, convergence: 0.5 / 1.5 },
    ],
    [
      'a non-transitive judge merges more than possible: clamped to 1',
      { models: ['a', 'a', 'b'], classes: [[0, 1, 2]], perModel: { a: 2, b: 1 } },
      { pooled: 1, merged: 2, convergence: 1 },
    ],
    [
      'more pooled classes than the sum: clamped to 0',
      { models: ['a', 'a', 'b', 'b'], classes: [[0], [1], [2], [3]], perModel: { a: 1, b: 2 } },
      { pooled: 4, merged: -1, convergence: 0 },
    ],
    [
      'empty pool',
      { models: [], classes: [], perModel: {} },
      { pooled: 0, shared: 0, sumPerModel: null, convergence: null, classModels: [] },
    ],
    [
      'unicode model ids sort',
      { models: ['ß', 'a'], classes: [[0, 1]], perModel: { ß: 1, a: 1 } },
      { classModels: [['a', 'ß']], convergence: 1 },
    ],
  ])('%s', (_label, input, expected) => {
    const r = modelConvergence(input);
    for (const [key, value] of Object.entries(expected)) {
      const actual = r[key as keyof Convergence];
      if (typeof value === 'number') expect(actual).toBeCloseTo(value);
      else expect(actual).toEqual(value);
    }
  });

  it('rejects a class member without a model', () => {
    expect(() => modelConvergence({ models: ['a'], classes: [[0, 1]], perModel: {} })).toThrow(
      RangeError,
    );
  });
});
