// Per-category functional diversity (Jain et al., Figure 2): mean number of functionally unique
// responses out of k per category x strategy (x model) with intervals, and the paper's own values.

import type { SamplingStrategy } from '../prompts';
import { CATEGORY_IDS, type CategoryId } from '../taxonomy';
import { orderModels, orderStrategies, type ResultPoint } from './points';
import { estimateMean, hashString, type Interval, type IntervalOptions } from './stats';

/** Which group of the paper's strategies a reference value is stated for. */
export type StrategyGroup = 'task-anchored' | 'general' | 'temperature';

/** The strategies of each group (system prompt and in-context regeneration variants). */
export const STRATEGY_GROUPS: Readonly<Record<StrategyGroup, readonly SamplingStrategy[]>> = {
  'task-anchored': ['system-task-anchored', 'icr-task-anchored'],
  general: ['system-general', 'icr-general'],
  temperature: ['temperature'],
};

/** A value the paper states: one approximate number or a range. */
export type ReferenceValue =
  { kind: 'point'; value: number } | { kind: 'range'; min: number; max: number };

/** One value reported by Jain et al. for Figure 2, with the wording it comes from. */
export interface PaperReferenceMark {
  category: CategoryId;
  strategyGroup: StrategyGroup;
  strategies: readonly SamplingStrategy[];
  /** The generator the statement is about. */
  model: string;
  value: ReferenceValue;
  /** True when the source says "~" (read off a figure), so the mark must be drawn as approximate. */
  approximate: boolean;
  /** Responses per prompt the value is out of. */
  k: number;
  /** The sentence the value comes from, verbatim from the source. */
  wording: string;
  source: string;
}

const SOURCE =
  'Jain et al. (2025), Result 1 on Figure 2 (GPT-4o), as summarised in the project notes';
const WORDING_A =
  'Category A (Well-Specified): Task-anchored sampling maintains ~1 unique response (homogenization preserved). General methods undesirably increase to ~2 unique answers.';
const WORDING_BC =
  'Categories B & C (Underspecified/Random): Both task-anchored and general methods achieve near-maximal diversity (~5 out of 5). Temperature sampling only achieves 2-3.';
const WORDING_D =
  'Category D (Problem-Solving Objective): General prompt-based strategies are not effective at eliciting diverse solution strategies. Task-anchored methods generate ~2-3 distinct strategies (limited by MATH-500 difficulty).';

function mark(
  category: CategoryId,
  strategyGroup: StrategyGroup,
  value: ReferenceValue,
  approximate: boolean,
  wording: string,
): PaperReferenceMark {
  return {
    category,
    strategyGroup,
    strategies: STRATEGY_GROUPS[strategyGroup],
    model: 'GPT-4o',
    value,
    approximate,
    k: 5,
    wording,
    source: SOURCE,
  };
}

/**
 * Every number the paper states for Figure 2, and nothing else: it gives none for temperature in
 * A ("also undesirably reduces homogenization"), for general strategies in D ("not effective"),
 * or for E-H ("task-anchored methods consistently outperform general methods").
 */
export const PAPER_REFERENCE_MARKS: readonly PaperReferenceMark[] = [
  mark('A', 'task-anchored', { kind: 'point', value: 1 }, true, WORDING_A),
  mark('A', 'general', { kind: 'point', value: 2 }, true, WORDING_A),
  mark('B', 'task-anchored', { kind: 'point', value: 5 }, true, WORDING_BC),
  mark('B', 'general', { kind: 'point', value: 5 }, true, WORDING_BC),
  mark('B', 'temperature', { kind: 'range', min: 2, max: 3 }, false, WORDING_BC),
  mark('C', 'task-anchored', { kind: 'point', value: 5 }, true, WORDING_BC),
  mark('C', 'general', { kind: 'point', value: 5 }, true, WORDING_BC),
  mark('C', 'temperature', { kind: 'range', min: 2, max: 3 }, false, WORDING_BC),
  mark('D', 'task-anchored', { kind: 'range', min: 2, max: 3 }, true, WORDING_D),
];

/**
 * The paper's values for a category and strategy id.
 * @returns Matching marks; empty for strategies or categories the paper gives no number for.
 */
export function referenceMarksFor(
  category: CategoryId,
  strategy: string,
): readonly PaperReferenceMark[] {
  return PAPER_REFERENCE_MARKS.filter(
    (m) => m.category === category && (m.strategies as readonly string[]).includes(strategy),
  );
}

/** One bar of Figure 2. */
export interface CategoryDiversityCell {
  /** Stable id: category, strategy and (when split by model) model. */
  key: string;
  category: CategoryId;
  strategy: string;
  /** Null when models are pooled. */
  model: string | null;
  /** Prompts with a class count. */
  n: number;
  /** Mean number of functionally unique responses; null when n = 0. */
  mean: number | null;
  /**
   * Interval of the mean, clipped to [1, k] because a mean of counts in [1, k] cannot leave it;
   * null when n < 2.
   */
  interval: Interval | null;
  /** Largest k in the cell (the axis maximum). */
  k: number;
  /** True when the cell mixes groups with different k (means are then not strictly comparable). */
  mixedK: boolean;
  /** The paper's values for this category and strategy. */
  reference: readonly PaperReferenceMark[];
}

/** Options of {@link categoryDiversity}. */
export interface CategoryDiversityOptions extends IntervalOptions {
  /** One cell per model (default true) or models pooled. */
  byModel?: boolean;
}

/** Everything the per-category chart renders. */
export interface CategoryDiversityView {
  /** Cells ordered by category (A-H), strategy (paper order), model. */
  cells: CategoryDiversityCell[];
  categories: CategoryId[];
  strategies: string[];
  /** Empty when models are pooled. */
  models: string[];
  /** Largest k overall (the y-axis maximum); 0 without cells. */
  maxK: number;
  /** Points left out for lack of a category or a class count. */
  excluded: number;
}

interface Bucket {
  category: CategoryId;
  strategy: string;
  model: string | null;
  values: number[];
  kMin: number;
  kMax: number;
}

/**
 * Computes Figure 2's cells.
 * @param points Result points.
 * @param options byModel (default true); interval method (default t), level, resamples, seed.
 *   Each bootstrap cell is seeded from the seed and its key, so a cell's interval does not depend
 *   on which other cells exist.
 * @returns Ordered cells with n, mean, interval and reference marks.
 */
export function categoryDiversity(
  points: readonly ResultPoint[],
  options: CategoryDiversityOptions = {},
): CategoryDiversityView {
  const byModel = options.byModel ?? true;
  const buckets = new Map<string, Bucket>();
  let excluded = 0;
  for (const p of points) {
    if (p.category === null || p.classCount === null || !Number.isFinite(p.classCount)) {
      excluded += 1;
      continue;
    }
    const model = byModel ? p.model : null;
    const key = JSON.stringify([p.category, p.strategy, model]);
    let b = buckets.get(key);
    if (b === undefined) {
      b = { category: p.category, strategy: p.strategy, model, values: [], kMin: p.k, kMax: p.k };
      buckets.set(key, b);
    }
    b.values.push(p.classCount);
    if (p.k < b.kMin) b.kMin = p.k;
    if (p.k > b.kMax) b.kMax = p.k;
  }
  const all = [...buckets.values()];
  const strategies = orderStrategies(all.map((b) => b.strategy));
  const models = byModel ? orderModels(all.map((b) => b.model ?? '')) : [];
  const categories = CATEGORY_IDS.filter((c) => all.some((b) => b.category === c));
  all.sort(
    (a, b) =>
      CATEGORY_IDS.indexOf(a.category) - CATEGORY_IDS.indexOf(b.category) ||
      strategies.indexOf(a.strategy) - strategies.indexOf(b.strategy) ||
      models.indexOf(a.model ?? '') - models.indexOf(b.model ?? ''),
  );
  const seed = options.seed ?? 1;
  let maxK = 0;
  const cells = all.map((b): CategoryDiversityCell => {
    const key = [b.category, b.strategy, b.model]
      .filter((part): part is string => part !== null)
      .map(encodeURIComponent)
      .join('/');
    const estimate = estimateMean(b.values, { ...options, seed: (seed ^ hashString(key)) >>> 0 });
    const upperBound = Math.max(1, b.kMax);
    const interval =
      estimate.interval === null
        ? null
        : {
            ...estimate.interval,
            lower: Math.min(upperBound, Math.max(1, estimate.interval.lower)),
            upper: Math.min(upperBound, Math.max(1, estimate.interval.upper)),
          };
    if (b.kMax > maxK) maxK = b.kMax;
    return {
      key,
      category: b.category,
      strategy: b.strategy,
      model: b.model,
      n: estimate.n,
      mean: estimate.mean,
      interval,
      k: b.kMax,
      mixedK: b.kMin !== b.kMax,
      reference: referenceMarksFor(b.category, b.strategy),
    };
  });
  return { cells, categories, strategies, models, maxK, excluded };
}
