// Run planning: stable unit ids, one unit per call group, dependencies that precede their
// dependents, and the units each switch adds or removes.

import { describe, expect, it } from 'vitest';
import { parseExperiment, type ExperimentDefinition, type ExperimentInput } from './experiment';
import { idPart, responseId, sampleUnitId, verdictId } from './ids';
import { planRun, sampleUnitFor, stageTotals, unitsToRedo, type PlannedUnit } from './plan';

function def(extra: Partial<ExperimentInput> = {}): ExperimentDefinition {
  const parsed = parseExperiment({
    prompts: [{ id: 'p1', text: 'Name a color.' }],
    generators: ['g'],
    judges: ['j'],
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return parsed.value;
}

function kinds(plan: readonly PlannedUnit[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const u of plan) out[u.kind] = (out[u.kind] ?? 0) + 1;
  return out;
}

describe('idPart', () => {
  it.each([
    ['plain', 'plain'],
    ['ollama/llama3:8b', 'ollama/llama3%3A8b'],
    ['50%:x', '50%25%3Ax'],
    ['', ''],
    ['猫:🐱', '猫%3A🐱'],
  ])('%s -> %s', (input, expected) => {
    expect(idPart(input)).toBe(expected);
  });

  it('keeps ids of components containing the separator distinct', () => {
    expect(sampleUnitId('r', 'a:b', 'c', 'temperature', 0)).not.toBe(
      sampleUnitId('r', 'a', 'b:c', 'temperature', 0),
    );
    expect(responseId('r', 'g', 'p', 'icr-general', 2)).toBe('r:response:g:p:icr-general:2');
    expect(verdictId('r:judge:x', 0, 3, 'ba')).toBe('r:judge:x:0-3-ba');
  });
});

describe('planRun', () => {
  it.each<[string, Partial<ExperimentInput>, boolean, Record<string, number>]>([
    [
      'all strategies, k=5, one judge',
      {},
      false,
      { classify: 1, sample: 5 + 1 + 1 + 5 + 5, checklist: 1, judge: 5, metrics: 5, grade: 25 },
    ],
    [
      'native n folds temperature sampling into one unit',
      {},
      true,
      { classify: 1, sample: 1 + 1 + 1 + 5 + 5, checklist: 1, judge: 5, metrics: 5, grade: 25 },
    ],
    [
      'two judges, two generators, quality off',
      {
        judges: ['j1', 'j2'],
        generators: ['g1', 'g2'],
        quality: false,
        strategies: ['temperature'],
      },
      false,
      { classify: 2, sample: 10, judge: 4, metrics: 2 },
    ],
    [
      'classification off with a known category',
      {
        classify: false,
        prompts: [{ id: 'p', text: 'x', category: 'D' }],
        strategies: ['temperature'],
      },
      false,
      { sample: 5, checklist: 1, judge: 1, metrics: 1, grade: 5 },
    ],
    [
      'math and short gold answers',
      {
        strategies: ['system-general'],
        k: 2,
        prompts: [
          { id: 'a', text: 'q', gold: '2', answerType: 'math' },
          { id: 'b', text: 'q', gold: 'Paris' },
        ],
      },
      false,
      { classify: 2, sample: 2, checklist: 2, judge: 2, metrics: 2, grade: 4, accuracy: 4 },
    ],
    [
      'short gold answers without judges are not graded',
      {
        judges: [],
        strategies: ['temperature'],
        k: 1,
        prompts: [{ id: 'b', text: 'q', gold: 'Paris' }],
      },
      false,
      { classify: 1, sample: 1, metrics: 1 },
    ],
  ])('%s', (_label, extra, nativeN, expected) => {
    const plan = planRun('r', def(extra), () => nativeN);
    expect(kinds(plan)).toEqual(expected);
    expect(new Set(plan.map((u) => u.id)).size).toBe(plan.length);
  });

  it('is deterministic and lists dependencies before dependents', () => {
    const d = def({
      generators: ['g1', 'g2'],
      judges: ['j1', 'j2'],
      prompts: [{ id: 'a', text: 'x', gold: '1', answerType: 'math' }],
    });
    const plan = planRun('run', d);
    expect(planRun('run', d)).toEqual(plan);
    const position = new Map(plan.map((u, i) => [u.id, i]));
    for (const [i, unit] of plan.entries()) {
      for (const dep of unit.deps) {
        expect(position.has(dep)).toBe(true);
        expect(position.get(dep)).toBeLessThan(i);
      }
    }
  });

  it.each<[string, string, string[]]>([
    ['temperature sample: no dependency', 'run:sample:g:p1:temperature:0', []],
    [
      'anchored system prompt waits for the classification',
      'run:sample:g:p1:system-task-anchored:all',
      ['run:classify:g:p1'],
    ],
    [
      'general regeneration waits for the turn before',
      'run:sample:g:p1:icr-general:2',
      ['run:sample:g:p1:icr-general:1'],
    ],
    [
      'anchored regeneration, first turn',
      'run:sample:g:p1:icr-task-anchored:0',
      ['run:classify:g:p1'],
    ],
    [
      'grade waits for checklist and response',
      'run:grade:j:g:p1:system-general:3',
      ['run:checklist:j:p1', 'run:sample:g:p1:system-general:all'],
    ],
  ])('%s', (_label, id, deps) => {
    const unit = planRun('run', def()).find((u) => u.id === id);
    expect(unit?.deps).toEqual(deps);
  });

  it('a judge waits for the classification and every sample of its group', () => {
    const unit = planRun('run', def()).find((u) => u.id === 'run:judge:j:g:p1:temperature');
    expect(unit?.deps).toEqual([
      'run:classify:g:p1',
      ...[0, 1, 2, 3, 4].map((i) => `run:sample:g:p1:temperature:${i}`),
    ]);
    expect(unit?.engineId).toBe('j');
  });

  it('stage totals count quality units (checklists and grades) together', () => {
    expect(stageTotals(planRun('r', def({ strategies: ['temperature'] })))).toEqual({
      classify: 1,
      sample: 5,
      judge: 1,
      metrics: 1,
      quality: 6,
      accuracy: 0,
    });
  });
});

describe('sampleUnitFor', () => {
  it.each<[Parameters<typeof sampleUnitFor>[3], number, boolean, string]>([
    ['temperature', 3, false, 'r:sample:g:p:temperature:3'],
    ['temperature', 3, true, 'r:sample:g:p:temperature:all'],
    ['system-general', 3, false, 'r:sample:g:p:system-general:all'],
    ['icr-task-anchored', 3, true, 'r:sample:g:p:icr-task-anchored:3'],
  ])('%s response %i (native n %s)', (strategy, index, nativeN, expected) => {
    expect(sampleUnitFor('r', 'g', 'p', strategy, index, nativeN)).toBe(expected);
  });
});

describe('unitsToRedo', () => {
  // One prompt with a known category, temperature + anchored system prompt + regeneration, k=3,
  // classify, quality: a plan with every kind of dependency.
  const d = def({
    prompts: [{ id: 'p1', text: 'Name a color.', category: 'C' }],
    strategies: ['temperature', 'system-task-anchored', 'icr-general'],
    k: 3,
    classify: true,
    quality: true,
  });
  const plan = planRun('r', d);
  const id = (kind: string, ...parts: string[]): string => {
    const unit = plan.find(
      (u) => u.kind === kind && parts.every((p) => u.id.split(':').includes(p)),
    );
    if (unit === undefined) throw new Error(`no ${kind} ${parts.join(':')}`);
    return unit.id;
  };
  type Settled = { status: 'done' | 'failed' | 'skipped'; callFailed?: boolean };
  const done: Settled = { status: 'done' };
  const callFailed: Settled = { status: 'failed', callFailed: true };
  const skipped: Settled = { status: 'skipped' };

  /** Every unit settled done, with some overrides. */
  function settled(overrides: [string, Settled][]): Map<string, Settled> {
    const map = new Map<string, Settled>(plan.map((u) => [u.id, done]));
    for (const [unitId, s] of overrides) map.set(unitId, s);
    return map;
  }

  it.each<[string, () => [string, Settled][], () => string[]]>([
    ['nothing failed: nothing runs again', () => [], () => []],
    [
      'an unusable answer (failed, no call failure) is kept',
      () => [[id('classify', 'classify'), { status: 'failed' }]],
      () => [],
    ],
    [
      'a failed temperature sample, its judging, metrics, grades and skipped accuracy',
      () => [
        [id('sample', 'temperature', '1'), callFailed],
        [id('grade', 'temperature', '1'), skipped],
      ],
      () => [
        id('sample', 'temperature', '1'),
        id('judge', 'temperature'),
        id('metrics', 'temperature'),
        id('grade', 'temperature', '1'),
      ],
    ],
    [
      'a failed regeneration turn and the turns skipped after it',
      () => [
        [id('sample', 'icr-general', '1'), callFailed],
        [id('sample', 'icr-general', '2'), skipped],
        [id('grade', 'icr-general', '1'), skipped],
        [id('grade', 'icr-general', '2'), skipped],
      ],
      () => [
        id('sample', 'icr-general', '1'),
        id('sample', 'icr-general', '2'),
        id('judge', 'icr-general'),
        id('metrics', 'icr-general'),
        id('grade', 'icr-general', '1'),
        id('grade', 'icr-general', '2'),
      ],
    ],
    [
      'a failed classification: anchored work done with the known category stays',
      () => [[id('classify', 'classify'), callFailed]],
      () => [id('classify', 'classify')],
    ],
    [
      'a judge unit with failed calls, alone',
      () => [[id('judge', 'temperature'), { status: 'done', callFailed: true }]],
      () => [id('judge', 'temperature')],
    ],
    [
      'a failed checklist and the grades skipped for want of it',
      () => [
        [id('checklist', 'checklist'), callFailed],
        ...plan.filter((u) => u.kind === 'grade').map((u): [string, Settled] => [u.id, skipped]),
      ],
      () => [
        id('checklist', 'checklist'),
        ...plan.filter((u) => u.kind === 'grade').map((u) => u.id),
      ],
    ],
  ])('%s', (_label, overrides, expected) => {
    const redo = unitsToRedo(plan, settled(overrides()));
    expect([...redo].sort()).toEqual(expected().sort());
  });

  it('ignores units that never settled (they run anyway)', () => {
    const only = new Map([[id('sample', 'temperature', '0'), callFailed]]);
    expect([...unitsToRedo(plan, only)]).toEqual([id('sample', 'temperature', '0')]);
  });
});
