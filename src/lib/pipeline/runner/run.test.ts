// Runner tests: a whole experiment with exact numbers, concurrency per engine, native n,
// embeddings, accuracy and progress.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { meanAcrossJudges } from '../../core/aggregate';
import type { CategoryId } from '../../core/taxonomy';
import { planRun } from '../plan';
import type { UnitDoneEvent } from '../runner';
import { PlaygroundRunStore } from '../store';
import { MemoryRunStore } from '../testing/memory-store';
import {
  ScriptedEmbeddingEngine,
  ScriptedEngine,
  requestKind,
  requestPrompt,
} from '../testing/scripted-engine';
import { labelOf, pipelineScript } from '../testing/scripts';
import {
  EIGHT,
  classifyByText,
  definition,
  engines,
  functional,
  openDb,
  runner,
  closeOpenedDbs,
} from '../testing/runner-fixtures';

afterEach(closeOpenedDbs);

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
