// What every chart figure shares: the words a figure needs from outside core (strategy names,
// prompt texts), axis ticks, and the table alternative (columns and rows) with its rounding.
import type { CsvValue } from './export';

/** Names a figure takes from the app (so core holds no second set of labels). */
export interface FigureNames {
  /** Readable name of a strategy id (the app's one strategy label function). */
  strategy: (id: string) => string;
  /** A prompt's text by id (the id itself when unknown). */
  prompt: (id: string) => string;
}

/** One axis tick: position along the axis in px and its label. */
export interface AxisTick {
  pos: number;
  label: string;
}

/** The table alternative of a chart (and its CSV export). */
export interface FigureTable {
  columns: readonly string[];
  rows: CsvValue[][];
}

/**
 * A number rounded for a table cell, or null when missing.
 * @param value The value.
 * @param digits Decimals kept (trailing zeros dropped: 0.5, not 0.5000).
 */
export function fixed(value: number | null | undefined, digits: number): number | null {
  return value === null || value === undefined ? null : Number(value.toFixed(digits));
}

/**
 * Ticks of a linear scale at the given values, labelled as written.
 * @param values Tick values.
 * @param scale Value to px.
 */
export function ticksAt(values: readonly number[], scale: (v: number) => number): AxisTick[] {
  return values.map((v) => ({ pos: scale(v), label: String(v) }));
}
