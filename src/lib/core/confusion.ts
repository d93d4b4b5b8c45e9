// Classifier check: an 8x8 confusion matrix of known vs predicted task categories with accuracy,
// per-category recall and precision, per generator model as the paper reports classification.

import { CATEGORY_IDS, type CategoryId } from './taxonomy';

/** One classified prompt: its known (dataset) category and the model's answer, either optional. */
export interface ClassifiedPrompt {
  known?: CategoryId;
  predicted?: CategoryId;
}

/** Confusion matrix of one classifier; rows are known categories, columns predicted, A..H. */
export interface ConfusionMatrix {
  /** `counts[r][c]`: prompts known as CATEGORY_IDS[r] and predicted as CATEGORY_IDS[c]. */
  counts: number[][];
  /** `shares[r][c]`: counts[r][c] over the row's scored prompts (0 for an empty row). */
  shares: number[][];
  /** Per known category: prompts whose prediction could not be read (left out of `counts`). */
  unreadable: number[];
  /** Prompts with a known category. */
  total: number;
  /** Prompts with a known and a predicted category (what accuracy is computed over). */
  scored: number;
  correct: number;
  /** correct / scored; null when nothing was scored. */
  accuracy: number | null;
  /** Per category: correct / row total; null for a category no scored prompt is known as. */
  recall: (number | null)[];
  /** Per category: correct / column total; null for a category never predicted. */
  precision: (number | null)[];
}

const INDEX = new Map<CategoryId, number>(CATEGORY_IDS.map((c, i) => [c, i]));
const square = (): number[][] => CATEGORY_IDS.map(() => CATEGORY_IDS.map(() => 0));

/**
 * Builds the confusion matrix of one classifier. Prompts without a known category cannot be
 * scored and are ignored; prompts with a known category but no readable prediction are counted
 * in `unreadable` and left out of accuracy, matching how a run scores classifications
 * (`correct` is only set when both categories exist).
 * @param items Classified prompts of one model.
 * @returns Counts, row shares, accuracy, recall and precision.
 */
export function confusionMatrix(items: readonly ClassifiedPrompt[]): ConfusionMatrix {
  const counts = square();
  const unreadable = CATEGORY_IDS.map(() => 0);
  let total = 0;
  for (const item of items) {
    if (item.known === undefined) continue;
    const row = INDEX.get(item.known);
    if (row === undefined) continue;
    total += 1;
    const col = item.predicted === undefined ? undefined : INDEX.get(item.predicted);
    if (col === undefined) unreadable[row] = (unreadable[row] ?? 0) + 1;
    else (counts[row] as number[])[col] = ((counts[row] as number[])[col] ?? 0) + 1;
  }
  const rowTotals = counts.map((r) => r.reduce((s, v) => s + v, 0));
  const colTotals = CATEGORY_IDS.map((_, c) => counts.reduce((s, r) => s + (r[c] ?? 0), 0));
  const diagonal = CATEGORY_IDS.map((_, i) => counts[i]?.[i] ?? 0);
  const correct = diagonal.reduce((s, v) => s + v, 0);
  const scored = rowTotals.reduce((s, v) => s + v, 0);
  return {
    counts,
    shares: counts.map((r, i) => r.map((v) => (rowTotals[i] ? v / (rowTotals[i] as number) : 0))),
    unreadable,
    total,
    scored,
    correct,
    accuracy: scored === 0 ? null : correct / scored,
    recall: diagonal.map((d, i) => (rowTotals[i] ? d / (rowTotals[i] as number) : null)),
    precision: diagonal.map((d, i) => (colTotals[i] ? d / (colTotals[i] as number) : null)),
  };
}

/** A classified prompt tagged with the model that classified it. */
export interface ModelClassification extends ClassifiedPrompt {
  model: string;
}

/**
 * One confusion matrix per model, as the paper reports classification accuracy per model.
 * @param items Classifications of any number of models.
 * @returns Matrices sorted by model id; models with no known-category prompt are left out.
 */
export function confusionByModel(
  items: readonly ModelClassification[],
): { model: string; matrix: ConfusionMatrix }[] {
  const byModel = new Map<string, ModelClassification[]>();
  for (const item of items) {
    const list = byModel.get(item.model);
    if (list === undefined) byModel.set(item.model, [item]);
    else list.push(item);
  }
  return [...byModel.entries()]
    .map(([model, list]) => ({ model, matrix: confusionMatrix(list) }))
    .filter((m) => m.matrix.total > 0)
    .sort((a, b) => a.model.localeCompare(b.model));
}
