// View models of the Results area, as pure functions of what a run stored: the runs list, the
// table rows with filters and sorting, a prompt's response groups with classes, verdicts and
// graph edges, the cross-model comparison and the route. No runes: the state classes call these.

import { mean, meanAcrossJudges, type JudgeCallCount } from '../core/aggregate';
import { SAMPLING_STRATEGIES, type SamplingStrategy } from '../core/prompts';
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import { importedStrategyLabel, orderStrategies } from '../core/views/points';
import type { CrossModelPool } from '../pipeline/cross-model';
import {
  comparedStrategy,
  isImportedEngine,
  type ExperimentDefinition,
} from '../pipeline/experiment';
import { judgeUnitId, verdictId } from '../pipeline/ids';
import type { GroupSummary } from '../pipeline/results';
import type { RunModel } from '../core/run-model';
import type { PersistedRun } from '../pipeline/store';
import type {
  FunctionalMetricRecord,
  JudgementRecord,
  ResponseRecord,
  Run,
  RunSpecRecord,
} from '../storage/schema';
import { runDefinition } from './run-data';

export { runDefinition } from './run-data';

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/** Shown for a value that does not exist (not measured, not applicable). */
export const MISSING = '–';

/** A number with at most `digits` decimals and no trailing zeros; MISSING for null. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return String(Number(value.toFixed(digits)));
}

/** A 0-1 share as a whole percentage; MISSING for null. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return `${Math.round(value * 100)}%`;
}

/** Class count over responses, "3/5" (a mean across judges keeps its decimals: "2.5/5"). */
export function formatClasses(classes: number | null, responses: number): string {
  return classes === null ? MISSING : `${formatNumber(classes)}/${responses}`;
}

/**
 * Display label of a strategy id as groups are compared (GroupSummary.comparedAs): the sampling
 * strategy's name, "Imported (source)" for imported responses, else the id itself.
 */
export function strategyLabel(id: string): string {
  return Object.prototype.hasOwnProperty.call(SAMPLING_STRATEGIES, id)
    ? SAMPLING_STRATEGIES[id as SamplingStrategy].label
    : (importedStrategyLabel(id) ?? id);
}

const SHORT_STRATEGY: Readonly<Record<SamplingStrategy, string>> = {
  temperature: 'Temperature',
  'system-general': 'System (general)',
  'system-task-anchored': 'System (anchored)',
  'icr-general': 'Regen. (general)',
  'icr-task-anchored': 'Regen. (anchored)',
};

/** Compact label of a sampling strategy for narrow table columns (full label as its title). */
export function strategyShortLabel(id: string): string {
  return Object.prototype.hasOwnProperty.call(SHORT_STRATEGY, id)
    ? SHORT_STRATEGY[id as SamplingStrategy]
    : (importedStrategyLabel(id) ?? id);
}

/** The model part of an engine id (`openai/gpt-4o` -> `gpt-4o`), for compact labels. */
export function shortModel(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(slash + 1);
}

// ---------------------------------------------------------------------------------------------
// Route
// ---------------------------------------------------------------------------------------------

/** Which Results view the location shows. */
export interface ResultsRoute {
  runId?: string;
  promptId?: string;
}

/** Reads `#/results?run=<id>&prompt=<id>`; anything else is the runs list. */
export function parseResultsHash(hash: string): ResultsRoute {
  const query = hash.indexOf('?');
  if (query < 0) return {};
  const params = new URLSearchParams(hash.slice(query + 1));
  const runId = params.get('run') ?? '';
  const promptId = params.get('prompt') ?? '';
  if (runId === '') return {};
  return promptId === '' ? { runId } : { runId, promptId };
}

/** The hash of a Results view (inverse of {@link parseResultsHash}). */
export function resultsHash(route: ResultsRoute): string {
  if (route.runId === undefined) return '#/results';
  const params = new URLSearchParams({ run: route.runId });
  if (route.promptId !== undefined) params.set('prompt', route.promptId);
  return `#/results?${params.toString()}`;
}

// ---------------------------------------------------------------------------------------------
// Runs list
// ---------------------------------------------------------------------------------------------

/** One run in the runs list. */
export interface RunListItem {
  id: string;
  name: string;
  status: Run['status'];
  createdAt: number;
  finishedAt?: number;
  prompts: number | null;
  generators: string[];
  judges: string[];
  strategies: number | null;
  k: number | null;
  /** Units settled and planned. */
  done: number;
  total: number;
  failed: number;
  /** Judge calls of the run (null before any were counted). */
  judgeCalls: JudgeCallCount | null;
}

/** Imported responses of a run: where they came from and the strategy assigned to them. */
export interface ImportedInfo {
  source: string;
  /** The sampling strategy the user says produced them; null while unknown. */
  strategy: SamplingStrategy | null;
}

/** What the run's imported responses are, or null when it has none. */
export function importedInfo(def: ExperimentDefinition | undefined): ImportedInfo | null {
  if (def === undefined || !def.generators.some(isImportedEngine)) return null;
  return { source: def.imported?.source ?? def.name, strategy: def.imported?.strategy ?? null };
}

/** A runs-list entry from a run record and its stored definition. */
export function runListItem(run: Run, spec?: RunSpecRecord): RunListItem {
  const def = runDefinition(spec);
  return {
    id: run.id,
    name: def?.name ?? run.experimentId,
    status: run.status,
    createdAt: run.createdAt,
    ...(run.finishedAt === undefined ? {} : { finishedAt: run.finishedAt }),
    prompts: def?.prompts.length ?? null,
    generators: def?.generators ?? [],
    judges: def?.judges ?? [],
    strategies: def?.strategies.length ?? null,
    k: def?.k ?? null,
    done: run.progress.done,
    total: run.progress.total,
    failed: run.progress.failed,
    judgeCalls:
      run.stats === undefined
        ? null
        : {
            calls: run.stats.judgeCalls,
            everyPairCalls: run.stats.judgeCallsEveryPair,
            sentCalls: run.stats.judgeCallsSent ?? null,
            cachedCalls: run.stats.judgeCallsCached ?? null,
          },
  };
}

// ---------------------------------------------------------------------------------------------
// Results table
// ---------------------------------------------------------------------------------------------

/** One row of the results table: one prompt's responses from one model with one strategy. */
export interface ResultRow {
  key: string;
  promptId: string;
  promptText: string;
  model: string;
  /** Strategy key of the stored records. */
  strategy: string;
  /** Strategy shown, filtered, sorted and compared by (imported: `imported:<source>`). */
  comparedAs: string;
  /** The prompt's dataset category. */
  known?: CategoryId;
  /** This model's classification of the prompt. */
  predicted?: CategoryId;
  /** The category the run used (judge's category, else override, known or predicted). */
  category?: CategoryId;
  responses: number;
  /** Mean class count across judges. */
  classes: number | null;
  /** Each judge's class count, e.g. "judge-a: 3, judge-b: 2". */
  judgeDetail: string;
  failedPairs: number;
  vocabulary: number | null;
  embedding: number | null;
  compression: number | null;
  quality: number | null;
  accuracy: number | null;
  correct: number;
  graded: number;
}

/**
 * The table rows of a run, one per summarized group, in the summary's order.
 * @param model The run model (core/run-model.ts): its groups with their categories.
 */
export function buildRows(model: Pick<RunModel<GroupSummary>, 'groups'>): ResultRow[] {
  return model.groups.map(({ summary: g, key, promptText, known, predicted, category }) => ({
    key,
    promptId: g.promptId,
    promptText,
    model: g.model,
    strategy: g.strategy,
    comparedAs: g.comparedAs,
    ...(known === undefined ? {} : { known }),
    ...(predicted === undefined ? {} : { predicted }),
    ...(category === undefined ? {} : { category }),
    responses: g.responses,
    classes: g.meanClassCount,
    judgeDetail: g.classCounts
      .map(
        (c) =>
          `${c.judge}: ${c.classCount}${c.failedPairs > 0 ? ` (${c.failedPairs} failed)` : ''}`,
      )
      .join(', '),
    failedPairs: g.classCounts.reduce((s, c) => s + c.failedPairs, 0),
    vocabulary: g.general?.vocabulary ?? null,
    embedding: g.general?.embedding ?? null,
    compression: g.general?.compression ?? null,
    quality: g.quality,
    accuracy: g.accuracy?.rate ?? null,
    correct: g.accuracy?.correct ?? 0,
    graded: g.accuracy?.graded ?? 0,
  }));
}

/** The table's filters; 'all' lets every value through. */
export interface RowFilters {
  category: CategoryId | 'all';
  strategy: string;
  model: string;
}

/** No filtering. */
export const NO_FILTERS: RowFilters = { category: 'all', strategy: 'all', model: 'all' };

/** Rows passing every filter. */
export function filterRows(rows: readonly ResultRow[], filters: RowFilters): ResultRow[] {
  return rows.filter(
    (r) =>
      (filters.category === 'all' || r.category === filters.category) &&
      (filters.strategy === 'all' || r.comparedAs === filters.strategy) &&
      (filters.model === 'all' || r.model === filters.model),
  );
}

/** Columns the table sorts by. */
export type SortKey =
  | 'prompt'
  | 'model'
  | 'strategy'
  | 'category'
  | 'classes'
  | 'vocabulary'
  | 'embedding'
  | 'compression'
  | 'quality'
  | 'accuracy';

/** Sort direction. */
export type SortDirection = 'asc' | 'desc';

function sortValue(row: ResultRow, key: SortKey): string | number | null {
  switch (key) {
    case 'prompt':
      return row.promptText;
    case 'model':
      return row.model;
    case 'strategy':
      return row.comparedAs;
    case 'category':
      return row.category ?? null;
    default:
      return row[key];
  }
}

/**
 * Rows sorted by one column; missing values always go last, ties keep the summary's order
 * (prompt, model, strategy), so the order is stable whatever was sorted before.
 */
export function sortRows(
  rows: readonly ResultRow[],
  key: SortKey,
  direction: SortDirection,
): ResultRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, position) => ({ row, position, value: sortValue(row, key) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value === b.value) return a.position - b.position;
        return a.value === null ? 1 : -1;
      }
      const c =
        typeof a.value === 'number' && typeof b.value === 'number'
          ? a.value - b.value
          : String(a.value).localeCompare(String(b.value));
      return c === 0 ? a.position - b.position : sign * c;
    })
    .map((x) => x.row);
}

/**
 * The strategies a run's rows are compared under, in the paper's order then the rest: the
 * definition's strategies for generated models (also before their rows exist) and every
 * `comparedAs` of the rows (imported responses under their own label).
 */
export function comparedStrategies(
  rows: readonly Pick<ResultRow, 'comparedAs'>[],
  def: ExperimentDefinition | undefined,
): string[] {
  const generated = def?.generators.some((g) => !isImportedEngine(g)) ?? false;
  return orderStrategies([
    ...(generated ? (def?.strategies ?? []) : []),
    ...rows.map((r) => r.comparedAs),
  ]);
}

/** Mean class count per category (rows) and strategy (columns), as in the paper's Figure 2. */
export interface StrategyPivot {
  categories: CategoryId[];
  strategies: string[];
  /** `cells[c][s]`: mean class count, null when no judged row. */
  cells: (number | null)[][];
}

/** Averages the rows' class counts per category and strategy (categories in A..H order). */
export function strategyPivot(
  rows: readonly ResultRow[],
  strategies: readonly string[],
): StrategyPivot {
  const categories = CATEGORY_IDS.filter((c) => rows.some((r) => r.category === c));
  return {
    categories,
    strategies: [...strategies],
    cells: categories.map((c) =>
      strategies.map((s) =>
        mean(
          rows
            .filter((r) => r.category === c && r.comparedAs === s && r.classes !== null)
            .map((r) => r.classes as number),
        ),
      ),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Prompt view
// ---------------------------------------------------------------------------------------------

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

/** One response card. */
export interface ResponseCard {
  /** Position in the group (node index of the graph). */
  position: number;
  responseId: string;
  model: string;
  index: number;
  /** "#1", or "gpt-4o #1" in a pooled group. */
  label: string;
  text: string;
  error?: string;
  parseIssue?: string;
  finishReason?: string;
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

/** One order of one pair as the judge answered it. */
export interface OrderAnswer {
  order: 'ab' | 'ba';
  /** 'equivalent' | 'different'; undefined when the answer failed. */
  label?: string;
  error?: string;
  raw?: string;
}

/** One pair of the group with its verdict. */
export interface PairRow {
  i: number;
  j: number;
  a: string;
  b: string;
  /** 'judged': asked; 'inferred': skipped, already in one class; 'open': not yet judged. */
  source: 'judged' | 'inferred' | 'open';
  equivalent: boolean;
  failed: boolean;
  orders: OrderAnswer[];
}

/** An edge of the equivalence graph. */
export interface GraphEdge {
  i: number;
  j: number;
  source: 'judged' | 'inferred';
}

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

// ---------------------------------------------------------------------------------------------
// Cross-model comparison
// ---------------------------------------------------------------------------------------------

/** One row of the cross-model table. */
export interface CrossModelRow {
  poolId: string;
  promptId: string;
  promptText: string;
  strategy: string;
  judge: string;
  category?: CategoryId;
  responses: number;
  /** "gen-a: 3, gen-b: 2". */
  perModelDetail: string;
  sumPerModel: number | null;
  pooled: number | null;
  shared: number | null;
  convergence: number | null;
  complete: boolean;
  calls: number;
  pooledCalls: number;
  everyPairCalls: number;
}

/** Rows of the cross-model table; pooled figures are null until the pool is fully judged. */
export function crossModelRows(
  pools: readonly CrossModelPool[],
  def: ExperimentDefinition | undefined,
): CrossModelRow[] {
  const texts = new Map((def?.prompts ?? []).map((p) => [p.id, p.text]));
  return pools.map((p) => {
    const done = p.result.complete;
    return {
      poolId: p.id,
      promptId: p.promptId,
      promptText: texts.get(p.promptId) ?? p.promptId,
      // The strategy shown and compared under (the pool's models share it: imported or not).
      strategy: comparedStrategy(def, p.models[0] ?? '', p.strategy),
      judge: p.judge,
      ...(p.category === undefined ? {} : { category: p.category }),
      responses: p.members.length,
      perModelDetail: p.models
        .map((m) => `${shortModel(m)}: ${formatNumber(p.perModel[m] ?? null)}`)
        .join(', '),
      sumPerModel: p.convergence.sumPerModel,
      pooled: done ? p.convergence.pooled : null,
      shared: done ? p.convergence.shared : null,
      convergence: done ? p.convergence.convergence : null,
      complete: done,
      calls: p.result.calls,
      pooledCalls: p.pooledCalls,
      everyPairCalls: p.everyPairCalls,
    };
  });
}

/** Cross-model figures averaged per strategy over fully judged pools. */
export interface CrossModelStrategy {
  strategy: string;
  pools: number;
  judged: number;
  sumPerModel: number | null;
  pooled: number | null;
  convergence: number | null;
}

/** Means per strategy of the cross-model rows (pools not fully judged left out). */
export function crossModelByStrategy(
  rows: readonly CrossModelRow[],
  strategies: readonly string[],
): CrossModelStrategy[] {
  return strategies
    .map((strategy) => {
      const all = rows.filter((r) => r.strategy === strategy);
      const judged = all.filter((r) => r.complete);
      const pick = (f: (r: CrossModelRow) => number | null): number | null =>
        mean(judged.map(f).filter((v): v is number => v !== null));
      return {
        strategy,
        pools: all.length,
        judged: judged.length,
        sumPerModel: pick((r) => r.sumPerModel),
        pooled: pick((r) => r.pooled),
        convergence: pick((r) => r.convergence),
      };
    })
    .filter((s) => s.pools > 0);
}
