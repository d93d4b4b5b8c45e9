// Table tests of the aggregation helpers: means, averaging across judges, judge-call savings and
// accuracy rates, including empty inputs.

import { describe, expect, it } from 'vitest';
import {
  accuracyRate,
  judgeCallSavings,
  type JudgeCallCount,
  type JudgeCallSavings,
  mean,
  meanAcrossJudges,
  type JudgeValue,
} from './aggregate';

describe('mean', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[1, 2, 3, 4], 2.5],
    [[1, Number.NaN, 3], 2],
    [[Number.POSITIVE_INFINITY], null],
    [[-1, 1], 0],
  ])('mean(%j) = %s', (values, expected) => {
    expect(mean(values)).toBe(expected);
  });
});

describe('meanAcrossJudges', () => {
  it.each<[string, JudgeValue[], number | null]>([
    ['no values', [], null],
    ['one judge', [{ judge: 'a', value: 3 }], 3],
    [
      'two judges, one value each (paper: 3 and 5 classes average to 4)',
      [
        { judge: 'a', value: 3 },
        { judge: 'b', value: 5 },
      ],
      4,
    ],
    [
      'per-judge means first: a judge with more values does not weigh more',
      [
        { judge: 'a', value: 1 },
        { judge: 'a', value: 1 },
        { judge: 'a', value: 1 },
        { judge: 'b', value: 5 },
      ],
      3,
    ],
    [
      'unicode judge ids',
      [
        { judge: 'ü/模型', value: 2 },
        { judge: 'ü/模型', value: 4 },
      ],
      3,
    ],
  ])('%s', (_label, values, expected) => {
    expect(meanAcrossJudges(values)).toBe(expected);
  });
});

describe('judgeCallSavings', () => {
  it.each<[string, JudgeCallCount[], JudgeCallSavings]>([
    [
      'no groups',
      [],
      { calls: 0, everyPairCalls: 0, saved: 0, ratio: null, sentCalls: 0, cachedCalls: 0 },
    ],
    [
      'five equivalent responses: 4 of 10 calls, all sent',
      [{ calls: 4, everyPairCalls: 10, sentCalls: 4, cachedCalls: 0 }],
      { calls: 4, everyPairCalls: 10, saved: 6, ratio: 0.4, sentCalls: 4, cachedCalls: 0 },
    ],
    [
      'a homogeneous and a diverse group, some answers from the cache',
      [
        { calls: 4, everyPairCalls: 10, sentCalls: 1, cachedCalls: 3 },
        { calls: 10, everyPairCalls: 10, sentCalls: 10, cachedCalls: 0 },
      ],
      { calls: 14, everyPairCalls: 20, saved: 6, ratio: 0.7, sentCalls: 11, cachedCalls: 3 },
    ],
    [
      // The run: 405 verdicts, 249 requests reached the provider, 156 came from the cache.
      'cached verdicts are not counted as sent',
      [{ calls: 405, everyPairCalls: 450, sentCalls: 249, cachedCalls: 156 }],
      { calls: 405, everyPairCalls: 450, saved: 45, ratio: 0.9, sentCalls: 249, cachedCalls: 156 },
    ],
    [
      'a re-ask counts as one more request sent',
      [{ calls: 3, everyPairCalls: 3, sentCalls: 4, cachedCalls: 0 }],
      { calls: 3, everyPairCalls: 3, saved: 0, ratio: 1, sentCalls: 4, cachedCalls: 0 },
    ],
    [
      'a group stored without counts (older version) makes sent and cached unknown',
      [
        { calls: 4, everyPairCalls: 10, sentCalls: 4, cachedCalls: 0 },
        { calls: 10, everyPairCalls: 10 },
      ],
      { calls: 14, everyPairCalls: 20, saved: 6, ratio: 0.7, sentCalls: null, cachedCalls: null },
    ],
    [
      'single responses need no call',
      [{ calls: 0, everyPairCalls: 0, sentCalls: 0, cachedCalls: 0 }],
      { calls: 0, everyPairCalls: 0, saved: 0, ratio: null, sentCalls: 0, cachedCalls: 0 },
    ],
  ])('%s', (_label, counts, expected) => {
    expect(judgeCallSavings(counts)).toEqual(expected);
  });

  it('sums totals again unchanged (a total can be passed where a group is expected)', () => {
    const total = judgeCallSavings([
      { calls: 4, everyPairCalls: 10, sentCalls: 2, cachedCalls: 2 },
      { calls: 6, everyPairCalls: 6, sentCalls: 7, cachedCalls: 0 },
    ]);
    expect(judgeCallSavings([total])).toEqual(total);
  });
});

describe('accuracyRate', () => {
  it.each([
    [[], { correct: 0, graded: 0, rate: null }],
    [[true], { correct: 1, graded: 1, rate: 1 }],
    [[true, false, false, true], { correct: 2, graded: 4, rate: 0.5 }],
    [[null, null], { correct: 0, graded: 0, rate: null }],
    [[true, null, false], { correct: 1, graded: 2, rate: 0.5 }],
  ])('accuracyRate(%j)', (verdicts, expected) => {
    expect(accuracyRate(verdicts)).toEqual(expected);
  });
});
