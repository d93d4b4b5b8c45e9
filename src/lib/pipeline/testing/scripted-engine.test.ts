// The scripted test engine: it must recognise every pipeline request it is sent, honour native n,
// latency, failures and cancellation, and report its peak concurrency.

import { describe, expect, it } from 'vitest';
import {
  buildChecklistGradeMessages,
  buildChecklistMessages,
  buildClassificationMessages,
  buildCorrectnessMessages,
  buildJudgeMessages,
  buildRegenerationMessages,
  buildSystemPromptSampling,
  buildTemperatureMessages,
} from '../../core/prompts';
import {
  ScriptedEmbeddingEngine,
  ScriptedEngine,
  gradedResponse,
  judgedPair,
  requestKind,
  requestPrompt,
  type RequestKind,
} from './scripted-engine';

const P = 'Name a prime & say why: <b>';

describe('requestKind and requestPrompt', () => {
  it.each<[RequestKind, ReturnType<typeof buildTemperatureMessages>]>([
    ['classify', buildClassificationMessages(P)],
    ['sample', buildTemperatureMessages(P)],
    ['sample-multi', buildSystemPromptSampling({ prompt: P, k: 3, anchored: true, category: 'B' })],
    [
      'sample-regeneration',
      buildRegenerationMessages({ prompt: P, previous: ['2'], anchored: false }),
    ],
    ['judge', buildJudgeMessages({ prompt: P, category: 'B', a: 'x', b: 'y' })],
    ['checklist', buildChecklistMessages({ prompt: P })],
    ['grade', buildChecklistGradeMessages({ prompt: P, checklist: ['a'], response: 'r' })],
    ['correctness', buildCorrectnessMessages({ question: P, gold: 'g', response: 'r' })],
  ])('%s', (kind, messages) => {
    expect(requestKind({ messages })).toBe(kind);
    expect(requestPrompt({ messages })).toBe(P);
  });

  it('reads the judged pair and the graded response', () => {
    const judge = buildJudgeMessages({ prompt: P, category: 'G', a: 'first\nline', b: '第二' });
    expect(judgedPair({ messages: judge })).toEqual({ a: 'first\nline', b: '第二' });
    const grade = buildCorrectnessMessages({ question: 'q', gold: 'g', response: 'ans' });
    expect(gradedResponse({ messages: grade })).toBe('ans');
  });
});

describe('ScriptedEngine', () => {
  it.each<['native' | 'emulated', number, number]>([
    ['native', 3, 3],
    ['emulated', 3, 1],
  ])('n %s: %i requested, %i choices', async (n, requested, choices) => {
    const engine = new ScriptedEngine((_r, ctx) => `c${ctx.choice}`, { capabilities: { n } });
    const out = await engine.chat({ messages: [{ role: 'user', content: 'x' }], n: requested });
    expect(out.choices.map((c) => c.text)).toEqual(
      Array.from({ length: choices }, (_, i) => `c${i}`),
    );
  });

  it('throws scripted errors and honours cancellation', async () => {
    const failing = new ScriptedEngine(() => new Error('boom'));
    await expect(failing.chat({ messages: [] })).rejects.toThrow('boom');
    const slow = new ScriptedEngine(() => 'x', { latencyMs: 1000 });
    const controller = new AbortController();
    const call = slow.chat({ messages: [], signal: controller.signal });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(slow.inFlight).toBe(0);
  });

  it('local engines default to one call at a time; usage can be withheld', async () => {
    const engine = new ScriptedEngine(() => 'x', { location: 'local', usage: null, id: 'a/b/c' });
    expect(engine.capabilities.maxConcurrency).toBe(1);
    expect([engine.providerId, engine.model]).toEqual(['a', 'b/c']);
    expect((await engine.chat({ messages: [] })).usage).toBeNull();
  });
});

describe('ScriptedEmbeddingEngine', () => {
  it('returns L2-normalised vectors and counts texts', async () => {
    const engine = new ScriptedEmbeddingEngine((t) => (t === '' ? [0, 0] : [3, 4]));
    const [v, zero] = await engine.embed(['a', '']);
    expect(Array.from(v ?? [])).toEqual([expect.closeTo(0.6), expect.closeTo(0.8)]);
    expect(Array.from(zero ?? [])).toEqual([0, 0]);
    expect([engine.calls, engine.texts]).toEqual([1, 2]);
  });
});
