// Experiment definitions: defaults as in the paper, validation messages, gold-answer types and
// the pre-run estimate built from a definition and what is known about its engines.

import { describe, expect, it } from 'vitest';
import { SAMPLING_STRATEGY_IDS } from '../core/prompts';
import {
  comparedStrategy,
  estimateExperiment,
  goldType,
  parseExperiment,
  type ExperimentDefinition,
  type ExperimentInput,
} from './experiment';

const minimal: ExperimentInput = {
  prompts: [{ id: 'p1', text: 'Name a color.', category: 'B' }],
  generators: ['openai/gpt-4o'],
};

describe('parseExperiment', () => {
  it('fills in the paper defaults', () => {
    const parsed = parseExperiment(minimal);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({
      k: 5,
      temperature: 1,
      topP: 0.9,
      maxTokens: 1024,
      strategies: [...SAMPLING_STRATEGY_IDS],
      judges: [],
      classify: true,
      anchorCategory: 'known',
      judgeEveryPair: false,
      bothOrders: false,
      quality: true,
      accuracy: true,
      independentSamples: true,
      nativeN: true,
      judgeTemperature: 0,
    });
    expect(parsed.value.seed).toBeUndefined();
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'hello', /expected object/],
    ['no prompts', { ...minimal, prompts: [] }, /prompts: add at least one prompt/],
    ['an empty prompt', { ...minimal, prompts: [{ id: 'p', text: '  ' }] }, /prompt text is empty/],
    [
      'duplicate prompt ids',
      {
        ...minimal,
        prompts: [
          { id: 'p', text: 'a' },
          { id: 'p', text: 'b' },
        ],
      },
      /prompt ids must be unique/,
    ],
    ['no generator', { ...minimal, generators: [] }, /choose at least one generator/],
    ['a judge twice', { ...minimal, judges: ['j', 'j'] }, /judges: a judge is listed twice/],
    ['an unknown strategy', { ...minimal, strategies: ['beam'] }, /strategies\.0/],
    ['no strategy', { ...minimal, strategies: [] }, /choose at least one sampling strategy/],
    ['k = 0', { ...minimal, k: 0 }, /^k:/],
    ['fractional k', { ...minimal, k: 2.5 }, /^k:/],
    ['temperature 3', { ...minimal, temperature: 3 }, /^temperature:/],
    ['top-p 0', { ...minimal, topP: 0 }, /^topP:/],
    [
      'a category outside A-H',
      { ...minimal, prompts: [{ id: 'p', text: 'x', category: 'Z' }] },
      /category/,
    ],
    [
      'task-anchored sampling without any way to know the category',
      { ...minimal, classify: false, prompts: [{ id: 'p', text: 'x' }] },
      /classify: 1 prompt\(s\) have no category/,
    ],
    [
      'a judge without any way to know the category',
      {
        ...minimal,
        classify: false,
        strategies: ['temperature'],
        judges: ['j'],
        prompts: [{ id: 'p', text: 'x' }],
      },
      /turn classification on/,
    ],
  ])('rejects %s', (_label, input, message) => {
    const parsed = parseExperiment(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.join('\n')).toMatch(message);
  });

  it.each<[string, unknown]>([
    ['categories given, classification off', { ...minimal, classify: false }],
    [
      'no categories, generation only',
      {
        ...minimal,
        classify: false,
        strategies: ['temperature'],
        prompts: [{ id: 'p', text: 'x' }],
      },
    ],
    [
      'an override instead of a known category',
      { ...minimal, classify: false, prompts: [{ id: 'p', text: 'x', categoryOverride: 'G' }] },
    ],
    ['unicode prompt and ids', { ...minimal, prompts: [{ id: 'ü-1', text: '讲个笑话' }] }],
  ])('accepts %s', (_label, input) => {
    expect(parseExperiment(input).ok).toBe(true);
  });
});

describe('comparedStrategy: imported responses are never compared as a sampling strategy', () => {
  function def(extra: Partial<ExperimentInput>): ExperimentDefinition {
    const parsed = parseExperiment({ ...minimal, name: 'Responses from file', ...extra });
    if (!parsed.ok) throw new Error(parsed.issues.join('; '));
    return parsed.value;
  }
  it.each<[string, ExperimentDefinition | undefined, string, string, string]>([
    [
      'a generated group keeps its strategy',
      def({}),
      'openai/gpt-4o',
      'temperature',
      'temperature',
    ],
    [
      'an imported group is shown under its source',
      def({ generators: ['imported/gpt'], imported: { source: 'gens.jsonl' } }),
      'imported/gpt',
      'temperature',
      'imported:gens.jsonl',
    ],
    [
      'a run stored before the source was recorded uses its name',
      def({ generators: ['imported/gpt'] }),
      'imported/gpt',
      'temperature',
      'imported:Responses from file',
    ],
    [
      'a strategy the user assigned is compared as that strategy',
      def({
        generators: ['imported/gpt'],
        imported: { source: 'gens.jsonl', strategy: 'system-general' },
      }),
      'imported/gpt',
      'temperature',
      'system-general',
    ],
    [
      'no definition: the model id',
      undefined,
      'imported/gpt',
      'temperature',
      'imported:imported/gpt',
    ],
  ])('%s', (_label, definition, model, stored, expected) => {
    expect(comparedStrategy(definition, model, stored)).toBe(expected);
  });

  it("refuses an assigned strategy that is not one of the paper's", () => {
    const parsed = parseExperiment({
      ...minimal,
      generators: ['imported/gpt'],
      imported: { source: 'x', strategy: 'imported:x' },
    });
    expect(parsed.ok).toBe(false);
  });
});

describe('goldType', () => {
  it.each<[string, { gold?: string; answerType?: 'math' | 'short' }, string | undefined]>([
    ['no gold', {}, undefined],
    ['blank gold', { gold: '  ' }, undefined],
    ['gold defaults to short', { gold: 'Paris' }, 'short'],
    ['math', { gold: '42', answerType: 'math' }, 'math'],
    ['type without gold', { answerType: 'math' }, undefined],
  ])('%s', (_label, extra, expected) => {
    expect(goldType({ id: 'p', text: 'x', ...extra })).toBe(expected);
  });
});

describe('estimateExperiment', () => {
  const def = (extra: Partial<ExperimentInput> = {}) => {
    const parsed = parseExperiment({ ...minimal, judges: ['openai/gpt-4o'], ...extra });
    if (!parsed.ok) throw new Error(parsed.issues.join('; '));
    return parsed.value;
  };
  const sampleCalls = (est: ReturnType<typeof estimateExperiment>): number =>
    est.stages.find((s) => s.stage === 'sample')?.calls.min ?? -1;

  it.each<
    [
      string,
      Partial<ExperimentInput>,
      Record<string, { capabilities: { n: 'native' | 'none' } }>,
      number,
    ]
  >([
    ['engine unknown: k calls for temperature sampling', {}, {}, 17],
    ['native n: one call', {}, { 'openai/gpt-4o': { capabilities: { n: 'native' } } }, 13],
    [
      'native n switched off',
      { nativeN: false },
      { 'openai/gpt-4o': { capabilities: { n: 'native' } } },
      17,
    ],
    ['no native n', {}, { 'openai/gpt-4o': { capabilities: { n: 'none' } } }, 17],
  ])('%s', (_label, extra, engines, calls) => {
    expect(sampleCalls(estimateExperiment(def(extra), engines))).toBe(calls);
  });

  it.each<
    [
      string,
      Record<string, { location: 'local' | 'cloud' }>,
      Record<string, { inputPerMTok: number; outputPerMTok: number }>,
      boolean,
      string[],
    ]
  >([
    [
      'priced cloud engine',
      {},
      { 'openai/gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 } },
      true,
      [],
    ],
    ['unpriced cloud engine', {}, {}, false, ['openai/gpt-4o']],
    ['local engine', { 'openai/gpt-4o': { location: 'local' } }, {}, false, []],
  ])('cost with a %s', (_label, engines, prices, paid, unpriced) => {
    const est = estimateExperiment(def(), engines, prices);
    expect(est.total.cost.max > 0).toBe(paid);
    expect(est.total.unpricedEngines).toEqual(unpriced);
  });

  it('counts short-answer grading and not math checking', () => {
    const est = estimateExperiment(
      def({
        prompts: [
          { id: 'a', text: 'Capital of France?', category: 'A', gold: 'Paris' },
          { id: 'b', text: '1+1?', category: 'D', gold: '2', answerType: 'math' },
        ],
      }),
    );
    expect(est.stages.find((s) => s.stage === 'accuracy')?.calls).toEqual({ min: 25, max: 25 });
  });
});
