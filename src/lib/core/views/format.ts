// Text formatting shared by the chart figures: numbers, intervals, short strategy and model
// names, category labels. (Full strategy names: state/results-view's strategyLabel.)
import { getCategory, isCategoryId } from '../taxonomy';
import { importedStrategyLabel } from './points';
import type { Interval } from './stats';

/** A number with `digits` decimals, or an en dash for a missing value. */
export function num(value: number | null | undefined, digits = 2): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A share as a whole percentage, or an en dash. */
export function pct(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)}%` : '–';
}

/** "[lower, upper]" of an interval, or "no interval (n < 2)". */
export function interval(i: Interval | null, digits = 2): string {
  return i === null ? 'no interval (n < 2)' : `[${num(i.lower, digits)}, ${num(i.upper, digits)}]`;
}

const SHORT_STRATEGY: Readonly<Record<string, string>> = {
  temperature: 'Temperature',
  'system-general': 'System (general)',
  'system-task-anchored': 'System (anchored)',
  'icr-general': 'Regeneration (general)',
  'icr-task-anchored': 'Regeneration (anchored)',
};

/** A short name of a strategy for tight labels ("Imported (source)" for imported responses). */
export function strategyShort(id: string): string {
  return SHORT_STRATEGY[id] ?? importedStrategyLabel(id) ?? id;
}

/** The model part of an engine id (`fake/alpha` -> `alpha`). */
export function modelShort(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(slash + 1);
}

/** A p-value for a table: three decimals, or "<0.001". */
export function pValue(p: number | null | undefined): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '–';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/**
 * A category as a wrapped axis label: "A. Well-specified", words greedily packed into lines of at
 * most `width` characters (a longer word gets a line of its own), joined with '\n'.
 */
export function categoryTick(id: string, width = 14): string {
  const lines: string[] = [];
  for (const word of categoryName(id).split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

/** "A. Well-specified" for a category id, the id otherwise. */
export function categoryName(id: string | null): string {
  if (id === null) return 'Unknown category';
  return isCategoryId(id) ? `${id}. ${getCategory(id).shortName}` : id;
}

/** A text shortened to `max` characters with an ellipsis. */
export function clip(text: string, max = 90): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
