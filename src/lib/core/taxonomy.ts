// The eight task categories (A-H) of Jain et al., "LLM Output Homogenization is Task Dependent".
// Each category fixes what "functionally different" means and whether variation is wanted at all.

/** Identifier of a task category in the taxonomy. */
export type CategoryId = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H';

/** All category ids in taxonomy order. */
export const CATEGORY_IDS: readonly CategoryId[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/**
 * What two responses must differ in to count as functionally different. `none` marks the one
 * category (A) where any difference in the answer is a failure rather than diversity.
 */
export type VariationTarget =
  | 'none'
  | 'answers'
  | 'options'
  | 'strategies'
  | 'solutions'
  | 'perspectives'
  | 'creative-elements'
  | 'viewpoints';

/** Reward type column of the paper's taxonomy table. */
export type RewardType = 'verifiable' | 'partially-verifiable' | 'non-verifiable';

/** The paper's two halves of the taxonomy: verifiable/objective (A-D) vs non-verifiable/subjective (E-H). */
export type TaskGroup = 'objective' | 'subjective';

/** One task category of the taxonomy. */
export interface TaskCategory {
  readonly id: CategoryId;
  /** Full name as in the paper, e.g. "Well-Specified Singular Objective". */
  readonly name: string;
  /** Compact label for chips, legends and narrow table columns. */
  readonly shortName: string;
  /** What the task asks the model to do. */
  readonly definition: string;
  /** What makes two responses functionally different in this category (Definition 3.1). */
  readonly functionalDifference: string;
  /** False only for A, where homogenization is the desired behaviour. */
  readonly wantsVariation: boolean;
  /** The unit along which functional diversity is sought. */
  readonly variationTarget: VariationTarget;
  /**
   * True when all responses must reach the same final answer (A, and D where only the strategy
   * may vary); a judge must then treat differing answers as an error, never as diversity.
   */
  readonly answerMustAgree: boolean;
  readonly rewardType: RewardType;
  /** The reward-type wording of the paper's table, e.g. "Verifiable (multiple)". */
  readonly rewardLabel: string;
  readonly group: TaskGroup;
  /**
   * Datasets the paper draws this category's prompts from. The first one is the example dataset
   * of the taxonomy table; the rest come from the paper's dataset-to-category breakdown.
   */
  readonly exampleDatasets: readonly string[];
  /** An illustrative prompt in the style of the category's datasets (written for this app). */
  readonly examplePrompt: string;
}

/** The eight categories, ordered A..H. */
export const TASK_CATEGORIES: readonly TaskCategory[] = [
  {
    id: 'A',
    name: 'Well-Specified Singular Objective',
    shortName: 'Well-specified',
    definition: 'Task to generate a single verifiable correct answer.',
    functionalDifference:
      'Different final answers. There is exactly one correct answer, so functional diversity is not desired: homogenization is the goal.',
    wantsVariation: false,
    variationTarget: 'none',
    answerMustAgree: true,
    rewardType: 'verifiable',
    rewardLabel: 'Verifiable',
    group: 'objective',
    exampleDatasets: ['SimpleQA'],
    examplePrompt: 'In which year did the Eiffel Tower open to the public?',
  },
  {
    id: 'B',
    name: 'Underspecified Singular Objective',
    shortName: 'Underspecified',
    definition:
      'Task to generate a single answer for a prompt that has multiple verifiable correct answers.',
    functionalDifference: 'Different correct answers.',
    wantsVariation: true,
    variationTarget: 'answers',
    answerMustAgree: false,
    rewardType: 'verifiable',
    rewardLabel: 'Verifiable (multiple)',
    group: 'objective',
    exampleDatasets: ['NoveltyBench'],
    examplePrompt: 'Name a country in South America.',
  },
  {
    id: 'C',
    name: 'Random Generation',
    shortName: 'Random generation',
    definition:
      'Task to generate a response that involves randomizing over a finite set of options.',
    functionalDifference: 'Different pseudo-random options drawn from the finite set.',
    wantsVariation: true,
    variationTarget: 'options',
    answerMustAgree: false,
    rewardType: 'verifiable',
    rewardLabel: 'Verifiable (multiple)',
    group: 'objective',
    exampleDatasets: ['NoveltyBench'],
    examplePrompt: 'Roll a six-sided die and tell me the result.',
  },
  {
    id: 'D',
    name: 'Problem-Solving Objective',
    shortName: 'Problem-solving (objective)',
    definition:
      'Task to generate an answer with reasoning or explanations for a problem with a single verifiable correct answer.',
    functionalDifference:
      'Different problem-solving strategies. The final answer is expected to be the same; only the strategy should vary.',
    wantsVariation: true,
    variationTarget: 'strategies',
    answerMustAgree: true,
    rewardType: 'verifiable',
    rewardLabel: 'Verifiable',
    group: 'objective',
    exampleDatasets: ['MATH-500', 'WildBench'],
    examplePrompt:
      'Find the sum of all positive integers n such that n^2 - 19n + 99 is a perfect square.',
  },
  {
    id: 'E',
    name: 'Problem-Solving Subjective',
    shortName: 'Problem-solving (subjective)',
    definition: 'Task to solve a problem that has many partially verifiable solutions.',
    functionalDifference: 'Different solutions or different problem-solving strategies.',
    wantsVariation: true,
    variationTarget: 'solutions',
    answerMustAgree: false,
    rewardType: 'partially-verifiable',
    rewardLabel: 'Partially verifiable',
    group: 'subjective',
    exampleDatasets: ['MacGyver'],
    examplePrompt:
      'My bike chain came off far from home and I only have a shoelace, a plastic bottle and a pen. How can I get it back on without getting my hands covered in grease?',
  },
  {
    id: 'F',
    name: 'Encyclopedia Inquiry',
    shortName: 'Encyclopedia',
    definition:
      'Task to generate information about real-world societies, traditions, events, or social domains, where there are credible references.',
    functionalDifference:
      'Different factual perspectives, each grounded in credible references; the underlying facts must not be misrepresented.',
    wantsVariation: true,
    variationTarget: 'perspectives',
    answerMustAgree: false,
    rewardType: 'partially-verifiable',
    rewardLabel: 'Partially verifiable',
    group: 'subjective',
    exampleDatasets: ['Community Alignment', 'WildBench'],
    examplePrompt: 'What are the traditions around weddings in Nigeria?',
  },
  {
    id: 'G',
    name: 'Creative Writing',
    shortName: 'Creative writing',
    definition:
      'Task to generate a response that involves creative expression, where there are potentially infinite subjective responses.',
    functionalDifference:
      'Different key creative elements such as plot, genre, setting, tone, point of view, theme or structure, beyond mere vocabulary differences.',
    wantsVariation: true,
    variationTarget: 'creative-elements',
    answerMustAgree: false,
    rewardType: 'non-verifiable',
    rewardLabel: 'Non-verifiable',
    group: 'subjective',
    exampleDatasets: ['WildBench', 'NoveltyBench'],
    examplePrompt: 'Tell me a joke.',
  },
  {
    id: 'H',
    name: 'Advice or Opinions',
    shortName: 'Advice/opinions',
    definition:
      'Task to generate a response that gives advice, opinions, or feedback on specific topics or scenarios.',
    functionalDifference: 'Different views or perspectives.',
    wantsVariation: true,
    variationTarget: 'viewpoints',
    answerMustAgree: false,
    rewardType: 'non-verifiable',
    rewardLabel: 'Non-verifiable',
    group: 'subjective',
    exampleDatasets: ['Community Alignment', 'NoveltyBench', 'WildBench'],
    examplePrompt: 'Should I tell my parents that I am leaving the religion I was raised in?',
  },
];

const CATEGORY_BY_ID: ReadonlyMap<CategoryId, TaskCategory> = new Map(
  TASK_CATEGORIES.map((category) => [category.id, category]),
);

/**
 * Narrows an unknown value (e.g. parsed from a file or an LLM classifier reply) to a category id.
 * Only the exact upper-case letters A-H qualify, so callers must normalise free text first.
 */
export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (CATEGORY_IDS as readonly string[]).includes(value);
}

/**
 * Returns the category with the given id.
 * @throws RangeError when the id is not A-H, which only happens if the type system was bypassed.
 */
export function getCategory(id: CategoryId): TaskCategory {
  const category = CATEGORY_BY_ID.get(id);
  if (category === undefined) {
    throw new RangeError(`Unknown task category id: ${String(id)} (expected one of A-H)`);
  }
  return category;
}

/** Categories of one half of the taxonomy, in A..H order. */
export function categoriesInGroup(group: TaskGroup): readonly TaskCategory[] {
  return TASK_CATEGORIES.filter((category) => category.group === group);
}

/** Ids of the categories where functional diversity is wanted (every category except A). */
export function categoriesWantingVariation(): readonly CategoryId[] {
  return TASK_CATEGORIES.filter((category) => category.wantsVariation).map((c) => c.id);
}

/** Display label in the paper's style, e.g. "D. Problem-Solving Objective". */
export function categoryLabel(id: CategoryId): string {
  return `${id}. ${getCategory(id).name}`;
}
