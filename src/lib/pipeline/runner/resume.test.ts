// Runner tests: cancel and resume, Retry failed, and failures and unreadable output that are
// recorded while the run goes on.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { planRun, unitsToRedo } from '../plan';
import type { ExperimentRunner } from '../runner';
import { RunSetupError, type UnitDoneEvent } from '../runner';
import { PlaygroundRunStore, type PersistedRun } from '../store';
import { MemoryRunStore } from '../testing/memory-store';
import { ScriptedEmbeddingEngine, ScriptedEngine } from '../testing/scripted-engine';
import { pipelineScript, type PipelineScript } from '../testing/scripts';
import {
  EIGHT,
  classesByGroup,
  classifyByText,
  definition,
  engines,
  functional,
  openDb,
  runner,
  closeOpenedDbs,
} from '../testing/runner-fixtures';

afterEach(closeOpenedDbs);

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
