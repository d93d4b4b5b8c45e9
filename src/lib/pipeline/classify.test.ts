// Classify stage with a scripted engine: readable and unreadable answers (one re-ask, then a
// recorded failure), engine failures, and how override, known and predicted categories combine.

import { describe, expect, it } from 'vitest';
import type { CategoryId } from '../core/taxonomy';
import { directCall } from './testing/direct-call';
import { classifyPrompt, resolveCategories } from './classify';
import { ScriptedEngine } from './testing/scripted-engine';

const params = { temperature: 0, maxTokens: 64 };

describe('classifyPrompt', () => {
  it.each<[string, string[], CategoryId | undefined, number, number, RegExp | undefined]>([
    ['a bare letter', ['D'], 'D', 1, 0, undefined],
    [
      'a labelled letter after reasoning',
      ['It asks for a poem.\nCategory: G'],
      'G',
      1,
      0,
      undefined,
    ],
    ['JSON', ['{"category": "c"}'], 'C', 1, 0, undefined],
    ['unreadable, then readable', ['Hmm, hard to say.', 'H'], 'H', 2, 1, undefined],
    ['empty twice', ['', ''], undefined, 2, 1, /unreadable classification \(empty\)/],
    ['conflicting letters twice', ['A or B', 'A, B'], undefined, 2, 1, /ambiguous/],
    [
      'a JSON letter outside A-H twice',
      ['{"category": "Z"}', '{"category": "Z"}'],
      undefined,
      2,
      1,
      /out-of-range/,
    ],
    ['unicode prose twice', ['これは難しい', 'これは難しい'], undefined, 2, 1, /no-match/],
  ])('%s', async (_label, replies, predicted, calls, reasks, error) => {
    const engine = new ScriptedEngine((_r, ctx) => replies[ctx.call - 1] ?? '');
    const out = await classifyPrompt(directCall(engine), 'Name a prime.', params);
    expect(out.predicted).toBe(predicted);
    expect(out.reasks).toBe(reasks);
    expect(engine.requests).toHaveLength(calls);
    if (error === undefined) expect(out.error).toBeUndefined();
    else expect(out.error).toMatch(error);
    expect(engine.requests[0]?.temperature).toBe(0);
    expect(engine.requests[0]?.messages[0]?.content).toContain('Name a prime.');
  });

  it('lets an engine failure through for the runner to record', async () => {
    const engine = new ScriptedEngine(() => new Error('HTTP 500'));
    await expect(classifyPrompt(directCall(engine), 'x', params)).rejects.toThrow('HTTP 500');
  });

  it('re-asks without the cache', async () => {
    const seen: (boolean | undefined)[] = [];
    const engine = new ScriptedEngine((_r, ctx) => (ctx.call === 1 ? '??' : 'A'));
    const call = directCall(engine);
    await classifyPrompt(
      (req, opts) => {
        seen.push(opts?.cache);
        return call(req, opts);
      },
      'x',
      params,
    );
    expect(seen).toEqual([true, false]);
  });
});

describe('resolveCategories', () => {
  type Opts = Parameters<typeof resolveCategories>[0];
  it.each<[string, Opts, ReturnType<typeof resolveCategories>]>([
    ['nothing known', { anchorWith: 'known' }, {}],
    ['prediction only', { predicted: 'B', anchorWith: 'known' }, { sampling: 'B', judge: 'B' }],
    [
      'known kept, prediction scored wrong',
      { known: 'D', predicted: 'A', anchorWith: 'known' },
      { sampling: 'D', judge: 'D', correct: false },
    ],
    [
      'known kept, prediction scored right',
      { known: 'G', predicted: 'G', anchorWith: 'known' },
      { sampling: 'G', judge: 'G', correct: true },
    ],
    [
      'paper mode anchors sampling on the prediction, judges on the known category',
      { known: 'D', predicted: 'A', anchorWith: 'predicted' },
      { sampling: 'A', judge: 'D', correct: false },
    ],
    [
      'paper mode without a prediction falls back to the known category',
      { known: 'F', anchorWith: 'predicted' },
      { sampling: 'F', judge: 'F' },
    ],
    [
      'override wins everywhere and the score still uses the known category',
      { known: 'D', predicted: 'D', override: 'E', anchorWith: 'predicted' },
      { sampling: 'E', judge: 'E', correct: true },
    ],
  ])('%s', (_label, opts, expected) => {
    expect(resolveCategories(opts)).toEqual(expected);
  });
});
