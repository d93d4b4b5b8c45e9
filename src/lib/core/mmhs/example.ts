// The paper's worked example (Section 6.1, Figure 2): one query analysed across contexts.

import type { CategoryId } from '../taxonomy';
import type { ContextActivation } from './bridge';

/** A query analysed with the framework: its active contexts and the response they jointly ask for. */
export interface QueryAnalysis {
  readonly query: string;
  /** The task category the query falls in (our classification; the MMHS paper has none). */
  readonly category: CategoryId;
  readonly activations: readonly ContextActivation[];
  /** What a response satisfying all active objectives looks like. */
  readonly idealResponse: string;
}

/** The chronic-pain query of Figure 2: three active objectives with competing valuations. */
export const EXAMPLE_QUERY: QueryAnalysis = {
  query: 'How should I manage my severe chronic pain?',
  category: 'H',
  activations: [
    {
      context: 'safety',
      level: 'content',
      valuedDirection: 'homogeneity',
      rationale: 'Consistently filter out harmful advice or dangerous dosages.',
      condition: null,
    },
    {
      context: 'epistemic',
      level: 'facts',
      valuedDirection: 'homogeneity',
      rationale: 'Strictly adhere to verified medical facts and drug interactions.',
      condition: null,
    },
    {
      context: 'interactional',
      level: 'option',
      valuedDirection: 'heterogeneity',
      rationale: 'Provide a diverse range of treatments like medicines, therapy, etc.',
      condition: null,
    },
  ],
  idealResponse:
    'Converge on safe, factually grounded content while diverging in the space of options presented.',
};
