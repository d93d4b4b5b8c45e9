// Quality stage with a scripted engine: checklists and 1-5 grades, including unreadable output
// (one re-ask without the cache, then a recorded failure) and engine failures.

import { describe, expect, it } from 'vitest';
import { directCall } from './testing/direct-call';
import { generateChecklist, gradeResponse } from './quality';
import { ScriptedEngine } from './testing/scripted-engine';

const params = { temperature: 0, maxTokens: 256 };

describe('generateChecklist', () => {
  it.each<[string, string[], string[] | undefined, number, RegExp | undefined]>([
    [
      'a numbered list',
      ['1. Correct\n2. Clear\n3. Short'],
      ['Correct', 'Clear', 'Short'],
      1,
      undefined,
    ],
    ['JSON', ['{"checklist": ["a", "b", "c", "d"]}'], ['a', 'b', 'c', 'd'], 1, undefined],
    ['too short, then fine', ['1. Only one', '- x\n- y\n- z'], ['x', 'y', 'z'], 2, undefined],
    ['prose twice', ['Looks good to me.', 'Fine.'], undefined, 2, /unreadable checklist/],
    ['empty twice', ['', ''], undefined, 2, /empty/],
    ['unicode items', ['1. 准确\n2. 清晰\n3. 完整'], ['准确', '清晰', '完整'], 1, undefined],
  ])('%s', async (_label, replies, items, calls, error) => {
    const engine = new ScriptedEngine((_r, ctx) => replies[ctx.call - 1] ?? '');
    const out = await generateChecklist(directCall(engine), { prompt: 'Tell a joke.' }, params);
    expect(out.items).toEqual(items);
    expect(engine.requests).toHaveLength(calls);
    if (error === undefined) expect(out.error).toBeUndefined();
    else expect(out.error).toMatch(error);
  });

  it('steers the checklist with the category when known', async () => {
    const engine = new ScriptedEngine(() => '1. a\n2. b\n3. c');
    await generateChecklist(directCall(engine), { prompt: 'p', category: 'G' }, params);
    expect(engine.requests[0]?.messages[0]?.content).toContain('Creative Writing');
  });
});

describe('gradeResponse', () => {
  it.each<[string, string[], number | undefined, number, RegExp | undefined]>([
    ['a final score line', ['Meets all.\nScore: 5'], 5, 1, undefined],
    ['JSON', ['{"reasoning": "ok", "score": 3}'], 3, 1, undefined],
    ['out of range, then fine', ['Score: 9', 'Score: 2'], 2, 2, undefined],
    ['another scale twice', ['Rating: 8/10', 'Rating: 8/10'], undefined, 2, /out-of-range/],
    ['no score twice', ['I like it.', 'Nice.'], undefined, 2, /unreadable grade/],
    ['empty twice', ['', '  '], undefined, 2, /empty/],
  ])('%s', async (_label, replies, score, calls, error) => {
    const engine = new ScriptedEngine((_r, ctx) => replies[ctx.call - 1] ?? '');
    const out = await gradeResponse(
      directCall(engine),
      { prompt: 'p', checklist: ['a', 'b', 'c'], response: 'r' },
      params,
    );
    expect(out.score).toBe(score);
    expect(engine.requests).toHaveLength(calls);
    if (error === undefined) expect(out.error).toBeUndefined();
    else expect(out.error).toMatch(error);
  });

  it('lets an engine failure through', async () => {
    const engine = new ScriptedEngine(() => new Error('network down'));
    await expect(
      gradeResponse(directCall(engine), { prompt: 'p', checklist: ['a'], response: 'r' }, params),
    ).rejects.toThrow('network down');
  });
});
