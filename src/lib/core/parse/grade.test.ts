// Table-driven tests for the Likert grade parser: labels, fractions, scales and conflicts.
import { describe, it, expect } from 'vitest';
import { parseGrade } from './grade';
import { value, kind } from '../testing/parse-results';

describe('parseGrade', () => {
  it.each([
    ['4', 4],
    ['5.', 5],
    ['Score: 4', 4],
    ['Score: 4/5', 4],
    ['Rating: **5**', 5],
    ['**Score**: 2', 2],
    ['Score (1-5): 2', 2],
    ['Final score: 5 out of 5', 5],
    ['score of 3', 3],
    ['[[4]]', 4],
    ['I would rate this 4/5.', 4],
    ['{"score": 3}', 3],
    ['{"reasoning": "Meets items 1-3.", "score": "2"}', 2],
    ['{"rating": "4/5"}', 4],
    ['The response meets items 1 and 2 but misses 3.\n\nScore: 3', 3],
    ['Score: 4\n\nThe response covers checklist items 1, 2 and 3.', 4],
    ['评分：4分', 4],
    ['得分: ４', 4],
    ['<think>Score: 2</think>Score: 5', 5],
    ['Score: 2\nOn reflection the fix is valid.\nScore: 3', 3],
    ['Score: 4\n\nSo overall, Score: 4/5', 4],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseGrade(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['Score: 7', 'out-of-range'],
    ['Score: 0', 'out-of-range'],
    ['Score: -1', 'out-of-range'],
    ['Score: 4.5', 'out-of-range'],
    ['Score: 8/10', 'out-of-range'],
    ['Score: 4\nScore: 4/10\nDone.', 'ambiguous'],
    ['{"score": 6}', 'out-of-range'],
    ['Score: 3\nScore: 5\nUnsure.', 'ambiguous'],
    ['Great response!', 'no-match'],
    ['{"score": "high"}', 'no-match'],
    ['{"score": ', 'invalid-json'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseGrade(text))).toBe(expected);
  });
});
