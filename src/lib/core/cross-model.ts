// Inter-model homogenization: functional classes over responses pooled from several generator
// models, compared with each model's own classes, to see whether different models converge.

import { functionalClasses } from './functional';

/** One judge order's answer on a pooled pair; null when the call failed or stayed unreadable. */
export type OrderVerdict = 'equivalent' | 'different' | null;

/** One answered judge call on pooled positions `i < j`, in one order. */
export interface PooledCall {
  i: number;
  j: number;
  order: 'ab' | 'ba';
  verdict: OrderVerdict;
}

/** An edge of the pooled equivalence graph. */
export interface PooledEdge {
  i: number;
  j: number;
  /** 'judged': every order said equivalent; 'inferred': not asked, already in one class. */
  source: 'judged' | 'inferred';
}

/** Classes of a pooled set read back from its stored verdicts. */
export interface PooledClasses {
  /** Classes over pooled positions, each ascending, ordered by first member. */
  classes: number[][];
  edges: PooledEdge[];
  /** Pairs whose every order was answered. */
  judgedPairs: number;
  /** Judged pairs with a failed order (counted as different, as the judge stage does). */
  failedPairs: number;
  /** Answered calls (pairs x orders). */
  calls: number;
  /** Pairs neither judged nor implied by the classes: judging is unfinished while > 0. */
  openPairs: number;
  complete: boolean;
}

/**
 * Reads the classes of a pooled set from its judge calls, with the judge stage's rules: a pair is
 * equivalent only when every order said "equivalent"; a failed order makes it different. Classes
 * are the connected components of the equivalent pairs, which is what pair skipping produces, so
 * pairs left unasked inside one class are drawn as inferred edges. A pair that is neither
 * answered in every order nor inside one class is open: the pooled judging has not finished.
 * @param n Size of the pool.
 * @param calls Answered calls; duplicates of the same pair and order keep the first.
 * @param orders 1, or 2 when each pair is judged in both orders.
 * @throws RangeError when a call names a position outside 0..n-1 or has i >= j.
 */
export function pooledClasses(
  n: number,
  calls: readonly PooledCall[],
  orders: 1 | 2,
): PooledClasses {
  const byPair = new Map<string, Map<'ab' | 'ba', OrderVerdict>>();
  for (const c of calls) {
    if (!Number.isInteger(c.i) || !Number.isInteger(c.j) || c.i < 0 || c.j >= n || c.i >= c.j) {
      throw new RangeError(`pooledClasses: pair (${c.i}, ${c.j}) is not i < j within 0..${n - 1}`);
    }
    const key = `${c.i}-${c.j}`;
    const found = byPair.get(key) ?? new Map<'ab' | 'ba', OrderVerdict>();
    if (!found.has(c.order)) found.set(c.order, c.verdict);
    byPair.set(key, found);
  }
  const needed: ('ab' | 'ba')[] = orders === 2 ? ['ab', 'ba'] : ['ab'];
  const equivalent: [number, number][] = [];
  const judged = new Set<string>();
  let failedPairs = 0;
  let answered = 0;
  for (const [key, verdicts] of byPair) {
    answered += needed.filter((o) => verdicts.has(o)).length;
    if (!needed.every((o) => verdicts.has(o))) continue;
    judged.add(key);
    const values = needed.map((o) => verdicts.get(o));
    if (values.some((v) => v === null)) failedPairs += 1;
    else if (values.every((v) => v === 'equivalent')) {
      const [i, j] = key.split('-').map(Number) as [number, number];
      equivalent.push([i, j]);
    }
  }
  const classes = functionalClasses(n, equivalent);
  const classOf = new Map<number, number>();
  classes.forEach((members, c) => members.forEach((m) => classOf.set(m, c)));
  const judgedEdges = new Set(equivalent.map(([i, j]) => `${i}-${j}`));
  const edges: PooledEdge[] = [];
  let openPairs = 0;
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const key = `${i}-${j}`;
      if (judgedEdges.has(key)) edges.push({ i, j, source: 'judged' });
      else if (classOf.get(i) === classOf.get(j)) edges.push({ i, j, source: 'inferred' });
      else if (!judged.has(key)) openPairs += 1;
    }
  }
  return {
    classes,
    edges,
    judgedPairs: judged.size,
    failedPairs,
    calls: answered,
    openPairs,
    complete: openPairs === 0,
  };
}

/** Input of {@link modelConvergence}. */
export interface ConvergenceInput {
  /** Generator model of each pooled position. */
  models: readonly string[];
  /** Classes over the pooled positions. */
  classes: readonly (readonly number[])[];
  /** Each model's own class count for the same prompt and strategy (null: not judged). */
  perModel: Readonly<Record<string, number | null>>;
}

/** How far several models' responses to one prompt fall into the same functional classes. */
export interface Convergence {
  /** Classes over the pooled responses. */
  pooled: number;
  /** Sum of the models' own class counts: the pooled count if no two models ever agreed. */
  sumPerModel: number | null;
  /** The largest own class count: the pooled count if the other models only repeated it. */
  maxPerModel: number | null;
  /** Pooled classes holding responses of at least two models. */
  shared: number;
  /** The models of each pooled class, sorted. */
  classModels: string[][];
  /** sumPerModel - pooled: classes that merged across models. */
  merged: number | null;
  /**
   * merged / (sumPerModel - maxPerModel), clamped to [0, 1]: 0 when the models share no answer,
   * 1 when all of them land in the classes of the most diverse one. Null when there is nothing
   * to merge (fewer than two judged models, or every other model added no class).
   */
  convergence: number | null;
}

/**
 * Compares pooled classes with per-model classes (inter-model homogenization). A model whose
 * own count is missing makes the sums unknown, since its share of the pool cannot be told.
 * @param input Model of each position, pooled classes and each model's own class count.
 * @returns Pooled and per-model counts, shared classes, merged classes and a 0-1 convergence.
 * @throws RangeError when a class names a position without a model.
 */
export function modelConvergence(input: ConvergenceInput): Convergence {
  const classModels = input.classes.map((members) => {
    const set = new Set<string>();
    for (const m of members) {
      const model = input.models[m];
      if (model === undefined) throw new RangeError(`modelConvergence: position ${m} has no model`);
      set.add(model);
    }
    return [...set].sort((a, b) => a.localeCompare(b));
  });
  const pooled = input.classes.length;
  const shared = classModels.filter((m) => m.length > 1).length;
  const present = [...new Set(input.models)];
  const counts = present.map((m) => input.perModel[m] ?? null);
  if (present.length === 0 || counts.some((c) => c === null)) {
    return {
      pooled,
      sumPerModel: null,
      maxPerModel: null,
      shared,
      classModels,
      merged: null,
      convergence: null,
    };
  }
  const values = counts as number[];
  const sumPerModel = values.reduce((s, v) => s + v, 0);
  const maxPerModel = Math.max(...values);
  const merged = sumPerModel - pooled;
  const room = sumPerModel - maxPerModel;
  return {
    pooled,
    sumPerModel,
    maxPerModel,
    shared,
    classModels,
    merged,
    convergence: room <= 0 ? null : Math.min(1, Math.max(0, merged / room)),
  };
}
