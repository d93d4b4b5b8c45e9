// Cross-model judging on runs made by the real runner with scripted engines: pools, reuse of the
// per-model verdicts, the numbers the scripts imply, resume after a cancel, failed verdicts
// retried, and the setups it refuses.

import { describe, expect, it } from 'vitest';
import { parseExperiment, type ExperimentInput } from './experiment';
import {
  CrossModelSetupError,
  crossModelPools,
  judgeAcrossModels,
  type CrossModelPool,
} from './cross-model';
import { ExperimentRunner } from './runner';
import { MemoryRunStore } from './testing/memory-store';
import { ScriptedEngine, multiResponse } from './testing/scripted-engine';
import { labelOf, pipelineScript } from './testing/scripts';
import { emptyRun } from './testing/empty-run';

/** gen/a answers S0 S1 S2, gen/b answers S0 T1 T2: one idea in common out of three each. */
function generators(): ScriptedEngine[] {
  const a = new ScriptedEngine(
    pipelineScript({
      multi: (_p, k) => multiResponse(Array.from({ length: k }, (_, i) => `S${i}#a${i}`)),
    }),
    { id: 'gen/a' },
  );
  const b = new ScriptedEngine(
    pipelineScript({
      multi: (_p, k) =>
        multiResponse(Array.from({ length: k }, (_, i) => (i === 0 ? 'S0#b0' : `T${i}#b${i}`))),
    }),
    { id: 'gen/b' },
  );
  return [a, b];
}

async function storedRun(extra: Partial<ExperimentInput> = {}, models = ['gen/a', 'gen/b']) {
  const parsed = parseExperiment({
    prompts: [
      { id: 'p1', text: 'Name a colour.', category: 'B' },
      { id: 'p2', text: 'Write a haiku.', category: 'G' },
    ],
    generators: models,
    judges: ['judge/j'],
    strategies: ['temperature', 'system-general'],
    k: 3,
    seed: 1,
    classify: false,
    quality: false,
    accuracy: false,
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  const store = new MemoryRunStore();
  const judge = new ScriptedEngine(pipelineScript(), { id: 'judge/j' });
  const outcome = await new ExperimentRunner({
    store,
    runId: 'r',
    definition: parsed.value,
    engines: [...generators(), judge],
  }).start();
  expect(outcome.status).toBe('completed');
  return { store, judge };
}

function summary(pools: CrossModelPool[]) {
  return pools.map((p) => ({
    pool: `${p.promptId}/${p.strategy}`,
    complete: p.result.complete,
    classes: p.result.classes,
    perModel: p.perModel,
    pooled: p.convergence.pooled,
    shared: p.convergence.shared,
    convergence: p.convergence.convergence,
  }));
}

const EXPECTED = [
  {
    pool: 'p1/temperature',
    complete: true,
    classes: [[0, 1, 2, 3, 4, 5]],
    perModel: { 'gen/a': 1, 'gen/b': 1 },
    pooled: 1,
    shared: 1,
    convergence: 1,
  },
  {
    pool: 'p1/system-general',
    complete: true,
    classes: [[0, 3], [1], [2], [4], [5]],
    perModel: { 'gen/a': 3, 'gen/b': 3 },
    pooled: 5,
    shared: 1,
    convergence: 1 / 3,
  },
];

describe('crossModelPools', () => {
  it('pools every prompt and strategy; before judging only per-model verdicts are known', async () => {
    const { store } = await storedRun();
    const pools = crossModelPools(await store.load('r'));
    expect(pools.map((p) => [p.promptId, p.strategy, p.judge, p.members.length])).toEqual([
      ['p1', 'temperature', 'judge/j', 6],
      ['p1', 'system-general', 'judge/j', 6],
      ['p2', 'temperature', 'judge/j', 6],
      ['p2', 'system-general', 'judge/j', 6],
    ]);
    const first = pools[0]!;
    expect(first.members.map((m) => `${m.model}#${m.index}`)).toEqual([
      'gen/a#0',
      'gen/a#1',
      'gen/a#2',
      'gen/b#0',
      'gen/b#1',
      'gen/b#2',
    ]);
    // Temperature: each model's 2 judged calls reused; the two models are not yet connected.
    expect(first.result).toMatchObject({
      calls: 4,
      complete: false,
      classes: [
        [0, 1, 2],
        [3, 4, 5],
      ],
    });
    expect(first.pooledCalls).toBe(0);
    expect(first.category).toBe('B');
    expect(first.everyPairCalls).toBe(15);
  });

  it.each<[string, Partial<ExperimentInput>, string[]]>([
    ['one generator', {}, ['gen/a']],
    ['no judge', { judges: [] }, ['gen/a', 'gen/b']],
  ])('no pools with %s', async (_label, extra, models) => {
    const { store } = await storedRun(extra, models);
    expect(crossModelPools(await store.load('r'))).toEqual([]);
  });

  it('no pools without a stored definition', () => {
    expect(crossModelPools(emptyRun())).toEqual([]);
  });
});

describe('judgeAcrossModels', () => {
  it('judges only the pairs no per-model verdict answers, and reads back the implied classes', async () => {
    const { store, judge } = await storedRun();
    const before = judge.callsOf('judge').length;
    const outcome = await judgeAcrossModels({
      store,
      runId: 'r',
      engines: [judge],
    });
    // Per prompt: temperature needs 1 cross pair (then all connected), system-general the 9
    // cross pairs; the 6 within-model pairs are reused.
    expect(outcome).toEqual({ status: 'completed', pools: 4, calls: 20, problems: [] });
    expect(judge.callsOf('judge').length - before).toBe(20);
    const pools = crossModelPools(await store.load('r'));
    expect(summary(pools.filter((p) => p.promptId === 'p1'))).toEqual(EXPECTED);
    expect(pools.map((p) => p.pooledCalls)).toEqual([1, 9, 1, 9]);
    const again = await judgeAcrossModels({ store, runId: 'r', engines: [judge] });
    expect(again).toEqual({ status: 'completed', pools: 0, calls: 0, problems: [] });
  });

  it('uses the task-anchored judge prompt of the pool category', async () => {
    const { store, judge } = await storedRun();
    const before = judge.requests.length;
    await judgeAcrossModels({ store, runId: 'r', engines: [judge] });
    const systems = judge.requests.slice(before).map((r) => r.messages[0]?.content ?? '');
    const haiku = judge.requests
      .slice(before)
      .filter((r) => (r.messages[1]?.content ?? '').includes('Write a haiku.'));
    expect(haiku.length).toBe(10);
    expect(systems.every((s) => s.startsWith('You evaluate the functional diversity'))).toBe(true);
  });

  it('resumes after a cancel with nothing lost and nothing asked twice', async () => {
    const { store, judge } = await storedRun();
    const controller = new AbortController();
    const first = await judgeAcrossModels({
      store,
      runId: 'r',
      engines: [judge],
      signal: controller.signal,
      onProgress: (p) => {
        if (p.calls >= 5) controller.abort();
      },
    });
    expect(first.status).toBe('cancelled');
    const second = await judgeAcrossModels({ store, runId: 'r', engines: [judge] });
    expect(second.status).toBe('completed');
    expect(first.calls + second.calls).toBe(20);
    const pooled = [...store.judgements.values()].filter((j) => j.id.includes(':cross:'));
    expect(pooled).toHaveLength(20);
    expect(summary(crossModelPools(await store.load('r')).slice(0, 2))).toEqual(EXPECTED);
  });

  it('records unreadable verdicts as failed pairs and asks them again next time', async () => {
    const { store } = await storedRun();
    // A judge that cannot answer about pairs mixing S0 and T1.
    const flaky = new ScriptedEngine(
      pipelineScript({
        judge: (a, b) =>
          [labelOf(a), labelOf(b)].sort().join() === 'S0,T1'
            ? 'no idea'
            : labelOf(a) === labelOf(b)
              ? 'Verdict: EQUIVALENT'
              : 'Verdict: DIFFERENT',
      }),
      { id: 'judge/j' },
    );
    await judgeAcrossModels({ store, runId: 'r', engines: [flaky] });
    let pools = crossModelPools(await store.load('r'));
    const system = pools.find((p) => p.promptId === 'p1' && p.strategy === 'system-general')!;
    expect(system.result.failedPairs).toBe(1);
    expect(system.failedPooledCalls).toBe(1);
    expect(system.calls.find((c) => c.verdict === null)?.record.error).toMatch(/unreadable/);

    const fixed = new ScriptedEngine(pipelineScript(), { id: 'judge/j' });
    const retry = await judgeAcrossModels({ store, runId: 'r', engines: [fixed] });
    expect(retry.calls).toBe(2);
    expect(fixed.callsOf('judge')).toHaveLength(2);
    pools = crossModelPools(await store.load('r'));
    expect(pools.every((p) => p.result.failedPairs === 0 && p.result.complete)).toBe(true);
  });

  it.each<[string, Partial<ExperimentInput>, number]>([
    [
      'judging every pair: all 9 cross pairs, within pairs reused',
      { judgeEveryPair: true },
      2 * 2 * 9,
    ],
    ['both orders: twice the calls of pair skipping', { bothOrders: true }, 2 * 2 * (1 + 9)],
  ])('%s', async (_label, extra, calls) => {
    const { store, judge } = await storedRun(extra);
    const outcome = await judgeAcrossModels({
      store,
      runId: 'r',
      engines: [judge],
    });
    expect(outcome.calls).toBe(calls);
    const p1 = crossModelPools(await store.load('r')).filter((p) => p.promptId === 'p1');
    expect(p1.map((p) => p.result.classes)).toEqual(EXPECTED.map((e) => e.classes));
  });

  it.each<[string, Partial<ExperimentInput>, string[], boolean, RegExp]>([
    ['one generator', {}, ['gen/a'], true, /two or more generators/],
    ['no judge', { judges: [] }, ['gen/a', 'gen/b'], true, /no judge model/],
    ['judge engine missing', {}, ['gen/a', 'gen/b'], false, /not available: judge\/j/],
  ])('refuses a run with %s', async (_label, extra, models, withJudge, message) => {
    const { store, judge } = await storedRun(extra, models);
    const run = judgeAcrossModels({
      store,
      runId: 'r',
      engines: withJudge ? [judge] : [],
    });
    await expect(run).rejects.toThrow(CrossModelSetupError);
    await expect(run).rejects.toThrow(message);
  });

  it('refuses an unknown run', async () => {
    await expect(
      judgeAcrossModels({ store: new MemoryRunStore(), runId: 'nope', engines: [] }),
    ).rejects.toThrow(/no stored experiment definition/);
  });
});
