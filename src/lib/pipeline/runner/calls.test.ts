// Runner tests: seeds per request, the cache of identical calls, judge calls counted apart, and
// pair skipping.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionalMetricRecord } from '../../storage/schema';
import { CallCache } from '../call';
import type { ExperimentInput } from '../experiment';
import type { ExperimentRunner } from '../runner';
import { MemoryRunStore } from '../testing/memory-store';
import { requestKind } from '../testing/scripted-engine';
import type { PipelineScript } from '../testing/scripts';
import {
  EIGHT,
  classesByGroup,
  definition,
  engines,
  functional,
  runner,
  closeOpenedDbs,
} from '../testing/runner-fixtures';

afterEach(closeOpenedDbs);

describe('seeds: every run has one, every sampling request its own', () => {
  it.each<[string, number | undefined, number]>([
    ['a run without a seed gets one, stored with its definition', undefined, 4242],
    ['a given seed is kept', 100, 100],
  ])('%s', async (_label, seed, stored) => {
    const def = definition({ prompts: EIGHT.slice(0, 1), seed, quality: false });
    const store = new MemoryRunStore();
    const { gen, judge } = engines();
    await runner(store, def, [gen, judge], { newSeed: () => 4242 }).start();
    const spec = store.specs.get('run1')?.definition as { seed?: number };
    expect(spec.seed).toBe(stored);
    // Every response records the seed it was sampled with; no two sampling requests repeat.
    const sent = gen.requests
      .filter((r) => requestKind(r).startsWith('sample'))
      .map((r) => JSON.stringify([r.messages, r.seed]));
    expect(new Set(sent).size).toBe(sent.length);
    const responses = [...store.responses.values()];
    expect(responses.every((r) => r.params.seed !== undefined)).toBe(true);
    const temperature = responses
      .filter((r) => r.strategy === 'temperature')
      .map((r) => [r.index, r.params.seed]);
    expect(temperature.sort()).toEqual([0, 1, 2, 3, 4].map((i) => [i, stored + i]));
  });

  it('a resumed run samples with the seed it stored, so its requests are reproduced', async () => {
    const def = definition({ prompts: EIGHT.slice(0, 1), seed: undefined, quality: false });
    const store = new MemoryRunStore();
    const first = engines();
    let settled = 0;
    const crashing: ExperimentRunner = runner(store, def, [first.gen, first.judge], {
      newSeed: () => 777,
      onUnitDone: () => {
        if (++settled === 3) crashing.cancel();
      },
    });
    await crashing.start();
    const second = engines();
    await runner(store, undefined, [second.gen, second.judge], { newSeed: () => 1 }).start();
    const seeds = [...store.responses.values()]
      .filter((r) => r.strategy === 'temperature')
      .map((r) => r.params.seed)
      .sort();
    expect(seeds).toEqual([777, 778, 779, 780, 781]);
  });

  it('an engine without seeds records that the seed was not honoured', async () => {
    const def = definition({
      prompts: EIGHT.slice(0, 1),
      strategies: ['temperature'],
      quality: false,
    });
    const store = new MemoryRunStore();
    const { gen, judge } = engines({}, { capabilities: { seed: 'none' } });
    await runner(store, def, [gen, judge]).start();
    for (const r of store.responses.values()) {
      expect(r.params.seed).toBeUndefined();
      expect(r.notes?.join(' ')).toMatch(/seed/);
    }
  });
});

describe('the cache of identical calls', () => {
  it.each<[string, boolean]>([
    ['independent samples: never used for sampling', true],
    ['dependent samples: allowed, but every sample has its own seed', false],
  ])('%s', async (_label, independentSamples) => {
    const def = definition({
      prompts: EIGHT.slice(0, 1),
      strategies: ['temperature'],
      independentSamples,
      quality: false,
    });
    const { gen, judge } = engines();
    await runner(new MemoryRunStore(), def, [gen, judge]).start();
    expect(gen.callsOf('sample')).toHaveLength(5);
  });

  it('serves identical judge calls from it, even across runs', async () => {
    const cache = new CallCache();
    const def = definition({
      prompts: EIGHT.slice(0, 1),
      strategies: ['system-general'],
      quality: false,
    });
    const { gen, judge } = engines();
    await runner(new MemoryRunStore(), def, [gen, judge], { cache }).start();
    const first = judge.requests.length;
    const second = await runner(new MemoryRunStore(), def, [gen, judge], {
      cache,
      runId: 'run2',
    }).start();
    expect(first).toBe(10);
    expect(judge.requests.length).toBe(first);
    expect(second.progress.cacheHits).toBeGreaterThanOrEqual(10);
    // Reported honestly: the second run asked 10 verdicts, sent none, took 10 from the cache.
    expect(second.progress).toMatchObject({
      judgeCalls: 10,
      judgeCallsSent: 0,
      judgeCallsCached: 10,
    });
    // Sampling is independent by default, so the generator was asked again.
    expect(gen.callsOf('sample-multi')).toHaveLength(2);
  });
});

describe('judge calls sent, answered from the cache and skipped, kept apart', () => {
  it.each<[string, Partial<ExperimentInput>]>([
    ['pair skipping, one order', {}],
    ['every pair, both orders', { judgeEveryPair: true, bothOrders: true }],
    ['no seed, dependent samples', { seed: undefined, independentSamples: false }],
  ])('%s: sent equals what the judge engine received', async (_label, extra) => {
    const def = definition({ prompts: EIGHT.slice(0, 4), quality: false, ...extra });
    // Every temperature sample is the same text, so their judge requests repeat exactly.
    const { gen, judge } = engines({ sample: () => 'A#same' });
    const store = new MemoryRunStore();
    const outcome = await runner(store, def, [gen, judge]).start();
    const p = outcome.progress;
    const metrics = functional(store.metrics.values());
    const sum = (f: (m: FunctionalMetricRecord) => number | undefined): number =>
      metrics.reduce((s, m) => s + (f(m) ?? Number.NaN), 0);
    expect(p.judgeCallsCached).toBeGreaterThan(0);
    expect(p.judgeCallsSent).toBe(judge.callsOf('judge').length);
    expect(p.judgeCallsSent).toBe(sum((m) => m.sentCalls));
    expect(p.judgeCallsCached).toBe(sum((m) => m.cachedCalls));
    expect(p.judgeCalls).toBe(sum((m) => m.calls));
    // No re-asks or retries here, so every verdict was either sent or taken from the cache.
    expect((p.judgeCallsSent ?? 0) + (p.judgeCallsCached ?? 0)).toBe(p.judgeCalls);
    expect(p.judgeCallsSaved).toBe(sum((m) => m.everyPairCalls) - p.judgeCalls);
    expect(store.runs.get('run1')?.stats).toMatchObject({
      judgeCalls: p.judgeCalls,
      judgeCallsSent: p.judgeCallsSent,
      judgeCallsCached: p.judgeCallsCached,
    });
  });
});

describe('pair skipping', () => {
  it.each<[string, Partial<ExperimentInput>]>([
    ['one order', {}],
    ['both orders', { bothOrders: true }],
  ])('%s: records the calls saved; classes equal judging every pair', async (_l, extra) => {
    // Labels by seed: 0,1,0,1,0 -> two classes per temperature group; prompts of mixed structure.
    const script: PipelineScript = {
      sample: (p, req) =>
        p.endsWith('A') ? `same#${req.seed ?? 0}` : `L${(req.seed ?? 0) % 2}#${req.seed ?? 0}`,
    };
    const base = {
      strategies: ['temperature', 'system-general'] as const,
      quality: false,
      ...extra,
    };
    const results = await Promise.all(
      [false, true].map(async (judgeEveryPair) => {
        const { gen, judge } = engines(script);
        const store = new MemoryRunStore();
        const def = definition({ ...base, strategies: [...base.strategies], judgeEveryPair });
        const outcome = await runner(store, def, [gen, judge]).start();
        return { store, outcome, judge };
      }),
    );
    const [skipping, every] = results;
    if (skipping === undefined || every === undefined) throw new Error('missing run');
    expect(classesByGroup(skipping.store.metrics.values())).toEqual(
      classesByGroup(every.store.metrics.values()),
    );
    const orders = extra.bothOrders === true ? 2 : 1;
    const everyPair = 16 * 10 * orders;
    // pA temperature: 4 pair calls; other temperature groups 0,1,0,1,0: 10 - C(2,2) = 9.
    const pairs = 4 + 7 * 9 + 8 * 10;
    expect(every.outcome.progress).toMatchObject({ judgeCalls: everyPair, judgeCallsSaved: 0 });
    expect(skipping.outcome.progress).toMatchObject({
      judgeCalls: pairs * orders,
      judgeCallsEveryPair: everyPair,
      judgeCallsSaved: everyPair - pairs * orders,
    });
    expect(skipping.judge.requests).toHaveLength(pairs * orders);
    expect(skipping.store.runs.get('run1')?.stats).toMatchObject({
      judgeCalls: pairs * orders,
      judgeCallsEveryPair: everyPair,
    });
  });
});
