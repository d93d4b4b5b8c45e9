// The Results table of a run: one row per prompt x model x strategy group of the run model,
// filters, a stable sort with missing values last, and the per-category x strategy pivot.

import { mean } from './aggregate';
import type { RunModel } from './run-model';
import { CATEGORY_IDS, type CategoryId } from './taxonomy';
import type { SummaryGroupLike } from './views/points';

/** The part of pipeline/results.ts's GroupSummary a table row reads (structurally typed). */
export interface TableGroupLike extends SummaryGroupLike {
  comparedAs: string;
  classCounts: readonly { judge: string; classCount: number; failedPairs: number }[];
  accuracy: { rate: number | null; correct: number; graded: number } | null;
}

/** One row of the results table: one prompt's responses from one model with one strategy. */
export interface ResultRow {
  key: string;
  promptId: string;
  promptText: string;
  model: string;
  /** Strategy key of the stored records. */
  strategy: string;
  /** Strategy shown, filtered, sorted and compared by (imported: `imported:<source>`). */
  comparedAs: string;
  /** The prompt's dataset category. */
  known?: CategoryId;
  /** This model's classification of the prompt. */
  predicted?: CategoryId;
  /** The category the run used (judge's category, else override, known or predicted). */
  category?: CategoryId;
  responses: number;
  /** Mean class count across judges. */
  classes: number | null;
  /** Each judge's class count, e.g. "judge-a: 3, judge-b: 2". */
  judgeDetail: string;
  failedPairs: number;
  vocabulary: number | null;
  embedding: number | null;
  compression: number | null;
  quality: number | null;
  accuracy: number | null;
  correct: number;
  graded: number;
}

/**
 * The table rows of a run, one per summarized group, in the summary's order.
 * @param model The run model (core/run-model.ts): its groups with their categories.
 */
export function buildRows(model: Pick<RunModel<TableGroupLike>, 'groups'>): ResultRow[] {
  return model.groups.map(({ summary: g, key, promptText, known, predicted, category }) => ({
    key,
    promptId: g.promptId,
    promptText,
    model: g.model,
    strategy: g.strategy,
    comparedAs: g.comparedAs,
    ...(known === undefined ? {} : { known }),
    ...(predicted === undefined ? {} : { predicted }),
    ...(category === undefined ? {} : { category }),
    responses: g.responses,
    classes: g.meanClassCount,
    judgeDetail: g.classCounts
      .map(
        (c) =>
          `${c.judge}: ${c.classCount}${c.failedPairs > 0 ? ` (${c.failedPairs} failed)` : ''}`,
      )
      .join(', '),
    failedPairs: g.classCounts.reduce((s, c) => s + c.failedPairs, 0),
    vocabulary: g.general?.vocabulary ?? null,
    embedding: g.general?.embedding ?? null,
    compression: g.general?.compression ?? null,
    quality: g.quality,
    accuracy: g.accuracy?.rate ?? null,
    correct: g.accuracy?.correct ?? 0,
    graded: g.accuracy?.graded ?? 0,
  }));
}

/** The table's filters; 'all' lets every value through. */
export interface RowFilters {
  category: CategoryId | 'all';
  strategy: string;
  model: string;
}

/** No filtering. */
export const NO_FILTERS: RowFilters = { category: 'all', strategy: 'all', model: 'all' };

/** Rows passing every filter. */
export function filterRows(rows: readonly ResultRow[], filters: RowFilters): ResultRow[] {
  return rows.filter(
    (r) =>
      (filters.category === 'all' || r.category === filters.category) &&
      (filters.strategy === 'all' || r.comparedAs === filters.strategy) &&
      (filters.model === 'all' || r.model === filters.model),
  );
}

/** Columns the table sorts by. */
export type SortKey =
  | 'prompt'
  | 'model'
  | 'strategy'
  | 'category'
  | 'classes'
  | 'vocabulary'
  | 'embedding'
  | 'compression'
  | 'quality'
  | 'accuracy';

/** Sort direction. */
export type SortDirection = 'asc' | 'desc';

function sortValue(row: ResultRow, key: SortKey): string | number | null {
  switch (key) {
    case 'prompt':
      return row.promptText;
    case 'model':
      return row.model;
    case 'strategy':
      return row.comparedAs;
    case 'category':
      return row.category ?? null;
    default:
      return row[key];
  }
}

/**
 * Rows sorted by one column; missing values always go last, ties keep the summary's order
 * (prompt, model, strategy), so the order is stable whatever was sorted before.
 */
export function sortRows(
  rows: readonly ResultRow[],
  key: SortKey,
  direction: SortDirection,
): ResultRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, position) => ({ row, position, value: sortValue(row, key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.position - b.position;
        return a.value === null ? 1 : -1;
      }
      const c =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value));
      return c === 0 ? a.position - b.position : sign * c;
    })
    .map((x) => x.row);
}

/** Mean class count per category (rows) and strategy (columns), as in the paper's Figure 2. */
export interface StrategyPivot {
  categories: CategoryId[];
  strategies: string[];
  /** `cells[c][s]`: mean class count, null when no judged row. */
  cells: (number | null)[][];
}

/** Averages the rows' class counts per category and strategy (categories in A..H order). */
export function strategyPivot(
  rows: readonly ResultRow[],
  strategies: readonly string[],
): StrategyPivot {
  const categories = CATEGORY_IDS.filter((c) => rows.some((r) => r.category === c));
  return {
    categories,
    strategies: [...strategies],
    cells: categories.map((c) =>
      strategies.map((s) =>
        mean(
          rows
            .filter((r) => r.category === c && r.comparedAs === s && r.classes !== null)
            .map((r) => r.classes as number),
        ),
      ),
    ),
  };
}
