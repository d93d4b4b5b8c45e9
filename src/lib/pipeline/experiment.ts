// Experiment definition (zod-validated): prompts, generator/judge/embedding engines, strategies,
// k and sampling parameters, and the pipeline switches; plus the pre-run estimate of its cost.

import { z } from 'zod';
import {
  estimateCalls,
  type EstimateEngine,
  type ExperimentEstimate,
  type TokenPrice,
} from '../core/estimate';
import { SAMPLING_STRATEGIES, SAMPLING_STRATEGY_IDS, type SamplingStrategy } from '../core/prompts';
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import { importedStrategyId } from '../core/views/points';
import type { EngineCapabilities, EngineLocation } from '../engines/types';

/** Stages that call models and so can run in batch mode (metrics only embeds). */
export const BATCH_STAGES = ['classify', 'sample', 'judge', 'quality', 'accuracy'] as const;

/** A stage that can run in batch mode. */
export type BatchStage = (typeof BATCH_STAGES)[number];

const categorySchema = z.enum(CATEGORY_IDS as unknown as [CategoryId, ...CategoryId[]]);
const strategySchema = z.enum(
  SAMPLING_STRATEGY_IDS as unknown as [SamplingStrategy, ...SamplingStrategy[]],
);

/** How a gold answer is checked: `math` by boxed-answer equivalence, `short` by a grader call. */
export type AnswerType = 'math' | 'short';

/** One prompt of an experiment. */
export const experimentPromptSchema = z.object({
  id: z.string().min(1),
  text: z.string().refine((t) => t.trim().length > 0, 'prompt text is empty'),
  /** Known (dataset) category: kept for the run, and the classifier is scored against it. */
  category: categorySchema.optional(),
  /** The user's choice, which wins over the known and the classified category. */
  categoryOverride: categorySchema.optional(),
  /** Gold answer, enabling the accuracy stage for this prompt. */
  gold: z.string().optional(),
  /** How to check the gold answer; defaults to 'short' when a gold answer is given. */
  answerType: z.enum(['math', 'short']).optional(),
});

/** One prompt of an experiment. */
export type ExperimentPrompt = z.infer<typeof experimentPromptSchema>;

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/**
 * The experiment definition. Defaults follow Jain et al. (2025): k = 5, temperature 1.0 (the
 * paper's value for GPT and Gemini; it uses 0.5 for Claude, Llama and Mistral), top-p 0.9 and
 * 1024 output tokens per response.
 */
export const experimentFields = z.object({
  name: z.string().default('Experiment'),
  prompts: z.array(experimentPromptSchema).min(1, 'add at least one prompt'),
  /** Generator engine ids (`provider/model`); several compare models. */
  generators: z.array(z.string().min(1)).min(1, 'choose at least one generator model'),
  /** Judge engine ids; results are averaged across judges as in the paper. */
  judges: z.array(z.string().min(1)).default([]),
  /** Embedding engine id for the embedding-distance metric. */
  embedding: z.string().min(1).optional(),
  strategies: z
    .array(strategySchema)
    .min(1, 'choose at least one sampling strategy')
    .default([...SAMPLING_STRATEGY_IDS]),
  k: z.int().min(1).max(100).default(5),
  temperature: z.number().min(0).max(2).default(1),
  topP: z.number().gt(0).max(1).default(0.9),
  maxTokens: z.int().min(1).default(1024),
  /** Base seed; sample i of temperature sampling gets seed + i so samples stay distinct. */
  seed: z.int().optional(),
  /** The generator classifies every prompt (and is scored where the category is known). */
  classify: z.boolean().default(true),
  /**
   * Category for task-anchored sampling when a prompt has a known category: 'known' keeps it
   * (this app's default); 'predicted' uses the generator's own classification, as the paper's
   * pipeline does. The judge always uses override, else known, else predicted.
   */
  anchorCategory: z.enum(['known', 'predicted']).default('known'),
  /** Judge all k(k-1)/2 pairs instead of skipping pairs already connected. */
  judgeEveryPair: z.boolean().default(false),
  /** Judge each pair in both orders; equivalent only when both orders say so. */
  bothOrders: z.boolean().default(false),
  quality: z.boolean().default(true),
  accuracy: z.boolean().default(true),
  /** Never serve a sampling call from the cache of identical calls. */
  independentSamples: z.boolean().default(true),
  /** Use the engine's native `n` for temperature sampling (one call for k choices). */
  nativeN: z.boolean().default(true),
  /** Sampling temperature of judge, classifier, checklist and grader calls. */
  judgeTemperature: z.number().min(0).max(2).default(0),
  judgeMaxTokens: z.int().min(1).default(1024),
  /**
   * Stages run in batch mode: their calls go to the provider batch API (about half price,
   * answered within hours) on engines that have one; the others stay interactive. Absent: none.
   */
  batch: z.array(z.enum(BATCH_STAGES)).optional(),
  /**
   * Set when the generators' responses were imported (see pipeline/analyse-existing.ts): where
   * they came from, and the sampling strategy the user says produced them (unknown if absent).
   */
  imported: z.object({ source: z.string().min(1), strategy: strategySchema.optional() }).optional(),
});

/** The experiment definition with its cross-field checks (unique ids, categories for judging). */
export const experimentSchema = experimentFields.superRefine((def, ctx) => {
  if (!unique(def.prompts.map((p) => p.id))) {
    ctx.addIssue({ code: 'custom', path: ['prompts'], message: 'prompt ids must be unique' });
  }
  if (!unique(def.generators)) {
    ctx.addIssue({
      code: 'custom',
      path: ['generators'],
      message: 'a generator is listed twice',
    });
  }
  if (!unique(def.judges)) {
    ctx.addIssue({ code: 'custom', path: ['judges'], message: 'a judge is listed twice' });
  }
  if (!unique(def.strategies)) {
    ctx.addIssue({ code: 'custom', path: ['strategies'], message: 'a strategy is listed twice' });
  }
  const needsCategory =
    def.judges.length > 0 || def.strategies.some((s) => SAMPLING_STRATEGIES[s].anchored);
  const uncategorized = def.prompts.filter(
    (p) => p.category === undefined && p.categoryOverride === undefined,
  );
  if (!def.classify && needsCategory && uncategorized.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['classify'],
      message:
        `${uncategorized.length} prompt(s) have no category, which task-anchored sampling and ` +
        'the judge need: turn classification on or give every prompt a category.',
    });
  }
});

/** A validated experiment definition with every default filled in. */
export type ExperimentDefinition = z.infer<typeof experimentSchema>;

/** An experiment definition as a user or the UI writes it (defaults optional). */
export type ExperimentInput = z.input<typeof experimentSchema>;

/** Outcome of {@link parseExperiment}. */
export type ParsedExperiment =
  { ok: true; value: ExperimentDefinition } | { ok: false; issues: string[] };

/**
 * Validates an experiment definition and fills in the defaults.
 * @param input Anything (form state, stored JSON).
 * @returns The definition, or one readable message per problem (`path: message`).
 */
export function parseExperiment(input: unknown): ParsedExperiment {
  const result = experimentSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    ),
  };
}

/** Provider id of the models whose responses were imported; they cannot be called. */
export const IMPORTED_PROVIDER = 'imported';

/** Whether an engine id names an imported model (`imported/<model>`). */
export function isImportedEngine(id: string): boolean {
  return id.startsWith(`${IMPORTED_PROVIDER}/`);
}

/**
 * The strategy a group is shown and compared under. Generated groups: their stored strategy.
 * Imported groups (an imported model): the strategy the user assigned, else "imported from
 * <source>", because how they were sampled is unknown. Runs stored before the source was recorded
 * use the run's name as the source.
 * @param def The run's definition (undefined when it does not parse).
 * @param model The group's generator id.
 * @param stored The strategy key its records are stored under.
 */
export function comparedStrategy(
  def: ExperimentDefinition | undefined,
  model: string,
  stored: string,
): string {
  if (!isImportedEngine(model)) return stored;
  return def?.imported?.strategy ?? importedStrategyId(def?.imported?.source ?? def?.name ?? model);
}

/** The answer type of a prompt's gold answer, or undefined without one. */
export function goldType(prompt: ExperimentPrompt): AnswerType | undefined {
  if (prompt.gold === undefined || prompt.gold.trim() === '') return undefined;
  return prompt.answerType ?? 'short';
}

/** What the estimate needs to know about an engine. */
export interface EngineInfo {
  location?: EngineLocation;
  capabilities?: Pick<EngineCapabilities, 'n'> & { batch?: boolean };
}

/**
 * Estimates calls, tokens and cost per stage before running (see `estimateCalls` for what the
 * ranges mean). Engines not described in `engines` are assumed cloud engines without native `n`.
 * @param def A validated definition.
 * @param engines What is known about each engine id.
 * @param prices USD per million tokens by engine id; local engines cost nothing.
 */
export function estimateExperiment(
  def: ExperimentDefinition,
  engines: Readonly<Record<string, EngineInfo>> = {},
  prices: Readonly<Record<string, TokenPrice>> = {},
): ExperimentEstimate {
  const describe = (id: string): EstimateEngine => {
    const info = engines[id];
    const price = prices[id];
    return {
      id,
      nativeN: def.nativeN && info?.capabilities?.n === 'native',
      local: info?.location === 'local',
      batch: info?.capabilities?.batch === true,
      ...(price === undefined ? {} : { price }),
    };
  };
  return estimateCalls({
    prompts: def.prompts.map((p) => {
      const gold = goldType(p);
      return { chars: p.text.length, ...(gold === undefined ? {} : { gold }) };
    }),
    generators: def.generators.map(describe),
    judges: def.judges.map(describe),
    ...(def.embedding === undefined ? {} : { embedding: describe(def.embedding) }),
    strategies: def.strategies,
    k: def.k,
    maxTokens: def.maxTokens,
    classify: def.classify,
    judgeEveryPair: def.judgeEveryPair,
    bothOrders: def.bothOrders,
    quality: def.quality,
    accuracy: def.accuracy,
    batch: def.batch ?? [],
  });
}
