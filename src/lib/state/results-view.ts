// View models of the Results area, as pure functions of what a run stored: the route, the runs
// list, imported responses, the strategies compared and the cross-model comparison. The table
// (core/results-table.ts), labels (core/result-labels.ts) and prompt view (prompt-view.ts) live
// in their own modules and are re-exported here for the components that import them from here.

import { mean, type JudgeCallCount } from '../core/aggregate';
import { formatNumber, shortModel } from '../core/result-labels';
import type { ResultRow } from '../core/results-table';
import type { SamplingStrategy } from '../core/prompts';
import type { CategoryId } from '../core/taxonomy';
import { orderStrategies } from '../core/views/points';
import type { CrossModelPool } from '../pipeline/cross-model';
import {
  comparedStrategy,
  isImportedEngine,
  type ExperimentDefinition,
} from '../pipeline/experiment';
import type { Run, RunSpecRecord } from '../storage/schema';
import { runDefinition } from './run-data';

export * from '../core/result-labels';
export * from '../core/results-table';
export * from './prompt-view';
export { runDefinition } from './run-data';

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

/** One run in the runs lists (Experiments and Results). */
export interface RunListItem {
  id: string;
  name: string;
  status: Run['status'];
  createdAt: number;
  finishedAt?: number;
  error?: string;
  prompts: number | null;
  generators: string[];
  judges: string[];
  strategies: number | null;
  k: number | null;
  /** Units settled and planned. */
  done: number;
  total: number;
  failed: number;
  /** Failed units whose engine call failed: Retry failed runs them again. */
  retryable: number;
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
    ...(run.error === undefined ? {} : { error: run.error }),
    prompts: def?.prompts.length ?? null,
    generators: def?.generators ?? [],
    judges: def?.judges ?? [],
    strategies: def?.strategies.length ?? null,
    k: def?.k ?? null,
    done: run.progress.done,
    total: run.progress.total,
    failed: run.progress.failed,
    retryable: run.stats?.retryable ?? 0,
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
// Strategies compared
// ---------------------------------------------------------------------------------------------

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
