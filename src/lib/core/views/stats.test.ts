// Table tests of the statistics kit: means, t quantiles against published tables, intervals,
// seeded bootstrap, average ranks and correlations with their p-values.

import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  bootstrapInterval,
  correlationPValue,
  createRng,
  estimateMean,
  finiteValues,
  hashString,
  lnGamma,
  pearson,
  sampleMean,
  sampleSd,
  spearman,
  studentTCdf,
  studentTQuantile,
  tInterval,
} from './stats';

describe('finiteValues / sampleMean / sampleSd', () => {
  it.each<[(number | null | undefined)[], number[]]>([
    [[], []],
    [
      [1, null, 2, undefined, Number.NaN, Number.POSITIVE_INFINITY, 3],
      [1, 2, 3],
    ],
    [[-0.5], [-0.5]],
  ])('finiteValues(%j) = %j', (input, expected) => {
    expect(finiteValues(input)).toEqual(expected);
  });

  it.each<[number[], number | null, number | null]>([
    [[], null, null],
    [[4], 4, null],
    [[2, 2, 2], 2, 0],
    [[1, 2, 3, 4, 5], 3, Math.sqrt(2.5)],
    [[-1, 1], 0, Math.SQRT2],
  ])('mean and sd of %j are %s and %s', (values, mean, sd) => {
    expect(sampleMean(values)).toBe(mean);
    if (sd === null) expect(sampleSd(values)).toBeNull();
    else expect(sampleSd(values)).toBeCloseTo(sd, 12);
  });
});

describe('lnGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [10, Math.log(362880)],
    [0.1, Math.log(9.513507698668732)],
  ])('lnGamma(%s) = %s', (x, expected) => {
    expect(lnGamma(x)).toBeCloseTo(expected, 10);
  });
});

describe('Student t distribution', () => {
  // Two-sided 95% critical values from standard t tables.
  it.each([
    [0.975, 1, 12.7062],
    [0.975, 2, 4.3027],
    [0.975, 4, 2.7764],
    [0.975, 10, 2.2281],
    [0.975, 30, 2.0423],
    [0.975, 1000, 1.9623],
    [0.995, 5, 4.0321],
    [0.9, 3, 1.6377],
    [0.025, 4, -2.7764],
    [0.5, 7, 0],
  ])('quantile(%s, df=%s) = %s', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 3);
  });

  it.each([
    [0, 3, 0.5],
    [2.7764451, 4, 0.975],
    [-2.7764451, 4, 0.025],
    [Number.POSITIVE_INFINITY, 2, 1],
    [Number.NEGATIVE_INFINITY, 2, 0],
  ])('cdf(%s, df=%s) = %s', (t, df, expected) => {
    expect(studentTCdf(t, df)).toBeCloseTo(expected, 6);
  });

  it.each([
    [0, 3],
    [1, 3],
    [0.5, 0],
    [Number.NaN, 3],
  ])('quantile(%s, df=%s) is NaN for invalid arguments', (p, df) => {
    expect(studentTQuantile(p, df)).toBeNaN();
  });
});

describe('tInterval', () => {
  it.each<[number[], [number, number] | null]>([
    [[], null],
    [[3], null],
    [
      [2, 2, 2, 2],
      [2, 2],
    ],
    // mean 3, sd 1.5811, t(0.975, 4) = 2.77645: half-width 1.96324 (scipy.stats.t.interval).
    [
      [1, 2, 3, 4, 5],
      [1.036757, 4.963243],
    ],
    // mean 0.5, sd 0.7071, t(0.975, 1) = 12.7062: half-width 6.3531.
    [
      [0, 1],
      [-5.8531, 6.8531],
    ],
  ])('95%% interval of %j is %j', (values, expected) => {
    const interval = tInterval(values);
    if (expected === null) {
      expect(interval).toBeNull();
      return;
    }
    expect(interval?.lower).toBeCloseTo(expected[0], 4);
    expect(interval?.upper).toBeCloseTo(expected[1], 4);
    expect(interval?.method).toBe('t');
    expect(interval?.level).toBe(0.95);
  });

  it('narrows as the confidence level drops', () => {
    const wide = tInterval([1, 2, 3, 4, 5], 0.99);
    const narrow = tInterval([1, 2, 3, 4, 5], 0.8);
    expect((wide?.upper ?? 0) - (wide?.lower ?? 0)).toBeGreaterThan(
      (narrow?.upper ?? 0) - (narrow?.lower ?? 0),
    );
  });

  it.each([0, 1, -0.5, 1.5])('rejects level %s', (level) => {
    expect(() => tInterval([1, 2], level)).toThrow(RangeError);
  });
});

describe('createRng / hashString', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('FNV-1a of %j is %s', (text, expected) => {
    expect(hashString(text)).toBe(expected);
  });
});

describe('bootstrapInterval', () => {
  const data = [1, 2, 2, 3, 3, 3, 4, 4, 5, 5];

  it.each<[number[], boolean]>([
    [[], true],
    [[3], true],
    [data, false],
  ])('%j gives a null interval: %s', (values, isNull) => {
    expect(bootstrapInterval(values) === null).toBe(isNull);
  });

  it('is deterministic for a seed, brackets the mean and is near the t-interval', () => {
    const a = bootstrapInterval(data, { seed: 7 });
    const b = bootstrapInterval(data, { seed: 7 });
    const c = bootstrapInterval(data, { seed: 8 });
    const t = tInterval(data);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a?.method).toBe('bootstrap');
    expect(a?.lower).toBeLessThan(3.2);
    expect(a?.upper).toBeGreaterThan(3.2);
    // Percentile bootstrap is a little narrower than t for small n; same order of magnitude.
    expect(Math.abs((a?.lower ?? 0) - (t?.lower ?? 0))).toBeLessThan(0.4);
    expect(Math.abs((a?.upper ?? 0) - (t?.upper ?? 0))).toBeLessThan(0.4);
  });

  it('collapses to the value for constant data', () => {
    expect(bootstrapInterval([2, 2, 2], { resamples: 50 })).toMatchObject({ lower: 2, upper: 2 });
  });

  it.each([0, -1, 1.5])('rejects %s resamples', (resamples) => {
    expect(() => bootstrapInterval(data, { resamples })).toThrow(RangeError);
  });
});

describe('estimateMean', () => {
  it.each<[(number | null)[], 't' | 'bootstrap', number, number | null, boolean]>([
    [[], 't', 0, null, false],
    [[null, 2], 't', 1, 2, false],
    [[1, null, 3], 't', 2, 2, true],
    [[1, 3, 5], 'bootstrap', 3, 3, true],
  ])('%j by %s: n=%s mean=%s interval=%s', (values, method, n, mean, hasInterval) => {
    const e = estimateMean(values, { method });
    expect(e.n).toBe(n);
    expect(e.mean).toBe(mean);
    expect(e.interval !== null).toBe(hasInterval);
    if (e.interval !== null) expect(e.interval.method).toBe(method);
  });
});

describe('averageRanks', () => {
  it.each<[number[], number[]]>([
    [[], []],
    [[7], [1]],
    [
      [10, 30, 20],
      [1, 3, 2],
    ],
    [
      [1, 2, 2, 3],
      [1, 2.5, 2.5, 4],
    ],
    [
      [5, 5, 5],
      [2, 2, 2],
    ],
    [
      [3, 1, 3, 1],
      [3.5, 1.5, 3.5, 1.5],
    ],
  ])('ranks of %j are %j', (values, expected) => {
    expect(averageRanks(values)).toEqual(expected);
  });
});

describe('pearson / spearman', () => {
  it.each<[string, number[], number[], number | null, number | null]>([
    ['perfect linear', [1, 2, 3, 4], [2, 4, 6, 8], 1, 1],
    ['perfect inverse', [1, 2, 3, 4], [8, 6, 4, 2], -1, -1],
    ['monotone but not linear', [1, 2, 3, 4], [1, 4, 9, 100], 0.815978, 1],
    // Ranks x = [1, 2.5, 2.5, 4] are linear in x, so rho = r = 3 / sqrt(10).
    ['ties use average ranks', [1, 2, 2, 3], [1, 2, 3, 4], 0.948683, 0.948683],
    // Values from scipy.stats.pearsonr / spearmanr: the signs differ, ranks ignore the outlier.
    ['ties and an outlier', [1, 2, 2, 3, 5], [40, 10, 30, 1000, 20], 0.136056, -0.102598],
    ['n < 3', [1, 2], [1, 2], null, null],
    ['empty', [], [], null, null],
    ['constant x', [2, 2, 2], [1, 2, 3], null, null],
    ['constant y', [1, 2, 3], [4, 4, 4], null, null],
    ['no association', [1, 2, 3, 4, 5], [2, 5, 3, 1, 4], 0, 0],
  ])('%s', (_label, x, y, r, rho) => {
    const p = pearson(x, y);
    const s = spearman(x, y);
    if (r === null) expect(p).toBeNull();
    else expect(p).toBeCloseTo(r, 4);
    if (rho === null) expect(s).toBeNull();
    else expect(s).toBeCloseTo(rho, 4);
  });

  it('throws on different lengths', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow(RangeError);
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});

describe('correlationPValue', () => {
  it.each<[number | null, number, number | null]>([
    [null, 10, null],
    [0.5, 2, null],
    [0, 10, 1],
    [1, 5, 0],
    [-1, 5, 0],
    // t = 1.633 on 8 df.
    [0.5, 10, 0.1411],
    [-0.5, 10, 0.1411],
    [0.3, 50, 0.0343],
  ])('p(r=%s, n=%s) = %s', (r, n, expected) => {
    const p = correlationPValue(r, n);
    if (expected === null) expect(p).toBeNull();
    else expect(p).toBeCloseTo(expected, 3);
  });
});
