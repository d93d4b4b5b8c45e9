// Live examples for the framework explorer: the prompts of the user's stored runs that illustrate
// a context, a Table 1 tension or a level of analysis, read from chart-ready result points.

import {
  CATEGORY_CONTEXT_MAP,
  QUADRANTS,
  quadrantFor,
  type NormativeContext,
  type QuadrantName,
} from './mmhs';
import type { CategoryId } from './taxonomy';
import type { ResultPoint } from './views/points';
import { functionalVariation, vocabularyVariation } from './views/variation';

/** One stored run as the explorer reads it. */
export interface ExampleRun {
  runId: string;
  runName: string;
  /** Prompt texts by prompt id; a prompt without one is shown by its id. */
  promptTexts: ReadonlyMap<string, string>;
  /** One point per prompt x model x strategy group (see `pointsFromSummary`). */
  points: readonly ResultPoint[];
}

/** Where a prompt's groups land in Figure 1 for one context. */
export interface ContextPlacement {
  context: NormativeContext;
  /** When the category activates the context only for some prompts; null means always. */
  condition: string | null;
  /** Judged groups per quadrant, in Figure 1 order, quadrants without groups left out. */
  quadrants: { quadrant: QuadrantName; groups: number }[];
}

/** A prompt of a stored run that illustrates one or more contexts. */
export interface PromptExample {
  runId: string;
  runName: string;
  promptId: string;
  promptText: string;
  category: CategoryId;
  /** Model x strategy groups the run measured for the prompt. */
  groups: number;
  /** Range of functional variation over the judged groups; null when none was judged. */
  variation: { min: number; max: number } | null;
  placements: ContextPlacement[];
}

/** The first few items of a longer list, with the length of the whole list. */
export interface ExampleList<T> {
  total: number;
  items: T[];
}

// Class counts are means across judges, so "one class" may carry rounding error.
const EPSILON = 1e-9;

interface PromptGroup {
  run: ExampleRun;
  promptId: string;
  category: CategoryId | null;
  points: ResultPoint[];
}

function promptGroups(runs: readonly ExampleRun[]): PromptGroup[] {
  const out: PromptGroup[] = [];
  for (const run of runs) {
    const byPrompt = new Map<string, PromptGroup>();
    for (const point of run.points) {
      let group = byPrompt.get(point.promptId);
      if (group === undefined) {
        group = { run, promptId: point.promptId, category: null, points: [] };
        byPrompt.set(point.promptId, group);
        out.push(group);
      }
      group.points.push(point);
      group.category ??= point.category;
    }
  }
  return out;
}

function variationOf(point: ResultPoint): number | null {
  return functionalVariation(point.classCount, point.k);
}

function placement(
  context: NormativeContext,
  condition: string | null,
  points: readonly ResultPoint[],
): ContextPlacement {
  const counts = new Map<QuadrantName, number>();
  for (const p of points) {
    const v = variationOf(p);
    if (v === null) continue;
    const q = quadrantFor(context, v);
    counts.set(q, (counts.get(q) ?? 0) + 1);
  }
  return {
    context,
    condition,
    quadrants: QUADRANTS.filter((q) => counts.has(q.name)).map((q) => ({
      quadrant: q.name,
      groups: counts.get(q.name) ?? 0,
    })),
  };
}

/**
 * The prompts of the stored runs whose category activates every given context (conditional
 * activations included, with their condition), each placed in Figure 1 per context by the
 * functional variation of its groups. Prompts active without conditions come first, then
 * judged prompts, otherwise runs and prompts keep their order.
 * @param runs the stored runs, newest first
 * @param contexts one context (a concept card) or two (a Table 1 tension); none gives no prompts
 * @param limit how many prompts to return in `items` (the total counts them all)
 */
export function examplesForContexts(
  runs: readonly ExampleRun[],
  contexts: readonly NormativeContext[],
  limit: number = 5,
): ExampleList<PromptExample> {
  if (contexts.length === 0) return { total: 0, items: [] };
  const found: PromptExample[] = [];
  for (const group of promptGroups(runs)) {
    const category = group.category;
    if (category === null) continue;
    const conditions: (string | null)[] = [];
    for (const context of contexts) {
      const entry = CATEGORY_CONTEXT_MAP[category].find((e) => e.context === context);
      if (entry === undefined) break;
      conditions.push(entry.condition);
    }
    if (conditions.length !== contexts.length) continue;
    const variations = group.points.map(variationOf).filter((v): v is number => v !== null);
    found.push({
      runId: group.run.runId,
      runName: group.run.runName,
      promptId: group.promptId,
      promptText: group.run.promptTexts.get(group.promptId) ?? group.promptId,
      category,
      groups: group.points.length,
      variation:
        variations.length === 0
          ? null
          : { min: Math.min(...variations), max: Math.max(...variations) },
      placements: contexts.map((c, i) => placement(c, conditions[i] ?? null, group.points)),
    });
  }
  const rank = (e: PromptExample): number =>
    (e.placements.some((p) => p.condition !== null) ? 2 : 0) + (e.variation === null ? 1 : 0);
  const sorted = found
    .map((e, i) => ({ e, i }))
    .sort((x, y) => rank(x.e) - rank(y.e) || x.i - y.i)
    .map((x) => x.e);
  return { total: sorted.length, items: sorted.slice(0, Math.max(0, limit)) };
}

/** One prompt x model x strategy group measured at two levels of analysis. */
export interface GroupExample {
  runId: string;
  runName: string;
  promptId: string;
  promptText: string;
  category: CategoryId | null;
  model: string;
  strategy: string;
  k: number;
  /** Functionally unique responses (mean across judges). */
  classCount: number;
  /** Functional variation, (classes - 1) / (k - 1). */
  functional: number;
  /** Lexical variation: mean pairwise Jaccard distance of word sets. */
  lexical: number;
}

/** Stored groups that show the levels of analysis apart, at most one per prompt. */
export interface LevelExamples {
  /** Worded differently but all in one functional class: variation only at the surface. */
  surfaceOnly: ExampleList<GroupExample>;
  /** Functionally different responses, most varied first (less lexical variation first on ties). */
  functional: ExampleList<GroupExample>;
}

/**
 * Picks groups measured both lexically (vocabulary) and functionally (judge classes) that show
 * why the level matters: surface variation without functional variation, and functional variation.
 * Each list keeps the best-ranked group of a prompt and counts prompts in `total`.
 * @param runs the stored runs
 * @param limit how many groups each list returns in `items`
 */
export function levelExamples(runs: readonly ExampleRun[], limit: number = 3): LevelExamples {
  const measured: GroupExample[] = [];
  for (const run of runs) {
    for (const p of run.points) {
      const functional = variationOf(p);
      const lexical = vocabularyVariation(p.vocabulary);
      if (functional === null || lexical === null || p.classCount === null) continue;
      measured.push({
        runId: run.runId,
        runName: run.runName,
        promptId: p.promptId,
        promptText: run.promptTexts.get(p.promptId) ?? p.promptId,
        category: p.category,
        model: p.model,
        strategy: p.strategy,
        k: p.k,
        classCount: p.classCount,
        functional,
        lexical,
      });
    }
  }
  // One group per prompt (the best-ranked one): the lists illustrate prompts, and the strategies
  // of one prompt tend to repeat the same point.
  const take = (list: GroupExample[]): ExampleList<GroupExample> => {
    const seen = new Set<string>();
    const unique = list.filter((g) => {
      const key = JSON.stringify([g.runId, g.promptId]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { total: unique.length, items: unique.slice(0, Math.max(0, limit)) };
  };
  const surfaceOnly = measured
    .filter((g) => g.functional <= EPSILON && g.lexical > EPSILON)
    .sort((a, b) => b.lexical - a.lexical);
  const functional = measured
    .filter((g) => g.functional > EPSILON)
    .sort((a, b) => b.functional - a.functional || a.lexical - b.lexical);
  return { surfaceOnly: take(surfaceOnly), functional: take(functional) };
}

/** A stored run that compares several generators (inter-model variation). */
export interface InterModelRun {
  runId: string;
  runName: string;
  /** Distinct generator ids, sorted. */
  models: string[];
  /** Distinct prompts answered. */
  prompts: number;
}

/** The stored runs with two or more generators, in the given order. */
export function interModelRuns(runs: readonly ExampleRun[]): InterModelRun[] {
  return runs
    .map((run) => ({
      runId: run.runId,
      runName: run.runName,
      models: [...new Set(run.points.map((p) => p.model))].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      ),
      prompts: new Set(run.points.map((p) => p.promptId)).size,
    }))
    .filter((r) => r.models.length >= 2);
}
