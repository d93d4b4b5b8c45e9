// Tests for functional classes: tables, an exhaustive check of the pair-skipping judge over every
// verdict pattern for n = 2..6, async/abort behaviour, and the real NoveltyBench partitions.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classCount,
  functionalClasses,
  functionalDiversityScore,
  judgeFunctionalClasses,
  orderedPairs,
  partitionToClasses,
  type Verdict,
} from './functional';
import { sharedDataPath } from '../../../tests/shared-data';

const NOVELTYBENCH = sharedDataPath('noveltybench', 'generations');

type Pair = readonly [number, number];

const choose2 = (m: number): number => (m * (m - 1)) / 2;

/** Judge that answers from a fixed list of equivalent pairs and records what it was asked. */
function listJudge(equivalent: readonly Pair[]): {
  judge: (i: number, j: number) => boolean;
  asked: string[];
} {
  const keys = new Set(equivalent.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`));
  const asked: string[] = [];
  return {
    asked,
    judge: (i, j) => {
      asked.push(`${i}-${j}`);
      return keys.has(`${i}-${j}`);
    },
  };
}

/**
 * Independent oracle for the call count: a pair is asked iff its endpoints are NOT connected by
 * the true pairs that precede it in the fixed order (plain DFS, no union-find).
 */
function expectedCalls(n: number, pairs: readonly Pair[], isTrue: readonly boolean[]): number {
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  let calls = 0;
  pairs.forEach(([i, j], p) => {
    const seen = new Array<boolean>(n).fill(false);
    seen[i] = true;
    const stack = [i];
    while (stack.length > 0) {
      for (const next of adjacency[stack.pop() as number] ?? []) {
        if (!seen[next]) {
          seen[next] = true;
          stack.push(next);
        }
      }
    }
    if (!seen[j]) calls += 1;
    // Only now does pair p become an "earlier" pair for the ones after it.
    if (isTrue[p]) {
      adjacency[i]?.push(j);
      adjacency[j]?.push(i);
    }
  });
  return calls;
}

function isTransitive(n: number, eq: (a: number, b: number) => boolean): boolean {
  for (let a = 0; a < n; a += 1) {
    for (let b = 0; b < n; b += 1) {
      for (let c = 0; c < n; c += 1) {
        if (a !== b && b !== c && a !== c && eq(a, b) && eq(b, c) && !eq(a, c)) return false;
      }
    }
  }
  return true;
}

describe('orderedPairs', () => {
  it.each<[number, [number, number][]]>([
    [0, []],
    [1, []],
    [2, [[0, 1]]],
    [
      4,
      [
        [0, 1],
        [0, 2],
        [0, 3],
        [1, 2],
        [1, 3],
        [2, 3],
      ],
    ],
  ])('orderedPairs(%i)', (n, expected) => {
    expect(orderedPairs(n)).toEqual(expected);
  });

  it.each([-1, 1.5, Number.NaN])('throws RangeError for n = %d', (n) => {
    expect(() => orderedPairs(n)).toThrow(RangeError);
  });
});

describe('functionalClasses', () => {
  it.each<[string, number, Pair[], number[][]]>([
    ['no responses', 0, [], []],
    ['one response', 1, [], [[0]]],
    ['no edges', 3, [], [[0], [1], [2]]],
    [
      'two pairs',
      4,
      [
        [0, 1],
        [2, 3],
      ],
      [
        [0, 1],
        [2, 3],
      ],
    ],
    [
      'reversed pairs, classes ordered by first member',
      5,
      [
        [3, 1],
        [4, 0],
      ],
      [[0, 4], [1, 3], [2]],
    ],
    [
      'chain is transitive',
      4,
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
      [[0, 1, 2, 3]],
    ],
    [
      'descending chain',
      5,
      [
        [4, 3],
        [3, 2],
        [2, 1],
        [1, 0],
      ],
      [[0, 1, 2, 3, 4]],
    ],
    ['self pair changes nothing', 3, [[1, 1]], [[0], [1], [2]]],
    [
      'duplicate edges',
      3,
      [
        [0, 2],
        [2, 0],
        [0, 2],
      ],
      [[0, 2], [1]],
    ],
    [
      'members sorted ascending',
      6,
      [
        [5, 0],
        [1, 4],
      ],
      [[0, 5], [1, 4], [2], [3]],
    ],
  ])('%s', (_name, n, pairs, expected) => {
    expect(functionalClasses(n, pairs)).toEqual(expected);
  });

  it('accepts any iterable of pairs (generator)', () => {
    function* edges(): Generator<Pair> {
      yield [0, 2];
      yield [2, 3];
    }
    expect(functionalClasses(4, edges())).toEqual([[0, 2, 3], [1]]);
  });

  it.each<[string, number, Pair[]]>([
    ['index equal to n', 3, [[0, 3]]],
    ['negative index', 3, [[-1, 0]]],
    ['fractional index', 3, [[0.5, 1]]],
    ['NaN index', 3, [[Number.NaN, 1]]],
    ['negative n', -1, []],
    ['fractional n', 1.5, []],
  ])('throws RangeError on %s', (_name, n, pairs) => {
    expect(() => functionalClasses(n, pairs)).toThrow(RangeError);
  });
});

describe('judgeFunctionalClasses', () => {
  it.each<[string, number, Pair[], string[], number[][]]>([
    ['no responses', 0, [], [], []],
    ['one response', 1, [], [], [[0]]],
    [
      'five all-equivalent responses: 4 questions instead of 10',
      5,
      orderedPairs(5),
      ['0-1', '0-2', '0-3', '0-4'],
      [[0, 1, 2, 3, 4]],
    ],
    [
      'five all-different responses: every pair asked',
      5,
      [],
      orderedPairs(5).map(([i, j]) => `${i}-${j}`),
      [[0], [1], [2], [3], [4]],
    ],
    [
      'class {0,1,2}: (1,2) inferred',
      4,
      [
        [0, 1],
        [0, 2],
        [1, 2],
      ],
      ['0-1', '0-2', '0-3', '1-3', '2-3'],
      [[0, 1, 2], [3]],
    ],
    [
      'two classes of two: nothing to infer',
      4,
      [
        [0, 2],
        [1, 3],
      ],
      ['0-1', '0-2', '0-3', '1-2', '1-3', '2-3'],
      [
        [0, 2],
        [1, 3],
      ],
    ],
    [
      'non-transitive judge (0~1, 1~2, 0!~2): one component, all asked',
      3,
      [
        [0, 1],
        [1, 2],
      ],
      ['0-1', '0-2', '1-2'],
      [[0, 1, 2]],
    ],
    [
      'class of three without savings: (0,1) judged different before 0~2, 1~2',
      3,
      [
        [0, 2],
        [1, 2],
      ],
      ['0-1', '0-2', '1-2'],
      [[0, 1, 2]],
    ],
  ])('%s', async (_name, n, equivalent, expectedAsked, expectedClasses) => {
    const { judge, asked } = listJudge(equivalent);
    const result = await judgeFunctionalClasses(n, judge);
    expect(asked).toEqual(expectedAsked);
    expect(result.classes).toEqual(expectedClasses);
    expect(result.calls).toBe(expectedAsked.length);
    expect(result.pairs).toBe(choose2(n));
    expect(result.verdicts.map(({ i, j }) => `${i}-${j}`)).toEqual(
      orderedPairs(n).map(([i, j]) => `${i}-${j}`),
    );
    expect(
      result.verdicts.filter((v) => v.source === 'judged').map((v) => `${v.i}-${v.j}`),
    ).toEqual(expectedAsked);
    expect(result.verdicts.filter((v) => v.source === 'inferred').every((v) => v.equivalent)).toBe(
      true,
    );
  });

  it('records verdicts for five all-equivalent responses', async () => {
    const result = await judgeFunctionalClasses(5, () => true);
    const expected: Verdict[] = orderedPairs(5).map(([i, j]) => ({
      i,
      j,
      equivalent: true,
      source: i === 0 ? 'judged' : 'inferred',
    }));
    expect(result.verdicts).toEqual(expected);
  });

  it.each<[string, boolean]>([
    ['skipConnected: false asks every pair', false],
    ['skipConnected: true skips connected pairs', true],
  ])('%s', async (_name, skipConnected) => {
    const { judge, asked } = listJudge(orderedPairs(4));
    const result = await judgeFunctionalClasses(4, judge, { skipConnected });
    expect(asked).toHaveLength(skipConnected ? 3 : 6);
    expect(result.calls).toBe(skipConnected ? 3 : 6);
    expect(result.classes).toEqual([[0, 1, 2, 3]]);
  });

  it('awaits an async judge and never has two calls in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const asked: string[] = [];
    const judge = async (i: number, j: number): Promise<boolean> => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      asked.push(`${i}-${j}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return i % 2 === j % 2;
    };
    const result = await judgeFunctionalClasses(5, judge);
    expect(maxInFlight).toBe(1);
    expect(result.classes).toEqual([
      [0, 2, 4],
      [1, 3],
    ]);
    // (2,4) is inferred from 0~2 and 0~4.
    expect(asked).toEqual(['0-1', '0-2', '0-3', '0-4', '1-2', '1-3', '1-4', '2-3', '3-4']);
    expect(result.calls).toBe(9);
  });

  it('propagates a judge failure', async () => {
    const judge = (i: number): boolean => {
      if (i === 1) throw new Error('judge down');
      return false;
    };
    await expect(judgeFunctionalClasses(3, judge)).rejects.toThrow('judge down');
  });

  describe('abort', () => {
    it.each<[string, unknown, (error: unknown) => boolean]>([
      ['custom reason', new Error('stop'), (e) => e instanceof Error && e.message === 'stop'],
      ['default reason', undefined, (e) => e instanceof Error && e.name === 'AbortError'],
    ])('already aborted (%s): rejects without asking', async (_name, reason, check) => {
      const controller = new AbortController();
      controller.abort(reason);
      let calls = 0;
      const error = await judgeFunctionalClasses(
        4,
        () => {
          calls += 1;
          return true;
        },
        { signal: controller.signal },
      ).catch((e: unknown) => e);
      expect(check(error)).toBe(true);
      expect(calls).toBe(0);
    });

    it.each<[number, number]>([
      [1, 1],
      [2, 2],
      [6, 6],
    ])('aborted during call %i: rejects after exactly %i calls', async (abortAt, expected) => {
      const controller = new AbortController();
      let calls = 0;
      const judge = async (): Promise<boolean> => {
        calls += 1;
        if (calls === abortAt) controller.abort(new Error('stop'));
        await Promise.resolve();
        return false;
      };
      await expect(judgeFunctionalClasses(4, judge, { signal: controller.signal })).rejects.toThrow(
        'stop',
      );
      expect(calls).toBe(expected);
    });
  });

  // Bell numbers: how many of the 2^C(n,2) patterns are equivalence relations.
  it.each<[number, number]>([
    [2, 2],
    [3, 5],
    [4, 15],
    [5, 52],
    [6, 203],
  ])(
    'exhaustive, n = %i: skipping gives the all-pairs classes with the predicted number of calls',
    async (n, transitivePatterns) => {
      const pairs = orderedPairs(n);
      const pairCount = pairs.length;
      const pairIndex: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(-1));
      pairs.forEach(([i, j], p) => {
        (pairIndex[i] as number[])[j] = p;
        (pairIndex[j] as number[])[i] = p;
      });
      // Mismatches are collected and asserted once: ~35k patterns x dozens of expect() calls
      // would make the test take tens of seconds.
      const failures: string[] = [];
      const fail = (pattern: number, what: string): void => {
        if (failures.length < 10) failures.push(`pattern ${pattern}: ${what}`);
      };
      let transitiveSeen = 0;
      let bigClassWithoutSavings = 0;
      for (let pattern = 0; pattern < 2 ** pairCount; pattern += 1) {
        const isTrue = pairs.map((_, p) => ((pattern >> p) & 1) === 1);
        const eq = (a: number, b: number): boolean => isTrue[pairIndex[a]?.[b] ?? -1] ?? false;

        const skipping = await judgeFunctionalClasses(n, eq);
        const all = await judgeFunctionalClasses(n, eq, { skipConnected: false });
        const components = functionalClasses(
          n,
          pairs.filter((_, p) => isTrue[p]),
        );
        const same = (a: number[][], b: number[][]): boolean =>
          JSON.stringify(a) === JSON.stringify(b);

        if (all.calls !== pairCount) fail(pattern, `all-pairs calls ${all.calls}`);
        if (!same(all.classes, components)) fail(pattern, 'all-pairs classes differ');
        if (!same(skipping.classes, components)) fail(pattern, 'skipping classes differ');
        if (skipping.calls > all.calls) fail(pattern, 'skipping made more calls');
        // Exact condition: a pair is skipped iff earlier true pairs already connect it.
        const oracle = expectedCalls(n, pairs, isTrue);
        if (skipping.calls !== oracle) fail(pattern, `calls ${skipping.calls}, oracle ${oracle}`);
        if (skipping.verdicts.length !== pairCount) fail(pattern, 'verdict count');
        skipping.verdicts.forEach((verdict, p) => {
          const expected = verdict.source === 'judged' ? isTrue[p] : true;
          if (verdict.equivalent !== expected) fail(pattern, `verdict ${p} wrong`);
        });

        const hasBigClass = components.some((members) => members.length >= 3);
        if (isTransitive(n, eq)) {
          transitiveSeen += 1;
          // For an equivalence relation, each class of size s costs s-1 calls, not C(s,2).
          const saved = components.reduce((sum, members) => sum + choose2(members.length - 1), 0);
          if (skipping.calls !== pairCount - saved) fail(pattern, 'transitive call formula');
          if (skipping.calls < pairCount !== hasBigClass) fail(pattern, 'savings iff 3+ class');
        } else if (hasBigClass && skipping.calls === pairCount) {
          bigClassWithoutSavings += 1;
        }
      }
      expect(failures).toEqual([]);
      expect(transitiveSeen).toBe(transitivePatterns);
      // A non-transitive judge can form a 3+ class with no savings (a pair judged different
      // before a path connected it), so "3+ class => fewer calls" holds only for transitive ones.
      expect(bigClassWithoutSavings > 0).toBe(n >= 3);
    },
  );
});

describe('NoveltyBench partitions', () => {
  const models = readdirSync(NOVELTYBENCH).sort();

  it('finds the five model folders', () => {
    expect(models).toHaveLength(5);
  });

  it.each(models)('%s: judge from partition reproduces the classes', async (model) => {
    const rows = readFileSync(`${NOVELTYBENCH}/${model}/partitions.jsonl`, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { partition: number[]; distinct: number });
    expect(rows.length).toBeGreaterThan(0);
    let saved = 0;
    for (const { partition, distinct } of rows) {
      const k = partition.length;
      const result = await judgeFunctionalClasses(k, (i, j) => partition[i] === partition[j]);
      const expected = partitionToClasses(partition);
      expect(result.classes).toEqual(expected);
      expect(classCount(result.classes)).toBe(Math.max(...partition) + 1);
      // NoveltyBench's `distinct` field is max(label), i.e. one less than the class count.
      expect(distinct).toBe(classCount(result.classes) - 1);
      const predicted = expected.reduce((sum, members) => sum + choose2(members.length - 1), 0);
      expect(result.pairs - result.calls).toBe(predicted);
      saved += result.pairs - result.calls;
    }
    expect(saved).toBeGreaterThan(0);
  });
});

describe('partitionToClasses', () => {
  it.each<[number[], number[][]]>([
    [[], []],
    [[0], [[0]]],
    [
      [0, 0, 1, 2, 0, 0, 0, 0, 0, 0],
      [[0, 1, 4, 5, 6, 7, 8, 9], [2], [3]],
    ],
    [
      [2, 2, 5, 2],
      [[0, 1, 3], [2]],
    ],
    [
      [1, 0, 1],
      [[0, 2], [1]],
    ],
    [
      [0, 1, 2, 3, 4],
      [[0], [1], [2], [3], [4]],
    ],
  ])('partitionToClasses(%j)', (partition, expected) => {
    expect(partitionToClasses(partition)).toEqual(expected);
  });

  it.each<[number[]]>([[[0, 1.5]], [[Number.NaN]], [[0, Infinity]]])(
    'throws RangeError on non-integer labels %j',
    (partition) => {
      expect(() => partitionToClasses(partition)).toThrow(RangeError);
    },
  );
});

describe('classCount', () => {
  it.each<[number[][], number]>([
    [[], 0],
    [[[0]], 1],
    [[[0, 1], [2]], 2],
  ])('classCount(%j) = %i', (classes, expected) => {
    expect(classCount(classes)).toBe(expected);
  });
});

describe('functionalDiversityScore', () => {
  it.each<[number, number, number]>([
    [1, 5, 0],
    [5, 5, 1],
    [3, 5, 0.5],
    [2, 3, 0.5],
    [4, 10, 1 / 3],
    [1, 1, 0],
    [0, 0, 0],
  ])('functionalDiversityScore(%i, %i) = %d', (count, k, expected) => {
    expect(functionalDiversityScore(count, k)).toBeCloseTo(expected, 12);
  });

  it.each<[number, number]>([
    [0, 5],
    [6, 5],
    [1.5, 5],
    [1, -1],
    [1, 2.5],
    [1, 0],
  ])('throws RangeError for (%d, %d)', (count, k) => {
    expect(() => functionalDiversityScore(count, k)).toThrow(RangeError);
  });
});
