// Table tests of the pre-run estimate: call counts per stage, judge ranges, tokens and cost.
// Call counts are checked exactly; token and cost figures by their arithmetic relations.

import { describe, expect, it } from 'vitest';
import {
  approxTokens,
  estimateCalls,
  judgeCallRange,
  runJudgeCallRange,
  samplingCalls,
  type EstimateInput,
  type EstimateStage,
  type Range,
} from './estimate';
import { SAMPLING_STRATEGY_IDS, type SamplingStrategy } from './prompts';

const gen = { id: 'cloud/gen', price: { inputPerMTok: 1, outputPerMTok: 2 } };
const judge = { id: 'cloud/judge', price: { inputPerMTok: 3, outputPerMTok: 4 } };

function input(extra: Partial<EstimateInput> = {}): EstimateInput {
  return {
    prompts: [{ chars: 40 }],
    generators: [gen],
    judges: [judge],
    strategies: [...SAMPLING_STRATEGY_IDS],
    k: 5,
    maxTokens: 1024,
    classify: true,
    judgeEveryPair: false,
    bothOrders: false,
    quality: true,
    accuracy: true,
    ...extra,
  };
}

function calls(extra: Partial<EstimateInput>): Record<EstimateStage | 'total', Range> {
  const estimate = estimateCalls(input(extra));
  const entries = [...estimate.stages, estimate.total].map((s) => [s.stage, s.calls] as const);
  return Object.fromEntries(entries) as Record<EstimateStage | 'total', Range>;
}

describe('approxTokens', () => {
  it.each([
    [0, 0],
    [1, 1],
    [4, 1],
    [5, 2],
    [400, 100],
    [-3, 0],
  ])('%i characters are about %i tokens', (chars, tokens) => {
    expect(approxTokens(chars)).toBe(tokens);
  });
});

describe('judgeCallRange', () => {
  it.each([
    [5, false, false, 4, 10],
    [5, true, false, 10, 10],
    [5, false, true, 8, 20],
    [5, true, true, 20, 20],
    [10, false, false, 9, 45],
    [2, false, false, 1, 1],
    [1, false, false, 0, 0],
    [1, true, true, 0, 0],
  ])('k=%i everyPair=%s bothOrders=%s: %i..%i', (k, everyPair, both, min, max) => {
    expect(judgeCallRange(k, everyPair, both)).toEqual({ min, max });
  });
});

describe('runJudgeCallRange', () => {
  it.each<[string, Partial<EstimateInput>]>([
    ['one prompt, one judge', {}],
    [
      'three prompts, two generators, two judges',
      {
        prompts: [{ chars: 10 }, { chars: 20 }, { chars: 30 }],
        generators: [gen, { ...gen, id: 'cloud/gen2' }],
        judges: [judge, { ...judge, id: 'cloud/judge2' }],
      },
    ],
    ['every pair, both orders, k=4', { judgeEveryPair: true, bothOrders: true, k: 4 }],
    ['two strategies, k=1', { strategies: ['temperature', 'icr-general'], k: 1 }],
  ])('%s: equals the judge stage of the pre-run estimate', (_label, extra) => {
    const shape = input(extra);
    expect(
      runJudgeCallRange({
        prompts: shape.prompts.length,
        generators: shape.generators.length,
        strategies: shape.strategies.length,
        judges: shape.judges.length,
        k: shape.k,
        everyPair: shape.judgeEveryPair,
        bothOrders: shape.bothOrders,
      }),
    ).toEqual(calls(extra).judge);
  });
});

describe('samplingCalls', () => {
  it.each<[SamplingStrategy, number, boolean, number]>([
    ['temperature', 5, false, 5],
    ['temperature', 5, true, 1],
    ['system-general', 5, false, 1],
    ['system-task-anchored', 7, true, 1],
    ['icr-general', 5, true, 5],
    ['icr-task-anchored', 3, false, 3],
  ])('%s with k=%i, native n=%s: %i calls', (strategy, k, nativeN, expected) => {
    expect(samplingCalls(strategy, k, nativeN)).toBe(expected);
  });
});

describe('estimateCalls: call counts per stage', () => {
  it.each<[string, Partial<EstimateInput>, Partial<Record<EstimateStage | 'total', Range>>]>([
    [
      'one prompt, all strategies, k=5',
      {},
      {
        classify: { min: 1, max: 1 },
        sample: { min: 17, max: 17 },
        judge: { min: 20, max: 50 },
        metrics: { min: 0, max: 0 },
        quality: { min: 26, max: 26 },
        accuracy: { min: 0, max: 0 },
        total: { min: 64, max: 94 },
      },
    ],
    [
      'native n folds temperature sampling into one call',
      { generators: [{ ...gen, nativeN: true }] },
      { sample: { min: 13, max: 13 } },
    ],
    ['judging every pair', { judgeEveryPair: true }, { judge: { min: 50, max: 50 } }],
    ['both orders double the judge calls', { bothOrders: true }, { judge: { min: 40, max: 100 } }],
    [
      'two judges each judge, checklist and grade',
      { judges: [judge, { id: 'local/j2', local: true }] },
      { judge: { min: 40, max: 100 }, quality: { min: 52, max: 52 } },
    ],
    [
      'two generators and three prompts',
      { generators: [gen, { id: 'g2' }], prompts: [{ chars: 1 }, { chars: 2 }, { chars: 3 }] },
      {
        classify: { min: 6, max: 6 },
        sample: { min: 102, max: 102 },
        judge: { min: 120, max: 300 },
        quality: { min: 3 + 150, max: 3 + 150 },
      },
    ],
    [
      'classification, quality and accuracy off',
      { classify: false, quality: false, accuracy: false, prompts: [{ chars: 9, gold: 'short' }] },
      { classify: { min: 0, max: 0 }, quality: { min: 0, max: 0 }, accuracy: { min: 0, max: 0 } },
    ],
    [
      'short gold answers are graded once per response',
      {
        prompts: [
          { chars: 9, gold: 'short' },
          { chars: 9, gold: 'math' },
        ],
      },
      { accuracy: { min: 25, max: 25 } },
    ],
    [
      'an embedding engine adds one request per group',
      { embedding: { id: 'local/emb', local: true } },
      { metrics: { min: 5, max: 5 } },
    ],
    [
      'temperature only, k=1: nothing to judge',
      { strategies: ['temperature'], k: 1 },
      { sample: { min: 1, max: 1 }, judge: { min: 0, max: 0 }, quality: { min: 2, max: 2 } },
    ],
    [
      'no judges: no judge, quality or grader calls',
      { judges: [], prompts: [{ chars: 9, gold: 'short' }] },
      { judge: { min: 0, max: 0 }, quality: { min: 0, max: 0 }, accuracy: { min: 0, max: 0 } },
    ],
  ])('%s', (_label, extra, expected) => {
    expect(calls(extra)).toMatchObject(expected);
  });
});

describe('estimateCalls: tokens and cost', () => {
  it('ranges are ordered and the total is the sum of the stages', () => {
    const estimate = estimateCalls(input({ embedding: { id: 'e', price: gen.price } }));
    const sum = (pick: (s: (typeof estimate.stages)[number]) => Range): Range =>
      estimate.stages.reduce(
        (acc, s) => ({ min: acc.min + pick(s).min, max: acc.max + pick(s).max }),
        { min: 0, max: 0 },
      );
    for (const s of [...estimate.stages, estimate.total]) {
      expect(s.inputTokens.min).toBeLessThanOrEqual(s.inputTokens.max);
      expect(s.outputTokens.min).toBeLessThanOrEqual(s.outputTokens.max);
      expect(s.cost.min).toBeLessThanOrEqual(s.cost.max);
    }
    expect(estimate.total.inputTokens).toEqual(sum((s) => s.inputTokens));
    expect(estimate.total.outputTokens.max).toBeCloseTo(sum((s) => s.outputTokens).max);
    expect(estimate.total.cost.max).toBeCloseTo(sum((s) => s.cost).max);
  });

  it.each([
    ['typical 200-token responses', 200, 5 * 200],
    ['typical length above the limit is capped', 5000, 5 * 1024],
  ])('temperature sampling output with %s', (_label, typical, min) => {
    const estimate = estimateCalls(
      input({ strategies: ['temperature'], typicalResponseTokens: typical }),
    );
    const sample = estimate.stages.find((s) => s.stage === 'sample');
    expect(sample?.outputTokens).toEqual({ min, max: 5 * 1024 });
    // 40 characters = 10 tokens of prompt per call, priced at 1 USD/M in and 2 USD/M out.
    expect(sample?.inputTokens).toEqual({ min: 50, max: 50 });
    expect(sample?.cost.max).toBeCloseTo((50 * 1 + 5 * 1024 * 2) / 1e6);
  });

  it('in-context regeneration re-sends the growing conversation', () => {
    const icr = (k: number): number =>
      estimateCalls(input({ strategies: ['icr-general'], k, typicalResponseTokens: 100 })).stages[1]
        ?.inputTokens.min ?? -1;
    // Turn i re-sends i answers plus follow-ups: the input grows quadratically with k.
    expect(icr(2) - 2 * 10).toBeGreaterThan(100);
    expect(icr(4) - 4 * 10).toBeCloseTo(6 * (icr(2) - 2 * 10));
  });

  it.each([
    ['a priced cloud engine', gen, [], true],
    ['a local engine', { id: 'local/x', local: true }, [], false],
    ['an unpriced cloud engine', { id: 'cloud/x' }, ['cloud/x'], false],
  ])('cost with %s as the only engine', (_label, engine, unpriced, paid) => {
    const estimate = estimateCalls(input({ generators: [engine], judges: [engine] }));
    expect(estimate.total.unpricedEngines).toEqual(unpriced);
    expect(estimate.total.cost.min > 0).toBe(paid);
  });

  it.each([
    ['k = 0', { k: 0 }],
    ['fractional k', { k: 2.5 }],
    ['maxTokens = 0', { maxTokens: 0 }],
  ])('rejects %s', (_label, extra) => {
    expect(() => estimateCalls(input(extra))).toThrow(RangeError);
  });
});

describe('estimateCalls: interactive vs batch', () => {
  const bGen = { ...gen, batch: true };
  const bJudge = { ...judge, batch: true };

  it.each<[string, Partial<EstimateInput>, EstimateStage[], number]>([
    // [label, input, stages whose calls can go as batches, share of the interactive cost]
    ['no engine with a batch API', {}, [], 1],
    [
      'every engine with one',
      { generators: [bGen], judges: [bJudge] },
      ['classify', 'sample', 'judge', 'quality', 'accuracy'],
      0.5,
    ],
  ])('%s', (_label, extra, batchable, share) => {
    const estimate = estimateCalls(input(extra));
    for (const stage of estimate.stages) {
      const can = batchable.includes(stage.stage as EstimateStage);
      expect(stage.batchCalls, stage.stage).toEqual(can ? stage.calls : { min: 0, max: 0 });
    }
    const { cost, batchCost } = estimate.total;
    expect(batchCost.min).toBeCloseTo(cost.min * share, 12);
    expect(batchCost.max).toBeCloseTo(cost.max * share, 12);
  });

  it('the chosen cost prices only the batched stages at the batch price', () => {
    const estimate = estimateCalls(
      input({ generators: [bGen], judges: [bJudge], batch: ['judge', 'metrics'] }),
    );
    const judgeStage = estimate.stages.find((s) => s.stage === 'judge')!;
    expect(estimate.stages.filter((s) => s.batched).map((s) => s.stage)).toEqual(['judge']);
    expect(estimate.chosenCost.max).toBeCloseTo(
      estimate.total.cost.max - judgeStage.cost.max / 2,
      12,
    );
    expect(estimate.total.batched).toBe(true);
  });

  it.each<[string, Partial<EstimateInput>, Range]>([
    // classify + sample + judge rounds (1..k-1) beside grades
    ['all strategies, k = 5', {}, { min: 1 + 5 + 1, max: 1 + 5 + 4 }],
    ['temperature only', { strategies: ['temperature'] }, { min: 3, max: 6 }],
    [
      'every pair in one round',
      { strategies: ['temperature'], judgeEveryPair: true },
      { min: 3, max: 3 },
    ],
    [
      'no classification, no judge',
      { strategies: ['temperature'], classify: false, judges: [] },
      { min: 1, max: 1 },
    ],
    [
      'k = 1: nothing to judge, grades still',
      { strategies: ['temperature'], k: 1 },
      { min: 3, max: 3 },
    ],
  ])('batch rounds: %s', (_label, extra, rounds) => {
    expect(estimateCalls(input(extra)).batchRounds).toEqual(rounds);
  });
});
