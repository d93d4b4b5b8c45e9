// Tests of the experiment form state: splitting typed prompts, what the form hands the pipeline,
// validation messages, defaults, model choices, the live estimate and keeping the draft.
import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../pipeline/experiment';
import {
  ExperimentForm,
  FORM_DEFAULTS,
  splitPrompts,
  type DraftPrompt,
  type SplitMode,
} from './experiment-form.svelte';

describe('splitPrompts', () => {
  it.each<[string, SplitMode, string[]]>([
    ['', 'lines', []],
    ['   \n\n  ', 'lines', []],
    ['one', 'lines', ['one']],
    ['one\ntwo\r\nthree', 'lines', ['one', 'two', 'three']],
    ['  padded  \n\n\nnext', 'lines', ['padded', 'next']],
    ['a\nb\n\nc', 'blank-lines', ['a\nb', 'c']],
    ['a\n  \t\nb', 'blank-lines', ['a', 'b']],
    ['only one\nblock', 'blank-lines', ['only one\nblock']],
    ['東京は？\n🚀 launch', 'lines', ['東京は？', '🚀 launch']],
    ['same\nsame', 'lines', ['same', 'same']],
  ])('%j by %s', (text, mode, expected) => {
    expect(splitPrompts(text, mode)).toEqual(expected);
  });
});

function formWith(texts: string[] = ['Name a prime number.', 'Write a poem.']): ExperimentForm {
  const form = new ExperimentForm();
  form.addTyped(texts.join('\n'), 'lines');
  form.toggleGenerator('p/gen', true);
  return form;
}

describe('ExperimentForm: prompts', () => {
  it.each<[string, string[], number, number]>([
    ['new prompts', ['a', 'b'], 2, 2],
    ['a repeated line', ['a', 'a'], 1, 1],
    ['nothing', [], 0, 0],
  ])('adding %s', (_name, lines, added, total) => {
    const form = new ExperimentForm();
    expect(form.addTyped(lines.join('\n'), 'lines')).toBe(added);
    expect(form.prompts).toHaveLength(total);
  });

  it('skips prompts already listed by id or text, and gives typed prompts unique ids', () => {
    const form = new ExperimentForm();
    form.addTyped('first\nsecond', 'lines');
    expect(form.addTyped('second\nthird', 'lines')).toBe(1);
    const library: DraftPrompt[] = [
      { id: 'lib-1', text: 'first', origin: 'library' },
      { id: 'lib-2', text: 'fourth', origin: 'library', category: 'A', gold: 'x' },
      { id: 'lib-2', text: 'fifth', origin: 'library' },
    ];
    expect(form.addPrompts(library)).toBe(1);
    expect(form.prompts.map((p) => p.text)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(new Set(form.prompts.map((p) => p.id)).size).toBe(4);
  });

  it('sets and clears category, gold answer and answer type', () => {
    const form = formWith(['q']);
    const id = form.prompts[0]!.id;
    form.setCategory(id, 'D');
    form.setGold(id, ' 42 ');
    form.setAnswerType(id, 'math');
    expect(form.input.prompts[0]).toEqual({
      id,
      text: 'q',
      category: 'D',
      gold: '42',
      answerType: 'math',
    });
    form.setCategory(id, undefined);
    form.setGold(id, '  ');
    expect(form.input.prompts[0]).toEqual({ id, text: 'q' });
  });

  it('removes one prompt or all', () => {
    const form = formWith(['a', 'b', 'c']);
    form.removePrompt(form.prompts[1]!.id);
    expect(form.prompts.map((p) => p.text)).toEqual(['a', 'c']);
    form.clearPrompts();
    expect(form.prompts).toEqual([]);
  });
});

describe('ExperimentForm: definition and validation', () => {
  it('starts from the paper defaults, which equal the schema defaults', () => {
    const form = formWith();
    const fromSchema = parseExperiment({
      prompts: [{ id: 'x', text: 'x' }],
      generators: ['g/x'],
    });
    if (!fromSchema.ok) throw new Error('schema');
    expect(FORM_DEFAULTS).toEqual({
      k: fromSchema.value.k,
      temperature: fromSchema.value.temperature,
      topP: fromSchema.value.topP,
      maxTokens: fromSchema.value.maxTokens,
    });
    const parsed = form.parsed;
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.strategies).toHaveLength(5);
      expect(parsed.value).toMatchObject({ k: 5, classify: true, quality: true, judges: [] });
      expect(parsed.value.seed).toBeUndefined();
      expect(parsed.value.embedding).toBeUndefined();
    }
  });

  it.each<[string, (f: ExperimentForm) => void, RegExp]>([
    ['no prompts', (f) => f.clearPrompts(), /^prompts: add at least one prompt/],
    ['no generator', (f) => f.toggleGenerator('p/gen', false), /^generators: choose at least one/],
    [
      'no strategy',
      (f) => {
        for (const s of [...f.strategies]) f.toggleStrategy(s, false);
      },
      /^strategies: choose at least one/,
    ],
    ['blank k', (f) => (f.k = null), /^k: /],
    ['k of 0', (f) => (f.k = 0), /^k: /],
    ['temperature 3', (f) => (f.temperature = 3), /^temperature: /],
    ['top-p 0', (f) => (f.topP = 0), /^topP: /],
    ['max tokens 1.5', (f) => (f.maxTokens = 1.5), /^maxTokens: /],
    [
      'no classification and no categories',
      (f) => {
        f.classify = false;
        f.toggleJudge('p/judge', true);
      },
      /^classify: 2 prompt\(s\) have no category/,
    ],
  ])('names the problem: %s', (_name, change, message) => {
    const form = formWith();
    change(form);
    const parsed = form.parsed;
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.some((i) => message.test(i))).toBe(true);
  });

  it.each<[number | null, number | undefined]>([
    [null, undefined],
    [7, 7],
    [0, 0],
  ])('seed %s becomes %s', (seed, expected) => {
    const form = formWith();
    form.seed = seed;
    expect(form.input.seed).toBe(expected);
  });

  it('keeps strategies in the paper order whatever the order of toggling', () => {
    const form = formWith();
    for (const s of [...form.strategies]) form.toggleStrategy(s, false);
    form.toggleStrategy('icr-general', true);
    form.toggleStrategy('temperature', true);
    form.toggleStrategy('icr-general', true);
    expect(form.strategies).toEqual(['temperature', 'icr-general']);
  });

  it.each<[string, (f: ExperimentForm) => void, RegExp | null]>([
    ['no judge', () => undefined, /No judge model/],
    [
      'every pair in both orders',
      (f) => {
        f.toggleJudge('p/judge', true);
        f.judgeEveryPair = true;
        f.bothOrders = true;
      },
      /doubles the judge calls/,
    ],
    [
      'unknown categories with anchoring',
      (f) => f.toggleJudge('p/judge', true),
      /2 prompt\(s\) have no known category/,
    ],
    [
      'all categories known',
      (f) => {
        f.toggleJudge('p/judge', true);
        for (const p of f.prompts) f.setCategory(p.id, 'G');
      },
      null,
    ],
  ])('warns about %s', (_name, change, expected) => {
    const form = formWith();
    change(form);
    if (expected === null) expect(form.warnings).toEqual([]);
    else expect(form.warnings.some((w) => expected.test(w))).toBe(true);
  });

  it('estimates only a valid definition, with native n folding temperature sampling', () => {
    const form = formWith(['a', 'b']);
    form.toggleJudge('p/judge', true);
    const sampleCalls = (n: 'native' | 'emulated'): number | undefined =>
      form
        .estimate({ 'p/gen': { location: 'cloud', capabilities: { n } } }, {})
        ?.stages.find((s) => s.stage === 'sample')?.calls.min;
    // 2 prompts x (5 temperature + 1 + 1 + 5 + 5)
    expect(sampleCalls('emulated')).toBe(34);
    // 2 prompts x (1 + 1 + 1 + 5 + 5)
    expect(sampleCalls('native')).toBe(26);
    const priced = form.estimate(
      {},
      {
        'p/gen': { inputPerMTok: 1, outputPerMTok: 2 },
        'p/judge': { inputPerMTok: 1, outputPerMTok: 2 },
      },
    );
    expect(priced?.total.cost.min).toBeGreaterThan(0);
    form.clearPrompts();
    expect(form.estimate({}, {})).toBeNull();
  });
});

describe('ExperimentForm: calls per stage', () => {
  it.each<[string, ['sample' | 'judge' | 'quality', 'interactive' | 'batch'][], unknown]>([
    ['none chosen', [], undefined],
    ['one stage', [['judge', 'batch']], ['judge']],
    [
      'stages in pipeline order',
      [
        ['quality', 'batch'],
        ['sample', 'batch'],
      ],
      ['sample', 'quality'],
    ],
    [
      'a stage back to interactive',
      [
        ['sample', 'batch'],
        ['judge', 'batch'],
        ['sample', 'interactive'],
      ],
      ['judge'],
    ],
  ])('%s', (_name, steps, batch) => {
    const form = formWith(['a']);
    for (const [stage, mode] of steps) form.setStageMode(stage, mode);
    expect(form.input.batch).toEqual(batch);
    for (const [stage] of steps) {
      expect(form.stageMode(stage)).toBe(form.batch.includes(stage) ? 'batch' : 'interactive');
    }
    expect(form.parsed.ok).toBe(true);
  });
});

describe('ExperimentForm: models', () => {
  const available = { chat: ['p/gen', 'p/judge'], embedding: ['t/emb'] };

  it.each<
    [
      string,
      { generator: string | null; judge: string | null; embedding: string | null },
      string[],
      string[],
      string,
    ]
  >([
    [
      'all defaults',
      { generator: 'p/gen', judge: 'p/judge', embedding: 't/emb' },
      ['p/gen'],
      ['p/judge'],
      't/emb',
    ],
    ['none chosen', { generator: null, judge: null, embedding: null }, [], [], ''],
    ['unavailable ones', { generator: 'gone/x', judge: 'gone/y', embedding: 'gone/z' }, [], [], ''],
  ])('applies %s', (_name, defaults, generators, judges, embedding) => {
    const form = new ExperimentForm();
    form.applyDefaults(defaults, available);
    expect([form.generators, form.judges, form.embedding]).toEqual([generators, judges, embedding]);
  });

  it('applies defaults once and never over the user choice', () => {
    const form = new ExperimentForm();
    form.toggleJudge('p/gen', true);
    form.applyDefaults({ generator: 'p/gen', judge: 'p/judge', embedding: null }, available);
    expect(form.judges).toEqual(['p/gen']);
    form.toggleGenerator('p/gen', false);
    form.applyDefaults({ generator: 'p/judge', judge: null, embedding: null }, available);
    expect(form.generators).toEqual([]);
  });

  it('drops engines that are no longer offered', () => {
    const form = new ExperimentForm();
    form.toggleGenerator('p/gen', true);
    form.toggleGenerator('gone/x', true);
    form.toggleJudge('gone/y', true);
    form.embedding = 'gone/z';
    form.dropUnavailable(available);
    expect([form.generators, form.judges, form.embedding]).toEqual([['p/gen'], [], '']);
  });

  it('toggles without duplicates', () => {
    const form = new ExperimentForm();
    form.toggleGenerator('a/x', true);
    form.toggleGenerator('a/x', true);
    form.toggleGenerator('b/y', true);
    form.toggleGenerator('a/x', false);
    expect(form.generators).toEqual(['b/y']);
  });
});

describe('ExperimentForm: draft', () => {
  it('restores everything it snapshots', () => {
    const form = formWith(['a', 'b']);
    form.name = 'Mine';
    form.k = 3;
    form.temperature = null;
    form.seed = 9;
    form.bothOrders = true;
    form.quality = false;
    form.embedding = 't/emb';
    form.toggleJudge('p/judge', true);
    form.toggleStrategy('system-general', false);
    form.setCategory(form.prompts[0]!.id, 'C');
    form.setGold(form.prompts[1]!.id, '12');
    form.setAnswerType(form.prompts[1]!.id, 'math');
    form.setStageMode('judge', 'batch');
    form.setStageMode('sample', 'batch');
    const copy = new ExperimentForm();
    copy.restore(JSON.parse(JSON.stringify(form.snapshot())));
    expect(copy.input).toEqual({ ...form.input });
    expect(copy.input.batch).toEqual(['sample', 'judge']);
    expect(copy.temperature).toBeNull();
    // Typed ids continue after the restored ones.
    copy.addTyped('c', 'lines');
    expect(new Set(copy.prompts.map((p) => p.id)).size).toBe(3);
    // A restored draft keeps its models: Settings defaults do not replace them.
    copy.applyDefaults(
      { generator: 'p/judge', judge: null, embedding: null },
      { chat: ['p/gen', 'p/judge'], embedding: [] },
    );
    expect(copy.generators).toEqual(['p/gen']);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['a string', 'draft'],
    ['an array', [1, 2]],
    [
      'wrong field types',
      {
        name: 3,
        k: 'five',
        classify: 'yes',
        generators: 'p/gen',
        strategies: ['bogus'],
        promptsDraft: [{ id: 1 }, null, { id: 'x', text: 'ok', category: 'Z', origin: 'web' }],
      },
    ],
  ])('ignores a malformed draft: %s', (_name, value) => {
    const form = new ExperimentForm();
    form.restore(value as never);
    expect(form.name).toBe('Experiment');
    expect(form.k).toBe(5);
    expect(form.classify).toBe(true);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      expect(form.prompts).toEqual([{ id: 'x', text: 'ok', origin: 'typed' }]);
      expect(form.strategies).toEqual([]);
    } else {
      expect(form.prompts).toEqual([]);
      expect(form.strategies).toHaveLength(5);
    }
  });
});

describe('ExperimentForm: a workshop pack', () => {
  it.each<[string, Parameters<ExperimentForm['applyWorkshop']>[2], Partial<ExperimentForm>]>([
    [
      'every setting',
      {
        strategies: ['icr-general', 'temperature'],
        k: 3,
        temperature: 0.7,
        topP: 0.8,
        maxTokens: 200,
        seed: 7,
        classify: false,
        judgeEveryPair: true,
        bothOrders: true,
        quality: false,
        accuracy: false,
      },
      { k: 3, temperature: 0.7, topP: 0.8, maxTokens: 200, seed: 7, classify: false },
    ],
    ['no settings', {}, { k: FORM_DEFAULTS.k, temperature: FORM_DEFAULTS.temperature, seed: null }],
  ])('replaces prompts and applies %s, keeping the user engines', (_, settings, expected) => {
    const form = formWith(['old prompt']);
    form.seed = 99;
    form.applyWorkshop(
      'Workshop: colours',
      [
        { id: 'c1', text: 'Name a colour.', category: 'B' },
        { id: 'c2', text: 'Solve 2+2.', categoryOverride: 'A', gold: '4', answerType: 'math' },
      ],
      settings,
    );
    expect(form.name).toBe('Workshop: colours');
    expect(form.prompts.map((p) => [p.id, p.category, p.gold])).toEqual([
      ['c1', 'B', undefined],
      ['c2', 'A', '4'],
    ]);
    expect(form.generators).toEqual(['p/gen']);
    expect(form).toMatchObject(expected);
    if (settings.strategies) expect(form.strategies).toEqual(['temperature', 'icr-general']);
    expect(form.parsed.ok).toBe(true);
  });
});
