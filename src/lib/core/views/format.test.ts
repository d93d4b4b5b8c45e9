// Table tests of the chart figures' text formatting: numbers, intervals, p-values, names, labels
// (full strategy names are tested with strategyLabel in state/results-view.test.ts).
import { describe, expect, it } from 'vitest';
import {
  categoryName,
  categoryTick,
  clip,
  interval,
  modelShort,
  num,
  pValue,
  pct,
  strategyShort,
} from './format';

describe('format', () => {
  it.each<[string, string, string]>([
    ['num 2 digits', num(0.12345), '0.12'],
    ['num 0 digits', num(12.6, 0), '13'],
    ['num null', num(null), '–'],
    ['num NaN', num(Number.NaN), '–'],
    ['pct', pct(0.256), '26%'],
    ['pct null', pct(undefined), '–'],
    ['interval', interval({ lower: 0.1, upper: 0.9, level: 0.95, method: 't' }), '[0.10, 0.90]'],
    ['no interval', interval(null), 'no interval (n < 2)'],
    ['p small', pValue(0.0000012), '<0.001'],
    ['p', pValue(0.0456), '0.046'],
    ['p null', pValue(null), '–'],
    ['short strategy', strategyShort('system-general'), 'System (general)'],
    ['unknown short strategy', strategyShort('mine'), 'mine'],
    ['model', modelShort('openai/gpt-4o'), 'gpt-4o'],
    ['model without provider', modelShort('local'), 'local'],
    ['category', categoryName('G'), 'G. Creative writing'],
    ['unknown category', categoryName(null), 'Unknown category'],
    ['clip short', clip('  a  b '), 'a b'],
    ['clip long', clip('abcdefghij', 5), 'abcd…'],
    ['clip unicode', clip('ünïcødé text', 8), 'ünïcødé…'],
  ])('%s', (_label, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['A', 14, 'A.\nWell-specified'],
    ['G', 14, 'G. Creative\nwriting'],
    ['D', 14, 'D.\nProblem-solving\n(objective)'],
    ['G', 40, 'G. Creative writing'],
    ['Z', 14, 'Z'],
  ])('categoryTick(%s, %s)', (id, width, expected) => {
    expect(categoryTick(id, width)).toBe(expected);
  });
});
