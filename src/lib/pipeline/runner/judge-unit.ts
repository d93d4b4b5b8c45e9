// The judge stage of a run: asks the judge about a group's response pairs, keeps every verdict as
// it arrives, and sums them into the group's functional-diversity metric.

import type { JudgeVerdict } from '../../core/parse';
import type { FunctionalMetricRecord, JudgementRecord, ResponseRecord } from '../../storage/schema';
import { SCHEMA_VERSION } from '../../storage/schema';
import type { CallCounter } from '../call';
import { pairKey, verdictId, type PairOrder } from '../ids';
import { judgeGroup, type PairCall } from '../judge';
import type { JudgeUnit } from '../plan';
import { NO_CATEGORY, type UnitContext, type UnitResult } from './context';

/** The verdict part of a diversity judgement record: label and score when readable, raw, error. */
export function verdictFields(c: {
  verdict: JudgeVerdict | null;
  raw: string;
  error?: string;
}): Pick<JudgementRecord, 'label' | 'score' | 'raw' | 'error'> {
  return {
    ...(c.verdict === null ? {} : { label: c.verdict, score: c.verdict === 'different' ? 1 : 0 }),
    raw: c.raw,
    ...(c.error === undefined ? {} : { error: c.error }),
  };
}

/**
 * Judges a group's response pairs (skipping decided pairs unless every pair is asked), storing
 * each verdict as it arrives, and returns the group's functional-diversity metric.
 */
export async function judgeUnit(
  ctx: UnitContext,
  unit: JudgeUnit,
  counter: CallCounter,
): Promise<UnitResult> {
  const prompt = ctx.prompt(unit.promptId);
  const responses = ctx.state.group(unit.model, unit.promptId, unit.strategy, ctx.def.k);
  if (responses.length === 0) return { status: 'skipped', error: 'no responses to judge' };
  const category = ctx.categories(unit.model, prompt).judge;
  if (category === undefined) return { status: 'failed', error: NO_CATEGORY };
  const orders: PairOrder[] = ctx.def.bothOrders ? ['ab', 'ba'] : ['ab'];
  const previous = new Map<string, PairCall>();
  for (let x = 0; x < responses.length; x += 1) {
    for (let y = x + 1; y < responses.length; y += 1) {
      const a = (responses[x] as ResponseRecord).index;
      const b = (responses[y] as ResponseRecord).index;
      for (const order of orders) {
        const stored = ctx.state.judgements.get(verdictId(unit.id, a, b, order));
        // A failed call is asked again; an answer (even an unreadable one) is kept.
        if (stored === undefined || stored.callFailed === true) continue;
        const verdict = stored.label === 'equivalent' || stored.label === 'different';
        previous.set(pairKey(a, b, order), {
          a,
          b,
          order,
          verdict: verdict ? (stored.label as JudgeVerdict) : null,
          raw: stored.raw ?? '',
          ...(stored.error === undefined ? {} : { error: stored.error }),
          reasks: 0,
          ...(stored.sent === undefined ? {} : { sent: stored.sent }),
          ...(stored.cached === undefined ? {} : { cached: stored.cached }),
        });
      }
    }
  }
  const byIndex = new Map(responses.map((r) => [r.index, r.id]));
  let callFailures = 0;
  const result = await judgeGroup(ctx.caller(unit.judge, unit).bind(counter, unit.id), {
    prompt: prompt.text,
    category,
    responses: responses.map((r) => ({ index: r.index, text: r.text })),
    everyPair: ctx.def.judgeEveryPair,
    bothOrders: ctx.def.bothOrders,
    params: ctx.judgeParams,
    previous,
    signal: ctx.signal,
    onCall: async (c) => {
      const ids = [byIndex.get(c.a) ?? '', byIndex.get(c.b) ?? ''];
      const record: JudgementRecord = {
        id: verdictId(unit.id, c.a, c.b, c.order),
        runId: ctx.runId,
        promptId: unit.promptId,
        kind: 'diversity',
        judgeModel: unit.judge,
        responseIds: c.order === 'ab' ? ids : [...ids].reverse(),
        ...verdictFields(c),
        ...(c.sent === undefined ? {} : { sent: c.sent }),
        ...(c.cached === undefined ? {} : { cached: c.cached }),
        ...(c.callFailed === true ? { callFailed: true } : {}),
        createdAt: ctx.now(),
        schemaVersion: SCHEMA_VERSION,
      };
      if (c.callFailed === true) callFailures += 1;
      await ctx.store.putJudgement(record);
      ctx.state.judgements.set(record.id, record);
    },
  });
  const callFailed = callFailures > 0 ? { callFailed: true } : {};
  if (result.judgedPairs > 0 && result.failedPairs === result.judgedPairs) {
    return {
      status: 'failed',
      error: 'every judge call failed or stayed unreadable',
      ...callFailed,
    };
  }
  const metric: FunctionalMetricRecord = {
    id: unit.id,
    runId: ctx.runId,
    promptId: unit.promptId,
    model: unit.model,
    strategy: unit.strategy,
    kind: 'functional',
    judgeModel: unit.judge,
    category,
    responseIds: responses.map((r) => r.id),
    classes: result.classes,
    classCount: result.classes.length,
    verdicts: result.verdicts,
    calls: result.calls,
    everyPairCalls: result.everyPairCalls,
    ...(result.sent === null ? {} : { sentCalls: result.sent }),
    ...(result.cached === null ? {} : { cachedCalls: result.cached }),
    orders: result.orders,
    skipping: !ctx.def.judgeEveryPair,
    failedPairs: result.failedPairs,
    createdAt: ctx.now(),
    schemaVersion: SCHEMA_VERSION,
  };
  const issue =
    result.failedPairs > 0
      ? `${result.failedPairs} of ${result.judgedPairs} judged pairs failed and count as different`
      : undefined;
  return {
    status: 'done',
    ...(issue === undefined ? {} : { issue }),
    ...callFailed,
    metrics: [metric],
    judgeCalls: {
      calls: result.calls,
      everyPairCalls: result.everyPairCalls,
      sent: result.sent,
      cached: result.cached,
    },
  };
}
