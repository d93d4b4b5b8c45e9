// The measuring stages of a run: general metrics of a group, quality checklists and grades, and
// accuracy against a gold answer.

import type {
  AccuracyMetricRecord,
  ChecklistRecord,
  GeneralMetricRecord,
  JudgementRecord,
} from '../../storage/schema';
import { SCHEMA_VERSION } from '../../storage/schema';
import { resolveCategory } from '../../core/run-model';
import { gradeMath, gradeShortAnswer } from '../accuracy';
import type { CallCounter } from '../call';
import { computeGeneralMetrics } from '../general-metrics';
import type { AccuracyUnit, ChecklistUnit, GradeUnit, MetricsUnit } from '../plan';
import { generateChecklist, gradeResponse } from '../quality';
import type { UnitContext, UnitResult } from './context';

/** Computes a group's general metrics (vocabulary, embedding, compression). */
export async function metricsUnit(
  ctx: UnitContext,
  unit: MetricsUnit,
  counter: CallCounter,
): Promise<UnitResult> {
  const responses = ctx.state.group(unit.model, unit.promptId, unit.strategy, ctx.def.k);
  if (responses.length === 0) return { status: 'skipped', error: 'no responses to measure' };
  const out = await computeGeneralMetrics(
    responses.map((r) => r.text),
    ctx.embedder(counter),
    ctx.signal,
  );
  const metric: GeneralMetricRecord = {
    id: unit.id,
    runId: ctx.runId,
    promptId: unit.promptId,
    model: unit.model,
    strategy: unit.strategy,
    kind: 'general',
    n: responses.length,
    vocabulary: out.vocabulary,
    embedding: out.embedding,
    compression: out.compression,
    ...(ctx.def.embedding === undefined ? {} : { embeddingModel: ctx.def.embedding }),
    ...(out.embeddingError === undefined ? {} : { embeddingError: out.embeddingError }),
    createdAt: ctx.now(),
    schemaVersion: SCHEMA_VERSION,
  };
  return {
    status: 'done',
    ...(out.embeddingError === undefined
      ? {}
      : { issue: `embedding failed: ${out.embeddingError}`, callFailed: true }),
    metrics: [metric],
  };
}

/** Writes the quality checklist of one prompt. */
export async function checklistUnit(
  ctx: UnitContext,
  unit: ChecklistUnit,
  counter: CallCounter,
): Promise<UnitResult> {
  const prompt = ctx.prompt(unit.promptId);
  const category = resolveCategory({ override: prompt.categoryOverride, known: prompt.category });
  const out = await generateChecklist(
    ctx.caller(unit.judge, unit).bind(counter, unit.id),
    { prompt: prompt.text, ...(category === undefined ? {} : { category }) },
    ctx.judgeParams,
  );
  const record: ChecklistRecord = {
    id: unit.id,
    runId: ctx.runId,
    promptId: unit.promptId,
    judgeModel: unit.judge,
    ...(category === undefined ? {} : { category }),
    items: out.items ?? [],
    raw: out.raw,
    ...(out.error === undefined ? {} : { error: out.error }),
    createdAt: ctx.now(),
    schemaVersion: SCHEMA_VERSION,
  };
  return {
    status: out.items === undefined ? 'failed' : 'done',
    ...(out.error === undefined ? {} : { error: out.error }),
    checklists: [record],
  };
}

/** Grades one response against its prompt's checklist. */
export async function gradeUnit(
  ctx: UnitContext,
  unit: GradeUnit,
  counter: CallCounter,
): Promise<UnitResult> {
  const response = ctx.state.response(unit.model, unit.promptId, unit.strategy, unit.index);
  if (response === undefined) return { status: 'skipped', error: 'no response to grade' };
  const checklist = ctx.state.checklists.get(unit.checklistUnit);
  if (checklist === undefined || checklist.items.length === 0) {
    return { status: 'skipped', error: 'no checklist for this prompt' };
  }
  const prompt = ctx.prompt(unit.promptId);
  const out = await gradeResponse(
    ctx.caller(unit.judge, unit).bind(counter, unit.id),
    { prompt: prompt.text, checklist: checklist.items, response: response.text },
    ctx.judgeParams,
  );
  const record: JudgementRecord = {
    id: unit.id,
    runId: ctx.runId,
    promptId: unit.promptId,
    kind: 'quality',
    judgeModel: unit.judge,
    responseIds: [response.id],
    ...(out.score === undefined ? {} : { score: out.score }),
    raw: out.raw,
    ...(out.error === undefined ? {} : { error: out.error }),
    createdAt: ctx.now(),
    schemaVersion: SCHEMA_VERSION,
  };
  return {
    status: out.score === undefined ? 'failed' : 'done',
    ...(out.error === undefined ? {} : { error: out.error }),
    judgements: [record],
  };
}

/** Checks one response against the gold answer (math grader or a model grader). */
export async function accuracyUnit(
  ctx: UnitContext,
  unit: AccuracyUnit,
  counter: CallCounter,
): Promise<UnitResult> {
  const response = ctx.state.response(unit.model, unit.promptId, unit.strategy, unit.index);
  if (response === undefined) return { status: 'skipped', error: 'no response to check' };
  const prompt = ctx.prompt(unit.promptId);
  const gold = prompt.gold ?? '';
  const base = {
    id: unit.id,
    runId: ctx.runId,
    promptId: unit.promptId,
    model: unit.model,
    strategy: unit.strategy,
    kind: 'accuracy' as const,
    responseId: response.id,
    index: unit.index,
    gold,
    createdAt: ctx.now(),
    schemaVersion: SCHEMA_VERSION,
  };
  if (unit.method === 'math') {
    const out = gradeMath(response.text, gold);
    const metric: AccuracyMetricRecord = {
      ...base,
      method: 'math',
      correct: out.correct,
      extracted: out.extracted,
      ...(out.issue === undefined ? {} : { issue: out.issue }),
    };
    return {
      status: 'done',
      ...(out.issue === undefined ? {} : { issue: out.issue }),
      metrics: [metric],
    };
  }
  const grader = unit.engineId ?? '';
  const out = await gradeShortAnswer(
    ctx.caller(grader, unit).bind(counter, unit.id),
    { question: prompt.text, gold, response: response.text },
    ctx.judgeParams,
  );
  const metric: AccuracyMetricRecord = {
    ...base,
    method: 'grader',
    correct: out.correct,
    ...(out.grade === undefined ? {} : { grade: out.grade }),
    graderModel: grader,
    raw: out.raw,
    ...(out.error === undefined ? {} : { issue: out.error }),
  };
  return {
    status: out.correct === null ? 'failed' : 'done',
    ...(out.error === undefined ? {} : { error: out.error }),
    metrics: [metric],
  };
}
