// Pairwise tensions between normative contexts (the paper's Table 1) and the kinds of tension.

import type { NormativeContext } from './contexts';

/** The three groups of Table 1. */
export type TensionKind = 'opposing-behaviors' | 'different-valuations' | 'different-contexts';

/** Describes one group of Table 1. */
export interface TensionKindInfo {
  readonly id: TensionKind;
  readonly label: string;
  /** Which part of Figure 1 the conflict lies on. */
  readonly axis: 'x' | 'y' | 'context';
  readonly description: string;
}

/** Table 1's groups, read top to bottom as increasingly subtle alignment tensions. */
export const TENSION_KINDS: readonly TensionKindInfo[] = [
  {
    id: 'opposing-behaviors',
    label: 'Opposing behaviors',
    axis: 'x',
    description: 'The contexts want opposite poles: a directional conflict on the x-axis.',
  },
  {
    id: 'different-valuations',
    label: 'Same behavior, different valuations',
    axis: 'y',
    description: 'The same pole is rewarded by one context and penalized by the other.',
  },
  {
    id: 'different-contexts',
    label: 'Same behavior, same valuation, different context',
    axis: 'context',
    description:
      'Both contexts value the same pole, but for substantively different normative reasons.',
  },
];

/** One pairwise interaction of Table 1. */
export interface ContextTension {
  readonly a: NormativeContext;
  readonly b: NormativeContext;
  readonly kind: TensionKind;
  /** The tension, condensed from the paper's wording. */
  readonly tension: string;
  /** The evidence or example the paper gives. */
  readonly example: string;
}

/** The six pairwise tensions of Table 1, one per unordered pair of contexts. */
export const CONTEXT_TENSIONS: readonly ContextTension[] = [
  {
    a: 'safety',
    b: 'interactional',
    kind: 'opposing-behaviors',
    tension:
      'Safety requires output convergence, while interactional settings reward divergence for creativity.',
    example:
      'The homogenization documented in creative writing is widely attributed to alignment and post-training procedures driven by safety objectives.',
  },
  {
    a: 'societal',
    b: 'epistemic',
    kind: 'opposing-behaviors',
    tension:
      'Societal goals penalize convergence as erasure, while epistemic goals penalize divergence as inconsistency.',
    example:
      'Optimizing for factual consistency can suppress culturally relevant variation; in medicine, omitting protected attributes like age and race avoids stereotypes but can degrade diagnostic accuracy, as they are often clinically relevant.',
  },
  {
    a: 'safety',
    b: 'societal',
    kind: 'different-valuations',
    tension:
      'Safety rewards output homogeneity as robust alignment, while the societal context penalizes homogeneity as representational erasure.',
    example:
      'Safety alignment can compress demographic and cultural diversity, and safety reward models penalize non-standard dialects such as African American English, reinforcing linguistic erasure.',
  },
  {
    a: 'interactional',
    b: 'epistemic',
    kind: 'different-valuations',
    tension:
      'Interactional contexts reward output heterogeneity as creative novelty, while the epistemic context penalizes heterogeneity as factual unreliability.',
    example:
      'Sycophancy can lead models to abandon correct answers across multi-turn dialogue; methods that suppress uncertainty to improve factuality can reduce expressive diversity, leading to less creative writing.',
  },
  {
    a: 'societal',
    b: 'interactional',
    kind: 'different-contexts',
    tension:
      'Both favor heterogeneity, but of different kinds: societal heterogeneity demands distributional coverage across demographic groups, interactional heterogeneity demands novelty and user-specific adaptation.',
    example:
      'Personalization promotes homogeneity for an individual user and can thereby reinforce stereotypical associations.',
  },
  {
    a: 'safety',
    b: 'epistemic',
    kind: 'different-contexts',
    tension:
      'Both favor homogeneity: safety-driven behavioural convergence reinforces epistemic convergence toward factual correctness.',
    example:
      'Standard alignment pipelines co-optimize the two, which explains why societal and interactional goals, which require heterogeneity, are systematically disadvantaged by the same process.',
  },
];

/**
 * Returns the tension between two contexts regardless of argument order, or undefined when both
 * arguments are the same context (the paper's table is about distinct pairs only).
 */
export function getTension(x: NormativeContext, y: NormativeContext): ContextTension | undefined {
  return CONTEXT_TENSIONS.find((t) => (t.a === x && t.b === y) || (t.a === y && t.b === x));
}
