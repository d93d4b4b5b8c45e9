// Tests of the Results view models: the route, the strategies compared, imported responses, the
// runs list entry, and the table rows, prompt view and cross-model rows of a seeded run.

import { beforeAll, describe, expect, it } from 'vitest';
import { crossModelPools, type CrossModelPool } from '../pipeline/cross-model';
import { runData } from './run-data';
import type { PersistedRun } from '../pipeline/store';
import { MemoryRunStore } from '../pipeline/testing/memory-store';
import type { FunctionalMetricRecord, Run } from '../storage/schema';
import { createSeededRun } from '../components/results/testing/seeded-run';
import {
  buildRows,
  comparedStrategies,
  crossModelByStrategy,
  crossModelRows,
  groupOptions,
  groupView,
  parseResultsHash,
  resultsHash,
  runDefinition,
  runListItem,
  importedInfo,
  type ResultsRoute,
} from './results-view';
import {
  parseExperiment,
  type ExperimentDefinition,
  type ExperimentInput,
} from '../pipeline/experiment';

describe('route', () => {
  it.each<[string, ResultsRoute]>([
    ['#/results', {}],
    ['', {}],
    ['#/results?run=r1', { runId: 'r1' }],
    ['#/results?run=r1&prompt=p%3A2', { runId: 'r1', promptId: 'p:2' }],
    ['#/results?prompt=p1', {}],
    ['#/results?run=&prompt=p1', {}],
    ['#/results?run=%E2%9C%93%20run', { runId: '✓ run' }],
  ])('parseResultsHash(%s)', (hash, route) => {
    expect(parseResultsHash(hash)).toEqual(route);
  });

  it.each<ResultsRoute>([
    {},
    { runId: 'r1' },
    { runId: 'run:with/odd&chars', promptId: 'p#1' },
    { runId: 'ünï', promptId: '日本' },
  ])('resultsHash round-trips %o', (route) => {
    expect(parseResultsHash(resultsHash(route))).toEqual(route);
  });
});

describe('strategies compared and imported responses', () => {
  it.each<[string, string[], Partial<ExperimentInput> | undefined, string[]]>([
    [
      "generated run: the definition's strategies, paper order",
      [],
      { strategies: ['icr-general', 'temperature'] },
      ['temperature', 'icr-general'],
    ],
    [
      'imported run: only what its rows are shown under',
      ['imported:x'],
      { generators: ['imported/g'], strategies: ['temperature'] },
      ['imported:x'],
    ],
    [
      'imported run with an assigned strategy',
      ['system-general'],
      { generators: ['imported/g'], strategies: ['temperature'] },
      ['system-general'],
    ],
    ['no definition', ['temperature', 'imported:y'], undefined, ['temperature', 'imported:y']],
  ])('comparedStrategies: %s', (_label, compared, extra, expected) => {
    const def = extra === undefined ? undefined : definitionOf(extra);
    expect(
      comparedStrategies(
        compared.map((comparedAs) => ({ comparedAs })),
        def,
      ),
    ).toEqual(expected);
  });

  it.each<[string, Partial<ExperimentInput>, ReturnType<typeof importedInfo>]>([
    ['a generated run', {}, null],
    [
      'an imported run',
      { generators: ['imported/g'], imported: { source: 'f.csv' } },
      { source: 'f.csv', strategy: null },
    ],
    ['an old imported run', { generators: ['imported/g'] }, { source: 'Run name', strategy: null }],
    [
      'an assigned strategy',
      { generators: ['imported/g'], imported: { source: 'f.csv', strategy: 'temperature' } },
      { source: 'f.csv', strategy: 'temperature' },
    ],
  ])('importedInfo: %s', (_label, extra, expected) => {
    expect(importedInfo(definitionOf(extra))).toEqual(expected);
  });
});

function definitionOf(extra: Partial<ExperimentInput>): ExperimentDefinition {
  const parsed = parseExperiment({
    name: 'Run name',
    prompts: [{ id: 'p', text: 'Hi' }],
    generators: ['g/x'],
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return parsed.value;
}

describe('runListItem', () => {
  const run: Run = {
    id: 'r1',
    experimentId: 'e1',
    status: 'completed',
    progress: { done: 10, total: 12, failed: 2 },
    createdAt: 5,
    finishedAt: 9,
    schemaVersion: 3,
    stats: {
      stages: {} as NonNullable<Run['stats']>['stages'],
      judgeCalls: 6,
      judgeCallsEveryPair: 10,
      updatedAt: 9,
    },
  };
  it.each([
    [
      'without a definition',
      undefined,
      {
        name: 'e1',
        prompts: null,
        generators: [],
        // Stored before sent and cached were counted apart: unknown, not zero.
        judgeCalls: { calls: 6, everyPairCalls: 10, sentCalls: null, cachedCalls: null },
      },
    ],
    [
      'with a definition',
      {
        runId: 'r1',
        experimentId: 'e1',
        unitCount: 12,
        createdAt: 5,
        schemaVersion: 3,
        definition: { name: 'My run', prompts: [{ id: 'p', text: 'Hi' }], generators: ['g/x'] },
      },
      { name: 'My run', prompts: 1, generators: ['g/x'], k: 5, strategies: 5 },
    ],
    [
      'with a broken definition',
      {
        runId: 'r1',
        experimentId: 'e1',
        unitCount: 1,
        createdAt: 5,
        schemaVersion: 3,
        definition: { prompts: [] },
      },
      { name: 'e1', prompts: null },
    ],
  ])('%s', (_label, spec, expected) => {
    expect(runListItem(run, spec)).toMatchObject({
      id: 'r1',
      status: 'completed',
      done: 10,
      total: 12,
      failed: 2,
      ...expected,
    });
  });
});

describe('a seeded run (two models, G and H, two strategies)', () => {
  let run: PersistedRun;
  let pools: CrossModelPool[];
  beforeAll(async () => {
    const store = new MemoryRunStore();
    const { runId } = await createSeededRun(store, {
      categories: ['G', 'H', 'A'],
      strategies: ['system-general', 'system-task-anchored'],
    });
    run = await store.load(runId);
    pools = crossModelPools(run);
  });

  it('rows carry the stored numbers', () => {
    const rows = buildRows(runData(run.spec?.runId ?? '', run));
    expect(rows).toHaveLength(3 * 2 * 2);
    for (const r of rows) {
      const metric = run.metrics.find(
        (m): m is FunctionalMetricRecord =>
          m.kind === 'functional' &&
          m.promptId === r.promptId &&
          m.model === r.model &&
          m.strategy === r.strategy,
      );
      expect(r.classes).toBe(metric?.classCount);
      expect(r.responses).toBe(5);
    }
    const g = rows.find((r) => r.promptId === 'pG' && r.model === 'fake/alpha')!;
    // Alpha calls G prompts F: the row shows both, and the judge used the known G.
    expect(g).toMatchObject({ known: 'G', predicted: 'F', category: 'G', quality: 4 });
    const a = rows.find((r) => r.promptId === 'pA' && r.model === 'fake/beta')!;
    expect(a).toMatchObject({ known: 'A', predicted: 'B', accuracy: 0, graded: 5 });
  });

  it('group options: each model per strategy, then the pooled set', () => {
    const options = groupOptions(run, runDefinition(run.spec), 'pG', pools);
    expect(options.map((o) => o.label)).toEqual([
      'System prompt (general) · fake/alpha',
      'System prompt (general) · fake/beta',
      'System prompt (general) · all models pooled',
      'System prompt (task-anchored) · fake/alpha',
      'System prompt (task-anchored) · fake/beta',
      'System prompt (task-anchored) · all models pooled',
    ]);
  });

  it.each<[string, number, string, number, number, number, number]>([
    // [prompt, option, label, classes, judged edges, inferred edges, failed pairs]
    ['pG', 0, 'alpha general: five ideas', 5, 0, 0, 0],
    ['pH', 0, 'alpha general H: ideas 4 and 5 fail', 5, 0, 0, 1],
    ['pA', 0, 'alpha general A: 1889 x4, 1887 x1', 2, 3, 3, 0],
    ['pA', 2, 'A pooled: beta answers 1887', 2, 8, 13, 0],
    ['pG', 2, 'G pooled: only idea 1 shared', 9, 1, 0, 0],
  ])('%s option %i (%s)', (promptId, index, _label, classes, judged, inferred, failed) => {
    const options = groupOptions(run, runDefinition(run.spec), promptId, pools);
    const view = groupView(run, promptId, options[index]!, pools)!;
    expect(view.classes).toHaveLength(classes);
    expect(view.edges.filter((e) => e.source === 'judged')).toHaveLength(judged);
    expect(view.edges.filter((e) => e.source === 'inferred')).toHaveLength(inferred);
    expect(view.failedPairs).toBe(failed);
    expect(view.pairs.filter((p) => p.failed)).toHaveLength(failed);
    expect(view.classOf).toHaveLength(view.cards.length);
    expect(view.classes!.flatMap((c) => c.cards.map((x) => x.position)).sort()).toEqual(
      view.cards.map((c) => c.position).sort(),
    );
    expect(view.complete).toBe(true);
  });

  it('model group pairs show the stored judge answers, failed ones with their error', () => {
    const options = groupOptions(run, runDefinition(run.spec), 'pH', pools);
    const view = groupView(run, 'pH', options[0]!, pools)!;
    expect(view.pairs).toHaveLength(10);
    const failed = view.pairs.find((p) => p.failed)!;
    expect(failed).toMatchObject({ a: '#4', b: '#5', source: 'judged', equivalent: false });
    expect(failed.orders[0]?.error).toMatch(/unreadable verdict/);
    expect(
      view.pairs.filter((p) => !p.failed).every((p) => p.orders[0]?.label === 'different'),
    ).toBe(true);
  });

  it('pooled cards are labelled by model', () => {
    const options = groupOptions(run, runDefinition(run.spec), 'pA', pools);
    const view = groupView(run, 'pA', options[2]!, pools)!;
    expect(view.cards.map((c) => c.label)).toEqual([
      'alpha #1',
      'alpha #2',
      'alpha #3',
      'alpha #4',
      'alpha #5',
      'beta #1',
      'beta #2',
      'beta #3',
      'beta #4',
      'beta #5',
    ]);
    expect(view.classes!.map((c) => c.models)).toEqual([
      ['fake/alpha'],
      ['fake/alpha', 'fake/beta'],
    ]);
  });

  it('cross-model rows and strategy means', () => {
    const rows = crossModelRows(pools, runDefinition(run.spec));
    const a = rows.filter((r) => r.promptId === 'pA');
    expect(a.map((r) => [r.strategy, r.sumPerModel, r.pooled, r.convergence])).toEqual([
      ['system-general', 3, 2, 1],
      ['system-task-anchored', 2, 2, 0],
    ]);
    const means = crossModelByStrategy(rows, ['system-general', 'system-task-anchored', 'x']);
    expect(means.map((m) => [m.strategy, m.pools, m.judged])).toEqual([
      ['system-general', 3, 3],
      ['system-task-anchored', 3, 3],
    ]);
    // G and H: 5 + 5 classes, one shared -> 9 pooled, convergence 1/5; A as above.
    expect(means[0]?.convergence).toBeCloseTo((0.2 + 0.2 + 1) / 3);
  });
});
