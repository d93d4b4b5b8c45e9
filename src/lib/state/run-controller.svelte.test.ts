// Tests of the RunController with scripted engines and an in-memory run store: a run completes,
// cancel then resume finishes without repeating any unit, failures carry their reasons, setup
// problems are reported, another tab's lock is respected and UI updates are throttled.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PauseBoard } from '../engines/provider-pauses';
import type { ChatEngine } from '../engines/types';
import type { ExperimentDefinition, ExperimentInput } from '../pipeline/experiment';
import { planExistingAnalysis, seedExistingRun } from '../pipeline/analyse-existing';
import { PlaygroundRunStore } from '../pipeline/store';
import { MemoryRunStore } from '../pipeline/testing/memory-store';
import { openDatabase } from '../storage/db';
import { ScriptedEngine } from '../pipeline/testing/scripted-engine';
import { pipelineScript, type PipelineScript } from '../pipeline/testing/scripts';
import {
  LOCKED,
  providersOf,
  RunController,
  type BuiltEngines,
  type RunControllerDeps,
} from './run-controller.svelte';

const INPUT: ExperimentInput = {
  name: 'Test run',
  prompts: [
    { id: 'p1', text: 'Name a prime number.', category: 'B' },
    { id: 'p2', text: 'Write a haiku.', category: 'G' },
  ],
  generators: ['cloud/gen'],
  judges: ['cloud/judge'],
  strategies: ['temperature', 'system-general', 'icr-general'],
  k: 3,
};

interface Setup {
  controller: RunController;
  store: MemoryRunStore;
  gen: ScriptedEngine;
  judge: ScriptedEngine;
  builds: ExperimentDefinition[];
}

function setup(
  options: {
    script?: PipelineScript;
    latencyMs?: number;
    deps?: Partial<RunControllerDeps>;
    store?: MemoryRunStore;
  } = {},
): Setup {
  const store = options.store ?? new MemoryRunStore();
  const latency = options.latencyMs ?? 0;
  const gen = new ScriptedEngine(pipelineScript(options.script), {
    id: 'cloud/gen',
    latencyMs: latency,
  });
  const judge = new ScriptedEngine(pipelineScript(options.script), {
    id: 'cloud/judge',
    latencyMs: latency,
  });
  const builds: ExperimentDefinition[] = [];
  let runs = 0;
  const controller = new RunController({
    openStore: async () => store,
    buildEngines: async (def): Promise<BuiltEngines> => {
      builds.push(def);
      return { chat: [gen, judge] as ChatEngine[], embedding: [], dispose: async () => undefined };
    },
    newRunId: () => `run-${++runs}`,
    uiIntervalMs: 5,
    ...options.deps,
  });
  return { controller, store, gen, judge, builds };
}

/** Units per stage of INPUT: 2 classify, 2 x (3 + 1 + 3) samples, 6 judge, 6 metrics, 2 + 18 quality. */
const TOTAL = 2 + 14 + 6 + 6 + 20;

describe('RunController: a run from start to finish', () => {
  it('completes, stores every unit once and summarizes the run', async () => {
    const { controller, store } = setup();
    expect(controller.phase).toBe('idle');
    const id = await controller.start(INPUT);
    expect(id).toBe('run-1');
    expect(controller.phase).toBe('finished');
    expect(controller.status).toBe('completed');
    expect(controller.error).toBeNull();
    expect(controller.progress).toMatchObject({ total: TOTAL, settled: TOTAL, failed: 0 });
    expect(controller.problems).toEqual([]);
    expect(controller.summary?.groups).toHaveLength(6);
    expect(controller.definition?.name).toBe('Test run');
    expect(store.units.size).toBe(TOTAL);
    expect([...store.commitsPerUnit.values()].every((n) => n === 1)).toBe(true);
    expect(store.runs.get('run-1')?.status).toBe('completed');
  });

  it.each<[string, PipelineScript, { stage: string; status: string; reason: RegExp }]>([
    [
      'an unreadable classification',
      { classify: (p) => (p.startsWith('Name') ? 'no idea' : 'B') },
      { stage: 'classify', status: 'failed', reason: /unreadable classification/ },
    ],
    [
      'unreadable grades',
      { grade: (r) => (r.startsWith('S0') ? 'I like it.' : 'Score: 4') },
      { stage: 'quality', status: 'failed', reason: /score|grade/i },
    ],
    [
      'missing responses in system-prompt sampling',
      { multi: () => '<response id="1">\nonly one\n</response>' },
      { stage: 'sample', status: 'issue', reason: /^expected 3 responses, found 1$/ },
    ],
  ])('lists %s with its reason and goes on', async (_name, script, expected) => {
    const { controller } = setup({ script });
    await controller.start(INPUT);
    expect(controller.status).toBe('completed');
    const found = controller.problems.filter(
      (p) => p.stage === expected.stage && p.status === expected.status,
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => expected.reason.test(p.reason))).toBe(true);
    expect(controller.problemTotal).toBe(controller.problems.length);
  });
});

describe('RunController: cancel and resume', () => {
  it('cancels mid-run, then resumes to the end without repeating a unit', async () => {
    const holder: { controller?: RunController; phase?: string; after?: string } = {};
    let samples = 0;
    const first = setup({
      latencyMs: 1,
      script: {
        // The user cancels while the fourth temperature sample is being generated.
        sample: (_p, _r, choice) => {
          samples += 1;
          if (samples === 4) {
            holder.phase = holder.controller?.phase;
            holder.controller?.cancel();
            holder.after = holder.controller?.phase;
          }
          return `A#${samples}-${choice}`;
        },
      },
    });
    holder.controller = first.controller;
    await first.controller.start(INPUT);
    expect([holder.phase, holder.after]).toEqual(['running', 'cancelling']);
    expect(first.controller.status).toBe('cancelled');
    expect(first.controller.busy).toBe(false);
    const settledAtCancel = first.store.units.size;
    expect(settledAtCancel).toBeGreaterThan(0);
    expect(settledAtCancel).toBeLessThan(TOTAL);
    const sampledAtCancel = [...first.store.units.values()].filter(
      (u) => u.stage === 'sample',
    ).length;
    // A fresh controller (as after a reload) resumes from the stored definition.
    const second = setup({ store: first.store });
    expect(await second.controller.resume('run-1')).toBe(true);
    expect(second.controller.resumed).toBe(true);
    expect(second.controller.status).toBe('completed');
    expect(second.builds[0]?.name).toBe('Test run');
    expect(second.store.units.size).toBe(TOTAL);
    expect([...second.store.commitsPerUnit.values()].every((n) => n === 1)).toBe(true);
    // Sampling units settled before the cancel are never asked again; every other one once.
    const sampling = (e: ScriptedEngine): number =>
      e.callsOf('sample').length +
      e.callsOf('sample-multi').length +
      e.callsOf('sample-regeneration').length;
    expect(sampling(second.gen)).toBe(14 - sampledAtCancel);
  });

  it('shows failures stored before the resume', async () => {
    const script: PipelineScript = { classify: (p) => (p.startsWith('Name') ? '??' : 'B') };
    const first = setup({ script });
    await first.controller.start(INPUT);
    const second = setup({ script, store: first.store });
    await second.controller.resume('run-1');
    expect(second.controller.problems.map((p) => p.stage)).toEqual(['classify']);
  });

  it('cancels while the engines are still being built, before anything is stored', async () => {
    let release: () => void = () => undefined;
    const { controller, store } = setup({
      deps: {
        buildEngines: () =>
          new Promise<BuiltEngines>((resolve) => {
            release = () => resolve({ chat: [], embedding: [], dispose: async () => undefined });
          }),
      },
    });
    const running = controller.start(INPUT);
    await Promise.resolve();
    expect(controller.phase).toBe('preparing');
    controller.cancel();
    release();
    await running;
    expect(controller.status).toBe('cancelled');
    expect(store.runs.size).toBe(0);
  });

  it('refuses to start a second run while one is active', async () => {
    const { controller } = setup({ latencyMs: 2 });
    const running = controller.start(INPUT);
    await Promise.resolve();
    expect(await controller.start(INPUT)).toBeNull();
    expect(await controller.resume('run-1')).toBe(false);
    controller.cancel();
    await running;
  });
});

describe('RunController: what stops a run before it starts', () => {
  it.each<[string, Partial<RunControllerDeps>, ExperimentInput, RegExp]>([
    [
      'an invalid definition',
      {},
      { ...INPUT, prompts: [] },
      /^The experiment is not valid: prompts: add at least one prompt/,
    ],
    [
      'an engine that cannot be built',
      {
        buildEngines: async () => {
          throw new Error('No API key for Fake. Open Settings and paste it.');
        },
        describeError: (err) => `Could not start: ${(err as Error).message}`,
      },
      INPUT,
      /^Could not start: No API key for Fake/,
    ],
    [
      'another tab running it',
      { withLock: async () => LOCKED },
      INPUT,
      /already running in another tab/,
    ],
    [
      'a missing engine',
      {
        buildEngines: async () => ({ chat: [], embedding: [], dispose: async () => undefined }),
      },
      INPUT,
      /These engines are not available: cloud\/gen, cloud\/judge/,
    ],
  ])('%s', async (_name, deps, input, message) => {
    const { controller, store } = setup({ deps });
    await controller.start(input);
    expect(controller.phase).toBe('finished');
    expect(controller.error).toMatch(message);
    expect(controller.busy).toBe(false);
    expect(store.units.size).toBe(0);
    controller.dismiss();
    expect([controller.phase, controller.error, controller.runId]).toEqual(['idle', null, null]);
  });

  it('reports a run without a stored definition', async () => {
    const { controller } = setup();
    await controller.resume('nope');
    expect(controller.error).toMatch(/no readable definition/);
  });
});

describe('RunController: UI updates', () => {
  it('shows the first progress at once and throttles the rest', async () => {
    const seen: number[] = [];
    const holder: { controller?: RunController } = {};
    const { controller } = setup({
      script: {
        grade: () => {
          seen.push(holder.controller?.progress?.settled ?? -1);
          return 'Score: 4';
        },
      },
      deps: { uiIntervalMs: 60_000 },
    });
    holder.controller = controller;
    await controller.start(INPUT);
    // Every grade ran while the UI still showed the first snapshot; the end flushed the last.
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen)).toEqual(new Set([0]));
    expect(controller.progress?.settled).toBe(TOTAL);
  });
});

describe('RunController: Retry failed', () => {
  it('offers the failed calls, runs only them again and clears their problems', async () => {
    let down = true;
    const { controller, store, gen } = setup({
      script: {
        sample: (prompt, request) =>
          down && prompt.startsWith('Write')
            ? (new Error('HTTP 503') as never)
            : `A#${request.seed ?? 0}`,
      },
    });
    await controller.start(INPUT);
    expect(controller.status).toBe('completed');
    expect(controller.retryable).toBeGreaterThan(0);
    const failedCalls = controller.problems.filter((p) => p.reason.includes('HTTP 503'));
    expect(failedCalls).toHaveLength(controller.retryable);
    // Regeneration turns after the failed first turn were skipped for want of it.
    const skippedTurns = controller.problems.filter(
      (p) => p.stage === 'sample' && p.status === 'skipped',
    ).length;
    expect(skippedTurns).toBe(2);
    const asked = gen.requests.length;

    down = false;
    await expect(controller.retryFailed()).resolves.toBe(true);
    expect(controller.status).toBe('completed');
    expect(controller.retryable).toBe(0);
    expect(controller.problems.filter((p) => p.status !== 'issue')).toEqual([]);
    expect(controller.progress).toMatchObject({ settled: TOTAL, failed: 0 });
    // The retry asked only for the failed samples and the turns skipped after them, once each.
    expect(gen.requests.length - asked).toBe(failedCalls.length + skippedTurns);
    expect(store.runs.get('run-1')?.stats?.retryable).toBe(0);
  });
});

describe('RunController: keys lost with the browser session', () => {
  it.each<[string, 'start' | 'resume']>([
    ['a new run', 'start'],
    ['a resumed run', 'resume'],
  ])('%s waits for the missing key, sends nothing meanwhile, then finishes', async (_l, how) => {
    const held = new Set(['cloud']);
    const saved: [string, string][] = [];
    const { controller, gen, judge, builds, store } = setup({
      deps: {
        missingKeys: async (def) =>
          providersOf(def)
            .filter((id) => held.has(id))
            .map((id) => ({ providerId: id, label: `Provider ${id}` })),
        saveKey: (id, key) => {
          saved.push([id, key]);
          held.delete(id);
        },
      },
    });
    if (how === 'resume') {
      // A run interrupted earlier, stored with its definition and nothing done yet.
      held.clear();
      const first = setup({ store });
      await first.controller.start(INPUT);
      held.add('cloud');
      store.units.clear();
      await controller.resume('run-1');
    } else {
      await controller.start(INPUT);
    }
    expect(controller.phase).toBe('needs-key');
    expect(controller.busy).toBe(true);
    expect(controller.keyRequests).toEqual([{ providerId: 'cloud', label: 'Provider cloud' }]);
    expect(builds).toEqual([]);
    expect(gen.requests.length + judge.requests.length).toBe(0);

    await expect(controller.provideKeys({ cloud: 'sk-typed-key' })).resolves.toBe(true);
    expect(saved).toEqual([['cloud', 'sk-typed-key']]);
    expect(controller.status).toBe('completed');
    expect(controller.progress).toMatchObject({ settled: TOTAL, failed: 0 });
  });

  it('asks again while a key is still missing, and can be cancelled without sending', async () => {
    const { controller, gen } = setup({
      deps: {
        missingKeys: async () => [{ providerId: 'cloud', label: 'Cloud' }],
        saveKey: () => undefined,
      },
    });
    await controller.start(INPUT);
    await controller.provideKeys({ cloud: '   ' });
    expect(controller.phase).toBe('needs-key');
    controller.cancel();
    expect(controller.phase).toBe('finished');
    expect(controller.status).toBe('cancelled');
    expect(gen.requests).toHaveLength(0);
  });
});

describe('RunController: provider pauses', () => {
  it.each<[string, string, number]>([
    ['a pause of a provider the run uses is shown while it runs', 'cloud', 1],
    ['a pause of another provider is not', 'elsewhere', 0],
  ])('%s', async (_label, providerId, shown) => {
    const board = new PauseBoard();
    const holder: { controller?: RunController } = {};
    const seen: number[] = [];
    const { controller } = setup({
      script: {
        grade: () => {
          seen.push(holder.controller?.pauses.length ?? -1);
          return 'Score: 4';
        },
      },
      deps: { watchPauses: (listener) => board.subscribe(listener) },
    });
    holder.controller = controller;
    board.start({ providerId, provider: 'P', until: Date.now() + 60_000, reason: 'asked to wait' });
    await controller.start(INPUT);
    expect(new Set(seen)).toEqual(new Set([shown]));
    // Once the run ends the pause is no longer this run's business.
    expect(controller.pauses).toEqual([]);
  });
});

describe('RunController: resuming an analysis of imported responses', () => {
  it('replays the imported models with stand-ins and builds only the judges', async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: 'rc-imported' });
    const seed = planExistingAnalysis('run-imported', {
      name: 'Imported responses',
      items: [
        {
          id: 'p1',
          prompt: 'Name a prime number.',
          responses: [
            { text: '2', model: 'elsewhere-model' },
            { text: '3', model: 'elsewhere-model' },
            { text: '5', model: 'elsewhere-model' },
          ],
        },
      ],
      judges: ['cloud/judge'],
      quality: false,
      accuracy: false,
    });
    await seedExistingRun(db, seed);
    const { controller, builds, gen, judge } = setup({
      deps: { openStore: async () => new PlaygroundRunStore(db) },
    });
    await controller.resume('run-imported');
    expect(controller.error).toBeNull();
    expect(controller.status).toBe('completed');
    expect(builds.map((d) => d.generators)).toEqual([[]]);
    // The prompt had no category: the first judge classified it for the imported model.
    expect(gen.requests).toHaveLength(0);
    expect(judge.callsOf('classify')).toHaveLength(1);
    const stored = await new PlaygroundRunStore(db).load('run-imported');
    expect(stored.responses).toHaveLength(3);
    db.close();
  });
});
