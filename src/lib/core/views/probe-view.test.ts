// Table tests of the probe chart data: paraphrase ids, societal coverage per group and per
// strategy x model, and safety consistency within groups, across paraphrases and per cell.

import { describe, expect, it } from 'vitest';
import {
  paraphraseBase,
  safetyView,
  societalView,
  type SafetyGroupInput,
  type SocietalGroupInput,
} from './probe-view';
import type { SafetyLabel } from './safety';

describe('paraphraseBase', () => {
  it.each<[string, string]>([
    ['probe-safety-01', 'probe-safety-01'],
    ['probe-safety-01~2', 'probe-safety-01'],
    ['a~b~c', 'a~b'],
    ['~leading', '~leading'],
    ['', ''],
    ['ünïcode~1', 'ünïcode'],
  ])('%s -> %s', (id, base) => {
    expect(paraphraseBase(id)).toBe(base);
  });
});

const person = (gender: string, age = 'unspecified') => ({ gender, age });

describe('societalView', () => {
  it.each<[string, SocietalGroupInput[], { rows: number; unmeasured: number; erased: string[][] }]>(
    [
      ['no groups', [], { rows: 0, unmeasured: 0, erased: [] }],
      [
        'an unmeasured group is counted, not shown',
        [{ promptId: 'p', model: 'm', strategy: 'temperature', attributes: [null, null] }],
        { rows: 0, unmeasured: 1, erased: [] },
      ],
      [
        'five women: gender erased, age insufficient',
        [
          {
            promptId: 'p',
            model: 'm',
            strategy: 'temperature',
            attributes: Array.from({ length: 5 }, () => person('woman')),
          },
        ],
        { rows: 1, unmeasured: 0, erased: [['gender']] },
      ],
      [
        'a 3-2 split is diverse; null responses are left out',
        [
          {
            promptId: 'p',
            model: 'm',
            strategy: 'temperature',
            attributes: [
              person('woman', 'child'),
              person('man', 'older adult'),
              null,
              person('woman', 'child'),
              person('man', 'middle-aged'),
              person('woman', 'child'),
            ],
          },
        ],
        { rows: 1, unmeasured: 0, erased: [[]] },
      ],
    ],
  )('%s', (_label, groups, expected) => {
    const view = societalView(groups);
    expect(view.rows).toHaveLength(expected.rows);
    expect(view.unmeasured).toBe(expected.unmeasured);
    expect(view.rows.map((r) => r.erased)).toEqual(expected.erased);
  });

  it('measures coverage and entropy over measured responses only', () => {
    const view = societalView([
      {
        promptId: 'p',
        model: 'm',
        strategy: 'temperature',
        attributes: [person('woman'), person('man'), null, person('woman')],
      },
    ]);
    const row = view.rows[0]!;
    expect(row).toMatchObject({ responses: 4, measured: 3 });
    const gender = row.coverage.find((c) => c.attribute === 'gender')!;
    expect(gender.coverage).toBe(2);
    expect(gender.specified).toBe(3);
    // H(2/3, 1/3) / ln 3
    const h = -(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3);
    expect(gender.normalizedEntropy).toBeCloseTo(h / Math.log(3), 12);
    expect(view.attributes).toEqual(['age', 'gender']);
  });

  it('summarises per strategy x model in paper order, with the given attribute order', () => {
    const mk = (promptId: string, strategy: string, model: string, g: string[]) => ({
      promptId,
      model,
      strategy,
      attributes: g.map((x) => person(x)),
    });
    const view = societalView(
      [
        mk('p2', 'system-task-anchored', 'b', ['woman', 'man']),
        mk('p1', 'temperature', 'b', ['woman', 'woman']),
        mk('p1', 'system-task-anchored', 'a', ['woman', 'man']),
        mk('p2', 'temperature', 'b', ['man', 'man']),
      ],
      { attributes: ['gender'] },
    );
    expect(view.rows.map((r) => `${r.promptId} ${r.strategy} ${r.model}`)).toEqual([
      'p1 temperature b',
      'p1 system-task-anchored a',
      'p2 temperature b',
      'p2 system-task-anchored b',
    ]);
    expect(view.summaries.map((s) => [s.strategy, s.model, s.prompts])).toEqual([
      ['temperature', 'b', 2],
      ['system-task-anchored', 'a', 1],
      ['system-task-anchored', 'b', 1],
    ]);
    const temperature = view.summaries[0]!.attributes[0]!;
    expect(temperature).toMatchObject({ attribute: 'gender', measured: 2, erasureRate: 1 });
    expect(view.attributes).toEqual(['gender']);
  });
});

const R: SafetyLabel = 'refusal';
const S: SafetyLabel = 'safe-completion';
const C: SafetyLabel = 'compliance';

describe('safetyView', () => {
  it.each<[string, (SafetyLabel | null)[], number | null, SafetyLabel | null]>([
    ['five refusals', [R, R, R, R, R], 1, R],
    ['four refusals, one compliance', [R, R, C, R, R], 0.8, R],
    ['a 2-2-1 split ties to the more restrictive label', [C, C, S, S, R], 0.4, S],
    ['unlabelled responses are left out', [R, null, R, null, C], 2 / 3, R],
    ['one response', [C], 1, C],
  ])('%s', (_label, labels, consistency, modal) => {
    const view = safetyView([{ promptId: 'p', model: 'm', strategy: 'temperature', labels }]);
    expect(view.rows[0]?.consistency).toBeCloseTo(consistency ?? Number.NaN, 12);
    expect(view.rows[0]?.modal).toBe(modal);
  });

  it('an unlabelled group is counted as unmeasured', () => {
    const view = safetyView([
      { promptId: 'p', model: 'm', strategy: 'temperature', labels: [null, null] },
    ]);
    expect(view).toMatchObject({ rows: [], paraphrases: [], summaries: [], unmeasured: 1 });
  });

  it('measures consistency across paraphrases of the same request, per strategy x model', () => {
    const groups: SafetyGroupInput[] = [
      { promptId: 'q~1', model: 'm', strategy: 'temperature', labels: [R, R, R] },
      { promptId: 'q~2', model: 'm', strategy: 'temperature', labels: [R, C, C] },
      { promptId: 'q~3', model: 'm', strategy: 'temperature', labels: [R, R, S] },
      { promptId: 'q~1', model: 'm', strategy: 'system-general', labels: [R, R, R] },
      { promptId: 'solo', model: 'm', strategy: 'temperature', labels: [R, R, R] },
    ];
    const view = safetyView(groups);
    expect(view.paraphrases).toHaveLength(1);
    const row = view.paraphrases[0]!;
    expect(row).toMatchObject({
      base: 'q',
      strategy: 'temperature',
      promptIds: ['q~1', 'q~2', 'q~3'],
      dominant: R,
    });
    expect(row.acrossParaphrases).toBeCloseTo(2 / 3, 12);
    expect(row.meanWithin).toBeCloseTo((1 + 2 / 3 + 2 / 3) / 3, 12);
    const temperature = view.summaries.find((s) => s.strategy === 'temperature')!;
    expect(temperature.groups).toBe(4);
    expect(temperature.meanConsistency).toBeCloseTo((1 + 2 / 3 + 2 / 3 + 1) / 4, 12);
    expect(temperature.modalShare).toEqual({
      refusal: 0.75,
      'safe-completion': 0,
      compliance: 0.25,
    });
    expect(temperature.pooled.counts).toEqual({ refusal: 9, 'safe-completion': 1, compliance: 2 });
  });

  it('a custom base function groups prompts as paraphrases', () => {
    const view = safetyView(
      [
        { promptId: 'a', model: 'm', strategy: 's', labels: [R] },
        { promptId: 'b', model: 'm', strategy: 's', labels: [C] },
      ],
      () => 'same',
    );
    expect(view.paraphrases[0]).toMatchObject({ base: 'same', acrossParaphrases: 0.5 });
  });
});
