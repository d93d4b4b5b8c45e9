// One stored run as the MMHS chart views see it: result points, prompts, responses and classes
// per group, the selected tab and toggles, and the chart data derived from them on demand.
/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps here index an immutable snapshot
   of a stored run (held in $state.raw and replaced whole) or are local temporaries. */
import { ALL_LIBRARY_PROMPTS } from '../core/library';
import { activeContexts, type NormativeContext } from '../core/mmhs';
import { isCategoryId, type CategoryId } from '../core/taxonomy';
import {
  categoryDiversity,
  correlationView,
  orderModels,
  orderStrategies,
  pointId,
  pointsFromSummary,
  quadrantView,
  safetyView,
  societalView,
  tradeoffView,
  type CategoryDiversityView,
  type CorrelationView,
  type GeneralMetric,
  type QuadrantView,
  type ResultPoint,
  type SafetyGroupInput,
  type SafetyView,
  type SocietalGroupInput,
  type SocietalView,
  type TradeoffView,
  type VariationMetric,
} from '../core/views';
import { PERSON_ATTRIBUTES, AGE_BANDS } from '../core/probe-prompts';
import { parseExperiment, type ExperimentDefinition } from '../pipeline/experiment';
import { probeKindOf, probeReadings, type ProbeKind } from '../pipeline/probes';
import { summarizeRun, type RunSummary } from '../pipeline/results';
import { PlaygroundRunStore, type PersistedRun } from '../pipeline/store';
import type { PlaygroundDB } from '../storage/db';
import type { FunctionalMetricRecord, ResponseRecord } from '../storage/schema';

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

/** A prompt of the run. */
export interface ViewPrompt {
  id: string;
  text: string;
  /** Category the run used (known, override or classified), when there is one. */
  category: CategoryId | null;
  probe: ProbeKind | null;
}

/** One judge's functional classes of a group. */
export interface GroupClasses {
  judge: string;
  /** Classes as lists of 0-based indices into `responseIds`. */
  classes: number[][];
  responseIds: string[];
}

/** A loaded run and everything derived from it once. */
export interface ViewsData {
  runId: string;
  name: string;
  persisted: PersistedRun;
  def?: ExperimentDefinition;
  summary: RunSummary;
  points: ResultPoint[];
  pointById: Map<string, ResultPoint>;
  prompts: Map<string, ViewPrompt>;
  /** Point id -> its responses in sample order. */
  responses: Map<string, ResponseRecord[]>;
  /**
   * The id of the point a prompt x model x shown strategy belongs to (imported responses are
   * shown under `imported:<source>` while their records keep their stored key).
   */
  pointIdOf: (promptId: string, model: string, strategy: string) => string;
  /** Point id -> classes per judge. */
  classes: Map<string, GroupClasses[]>;
  strategies: string[];
  models: string[];
  /** The run's judges (probe measurement offers them). */
  judges: string[];
  /** The embedding engine whose stored vectors the response map projects; null without one. */
  embeddingModel: string | null;
  /** Number of prompts of each probe set in the run. */
  probePrompts: Record<ProbeKind, number>;
}

const LIBRARY = new Map(ALL_LIBRARY_PROMPTS.map((p) => [p.id, p]));

/**
 * Active contexts of a prompt: the built-in library's own list when the prompt is a library prompt
 * (probes activate their probe's context), else the category's unconditional contexts.
 */
export function promptContexts(
  prompt: { id: string; text: string } | undefined,
  category: CategoryId,
): readonly NormativeContext[] {
  const lib = prompt === undefined ? undefined : LIBRARY.get(prompt.id);
  if (lib !== undefined && lib.text === prompt?.text && lib.category === category) {
    return lib.contexts;
  }
  return activeContexts(category, false);
}

function definitionOf(persisted: PersistedRun): ExperimentDefinition | undefined {
  if (persisted.spec === undefined) return undefined;
  const parsed = parseExperiment(persisted.spec.definition);
  return parsed.ok ? parsed.value : undefined;
}

/** The category each prompt was judged under, else its known or classified one. */
function promptCategories(
  persisted: PersistedRun,
  def?: ExperimentDefinition,
): Map<string, CategoryId> {
  const out = new Map<string, CategoryId>();
  for (const p of def?.prompts ?? []) {
    const c = p.categoryOverride ?? p.category;
    if (c !== undefined) out.set(p.id, c);
  }
  for (const c of persisted.classifications) {
    if (out.has(c.promptId)) continue;
    const cat = c.override ?? c.judgeCategory ?? c.known ?? c.predicted;
    if (isCategoryId(cat)) out.set(c.promptId, cat);
  }
  for (const m of persisted.metrics) {
    if (m.kind === 'functional') out.set(m.promptId, m.category);
  }
  return out;
}

/**
 * Builds the views' data from a stored run.
 * @param runId The run.
 * @param persisted Its records.
 * @returns Points, prompts, responses and classes per group, and the run's dimensions.
 */
export function buildViewsData(runId: string, persisted: PersistedRun): ViewsData {
  const def = definitionOf(persisted);
  const summary = summarizeRun(persisted);
  const categories = promptCategories(persisted, def);
  const prompts = new Map<string, ViewPrompt>();
  for (const p of def?.prompts ?? []) {
    prompts.set(p.id, {
      id: p.id,
      text: p.text,
      category: categories.get(p.id) ?? null,
      probe: probeKindOf(p),
    });
  }
  const points = pointsFromSummary(summary, {
    promptCategory: (id) => categories.get(id),
    contexts: (id, category) => promptContexts(prompts.get(id), category),
  });
  const shownIds = new Map(
    points.map((p) => [JSON.stringify([p.promptId, p.model, p.strategy]), p.id]),
  );
  const responses = new Map<string, ResponseRecord[]>();
  for (const r of persisted.responses) {
    const id = pointId(r.promptId, r.model, r.strategy);
    const list = responses.get(id);
    if (list === undefined) responses.set(id, [r]);
    else list.push(r);
  }
  for (const list of responses.values()) list.sort((a, b) => a.index - b.index);
  const classes = new Map<string, GroupClasses[]>();
  for (const m of persisted.metrics) {
    if (m.kind !== 'functional') continue;
    const f: FunctionalMetricRecord = m;
    const id = pointId(f.promptId, f.model, f.strategy);
    const entry = { judge: f.judgeModel, classes: f.classes, responseIds: f.responseIds };
    const list = classes.get(id);
    if (list === undefined) classes.set(id, [entry]);
    else list.push(entry);
  }
  for (const list of classes.values()) list.sort((a, b) => (a.judge < b.judge ? -1 : 1));
  let embeddingModel: string | null = def?.embedding ?? null;
  if (embeddingModel === null) {
    for (const m of persisted.metrics) {
      if (m.kind === 'general' && m.embeddingModel !== undefined) {
        embeddingModel = m.embeddingModel;
        break;
      }
    }
  }
  const probePrompts: Record<ProbeKind, number> = { safety: 0, societal: 0 };
  for (const p of prompts.values()) if (p.probe !== null) probePrompts[p.probe] += 1;
  return {
    runId,
    name: def?.name ?? persisted.run?.experimentId ?? runId,
    persisted,
    ...(def === undefined ? {} : { def }),
    summary,
    points,
    pointById: new Map(points.map((p) => [p.id, p])),
    pointIdOf: (promptId, model, strategy) =>
      shownIds.get(JSON.stringify([promptId, model, strategy])) ??
      pointId(promptId, model, strategy),
    prompts,
    responses,
    classes,
    strategies: orderStrategies(points.map((p) => p.strategy)),
    models: orderModels(points.map((p) => p.model)),
    judges: def?.judges ?? [],
    embeddingModel,
    probePrompts,
  };
}

/**
 * The probe groups of a run: per prompt x model x strategy of each probe set, the reading of each
 * response in sample order (by one judge, or the newest usable reading of any judge).
 */
export function probeGroups(
  data: ViewsData,
  judge?: string,
): { societal: SocietalGroupInput[]; safety: SafetyGroupInput[] } {
  const readings = probeReadings(data.persisted.judgements, judge);
  const societal: SocietalGroupInput[] = [];
  const safety: SafetyGroupInput[] = [];
  for (const list of data.responses.values()) {
    const first = list[0];
    if (first === undefined) continue;
    const kind = data.prompts.get(first.promptId)?.probe ?? null;
    if (kind === null) continue;
    // Shown under the strategy of its point (imported responses keep their own label).
    const shown = data.pointById.get(pointId(first.promptId, first.model, first.strategy));
    const base = {
      promptId: first.promptId,
      model: first.model,
      strategy: shown?.strategy ?? first.strategy,
    };
    if (kind === 'societal') {
      societal.push({
        ...base,
        attributes: list.map((r) => {
          const reading = readings.get(r.id);
          return reading?.kind === 'societal' ? reading.attributes : null;
        }),
      });
    } else {
      safety.push({
        ...base,
        labels: list.map((r) => {
          const reading = readings.get(r.id);
          return reading?.kind === 'safety' ? reading.safety : null;
        }),
      });
    }
  }
  return { societal, safety };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Loads one run from the app database and holds the chart views' state for it. */
export class RunViewsState {
  status = $state<'idle' | 'loading' | 'ready' | 'missing' | 'error'>('idle');
  error = $state<string | null>(null);
  data = $state.raw<ViewsData | null>(null);
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
  mapColour = $state<'prompt' | 'strategy' | 'class'>('strategy');
  /** Probe view: readings of one judge, or the newest of any ('any'). */
  probeJudge = $state<string>('any');
  /** The point whose prompt and responses are open. */
  selected = $state<string | null>(null);

  readonly #open: () => Promise<PlaygroundDB>;
  #loading = 0;

  /** @param open opens the app database (the page's shared connection) */
  constructor(open: () => Promise<PlaygroundDB>) {
    this.#open = open;
  }

  /** Opens the app database. */
  database(): Promise<PlaygroundDB> {
    return this.#open();
  }

  /** Loads a run (a later call wins over an earlier one still loading). */
  async load(runId: string, quiet = false): Promise<void> {
    const ticket = ++this.#loading;
    if (!quiet) {
      this.status = 'loading';
      if (this.data?.runId !== runId) {
        this.data = null;
        this.selected = null;
      }
    }
    try {
      const db = await this.#open();
      const persisted = await new PlaygroundRunStore(db).load(runId);
      if (ticket !== this.#loading) return;
      if (persisted.run === undefined && persisted.spec === undefined) {
        this.status = 'missing';
        this.data = null;
        return;
      }
      const data = buildViewsData(runId, persisted);
      if (this.strategy !== 'all' && !data.strategies.includes(this.strategy))
        this.strategy = 'all';
      if (this.model !== 'all' && !data.models.includes(this.model)) this.model = 'all';
      if (this.categoryModel !== 'pooled' && !data.models.includes(this.categoryModel)) {
        this.categoryModel = 'pooled';
      }
      this.data = data;
      this.error = null;
      this.status = 'ready';
    } catch (err) {
      if (ticket !== this.#loading) return;
      this.error = `The run could not be read: ${message(err)}`;
      this.status = 'error';
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
