// Seeded, reproducible sampling of imported items: "50 random rows" or "N per level/subject".
// The same seed always picks the same rows, so a shared run can be rebuilt from its settings.

import { createRng } from '../views/stats';

/**
 * mulberry32: a tiny 32-bit seeded generator with good statistical quality for sampling.
 * Returns a function producing floats in [0, 1). The one generator the views also use.
 */
export const mulberry32: (seed: number) => () => number = createRng;

/**
 * Indices of `n` distinct positions out of `length`, chosen by a partial Fisher-Yates shuffle.
 * The first k picks do not depend on n, so a smaller sample with the same seed is a subset of a
 * larger one.
 */
function pickIndices(length: number, n: number, random: () => number): number[] {
  const order = Array.from({ length }, (_, i) => i);
  const count = Math.min(length, Math.max(0, Math.floor(n)));
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, count).sort((a, b) => a - b);
}

/**
 * `n` items chosen at random with a seed, returned in their original order. Asking for more
 * items than exist returns them all; n <= 0 returns none.
 */
export function sampleItems<T>(items: readonly T[], options: { n: number; seed: number }): T[] {
  return pickIndices(items.length, options.n, mulberry32(options.seed)).map((i) => items[i]!);
}

/** What to group by: a function of the item, or a field name looked up in `meta`, then on the item. */
export type GroupKey<T> = string | ((item: T) => unknown);

/** Group label of an item; a missing value forms its own group (""). */
export function groupOf<T>(item: T, key: GroupKey<T>): string {
  let value: unknown;
  if (typeof key === 'function') value = key(item);
  else if (typeof item === 'object' && item !== null) {
    const meta = (item as { meta?: unknown }).meta;
    const fromMeta =
      typeof meta === 'object' && meta !== null && Object.hasOwn(meta, key)
        ? (meta as Record<string, unknown>)[key]
        : undefined;
    value =
      fromMeta ?? (Object.hasOwn(item, key) ? (item as Record<string, unknown>)[key] : undefined);
  }
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Up to `nPer` items from every group (e.g. 10 per MATH-500 level, as the paper did), seeded and
 * returned in original order. Groups are sampled in order of first appearance from one random
 * stream, so the result depends only on the items, the key, nPer and the seed.
 */
export function sampleByGroup<T>(
  items: readonly T[],
  key: GroupKey<T>,
  nPer: number,
  seed: number,
): T[] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const label = groupOf(item, key);
    const members = groups.get(label);
    if (members) members.push(index);
    else groups.set(label, [index]);
  });
  const random = mulberry32(seed);
  const chosen: number[] = [];
  for (const members of groups.values()) {
    for (const k of pickIndices(members.length, nPer, random)) chosen.push(members[k]!);
  }
  return chosen.sort((a, b) => a - b).map((i) => items[i]!);
}

/** Number of items in each group, in order of first appearance (for "N per group" previews). */
export function groupCounts<T>(items: readonly T[], key: GroupKey<T>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const label = groupOf(item, key);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}
