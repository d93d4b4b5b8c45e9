// Summary of a stored run for the results views: per (prompt, generator, strategy) group the
// class counts averaged across judges, general metrics, quality and accuracy; plus totals.

import {
  accuracyRate,
  judgeCallSavings,
  meanAcrossJudges,
  type AccuracyRate,
  type JudgeCallSavings,
} from '../core/aggregate';
import type { CategoryId } from '../core/taxonomy';
import type { FunctionalMetricRecord, GeneralMetricRecord } from '../storage/schema';
import { comparedStrategy, parseExperiment } from './experiment';
import type { PersistedRun } from './store';

/** One judge's classes of a group. */
export interface JudgeClassCount {
  judge: string;
  classCount: number;
  /** Pairs whose verdict failed and counted as different. */
  failedPairs: number;
}

/** Everything measured for one group of responses. */
export interface GroupSummary {
  promptId: string;
  model: string;
  /** The strategy key its records are stored under. */
  strategy: string;
  /**
   * The strategy it is shown and compared under: `strategy`, except for imported responses
   * (`imported:<source>`, or the strategy the user assigned), see comparedStrategy.
   */
  comparedAs: string;
  /** Category the judge used. */
  category?: CategoryId;
  /** Responses generated (at most k). */
  responses: number;
  classCounts: JudgeClassCount[];
  /** Mean class count across judges (the paper's "number of functionally unique responses"). */
  meanClassCount: number | null;
  general: Pick<GeneralMetricRecord, 'vocabulary' | 'embedding' | 'compression'> | null;
  /** Mean 1-5 grade, averaged per judge first, then across judges. */
  quality: number | null;
  /** Null when the prompt has no gold answer (or nothing was checked). */
  accuracy: AccuracyRate | null;
  /** Judge calls of the group over all judges: asked, sent, cached and skipped. */
  judgeCalls: JudgeCallSavings;
}

/** Classification accuracy of one generator on prompts with a known category. */
export interface ClassifierScore {
  model: string;
  correct: number;
  /** Prompts with both a known and a predicted category. */
  scored: number;
}

/** The summary of a run. */
export interface RunSummary {
  groups: GroupSummary[];
  judgeCalls: JudgeCallSavings;
  classifiers: ClassifierScore[];
}

const key = (promptId: string, model: string, strategy: string): string =>
  JSON.stringify([promptId, model, strategy]);

/** A group with nothing measured yet (no responses, classes or metrics). */
export function emptyGroup(
  promptId: string,
  model: string,
  strategy: string,
  comparedAs: string = strategy,
): GroupSummary {
  return {
    promptId,
    model,
    strategy,
    comparedAs,
    responses: 0,
    classCounts: [],
    meanClassCount: null,
    general: null,
    quality: null,
    accuracy: null,
    judgeCalls: judgeCallSavings([]),
  };
}

/**
 * Summarizes a stored run. Groups appear in the order their first response was stored under
 * (sorted by prompt, model and strategy for stability).
 */
export function summarizeRun(run: PersistedRun): RunSummary {
  const parsed = parseExperiment(run.spec?.definition);
  const def = parsed.ok ? parsed.value : undefined;
  const groups = new Map<string, GroupSummary>();
  const group = (promptId: string, model: string, strategy: string): GroupSummary => {
    const k = key(promptId, model, strategy);
    let g = groups.get(k);
    if (g === undefined) {
      g = emptyGroup(promptId, model, strategy, comparedStrategy(def, model, strategy));
      groups.set(k, g);
    }
    return g;
  };
  const responseGroup = new Map<string, GroupSummary>();
  for (const r of run.responses) {
    const g = group(r.promptId, r.model, r.strategy);
    g.responses += 1;
    responseGroup.set(r.id, g);
  }
  const functional: FunctionalMetricRecord[] = [];
  const functionalOf = new Map<GroupSummary, FunctionalMetricRecord[]>();
  const accuracy = new Map<GroupSummary, (boolean | null)[]>();
  for (const m of run.metrics) {
    const g = group(m.promptId, m.model, m.strategy);
    if (m.kind === 'functional') {
      functional.push(m);
      functionalOf.set(g, [...(functionalOf.get(g) ?? []), m]);
      g.category = m.category;
      g.classCounts.push({
        judge: m.judgeModel,
        classCount: m.classCount,
        failedPairs: m.failedPairs,
      });
    } else if (m.kind === 'general') {
      g.general = { vocabulary: m.vocabulary, embedding: m.embedding, compression: m.compression };
    } else {
      accuracy.set(g, [...(accuracy.get(g) ?? []), m.correct]);
    }
  }
  const grades = new Map<GroupSummary, { judge: string; value: number }[]>();
  for (const j of run.judgements) {
    if (j.kind !== 'quality' || j.score === undefined) continue;
    const g = responseGroup.get(j.responseIds[0] ?? '');
    if (g !== undefined)
      grades.set(g, [...(grades.get(g) ?? []), { judge: j.judgeModel, value: j.score }]);
  }
  for (const g of groups.values()) {
    g.classCounts.sort((a, b) => a.judge.localeCompare(b.judge));
    g.meanClassCount = meanAcrossJudges(
      g.classCounts.map((c) => ({ judge: c.judge, value: c.classCount })),
    );
    g.quality = meanAcrossJudges(grades.get(g) ?? []);
    const verdicts = accuracy.get(g);
    g.accuracy = verdicts === undefined ? null : accuracyRate(verdicts);
    g.judgeCalls = judgeCallSavings(functionalOf.get(g) ?? []);
  }
  const classifiers = new Map<string, ClassifierScore>();
  for (const c of run.classifications) {
    if (c.correct === undefined) continue;
    const s = classifiers.get(c.model) ?? { model: c.model, correct: 0, scored: 0 };
    s.scored += 1;
    if (c.correct) s.correct += 1;
    classifiers.set(c.model, s);
  }
  return {
    groups: [...groups.values()].sort(
      (a, b) =>
        a.promptId.localeCompare(b.promptId) ||
        a.model.localeCompare(b.model) ||
        a.strategy.localeCompare(b.strategy),
    ),
    judgeCalls: judgeCallSavings(functional),
    classifiers: [...classifiers.values()].sort((a, b) => a.model.localeCompare(b.model)),
  };
}
