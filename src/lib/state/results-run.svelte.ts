// One stored run as the Results area shows it: summary, table rows with filters and sorting,
// classifier confusion per model, cross-model pools, and the "Judge across models" action. The
// page reads the run once (RunLoader); the chart views beside the table share that reading.
import { confusionByModel, type ConfusionMatrix } from '../core/confusion';
import type { ChatEngine } from '../engines/types';
import {
  CrossModelSetupError,
  crossModelPools,
  judgeAcrossModels,
  type CrossModelPool,
} from '../pipeline/cross-model';
import type { ExperimentDefinition } from '../pipeline/experiment';
import type { RunSummary } from '../pipeline/results';
import { PlaygroundRunStore, type PersistedRun } from '../pipeline/store';
import type { SamplingStrategy } from '../core/prompts';
import type { PlaygroundDB } from '../storage/db';
import type { JsonValue } from '../storage/schema';
import {
  NO_FILTERS,
  buildRows,
  crossModelRows,
  filterRows,
  sortRows,
  type CrossModelRow,
  type ResultRow,
  type RowFilters,
  type SortDirection,
  type SortKey,
} from './results-view';
import { runData, type RunData } from './run-data';
import { RunLoader } from './run-loader.svelte';

/** A loaded run and everything derived from it once: the run model, table rows and pools. */
export interface LoadedRun extends RunData {
  rows: ResultRow[];
  pools: CrossModelPool[];
  crossRows: CrossModelRow[];
  confusion: { model: string; matrix: ConfusionMatrix }[];
}

/**
 * A stored run in the shape the Results area shows.
 * @param runId The run.
 * @param persisted Its records.
 * @param summary Its summary when already computed (summarizeRun).
 */
export function loadedRun(runId: string, persisted: PersistedRun, summary?: RunSummary): LoadedRun {
  const data = runData(runId, persisted, summary);
  const pools = crossModelPools(persisted);
  return {
    ...data,
    rows: buildRows(data),
    pools,
    crossRows: crossModelRows(pools, data.def),
    confusion: confusionByModel(persisted.classifications),
  };
}

/** Builds the chat engines (judges) of the given ids; the caller disposes them. */
export type EngineResolver = (ids: readonly string[]) => Promise<ChatEngine[]>;

/** State of the "Judge across models" action. */
export interface CrossJob {
  running: boolean;
  pools: number;
  donePools: number;
  calls: number;
  /** What happened last (shown after the action ends). */
  message: string | null;
  error: string | null;
}

const IDLE_JOB: CrossJob = {
  running: false,
  pools: 0,
  donePools: 0,
  calls: 0,
  message: null,
  error: null,
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Builds judge engines from the providers configured in Settings (loaded on first use, so the
 * Results area does not pull the engine registry in before it is needed).
 */
export const settingsEngineResolver: EngineResolver = async (ids) => {
  const [{ getSettingsServices }, { createChatEngine }, { parseEngineId }] = await Promise.all([
    import('./settings-services'),
    import('../engines/registry'),
    import('../engines/providers'),
  ]);
  const services = getSettingsServices();
  await services.load();
  const engines: ChatEngine[] = [];
  for (const id of ids) {
    const parsed = parseEngineId(id);
    const config = parsed === null ? undefined : services.providers.find(parsed.providerId);
    if (parsed === null || config === undefined) {
      throw new Error(`The judge ${id} is not configured in this browser: add it in Settings.`);
    }
    engines.push(await createChatEngine(config, parsed.model, services.engineDeps()));
  }
  return engines;
};

/** Loads one run from the app database and holds the Results views' state for it. */
export class RunResults extends RunLoader<LoadedRun> {
  filters = $state<RowFilters>({ ...NO_FILTERS });
  sortKey = $state<SortKey>('prompt');
  sortDirection = $state<SortDirection>('asc');
  cross = $state<CrossJob>({ ...IDLE_JOB });
  /** Whether a strategy assignment is being saved, and why the last one failed. */
  assigning = $state(false);
  assignError = $state<string | null>(null);

  /** Rows after filters and sorting. */
  readonly rows = $derived.by(() =>
    this.data === null
      ? []
      : sortRows(filterRows(this.data.rows, this.filters), this.sortKey, this.sortDirection),
  );

  readonly #open: () => Promise<PlaygroundDB>;
  readonly #resolve: EngineResolver;
  #crossController: AbortController | null = null;

  /**
   * @param open opens the app database
   * @param resolve builds judge engines for "Judge across models"
   */
  constructor(open: () => Promise<PlaygroundDB>, resolve: EngineResolver = settingsEngineResolver) {
    super(open, (runId, persisted) => loadedRun(runId, persisted));
    this.#open = open;
    this.#resolve = resolve;
  }

  protected override runChanged(): void {
    this.filters = { ...NO_FILTERS };
    this.cross = { ...IDLE_JOB };
  }

  /**
   * Says which sampling strategy produced the run's imported responses (null: unknown again). It
   * is stored with the run's definition, so the results, views and exports compare them under it.
   */
  async assignImportedStrategy(strategy: SamplingStrategy | null): Promise<void> {
    const data = this.data;
    const spec = data?.persisted.spec;
    if (data === null || spec === undefined || data.def === undefined || this.assigning) return;
    this.assigning = true;
    this.assignError = null;
    try {
      const source = data.def.imported?.source ?? data.def.name;
      const definition: ExperimentDefinition = {
        ...data.def,
        imported: { source, ...(strategy === null ? {} : { strategy }) },
      };
      const db = await this.#open();
      await new PlaygroundRunStore(db).saveSpec({
        ...spec,
        definition: definition as unknown as JsonValue,
      });
      await this.load(data.runId, true);
    } catch (err) {
      this.assignError = `The strategy could not be saved: ${message(err)}. Try again.`;
    } finally {
      this.assigning = false;
    }
  }

  /** Changes one filter. */
  setFilter<K extends keyof RowFilters>(name: K, value: RowFilters[K]): void {
    this.filters = { ...this.filters, [name]: value };
  }

  /** Clears every filter. */
  clearFilters(): void {
    this.filters = { ...NO_FILTERS };
  }

  /** Sorts by a column; the same column again flips the direction. */
  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
    else {
      this.sortKey = key;
      this.sortDirection = 'asc';
    }
  }

  /** Whether the loaded run can be judged across models (two or more generators, a judge). */
  get canJudgeAcrossModels(): boolean {
    const def = this.data?.def;
    return def !== undefined && def.generators.length > 1 && def.judges.length > 0;
  }

  /**
   * Judges the run's pooled responses across models with its judges, writing each verdict to
   * the database as it arrives, then reloads the run. Resumable: run it again after a cancel.
   */
  async judgeAcrossModels(): Promise<void> {
    const data = this.data;
    if (data === null || data.def === undefined || this.cross.running) return;
    const controller = new AbortController();
    this.#crossController = controller;
    this.cross = { ...IDLE_JOB, running: true, message: 'Preparing the judge…' };
    let engines: ChatEngine[] = [];
    let ended: Pick<CrossJob, 'message' | 'error'>;
    try {
      engines = await this.#resolve(data.def.judges);
      const db = await this.#open();
      const outcome = await judgeAcrossModels({
        store: new PlaygroundRunStore(db),
        runId: data.runId,
        engines,
        signal: controller.signal,
        onProgress: (p) => {
          this.cross = {
            ...this.cross,
            pools: p.pools,
            donePools: p.donePools,
            calls: p.calls,
            message: `Judging ${p.donePools}/${p.pools} pools · ${p.calls} judge calls`,
          };
        },
      });
      const problems = outcome.problems.length;
      ended = {
        message:
          outcome.status === 'cancelled'
            ? `Cancelled after ${outcome.calls} judge calls; judging again continues where it stopped.`
            : `Judged ${outcome.pools} pools with ${outcome.calls} new judge calls.` +
              (problems > 0 ? ` ${problems} pools could not be judged.` : ''),
        error: problems > 0 ? (outcome.problems[0]?.reason ?? null) : null,
      };
    } catch (err) {
      ended = {
        message: null,
        error:
          err instanceof CrossModelSetupError
            ? err.message
            : `Judging across models failed: ${message(err)}`,
      };
    } finally {
      this.#crossController = null;
      await Promise.all(engines.map((e) => e.dispose?.().catch(() => undefined)));
    }
    // Reload first, so that the message never shows beside the old figures.
    await this.load(data.runId, true);
    this.cross = { ...this.cross, ...ended, running: false };
  }

  /** Stops "Judge across models"; verdicts already stored stay. */
  cancelCrossModel(): void {
    this.#crossController?.abort();
  }
}
