// Labels and number formats of run results, shared by the Results table, the prompt view, the
// chart views and the Framework page: missing values, class counts, strategy and model names.

import { SAMPLING_STRATEGIES, type SamplingStrategy } from './prompts';
import { importedStrategyLabel } from './views/points';

/** Shown for a value that does not exist (not measured, not applicable). */
export const MISSING = '–';

/** A number with at most `digits` decimals and no trailing zeros; MISSING for null. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return String(Number(value.toFixed(digits)));
}

/** A 0-1 share as a whole percentage; MISSING for null. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return `${Math.round(value * 100)}%`;
}

/** How {@link formatClasses} writes a count. */
export interface ClassCountFormat {
  /** Decimals a mean across judges keeps (default 2). */
  digits?: number;
  /** Unjudged responses as "–/4" rather than "–" (a run in progress shows what it has). */
  countUnjudged?: boolean;
}

/**
 * Class count over responses, "3/5" (a mean across judges keeps its decimals: "2.5/5").
 * @param classes The count, or null while the group is not judged.
 * @param responses The group's responses.
 */
export function formatClasses(
  classes: number | null,
  responses: number,
  { digits = 2, countUnjudged = false }: ClassCountFormat = {},
): string {
  if (classes === null) return countUnjudged && responses > 0 ? `${MISSING}/${responses}` : MISSING;
  return `${formatNumber(classes, digits)}/${responses}`;
}

/**
 * Display label of a strategy id as groups are compared (GroupSummary.comparedAs): the sampling
 * strategy's name, "Imported (source)" for imported responses, else the id itself.
 */
export function strategyLabel(id: string): string {
  return Object.prototype.hasOwnProperty.call(SAMPLING_STRATEGIES, id)
    ? SAMPLING_STRATEGIES[id as SamplingStrategy].label
    : (importedStrategyLabel(id) ?? id);
}

const SHORT_STRATEGY: Readonly<Record<SamplingStrategy, string>> = {
  temperature: 'Temperature',
  'system-general': 'System (general)',
  'system-task-anchored': 'System (anchored)',
  'icr-general': 'Regen. (general)',
  'icr-task-anchored': 'Regen. (anchored)',
};

/** Compact label of a sampling strategy for narrow table columns (full label as its title). */
export function strategyShortLabel(id: string): string {
  return Object.prototype.hasOwnProperty.call(SHORT_STRATEGY, id)
    ? SHORT_STRATEGY[id as SamplingStrategy]
    : (importedStrategyLabel(id) ?? id);
}

/** The model part of an engine id (`openai/gpt-4o` -> `gpt-4o`), for compact labels. */
export function shortModel(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(slash + 1);
}
