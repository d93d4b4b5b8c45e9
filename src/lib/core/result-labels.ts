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

/** Class count over responses, "3/5" (a mean across judges keeps its decimals: "2.5/5"). */
export function formatClasses(classes: number | null, responses: number): string {
  return classes === null ? MISSING : `${formatNumber(classes)}/${responses}`;
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
