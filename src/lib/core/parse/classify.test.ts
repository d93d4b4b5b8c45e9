// Table-driven tests for the category parser: labels, bare letters, names, JSON and failures.
import { describe, it, expect } from 'vitest';
import { parseClassification } from './classify';
import { value, kind } from '../testing/parse-results';

describe('parseClassification', () => {
  it.each([
    ['D', 'D'],
    ['d', 'D'],
    ['  G \n', 'G'],
    ['Category: D', 'D'],
    ['category: h', 'FAIL:no-match'],
    ['**D**', 'D'],
    ['(A)', 'A'],
    ['D.', 'D'],
    ['D. Problem-Solving Objective', 'D'],
    ['D - Problem-Solving Objective\n\nThe prompt is a math word problem.', 'D'],
    ['C: Random Generation', 'C'],
    ['{"category":"D"}', 'D'],
    ['```json\n{"category": "G"}\n```', 'G'],
    ['{"category": "D. Problem-Solving Objective"}', 'D'],
    ['{"category": "creative writing"}', 'G'],
    ['{"category": "f"}', 'F'],
    ['The answer is B.', 'B'],
    ['Category: H\n\nExplanation: the user asks which job offer to accept.', 'H'],
    ['This prompt asks for a poem, so it is Creative Writing.', 'G'],
    ['The user wants the history of the Berlin Wall: an Encyclopedia Inquiry.', 'F'],
    ['This is an Advice/Opinions prompt.', 'H'],
    ['It is not category B, since nothing is verifiable.\nFinal answer: C', 'C'],
    ['I would classify this under category E because many fixes work.', 'E'],
    ['Category: **F** (Encyclopedia Inquiry)', 'F'],
    ['**Category:** A', 'A'],
    ['### Classification\n**B. Underspecified Singular Objective**', 'B'],
    ['E.g. a proof question.\n\n**D**', 'D'],
    ['类别：F', 'F'],
    ['答案: E', 'E'],
    ['Ｄ', 'D'],
    ['Category：Ｇ', 'G'],
    ['<think>Maybe B? Category: B</think>\nCategory: A', 'A'],
    ['Reasoning first.</think>\n\nG', 'G'],
    ['Well-Specified Singular Objective', 'A'],
    ['underspecified objective', 'B'],
    ['problem solving subjective', 'E'],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseClassification(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['<think>only thoughts</think>', 'empty'],
    ['I am not sure what this is.', 'no-match'],
    ['The category is a creative one.', 'no-match'],
    ['A or D', 'ambiguous'],
    ['B, C', 'ambiguous'],
    ['Category: A\nCategory: D\nBoth could apply.', 'ambiguous'],
    ['It mixes Creative Writing and Advice or Opinions.', 'ambiguous'],
    ['{"category": "Z"}', 'out-of-range'],
    ['{"category": 4}', 'no-match'],
    ['{"cat": ', 'invalid-json'],
    ['<script>alert("A")</script>', 'no-match'],
    ['Category: Z', 'no-match'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseClassification(text))).toBe(expected);
  });
});
