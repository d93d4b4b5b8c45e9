// The one model of a stored run: the category of each prompt and group (one precedence for every
// caller), the groups, the result points, responses and classes per point, the run's dimensions.
// The Results table, every MMHS chart and the Framework page's examples derive from it.

import { ALL_LIBRARY_PROMPTS } from './library';
import { activeContexts, type NormativeContext } from './mmhs';
import { isCategoryId, type CategoryId } from './taxonomy';
import {
  orderModels,
  orderStrategies,
  pointId,
  pointsFromSummary,
  type ResultPoint,
  type SummaryGroupLike,
} from './views/points';
import type { ClassificationRecord, MetricRecord, ResponseRecord, Run } from '../storage/schema';

/** Where a prompt's category can come from, in the order {@link resolveCategory} prefers them. */
export interface CategorySources {
  /** The category the judge used (stored with the group's functional metric). */
  judged?: CategoryId | undefined;
  /** The user's override of the prompt's category. */
  override?: CategoryId | undefined;
  /** The prompt's known (dataset) category. */
  known?: CategoryId | undefined;
  /** The generator's own classification of the prompt. */
  predicted?: CategoryId | undefined;
}

/**
 * The one category rule of the app: the judge's category when the group was judged, else the
 * user's override, else the known category, else the model's classification. While a run is
 * still running nothing is judged yet, so the runner's judge category is the same rule
 * (override, known, predicted). Values that are not category ids are skipped.
 * @returns The category, or undefined when no source names one.
 */
export function resolveCategory(sources: CategorySources): CategoryId | undefined {
  for (const c of [sources.judged, sources.override, sources.known, sources.predicted]) {
    if (isCategoryId(c)) return c;
  }
  return undefined;
}

/** The part of a stored run the model reads (pipeline/store's PersistedRun has it all). */
export interface RunRecords {
  run?: Pick<Run, 'experimentId'>;
  responses: readonly ResponseRecord[];
  classifications: readonly ClassificationRecord[];
  metrics: readonly MetricRecord[];
}

/** The part of a run's parsed definition the model reads (structurally an ExperimentDefinition). */
export interface RunDefinitionLike {
  name: string;
  prompts: readonly {
    id: string;
    text: string;
    category?: CategoryId;
    categoryOverride?: CategoryId;
  }[];
  generators: readonly string[];
  judges: readonly string[];
  embedding?: string | undefined;
}

/** A prompt of the run. */
export interface RunPrompt {
  id: string;
  text: string;
  /** Category of the prompt (resolveCategory over any group's judge, override, known, first classification). */
  category: CategoryId | null;
}

/** One prompt x model x stored strategy group: its summary and its categories. */
export interface RunGroup<G extends SummaryGroupLike> {
  summary: G;
  /** Stable key of the group in stored keys: JSON of [promptId, model, strategy]. */
  key: string;
  /** The prompt's text (its id when the definition is missing). */
  promptText: string;
  /** The prompt's dataset category. */
  known?: CategoryId;
  /** This model's classification of the prompt. */
  predicted?: CategoryId;
  /** The category of the group (resolveCategory). */
  category?: CategoryId;
}

/** One judge's functional classes of a group. */
export interface GroupClasses {
  judge: string;
  /** Classes as lists of 0-based indices into `responseIds`. */
  classes: number[][];
  responseIds: string[];
}

/** The model of one stored run. */
export interface RunModel<G extends SummaryGroupLike = SummaryGroupLike> {
  runId: string;
  name: string;
  prompts: Map<string, RunPrompt>;
  /** One per summary group, in the summary's order. */
  groups: RunGroup<G>[];
  /** One per group, in the same order. */
  points: ResultPoint[];
  pointById: Map<string, ResultPoint>;
  /**
   * The id of the point a prompt x model x shown strategy belongs to (imported responses are
   * shown under `imported:<source>` while their records keep their stored key).
   */
  pointIdOf: (promptId: string, model: string, strategy: string) => string;
  /** Point id -> its responses in sample order. */
  responses: Map<string, ResponseRecord[]>;
  /** Point id -> classes per judge (judges in name order). */
  classes: Map<string, GroupClasses[]>;
  /** Strategies shown, in the paper's order then the rest. */
  strategies: string[];
  models: string[];
  /** The run's judges. */
  judges: string[];
  /** The embedding engine whose stored vectors the response map projects; null without one. */
  embeddingModel: string | null;
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

const groupKey = (promptId: string, model: string, strategy: string): string =>
  JSON.stringify([promptId, model, strategy]);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * pointId, computed once per prompt x model x strategy: a run has few groups but may have
 * 100,000 responses, and encoding three ids per response held the page for a quarter second.
 */
function pointIdCache(): (promptId: string, model: string, strategy: string) => string {
  const byPrompt = new Map<string, Map<string, Map<string, string>>>();
  return (promptId, model, strategy) => {
    let byModel = byPrompt.get(promptId);
    if (byModel === undefined) byPrompt.set(promptId, (byModel = new Map()));
    let byStrategy = byModel.get(model);
    if (byStrategy === undefined) byModel.set(model, (byStrategy = new Map()));
    let id = byStrategy.get(strategy);
    if (id === undefined) byStrategy.set(strategy, (id = pointId(promptId, model, strategy)));
    return id;
  };
}

/**
 * Builds the model of a stored run.
 * @param runId The run.
 * @param records Its stored records.
 * @param summary Its summary (pipeline/results summarizeRun), whose groups the model keeps.
 * @param def Its parsed definition, when it parses.
 */
export function buildRunModel<G extends SummaryGroupLike>(
  runId: string,
  records: RunRecords,
  summary: { groups: readonly G[] },
  def?: RunDefinitionLike,
): RunModel<G> {
  const defPrompts = new Map((def?.prompts ?? []).map((p) => [p.id, p]));
  const known = new Map<string, CategoryId>();
  const predicted = new Map<string, CategoryId>();
  const firstPredicted = new Map<string, CategoryId>();
  for (const c of records.classifications) {
    if (c.known !== undefined && !known.has(c.promptId)) known.set(c.promptId, c.known);
    if (c.predicted === undefined) continue;
    predicted.set(groupKey(c.promptId, c.model, ''), c.predicted);
    if (!firstPredicted.has(c.promptId)) firstPredicted.set(c.promptId, c.predicted);
  }
  const judged = new Map<string, CategoryId>();
  for (const m of records.metrics) if (m.kind === 'functional') judged.set(m.promptId, m.category);
  const sources = (promptId: string): CategorySources => {
    const p = defPrompts.get(promptId);
    return { override: p?.categoryOverride, known: p?.category ?? known.get(promptId) };
  };
  const prompts = new Map<string, RunPrompt>();
  for (const p of def?.prompts ?? []) {
    const category = resolveCategory({
      ...sources(p.id),
      judged: judged.get(p.id),
      predicted: firstPredicted.get(p.id),
    });
    prompts.set(p.id, { id: p.id, text: p.text, category: category ?? null });
  }
  const groups = summary.groups.map((g): RunGroup<G> => {
    const s = sources(g.promptId);
    const p = predicted.get(groupKey(g.promptId, g.model, ''));
    const category = resolveCategory({ ...s, judged: g.category, predicted: p });
    return {
      summary: g,
      key: groupKey(g.promptId, g.model, g.strategy),
      promptText: defPrompts.get(g.promptId)?.text ?? g.promptId,
      ...(s.known === undefined ? {} : { known: s.known }),
      ...(p === undefined ? {} : { predicted: p }),
      ...(category === undefined ? {} : { category }),
    };
  });
  const points = pointsFromSummary(
    { groups: groups.map((g) => ({ ...g.summary, category: g.category })) },
    { contexts: (id, category) => promptContexts(prompts.get(id), category) },
  );
  const shownIds = new Map(points.map((p) => [groupKey(p.promptId, p.model, p.strategy), p.id]));
  const idOf = pointIdCache();
  const responses = new Map<string, ResponseRecord[]>();
  for (const r of records.responses) pushTo(responses, idOf(r.promptId, r.model, r.strategy), r);
  for (const list of responses.values()) list.sort((a, b) => a.index - b.index);
  const classes = new Map<string, GroupClasses[]>();
  for (const m of records.metrics) {
    if (m.kind !== 'functional') continue;
    pushTo(classes, idOf(m.promptId, m.model, m.strategy), {
      judge: m.judgeModel,
      classes: m.classes,
      responseIds: m.responseIds,
    });
  }
  for (const list of classes.values()) list.sort((a, b) => (a.judge < b.judge ? -1 : 1));
  let embeddingModel: string | null = def?.embedding ?? null;
  if (embeddingModel === null) {
    const m = records.metrics.find((x) => x.kind === 'general' && x.embeddingModel !== undefined);
    if (m?.kind === 'general') embeddingModel = m.embeddingModel ?? null;
  }
  return {
    runId,
    name: def?.name ?? records.run?.experimentId ?? runId,
    prompts,
    groups,
    points,
    pointById: new Map(points.map((p) => [p.id, p])),
    pointIdOf: (promptId, model, strategy) =>
      shownIds.get(groupKey(promptId, model, strategy)) ?? pointId(promptId, model, strategy),
    responses,
    classes,
    strategies: orderStrategies(points.map((p) => p.strategy)),
    models: orderModels(points.map((p) => p.model)),
    judges: [...(def?.judges ?? [])],
    embeddingModel,
  };
}
