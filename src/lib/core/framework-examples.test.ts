import { describe, it, expect } from 'vitest';
import {
  examplesForContexts,
  interModelRuns,
  levelExamples,
  type ExampleRun,
  type PromptExample,
} from './framework-examples';
import type { NormativeContext } from './mmhs';
import type { CategoryId } from './taxonomy';
import type { ResultPoint } from './views/points';
import { resultPoint } from './views/testing/points';

/** A point of model `p/m` under temperature sampling unless `extra` says otherwise. */
function point(
  promptId: string,
  category: CategoryId | null,
  classCount: number | null,
  extra: Partial<ResultPoint> = {},
): ResultPoint {
  return resultPoint(promptId, category, extra.strategy ?? 'temperature', classCount, {
    model: 'p/m',
    ...extra,
  });
}

function run(runId: string, points: ResultPoint[], texts: Record<string, string> = {}): ExampleRun {
  return { runId, runName: `Run ${runId}`, promptTexts: new Map(Object.entries(texts)), points };
}

/** A compact view: `run/prompt` plus each context's quadrants as `Name×groups`. */
function view(list: { items: PromptExample[] }): string[] {
  return list.items.map(
    (e) =>
      `${e.runId}/${e.promptId} ` +
      e.placements
        .map(
          (p) =>
            `${p.context}${p.condition === null ? '' : '?'}=` +
            (p.quadrants.map((q) => `${q.quadrant}×${q.groups}`).join('+') || '-'),
        )
        .join(' '),
  );
}

const FACTUAL = point('a1', 'A', 1);
const FACTUAL_SPLIT = point('a1', 'A', 4, { strategy: 'system-general' });
const CREATIVE = point('g1', 'G', 5);
const CREATIVE_LOW = point('g1', 'G', 1, { strategy: 'system-general' });
const ADVICE = point('h1', 'H', 3);
const UNJUDGED = point('f1', 'F', null);
const UNKNOWN = point('x1', null, 2);

describe('examplesForContexts', () => {
  it.each<[string, ExampleRun[], NormativeContext[], number, string[], number]>([
    ['no runs', [], ['epistemic'], 5, [], 0],
    ['no contexts', [run('r', [FACTUAL])], [], 5, [], 0],
    ['a run without points', [run('r', [])], ['epistemic'], 5, [], 0],
    [
      'epistemic: A lands in Heaven with one class, Madness with four',
      [run('r', [FACTUAL, FACTUAL_SPLIT])],
      ['epistemic'],
      5,
      ['r/a1 epistemic=Heaven×1+Madness×1'],
      1,
    ],
    [
      'interactional: G in Magic when varied, Sin when collapsed',
      [run('r', [CREATIVE, CREATIVE_LOW, FACTUAL])],
      ['interactional'],
      5,
      ['r/g1 interactional=Magic×1+Sin×1'],
      1,
    ],
    [
      'safety is only conditional (H), and marked so',
      [run('r', [FACTUAL, ADVICE])],
      ['safety'],
      5,
      ['r/h1 safety?=Madness×1'],
      1,
    ],
    [
      'unconditional before conditional, judged before unjudged',
      [run('r', [point('b1', 'B', 2), UNJUDGED, ADVICE, point('g2', 'G', 2)])],
      ['societal'],
      5,
      ['r/h1 societal=Magic×1', 'r/f1 societal=-', 'r/b1 societal?=Sin×1', 'r/g2 societal?=Sin×1'],
      4,
    ],
    [
      'a tension pair needs both contexts',
      [run('r', [FACTUAL, CREATIVE, ADVICE, point('e1', 'E', 2)])],
      ['safety', 'interactional'],
      5,
      ['r/h1 safety?=Madness×1 interactional=Magic×1', 'r/e1 safety?=Heaven×1 interactional=Sin×1'],
      2,
    ],
    [
      'limit keeps the total',
      [run('new', [FACTUAL]), run('old', [point('a2', 'A', 1), point('a3', 'A', 2)])],
      ['epistemic'],
      2,
      ['new/a1 epistemic=Heaven×1', 'old/a2 epistemic=Heaven×1'],
      3,
    ],
    ['limit 0', [run('r', [FACTUAL])], ['epistemic'], 0, [], 1],
    ['prompts without a category are skipped', [run('r', [UNKNOWN])], ['epistemic'], 5, [], 0],
  ])('%s', (_name, runs, contexts, limit, expected, total) => {
    const list = examplesForContexts(runs, contexts, limit);
    expect(view(list)).toEqual(expected);
    expect(list.total).toBe(total);
  });

  it('uses the prompt text, or the id when the run has none', () => {
    const items = examplesForContexts(
      [run('r', [FACTUAL, point('a2', 'A', 1)], { a1: 'Wann öffnete der Eiffelturm? 🗼' })],
      ['epistemic'],
    ).items;
    expect(items.map((e) => e.promptText)).toEqual(['Wann öffnete der Eiffelturm? 🗼', 'a2']);
  });

  it.each<[string, ResultPoint[], { min: number; max: number } | null, number]>([
    ['one group, one class', [FACTUAL], { min: 0, max: 0 }, 1],
    ['two groups', [FACTUAL, FACTUAL_SPLIT], { min: 0, max: 0.75 }, 2],
    ['unjudged', [point('a1', 'A', null)], null, 1],
    ['one response cannot vary', [point('a1', 'A', 1, { k: 1 })], null, 1],
  ])('variation range: %s', (_name, points, variation, groups) => {
    const [item] = examplesForContexts([run('r', points)], ['epistemic']).items;
    expect(item?.variation).toEqual(variation);
    expect(item?.groups).toBe(groups);
  });

  it('takes the category from any group of the prompt', () => {
    const list = examplesForContexts(
      [run('r', [point('a1', null, 1), point('a1', 'A', 1, { strategy: 's2' })])],
      ['epistemic'],
    );
    expect(view(list)).toEqual(['r/a1 epistemic=Heaven×2']);
  });
});

describe('levelExamples', () => {
  const groups = [
    point('g1', 'G', 1, { vocabulary: 0.8, strategy: 'temperature' }),
    point('g1', 'G', 1, { vocabulary: 0.3, strategy: 'system-general' }),
    point('g1', 'G', 1, { vocabulary: 0, strategy: 'icr-general' }),
    point('g1', 'G', 5, { vocabulary: 0.9, strategy: 'system-task-anchored' }),
    point('b1', 'B', 3, { vocabulary: 0.1 }),
    point('b2', 'B', 5, { vocabulary: 0.5 }),
    point('a1', 'A', 1, { vocabulary: null }),
    point('a2', 'A', null, { vocabulary: 0.4 }),
    point('c1', 'C', 1.0000000001, { vocabulary: 0.6 }),
  ];
  const ids = (list: { items: { promptId: string; strategy: string }[] }): string[] =>
    list.items.map((g) => `${g.promptId}/${g.strategy}`);

  it.each<[string, ExampleRun[], number, string[], number, string[], number]>([
    ['no runs', [], 3, [], 0, [], 0],
    [
      'surface-only by lexical variation, functional most varied first, one group per prompt',
      [run('r', groups)],
      3,
      ['g1/temperature', 'c1/temperature'],
      2,
      ['b2/temperature', 'g1/system-task-anchored', 'b1/temperature'],
      3,
    ],
    ['limit 1', [run('r', groups)], 1, ['g1/temperature'], 2, ['b2/temperature'], 3],
    [
      'the same prompt id in two runs counts twice',
      [run('r', groups.slice(0, 2)), run('s', groups.slice(1, 2))],
      3,
      ['g1/temperature', 'g1/system-general'],
      2,
      [],
      0,
    ],
  ])('%s', (_name, runs, limit, surface, surfaceTotal, functional, functionalTotal) => {
    const levels = levelExamples(runs, limit);
    expect(ids(levels.surfaceOnly)).toEqual(surface);
    expect(levels.surfaceOnly.total).toBe(surfaceTotal);
    expect(ids(levels.functional)).toEqual(functional);
    expect(levels.functional.total).toBe(functionalTotal);
  });

  it('reports both measurements', () => {
    const [g] = levelExamples([run('r', [point('b2', 'B', 3, { vocabulary: 0.25 })])]).functional
      .items;
    expect(g).toMatchObject({ functional: 0.5, lexical: 0.25, classCount: 3, k: 5 });
  });
});

describe('interModelRuns', () => {
  it.each<[string, ExampleRun[], string[]]>([
    ['no runs', [], []],
    ['one model', [run('r', [FACTUAL, CREATIVE])], []],
    [
      'two models, sorted, prompts counted once',
      [
        run('r', [
          point('a1', 'A', 1, { model: 'z/b' }),
          point('a1', 'A', 1, { model: 'a/a' }),
          point('g1', 'G', 1, { model: 'a/a' }),
        ]),
        run('s', [FACTUAL]),
      ],
      ['r: a/a, z/b (2 prompts)'],
    ],
  ])('%s', (_name, runs, expected) => {
    expect(
      interModelRuns(runs).map((r) => `${r.runId}: ${r.models.join(', ')} (${r.prompts} prompts)`),
    ).toEqual(expected);
  });
});
