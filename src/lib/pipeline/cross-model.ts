// Cross-model judging (inter-model homogenization): pools the responses several generators gave
// to one prompt and strategy, judges the pool with the run's task-anchored judge, and reads back
// from the stored verdicts whether different models land in the same functional classes.

import {
  modelConvergence,
  pooledClasses,
  type Convergence,
  type OrderVerdict,
  type PooledCall,
  type PooledClasses,
} from '../core/cross-model';
import { resolveCategory } from '../core/run-model';
import type { CategoryId } from '../core/taxonomy';
import { CATEGORY_IDS, isCategoryId } from '../core/taxonomy';
import type { ChatEngine } from '../engines/types';
import { SCHEMA_VERSION } from '../storage/schema';
import type { JudgementRecord, ResponseRecord } from '../storage/schema';
import { EngineCaller, newCounter } from './call';
import { parseExperiment, type ExperimentDefinition } from './experiment';
import { idPart, pairKey, type PairOrder } from './ids';
import { judgeGroup, type PairCall } from './judge';
import type { PersistedRun, RunStore } from './store';
import { judgeParamsOf } from './runner/context';
import { verdictFields } from './runner/judge-unit';

/** One response in a pool. */
export interface PoolMember {
  /** Position in the pool: generators in definition order, then sample index. */
  position: number;
  responseId: string;
  model: string;
  index: number;
  text: string;
}

/** One stored judge call on a pooled pair. */
export interface PoolCall extends PooledCall {
  record: JudgementRecord;
  /** True when the call was made by the pooled judging (not reused from per-model judging). */
  pooled: boolean;
}

/** A prompt's responses to one strategy from every generator, as one judge sees them. */
export interface CrossModelPool {
  /** Id of the pooled judging (prefix of its verdict ids). */
  id: string;
  promptId: string;
  strategy: string;
  judge: string;
  /** Category the pooled judging uses; undefined when none could be determined. */
  category?: CategoryId;
  members: PoolMember[];
  /** Generators with responses in the pool, in definition order. */
  models: string[];
  /** Each generator's own class count by this judge (null when its group was not judged). */
  perModel: Record<string, number | null>;
  calls: PoolCall[];
  result: PooledClasses;
  convergence: Convergence;
  /** Judge calls judging every pooled pair would take. */
  everyPairCalls: number;
  /** Stored calls made by the pooled judging itself. */
  pooledCalls: number;
  /** Stored calls whose verdict failed and which the pooled judging made (retried next time). */
  failedPooledCalls: number;
}

/** Raised before anything is judged when the run cannot be judged across models. */
export class CrossModelSetupError extends Error {
  override name = 'CrossModelSetupError';
}

/** Id of the pooled judging of one prompt and strategy by one judge. */
export function crossModelId(
  runId: string,
  judge: string,
  promptId: string,
  strategy: string,
): string {
  return [runId, 'cross', judge, promptId, strategy].map(idPart).join(':');
}

/** Judgement id of one pooled verdict: the two responses by (model, index) and the order. */
export function crossVerdictId(
  poolId: string,
  a: Pick<PoolMember, 'model' | 'index'>,
  b: Pick<PoolMember, 'model' | 'index'>,
  order: PairOrder,
): string {
  return `${poolId}:${[a.model, a.index, b.model, b.index, order].map(idPart).join(':')}`;
}

function definitionOf(run: PersistedRun): ExperimentDefinition | undefined {
  if (run.spec === undefined) return undefined;
  const parsed = parseExperiment(run.spec.definition);
  return parsed.ok ? parsed.value : undefined;
}

function verdictOf(record: JudgementRecord): OrderVerdict {
  return record.label === 'equivalent' || record.label === 'different' ? record.label : null;
}

/** The most frequent category, ties broken in A..H order. */
function majority(values: readonly (CategoryId | undefined)[]): CategoryId | undefined {
  const counts = new Map<CategoryId, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: CategoryId | undefined;
  for (const c of CATEGORY_IDS) {
    if ((counts.get(c) ?? 0) > (best === undefined ? 0 : (counts.get(best) ?? 0))) best = c;
  }
  return best;
}

/**
 * The category the pooled judging uses: the user's override, else the known category, else the
 * one the per-model judging of this prompt used most (the generators may have classified the
 * prompt differently), else the most common classification.
 */
function poolCategory(
  run: PersistedRun,
  def: ExperimentDefinition,
  promptId: string,
  judge: string,
): CategoryId | undefined {
  const prompt = def.prompts.find((p) => p.id === promptId);
  const used = run.metrics
    .filter((m) => m.kind === 'functional' && m.promptId === promptId && m.judgeModel === judge)
    .map((m) => (m.kind === 'functional' && isCategoryId(m.category) ? m.category : undefined));
  // The pool's "classification" is what its judges' groups were judged as, by majority.
  return resolveCategory({
    override: prompt?.categoryOverride,
    known: prompt?.category,
    predicted:
      majority(used) ??
      majority(
        run.classifications.filter((c) => c.promptId === promptId).map((c) => c.judgeCategory),
      ),
  });
}

/**
 * The pools of a stored run with their classes read back from the stored verdicts: for every
 * judge, prompt and strategy where at least two generators produced responses. Per-model verdicts
 * of the same judge count too: they are the same question about the same two texts.
 * @param run Everything stored for the run.
 * @returns Pools in definition order (prompt, strategy, judge); empty with fewer than two
 *   generators, no judge or no stored definition.
 */
export function crossModelPools(run: PersistedRun): CrossModelPool[] {
  const def = definitionOf(run);
  if (def === undefined || def.generators.length < 2 || def.judges.length === 0) return [];
  const runId = run.spec?.runId ?? run.run?.id ?? '';
  const orders: 1 | 2 = def.bothOrders ? 2 : 1;
  const groups = new Map<string, ResponseRecord[]>();
  for (const r of run.responses) {
    const key = JSON.stringify([r.promptId, r.strategy, r.model]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const classCounts = new Map<string, number>();
  for (const m of run.metrics) {
    if (m.kind !== 'functional') continue;
    classCounts.set(JSON.stringify([m.promptId, m.strategy, m.model, m.judgeModel]), m.classCount);
  }
  const judgementsByPrompt = new Map<string, JudgementRecord[]>();
  for (const j of run.judgements) {
    if (j.kind !== 'diversity' || j.responseIds.length !== 2) continue;
    const key = JSON.stringify([j.promptId, j.judgeModel]);
    judgementsByPrompt.set(key, [...(judgementsByPrompt.get(key) ?? []), j]);
  }

  const pools: CrossModelPool[] = [];
  for (const prompt of def.prompts) {
    for (const strategy of def.strategies) {
      const members: PoolMember[] = [];
      const models: string[] = [];
      for (const model of def.generators) {
        const responses = [...(groups.get(JSON.stringify([prompt.id, strategy, model])) ?? [])];
        if (responses.length === 0) continue;
        models.push(model);
        responses.sort((a, b) => a.index - b.index);
        for (const r of responses) {
          members.push({
            position: members.length,
            responseId: r.id,
            model,
            index: r.index,
            text: r.text,
          });
        }
      }
      if (models.length < 2) continue;
      const position = new Map(members.map((m) => [m.responseId, m.position]));
      for (const judge of def.judges) {
        const id = crossModelId(runId, judge, prompt.id, strategy);
        const calls: PoolCall[] = [];
        for (const record of judgementsByPrompt.get(JSON.stringify([prompt.id, judge])) ?? []) {
          const p = position.get(record.responseIds[0] ?? '');
          const q = position.get(record.responseIds[1] ?? '');
          if (p === undefined || q === undefined || p === q) continue;
          calls.push({
            i: Math.min(p, q),
            j: Math.max(p, q),
            order: p < q ? 'ab' : 'ba',
            verdict: verdictOf(record),
            record,
            pooled: record.id.startsWith(`${id}:`),
          });
        }
        // Per-model verdicts first: when a pair was asked twice the run's own answer wins.
        calls.sort((a, b) => Number(a.pooled) - Number(b.pooled));
        const perModel: Record<string, number | null> = {};
        for (const model of models) {
          perModel[model] =
            classCounts.get(JSON.stringify([prompt.id, strategy, model, judge])) ?? null;
        }
        const result = pooledClasses(members.length, calls, orders);
        const category = poolCategory(run, def, prompt.id, judge);
        const n = members.length;
        pools.push({
          id,
          promptId: prompt.id,
          strategy,
          judge,
          ...(category === undefined ? {} : { category }),
          members,
          models,
          perModel,
          calls,
          result,
          convergence: modelConvergence({
            models: members.map((m) => m.model),
            classes: result.classes,
            perModel,
          }),
          everyPairCalls: ((n * (n - 1)) / 2) * orders,
          pooledCalls: calls.filter((c) => c.pooled).length,
          failedPooledCalls: calls.filter((c) => c.pooled && c.verdict === null).length,
        });
      }
    }
  }
  return pools;
}

/**
 * The verdicts a pooled judging starts from, answering "equivalent" for any pair already
 * connected through stored or newly learnt equivalent verdicts. The core's pair skipping only
 * knows verdicts of earlier pairs in its fixed order; in a pool, the per-model verdicts of later
 * pairs (e.g. model B's own pairs) are already known, and a pair they connect cannot change the
 * classes, so asking it would be a wasted call. These inferred answers are never stored: the
 * classes are read back from stored verdicts, where such pairs sit inside one class.
 */
class ConnectedPairs extends Map<string, PairCall> {
  readonly #parent: number[];
  readonly #orders: 1 | 2;
  readonly #equivalentOrders = new Map<string, number>();

  constructor(n: number, stored: ReadonlyMap<string, PairCall>, orders: 1 | 2) {
    super(stored);
    this.#parent = Array.from({ length: n }, (_, i) => i);
    this.#orders = orders;
    for (const call of stored.values()) this.learn(call);
  }

  #find(x: number): number {
    let root = x;
    while (this.#parent[root] !== root) root = this.#parent[root] as number;
    return root;
  }

  /** Takes in one answered call; a pair joins once every order said "equivalent". */
  learn(call: Pick<PairCall, 'a' | 'b' | 'verdict'>): void {
    if (call.verdict !== 'equivalent') return;
    const key = `${call.a}-${call.b}`;
    const count = (this.#equivalentOrders.get(key) ?? 0) + 1;
    this.#equivalentOrders.set(key, count);
    if (count < this.#orders) return;
    const ra = this.#find(call.a);
    const rb = this.#find(call.b);
    if (ra !== rb) this.#parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  override get(key: string): PairCall | undefined {
    const found = super.get(key);
    if (found !== undefined) return found;
    const [a, b, order] = key.split('-');
    const i = Number(a);
    const j = Number(b);
    if (!Number.isInteger(i) || !Number.isInteger(j) || this.#find(i) !== this.#find(j)) {
      return undefined;
    }
    return {
      a: i,
      b: j,
      order: order === 'ba' ? 'ba' : 'ab',
      verdict: 'equivalent',
      raw: '',
      reasks: 0,
    };
  }
}

/** Progress of {@link judgeAcrossModels}. */
export interface CrossModelProgress {
  /** Pools that need judging, and how many of them are finished. */
  pools: number;
  donePools: number;
  /** Judge calls made so far by this judging. */
  calls: number;
}

/** Options of {@link judgeAcrossModels}. */
export interface JudgeAcrossModelsOptions {
  store: Pick<RunStore, 'load' | 'putJudgement'>;
  runId: string;
  /** Chat engines by id; every judge of the run must be among them. */
  engines: readonly ChatEngine[];
  /** Calls at once per engine id; default: the engine's maxConcurrency, 1 for local engines. */
  concurrency?: Readonly<Record<string, number>>;
  signal?: AbortSignal;
  onProgress?: (progress: CrossModelProgress) => void;
  now?: () => number;
}

/** How a cross-model judging ended. */
export interface CrossModelOutcome {
  status: 'completed' | 'cancelled';
  /** Pools judged now (already complete pools are not counted). */
  pools: number;
  /** Judge calls made now. */
  calls: number;
  /** Pools that could not be judged, with the reason. */
  problems: { poolId: string; reason: string }[];
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Judges every unfinished pool of a stored run across its generator models, with the run's own
 * settings: its judges, task-anchored judge prompt, pair skipping or every pair, both orders.
 * Per-model verdicts already stored for a pair are reused rather than asked again, and every new
 * verdict is written the moment it arrives, so a cancelled or interrupted judging resumes where
 * it stopped. Calls that failed last time are asked again. The run's records are left untouched.
 * @throws CrossModelSetupError when the run has no stored definition, fewer than two generators,
 *   no judge, or a judge engine is not among `engines`.
 */
export async function judgeAcrossModels(
  options: JudgeAcrossModelsOptions,
): Promise<CrossModelOutcome> {
  const { store, runId } = options;
  const run = await store.load(runId);
  const def = definitionOf(run);
  if (def === undefined) {
    throw new CrossModelSetupError(`Run ${runId} has no stored experiment definition.`);
  }
  if (def.generators.length < 2) {
    throw new CrossModelSetupError(
      'Judging across models needs a run with two or more generators.',
    );
  }
  if (def.judges.length === 0) {
    throw new CrossModelSetupError('This run has no judge model to compare responses with.');
  }
  const missing = def.judges.filter((j) => !options.engines.some((e) => e.id === j));
  if (missing.length > 0) {
    throw new CrossModelSetupError(
      `These judge engines are not available: ${missing.join(', ')}. Configure them on the ` +
        'Settings page and try again.',
    );
  }
  const controller = new AbortController();
  const external = options.signal;
  if (external?.aborted) controller.abort(external.reason);
  else external?.addEventListener('abort', () => controller.abort(external.reason), { once: true });
  const signal = controller.signal;
  const now = options.now ?? (() => Date.now());
  const callers = new Map<string, EngineCaller>();
  for (const judge of def.judges) {
    const engine = options.engines.find((e) => e.id === judge) as ChatEngine;
    const concurrency =
      options.concurrency?.[judge] ??
      (engine.location === 'local' ? 1 : engine.capabilities.maxConcurrency);
    callers.set(judge, new EngineCaller(engine, { concurrency, signal }));
  }

  const problems: CrossModelOutcome['problems'] = [];
  const todo: CrossModelPool[] = [];
  for (const pool of crossModelPools(run)) {
    if (pool.result.complete && pool.failedPooledCalls === 0) continue;
    if (pool.category === undefined) {
      problems.push({ poolId: pool.id, reason: 'no task category for this prompt' });
      continue;
    }
    todo.push(pool);
  }
  const prompts = new Map(def.prompts.map((p) => [p.id, p]));
  const counter = newCounter();
  let donePools = 0;
  let calls = 0;
  const report = (): void => options.onProgress?.({ pools: todo.length, donePools, calls });
  report();

  const judgePool = async (pool: CrossModelPool): Promise<void> => {
    const stored = new Map<string, PairCall>();
    for (const c of pool.calls) {
      if (c.pooled && c.verdict === null) continue;
      const key = pairKey(c.i, c.j, c.order);
      if (stored.has(key)) continue;
      stored.set(key, {
        a: c.i,
        b: c.j,
        order: c.order,
        verdict: c.verdict,
        raw: c.record.raw ?? '',
        ...(c.record.error === undefined ? {} : { error: c.record.error }),
        reasks: 0,
      });
    }
    const previous = def.judgeEveryPair
      ? stored
      : new ConnectedPairs(pool.members.length, stored, def.bothOrders ? 2 : 1);
    const caller = callers.get(pool.judge) as EngineCaller;
    await judgeGroup(caller.bind(counter), {
      prompt: prompts.get(pool.promptId)?.text ?? '',
      category: pool.category as CategoryId,
      responses: pool.members.map((m) => ({ index: m.position, text: m.text })),
      everyPair: def.judgeEveryPair,
      bothOrders: def.bothOrders,
      params: judgeParamsOf(def),
      previous,
      signal,
      onCall: async (c) => {
        const a = pool.members[c.a] as PoolMember;
        const b = pool.members[c.b] as PoolMember;
        const ids = [a.responseId, b.responseId];
        const record: JudgementRecord = {
          id: crossVerdictId(pool.id, a, b, c.order),
          runId,
          promptId: pool.promptId,
          kind: 'diversity',
          judgeModel: pool.judge,
          responseIds: c.order === 'ab' ? ids : [...ids].reverse(),
          ...verdictFields(c),
          createdAt: now(),
          schemaVersion: SCHEMA_VERSION,
        };
        await store.putJudgement(record);
        if (previous instanceof ConnectedPairs) previous.learn(c);
        calls += 1;
        report();
      },
    });
  };

  await Promise.all(
    todo.map(async (pool) => {
      try {
        await judgePool(pool);
        donePools += 1;
        report();
      } catch (err) {
        if (signal.aborted) return;
        problems.push({ poolId: pool.id, reason: message(err) });
      }
    }),
  );
  return {
    status: signal.aborted ? 'cancelled' : 'completed',
    pools: donePools,
    calls,
    problems,
  };
}
