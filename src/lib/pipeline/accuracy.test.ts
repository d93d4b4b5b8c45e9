// Accuracy stage: math answers by boxed-answer equivalence (no call), short answers by the
// grader prompt with a scripted engine, including unreadable grades and missing boxed answers.

import { describe, expect, it } from 'vitest';
import { gradeMath, gradeShortAnswer } from './accuracy';
import { directCall } from './testing/direct-call';
import { ScriptedEngine } from './testing/scripted-engine';

describe('gradeMath', () => {
  it.each<[string, string, string, boolean, string | null, boolean]>([
    ['matching integer', 'So the answer is $\\boxed{42}$.', '42', true, '42', false],
    ['equivalent fraction', '\\boxed{\\frac{1}{2}}', '0.5', true, '\\frac{1}{2}', false],
    ['boxed gold (a MATH solution)', '\\boxed{3}', 'Thus $\\boxed{3}$.', true, '3', false],
    ['wrong answer', '\\boxed{41}', '42', false, '41', false],
    ['last box counts', '\\boxed{1} no wait \\boxed{2}', '2', true, '2', false],
    ['no boxed answer: incorrect and flagged', 'The answer is 42.', '42', false, null, true],
    ['empty response', '', '42', false, null, true],
    ['unicode around the box', 'Réponse : \\boxed{7} ✓', '7', true, '7', false],
  ])('%s', (_label, response, gold, correct, extracted, flagged) => {
    const out = gradeMath(response, gold);
    expect(out.correct).toBe(correct);
    expect(out.extracted).toBe(extracted);
    expect(out.issue !== undefined).toBe(flagged);
  });
});

describe('gradeShortAnswer', () => {
  it.each<[string, string[], boolean | null, string | undefined, number]>([
    ['correct', ['CORRECT'], true, 'correct', 1],
    ['incorrect', ['INCORRECT'], false, 'incorrect', 1],
    ['not attempted counts as not correct', ['NOT_ATTEMPTED'], false, 'not-attempted', 1],
    ['JSON', ['{"grade": "CORRECT"}'], true, 'correct', 1],
    ['unreadable, then fine', ['maybe?', 'INCORRECT'], false, 'incorrect', 2],
    ['unreadable twice', ['maybe?', 'who knows'], null, undefined, 2],
    ['empty twice', ['', ''], null, undefined, 2],
  ])('%s', async (_label, replies, correct, grade, calls) => {
    const engine = new ScriptedEngine((_r, ctx) => replies[ctx.call - 1] ?? '');
    const out = await gradeShortAnswer(
      directCall(engine),
      { question: 'Capital of France?', gold: 'Paris', response: 'Paris.' },
      { temperature: 0, maxTokens: 16 },
    );
    expect(out.correct).toBe(correct);
    expect(out.grade).toBe(grade);
    expect(engine.requests).toHaveLength(calls);
    expect(out.error !== undefined).toBe(correct === null);
    expect(engine.requests[0]?.messages[0]?.content).toContain('<gold>\nParis\n</gold>');
  });
});
