// Functional diversity (Definitions 3.1-3.2): classes of functionally equivalent responses are the
// connected components of the pairwise "equivalent" graph; a judge decides each pair.

/** One unordered pair `i < j` and whether its two responses are functionally equivalent. */
export interface Verdict {
  i: number;
  j: number;
  equivalent: boolean;
  /** 'judged': the judge was asked; 'inferred': skipped because already connected. */
  source: 'judged' | 'inferred';
}

/** Result of {@link judgeFunctionalClasses}. */
export interface JudgedClasses {
  /** Equivalence classes, each sorted ascending, ordered by first member. */
  classes: number[][];
  /** One verdict per unordered pair, in {@link orderedPairs} order. */
  verdicts: Verdict[];
  /** Number of judge invocations. */
  calls: number;
  /** Number of unordered pairs, `n(n-1)/2`. */
  pairs: number;
}

/** Options of {@link judgeFunctionalClasses}. */
export interface JudgeOptions {
  /** Skip pairs already connected through earlier "equivalent" verdicts (default true). */
  skipConnected?: boolean;
  /** Aborts the judging between two judge calls. */
  signal?: AbortSignal;
}

function assertCount(n: number, caller: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${caller}: n must be a non-negative integer, got ${n}`);
  }
}

/** Union-find over 0..n-1; path compression keeps `find` near constant time. */
class UnionFind {
  private readonly parent: number[];

  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, k) => k);
  }

  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    let node = x;
    while (node !== root) {
      const next = this.parent[node] as number;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    // Attaching the larger root under the smaller keeps roots equal to the first member.
    if (rootA < rootB) this.parent[rootB] = rootA;
    else if (rootB < rootA) this.parent[rootA] = rootB;
  }

  classes(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let k = 0; k < this.parent.length; k += 1) {
      const root = this.find(k);
      const members = byRoot.get(root);
      if (members === undefined) byRoot.set(root, [k]);
      else members.push(k);
    }
    // Map iteration follows insertion order, i.e. first member ascending; members ascend too.
    return [...byRoot.values()];
  }
}

/**
 * All unordered pairs `(i, j)` with `i < j` in lexicographic order: (0,1), (0,2), ..., (1,2), ...
 * @param n Number of responses.
 * @returns The `n(n-1)/2` pairs.
 * @throws RangeError when n is not a non-negative integer.
 */
export function orderedPairs(n: number): [number, number][] {
  assertCount(n, 'orderedPairs');
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) pairs.push([i, j]);
  }
  return pairs;
}

/**
 * Connected components of the equivalence graph over responses `0..n-1`.
 * @param n Number of responses.
 * @param equivalentPairs Edges `[i, j]` between functionally equivalent responses.
 * @returns Classes sorted ascending, ordered by first member; singletons included.
 * @throws RangeError on a bad `n` or an index outside `0..n-1`.
 */
export function functionalClasses(
  n: number,
  equivalentPairs: Iterable<readonly [number, number]>,
): number[][] {
  assertCount(n, 'functionalClasses');
  const sets = new UnionFind(n);
  for (const [a, b] of equivalentPairs) {
    for (const index of [a, b]) {
      if (!Number.isInteger(index) || index < 0 || index >= n) {
        throw new RangeError(`functionalClasses: index ${index} outside 0..${n - 1}`);
      }
    }
    sets.union(a, b);
  }
  return sets.classes();
}

/**
 * Builds functional classes by asking a judge about pairs in {@link orderedPairs} order.
 * With `skipConnected`, a pair whose responses are already connected through earlier
 * "equivalent" verdicts is not asked (recorded as an inferred equivalent verdict): its answer
 * could not change the components. Five all-equivalent responses thus cost 4 calls, not 10;
 * in general, for a transitive judge, `n(n-1)/2 - Σ C(size-1, 2)` calls over the classes.
 * The resulting classes always equal the components of all pairs the judge would call
 * equivalent, even for a non-transitive judge.
 * Calls are strictly sequential: whether a pair is asked depends on all earlier verdicts.
 * @param n Number of responses.
 * @param judgePair Returns whether responses `i < j` are functionally equivalent.
 * @param options `skipConnected` (default true) and an optional abort `signal`.
 * @returns Classes, one verdict per pair, the number of judge calls and of pairs.
 * @throws The signal's reason (an AbortError by default) when aborted before or between calls.
 */
export async function judgeFunctionalClasses(
  n: number,
  judgePair: (i: number, j: number) => boolean | Promise<boolean>,
  { skipConnected = true, signal }: JudgeOptions = {},
): Promise<JudgedClasses> {
  assertCount(n, 'judgeFunctionalClasses');
  const sets = new UnionFind(n);
  const verdicts: Verdict[] = [];
  let calls = 0;
  signal?.throwIfAborted();
  for (const [i, j] of orderedPairs(n)) {
    if (skipConnected && sets.find(i) === sets.find(j)) {
      verdicts.push({ i, j, equivalent: true, source: 'inferred' });
      continue;
    }
    calls += 1;
    const equivalent = await judgePair(i, j);
    // A verdict that arrives after an abort is discarded rather than reported as a result.
    signal?.throwIfAborted();
    verdicts.push({ i, j, equivalent, source: 'judged' });
    if (equivalent) sets.union(i, j);
  }
  return { classes: sets.classes(), verdicts, calls, pairs: (n * (n - 1)) / 2 };
}

/**
 * Number of functionally unique responses (Definition 3.2).
 * @param classes Equivalence classes.
 * @returns The number of classes.
 */
export function classCount(classes: readonly (readonly number[])[]): number {
  return classes.length;
}

/**
 * Normalises a number of functionally unique responses to [0, 1]: `(classes - 1) / (k - 1)`.
 * @param uniqueCount Number of classes among the `k` responses.
 * @param k Number of responses.
 * @returns 0 when all responses are equivalent, 1 when all differ; 0 when `k <= 1`.
 * @throws RangeError unless `uniqueCount` is an integer in 1..k (for k >= 1).
 */
export function functionalDiversityScore(uniqueCount: number, k: number): number {
  if (!Number.isInteger(k) || k < 0) {
    throw new RangeError(`functionalDiversityScore: k must be a non-negative integer, got ${k}`);
  }
  const min = k === 0 ? 0 : 1;
  if (!Number.isInteger(uniqueCount) || uniqueCount < min || uniqueCount > k) {
    throw new RangeError(
      `functionalDiversityScore: class count ${uniqueCount} impossible for ${k} responses`,
    );
  }
  return k <= 1 ? 0 : (uniqueCount - 1) / (k - 1);
}

/**
 * Converts a NoveltyBench-style label array (`partition[i]` = class label of response i) into
 * classes. Labels need not be contiguous or in first-occurrence order.
 * @param partition One integer label per response.
 * @returns Classes sorted ascending, ordered by first member.
 * @throws RangeError when a label is not an integer.
 */
export function partitionToClasses(partition: readonly number[]): number[][] {
  const byLabel = new Map<number, number[]>();
  partition.forEach((label, index) => {
    if (!Number.isInteger(label)) {
      throw new RangeError(`partitionToClasses: label ${label} at ${index} is not an integer`);
    }
    const members = byLabel.get(label);
    if (members === undefined) byLabel.set(label, [index]);
    else members.push(index);
  });
  return [...byLabel.values()];
}
