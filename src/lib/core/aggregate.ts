// Aggregation of per-judge and per-response results into the figures the paper reports:
// class counts and quality averaged across judges, accuracy rates, judge calls saved by skipping.

/**
 * Arithmetic mean.
 * @param values Numbers to average; non-finite values are ignored.
 * @returns The mean, or null when no finite value is given.
 */
export function mean(values: readonly number[]): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    count += 1;
  }
  return count === 0 ? null : sum / count;
}

/** One judge's value for one item, e.g. its class count for a group or its grade of a response. */
export interface JudgeValue {
  judge: string;
  value: number;
}

/**
 * Averages per judge first, then across judges, as the paper reports metrics "averaged across the
 * three judges": a judge that scored more items does not weigh more than the others.
 * @param values Values of any number of judges, several per judge allowed.
 * @returns The mean of the per-judge means, or null when there is no value.
 */
export function meanAcrossJudges(values: readonly JudgeValue[]): number | null {
  const byJudge = new Map<string, number[]>();
  for (const { judge, value } of values) {
    const list = byJudge.get(judge);
    if (list === undefined) byJudge.set(judge, [value]);
    else list.push(value);
  }
  const perJudge = [...byJudge.values()].map(mean).filter((m): m is number => m !== null);
  return mean(perJudge);
}

/** Judge calls of one judging of a group (or a total), and what judging every pair would take. */
export interface JudgeCallCount {
  /** Verdicts asked (pairs asked x orders), re-asks excluded, cached answers included. */
  calls: number;
  everyPairCalls: number;
  /** Requests sent to the engine (re-asks included; HTTP retries stay inside the engine); null/absent when not counted. */
  sentCalls?: number | null;
  /** Verdicts answered from the app's cache of identical requests; null/absent when not counted. */
  cachedCalls?: number | null;
}

/**
 * Judge-call totals, kept apart as a provider would see them: requests sent, answers taken from
 * the app's cache, and calls skipped by pair skipping (`saved`).
 */
export interface JudgeCallSavings extends JudgeCallCount {
  /** Calls pair skipping made unnecessary: everyPairCalls - calls. */
  saved: number;
  /** calls / everyPairCalls; null when no pair needed judging. */
  ratio: number | null;
  /** Requests sent to the engines; null when some group was stored without counting them. */
  sentCalls: number | null;
  /** Verdicts answered from the cache; null when some group was stored without counting them. */
  cachedCalls: number | null;
}

/**
 * Sums judge calls over groups and compares them with judging every pair.
 * @param counts One entry per judged group (and judge), or totals.
 * @returns Totals, calls skipped, the ratio calls / every-pair calls, requests sent and cached.
 */
export function judgeCallSavings(counts: readonly JudgeCallCount[]): JudgeCallSavings {
  let calls = 0;
  let everyPairCalls = 0;
  let sentCalls: number | null = 0;
  let cachedCalls: number | null = 0;
  for (const c of counts) {
    calls += c.calls;
    everyPairCalls += c.everyPairCalls;
    const sent = c.sentCalls ?? null;
    const cached = c.cachedCalls ?? null;
    if (sent === null || cached === null) sentCalls = cachedCalls = null;
    else if (sentCalls !== null && cachedCalls !== null) {
      sentCalls += sent;
      cachedCalls += cached;
    }
  }
  return {
    calls,
    everyPairCalls,
    saved: everyPairCalls - calls,
    ratio: everyPairCalls === 0 ? null : calls / everyPairCalls,
    sentCalls,
    cachedCalls,
  };
}

/** Accuracy over graded responses. */
export interface AccuracyRate {
  correct: number;
  /** Responses with a readable verdict (null verdicts are left out). */
  graded: number;
  /** correct / graded, or null when nothing was graded. */
  rate: number | null;
}

/**
 * Share of correct responses among those whose correctness is known.
 * @param verdicts true = correct, false = incorrect, null = grader answer unreadable.
 * @returns Counts and rate.
 */
export function accuracyRate(verdicts: readonly (boolean | null)[]): AccuracyRate {
  let correct = 0;
  let graded = 0;
  for (const v of verdicts) {
    if (v === null) continue;
    graded += 1;
    if (v) correct += 1;
  }
  return { correct, graded, rate: graded === 0 ? null : correct / graded };
}
