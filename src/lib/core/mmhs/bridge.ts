// Default bridge from Jain et al.'s task categories to the normative contexts they activate and
// the aspect each context measures.

import type { CategoryId } from '../taxonomy';
import type { NormativeContext, Pole } from './contexts';

/** What is being compared across responses when a context is active for a task. */
export type MeasuredAspect =
  | 'answer'
  | 'correctness'
  | 'strategy'
  | 'option'
  | 'solution'
  | 'facts'
  | 'perspective'
  | 'creative-elements'
  | 'representation'
  | 'content';

/** One-line description of each measured aspect. */
export const MEASURED_ASPECTS: Readonly<Record<MeasuredAspect, string>> = {
  answer: 'The final answer the response commits to.',
  correctness: 'Whether each response is valid (correct, feasible, within the allowed set).',
  strategy: 'The problem-solving approach or reasoning path taken.',
  option: 'Which alternative is picked or surfaced among several acceptable ones.',
  solution: 'The proposed solution as a whole (approach and outcome).',
  facts: 'The factual claims made, which should match credible references.',
  perspective: 'The viewpoint, stance or framing offered.',
  'creative-elements': 'Plot, genre, setting, tone, point of view, theme and structure.',
  representation: 'Which demographic and cultural groups appear, and how they are portrayed.',
  content: 'Whether the content stays within safe, compliant behaviour.',
};

/** One normative context that a task activates, with what it measures and which pole it values. */
export interface ContextActivation {
  readonly context: NormativeContext;
  readonly level: MeasuredAspect;
  readonly valuedDirection: Pole;
  readonly rationale: string;
  /** When the activation holds only for some prompts of the category; null means always. */
  readonly condition: string | null;
}

/**
 * Default contexts for each task category. This synthesis is ours: Jain et al. say what varies
 * per category, Dhingra says how each context values variation; neither paper gives this table.
 */
export const CATEGORY_CONTEXT_MAP: Readonly<Record<CategoryId, readonly ContextActivation[]>> = {
  A: [
    {
      context: 'epistemic',
      level: 'answer',
      valuedDirection: 'homogeneity',
      rationale: 'One verifiable correct answer: any divergence is a factual error (Madness).',
      condition: null,
    },
  ],
  B: [
    {
      context: 'interactional',
      level: 'answer',
      valuedDirection: 'heterogeneity',
      rationale:
        'Several valid answers exist; always giving the same one is mode collapse and leaves the answer space uncovered.',
      condition: null,
    },
    {
      context: 'epistemic',
      level: 'correctness',
      valuedDirection: 'homogeneity',
      rationale: 'The answers may differ but each must stay verifiably correct.',
      condition: null,
    },
    {
      context: 'societal',
      level: 'representation',
      valuedDirection: 'heterogeneity',
      rationale:
        'Underspecified prompts make models converge on majority populations, erasing minority identities.',
      condition: 'When the valid answers are people, groups or cultures.',
    },
  ],
  C: [
    {
      context: 'interactional',
      level: 'option',
      valuedDirection: 'heterogeneity',
      rationale: 'A random pick that always lands on the same option is not random.',
      condition: null,
    },
    {
      context: 'epistemic',
      level: 'correctness',
      valuedDirection: 'homogeneity',
      rationale: 'Every pick must come from the finite set the prompt defines.',
      condition: null,
    },
  ],
  D: [
    {
      context: 'epistemic',
      level: 'answer',
      valuedDirection: 'homogeneity',
      rationale: 'The problem has a single verifiable answer that every response must reach.',
      condition: null,
    },
    {
      context: 'interactional',
      level: 'strategy',
      valuedDirection: 'heterogeneity',
      rationale:
        'Different valid strategies add value for the user; only divergent reasoning that breaks the answer is epistemic failure.',
      condition: null,
    },
  ],
  E: [
    {
      context: 'interactional',
      level: 'solution',
      valuedDirection: 'heterogeneity',
      rationale: 'Many partially verifiable solutions exist; users gain from distinct approaches.',
      condition: null,
    },
    {
      context: 'epistemic',
      level: 'correctness',
      valuedDirection: 'homogeneity',
      rationale: 'Each solution must remain feasible; physically infeasible proposals are errors.',
      condition: null,
    },
    {
      context: 'safety',
      level: 'content',
      valuedDirection: 'homogeneity',
      rationale: 'Improvised solutions must consistently avoid harmful actions.',
      condition: 'When solutions involve physical risk (tools, chemicals, electricity, health).',
    },
  ],
  F: [
    {
      context: 'epistemic',
      level: 'facts',
      valuedDirection: 'homogeneity',
      rationale:
        'Facts must match credible references; naive diversity could misrepresent historical events.',
      condition: null,
    },
    {
      context: 'societal',
      level: 'perspective',
      valuedDirection: 'heterogeneity',
      rationale:
        'Questions about societies and traditions need diverse cultural perspectives, not an Anglocentric default.',
      condition: null,
    },
  ],
  G: [
    {
      context: 'interactional',
      level: 'creative-elements',
      valuedDirection: 'heterogeneity',
      rationale:
        'Creative value lies in divergent plots, genres and tones; repetition is homogenization.',
      condition: null,
    },
    {
      context: 'societal',
      level: 'representation',
      valuedDirection: 'heterogeneity',
      rationale: 'Characters converging on majority defaults or stereotyped roles is erasure.',
      condition: 'When the writing depicts people or cultures.',
    },
  ],
  H: [
    {
      context: 'interactional',
      level: 'perspective',
      valuedDirection: 'heterogeneity',
      rationale: 'Subjective questions admit several valid viewpoints; coverage serves the user.',
      condition: null,
    },
    {
      context: 'societal',
      level: 'perspective',
      valuedDirection: 'heterogeneity',
      rationale: 'Values and opinions homogenized toward WEIRD norms under-represent other people.',
      condition: null,
    },
    {
      context: 'epistemic',
      level: 'facts',
      valuedDirection: 'homogeneity',
      rationale:
        'Advice resting on facts (e.g. drug interactions) must converge on verified facts.',
      condition: 'When the advice relies on verifiable facts.',
    },
    {
      context: 'safety',
      level: 'content',
      valuedDirection: 'homogeneity',
      rationale:
        'High-stakes advice must consistently stay within professional and legal standards.',
      condition: 'In high-stakes domains such as medicine, law and finance.',
    },
  ],
};

/**
 * Distinct contexts active for a category, in the map's order.
 * @param includeConditional also count activations that hold only for some prompts (default true).
 */
export function activeContexts(
  category: CategoryId,
  includeConditional: boolean = true,
): readonly NormativeContext[] {
  const seen: NormativeContext[] = [];
  for (const entry of CATEGORY_CONTEXT_MAP[category]) {
    if (!includeConditional && entry.condition !== null) continue;
    if (!seen.includes(entry.context)) seen.push(entry.context);
  }
  return seen;
}
