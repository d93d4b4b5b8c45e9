// Where the Framework explorer's shown analysis came from, and the sentence that says so: the
// paper's example, a category's default contexts, a model's judgement or the user's own setup.
import type { NormativeContext } from './mmhs';
import { getCategory, type CategoryId } from './taxonomy';

/** Where the shown analysis came from. */
export type AnalysisOrigin =
  | { kind: 'paper' }
  | { kind: 'category'; category: CategoryId }
  | { kind: 'model'; engineId: string; missing: readonly NormativeContext[] }
  | { kind: 'hand' };

/** The origin line shown above the analysis ('' when nothing is shown). */
export function analysisOriginText(
  origin: AnalysisOrigin | null,
  edited: boolean,
  engineLabel: (engineId: string) => string,
): string {
  if (origin === null) return '';
  const base =
    origin.kind === 'paper'
      ? "The paper's own analysis of its example (Figure 2)"
      : origin.kind === 'category'
        ? `Default contexts of category ${origin.category} (${getCategory(origin.category).shortName}), from this app's map of categories to contexts`
        : origin.kind === 'model'
          ? `Judged by ${engineLabel(origin.engineId)}`
          : 'Set up by hand';
  return edited ? `${base}, then edited by hand.` : `${base}.`;
}
