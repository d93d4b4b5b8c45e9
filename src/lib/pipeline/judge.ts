// Judge stage: task-anchored pairwise judging of one group's responses into functional classes,
// with pair skipping (default) or every pair, optionally in both orders, resumable pair by pair.

import { judgeFunctionalClasses } from '../core/functional';
import { parseJudgeVerdict, truncateRaw, type JudgeVerdict } from '../core/parse';
import { buildJudgeMessages } from '../core/prompts';
import type { CategoryId } from '../core/taxonomy';
import type { PairVerdict, ResponseRecord } from '../storage/schema';
import type { ChatCall } from './call';
import { judgeSideRequest, type JudgeSideParams } from './classify';
import { pairKey, type PairOrder } from './ids';

/** One judge call on one pair in one order, as persisted the moment it is answered. */
export interface PairCall {
  /** Sample indices, `a < b`. */
  a: number;
  b: number;
  order: PairOrder;
  /** Null when the call failed or its answer stayed unreadable after one re-ask. */
  verdict: JudgeVerdict | null;
  raw: string;
  error?: string;
  /** The call itself failed (engine error), as opposed to an unreadable answer. */
  callFailed?: boolean;
  /** Re-asks after an unreadable answer (0 or 1). */
  reasks: number;
  /**
   * Requests sent to the judge engine for this call, re-asks included; HTTP retries stay inside the engine (0 when the
   * app's cache answered). Undefined for calls stored by versions that did not count them.
   */
  sent?: number;
  /** Whether the first answer came from the app's cache of identical requests. */
  cached?: boolean;
}

/** A response to judge: its sample index and text (the stored record's fields). */
export type JudgedResponse = Pick<ResponseRecord, 'index' | 'text'>;

/** Input of {@link judgeGroup}. */
export interface JudgeGroupInput {
  prompt: string;
  category: CategoryId;
  /** The group's responses in sample order. */
  responses: readonly JudgedResponse[];
  /** Judge every pair instead of skipping pairs already connected. */
  everyPair: boolean;
  /** Judge each pair as (a, b) and (b, a). */
  bothOrders: boolean;
  params: JudgeSideParams;
  /** Calls answered before an interruption, by `pairKey`; they are reused, not repeated. */
  previous?: ReadonlyMap<string, PairCall>;
  /** Told about each new call as soon as it is answered (the runner persists it). */
  onCall?: (call: PairCall) => void | Promise<void>;
  signal?: AbortSignal;
}

/** Functional classes of one group by one judge. */
export interface JudgeGroupResult {
  /** Classes over positions in `responses`. */
  classes: number[][];
  verdicts: PairVerdict[];
  /** Judge calls (pairs asked x orders), re-asks excluded; resumed calls included. */
  calls: number;
  /**
   * Of all calls (resumed included): requests sent to the engine (re-asks included; HTTP retries stay inside the engine)
   * and calls answered from the app's cache. Null when a resumed call was stored uncounted.
   */
  sent: number | null;
  cached: number | null;
  /** Calls judging every pair would need. */
  everyPairCalls: number;
  orders: 1 | 2;
  /** Pairs with a failed order, counted as different. */
  failedPairs: number;
  /** Pairs asked (at least one order answered or failed). */
  judgedPairs: number;
  reasks: number;
  /** Calls made now (not resumed), for cost accounting. */
  newCalls: number;
}

/**
 * One judge call with one re-ask of an unreadable answer (never from the cache). Engine failures
 * after the engine's retries become a failed call; a cancellation propagates.
 */
async function askJudge(
  call: ChatCall,
  input: JudgeGroupInput,
  first: JudgedResponse,
  second: JudgedResponse,
): Promise<Omit<PairCall, 'a' | 'b' | 'order'>> {
  const counts = { sent: 0, cached: false };
  const tally = (how: 'sent' | 'cached'): void => {
    if (how === 'sent') counts.sent += 1;
    else counts.cached = true;
  };
  const request = {
    messages: buildJudgeMessages({
      prompt: input.prompt,
      category: input.category,
      a: first.text,
      b: second.text,
    }),
    ...judgeSideRequest(input.params),
  };
  let raw = '';
  let error = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const result = await call(request, { cache: attempt === 0, tally });
      raw = result.choices[0]?.text ?? '';
    } catch (err) {
      if (input.signal?.aborted) throw err;
      return {
        verdict: null,
        raw: '',
        error: `judge call failed: ${message(err)}`,
        callFailed: true,
        reasks: attempt,
        ...counts,
      };
    }
    const parsed = parseJudgeVerdict(raw);
    if (parsed.ok) {
      return { verdict: parsed.value, raw: truncateRaw(raw), reasks: attempt, ...counts };
    }
    error = `unreadable verdict (${parsed.error.kind}): ${parsed.error.message}`;
  }
  return { verdict: null, raw: truncateRaw(raw), error, reasks: 1, ...counts };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Judges a group's responses into functional classes with `judgeFunctionalClasses`.
 *
 * Both orders: a pair is equivalent only when both orders say "equivalent", so a judge that
 * leans on position cannot merge responses on one reading alone. A failed pair (an order whose
 * call failed or whose answer stayed unreadable after one re-ask) counts as DIFFERENT and is
 * flagged: merging on no evidence would hide diversity, while "different" keeps the two
 * responses apart and `failedPairs` shows the class count may be too high.
 *
 * Each answered call is reported through `onCall` before the next is made, and calls listed in
 * `previous` are reused, so an interrupted judging resumes without asking a pair twice.
 */
export async function judgeGroup(
  call: ChatCall,
  input: JudgeGroupInput,
): Promise<JudgeGroupResult> {
  const { responses, bothOrders, everyPair } = input;
  const orders: 1 | 2 = bothOrders ? 2 : 1;
  let failedPairs = 0;
  let judgedPairs = 0;
  let reasks = 0;
  let newCalls = 0;
  let sent: number | null = 0;
  let cached: number | null = 0;
  const failed = new Set<string>();
  const count = (pairCall: PairCall): void => {
    if (pairCall.sent === undefined || pairCall.cached === undefined) sent = cached = null;
    else if (sent !== null && cached !== null) {
      sent += pairCall.sent;
      cached += pairCall.cached ? 1 : 0;
    }
  };

  const one = async (i: number, j: number, order: PairOrder): Promise<PairCall> => {
    const ra = responses[i] as JudgedResponse;
    const rb = responses[j] as JudgedResponse;
    const key = pairKey(ra.index, rb.index, order);
    const done = input.previous?.get(key);
    if (done !== undefined) {
      count(done);
      return done;
    }
    const [first, second] = order === 'ab' ? [ra, rb] : [rb, ra];
    const answer = await askJudge(call, input, first, second);
    newCalls += 1;
    const pairCall: PairCall = { a: ra.index, b: rb.index, order, ...answer };
    count(pairCall);
    await input.onCall?.(pairCall);
    return pairCall;
  };

  const judged = await judgeFunctionalClasses(
    responses.length,
    async (i, j) => {
      const calls = await Promise.all(
        bothOrders ? [one(i, j, 'ab'), one(i, j, 'ba')] : [one(i, j, 'ab')],
      );
      judgedPairs += 1;
      reasks += calls.reduce((s, c) => s + c.reasks, 0);
      if (calls.some((c) => c.verdict === null)) {
        failedPairs += 1;
        failed.add(`${i}-${j}`);
        return false;
      }
      return calls.every((c) => c.verdict === 'equivalent');
    },
    { skipConnected: !everyPair, ...(input.signal === undefined ? {} : { signal: input.signal }) },
  );
  const verdicts: PairVerdict[] = judged.verdicts.map((v) =>
    failed.has(`${v.i}-${v.j}`) ? { ...v, failed: true } : { ...v },
  );
  return {
    classes: judged.classes,
    verdicts,
    calls: judged.calls * orders,
    sent,
    cached,
    // Computed here: for n = 0 the core's n(n-1)/2 is -0, which would leak into stored totals.
    everyPairCalls: responses.length < 2 ? 0 : judged.pairs * orders,
    orders,
    failedPairs,
    judgedPairs,
    reasks,
    newCalls,
  };
}
