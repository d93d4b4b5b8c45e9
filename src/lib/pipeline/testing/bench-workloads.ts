// Benchmark workloads of the pipeline (run by `npm run bench` in Node on fake-indexeddb): runner
// overhead per response, IndexedDB commit rate, and judge calls saved by pair skipping.

import type { CategoryId } from '../../core/taxonomy';
import { CATEGORY_IDS } from '../../core/taxonomy';
import type { ChatEngine, ChatRequest, ChatResult } from '../../engines/types';
import type { PlaygroundDB } from '../../storage/db';
import { sampleUnit } from '../../storage/testing/records';
import { parseExperiment, type ExperimentDefinition, type ExperimentInput } from '../experiment';
import { ExperimentRunner } from '../runner';
import { PlaygroundRunStore } from '../store';
import {
  ScriptedEmbeddingEngine,
  ScriptedEngine,
  judgedPair,
  requestPrompt,
} from './scripted-engine';
import { pipelineScript } from './scripts';

/** Wraps an engine to add up the time spent synchronously inside its `chat` (its CPU time). */
class TimedEngine implements ChatEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location: ChatEngine['location'];
  readonly capabilities: ChatEngine['capabilities'];
  engineMs = 0;
  readonly #inner: ChatEngine;

  constructor(inner: ChatEngine) {
    this.#inner = inner;
    this.id = inner.id;
    this.providerId = inner.providerId;
    this.model = inner.model;
    this.location = inner.location;
    this.capabilities = inner.capabilities;
  }

  chat(request: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    try {
      return this.#inner.chat(request);
    } finally {
      this.engineMs += performance.now() - started;
    }
  }
}

function definition(input: ExperimentInput): ExperimentDefinition {
  const parsed = parseExperiment(input);
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return parsed.value;
}

/** Result of {@link measurePipelineOverhead}. */
export interface OverheadResult {
  responses: number;
  units: number;
  wallMs: number;
  engineMs: number;
  /** (wall - engine) / responses. */
  overheadPerResponseMs: number;
}

/**
 * Runs a whole experiment (classify, all five strategies, judge, general metrics with a scripted
 * embedding engine, checklist quality) against zero-latency scripted engines, storing everything
 * through PlaygroundRunStore on `db`. The engines' own CPU time is measured and subtracted; what
 * remains is the pipeline: planning, scheduling, prompt building, parsing, metrics, progress and
 * IndexedDB writes, divided by the number of responses generated.
 * @param promptsPerCategory Prompts per category A-H.
 */
export async function measurePipelineOverhead(
  db: PlaygroundDB,
  promptsPerCategory: number,
  runId = 'bench-overhead',
): Promise<OverheadResult> {
  const prompts = CATEGORY_IDS.flatMap((c: CategoryId) =>
    Array.from({ length: promptsPerCategory }, (_, i) => ({
      id: `${c}${i}`,
      text: `Benchmark prompt ${i} of category ${c}`,
      category: c,
    })),
  );
  const gen = new TimedEngine(
    new ScriptedEngine(pipelineScript({ classify: (p) => p.slice(-1) }), {
      id: 'bench/gen',
      capabilities: { maxConcurrency: 8 },
    }),
  );
  const judge = new TimedEngine(
    new ScriptedEngine(pipelineScript(), {
      id: 'bench/judge',
      capabilities: { maxConcurrency: 8 },
    }),
  );
  const embed = new ScriptedEmbeddingEngine(
    (t) => [t.length % 7, 1, t.charCodeAt(0) % 5],
    'bench/embed',
  );
  const def = definition({
    prompts,
    generators: ['bench/gen'],
    judges: ['bench/judge'],
    embedding: 'bench/embed',
    seed: 1,
  });
  const store = new PlaygroundRunStore(db);
  const started = performance.now();
  const outcome = await new ExperimentRunner({
    store,
    runId,
    definition: def,
    engines: [gen, judge],
    embeddingEngines: [embed],
    progressSaveIntervalMs: 250,
  }).start();
  const wallMs = performance.now() - started;
  if (outcome.status !== 'completed' || outcome.progress.failed > 0) {
    throw new Error(
      `benchmark run did not complete cleanly: ${outcome.status} ${outcome.error ?? ''}`,
    );
  }
  const responses = prompts.length * def.strategies.length * def.k;
  const engineMs = gen.engineMs + judge.engineMs;
  return {
    responses,
    units: outcome.progress.total,
    wallMs,
    engineMs,
    overheadPerResponseMs: (wallMs - engineMs) / responses,
  };
}

/** Result of {@link measureIdbWrites}. */
export interface WriteRateResult {
  writes: number;
  ms: number;
  perSecond: number;
}

/**
 * Commits `count` units one after another, each awaited until durable: one transaction holding a
 * unit record and its response record, as the runner writes a settled sample. This is the
 * slowest pattern; concurrent units share transactions and go faster.
 */
export async function measureIdbWrites(db: PlaygroundDB, count: number): Promise<WriteRateResult> {
  const store = new PlaygroundRunStore(db);
  const text = 'A benchmark response of typical length. '.repeat(20);
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    await store.commit({
      unit: sampleUnit(`w:${i}`, 'bench-writes'),
      responses: [
        {
          id: `w:r:${i}`,
          runId: 'bench-writes',
          promptId: 'p',
          strategy: 'temperature',
          model: 'bench/gen',
          index: i,
          text,
          params: { temperature: 1, topP: 0.9, maxTokens: 1024 },
          latencyMs: 0,
          createdAt: 1,
        },
      ],
    });
  }
  const ms = performance.now() - started;
  return { writes: count, ms, perSecond: (count / ms) * 1000 };
}

/** One NoveltyBench partitions row: the generations of one prompt and their class labels. */
export interface PartitionRow {
  id: string;
  prompt: string;
  generations: string[];
  partition: number[];
}

/** Result of {@link measureJudgeCallsRatio}. */
export interface JudgeRatioResult {
  groups: number;
  judgeCalls: number;
  judgeCallsEveryPair: number;
  ratio: number;
  /** Mean number of classes found per group (equals the data's mean distinct count). */
  meanClasses: number;
}

/**
 * Runs the pipeline's temperature-sampling and judge stages over real NoveltyBench generations:
 * a scripted generator returns generation i for sample i, and a scripted judge answers
 * "equivalent" exactly when two generations share a partition label. One run per model (labels
 * are per model); the ratio is judge calls with pair skipping over judge calls for every pair.
 * @param models Partition rows per model; every row must have the same number of generations.
 */
export async function measureJudgeCallsRatio(
  db: PlaygroundDB,
  models: ReadonlyMap<string, readonly PartitionRow[]>,
): Promise<JudgeRatioResult> {
  let judgeCalls = 0;
  let judgeCallsEveryPair = 0;
  let groups = 0;
  let classes = 0;
  for (const [model, rows] of models) {
    const k = rows[0]?.generations.length ?? 0;
    const byPrompt = new Map(rows.map((r) => [r.prompt, r]));
    const labels = new Map(
      rows.map((r) => [r.prompt, new Map(r.generations.map((g, i) => [g, r.partition[i]]))]),
    );
    const gen = new ScriptedEngine(
      (req) => byPrompt.get(requestPrompt(req))?.generations[req.seed ?? 0] ?? '',
      { id: 'bench/gen', capabilities: { maxConcurrency: 8 } },
    );
    const judge = new ScriptedEngine(
      (req) => {
        const { a, b } = judgedPair(req);
        const l = labels.get(requestPrompt(req));
        return l?.get(a) === l?.get(b) ? 'Verdict: EQUIVALENT' : 'Verdict: DIFFERENT';
      },
      { id: 'bench/judge', capabilities: { maxConcurrency: 8 } },
    );
    const def = definition({
      prompts: rows.map((r) => ({ id: r.id, text: r.prompt, category: 'B' })),
      generators: ['bench/gen'],
      judges: ['bench/judge'],
      strategies: ['temperature'],
      k,
      seed: 0,
      classify: false,
      quality: false,
      accuracy: false,
    });
    const store = new PlaygroundRunStore(db);
    const outcome = await new ExperimentRunner({
      store,
      runId: `bench-ratio-${model}`,
      definition: def,
      engines: [gen, judge],
      cache: null,
    }).start();
    if (outcome.status !== 'completed' || outcome.progress.failed > 0) {
      throw new Error(`judge-ratio run for ${model} did not complete cleanly`);
    }
    judgeCalls += outcome.progress.judgeCalls;
    judgeCallsEveryPair += outcome.progress.judgeCallsEveryPair;
    const loaded = await store.load(`bench-ratio-${model}`);
    for (const m of loaded.metrics) {
      if (m.kind !== 'functional') continue;
      groups += 1;
      classes += m.classCount;
    }
  }
  return {
    groups,
    judgeCalls,
    judgeCallsEveryPair,
    ratio: judgeCallsEveryPair === 0 ? 0 : judgeCalls / judgeCallsEveryPair,
    meanClasses: groups === 0 ? 0 : classes / groups,
  };
}
