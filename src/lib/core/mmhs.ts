// Dhingra's Magic/Madness/Heaven/Sin framework: normative contexts, quadrants, levels of analysis,
// pairwise tensions, and the default bridge from Jain et al.'s task categories to active contexts.

import type { CategoryId } from './taxonomy';

/** The two ends of the paper's horizontal axis of output variation. */
export type Pole = 'homogeneity' | 'heterogeneity';

/** The paper's vertical axis: whether the observed variation is rewarded or penalized. */
export type Valuation = 'rewarded' | 'penalized';

/** The four normative contexts (the paper uses "context" and "objective" interchangeably). */
export type NormativeContext = 'epistemic' | 'interactional' | 'societal' | 'safety';

/** The four quadrants that give the framework its name. */
export type QuadrantName = 'Magic' | 'Madness' | 'Heaven' | 'Sin';

/** A quadrant of Figure 1, located by its horizontal pole and vertical valuation. */
export interface Quadrant {
  readonly name: QuadrantName;
  readonly x: Pole;
  readonly y: Valuation;
  /** One-line reading of the quadrant. */
  readonly description: string;
}

/**
 * The quadrants as placed in Figure 1 (x: homogeneity left, heterogeneity right; y: rewarded top,
 * penalized bottom).
 */
export const QUADRANTS: readonly Quadrant[] = [
  {
    name: 'Heaven',
    x: 'homogeneity',
    y: 'rewarded',
    description:
      'Homogeneity rewarded: consistent behaviour valued as robust alignment and compliance.',
  },
  {
    name: 'Magic',
    x: 'heterogeneity',
    y: 'rewarded',
    description: 'Heterogeneity rewarded: divergent output valued as creativity and exploration.',
  },
  {
    name: 'Sin',
    x: 'homogeneity',
    y: 'penalized',
    description:
      'Homogeneity penalized: convergence on defaults counted as erasure and stereotyping.',
  },
  {
    name: 'Madness',
    x: 'heterogeneity',
    y: 'penalized',
    description:
      'Heterogeneity penalized: divergence from ground truth counted as hallucination or error.',
  },
];

/** One normative context with the failure modes and vocabulary the paper collects for it. */
export interface NormativeContextInfo {
  readonly id: NormativeContext;
  readonly label: string;
  /** Where Figure 1 places the context. */
  readonly quadrant: QuadrantName;
  /** The normative objective, as worded in Figure 1 and the context's section. */
  readonly objective: string;
  /** The pole the context's dominant valuation rewards. */
  readonly rewardedPole: Pole;
  /** Figure 1's arrow label, e.g. "Heterogeneity → Hallucination". */
  readonly figureLabel: string;
  /** Failure modes the paper discusses for this context. */
  readonly failureModes: readonly string[];
  /** The paper's terms for the failure or the valued behaviour in this context. */
  readonly vocabulary: readonly string[];
  /** Tasks the paper examines under this context. */
  readonly tasks: readonly string[];
}

/** The four contexts in the paper's section order (Sections 2-5). */
export const NORMATIVE_CONTEXTS: readonly NormativeContextInfo[] = [
  {
    id: 'epistemic',
    label: 'Epistemic',
    quadrant: 'Madness',
    objective: 'Factuality: factual correctness and reasoning reliability.',
    rewardedPole: 'homogeneity',
    figureLabel: 'Heterogeneity → Hallucination',
    failureModes: [
      'Hallucination: plausible-sounding but factually incorrect or unsupported content',
      'Miscalibrated confidence: incorrect answers given with high certainty',
      'Divergent reasoning trajectories that lead to logically inconsistent or incorrect results',
    ],
    vocabulary: [
      'hallucination',
      'factual error',
      'logical inconsistency',
      'miscalibrated confidence',
      'overconfidence',
      'uncertainty calibration',
      'abstention',
      'reasoning trajectory',
    ],
    tasks: ['Fact-based QA', 'Reasoning tasks (math, logical inference, code generation)'],
  },
  {
    id: 'interactional',
    label: 'Interactional',
    quadrant: 'Magic',
    objective: 'Engagement & utility: user utility, engagement, and novelty.',
    rewardedPole: 'heterogeneity',
    figureLabel: 'Heterogeneity → Creativity',
    failureModes: [
      'Homogenization: convergence to predictable or repetitive outputs',
      'Mode collapse into a narrow output space (the "Artificial Hivemind"), intra- and inter-model',
      'Redundant plot elements behind lexically distinct stories',
      'Stylistically smooth but structurally repetitive, recognizably AI-like text',
      'Homogenized policies that fail to differentiate across users',
      'Sycophancy: collapsing into agreement instead of genuine personalization',
      'Filter bubbles from over-narrowed recommendations',
    ],
    vocabulary: [
      'creativity',
      'novelty',
      'homogenization',
      'mode collapse',
      'Artificial Hivemind',
      'perplexity',
      'burstiness',
      'personalization',
      'sycophancy',
      'pluralistic alignment',
      'inter-response diversity',
      'intra-response pluralism',
      'filter bubble',
    ],
    tasks: [
      'Creative writing and brainstorming',
      'Open-ended dialogue',
      'Open-ended QA (subjective, multi-perspective, ambiguous, recommendations)',
    ],
  },
  {
    id: 'societal',
    label: 'Societal',
    quadrant: 'Sin',
    objective: 'Representation: fair representation.',
    rewardedPole: 'heterogeneity',
    figureLabel: 'Homogeneity → Erasure',
    failureModes: [
      'Erasure: demographic groups rendered statistically invisible across generations',
      'Stereotyping: reductive generalizations and rigid identity-role associations',
      'Convergence toward Anglocentric identities and values in cultural knowledge',
      'Values and politics homogenized in line with WEIRD societies',
      'Underrepresentation of low-resource languages and dialects',
    ],
    vocabulary: [
      'bias',
      'erasure',
      'stereotyping',
      'representational harms',
      'allocational harms',
      'cultural representation',
      'Anglocentric',
      'WEIRD',
    ],
    tasks: ['Demographic representation', 'Cultural representation', 'Values and politics'],
  },
  {
    id: 'safety',
    label: 'Safety',
    quadrant: 'Heaven',
    objective: 'Robustness: consistent adherence to prescribed behavioural constraints.',
    rewardedPole: 'homogeneity',
    figureLabel: 'Homogeneity → Compliance',
    failureModes: [
      'Deviation from safe behaviour under paraphrasing, role-play, translation, jailbreaking or prompt injection',
      'Producing policy-prohibited content instead of refusing',
      'Unethical financial, illegal or unverified medical guidance in high-stakes domains',
      'Inconsistent answers to the same question (a compliance failure)',
    ],
    vocabulary: [
      'robustness',
      'refusal',
      'safe completion',
      'compliance',
      'guardrails',
      'jailbreaking',
      'prompt injection',
      'determinism',
      'auditability',
      'traceability',
    ],
    tasks: ['Refusal and safe completion', 'Compliance (medicine, law, finance, enterprise)'],
  },
];

/** Ids of the contexts in paper order. */
export const NORMATIVE_CONTEXT_IDS: readonly NormativeContext[] = NORMATIVE_CONTEXTS.map(
  (c) => c.id,
);

/** True for the four context ids; use on data that did not come from typed code. */
export function isNormativeContext(value: unknown): value is NormativeContext {
  return typeof value === 'string' && (NORMATIVE_CONTEXT_IDS as readonly string[]).includes(value);
}

/**
 * Returns the data for one normative context.
 * @throws RangeError for an unknown id (possible only when the type system was bypassed).
 */
export function getContext(id: NormativeContext): NormativeContextInfo {
  const found = NORMATIVE_CONTEXTS.find((c) => c.id === id);
  if (found === undefined) {
    throw new RangeError(`Unknown normative context: ${String(id)}`);
  }
  return found;
}

/**
 * Returns the quadrant at a position of Figure 1.
 * @throws RangeError if the pole or valuation is not one of the two allowed values.
 */
export function quadrantAt(x: Pole, y: Valuation): Quadrant {
  const found = QUADRANTS.find((q) => q.x === x && q.y === y);
  if (found === undefined) {
    throw new RangeError(`No quadrant at (${String(x)}, ${String(y)})`);
  }
  return found;
}

/** Whether a context rewards or penalizes a pole; each context rewards exactly one pole. */
export function valuationOf(context: NormativeContext, pole: Pole): Valuation {
  return getContext(context).rewardedPole === pole ? 'rewarded' : 'penalized';
}

// ---------------------------------------------------------------------------------------------
// Levels and scopes of analysis
// ---------------------------------------------------------------------------------------------

/**
 * Level at which variation is measured. The paper groups lexical, structural and syntactic
 * variation as "surface level", so `lexical` stands for all of them here.
 */
export type AnalysisLevel = 'lexical' | 'semantic' | 'functional';

/** Describes one level of analysis. */
export interface AnalysisLevelInfo {
  readonly id: AnalysisLevel;
  readonly label: string;
  readonly description: string;
  /** Whether the paper counts this as surface-level variation. */
  readonly surface: boolean;
  /**
   * How epistemic tasks value variation at this level: they penalize semantic and functional
   * heterogeneity while remaining agnostic to surface variation (Section 2.2).
   */
  readonly epistemicStance: 'agnostic' | 'penalized';
  /** Metrics that operate at this level (the general metrics of Jain et al. and their own). */
  readonly exampleMetrics: readonly string[];
}

/** Levels of analysis from surface to function. */
export const ANALYSIS_LEVELS: readonly AnalysisLevelInfo[] = [
  {
    id: 'lexical',
    label: 'Lexical',
    description:
      'Surface form: word choice, structure and syntax. Two responses can differ lexically while saying the same thing.',
    surface: true,
    epistemicStance: 'agnostic',
    exampleMetrics: [
      'vocabulary (Jaccard) diversity',
      'compression ratio',
      'perplexity',
      'burstiness',
    ],
  },
  {
    id: 'semantic',
    label: 'Semantic',
    description:
      'Meaning: the ideas or content expressed, e.g. whether two essays make the same points.',
    surface: false,
    epistemicStance: 'penalized',
    exampleMetrics: ['embedding diversity'],
  },
  {
    id: 'functional',
    label: 'Functional',
    description:
      'The outcome that matters for the task, e.g. code executing to the same result or two solutions using the same strategy.',
    surface: false,
    epistemicStance: 'penalized',
    exampleMetrics: [
      'task-anchored functional diversity (LLM judge)',
      'number of functionally unique responses',
    ],
  },
];

/** Where the compared outputs come from. */
export type AnalysisScope = 'intra-response' | 'inter-response' | 'inter-model';

/** Describes one scope of analysis. */
export interface AnalysisScopeInfo {
  readonly id: AnalysisScope;
  readonly label: string;
  readonly description: string;
  /** Other names the literature uses for the same scope. */
  readonly aka: readonly string[];
}

/** Scopes of analysis, from a single response out to several models. */
export const ANALYSIS_SCOPES: readonly AnalysisScopeInfo[] = [
  {
    id: 'intra-response',
    label: 'Intra-response',
    description:
      'Variation inside one response, e.g. a single answer aggregating several perspectives.',
    aka: ['intra-response pluralism'],
  },
  {
    id: 'inter-response',
    label: 'Inter-response',
    description:
      'Variation across repeated samples from one model for the same input (or across inputs).',
    aka: ['inter-response diversity', 'intra-model'],
  },
  {
    id: 'inter-model',
    label: 'Inter-model',
    description: 'Variation across independently trained models answering the same input.',
    aka: ['Artificial Hivemind (inter-model)', 'outcome homogenization'],
  },
];

// ---------------------------------------------------------------------------------------------
// Valuation of a measured variation
// ---------------------------------------------------------------------------------------------

// Metrics computed in floating point can overshoot [0, 1] by rounding error; anything further off
// is a caller bug and should surface rather than be silently clamped.
const RANGE_TOLERANCE = 1e-9;

function checkedVariation(variation: number): number {
  if (Number.isNaN(variation)) {
    throw new RangeError('variation is NaN; expected a number in [0, 1]');
  }
  if (variation < -RANGE_TOLERANCE || variation > 1 + RANGE_TOLERANCE) {
    throw new RangeError(`variation ${variation} is outside [0, 1]`);
  }
  return Math.min(1, Math.max(0, variation));
}

function poleRewardedBy(contextOrPole: NormativeContext | Pole): Pole {
  if (contextOrPole === 'homogeneity' || contextOrPole === 'heterogeneity') {
    return contextOrPole;
  }
  if (isNormativeContext(contextOrPole)) {
    return getContext(contextOrPole).rewardedPole;
  }
  throw new RangeError(`Unknown context or pole: ${String(contextOrPole)}`);
}

/**
 * Turns a measured variation into a valuation, both in [0, 1], where 1 is the behaviour the
 * context (or the given pole) rewards: `1 - variation` when homogeneity is rewarded, `variation`
 * when heterogeneity is.
 * @param variation 0 = identical outputs, 1 = maximally varied. Values within 1e-9 of the range
 *   are clamped to absorb rounding.
 * @param contextOrPole a normative context, or directly the rewarded pole.
 * @throws RangeError for NaN, values outside [0, 1] (including ±Infinity), or an unknown context.
 */
export function valuationScore(variation: number, contextOrPole: NormativeContext | Pole): number {
  const v = checkedVariation(variation);
  return poleRewardedBy(contextOrPole) === 'heterogeneity' ? v : 1 - v;
}

/**
 * Default boundary between the two poles: the midpoint of the axis. The boundary itself belongs
 * to heterogeneity (`variation >= threshold`), so the split is total and a point never lands on
 * no quadrant; with k = 5, 3 functional classes is variation (3 - 1) / (5 - 1) = 0.5, on it.
 */
export const DEFAULT_POLE_THRESHOLD = 0.5;

/**
 * The pole rule in words, as the quadrant view and the Framework page state it (one wording).
 * @param threshold The pole boundary (default {@link DEFAULT_POLE_THRESHOLD}).
 */
export function poleRuleText(threshold: number = DEFAULT_POLE_THRESHOLD): string {
  const t = String(Number(threshold.toFixed(4)));
  const example =
    threshold === 0.5
      ? ', such as 3 of 5 functional classes (variation (3 − 1) / (5 − 1) = 0.5)'
      : '';
  return (
    `Variation ≥ ${t} counts as heterogeneity (right of the dashed line), below ${t} as ` +
    `homogeneity (left). A result exactly on the line${example} counts as heterogeneous and is ` +
    'drawn just right of it, in its quadrant.'
  );
}

/**
 * Which pole a measured variation sits at: heterogeneity when `variation >= threshold`,
 * otherwise homogeneity.
 * @throws RangeError for NaN or out-of-range variation, or a threshold outside (0, 1].
 */
export function poleOf(variation: number, threshold: number = DEFAULT_POLE_THRESHOLD): Pole {
  const v = checkedVariation(variation);
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RangeError(`threshold ${threshold} must lie in (0, 1]`);
  }
  return v >= threshold ? 'heterogeneity' : 'homogeneity';
}

/**
 * Places a measured variation in Figure 1 for a given context. The x coordinate is the pole the
 * variation sits at (see {@link poleOf}); the y coordinate is whether the context rewards that
 * pole. So high variation in an epistemic context lands in Madness and low variation in Heaven;
 * in an interactional context high variation is Magic and low variation Sin; in a societal
 * context low is Sin and high Magic; in a safety context low is Heaven and high Madness.
 * @throws RangeError as {@link poleOf}.
 */
export function quadrantFor(
  context: NormativeContext,
  variation: number,
  threshold: number = DEFAULT_POLE_THRESHOLD,
): QuadrantName {
  const pole = poleOf(variation, threshold);
  return quadrantAt(pole, valuationOf(context, pole)).name;
}

// ---------------------------------------------------------------------------------------------
// Pairwise tensions (Table 1)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Bridge from task categories to normative contexts
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Worked example (Section 6.1, Figure 2)
// ---------------------------------------------------------------------------------------------

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
