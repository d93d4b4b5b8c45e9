// Table tests of the run model: the one category rule, and what the model builds from a run's
// records (prompt and group categories, points, responses and classes per point, dimensions).

import { describe, expect, it } from 'vitest';
import { SAFETY_PROBES, SOCIETAL_PROBES } from './library';
import { activeContexts } from './mmhs';
import type { CategoryId } from './taxonomy';
import type { SummaryGroupLike } from './views/points';
import {
  buildRunModel,
  promptContexts,
  resolveCategory,
  type CategorySources,
  type RunDefinitionLike,
  type RunRecords,
} from './run-model';
import type { ClassificationRecord, MetricRecord, ResponseRecord } from '../storage/schema';

describe('resolveCategory', () => {
  it.each<[string, CategorySources, CategoryId | undefined]>([
    ['nothing known', {}, undefined],
    [
      'the judge wins over everything',
      { judged: 'A', override: 'B', known: 'C', predicted: 'D' },
      'A',
    ],
    ['then the override', { override: 'B', known: 'C', predicted: 'D' }, 'B'],
    ['then the known category', { known: 'C', predicted: 'D' }, 'C'],
    ['then the classification', { predicted: 'D' }, 'D'],
    ['undefined sources are skipped', { judged: undefined, known: 'E' }, 'E'],
    ['non-ids are skipped', { judged: 'Z' as CategoryId, predicted: 'F' }, 'F'],
  ])('%s', (_label, sources, expected) => {
    expect(resolveCategory(sources)).toBe(expected);
  });
});

describe('promptContexts', () => {
  const safety = SAFETY_PROBES[0]!;
  const societal = SOCIETAL_PROBES[0]!;
  it.each<[string, { id: string; text: string } | undefined, CategoryId, readonly string[]]>([
    ['a safety probe adds the safety context', safety, safety.category, safety.contexts],
    ['a societal probe adds the societal context', societal, societal.category, societal.contexts],
    [
      'a library id with another text gets the category defaults',
      { id: safety.id, text: 'something else' },
      safety.category,
      activeContexts(safety.category, false),
    ],
    [
      'an unknown prompt gets the category defaults',
      { id: 'x', text: 'y' },
      'G',
      activeContexts('G', false),
    ],
    ['no prompt gets the category defaults', undefined, 'A', activeContexts('A', false)],
  ])('%s', (_label, prompt, category, expected) => {
    expect(promptContexts(prompt, category)).toEqual(expected);
  });
});

const STAMP = { createdAt: 0, schemaVersion: 1 } as const;

function group(promptId: string, model: string, extra: Partial<SummaryGroupLike> = {}) {
  return {
    promptId,
    model,
    strategy: 'temperature',
    responses: 2,
    meanClassCount: null,
    general: null,
    quality: null,
    accuracy: null,
    ...extra,
  } satisfies SummaryGroupLike;
}

function classification(promptId: string, model: string, c: Partial<ClassificationRecord>) {
  return { id: `${promptId}-${model}`, runId: 'r', promptId, model, ...STAMP, ...c };
}

function functional(promptId: string, model: string, judge: string, category: CategoryId) {
  return {
    id: `f-${promptId}-${model}-${judge}`,
    runId: 'r',
    kind: 'functional',
    promptId,
    model,
    strategy: 'temperature',
    judgeModel: judge,
    category,
    classes: [[0], [1]],
    classCount: 2,
    responseIds: ['x1', 'x0'],
    verdicts: [],
    calls: 1,
    everyPairCalls: 1,
    failedPairs: 0,
    ...STAMP,
  } as unknown as MetricRecord;
}

function response(promptId: string, model: string, index: number): ResponseRecord {
  return {
    id: `x${index}`,
    runId: 'r',
    promptId,
    model,
    strategy: 'temperature',
    index,
    text: `t${index}`,
    ...STAMP,
  } as ResponseRecord;
}

const DEF: RunDefinitionLike = {
  name: 'Run',
  prompts: [
    { id: 'p1', text: 'one', category: 'C', categoryOverride: 'B' },
    { id: 'p2', text: 'two', category: 'C' },
    { id: 'p3', text: 'three' },
    { id: 'p4', text: 'four' },
  ],
  generators: ['m1', 'm2'],
  judges: ['j2', 'j1'],
};

const RECORDS: RunRecords = {
  run: { experimentId: 'exp' },
  responses: [response('p1', 'm1', 1), response('p1', 'm1', 0)],
  classifications: [
    classification('p3', 'm1', { predicted: 'E' }),
    classification('p3', 'm2', { predicted: 'F' }),
    classification('p4', 'm1', { known: 'H', predicted: 'G' }),
  ],
  metrics: [functional('p1', 'm1', 'j2', 'A'), functional('p1', 'm1', 'j1', 'A')],
};

const SUMMARY = {
  groups: [
    group('p1', 'm1', { category: 'A' }),
    group('p1', 'm2'),
    group('p2', 'm1'),
    group('p3', 'm1'),
    group('p3', 'm2'),
    group('p4', 'm2'),
    group('p5', 'm1'),
  ],
};

describe('buildRunModel', () => {
  const model = buildRunModel('r', RECORDS, SUMMARY, DEF);

  it.each<[string, string, string, Partial<Record<'category' | 'known' | 'predicted', string>>]>([
    ['judged group: the judge category', 'p1', 'm1', { category: 'A', known: 'C' }],
    ['unjudged group: the override', 'p1', 'm2', { category: 'B', known: 'C' }],
    ['known from the definition', 'p2', 'm1', { category: 'C', known: 'C' }],
    ['the own model classification', 'p3', 'm1', { category: 'E', predicted: 'E' }],
    ['the other model its own', 'p3', 'm2', { category: 'F', predicted: 'F' }],
    ['known from a classification', 'p4', 'm2', { category: 'H', known: 'H' }],
    ['a prompt missing from the definition', 'p5', 'm1', {}],
  ])('group category: %s', (_label, promptId, m, expected) => {
    const g = model.groups.find((x) => x.summary.promptId === promptId && x.summary.model === m);
    expect({
      category: g?.category,
      known: g?.known,
      predicted: g?.predicted,
    }).toEqual({ category: undefined, known: undefined, predicted: undefined, ...expected });
    const point = model.points.find((p) => p.promptId === promptId && p.model === m);
    expect(point?.category ?? undefined).toBe(expected.category);
  });

  it.each<[string, CategoryId | null]>([
    ['p1', 'A'],
    ['p2', 'C'],
    ['p3', 'E'],
    ['p4', 'H'],
  ])('prompt %s category', (id, expected) => {
    expect(model.prompts.get(id)?.category).toBe(expected);
  });

  it('keeps one group and one point per summary group, in order', () => {
    expect(model.groups.map((g) => g.key)).toEqual(
      SUMMARY.groups.map((g) => JSON.stringify([g.promptId, g.model, g.strategy])),
    );
    expect(model.points.map((p) => p.id)).toEqual([...model.pointById.keys()]);
    expect(model.groups.map((g) => g.promptText)).toEqual([
      'one',
      'one',
      'two',
      'three',
      'three',
      'four',
      'p5',
    ]);
  });

  it('responses in sample order and classes per judge by name', () => {
    const id = model.pointIdOf('p1', 'm1', 'temperature');
    expect(model.responses.get(id)?.map((r) => r.index)).toEqual([0, 1]);
    expect(model.classes.get(id)?.map((c) => c.judge)).toEqual(['j1', 'j2']);
  });

  it.each<[string, RunDefinitionLike | undefined, object]>([
    ['with a definition', DEF, { name: 'Run', judges: ['j2', 'j1'], models: ['m1', 'm2'] }],
    ['without one', undefined, { name: 'exp', judges: [], embeddingModel: null }],
  ])('dimensions %s', (_label, def, expected) => {
    expect(buildRunModel('r', RECORDS, SUMMARY, def)).toMatchObject({
      runId: 'r',
      strategies: ['temperature'],
      ...expected,
    });
  });
});
