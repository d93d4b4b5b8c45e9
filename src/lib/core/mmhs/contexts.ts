// The framework's axes, its four quadrants and the four normative contexts with what each
// rewards, plus lookups between them.

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
