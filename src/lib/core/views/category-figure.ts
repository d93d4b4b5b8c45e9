// The per-category diversity chart's words: its description, table rows and what the screen
// reader says for each bar or reference mark (the pixel layout is category-layout.ts).
import type {
  CategoryDiversityCell,
  CategoryDiversityView,
  PaperReferenceMark,
} from './category-diversity';
import type { CategoryBarMark, CategoryReferenceMark } from './category-layout';
import { fixed, type FigureNames, type FigureTable } from './figure';
import { categoryName, interval, num } from './format';

/** A paper value in words: "~2 of 5", "1-3 of 5". */
export function refValue(ref: PaperReferenceMark): string {
  const v =
    ref.value.kind === 'point' ? String(ref.value.value) : `${ref.value.min}-${ref.value.max}`;
  return `${ref.approximate ? '~' : ''}${v} of ${ref.k}`;
}

const COLUMNS = [
  'Category',
  'Strategy',
  'Prompts',
  'Mean classes',
  'CI lower',
  'CI upper',
  'Out of k',
  'Paper (Jain et al., GPT-4o)',
] as const;

/**
 * The chart's description and table.
 * @param view Cells per category x strategy.
 * @param model The model shown, or 'pooled'.
 */
export function categoryFigureText(
  view: CategoryDiversityView,
  model: string,
  names: Pick<FigureNames, 'strategy'>,
): FigureTable & { description: string } {
  return {
    description: categoryDescription(view, model, names),
    columns: COLUMNS,
    rows: view.cells.map((c) => [
      categoryName(c.category),
      names.strategy(c.strategy),
      c.n,
      fixed(c.mean, 3),
      fixed(c.interval?.lower, 3),
      fixed(c.interval?.upper, 3),
      c.k,
      c.reference.map(refValue).join('; ') || null,
    ]),
  };
}

function categoryDescription(
  view: CategoryDiversityView,
  model: string,
  names: Pick<FigureNames, 'strategy'>,
): string {
  const cells = view.cells.filter((c) => c.mean !== null);
  if (cells.length === 0) {
    return 'No functional class counts are stored for this run, so there is nothing to plot.';
  }
  const sorted = [...cells].sort((a, b) => (a.mean ?? 0) - (b.mean ?? 0));
  const name = (c: CategoryDiversityCell | undefined): string =>
    c === undefined
      ? ''
      : `${c.category} with ${names.strategy(c.strategy).toLowerCase()} (${num(c.mean)})`;
  return (
    `Mean functionally unique responses out of ${view.maxK} for ${view.categories.length} categories and ${view.strategies.length} strategies ` +
    `(${model === 'pooled' ? 'models pooled' : model}), with 95% t-intervals. ` +
    `Lowest: ${name(sorted[0])}; highest: ${name(sorted.at(-1))}. The table gives every value.`
  );
}

/** What the screen reader says for a bar or a reference mark. */
export function categoryItemLabel(
  item: CategoryBarMark | CategoryReferenceMark | undefined,
  names: Pick<FigureNames, 'strategy'>,
): string {
  if (item === undefined) return '';
  const where = `${categoryName(item.cell.category)}, ${names.strategy(item.cell.strategy)}`;
  return item.kind === 'bar'
    ? `${where}: mean ${num(item.cell.mean)} of ${item.cell.k}, 95% CI ${interval(item.cell.interval)}, ${item.cell.n} prompts`
    : `${where}: Jain et al. state ${refValue(item.ref)} for ${item.ref.model}`;
}
