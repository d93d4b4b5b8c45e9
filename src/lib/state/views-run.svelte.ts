// One stored run as the MMHS chart views see it: result points, prompts, responses and classes
// per group, the selected tab and toggles, and the chart data derived from them on demand.
import {
  categoryDiversity,
  correlationView,
  quadrantView,
  safetyView,
  societalView,
  tradeoffView,
  type CategoryDiversityView,
  type CorrelationView,
  type GeneralMetric,
  type MapColour,
  type QuadrantView,
  type ResultPoint,
  type SafetyView,
  type SocietalView,
  type TradeoffView,
  type VariationMetric,
} from '../core/views';
import { PERSON_ATTRIBUTES, AGE_BANDS } from '../core/probe-prompts';
import type { PersistedRun } from '../pipeline/store';
import type { PlaygroundDB } from '../storage/db';
import { probeGroups, runData, type RunData } from './run-data';
import { RunLoader, type RunSource } from './run-loader.svelte';

export { probeGroups, promptContexts, type GroupClasses, type ViewPrompt } from './run-data';

/** The chart views, in tab order. */
export const VIEW_TABS = [
  { id: 'quadrant', label: 'Quadrant map' },
  { id: 'categories', label: 'Per-category diversity' },
  { id: 'tradeoff', label: 'Diversity vs quality' },
  { id: 'correlation', label: 'Metrics vs classes' },
  { id: 'map', label: 'Response map' },
  { id: 'probes', label: 'Probes' },
] as const;

/** Id of one chart view. */
export type ViewTab = (typeof VIEW_TABS)[number]['id'];

/** A loaded run as the chart views see it (the page's one run model). */
export type ViewsData = RunData;

/**
 * Builds the views' data from a stored run.
 * @param runId The run.
 * @param persisted Its records.
 * @returns Points, prompts, responses and classes per group, and the run's dimensions.
 */
export function buildViewsData(runId: string, persisted: PersistedRun): ViewsData {
  return runData(runId, persisted);
}

/**
 * The chart views' state of one run: the toggles, and the chart data derived on demand from the
 * page's one loaded run (or from a run it loads itself when shown on its own).
 */
export class RunViewsState {
  tab = $state<ViewTab>('quadrant');
  /** Quadrant map metric. */
  metric = $state<VariationMetric>('functional');
  /** Quadrant map: the strategy shown (one animates between strategies) or all of them. */
  strategy = $state<string>('all');
  /** Quadrant map: the model shown, or all. */
  model = $state<string>('all');
  /** Per-category chart: one model, or all pooled. */
  categoryModel = $state<string>('pooled');
  /** Trade-off panel a's metric. */
  generalMetric = $state<GeneralMetric>('vocabulary');
  /** Response map colouring. */
  mapColour = $state<MapColour>('strategy');
  /** Probe view: readings of one judge, or the newest of any ('any'). */
  probeJudge = $state<string>('any');
  /** The point whose prompt and responses are open. */
  selected = $state<string | null>(null);

  readonly #source: RunSource<ViewsData>;
  readonly #shared: boolean;

  /**
   * @param open opens the app database (the page's shared connection)
   * @param source the page's loader of the run, when the page already reads it (the Results page)
   */
  constructor(open: () => Promise<PlaygroundDB>, source?: RunSource<ViewsData>) {
    this.#shared = source !== undefined;
    this.#source = source ?? new RunLoader(open, runData);
    this.#source.onLoad((data) => this.#fit(data));
  }

  /** Loading state of the run. */
  get status(): RunSource<ViewsData>['status'] {
    return this.#source.status;
  }

  /** Why the run could not be read. */
  get error(): string | null {
    return this.#source.error;
  }

  /** The loaded run. */
  get data(): ViewsData | null {
    return this.#source.data;
  }

  /** Opens the app database. */
  database(): Promise<PlaygroundDB> {
    return this.#source.database();
  }

  /**
   * Loads a run (a later call wins over an earlier one still loading). The page's run is read once:
   * when it already holds this run, only a quiet reload (after measuring probes) reads it again.
   */
  async load(runId: string, quiet = false): Promise<void> {
    const held = this.#source.data?.runId === runId;
    if (!quiet && !held) this.selected = null;
    if (this.#shared && !quiet && held) {
      this.#fit(this.#source.data as ViewsData);
      return;
    }
    await this.#source.load(runId, quiet);
  }

  /** Drops selections the run lacks. */
  #fit(data: ViewsData): void {
    if (this.strategy !== 'all' && !data.strategies.includes(this.strategy)) this.strategy = 'all';
    if (this.model !== 'all' && !data.models.includes(this.model)) this.model = 'all';
    if (this.categoryModel !== 'pooled' && !data.models.includes(this.categoryModel)) {
      this.categoryModel = 'pooled';
    }
  }

  /** Points shown on the quadrant map. */
  readonly quadrantPoints = $derived.by((): ResultPoint[] => {
    const points = this.data?.points ?? [];
    return points.filter(
      (p) =>
        (this.strategy === 'all' || p.strategy === this.strategy) &&
        (this.model === 'all' || p.model === this.model),
    );
  });

  /** Quadrant map data; mark ids leave out the dimension shown one at a time, so it animates. */
  readonly quadrant = $derived.by((): QuadrantView => {
    const idBy: ('model' | 'strategy')[] = [];
    if (this.model === 'all') idBy.push('model');
    if (this.strategy === 'all') idBy.push('strategy');
    return quadrantView(this.quadrantPoints, { metric: this.metric, idBy });
  });

  /** Figure 2 data, pooled over models or for one model. */
  readonly categories = $derived.by((): CategoryDiversityView => {
    const points = this.data?.points ?? [];
    const shown =
      this.categoryModel === 'pooled'
        ? points
        : points.filter((p) => p.model === this.categoryModel);
    return categoryDiversity(shown, { byModel: false });
  });

  /** Figure 3 data. */
  readonly tradeoff = $derived.by((): TradeoffView =>
    tradeoffView(this.data?.points ?? [], { generalMetric: this.generalMetric }),
  );

  /** General metrics vs functional classes. */
  readonly correlation = $derived.by((): CorrelationView =>
    correlationView(this.data?.points ?? []),
  );

  /** Societal probe data (null without societal probe prompts). */
  /** The probe groups with the readings shown (read once for both probe charts). */
  readonly probes = $derived.by(() => {
    const data = this.data;
    if (data === null || data.probePrompts.societal + data.probePrompts.safety === 0) return null;
    return probeGroups(data, this.probeJudge === 'any' ? undefined : this.probeJudge);
  });

  readonly societal = $derived.by((): SocietalView | null => {
    const data = this.data;
    const groups = this.probes;
    if (data === null || groups === null || data.probePrompts.societal === 0) return null;
    return societalView(groups.societal, {
      attributes: PERSON_ATTRIBUTES,
      valueSpace: { age: AGE_BANDS.length },
    });
  });

  /** Safety probe data (null without safety probe prompts). */
  readonly safety = $derived.by((): SafetyView | null => {
    const data = this.data;
    const groups = this.probes;
    if (data === null || groups === null || data.probePrompts.safety === 0) return null;
    return safetyView(groups.safety);
  });

  /** Opens a point's prompt and responses (null closes). */
  select(pointId: string | null): void {
    this.selected = pointId;
  }
}
