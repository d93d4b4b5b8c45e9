// Runner tests with scripted engines: a whole experiment's numbers, per-engine concurrency, cancel,
// resume after a "crash" on one fake-indexeddb database, call cache, failures, pair skipping.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { meanAcrossJudges } from '../core/aggregate';
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import { openDatabase, type PlaygroundDB } from '../storage/db';
import type { FunctionalMetricRecord, MetricRecord, RunUnitRecord } from '../storage/schema';
import { CallCache } from './call';
import { parseExperiment, type ExperimentDefinition, type ExperimentInput } from './experiment';
import { planRun, unitsToRedo } from './plan';
import { ExperimentRunner, RunSetupError, type RunnerOptions, type UnitDoneEvent } from './runner';
import { PlaygroundRunStore, type PersistedRun, type RunStore } from './store';
import { MemoryRunStore } from './testing/memory-store';
import { MemoryBatchProvider } from './testing/scripted-batch';
import {
  ScriptedEmbeddingEngine,
  ScriptedEngine,
  requestKind,
  requestPrompt,
} from './testing/scripted-engine';
import { labelOf, pipelineScript, type PipelineScript } from './testing/scripts';

const opened: PlaygroundDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function openDb(factory: IDBFactory, name = 'runner'): Promise<PlaygroundDB> {
  const db = await openDatabase({ factory, name });
  opened.push(db);
  return db;
}

/** One prompt per category, known categories, text naming the category. */
const EIGHT = CATEGORY_IDS.map((c) => ({
  id: `p${c}`,
  text: `Prompt of category ${c}`,
  category: c,
}));

function definition(extra: Partial<ExperimentInput> = {}): ExperimentDefinition {
  const parsed = parseExperiment({
    prompts: EIGHT,
    generators: ['cloud/gen'],
    judges: ['cloud/judge'],
    seed: 100,
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return parsed.value;
}

/** The classifier answers the true letter except for G and H, which it calls F. */
function classifyByText(prompt: string): string {
  const letter = prompt.slice(-1);
  return letter === 'G' || letter === 'H' ? 'F' : letter;
}

function engines(script: PipelineScript = {}, genOptions = {}, judgeOptions = {}) {
  const gen = new ScriptedEngine(pipelineScript({ classify: classifyByText, ...script }), {
    id: 'cloud/gen',
    ...genOptions,
  });
  const judge = new ScriptedEngine(pipelineScript(script), { id: 'cloud/judge', ...judgeOptions });
  return { gen, judge };
}

function runner(
  store: RunStore,
  def: ExperimentDefinition | undefined,
  chat: readonly ScriptedEngine[],
  extra: Partial<RunnerOptions> = {},
): ExperimentRunner {
  return new ExperimentRunner({
    store,
    runId: 'run1',
    ...(def === undefined ? {} : { definition: def }),
    engines: chat,
    ...extra,
  });
}

function functional(metrics: Iterable<MetricRecord>): FunctionalMetricRecord[] {
  return [...metrics].filter((m): m is FunctionalMetricRecord => m.kind === 'functional');
}

function classesByGroup(metrics: Iterable<MetricRecord>): Record<string, number[][]> {
  return Object.fromEntries(
    functional(metrics)
      .map((m) => [`${m.judgeModel}|${m.promptId}|${m.strategy}`, m.classes] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe('a whole experiment: 8 prompts x 5 strategies x k=5', () => {
  it('produces exactly the numbers the scripted replies imply', async () => {
    const db = await openDb(new IDBFactory());
    const store = new PlaygroundRunStore(db);
    const { gen, judge } = engines();
    const def = definition();
    const events: UnitDoneEvent[] = [];
    const outcome = await runner(store, def, [gen, judge], {
      onUnitDone: (e) => events.push(e),
    }).start();
    const saved = await store.load('run1');
    const plan = planRun('run1', def);

    expect(outcome.status).toBe('completed');
    expect(outcome.progress).toMatchObject({ total: plan.length, settled: plan.length, failed: 0 });
    expect(events).toHaveLength(plan.length);
    expect(new Set(events.map((e) => e.unit.id)).size).toBe(plan.length);
    expect(saved.units).toHaveLength(plan.length);
    expect(saved.responses).toHaveLength(8 * 5 * 5);

    // Classification: 6 of 8 right (G and H answered as F); the known category is kept.
    expect(saved.classifications.filter((c) => c.correct === true)).toHaveLength(6);
    const g = saved.classifications.find((c) => c.promptId === 'pG');
    expect(g).toMatchObject({
      predicted: 'F',
      known: 'G',
      judgeCategory: 'G',
      samplingCategory: 'G',
    });

    // Classes: temperature answers "A#seed" (1 class); system prompt and regeneration: 5 classes.
    const perStrategy = new Map<string, number[]>();
    for (const m of functional(saved.metrics)) {
      perStrategy.set(m.strategy, [...(perStrategy.get(m.strategy) ?? []), m.classCount]);
    }
    expect(Object.fromEntries(perStrategy)).toEqual({
      temperature: Array(8).fill(1),
      'system-general': Array(8).fill(5),
      'system-task-anchored': Array(8).fill(5),
      'icr-general': Array(8).fill(5),
      'icr-task-anchored': Array(8).fill(5),
    });
    // Judge calls: 4 for each homogeneous group, 10 for each diverse one; 10 every pair.
    expect(outcome.progress).toMatchObject({
      judgeCalls: 8 * (4 + 4 * 10),
      judgeCallsEveryPair: 8 * 5 * 10,
      judgeCallsSaved: 8 * 6,
    });
    expect(saved.run?.stats).toMatchObject({ judgeCalls: 352, judgeCallsEveryPair: 400 });
    expect(saved.run?.status).toBe('completed');
    expect(saved.judgements.filter((j) => j.kind === 'diversity')).toHaveLength(352);

    // Quality: one checklist per prompt, every response graded 4.
    expect(saved.checklists).toHaveLength(8);
    const grades = saved.judgements.filter((j) => j.kind === 'quality');
    expect(grades).toHaveLength(200);
    expect(
      meanAcrossJudges(grades.map((j) => ({ judge: j.judgeModel, value: j.score ?? 0 }))),
    ).toBe(4);

    // General metrics for every group; the anchored instruction names the known category.
    expect(saved.metrics.filter((m) => m.kind === 'general')).toHaveLength(40);
    const anchored = saved.responses.find(
      (r) => r.promptId === 'pG' && r.strategy === 'system-task-anchored',
    );
    expect(anchored?.instruction).toMatch(/creative expression/);
    // Temperature samples carry seed + index; the engine saw distinct requests.
    const seeds = saved.responses
      .filter((r) => r.promptId === 'pA' && r.strategy === 'temperature')
      .map((r) => r.params.seed)
      .sort();
    expect(seeds).toEqual([100, 101, 102, 103, 104]);
    // Temperature samples, plus the first turn of both regeneration strategies, each with its own
    // seed (runSeed + strategy x k + turn), so no bare-prompt request repeats another.
    expect(gen.callsOf('sample')).toHaveLength(8 * 5 + 8 * 2);
    const bare = gen.callsOf('sample').filter((r) => requestPrompt(r).endsWith('A'));
    expect(bare.map((r) => r.seed).sort()).toEqual([100, 101, 102, 103, 104, 115, 120]);
  });

  it('averages class counts across several judges', async () => {
    const store = new MemoryRunStore();
    const gen = new ScriptedEngine(pipelineScript({ classify: classifyByText }), {
      id: 'cloud/gen',
    });
    // A strict judge: responses are equivalent only when identical (temperature: 5 classes).
    const strict = new ScriptedEngine(
      pipelineScript({ judge: (a, b) => (a === b ? 'Verdict: EQUIVALENT' : 'Verdict: DIFFERENT') }),
      { id: 'cloud/strict' },
    );
    const lenient = new ScriptedEngine(pipelineScript(), { id: 'cloud/lenient' });
    const def = definition({
      judges: ['cloud/strict', 'cloud/lenient'],
      strategies: ['temperature'],
      prompts: EIGHT.slice(0, 2),
      quality: false,
    });
    await runner(store, def, [gen, strict, lenient]).start();
    const counts = functional(store.metrics.values()).map((m) => ({
      judge: m.judgeModel,
      value: m.classCount,
    }));
    expect(counts).toHaveLength(4);
    expect(meanAcrossJudges(counts)).toBe(3);
  });
});

describe('concurrency per engine', () => {
  it.each<
    [
      string,
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, number>,
      number,
      number,
    ]
  >([
    [
      'cloud engines use their maxConcurrency',
      { capabilities: { maxConcurrency: 3 } },
      { capabilities: { maxConcurrency: 2 } },
      {},
      3,
      2,
    ],
    [
      'local engines run one call at a time',
      { location: 'local', capabilities: { maxConcurrency: 8 } },
      { location: 'local' },
      {},
      1,
      1,
    ],
    [
      'an explicit limit wins',
      { capabilities: { maxConcurrency: 8 } },
      {},
      { 'cloud/gen': 2, 'cloud/judge': 1 },
      2,
      1,
    ],
  ])('%s', async (_label, genOpts, judgeOpts, concurrency, genMax, judgeMax) => {
    const { gen, judge } = engines(
      {},
      { latencyMs: 2, ...genOpts },
      { latencyMs: 2, ...judgeOpts },
    );
    const def = definition({
      prompts: EIGHT.slice(0, 4),
      strategies: ['temperature', 'system-general'],
    });
    const outcome = await runner(new MemoryRunStore(), def, [gen, judge], { concurrency }).start();
    expect(outcome.status).toBe('completed');
    expect(gen.maxInFlight).toBe(genMax);
    expect(judge.maxInFlight).toBe(judgeMax);
  });
});

describe('cancel and resume', () => {
  it('cancel aborts calls in flight, starts nothing more and keeps what settled', async () => {
    const store = new MemoryRunStore();
    const { gen, judge } = engines({}, { latencyMs: 5 }, { latencyMs: 5 });
    let settled = 0;
    const r: ExperimentRunner = runner(store, definition(), [gen, judge], {
      onUnitDone: () => {
        settled += 1;
        if (settled === 20) r.cancel();
      },
    });
    const outcome = await r.start();
    const calls = gen.requests.length + judge.requests.length;
    expect(outcome.status).toBe('cancelled');
    expect(store.units.size).toBeGreaterThanOrEqual(20);
    expect(store.units.size).toBeLessThan(planRun('run1', definition()).length);
    expect(store.runs.get('run1')?.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(gen.requests.length + judge.requests.length).toBe(calls);
    expect(gen.inFlight + judge.inFlight).toBe(0);
  });

  it.each<[string, number]>([
    ['early', 30],
    ['half-way', 200],
    ['near the end', 400],
  ])(
    'a crash %s loses nothing and duplicates nothing on the same database',
    async (_label, crashAfter) => {
      const def = definition();
      const total = planRun('run1', def).length;

      // Reference: the same run without interruption, on its own database.
      const refStore = new PlaygroundRunStore(await openDb(new IDBFactory(), 'reference'));
      const ref = engines();
      // No call cache: a reload loses it, and call counts are compared below.
      await runner(refStore, def, [ref.gen, ref.judge], { cache: null }).start();
      const expected = await refStore.load('run1');
      const refCalls = ref.gen.requests.length + ref.judge.requests.length;

      // First runner "crashes" (is aborted and dropped) after `crashAfter` units.
      const factory = new IDBFactory();
      const first = engines({}, { latencyMs: 1 }, { latencyMs: 1 });
      let done = 0;
      const crashing: ExperimentRunner = runner(
        new PlaygroundRunStore(await openDb(factory)),
        def,
        [first.gen, first.judge],
        {
          concurrency: { 'cloud/gen': 2, 'cloud/judge': 2 },
          cache: null,
          onUnitDone: () => {
            done += 1;
            if (done === crashAfter) crashing.cancel();
          },
        },
      );
      expect((await crashing.start()).status).toBe('cancelled');
      const firstCalls = first.gen.requests.length + first.judge.requests.length;

      // A new runner on a new connection to the same database, resuming from what is stored.
      const store = new PlaygroundRunStore(await openDb(factory));
      const before = await store.load('run1');
      expect(before.units.length).toBeGreaterThanOrEqual(crashAfter);
      expect(before.units.length).toBeLessThan(total);
      const second = engines();
      const resumed: UnitDoneEvent[] = [];
      const outcome = await runner(store, undefined, [second.gen, second.judge], {
        cache: null,
        onUnitDone: (e) => resumed.push(e),
      }).start();
      const after = await store.load('run1');
      const secondCalls = second.gen.requests.length + second.judge.requests.length;

      expect(outcome.status).toBe('completed');
      expect(outcome.progress.settled).toBe(total);
      // Only the units missing after the crash ran again.
      expect(resumed).toHaveLength(total - before.units.length);
      const already = new Set(before.units.map((u) => u.id));
      expect(resumed.some((e) => already.has(e.unit.id))).toBe(false);
      // Same records as the uninterrupted run: nothing lost, nothing duplicated.
      const ids = (p: PersistedRun): Record<string, number> => ({
        units: new Set(p.units.map((u) => u.id)).size,
        responses: p.responses.length,
        judgements: p.judgements.length,
        classifications: p.classifications.length,
        checklists: p.checklists.length,
        metrics: p.metrics.length,
      });
      expect(ids(after)).toEqual(ids(expected));
      expect(after.units).toHaveLength(total);
      expect(classesByGroup(after.metrics)).toEqual(classesByGroup(expected.metrics));
      expect(after.run?.stats?.judgeCalls).toBe(expected.run?.stats?.judgeCalls);
      // Sent and cached counts survive the crash: each verdict stored them as it arrived.
      expect(after.run?.stats?.judgeCallsSent).toBe(expected.run?.stats?.judgeCallsSent);
      expect(after.run?.stats?.judgeCallsCached).toBe(expected.run?.stats?.judgeCallsCached);
      // Calls: at most the ones in flight at the crash (2 per engine) were made twice.
      expect(firstCalls + secondCalls).toBeGreaterThanOrEqual(refCalls);
      expect(firstCalls + secondCalls).toBeLessThanOrEqual(refCalls + 4);
    },
  );

  it('the elapsed time of a resumed run includes every session', async () => {
    // A wall clock the test moves: 10 ms per settled unit, and a long pause between sessions.
    let wall = 1_000_000;
    const now = (): number => wall;
    const def = definition({ prompts: EIGHT.slice(0, 2), quality: false });
    const store = new MemoryRunStore();
    const first = engines();
    let settled = 0;
    const crashing: ExperimentRunner = runner(store, def, [first.gen, first.judge], {
      now,
      onUnitDone: () => {
        wall += 10;
        settled += 1;
        if (settled === 6) crashing.cancel();
      },
    });
    const one = await crashing.start();
    expect(one.status).toBe('cancelled');
    const firstSession = one.progress.elapsedMs;
    expect(firstSession).toBeGreaterThanOrEqual(60);
    expect(store.runs.get('run1')?.activeMs).toBe(firstSession);

    wall += 3_600_000; // closed for an hour: not running, so not counted
    const second = engines();
    const sessionStart = wall;
    const two = await runner(store, undefined, [second.gen, second.judge], {
      now,
      onUnitDone: () => {
        wall += 10;
      },
    }).start();
    expect(two.status).toBe('completed');
    const secondSession = wall - sessionStart;
    expect(secondSession).toBeGreaterThan(0);
    expect(two.progress.elapsedMs).toBe(firstSession + secondSession);
    expect(store.runs.get('run1')?.activeMs).toBe(firstSession + secondSession);
  });

  it('resuming with a changed definition or a missing engine is refused before any work', async () => {
    const store = new MemoryRunStore();
    const { gen, judge } = engines();
    await runner(store, definition({ prompts: EIGHT.slice(0, 1) }), [gen, judge]).start();
    const calls = gen.requests.length;
    await expect(
      runner(store, definition({ prompts: EIGHT.slice(0, 2) }), [gen, judge]).start(),
    ).rejects.toBeInstanceOf(RunSetupError);
    await expect(runner(store, undefined, [gen]).start()).rejects.toThrow(/cloud\/judge/);
    await expect(runner(new MemoryRunStore(), undefined, [gen, judge]).start()).rejects.toThrow(
      /no stored definition/,
    );
    expect(gen.requests.length).toBe(calls);
    // The stored definition resumes a finished run as a no-op.
    const again = await runner(store, undefined, [gen, judge]).start();
    expect(again.status).toBe('completed');
    expect(gen.requests.length).toBe(calls);
  });
});

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

describe('Retry failed: the next start reruns units whose call failed, and nothing else', () => {
  /** Which requests fail while the provider is "down", and on which engine. */
  type Fault = {
    engine: 'gen' | 'judge' | 'embed';
    fails: (text: string) => boolean;
  };
  const text = (req: { messages: { content: string }[] }): string =>
    req.messages.map((m) => m.content).join('\n');

  /** Engines that fail the faulted requests while `state.down`, counting what they answered. */
  function faultyEngines(fault: Fault | null, state: { down: boolean }) {
    const answered = new Map<string, number>();
    const make = (id: string, script: PipelineScript) => {
      const inner = pipelineScript(script);
      return new ScriptedEngine(
        (req, ctx) => {
          const role = id === 'cloud/gen' ? 'gen' : 'judge';
          if (state.down && fault?.engine === role && fault.fails(text(req))) {
            return new Error('HTTP 503: the provider is overloaded');
          }
          const key = `${id}|${text(req)}|${req.seed ?? ''}`;
          answered.set(key, (answered.get(key) ?? 0) + 1);
          return inner(req, ctx);
        },
        { id },
      );
    };
    const gen = make('cloud/gen', { classify: classifyByText });
    const judge = make('cloud/judge', {});
    let embedded = 0;
    const embed = new ScriptedEmbeddingEngine((t) => {
      if (state.down && fault?.engine === 'embed' && fault.fails(t)) {
        return new Error('HTTP 503: embeddings unavailable');
      }
      embedded += 1;
      return [t.length, 1];
    }, 'local/embed');
    return { gen, judge, embed, answered, embedded: () => embedded };
  }

  const def = definition({
    prompts: EIGHT.slice(1, 4),
    strategies: ['temperature', 'system-task-anchored', 'icr-general'],
    embedding: 'local/embed',
    classify: true,
  });

  async function start(store: MemoryRunStore, e: ReturnType<typeof faultyEngines>, first: boolean) {
    return runner(store, first ? def : undefined, [e.gen, e.judge], {
      embeddingEngines: [e.embed],
      cache: null,
    }).start();
  }

  it.each<[string, Fault]>([
    ['the generator, for one prompt', { engine: 'gen', fails: (t) => t.includes('category C') }],
    [
      'the judge, for pairs with one response',
      { engine: 'judge', fails: (t) => t.includes('#101') },
    ],
    ['the embedding engine, for one group', { engine: 'embed', fails: (t) => t.startsWith('S0') }],
  ])(
    '%s: after a retry the run equals a clean one, with no call answered twice',
    async (_l, fault) => {
      const clean = faultyEngines(null, { down: false });
      const cleanStore = new MemoryRunStore();
      await start(cleanStore, clean, true);

      const state = { down: true };
      const e = faultyEngines(fault, state);
      const store = new MemoryRunStore();
      const first = await start(store, e, true);
      expect(first.status).toBe('completed');
      expect(first.retryable).toBeGreaterThan(0);
      const marked = [...store.units.values()].filter((u) => u.callFailed === true);
      expect(marked).toHaveLength(first.retryable);
      expect(store.runs.get('run1')?.stats?.retryable).toBe(first.retryable);

      state.down = false;
      const redone = new Set(unitsToRedo(planRun('run1', def), store.units));
      const second = await start(store, e, false);
      expect(second).toMatchObject({ status: 'completed', retryable: 0 });
      expect(second.progress.failed).toBe(0);
      // Every request that was answered once in the clean run was answered exactly once here.
      expect(new Map([...e.answered].sort())).toEqual(new Map([...clean.answered].sort()));
      expect(e.embedded()).toBe(clean.embedded());
      // Only the failed units and what depended on them were committed again.
      for (const [id, commits] of store.commitsPerUnit) {
        expect(commits, id).toBe(redone.has(id) ? 2 : 1);
      }
      const summary = (st: MemoryRunStore) =>
        [...st.metrics.values()].map((m) => JSON.stringify({ ...m, createdAt: 0 })).sort();
      expect(summary(store)).toEqual(summary(cleanStore));
    },
  );

  it('an unusable answer is a result, not a failed call: a new start asks nothing', async () => {
    const gen = new ScriptedEngine(pipelineScript({ classify: () => 'no idea' }), {
      id: 'cloud/gen',
    });
    const judge = new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' });
    const store = new MemoryRunStore();
    const first = await runner(store, definition({ prompts: EIGHT.slice(0, 1) }), [
      gen,
      judge,
    ]).start();
    expect(first.progress.failed).toBeGreaterThan(0);
    expect(first.retryable).toBe(0);
    const asked = gen.requests.length + judge.requests.length;
    const second = await runner(store, undefined, [gen, judge]).start();
    expect(second.progress.failed).toBe(first.progress.failed);
    expect(gen.requests.length + judge.requests.length).toBe(asked);
  });
});

describe('failures are recorded and the run continues', () => {
  it('an engine that keeps failing for one prompt fails its units only', async () => {
    const gen = new ScriptedEngine(
      (req, ctx) =>
        JSON.stringify(req.messages).includes('category C')
          ? new Error('HTTP 500 from provider')
          : pipelineScript({ classify: classifyByText })(req, ctx),
      { id: 'cloud/gen' },
    );
    const judge = new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' });
    const def = definition({ strategies: ['temperature', 'icr-general'], quality: false });
    const store = new MemoryRunStore();
    const outcome = await runner(store, def, [gen, judge]).start();
    expect(outcome.status).toBe('completed');
    const failed = [...store.units.values()].filter((u) => u.status === 'failed');
    // classify + 5 temperature samples + regeneration turn 0 fail; turns 1-4 and the judges and
    // metrics of the two groups are skipped.
    expect(failed.map((u) => u.kind).sort()).toEqual(
      ['classify', 'sample', 'sample', 'sample', 'sample', 'sample', 'sample'].sort(),
    );
    // One call each: retrying is the engine's job, the runner does not add a second layer.
    expect(failed.every((u) => u.error === 'HTTP 500 from provider' && u.calls === 1)).toBe(true);
    const skipped = [...store.units.values()].filter((u) => u.status === 'skipped');
    expect(skipped).toHaveLength(4 + 2 + 2);
    expect(outcome.progress.failed).toBe(7);
    expect(functional(store.metrics.values())).toHaveLength(7 * 2);
  });

  it('a storage failure stops the run as failed, with the reason', async () => {
    const store = new MemoryRunStore();
    const { gen, judge } = engines();
    let n = 0;
    const r: ExperimentRunner = runner(store, definition(), [gen, judge], {
      onUnitDone: () => {
        n += 1;
        if (n === 5) store.fail = new Error('QuotaExceededError');
      },
    });
    const outcome = await r.start();
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/Saving results failed.*QuotaExceededError/);
    expect(store.units.size).toBeGreaterThanOrEqual(5);
    expect(store.units.size).toBeLessThan(10);
  });
});

describe('unparseable model output at every stage: recorded, counted, never a crash', () => {
  it('counts each stage failure and keeps going', async () => {
    const gen = new ScriptedEngine(
      pipelineScript({
        classify: () => 'no idea, sorry',
        multi: () => 'I would rather not use tags.',
        sample: (_p, req) => `A#${req.seed ?? 0}`,
      }),
      { id: 'cloud/gen' },
    );
    const judge = new ScriptedEngine(
      pipelineScript({
        judge: () => 'They are kind of similar, maybe.',
        checklist: (p) => (p.endsWith('B') ? 'Just be good.' : '1. a\n2. b\n3. c'),
        grade: (r) => (r.includes('#101') ? 'Looks fine' : 'Score: 5'),
        correctness: () => 'who can say',
      }),
      { id: 'cloud/judge' },
    );
    const def = definition({
      prompts: [
        { id: 'pA', text: 'Prompt of category A', gold: 'Paris' },
        { id: 'pB', text: 'Prompt of category B', category: 'B' },
      ],
      strategies: ['temperature', 'system-general', 'system-task-anchored'],
    });
    const store = new MemoryRunStore();
    const outcome = await runner(store, def, [gen, judge]).start();
    const s = outcome.progress.stages;
    expect(outcome.status).toBe('completed');
    // Classification: both unreadable (asked twice each); pA has no category to fall back on.
    expect(s.classify).toMatchObject({ total: 2, failed: 2 });
    expect(gen.callsOf('classify')).toHaveLength(4);
    // Sampling: temperature fine (10); system prompts unreadable (pB general + anchored, pA
    // general) and pA anchored without a category: 4 failures.
    expect(s.sample).toMatchObject({ total: 14, done: 10, failed: 4 });
    // Judging: pA temperature has no category; pB temperature: every verdict unreadable (both
    // failed); the four system-prompt groups have no responses (skipped).
    expect(s.judge).toMatchObject({ total: 6, failed: 2, skipped: 4 });
    // Quality: pB's checklist unreadable, so its grades are skipped; grade of "#101" unreadable.
    expect(s.quality.failed).toBe(1 + 1);
    expect(s.quality.skipped).toBe(15 + 10);
    // Accuracy: pA's grader answer unreadable for each temperature response.
    expect(s.accuracy).toMatchObject({ total: 15, failed: 5, skipped: 10 });
    const reasons = [...store.units.values()]
      .filter((u) => u.status === 'failed')
      .map((u) => u.error);
    expect(reasons.every((r) => typeof r === 'string' && r.length > 0)).toBe(true);
    expect(store.classifications.get('run1:classify:cloud/gen:pA')?.raw).toBe('no idea, sorry');
  });

  it('records k-response parse problems as issues and keeps what parsed', async () => {
    const gen = new ScriptedEngine(
      pipelineScript({
        multi: () => '<response id="1">x#1</response><response id="2">y#2</response>',
      }),
      { id: 'cloud/gen' },
    );
    const judge = new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' });
    const def = definition({ prompts: EIGHT.slice(0, 1), strategies: ['system-general'] });
    const store = new MemoryRunStore();
    const outcome = await runner(store, def, [gen, judge]).start();
    expect(outcome.progress.stages.sample).toMatchObject({ done: 1, issues: 1 });
    expect([...store.responses.values()].map((r) => r.parseIssue)).toEqual([
      'expected 5 responses, found 2',
      'expected 5 responses, found 2',
    ]);
    // The judge classes the two responses; grades of the three missing ones are skipped.
    expect(functional(store.metrics.values())[0]?.classCount).toBe(2);
    expect(outcome.progress.stages.quality).toMatchObject({ done: 3, skipped: 3 });
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

describe('other paths', () => {
  it('native n, embeddings and accuracy (math and short answers)', async () => {
    const gen = new ScriptedEngine(
      pipelineScript({
        sample: (p, req, choice) =>
          p.includes('2+2')
            ? `so \\boxed{${req.n === undefined ? 5 : 4}}#${choice}`
            : `right: Paris #${choice}`,
      }),
      { id: 'cloud/gen', capabilities: { n: 'native' } },
    );
    const judge = new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' });
    const embed = new ScriptedEmbeddingEngine((t) => [t.length, 1], 'local/embed');
    const def = definition({
      prompts: [
        { id: 'm', text: 'What is 2+2?', category: 'A', gold: '4', answerType: 'math' },
        { id: 's', text: 'Capital of France?', category: 'A', gold: 'Paris' },
      ],
      strategies: ['temperature'],
      embedding: 'local/embed',
      quality: false,
    });
    const store = new MemoryRunStore();
    const outcome = await runner(store, def, [gen, judge], {
      embeddingEngines: [embed],
    }).start();
    expect(outcome.status).toBe('completed');
    expect(gen.callsOf('sample')).toHaveLength(2);
    expect(gen.callsOf('sample')[0]?.n).toBe(5);
    const acc = [...store.metrics.values()].filter((m) => m.kind === 'accuracy');
    expect(acc.map((m) => [m.promptId, m.correct]).sort()).toEqual([
      ...Array(5).fill(['m', true]),
      ...Array(5).fill(['s', true]),
    ]);
    const general = [...store.metrics.values()].filter((m) => m.kind === 'general');
    expect(general.map((m) => m.embedding)).toEqual([0, 0]);
    expect(embed.calls).toBe(2);
    expect(judge.callsOf('correctness')).toHaveLength(5);
  });

  it('emits progress with counts and an ETA', async () => {
    const seen: number[] = [];
    let eta: number | null = null;
    const { gen, judge } = engines();
    const def = definition({ prompts: EIGHT.slice(0, 2), strategies: ['temperature'] });
    await runner(new MemoryRunStore(), def, [gen, judge], {
      onProgress: (p) => {
        seen.push(p.settled);
        if (p.settled > 0 && p.settled < p.total) eta = p.etaMs;
      },
    }).start();
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(planRun('run1', def).length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(eta).not.toBeNull();
  });

  it.each<[CategoryId, string]>([
    ['D', 'Can you solve the problem using a different strategy?'],
    ['A', 'Can you give the answer again in different words?'],
  ])('task-anchored regeneration for %s uses its follow-up', async (category, follow) => {
    const { gen, judge } = engines();
    const def = definition({
      prompts: [{ id: 'x', text: 'q', category }],
      strategies: ['icr-task-anchored'],
      quality: false,
    });
    await runner(new MemoryRunStore(), def, [gen, judge]).start();
    const last = gen.callsOf('sample-regeneration').at(-1);
    expect(last?.messages.at(-1)?.content.startsWith(follow)).toBe(true);
    expect(last?.messages).toHaveLength(9);
    expect(requestKind(last ?? { messages: [] })).toBe('sample-regeneration');
    expect(labelOf('R4#4')).toBe('R4');
  });
});

describe('batch mode', () => {
  const poll = { firstMs: 1, maxMs: 2, factor: 2 };
  const BATCHED = ['classify', 'sample', 'judge', 'quality', 'accuracy'] as const;

  it('a whole run in batch mode, reloaded between submission and completion, equals the interactive run', async () => {
    const refStore = new PlaygroundRunStore(await openDb(new IDBFactory(), 'interactive'));
    const ref = engines();
    await runner(refStore, definition(), [ref.gen, ref.judge], { cache: null }).start();
    const expected = await refStore.load('run1');

    const def = definition({ batch: [...BATCHED] });
    const provider = new MemoryBatchProvider(1_000_000);
    const factory = new IDBFactory();
    const firstStore = new PlaygroundRunStore(await openDb(factory));
    const first = engines();
    const page = new AbortController();
    const closing = runner(
      firstStore,
      def,
      [provider.wrap(first.gen), provider.wrap(first.judge)] as ScriptedEngine[],
      { cache: null, batch: { poll }, signal: page.signal },
    );
    const started = closing.start();
    await expect.poll(() => provider.submitted.length).toBeGreaterThan(0);
    await expect
      .poll(async () => (await firstStore.batchLedger('run1').list()).length)
      .toBeGreaterThan(0);
    // The tab closes: the run stops here, its batches keep running at the provider.
    page.abort();
    expect((await started).status).toBe('cancelled');
    const submittedBefore = provider.submitted.length;
    expect(provider.cancelled.size).toBe(0);

    provider.pollsBeforeDone = 0;
    const store = new PlaygroundRunStore(await openDb(factory));
    const second = engines();
    const outcome = await runner(
      store,
      undefined,
      [provider.wrap(second.gen), provider.wrap(second.judge)] as ScriptedEngine[],
      { cache: null, batch: { poll } },
    ).start();
    const after = await store.load('run1');
    expect(outcome.status).toBe('completed');
    // The batches submitted before the reload were polled again, not submitted again.
    const firstKeys = new Set(
      provider.submitted.slice(0, submittedBefore).flatMap((b) => b.map((i) => i.customId)),
    );
    const laterKeys = provider.submitted
      .slice(submittedBefore)
      .flatMap((b) => b.map((i) => i.customId));
    expect(laterKeys.some((k) => firstKeys.has(k))).toBe(false);
    // Judge rounds went out as successive batches.
    expect(provider.submitted.length).toBeGreaterThan(3);
    const ledger = await store.batchLedger('run1').list();
    expect(ledger.map((b) => b.state)).toEqual(ledger.map(() => 'ended'));
    expect(after.responses.length).toBe(expected.responses.length);
    expect(after.judgements.length).toBe(expected.judgements.length);
    expect(classesByGroup(after.metrics)).toEqual(classesByGroup(expected.metrics));
    expect(after.run?.stats?.judgeCalls).toBe(expected.run?.stats?.judgeCalls);
  });

  it('cancel() cancels the running provider batches; settled units stay and a resume submits the rest anew', async () => {
    const def = definition({ batch: ['sample', 'judge'] });
    const provider = new MemoryBatchProvider(1_000_000);
    const store = new PlaygroundRunStore(await openDb(new IDBFactory()));
    const first = engines();
    const run = runner(
      store,
      def,
      [provider.wrap(first.gen), provider.wrap(first.judge)] as ScriptedEngine[],
      { cache: null, batch: { poll } },
    );
    const started = run.start();
    // Classification is interactive; sampling waits in a batch.
    await expect.poll(() => provider.submitted.length).toBe(1);
    run.cancel();
    expect((await started).status).toBe('cancelled');
    expect(provider.cancelled.size).toBe(1);
    expect((await store.batchLedger('run1').list()).map((b) => b.state)).toEqual(['cancelled']);
    const classified = (units: RunUnitRecord[]) => units.filter((u) => u.stage === 'classify');
    const kept = classified((await store.load('run1')).units);
    expect(kept.map((u) => u.status)).toEqual(EIGHT.map(() => 'done'));

    provider.pollsBeforeDone = 0;
    const second = engines();
    const outcome = await runner(
      store,
      undefined,
      [provider.wrap(second.gen), provider.wrap(second.judge)] as ScriptedEngine[],
      { cache: null, batch: { poll } },
    ).start();
    expect(outcome.status).toBe('completed');
    expect(classified((await store.load('run1')).units)).toEqual(kept);
    // The cancelled batch's calls were submitted again, in a new batch.
    expect(provider.submitted[1]?.map((i) => i.customId)).toEqual(
      provider.submitted[0]?.map((i) => i.customId),
    );
  });
});
