// Sample stage with a scripted engine: independent calls with per-sample seeds, native n,
// k responses in one completion (lenient parsing, recorded problems) and regeneration turns.

import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../engines/types';
import type { CallOptions, ChatCall } from './call';
import { directCall } from './testing/direct-call';
import { SAMPLING_STRATEGY_IDS, type SamplingStrategy } from '../core/prompts';
import { sampleMulti, sampleNativeN, sampleOne, sampleRegeneration, sampleSeed } from './sample';
import { ScriptedEngine, multiResponse } from './testing/scripted-engine';

const params = { temperature: 1, topP: 0.9, maxTokens: 100, independent: true };

/** A ChatCall that records the cache option of every call. */
function spying(engine: ScriptedEngine): { call: ChatCall; cache: (boolean | undefined)[] } {
  const cache: (boolean | undefined)[] = [];
  const direct = directCall(engine);
  return {
    cache,
    call: (req: Omit<ChatRequest, 'signal'>, opts?: CallOptions) => {
      cache.push(opts?.cache);
      return direct(req, opts);
    },
  };
}

describe('sampleSeed: one seed per strategy and sample, derived from the run seed', () => {
  it.each<[string, number, SamplingStrategy, number, number, number]>([
    ['temperature sample 1', 100, 'temperature', 0, 5, 100],
    ['temperature sample 5', 100, 'temperature', 4, 5, 104],
    ['system prompt (general), one call', 100, 'system-general', 0, 5, 105],
    ['system prompt (anchored), one call', 100, 'system-task-anchored', 0, 5, 110],
    ['regeneration (general), turn 1', 100, 'icr-general', 0, 5, 115],
    ['regeneration (anchored), turn 3', 100, 'icr-task-anchored', 2, 5, 122],
    ['k = 10 spaces the strategies by 10', 0, 'icr-general', 9, 10, 39],
  ])('%s', (_label, runSeed, strategy, index, k, expected) => {
    expect(sampleSeed(runSeed, strategy, index, k)).toBe(expected);
  });

  it('gives every sampling request of a prompt its own seed', () => {
    for (const k of [1, 2, 5, 20]) {
      const seeds = SAMPLING_STRATEGY_IDS.flatMap((s) =>
        Array.from({ length: k }, (_, i) => sampleSeed(42, s, i, k)),
      );
      expect(new Set(seeds).size).toBe(seeds.length);
    }
  });
});

describe('sampleOne (temperature sampling)', () => {
  it.each<[string, number | undefined, number, number | undefined]>([
    ['no seed', undefined, 3, undefined],
    ["the unit's own seed is sent as is", 103, 3, 103],
    ['index 0', 7, 0, 7],
  ])('%s', async (_label, seed, index, sentSeed) => {
    const engine = new ScriptedEngine((req) => `answer ${req.seed ?? '-'}`);
    const out = await sampleOne(directCall(engine), 'Roll a die.', index, {
      ...params,
      ...(seed === undefined ? {} : { seed }),
    });
    const req = engine.requests[0];
    expect(req?.seed).toBe(sentSeed);
    expect(req).toMatchObject({ temperature: 1, top_p: 0.9, max_tokens: 100 });
    expect(req?.messages).toEqual([{ role: 'user', content: 'Roll a die.' }]);
    expect(out.responses).toHaveLength(1);
    expect(out.responses[0]).toMatchObject({
      index,
      text: `answer ${sentSeed ?? '-'}`,
      params: {
        temperature: 1,
        topP: 0.9,
        maxTokens: 100,
        ...(seed === undefined ? {} : { seed: sentSeed }),
      },
      finishReason: 'stop',
    });
    expect(out.responses[0]?.usage).toBeDefined();
  });

  it.each<[string, boolean, (boolean | undefined)[]]>([
    ['independent samples never use the cache', true, [false]],
    ['dependent samples may', false, [true]],
  ])('%s', async (_label, independent, expected) => {
    const engine = new ScriptedEngine(() => 'x');
    const { call, cache } = spying(engine);
    await sampleOne(call, 'p', 0, { ...params, independent });
    expect(cache).toEqual(expected);
  });

  it.each<[string, string[], number, boolean]>([
    ['empty, then text', ['', 'hello'], 2, true],
    ['whitespace twice: recorded failure', ['  ', '\n'], 2, false],
  ])('%s', async (_label, replies, calls, ok) => {
    const engine = new ScriptedEngine((_r, ctx) => replies[ctx.call - 1] ?? '');
    const { call, cache } = spying(engine);
    const out = await sampleOne(call, 'p', 0, { ...params, independent: false });
    expect(engine.requests).toHaveLength(calls);
    expect(cache[1]).toBe(false);
    expect(out.responses.length > 0).toBe(ok);
    expect(out.error === undefined).toBe(ok);
  });
});

describe('sampleNativeN', () => {
  it.each<[string, (choice: number) => string, number, boolean]>([
    ['k choices', (c) => `choice ${c}`, 4, false],
    ['some empty choices are dropped and reported', (c) => (c % 2 === 0 ? `c${c}` : ''), 2, true],
  ])('%s', async (_label, reply, kept, issue) => {
    const engine = new ScriptedEngine((_r, ctx) => reply(ctx.choice), {
      capabilities: { n: 'native' },
    });
    const out = await sampleNativeN(directCall(engine), 'p', 4, params);
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]?.n).toBe(4);
    expect(out.responses.map((r) => r.index)).toEqual(Array.from({ length: kept }, (_, i) => i));
    expect(out.issue !== undefined).toBe(issue);
  });

  it('no usable choice twice is a recorded failure', async () => {
    const engine = new ScriptedEngine(() => '', { capabilities: { n: 'native' } });
    const out = await sampleNativeN(directCall(engine), 'p', 3, params);
    expect(out).toMatchObject({ responses: [], reasks: 1 });
    expect(out.error).toMatch(/empty/);
  });
});

describe('sampleMulti (system-prompt sampling)', () => {
  const five = multiResponse(['one', 'two', 'three', 'four', 'five']);
  it.each<[string, string[], string[], number, RegExp | undefined, RegExp | undefined]>([
    [
      'exactly k tagged responses',
      [five],
      ['one', 'two', 'three', 'four', 'five'],
      1,
      undefined,
      undefined,
    ],
    [
      'fewer than k: kept, issue recorded',
      [multiResponse(['a', 'b', 'c'])],
      ['a', 'b', 'c'],
      1,
      /expected 5 responses, found 3/,
      undefined,
    ],
    [
      'more than k: first k kept',
      [multiResponse(['1', '2', '3', '4', '5', '6', '7'])],
      ['1', '2', '3', '4', '5'],
      1,
      /found 7/,
      undefined,
    ],
    [
      '"Response N" headings',
      ['Response 1: a\nResponse 2: b\nResponse 3: c\nResponse 4: d\nResponse 5: e'],
      ['a', 'b', 'c', 'd', 'e'],
      1,
      undefined,
      undefined,
    ],
    [
      'unparseable, then fine',
      ['Sure! Here you go.', five],
      ['one', 'two', 'three', 'four', 'five'],
      2,
      undefined,
      undefined,
    ],
    [
      'unparseable twice: recorded failure',
      ['no tags at all', ''],
      [],
      2,
      undefined,
      /unreadable k-response output/,
    ],
    [
      'unicode responses keep their characters',
      [multiResponse(['é', '猫', '🎲', 'ß', 'Ω'])],
      ['é', '猫', '🎲', 'ß', 'Ω'],
      1,
      undefined,
      undefined,
    ],
  ])('%s', async (_label, replies, texts, calls, issue, error) => {
    const engine = new ScriptedEngine((_r, ctx) => replies[ctx.call - 1] ?? '');
    const out = await sampleMulti(
      directCall(engine),
      { prompt: 'p', k: 5, anchored: false },
      params,
    );
    expect(out.responses.map((r) => r.text)).toEqual(texts);
    expect(out.responses.map((r) => r.index)).toEqual(texts.map((_t, i) => i));
    expect(engine.requests).toHaveLength(calls);
    if (issue === undefined) expect(out.issue).toBeUndefined();
    else expect(out.issue).toMatch(issue);
    if (error === undefined) expect(out.error).toBeUndefined();
    else expect(out.error).toMatch(error);
  });

  it.each<[string, boolean, 'G' | undefined, RegExp]>([
    ['general', false, undefined, /^Generate 5 responses that represent diverse values\./],
    ['task-anchored (G)', true, 'G', /creative expression/],
  ])(
    '%s instruction, k x maxTokens, usage not split per response',
    async (_l, anchored, category, re) => {
      const engine = new ScriptedEngine(() => five);
      const out = await sampleMulti(
        directCall(engine),
        { prompt: 'Tell a joke.', k: 5, anchored, ...(category === undefined ? {} : { category }) },
        params,
      );
      expect(engine.requests[0]?.max_tokens).toBe(500);
      expect(engine.requests[0]?.messages[0]?.content).toMatch(re);
      expect(out.responses[0]?.instruction).toMatch(re);
      expect(out.responses.every((r) => r.usage === undefined)).toBe(true);
    },
  );

  it('task-anchored without a category is a programmer error', async () => {
    const engine = new ScriptedEngine(() => five);
    await expect(
      sampleMulti(directCall(engine), { prompt: 'p', k: 5, anchored: true }, params),
    ).rejects.toThrow(/category/);
  });
});

describe('sampleRegeneration (in-context regeneration)', () => {
  it.each<[string, string[], boolean, 'D' | undefined, number, string | undefined]>([
    ['first turn is the bare prompt', [], false, undefined, 1, undefined],
    [
      'third turn, general',
      ['a1', 'a2'],
      false,
      undefined,
      5,
      'Can you generate a different answer?',
    ],
    [
      'second turn, task-anchored (D)',
      ['a1'],
      true,
      'D',
      3,
      'Can you solve the problem using a different strategy?',
    ],
  ])('%s', async (_label, previous, anchored, category, messages, follow) => {
    const engine = new ScriptedEngine((req) => `turn ${req.messages.length}`);
    const out = await sampleRegeneration(
      directCall(engine),
      { prompt: 'p', previous, anchored, ...(category === undefined ? {} : { category }) },
      params,
    );
    const sent = engine.requests[0]?.messages ?? [];
    expect(sent).toHaveLength(messages);
    expect(sent.at(-1)?.role).toBe('user');
    if (follow !== undefined) expect(sent.at(-1)?.content.startsWith(follow)).toBe(true);
    expect(out.responses[0]).toMatchObject({ index: previous.length, text: `turn ${messages}` });
    expect(out.responses[0]?.instruction?.slice(0, 10)).toBe(follow?.slice(0, 10));
  });

  it('an empty answer twice is a recorded failure', async () => {
    const engine = new ScriptedEngine(() => '');
    const out = await sampleRegeneration(
      directCall(engine),
      { prompt: 'p', previous: ['x'], anchored: false },
      params,
    );
    expect(out.responses).toEqual([]);
    expect(out.error).toMatch(/empty/);
  });
});
