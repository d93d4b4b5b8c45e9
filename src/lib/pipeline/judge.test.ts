// Judge stage with a scripted engine that judges by response content: classes with pair skipping
// equal those of judging every pair, both-order judging, re-asks, failed pairs and resuming.

import { describe, expect, it } from 'vitest';
import { classCount, partitionToClasses } from '../core/functional';
import { CallCache, EngineCaller, newCounter } from './call';
import { directCall } from './testing/direct-call';
import { judgeGroup, type JudgeGroupInput, type PairCall } from './judge';
import { ScriptedEngine, judgedPair } from './testing/scripted-engine';
import { labelOf } from './testing/scripts';

const params = { temperature: 0, maxTokens: 64 };

function responses(labels: readonly (string | number)[]): JudgeGroupInput['responses'] {
  return labels.map((l, index) => ({ index, text: `${l}#${index}` }));
}

function byLabel(): ScriptedEngine {
  return new ScriptedEngine((req) => {
    const { a, b } = judgedPair(req);
    return labelOf(a) === labelOf(b) ? 'Verdict: EQUIVALENT' : 'Verdict: DIFFERENT';
  });
}

function input(
  labels: readonly (string | number)[],
  extra: Partial<JudgeGroupInput> = {},
): JudgeGroupInput {
  return {
    prompt: 'Name a color.',
    category: 'B',
    responses: responses(labels),
    everyPair: false,
    bothOrders: false,
    params,
    ...extra,
  };
}

describe('judgeGroup: classes and calls', () => {
  it.each<[string, number[], number, number]>([
    ['all equivalent', [0, 0, 0, 0, 0], 1, 4],
    ['all different', [0, 1, 2, 3, 4], 5, 10],
    // Transitive judge: n(n-1)/2 - sum over classes of C(size-1, 2) calls.
    ['two classes', [0, 0, 1, 1, 0], 2, 10 - 1],
    ['one response', [0], 1, 0],
    ['no response', [], 0, 0],
    ['ten responses, three classes', [0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 3, 45 - 3 - 1 - 1],
  ])('%s', async (_label, labels, classes, skippingCalls) => {
    const withSkipping = await judgeGroup(directCall(byLabel()), input(labels));
    const every = await judgeGroup(directCall(byLabel()), input(labels, { everyPair: true }));
    expect(withSkipping.classes).toEqual(partitionToClasses(labels));
    expect(every.classes).toEqual(withSkipping.classes);
    expect(classCount(withSkipping.classes)).toBe(classes);
    expect(withSkipping.calls).toBe(skippingCalls);
    expect(every.calls).toBe(labels.length < 2 ? 0 : (labels.length * (labels.length - 1)) / 2);
    expect(withSkipping.everyPairCalls).toBe(every.calls);
    expect(withSkipping.verdicts).toHaveLength(every.verdicts.length);
  });

  it('sends the task-anchored judge prompt for the category', async () => {
    const engine = byLabel();
    await judgeGroup(directCall(engine), input([0, 1], { category: 'D' }));
    expect(engine.requests[0]?.messages[0]?.content).toContain('task category D');
    expect(judgedPair(engine.requests[0] ?? { messages: [] })).toEqual({ a: '0#0', b: '1#1' });
  });
});

describe('judgeGroup: both orders', () => {
  // A position-biased judge: says "equivalent" only when the lower-indexed response comes first.
  const biased = (): ScriptedEngine =>
    new ScriptedEngine((req) => {
      const { a, b } = judgedPair(req);
      const ia = Number(a.split('#')[1]);
      const ib = Number(b.split('#')[1]);
      return ia < ib ? 'Verdict: EQUIVALENT' : 'Verdict: DIFFERENT';
    });

  it.each<[string, boolean, number, number]>([
    ['one order trusts the biased first reading', false, 1, 2],
    ['both orders must agree', true, 3, 6],
  ])('%s', async (_label, bothOrders, classes, calls) => {
    const engine = biased();
    const out = await judgeGroup(directCall(engine), input([0, 0, 0], { bothOrders }));
    expect(out.classes).toHaveLength(classes);
    expect(out.calls).toBe(calls);
    expect(out.orders).toBe(bothOrders ? 2 : 1);
    expect(out.everyPairCalls).toBe(bothOrders ? 6 : 3);
    expect(engine.requests).toHaveLength(calls);
  });
});

describe('judgeGroup: unreadable verdicts and failures', () => {
  it.each<[string, (call: number) => string | Error, number, number, number]>([
    [
      'unreadable once, then readable: one re-ask',
      (c) => (c === 1 ? 'hmm' : 'Verdict: EQUIVALENT'),
      1,
      0,
      1,
    ],
    ['always unreadable: failed pair counts as different', () => 'I am not sure.', 2, 1, 1],
    ['engine failure: failed pair counts as different', () => new Error('HTTP 503'), 2, 1, 0],
    ['ambiguous verdicts', () => 'Verdict: EQUIVALENT or Verdict: DIFFERENT', 2, 1, 1],
  ])('%s', async (_label, reply, classes, failedPairs, reasks) => {
    const engine = new ScriptedEngine((_r, ctx) => reply(ctx.call));
    const out = await judgeGroup(directCall(engine), input([0, 0]));
    expect(out.classes).toHaveLength(classes);
    expect(out.failedPairs).toBe(failedPairs);
    expect(out.reasks).toBe(reasks);
    expect(out.verdicts[0]?.failed === true).toBe(failedPairs > 0);
    expect(out.verdicts[0]?.equivalent).toBe(failedPairs === 0);
  });

  it('reports every new call, with its raw answer or error, before the next one', async () => {
    const seen: PairCall[] = [];
    const engine = new ScriptedEngine((req) => {
      const { a } = judgedPair(req);
      return a.startsWith('x') ? 'gibberish' : 'Verdict: DIFFERENT';
    });
    await judgeGroup(
      directCall(engine),
      input(['x', 'y', 'z'], {
        onCall: (c) => {
          seen.push(c);
        },
      }),
    );
    expect(seen.map((c) => [c.a, c.b, c.verdict])).toEqual([
      [0, 1, null],
      [0, 2, null],
      [1, 2, 'different'],
    ]);
    expect(seen[0]?.error).toMatch(/unreadable verdict/);
    expect(seen[0]?.raw).toBe('gibberish');
  });
});

describe('judgeGroup: requests sent and answers from the cache, counted apart', () => {
  /** Responses whose texts repeat exactly, so some judge requests are identical. */
  function literal(texts: readonly string[]): JudgeGroupInput['responses'] {
    return texts.map((text, index) => ({ index, text }));
  }
  const sameOrNot = (): ScriptedEngine =>
    new ScriptedEngine((req) => {
      const { a, b } = judgedPair(req);
      return a === b ? 'Verdict: EQUIVALENT' : 'Verdict: DIFFERENT';
    });

  it.each<[string, string[], boolean, { calls: number; sent: number; cached: number }]>([
    // a a a b: "a vs a" is asked for (0,1) and answered from the cache for (0,2); "a vs b" is
    // sent for (0,3) and cached for (1,3) and (2,3); pair skipping infers (1,2).
    [
      'repeated texts, pair skipping',
      ['a', 'a', 'a', 'b'],
      false,
      { calls: 5, sent: 2, cached: 3 },
    ],
    ['repeated texts, every pair', ['a', 'a', 'a', 'b'], true, { calls: 6, sent: 2, cached: 4 }],
    // "a vs b" and "b vs a" are different requests: the order is part of the request.
    ['a b a b', ['a', 'b', 'a', 'b'], false, { calls: 6, sent: 4, cached: 2 }],
    ['distinct texts: nothing cached', ['a', 'b', 'c'], false, { calls: 3, sent: 3, cached: 0 }],
    ['one response', ['a'], false, { calls: 0, sent: 0, cached: 0 }],
  ])('%s', async (_label, texts, everyPair, expected) => {
    const engine = sameOrNot();
    const caller = new EngineCaller(engine, {
      concurrency: 1,
      signal: new AbortController().signal,
      cache: new CallCache(),
    });
    const seen: PairCall[] = [];
    const out = await judgeGroup(caller.bind(newCounter()), {
      ...input([], { everyPair, onCall: (c) => void seen.push(c) }),
      responses: literal(texts),
    });
    expect({ calls: out.calls, sent: out.sent, cached: out.cached }).toEqual(expected);
    // What the engine received is what is reported as sent.
    expect(engine.requests).toHaveLength(expected.sent);
    expect(seen.filter((c) => c.cached === true)).toHaveLength(expected.cached);
    expect(seen.reduce((sum, c) => sum + (c.sent ?? 0), 0)).toBe(expected.sent);
  });

  it('counts a re-ask as a request sent, not as a verdict', async () => {
    const engine = new ScriptedEngine((_r, ctx) =>
      ctx.call === 1 ? 'hmm' : 'Verdict: EQUIVALENT',
    );
    const caller = new EngineCaller(engine, {
      concurrency: 1,
      signal: new AbortController().signal,
      cache: new CallCache(),
    });
    const out = await judgeGroup(caller.bind(newCounter()), input([0, 0]));
    expect({ calls: out.calls, sent: out.sent, cached: out.cached, reasks: out.reasks }).toEqual({
      calls: 1,
      sent: 2,
      cached: 0,
      reasks: 1,
    });
    expect(engine.requests).toHaveLength(2);
  });

  it.each<[string, Partial<PairCall>, number | null]>([
    ['resumed calls keep their stored counts', { sent: 1, cached: false }, 3],
    ['a resumed cached call adds nothing sent', { sent: 0, cached: true }, 2],
    ['a call stored without counts makes the totals unknown', {}, null],
  ])('%s', async (_label, stored, sent) => {
    const previous = new Map<string, PairCall>([
      ['0-1-ab', { a: 0, b: 1, order: 'ab', verdict: 'different', raw: '', reasks: 0, ...stored }],
    ]);
    const out = await judgeGroup(directCall(byLabel()), input([0, 1, 2], { previous }));
    expect(out.calls).toBe(3);
    expect(out.sent).toBe(sent);
    expect(out.cached).toBe(sent === null ? null : stored.cached === true ? 1 : 0);
  });
});

describe('judgeGroup: resume', () => {
  it('reuses the calls of an interrupted judging and asks only the rest', async () => {
    const labels = [0, 1, 0, 1];
    const first = await judgeGroup(directCall(byLabel()), input(labels));
    const seen: PairCall[] = [];
    const firstCalls: PairCall[] = [];
    await judgeGroup(
      directCall(byLabel()),
      input(labels, { onCall: (c) => void firstCalls.push(c) }),
    );
    const previous = new Map(firstCalls.slice(0, 2).map((c) => [`${c.a}-${c.b}-${c.order}`, c]));
    const engine = byLabel();
    const resumed = await judgeGroup(
      directCall(engine),
      input(labels, { previous, onCall: (c) => void seen.push(c) }),
    );
    expect(resumed.classes).toEqual(first.classes);
    expect(resumed.calls).toBe(first.calls);
    expect(resumed.newCalls).toBe(first.calls - 2);
    expect(engine.requests).toHaveLength(first.calls - 2);
    expect(seen).toHaveLength(first.calls - 2);
  });

  it('stops between calls when cancelled', async () => {
    const controller = new AbortController();
    const engine = new ScriptedEngine(() => {
      controller.abort();
      return 'Verdict: DIFFERENT';
    });
    await expect(
      judgeGroup(directCall(engine), input([0, 1, 2], { signal: controller.signal })),
    ).rejects.toThrow();
    expect(engine.requests).toHaveLength(1);
  });
});
