// Table-driven tests for the judge-verdict parser: negations, labels, caps, JSON and conflicts.
import { describe, it, expect } from 'vitest';
import { parseJudgeVerdict } from './verdict';
import { value, kind } from '../testing/parse-results';

describe('parseJudgeVerdict', () => {
  it.each([
    ['EQUIVALENT', 'equivalent'],
    ['different', 'different'],
    ['Verdict: EQUIVALENT', 'equivalent'],
    ['Verdict: DIFFERENT', 'different'],
    ['verdict - different', 'different'],
    ['**Verdict:** Different', 'different'],
    ['Final verdict: **EQUIVALENT**', 'equivalent'],
    ['{"verdict":"different"}', 'different'],
    ['{"reasoning": "Both use induction.", "verdict": "equivalent"}', 'equivalent'],
    ['```json\n{"verdict": "DIFFERENT"}\n```', 'different'],
    ['{"verdict": "not equivalent"}', 'different'],
    ['{"equivalent": false}', 'different'],
    ['{"functionally_equivalent": true}', 'equivalent'],
    ['{"different": true}', 'different'],
    ['Not equivalent.', 'different'],
    ['NOT EQUIVALENT', 'different'],
    ['The responses are not functionally equivalent.', 'different'],
    ['They are non-equivalent.', 'different'],
    ['inequivalent', 'different'],
    ["The two answers aren't really equivalent.", 'different'],
    ['These isn’t equivalent', 'different'],
    ['The responses are not different in any meaningful way.', 'equivalent'],
    ['They are not the same.', 'different'],
    ['Functionally different', 'different'],
    [
      'Both responses use different words but the same strategy (substitution).\n\nVerdict: EQUIVALENT',
      'equivalent',
    ],
    [
      'Verdict: EQUIVALENT\n\nBoth pick the number 7; the wording is different but that does not matter.',
      'equivalent',
    ],
    [
      'Response A argues geometrically while B uses algebra; these are different strategies.\n\n**DIFFERENT**',
      'different',
    ],
    ['The stories differ in genre and tone. DIFFERENT', 'different'],
    ['Verdict: The two responses are functionally different.', 'different'],
    [
      'Both stories are written in different styles but share plot. Verdict: equivalent',
      'equivalent',
    ],
    ['The responses use different approaches.', 'different'],
    ['<think>Equivalent? Verdict: EQUIVALENT</think>\nVerdict: DIFFERENT', 'different'],
    ['结论：不同', 'different'],
    ['判断：等价', 'equivalent'],
    ['两个回答虽然措辞不同，但策略相同。\n结论：等价', 'equivalent'],
    ['两个回答不等价。', 'different'],
    ['Verdict：ＤＩＦＦＥＲＥＮＴ', 'different'],
    ['Judgment = equivalent', 'equivalent'],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseJudgeVerdict(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['I cannot decide.', 'no-match'],
    ['Equivalent or different? Hard to say.', 'ambiguous'],
    ['The responses are equivalent. The responses are different.', 'ambiguous'],
    ['Verdict: EQUIVALENT\nVerdict: DIFFERENT\nHard to say.', 'ambiguous'],
    ['I must end with "Verdict: EQUIVALENT" or "Verdict: DIFFERENT".', 'ambiguous'],
    ['{"verdict": "maybe"}', 'no-match'],
    ['{"verdict": ', 'invalid-json'],
    ['<b>same</b>', 'no-match'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseJudgeVerdict(text))).toBe(expected);
  });
});
