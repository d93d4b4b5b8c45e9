// Small statistics kit for the chart transforms: means, t and seeded bootstrap intervals, average
// ranks, Pearson and Spearman correlation with two-sided p-values. Pure and dependency-free.

/** A confidence interval for a mean. */
export interface Interval {
  lower: number;
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  method: IntervalMethod;
}

/**
 * 't': Student t-interval on the mean (the default everywhere: exact under normality, cheap, and
 * deterministic). 'bootstrap': seeded percentile bootstrap of the mean (no normality assumption,
 * but needs more samples to be stable and costs `resamples x n` draws per cell).
 */
export type IntervalMethod = 't' | 'bootstrap';

/** Options shared by every transform that reports intervals. */
export interface IntervalOptions {
  /** Default 't'. */
  method?: IntervalMethod;
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** Bootstrap resamples; default {@link DEFAULT_RESAMPLES}. */
  resamples?: number;
  /** Bootstrap seed; default 1. The same seed always gives the same interval. */
  seed?: number;
}

/** Default confidence level of every interval in the views. */
export const DEFAULT_LEVEL = 0.95;

/** Default number of bootstrap resamples: enough for a stable 95% percentile interval. */
export const DEFAULT_RESAMPLES = 2000;

/** A mean with its sample size and interval; `interval` is null when n < 2. */
export interface MeanEstimate {
  n: number;
  mean: number | null;
  interval: Interval | null;
}

/**
 * Keeps only finite numbers, so that missing measurements (null, NaN) never enter a statistic.
 * @param values Raw values.
 * @returns The finite ones, in order.
 */
export function finiteValues(values: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  return out;
}

/**
 * Arithmetic mean.
 * @param values Finite numbers.
 * @returns The mean, or null for an empty list.
 */
export function sampleMean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Sample standard deviation (n - 1 denominator).
 * @param values Finite numbers.
 * @returns The standard deviation, or null for fewer than two values.
 */
export function sampleSd(values: readonly number[]): number | null {
  const n = values.length;
  const m = sampleMean(values);
  if (m === null || n < 2) return null;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

// Lanczos approximation (g = 7, 9 terms): ~1e-15 relative error for x > 0, which is far below
// what a plotted interval can show.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/**
 * Natural logarithm of the gamma function.
 * @param x A positive number.
 * @returns ln Γ(x).
 */
export function lnGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the series in its accurate range.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/**
 * Regularized incomplete beta function I_x(a, b).
 * @param x In [0, 1].
 * @param a Positive shape.
 * @param b Positive shape.
 * @returns A probability in [0, 1].
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  // The continued fraction converges fast only on one side of the mean; use symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Cumulative distribution function of Student's t.
 * @param t Any real.
 * @param df Degrees of freedom, > 0.
 * @returns P(T <= t).
 */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

// Quantiles are asked for a handful of (p, df) pairs over and over (one per chart cell).
const T_QUANTILE_CACHE = new Map<string, number>();

/**
 * Quantile function of Student's t, by bisection on {@link studentTCdf} (memoised).
 * @param p Probability in (0, 1).
 * @param df Degrees of freedom, > 0.
 * @returns t such that P(T <= t) = p; NaN for invalid arguments.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const key = `${p}:${df}`;
  const cached = T_QUANTILE_CACHE.get(key);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p && hi < 1e12) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  T_QUANTILE_CACHE.set(key, q);
  return q;
}

function checkLevel(level: number): number {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level ${level} not in (0, 1)`);
  return level;
}

/**
 * Student t confidence interval of the mean: mean ± t_{(1+level)/2, n-1} · sd / √n.
 * @param values Finite numbers.
 * @param level Confidence level; default 0.95.
 * @returns The interval, or null for fewer than two values (no spread can be estimated).
 * @throws RangeError for a level outside (0, 1).
 */
export function tInterval(
  values: readonly number[],
  level: number = DEFAULT_LEVEL,
): Interval | null {
  checkLevel(level);
  const n = values.length;
  const m = sampleMean(values);
  const sd = sampleSd(values);
  if (m === null || sd === null) return null;
  const half = (studentTQuantile((1 + level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { lower: m - half, upper: m + half, level, method: 't' };
}

/**
 * Seeded pseudo-random generator (mulberry32): uniform in [0, 1), same sequence for the same seed.
 * @param seed Any number; only its low 32 bits matter.
 * @returns A generator function.
 */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 32-bit FNV-1a hash of a string, used to derive per-cell bootstrap seeds so that a cell's
 * interval does not depend on which other cells are being computed.
 * @param text Any string.
 * @returns An unsigned 32-bit integer.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Linear-interpolation quantile (type 7) of sorted values. */
function sortedQuantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * Percentile bootstrap confidence interval of the mean, with a seeded generator so that the same
 * data and seed always give the same interval.
 * @param values Finite numbers.
 * @param options level (0.95), resamples (2000), seed (1).
 * @returns The interval, or null for fewer than two values.
 * @throws RangeError for a bad level or a non-positive resample count.
 */
export function bootstrapInterval(
  values: readonly number[],
  options: { level?: number; resamples?: number; seed?: number } = {},
): Interval | null {
  const level = checkLevel(options.level ?? DEFAULT_LEVEL);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isSafeInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrap resamples must be a positive integer, got ${resamples}`);
  }
  const n = values.length;
  if (n < 2) return null;
  const rng = createRng(options.seed ?? 1);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rng() * n)] as number;
    means[r] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  const alpha = (1 - level) / 2;
  return {
    lower: sortedQuantile(sorted, alpha),
    upper: sortedQuantile(sorted, 1 - alpha),
    level,
    method: 'bootstrap',
  };
}

/**
 * Mean of the finite values with a confidence interval by the chosen method.
 * @param values Raw values; null and non-finite values are left out.
 * @param options Interval method, level, resamples and seed.
 * @returns n, mean (null when n = 0) and interval (null when n < 2).
 */
export function estimateMean(
  values: readonly (number | null | undefined)[],
  options: IntervalOptions = {},
): MeanEstimate {
  const xs = finiteValues(values);
  const level = options.level ?? DEFAULT_LEVEL;
  const interval =
    options.method === 'bootstrap'
      ? bootstrapInterval(xs, { level, resamples: options.resamples, seed: options.seed })
      : tInterval(xs, level);
  return { n: xs.length, mean: sampleMean(xs), interval };
}

/**
 * 1-based ranks with ties given the average of the ranks they span (the usual Spearman rule).
 * @param values Finite numbers.
 * @returns One rank per value, in input order.
 */
export function averageRanks(values: readonly number[]): number[] {
  const n = values.length;
  const order = values
    .map((_, i) => i)
    .sort((a, b) => (values[a] as number) - (values[b] as number));
  const at = (k: number): number => values[order[k] as number] as number;
  const ranks = new Array<number>(n).fill(0);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && at(j + 1) === at(i)) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t] as number] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Minimum number of pairs for which a correlation is reported. */
export const MIN_CORRELATION_N = 3;

/**
 * Pearson product-moment correlation.
 * @param x Finite numbers.
 * @param y Finite numbers, same length as x.
 * @returns r in [-1, 1], or null when n < 3 or either variable has zero variance.
 * @throws RangeError when the lengths differ.
 */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) {
    throw new RangeError(`pearson: lengths differ (${x.length} vs ${y.length})`);
  }
  const n = x.length;
  if (n < MIN_CORRELATION_N) return null;
  // Exact test: the mean of equal floats can differ from them by rounding, which would turn a
  // constant variable into a spurious non-null r.
  if (x.every((v) => v === x[0]) || y.every((v) => v === y[0])) return null;
  const mx = sampleMean(x) as number;
  const my = sampleMean(y) as number;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Spearman rank correlation: Pearson correlation of the average ranks (exact with ties).
 * @param x Finite numbers.
 * @param y Finite numbers, same length as x.
 * @returns rho in [-1, 1], or null when n < 3 or either variable is constant.
 * @throws RangeError when the lengths differ.
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) {
    throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  }
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Two-sided p-value of a correlation coefficient under the null of no association, from
 * t = r·√((n-2)/(1-r²)) with n - 2 degrees of freedom. For Spearman this is the usual large-sample
 * approximation; it is rough for n < 10.
 * @param r Correlation coefficient, or null.
 * @param n Number of pairs.
 * @returns The p-value, or null when r is null or n < 3.
 */
export function correlationPValue(r: number | null, n: number): number | null {
  if (r === null || n < MIN_CORRELATION_N) return null;
  if (Math.abs(r) >= 1) return 0;
  const t = Math.abs(r) * Math.sqrt((n - 2) / (1 - r * r));
  return Math.min(1, 2 * (1 - studentTCdf(t, n - 2)));
}
