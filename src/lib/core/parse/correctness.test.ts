// Table-driven tests for the correctness-grade parser (correct / incorrect / not attempted).
import { describe, it, expect } from 'vitest';
import { parseCorrectness } from './correctness';
import { value, kind } from '../testing/parse-results';

describe('parseCorrectness', () => {
  it.each([
    ['CORRECT', 'correct'],
    ['INCORRECT', 'incorrect'],
    ['NOT_ATTEMPTED', 'not-attempted'],
    ['not attempted', 'not-attempted'],
    ['Not-Attempted.', 'not-attempted'],
    ['**CORRECT**', 'correct'],
    ['Grade: INCORRECT', 'incorrect'],
    ['Grade: CORRECT (the response hedges but commits to the right year)', 'correct'],
    ['{"grade": "NOT_ATTEMPTED"}', 'not-attempted'],
    ['{"grade": "INCORRECT"}', 'incorrect'],
    ['The response says 1889 but the gold answer is 1887, so it is incorrect.', 'incorrect'],
    ['The response matches the gold answer.\nCORRECT', 'correct'],
    ['The response is not correct.', 'incorrect'],
    [
      'It did not answer the question; a correct answer was never given.\nNOT_ATTEMPTED',
      'not-attempted',
    ],
    ['正确', 'correct'],
    ['结论：错误', 'incorrect'],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseCorrectness(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['CORRECT or INCORRECT', 'ambiguous'],
    ['I do not know.', 'no-match'],
    ['{"grade": "PARTIAL"}', 'no-match'],
    ['{"grade": ', 'invalid-json'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseCorrectness(text))).toBe(expected);
  });
});
