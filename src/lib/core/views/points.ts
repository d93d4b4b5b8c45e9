// The one row shape every chart transform reads (a prompt x model x strategy result), and the
// adapter from the pipeline's run summary to those rows, so views depend on a single place.

import { SAMPLING_STRATEGY_IDS } from '../prompts';
import { activeContexts, type NormativeContext } from '../mmhs';
import { isCategoryId, type CategoryId } from '../taxonomy';

/** Everything measured for one prompt x model x strategy group of k responses. */
export interface ResultPoint {
  /** Stable id of the group, see {@link pointId}. */
  id: string;
  promptId: string;
  /** Task category the group was judged under; null when unknown (never judged, no label). */
  category: CategoryId | null;
  /** Generator engine id. */
  model: string;
  /**
   * Strategy the group is shown and compared under: the sampling strategy, or for imported
   * responses {@link importedStrategyId} (or the strategy the user assigned to them).
   */
  strategy: string;
  /** Number of responses the classes were counted over. */
  k: number;
  /** Functionally unique responses, averaged across judges (may be fractional); null if unjudged. */
  classCount: number | null;
  /** Mean pairwise Jaccard distance of word sets, in [0, 1]; null if not computed. */
  vocabulary: number | null;
  /** Mean pairwise cosine distance of embeddings, in [0, 2]; null without embeddings. */
  embedding: number | null;
  /** Gzip compression ratio (higher = more repetitive); null if not computed. */
  compression: number | null;
  /** Mean 1-5 checklist grade; null if ungraded. */
  quality: number | null;
  /** Share of responses matching the gold answer; null without a gold answer. */
  accuracy: number | null;
  /** Normative contexts active for this prompt (empty when the category is unknown). */
  contexts: readonly NormativeContext[];
}

/** The part of `pipeline/results.ts`'s GroupSummary the adapter reads (structurally typed). */
export interface SummaryGroupLike {
  promptId: string;
  model: string;
  /** The stored strategy key (the point's id is built from it, so records can be found). */
  strategy: string;
  /** Strategy to show and compare under when it differs from the stored key (imported groups). */
  comparedAs?: string;
  category?: CategoryId;
  responses: number;
  meanClassCount: number | null;
  general: { vocabulary: number; embedding: number | null; compression: number } | null;
  quality: number | null;
  accuracy: { rate: number | null } | null;
}

/** The part of `summarizeRun`'s output the adapter reads. */
export interface SummaryLike {
  groups: readonly SummaryGroupLike[];
}

/** Options of {@link pointsFromSummary}. */
export interface PointsFromSummaryOptions {
  /**
   * Responses per group (the experiment's samples per prompt). Default: the number of responses
   * the group actually stored, which is what the judge partitioned when some samples failed.
   */
  k?: number;
  /** Category of a prompt when the group carries none (e.g. from the prompt record). */
  promptCategory?: (promptId: string) => CategoryId | undefined;
  /** Active contexts of a prompt; default: {@link activeContexts} of its category. */
  contexts?: (promptId: string, category: CategoryId) => readonly NormativeContext[];
  /**
   * With the default contexts, also count activations that hold only for some prompts of a
   * category (e.g. societal for creative writing that depicts people). Default false: a view
   * should not claim a context is active for every prompt when the map says "sometimes".
   */
  includeConditional?: boolean;
}

/**
 * Stable id of a prompt x model x strategy group. Parts are URI-encoded so that ids containing
 * the separator (model ids such as `openai/gpt-4o`) can never collide.
 * @returns e.g. `p1/openai%2Fgpt-4o/temperature`.
 */
export function pointId(promptId: string, model: string, strategy: string): string {
  return [promptId, model, strategy].map(encodeURIComponent).join('/');
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Converts a run summary into result points, one per group, in the summary's order.
 * @param summary `summarizeRun(run)` or anything with the same group fields.
 * @param options k, category fallback and context selection.
 * @returns The points; fields that were not measured are null.
 */
export function pointsFromSummary(
  summary: SummaryLike,
  options: PointsFromSummaryOptions = {},
): ResultPoint[] {
  const includeConditional = options.includeConditional ?? false;
  return summary.groups.map((g) => {
    const fallback = options.promptCategory?.(g.promptId);
    const category = isCategoryId(g.category)
      ? g.category
      : isCategoryId(fallback)
        ? fallback
        : null;
    const contexts =
      category === null
        ? []
        : (options.contexts?.(g.promptId, category) ??
          activeContexts(category, includeConditional));
    return {
      id: pointId(g.promptId, g.model, g.strategy),
      promptId: g.promptId,
      category,
      model: g.model,
      strategy: g.comparedAs ?? g.strategy,
      k: options.k ?? g.responses,
      classCount: finiteOrNull(g.meanClassCount),
      vocabulary: finiteOrNull(g.general?.vocabulary),
      embedding: finiteOrNull(g.general?.embedding),
      compression: finiteOrNull(g.general?.compression),
      quality: finiteOrNull(g.quality),
      accuracy: finiteOrNull(g.accuracy?.rate),
      contexts,
    };
  });
}

/** Prefix of the strategy id imported groups are shown and compared under. */
export const IMPORTED_STRATEGY_PREFIX = 'imported:';

/**
 * The strategy id of responses imported from `source` whose sampling is unknown. It is never one
 * of the paper's strategies, so imported groups form their own series, get no paper reference
 * values, and are never averaged with a sampling strategy (until the user assigns one).
 * @param source Where the responses came from (file or dataset name).
 */
export function importedStrategyId(source: string): string {
  return `${IMPORTED_STRATEGY_PREFIX}${source}`;
}

/** "Imported (source)" for an imported strategy id, else null (callers label real strategies). */
export function importedStrategyLabel(strategy: string): string | null {
  const source = importedSourceOf(strategy);
  return source === null ? null : `Imported (${source})`;
}

/** The source of an imported strategy id, or null for any other id. */
export function importedSourceOf(strategy: string): string | null {
  return strategy.startsWith(IMPORTED_STRATEGY_PREFIX)
    ? strategy.slice(IMPORTED_STRATEGY_PREFIX.length)
    : null;
}

/**
 * Orders strategy ids for legends and axes: the paper's order first (temperature, system prompt
 * general / anchored, regeneration general / anchored), then unknown ids alphabetically.
 * @param strategies Ids, duplicates allowed.
 * @returns Distinct ids in display order.
 */
export function orderStrategies(strategies: Iterable<string>): string[] {
  const known = SAMPLING_STRATEGY_IDS as readonly string[];
  return [...new Set(strategies)].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0) return -1;
    if (ib >= 0) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/**
 * Orders model ids alphabetically (code-unit order, so the result is locale-independent).
 * @param models Ids, duplicates allowed.
 * @returns Distinct ids in display order.
 */
export function orderModels(models: Iterable<string>): string[] {
  return [...new Set(models)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
