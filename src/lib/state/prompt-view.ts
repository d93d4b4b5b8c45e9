// The prompt view of a stored run, as pure functions of its records: the groups of one prompt
// (per model and judge, or pooled across models), its response cards, classes, verdicts per pair
// and the equivalence graph's edges.

import { meanAcrossJudges, type JudgeCallCount } from '../core/aggregate';
import type { SamplingStrategy } from '../core/prompts';
import { shortModel, strategyLabel } from '../core/result-labels';
import type { CategoryId } from '../core/taxonomy';
import type { CrossModelPool } from '../pipeline/cross-model';
import { comparedStrategy, type ExperimentDefinition } from '../pipeline/experiment';
import { judgeUnitId, verdictId } from '../pipeline/ids';
import type { PersistedRun } from '../pipeline/store';
import type {
  FunctionalMetricRecord,
  JudgementRecord,
  PairVerdict,
  ResponseRecord,
} from '../storage/schema';

/** A set of responses the prompt view can show: one model's group, or a cross-model pool. */
export interface GroupOption {
  id: string;
  kind: 'model' | 'pooled';
  strategy: string;
  /** The generator (model groups only). */
  model?: string;
  /** The judge whose classes are shown; undefined when the run has no judge. */
  judge?: string;
  label: string;
}

/**
 * The groups of one prompt: per strategy, each generator's responses per judge, then the pooled
 * responses of all generators (when judged across models).
 */
export function groupOptions(
  run: PersistedRun,
  def: ExperimentDefinition | undefined,
  promptId: string,
  pools: readonly CrossModelPool[],
): GroupOption[] {
  const responses = run.responses.filter((r) => r.promptId === promptId);
  const strategies = def?.strategies ?? [...new Set(responses.map((r) => r.strategy))];
  const models = def?.generators ?? [...new Set(responses.map((r) => r.model))];
  const judges: (string | undefined)[] = def?.judges.length ? def.judges : [undefined];
  const manyModels = models.length > 1;
  const manyJudges = judges.length > 1;
  const options: GroupOption[] = [];
  for (const strategy of strategies) {
    for (const model of models) {
      if (!responses.some((r) => r.model === model && r.strategy === strategy)) continue;
      for (const judge of judges) {
        const parts = [strategyLabel(comparedStrategy(def, model, strategy))];
        if (manyModels) parts.push(model);
        if (manyJudges && judge !== undefined) parts.push(`judge ${judge}`);
        options.push({
          id: JSON.stringify(['model', strategy, model, judge ?? null]),
          kind: 'model',
          strategy,
          model,
          ...(judge === undefined ? {} : { judge }),
          label: parts.join(' · '),
        });
      }
    }
    for (const pool of pools) {
      if (pool.promptId !== promptId || pool.strategy !== strategy) continue;
      if (pool.pooledCalls === 0) continue;
      const pooledAs = new Set(pool.models.map((m) => comparedStrategy(def, m, strategy)));
      const parts = [[...pooledAs].map(strategyLabel).join(' + '), 'all models pooled'];
      if (manyJudges) parts.push(`judge ${pool.judge}`);
      options.push({
        id: JSON.stringify(['pooled', strategy, null, pool.judge]),
        kind: 'pooled',
        strategy,
        judge: pool.judge,
        label: parts.join(' · '),
      });
    }
  }
  return options;
}

/** A response as the prompt view shows it (the one view type of a stored response). */
export interface ResponseCard extends Pick<
  ResponseRecord,
  'model' | 'index' | 'text' | 'error' | 'parseIssue' | 'finishReason'
> {
  /** Position in the group (node index of the graph). */
  position: number;
  /** The stored record's id. */
  responseId: string;
  /** "#1", or "gpt-4o #1" in a pooled group. */
  label: string;
  /** Mean 1-5 grade across the judges that graded it. */
  quality: number | null;
  /** Whether it got the gold answer (null: unknown, undefined: not checked). */
  correct?: boolean | null;
}

/** One functional class with its responses. */
export interface ClassGroup {
  /** 0-based class number, also its colour. */
  index: number;
  cards: ResponseCard[];
  /** Generators represented (pooled groups). */
  models: string[];
}

/** One order of one pair as the judge answered it ('equivalent' | 'different'; no label: failed). */
export type OrderAnswer = { order: 'ab' | 'ba' } & Pick<JudgementRecord, 'label' | 'error' | 'raw'>;

/**
 * One pair of the group with its verdict: the stored verdict's pair, where 'open' is a pair not
 * yet judged, with the answers of each order.
 */
export type PairRow = Pick<PairVerdict, 'i' | 'j' | 'equivalent'> & {
  /** Labels of the two responses. */
  a: string;
  b: string;
  /** 'judged': asked; 'inferred': skipped, already in one class; 'open': not yet judged. */
  source: PairVerdict['source'] | 'open';
  failed: boolean;
  orders: OrderAnswer[];
};

/** An edge of the equivalence graph: a stored verdict's pair and how it was decided. */
export type GraphEdge = Pick<PairVerdict, 'i' | 'j' | 'source'>;

/** Everything the prompt view shows for one group. */
export interface GroupView {
  option: GroupOption;
  category?: CategoryId;
  cards: ResponseCard[];
  /** Null when the group was not judged (no classes to show). */
  classes: ClassGroup[] | null;
  /** Class index of each card position (0 for all when not judged). */
  classOf: number[];
  edges: GraphEdge[];
  pairs: PairRow[];
  /** The group's judge calls: asked, every pair, sent and cached (null when not counted). */
  judgeCalls: JudgeCallCount;
  failedPairs: number;
  complete: boolean;
}

function answerOf(record: JudgementRecord | undefined, order: 'ab' | 'ba'): OrderAnswer[] {
  if (record === undefined) return [];
  return [
    {
      order,
      ...(record.label === undefined ? {} : { label: record.label }),
      ...(record.error === undefined ? {} : { error: record.error }),
      ...(record.raw === undefined ? {} : { raw: record.raw }),
    },
  ];
}

function responseCard(
  r: ResponseRecord,
  position: number,
  label: string,
  run: PersistedRun,
): ResponseCard {
  const grades = run.judgements
    .filter((j) => j.kind === 'quality' && j.responseIds[0] === r.id && j.score !== undefined)
    .map((j) => ({ judge: j.judgeModel, value: j.score as number }));
  const accuracy = run.metrics.find((m) => m.kind === 'accuracy' && m.responseId === r.id);
  return {
    position,
    responseId: r.id,
    model: r.model,
    index: r.index,
    label,
    text: r.text,
    ...(r.error === undefined ? {} : { error: r.error }),
    ...(r.parseIssue === undefined ? {} : { parseIssue: r.parseIssue }),
    ...(r.finishReason === undefined ? {} : { finishReason: r.finishReason }),
    quality: meanAcrossJudges(grades),
    ...(accuracy?.kind === 'accuracy' ? { correct: accuracy.correct } : {}),
  };
}

function classGroups(
  cards: readonly ResponseCard[],
  classes: readonly (readonly number[])[],
): ClassGroup[] {
  return classes.map((members, index) => {
    const list = members.map((m) => cards[m]).filter((c): c is ResponseCard => c !== undefined);
    return {
      index,
      cards: list,
      models: [...new Set(list.map((c) => c.model))].sort((a, b) => a.localeCompare(b)),
    };
  });
}

function classIndex(n: number, classes: readonly (readonly number[])[]): number[] {
  const out = Array.from({ length: n }, () => 0);
  classes.forEach((members, c) => members.forEach((m) => (out[m] = c)));
  return out;
}

function modelGroupView(run: PersistedRun, option: GroupOption, promptId: string): GroupView {
  const model = option.model ?? '';
  const runId = run.spec?.runId ?? run.run?.id ?? '';
  const responses = run.responses
    .filter((r) => r.promptId === promptId && r.model === model && r.strategy === option.strategy)
    .sort((a, b) => a.index - b.index);
  const metric = run.metrics.find(
    (m): m is FunctionalMetricRecord =>
      m.kind === 'functional' &&
      m.promptId === promptId &&
      m.model === model &&
      m.strategy === option.strategy &&
      m.judgeModel === option.judge,
  );
  const byId = new Map(responses.map((r) => [r.id, r]));
  const ordered: ResponseRecord[] = [];
  for (const id of metric?.responseIds ?? []) {
    const r = byId.get(id);
    if (r !== undefined) ordered.push(r);
  }
  for (const r of responses) if (!ordered.includes(r)) ordered.push(r);
  const cards = ordered.map((r, position) => responseCard(r, position, `#${r.index + 1}`, run));
  if (metric === undefined || metric.responseIds.length !== ordered.length) {
    return {
      option,
      cards,
      classes: null,
      classOf: cards.map(() => 0),
      edges: [],
      pairs: [],
      judgeCalls: { calls: 0, everyPairCalls: 0, sentCalls: 0, cachedCalls: 0 },
      failedPairs: 0,
      complete: false,
    };
  }
  const judgements = new Map(run.judgements.map((j) => [j.id, j]));
  const unit = judgeUnitId(
    runId,
    option.judge ?? '',
    model,
    promptId,
    option.strategy as SamplingStrategy,
  );
  const pairs: PairRow[] = metric.verdicts.map((v) => {
    const a = cards[v.i] as ResponseCard;
    const b = cards[v.j] as ResponseCard;
    const orders = (['ab', 'ba'] as const).flatMap((order) =>
      answerOf(judgements.get(verdictId(unit, a.index, b.index, order)), order),
    );
    return {
      i: v.i,
      j: v.j,
      a: a.label,
      b: b.label,
      source: v.source,
      equivalent: v.equivalent,
      failed: v.failed === true,
      orders,
    };
  });
  return {
    option,
    category: metric.category,
    cards,
    classes: classGroups(cards, metric.classes),
    classOf: classIndex(cards.length, metric.classes),
    edges: metric.verdicts
      .filter((v) => v.equivalent)
      .map((v) => ({ i: v.i, j: v.j, source: v.source })),
    pairs,
    judgeCalls: {
      calls: metric.calls,
      everyPairCalls: metric.everyPairCalls,
      sentCalls: metric.sentCalls ?? null,
      cachedCalls: metric.cachedCalls ?? null,
    },
    failedPairs: metric.failedPairs,
    complete: true,
  };
}

function pooledGroupView(run: PersistedRun, option: GroupOption, pool: CrossModelPool): GroupView {
  const byId = new Map(run.responses.map((r) => [r.id, r]));
  const cards = pool.members.map((m) => {
    const r = byId.get(m.responseId) as ResponseRecord;
    return responseCard(r, m.position, `${shortModel(m.model)} #${m.index + 1}`, run);
  });
  const inferred = new Set(
    pool.result.edges.filter((e) => e.source === 'inferred').map((e) => `${e.i}-${e.j}`),
  );
  const byPair = new Map<string, typeof pool.calls>();
  for (const c of pool.calls)
    byPair.set(`${c.i}-${c.j}`, [...(byPair.get(`${c.i}-${c.j}`) ?? []), c]);
  const judgedEdges = new Set(
    pool.result.edges.filter((e) => e.source === 'judged').map((e) => `${e.i}-${e.j}`),
  );
  const orders =
    pool.everyPairCalls > 0 && pool.members.length > 1
      ? pool.everyPairCalls / ((pool.members.length * (pool.members.length - 1)) / 2)
      : 1;
  const pairs: PairRow[] = [];
  for (let i = 0; i < cards.length; i += 1) {
    for (let j = i + 1; j < cards.length; j += 1) {
      const key = `${i}-${j}`;
      const calls = byPair.get(key) ?? [];
      const answers = (['ab', 'ba'] as const).flatMap((order) =>
        answerOf(calls.find((c) => c.order === order)?.record, order),
      );
      const judged = answers.length >= orders;
      pairs.push({
        i,
        j,
        a: (cards[i] as ResponseCard).label,
        b: (cards[j] as ResponseCard).label,
        source: judged ? 'judged' : inferred.has(key) ? 'inferred' : 'open',
        equivalent: judgedEdges.has(key) || inferred.has(key),
        failed: judged && answers.some((a) => a.label === undefined),
        orders: answers,
      });
    }
  }
  return {
    option,
    ...(pool.category === undefined ? {} : { category: pool.category }),
    cards,
    classes: classGroups(cards, pool.result.classes),
    classOf: classIndex(cards.length, pool.result.classes),
    edges: pool.result.edges.map((e) => ({ i: e.i, j: e.j, source: e.source })),
    pairs,
    // Pooled judging does not count requests sent and cached answers apart.
    judgeCalls: {
      calls: pool.result.calls,
      everyPairCalls: pool.everyPairCalls,
      sentCalls: null,
      cachedCalls: null,
    },
    failedPairs: pool.result.failedPairs,
    complete: pool.result.complete,
  };
}

/** The prompt view of one group option. */
export function groupView(
  run: PersistedRun,
  promptId: string,
  option: GroupOption,
  pools: readonly CrossModelPool[],
): GroupView | null {
  if (option.kind === 'model') return modelGroupView(run, option, promptId);
  const pool = pools.find(
    (p) => p.promptId === promptId && p.strategy === option.strategy && p.judge === option.judge,
  );
  return pool === undefined ? null : pooledGroupView(run, option, pool);
}
