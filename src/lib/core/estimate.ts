// Pre-run estimate of an experiment: engine calls, tokens and cost per pipeline stage, as ranges.
// Pure arithmetic over counts; token sizes are approximated as characters / 4.

import { BATCH_PRICE_FACTOR, tokenCostUsd, type TokenPrice } from './cost';
import type { SamplingStrategy } from './prompts';
import {
  SAMPLING_STRATEGIES,
  buildChecklistGradeMessages,
  buildChecklistMessages,
  buildClassificationMessages,
  buildCorrectnessMessages,
  buildJudgeMessages,
  buildSystemPromptSampling,
  regenerationFollowUp,
} from './prompts';
import { CATEGORY_IDS } from './taxonomy';

/** A closed interval of values. */
export interface Range {
  min: number;
  max: number;
}

/** Price of an engine in USD per million tokens (core/cost.ts). */
export type { TokenPrice };

/** What the estimate needs to know about one engine. */
export interface EstimateEngine {
  id: string;
  /** The engine returns k choices from one call (`capabilities.n === 'native'`). */
  nativeN?: boolean;
  /** Local engines cost nothing. */
  local?: boolean;
  /** USD per million tokens; an unpriced cloud engine is listed in `unpricedEngines`. */
  price?: TokenPrice;
  /** The provider has a batch API: calls sent through it cost BATCH_PRICE_FACTOR of the price. */
  batch?: boolean;
}

/** One prompt of the experiment: its length and the kind of gold answer it has, if any. */
export interface EstimatePrompt {
  chars: number;
  gold?: 'math' | 'short';
}

/** Everything that determines the number and size of a run's calls. */
export interface EstimateInput {
  prompts: readonly EstimatePrompt[];
  generators: readonly EstimateEngine[];
  judges: readonly EstimateEngine[];
  embedding?: EstimateEngine;
  strategies: readonly SamplingStrategy[];
  k: number;
  /** Output token limit of one response. */
  maxTokens: number;
  classify: boolean;
  judgeEveryPair: boolean;
  bothOrders: boolean;
  quality: boolean;
  accuracy: boolean;
  /** Typical tokens of one response: the low end of response sizes (default 200). */
  typicalResponseTokens?: number;
  /** Stages the run sends through provider batch APIs (default none). */
  batch?: readonly EstimateStage[];
}

/** Stages an estimate reports, in pipeline order. */
export type EstimateStage = 'classify' | 'sample' | 'judge' | 'metrics' | 'quality' | 'accuracy';

/** Estimated work of one stage. Embedding requests count as calls of the metrics stage. */
export interface StageEstimate {
  stage: EstimateStage | 'total';
  calls: Range;
  inputTokens: Range;
  outputTokens: Range;
  /** USD over the priced engines only, every call interactive. */
  cost: Range;
  /** Calls of the stage on engines with a batch API (what batch mode would send as batches). */
  batchCalls: Range;
  /** USD with those calls sent as batches, at BATCH_PRICE_FACTOR of the price. */
  batchCost: Range;
  /** Whether the run sends this stage's calls as batches (`batch` of the input). */
  batched: boolean;
  /** Cloud engines used in the stage without a price, so `cost` leaves them out. */
  unpricedEngines: string[];
}

/** The whole estimate: one entry per stage and the total. */
export interface ExperimentEstimate {
  stages: StageEstimate[];
  total: StageEstimate;
  /** USD as chosen: the batched stages at the batch price, the others interactive. */
  chosenCost: Range;
  /**
   * Batches that must end one after another when every stage that can goes as batches:
   * classification, then sampling (one per turn of in-context regeneration), then judge rounds
   * (each round only the pairs not yet decided) beside quality grades and accuracy. Each takes
   * up to BATCH_WINDOW_HOURS.
   */
  batchRounds: Range;
}

export { BATCH_PRICE_FACTOR } from './cost';

/** The providers' completion window of one batch (most end well within it, often in an hour). */
export const BATCH_WINDOW_HOURS = 24;

/** Default typical response length in tokens (the low end of response sizes). */
export const TYPICAL_RESPONSE_TOKENS = 200;

/** Output tokens of the short answers of judge-side calls (reasoning then a verdict or score). */
const OUTPUT_TOKENS = {
  classify: { min: 1, max: 16 },
  judge: { min: 5, max: 256 },
  checklist: { min: 30, max: 256 },
  grade: { min: 5, max: 512 },
  correctness: { min: 1, max: 8 },
} as const;

/** Tokens of a formatted checklist shown to the grader, and of a gold answer. */
const CHECKLIST_TOKENS = 100;
const GOLD_TOKENS = 16;

/** The usual ~4 characters per token of English text; exact counts need the model's tokenizer. */
export function approxTokens(chars: number): number {
  return Math.ceil(Math.max(0, chars) / 4);
}

function messageTokens(messages: readonly { content: string }[]): number {
  return approxTokens(messages.reduce((sum, m) => sum + m.content.length, 0));
}

/** Fixed template overheads in tokens, with empty prompt and response slots. */
function overheads(k: number): Record<string, number> {
  const longest = (f: (c: (typeof CATEGORY_IDS)[number]) => number): number =>
    Math.max(...CATEGORY_IDS.map(f));
  return {
    classify: messageTokens(buildClassificationMessages('')),
    systemGeneral: messageTokens(buildSystemPromptSampling({ prompt: '', k, anchored: false })),
    systemAnchored: longest((c) =>
      messageTokens(buildSystemPromptSampling({ prompt: '', k, anchored: true, category: c })),
    ),
    icrGeneral: approxTokens(regenerationFollowUp({ anchored: false }).length),
    icrAnchored: longest((c) =>
      approxTokens(regenerationFollowUp({ anchored: true, category: c }).length),
    ),
    judge: longest((c) =>
      messageTokens(buildJudgeMessages({ prompt: '', category: c, a: '', b: '' })),
    ),
    checklist: longest((c) => messageTokens(buildChecklistMessages({ prompt: '', category: c }))),
    grade: messageTokens(buildChecklistGradeMessages({ prompt: '', checklist: [], response: '' })),
    correctness: messageTokens(buildCorrectnessMessages({ question: '', gold: '', response: '' })),
  };
}

const ZERO: Range = { min: 0, max: 0 };

function add(a: Range, b: Range): Range {
  return { min: a.min + b.min, max: a.max + b.max };
}

function scale(r: Range, f: number): Range {
  return { min: r.min * f, max: r.max * f };
}

function point(x: number): Range {
  return { min: x, max: x };
}

/** One batch of identical-shaped calls to one engine. */
interface Item {
  stage: EstimateStage;
  engine: EstimateEngine;
  calls: Range;
  input: Range;
  output: Range;
}

function itemCost(item: Item): Range {
  const price = item.engine.price;
  if (item.engine.local === true || price === undefined) return ZERO;
  return {
    min: tokenCostUsd(item.input.min, item.output.min, price),
    max: tokenCostUsd(item.input.max, item.output.max, price),
  };
}

/** Judge calls of one group of k responses: (k-1) to k(k-1)/2 with skipping, times the orders. */
export function judgeCallRange(k: number, everyPair: boolean, bothOrders: boolean): Range {
  const orders = bothOrders ? 2 : 1;
  const pairs = (k * (k - 1)) / 2;
  const min = everyPair ? pairs : Math.max(0, k - 1);
  return { min: min * orders, max: pairs * orders };
}

/** The shape of a run that fixes how many judge calls it may take. */
export interface JudgeCallShape {
  prompts: number;
  generators: number;
  strategies: number;
  judges: number;
  k: number;
  everyPair: boolean;
  bothOrders: boolean;
}

/**
 * Judge calls a whole run may take: {@link judgeCallRange} for every group and judge. This is
 * what the pre-run estimate shows for the judge stage, so results can set the actual beside it.
 */
export function runJudgeCallRange(shape: JudgeCallShape): Range {
  const perGroup = judgeCallRange(shape.k, shape.everyPair, shape.bothOrders);
  return scale(perGroup, shape.prompts * shape.generators * shape.strategies * shape.judges);
}

/** Generator calls that sample k responses with a strategy. */
export function samplingCalls(strategy: SamplingStrategy, k: number, nativeN: boolean): number {
  const calls = SAMPLING_STRATEGIES[strategy].calls;
  if (calls === 'single') return 1;
  if (calls === 'independent') return nativeN ? 1 : k;
  return k;
}

function sampleItems(input: EstimateInput, o: Record<string, number>, r: Range): Item[] {
  const items: Item[] = [];
  const { k } = input;
  for (const engine of input.generators) {
    for (const prompt of input.prompts) {
      const p = approxTokens(prompt.chars);
      for (const strategy of input.strategies) {
        const info = SAMPLING_STRATEGIES[strategy];
        const calls = samplingCalls(strategy, k, engine.nativeN === true);
        const output = scale(r, k);
        let promptIn: Range;
        if (info.family === 'temperature') promptIn = point(calls * p);
        else if (info.family === 'system-prompt') {
          promptIn = point(p + (info.anchored ? (o.systemAnchored ?? 0) : (o.systemGeneral ?? 0)));
        } else {
          // Turn i re-sends the prompt and the i earlier answers, each followed by the follow-up.
          const follow = info.anchored ? (o.icrAnchored ?? 0) : (o.icrGeneral ?? 0);
          const history = (k * (k - 1)) / 2;
          promptIn = add(point(k * p), scale(add(r, point(follow)), history));
        }
        items.push({ stage: 'sample', engine, calls: point(calls), input: promptIn, output });
      }
    }
  }
  return items;
}

function judgeSideItems(input: EstimateInput, o: Record<string, number>, r: Range): Item[] {
  const items: Item[] = [];
  const { k } = input;
  const groupsPerPrompt = input.generators.length * input.strategies.length;
  const perCall = (calls: Range, inPerCall: Range, out: Range): Omit<Item, 'stage' | 'engine'> => ({
    calls,
    input: { min: calls.min * inPerCall.min, max: calls.max * inPerCall.max },
    output: { min: calls.min * out.min, max: calls.max * out.max },
  });
  for (const prompt of input.prompts) {
    const p = approxTokens(prompt.chars);
    const judgeCalls = judgeCallRange(k, input.judgeEveryPair, input.bothOrders);
    for (const engine of input.judges) {
      const judgeIn = add(point((o.judge ?? 0) + p), scale(r, 2));
      items.push({
        stage: 'judge',
        engine,
        ...perCall(scale(judgeCalls, groupsPerPrompt), judgeIn, OUTPUT_TOKENS.judge),
      });
      if (input.quality) {
        items.push({
          stage: 'quality',
          engine,
          ...perCall(point(1), point((o.checklist ?? 0) + p), OUTPUT_TOKENS.checklist),
        });
        const gradeIn = add(point((o.grade ?? 0) + p + CHECKLIST_TOKENS), r);
        items.push({
          stage: 'quality',
          engine,
          ...perCall(point(groupsPerPrompt * k), gradeIn, OUTPUT_TOKENS.grade),
        });
      }
    }
    const grader = input.judges[0];
    if (input.accuracy && prompt.gold === 'short' && grader !== undefined) {
      const gradeIn = add(point((o.correctness ?? 0) + p + GOLD_TOKENS), r);
      items.push({
        stage: 'accuracy',
        engine: grader,
        ...perCall(point(groupsPerPrompt * k), gradeIn, OUTPUT_TOKENS.correctness),
      });
    }
  }
  return items;
}

function summarize(
  stage: StageEstimate['stage'],
  items: readonly Item[],
  batched: boolean,
): StageEstimate {
  let calls = ZERO;
  let inputTokens = ZERO;
  let outputTokens = ZERO;
  let cost = ZERO;
  let batchCalls = ZERO;
  let batchCost = ZERO;
  const unpriced = new Set<string>();
  for (const item of items) {
    calls = add(calls, item.calls);
    inputTokens = add(inputTokens, item.input);
    outputTokens = add(outputTokens, item.output);
    const itemCostRange = itemCost(item);
    cost = add(cost, itemCostRange);
    // Embeddings (metrics) have no batch mode here.
    const viaBatch = item.engine.batch === true && item.stage !== 'metrics';
    if (viaBatch) batchCalls = add(batchCalls, item.calls);
    batchCost = add(batchCost, viaBatch ? scale(itemCostRange, BATCH_PRICE_FACTOR) : itemCostRange);
    const used = item.calls.max > 0;
    if (used && item.engine.local !== true && item.engine.price === undefined) {
      unpriced.add(item.engine.id);
    }
  }
  return {
    stage,
    calls,
    inputTokens,
    outputTokens,
    cost,
    batchCalls,
    batchCost,
    batched,
    unpricedEngines: [...unpriced].sort(),
  };
}

/** Batch rounds one after another when every stage that can is batched (see ExperimentEstimate). */
function batchRounds(input: EstimateInput): Range {
  const first = input.classify && input.generators.length > 0 ? 1 : 0;
  const turns = Math.max(
    0,
    ...input.strategies.map((s) => (SAMPLING_STRATEGIES[s].calls === 'sequential' ? input.k : 1)),
  );
  const judged = input.judges.length > 0 && input.k > 1;
  const judgeRounds: Range = !judged
    ? ZERO
    : input.judgeEveryPair
      ? point(1)
      : { min: 1, max: input.k - 1 };
  const graded =
    input.judges.length > 0 &&
    (input.quality || (input.accuracy && input.prompts.some((p) => p.gold === 'short')));
  const after: Range = {
    min: Math.max(judgeRounds.min, graded ? 1 : 0),
    max: Math.max(judgeRounds.max, graded ? 1 : 0),
  };
  return add(point(first + turns), after);
}

/**
 * Estimates the calls, tokens and cost of each pipeline stage before a run. Call counts are exact
 * except for judging, whose pair skipping makes them a range: (k-1) calls per group when all k
 * responses are equivalent up to k(k-1)/2 when all differ (times 2 for both orders, per judge).
 * Token counts range from typical-length to maximum-length responses. Retries and re-asks of
 * unparseable answers are not included. The quality stage writes one checklist per prompt and
 * judge; short-answer accuracy uses the first judge as its grader; math accuracy makes no calls.
 * @throws RangeError for a non-positive k or maxTokens (a programmer error: validate first).
 */
export function estimateCalls(input: EstimateInput): ExperimentEstimate {
  const { k, maxTokens } = input;
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`estimateCalls: bad k ${k}`);
  if (!(maxTokens > 0)) throw new RangeError(`estimateCalls: bad maxTokens ${maxTokens}`);
  const typical = Math.min(input.typicalResponseTokens ?? TYPICAL_RESPONSE_TOKENS, maxTokens);
  const r: Range = { min: typical, max: maxTokens };
  const o = overheads(k);
  const items: Item[] = [];
  if (input.classify) {
    for (const engine of input.generators) {
      for (const prompt of input.prompts) {
        const promptIn = point((o.classify ?? 0) + approxTokens(prompt.chars));
        items.push({
          stage: 'classify',
          engine,
          calls: point(1),
          input: promptIn,
          output: OUTPUT_TOKENS.classify,
        });
      }
    }
  }
  items.push(...sampleItems(input, o, r));
  if (input.embedding !== undefined) {
    const groups = input.generators.length * input.prompts.length * input.strategies.length;
    items.push({
      stage: 'metrics',
      engine: input.embedding,
      calls: point(groups),
      input: scale(r, groups * k),
      output: ZERO,
    });
  }
  items.push(...judgeSideItems(input, o, r));
  const order: EstimateStage[] = ['classify', 'sample', 'judge', 'metrics', 'quality', 'accuracy'];
  const chosen = new Set(input.batch ?? []);
  const stages = order.map((stage) =>
    summarize(
      stage,
      items.filter((i) => i.stage === stage),
      chosen.has(stage) && stage !== 'metrics',
    ),
  );
  return {
    stages,
    total: summarize(
      'total',
      items,
      stages.some((s) => s.batched),
    ),
    chosenCost: stages.reduce((sum, s) => add(sum, s.batched ? s.batchCost : s.cost), ZERO),
    batchRounds: batchRounds(input),
  };
}
