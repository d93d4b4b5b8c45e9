// The chart views' state on a run made by the real pipeline (fake-indexeddb): what is built from
// the stored records, the toggles and their effect on chart data, the response map cache and the
// probe measurement job.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAFETY_PROBES } from '../core/library';
import type { EmbeddedItem, Projection } from '../core/views';
import { PlaygroundRunStore, type PersistedRun } from '../pipeline/store';
import { MemoryRunStore } from '../pipeline/testing/memory-store';
import { openDatabase, writeRunRecords, type PlaygroundDB } from '../storage/db';
import {
  EMBEDDER,
  JUDGE,
  K,
  VIEW_PROMPTS,
  createViewsRun,
  seedEngines,
} from '../components/views/testing/seed';
import { RunResults } from './results-run.svelte';
import { ResponseMapState, inlineProjector } from './views-map.svelte';
import { ProbeJob } from './views-probes.svelte';
import { RunViewsState, buildViewsData, probeGroups, type ViewsData } from './views-run.svelte';

let dbCount = 0;

async function freshDb(): Promise<PlaygroundDB> {
  dbCount += 1;
  return openDatabase({ factory: new IDBFactory(), name: `views-state-${dbCount}` });
}

let db: PlaygroundDB;
let run: PersistedRun;
let data: ViewsData;

beforeAll(async () => {
  db = await freshDb();
  const store = new PlaygroundRunStore(db);
  const { runId } = await createViewsRun({ store, db });
  run = await store.load(runId);
  data = buildViewsData(runId, run);
}, 60_000);

describe('buildViewsData', () => {
  it('builds one point per group, prompts with probe kinds, responses and classes', () => {
    const groups = VIEW_PROMPTS.length * 2 * 5;
    expect(data.points).toHaveLength(groups);
    expect(data.name).toBe('Views seed run');
    expect(data.strategies).toEqual([
      'temperature',
      'system-general',
      'system-task-anchored',
      'icr-general',
      'icr-task-anchored',
    ]);
    expect(data.models).toEqual(['fake/alpha', 'fake/beta']);
    expect(data.judges).toEqual([JUDGE]);
    expect(data.embeddingModel).toBe(EMBEDDER);
    expect(data.probePrompts).toEqual({ safety: 3, societal: 2 });
    expect(data.prompts.get('pA')).toEqual({
      id: 'pA',
      text: VIEW_PROMPTS[0]!.text,
      category: 'A',
      probe: null,
    });
    for (const p of data.points) {
      const responses = data.responses.get(p.id)!;
      expect(responses.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
      expect(data.classes.get(p.id)?.map((c) => c.judge)).toEqual([JUDGE]);
      expect(p.k).toBe(K);
    }
    const safetyPoint = data.points.find((p) => p.promptId === SAFETY_PROBES[0]!.id)!;
    expect(safetyPoint.contexts).toContain('safety');
  });

  it.each<[string, string | undefined, number, number]>([
    ['newest reading of any judge', undefined, 2 * 2 * 5, 3 * 2 * 5],
    ['readings of the run judge', JUDGE, 2 * 2 * 5, 3 * 2 * 5],
    ['readings of another judge (none)', 'other/judge', 2 * 2 * 5, 3 * 2 * 5],
  ])('probe groups: %s', (_label, judge, societal, safety) => {
    const groups = probeGroups(data, judge);
    expect(groups.societal).toHaveLength(societal);
    expect(groups.safety).toHaveLength(safety);
    const measured = groups.safety.flatMap((g) => g.labels).filter((l) => l !== null).length;
    expect(measured).toBe(judge === 'other/judge' ? 0 : safety * K);
  });
});

describe('RunViewsState', () => {
  it.each<[string, string, 'missing' | 'ready']>([
    ['a stored run', 'views-run', 'ready'],
    ['an unknown run', 'nope', 'missing'],
  ])('loads %s', async (_label, runId, status) => {
    const state = new RunViewsState(() => Promise.resolve(db));
    await state.load(runId);
    expect(state.status).toBe(status);
    expect(state.data === null).toBe(status === 'missing');
  });

  it('reports a database that cannot be opened', async () => {
    const state = new RunViewsState(() => Promise.reject(new Error('blocked')));
    await state.load('views-run');
    expect(state.status).toBe('error');
    expect(state.error).toMatch(/blocked/);
  });

  it.each<[string, string, string, number, boolean]>([
    // strategy, model, expected points, whether mark ids carry the strategy
    ['all', 'all', 'all', VIEW_PROMPTS.length * 10, true],
    ['one strategy', 'temperature', 'all', VIEW_PROMPTS.length * 2, false],
    ['one strategy and model', 'temperature', 'fake/beta', VIEW_PROMPTS.length, false],
    ['one model', 'all', 'fake/alpha', VIEW_PROMPTS.length * 5, true],
  ])('quadrant toggles: %s', async (_label, strategy, model, points, strategyInId) => {
    const state = new RunViewsState(() => Promise.resolve(db));
    await state.load('views-run');
    state.strategy = strategy;
    state.model = model;
    expect(state.quadrantPoints).toHaveLength(points);
    const ids = state.quadrant.marks.map((m) => m.id);
    expect(ids.some((id) => id.includes('|s:'))).toBe(strategyInId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('filters the per-category chart by model and drops selections the run lacks', async () => {
    const state = new RunViewsState(() => Promise.resolve(db));
    await state.load('views-run');
    const pooled = state.categories.cells.reduce((n, c) => n + c.n, 0);
    state.categoryModel = 'fake/alpha';
    expect(state.categories.cells.reduce((n, c) => n + c.n, 0)).toBe(pooled / 2);
    state.strategy = 'no-such-strategy';
    state.model = 'no-such-model';
    state.categoryModel = 'no-such-model';
    await state.load('views-run', true);
    expect([state.strategy, state.model, state.categoryModel]).toEqual(['all', 'all', 'pooled']);
  });
});

describe('one loader per page', () => {
  it("the charts read the Results table's run, and a quiet reload updates both", async () => {
    let opened = 0;
    const open = (): Promise<PlaygroundDB> => {
      opened += 1;
      return Promise.resolve(db);
    };
    const results = new RunResults(open);
    await results.load('views-run');
    const views = new RunViewsState(open, results);
    await views.load('views-run');
    expect(opened).toBe(1);
    expect(views.status).toBe('ready');
    expect(views.data).toBe(results.data);
    // The table and the charts show the same categories: both read the one run model.
    const rows = results.data?.rows ?? [];
    for (const p of views.data?.points ?? []) {
      const row = rows.find((r) => r.promptId === p.promptId && r.model === p.model);
      expect(row?.category ?? null).toBe(p.category);
    }
    await views.load('views-run', true);
    expect(opened).toBe(2);
    expect(views.data).toBe(results.data);
  });
});

describe('ResponseMapState', () => {
  it('projects the stored vectors once per run and serves the cache afterwards', async () => {
    let calls = 0;
    const map = new ResponseMapState(
      async (items: readonly EmbeddedItem[]): Promise<Projection> => {
        calls += 1;
        return inlineProjector(items);
      },
    );
    await map.ensure(data, db);
    expect(map.status).toBe('ready');
    expect(map.result?.points).toHaveLength(run.responses.length);
    expect(map.result?.dims).toBe(12);
    expect(map.result?.missing).toBe(0);
    const first = map.result;
    await map.ensure(data, db);
    expect(map.result).toBe(first);
    expect(calls).toBe(1);
    // Class indices come from the judge's partition of each group.
    const p = map.result!.points.find((x) => x.pointId === data.points[0]!.id)!;
    expect(p.classIndex).not.toBeNull();
  });

  it.each<[string, Partial<ViewsData>, 'empty' | 'error', RegExp]>([
    ['no embedding model', { embeddingModel: null }, 'empty', /no embedding model/],
    [
      'no stored vectors for the model',
      { embeddingModel: 'other/embed' },
      'empty',
      /No stored embeddings/,
    ],
  ])('%s', async (_label, patch, status, message) => {
    const map = new ResponseMapState(inlineProjector);
    await map.ensure({ ...data, ...patch, runId: `${data.runId}-${_label}` }, db);
    expect(map.status).toBe(status);
    expect(map.emptyReason).toMatch(message);
  });

  it('reports a failed projection', async () => {
    const map = new ResponseMapState(() => Promise.reject(new Error('worker died')));
    await map.ensure({ ...data, runId: 'fails' }, db);
    expect(map.status).toBe('error');
    expect(map.error).toMatch(/worker died/);
  });
});

describe('ProbeJob', () => {
  it('measures what the judge has not measured, then says everything is measured', async () => {
    const store = new MemoryRunStore();
    const { runId } = await createViewsRun({ store, measure: false });
    // The job writes through the app database; copy the run there.
    const target = await freshDb();
    const persisted = await store.load(runId);
    await writeRunRecords(target, [
      ['run', persisted.run!],
      ['spec', persisted.spec!],
      ...persisted.responses.map((r) => ['responses', r] as const),
    ]);
    const fresh = buildViewsData(runId, persisted);
    const judge = seedEngines().chat.find((e) => e.id === JUDGE)!;
    const job = new ProbeJob(() => Promise.resolve(judge));
    const pending = job.pending(fresh, JUDGE);
    expect(pending).toBe((3 + 2) * 2 * 5 * K);
    let reloaded = 0;
    await job.measure(fresh, JUDGE, target, async () => {
      reloaded += 1;
    });
    expect(job.state).toMatchObject({ running: false, done: pending, failed: 0, error: null });
    expect(job.state.message).toBe(`Measured ${pending} of ${pending} responses with ${JUDGE}.`);
    expect(reloaded).toBe(1);
    const after = buildViewsData(runId, await new PlaygroundRunStore(target).load(runId));
    expect(job.pending(after, JUDGE)).toBe(0);
    await job.measure(after, JUDGE, target, async () => undefined);
    expect(job.state.message).toMatch(/already measured/);
  });

  it('reports a judge that cannot be built', async () => {
    const job = new ProbeJob(() => Promise.reject(new Error('not configured')));
    const store = new MemoryRunStore();
    const { runId } = await createViewsRun({
      store,
      measure: false,
      prompts: VIEW_PROMPTS.slice(8, 9),
    });
    const fresh = buildViewsData(runId, await store.load(runId));
    await job.measure(fresh, JUDGE, await freshDb(), async () => undefined);
    expect(job.state.running).toBe(false);
    expect(job.state.error).toMatch(/not configured/);
  });
});
