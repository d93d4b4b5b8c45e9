// Table tests of the result labels: number, percentage and class-count formats, model and
// strategy names (imported strategies included, prototype names not mistaken for strategies).

import { describe, expect, it } from 'vitest';
import {
  formatClasses,
  formatNumber,
  type ClassCountFormat,
  formatPercent,
  shortModel,
  strategyLabel,
  strategyShortLabel,
} from './result-labels';

describe('formatting', () => {
  it.each<[number | null | undefined, number, string]>([
    [null, 2, '–'],
    [undefined, 2, '–'],
    [Number.NaN, 2, '–'],
    [3, 2, '3'],
    [2.5, 2, '2.5'],
    [0.123456, 2, '0.12'],
    [0.125, 1, '0.1'],
    [-0, 2, '0'],
  ])('formatNumber(%s, %i) = %s', (value, digits, expected) => {
    expect(formatNumber(value, digits)).toBe(expected);
  });

  it.each<[number | null, string]>([
    [null, '–'],
    [0, '0%'],
    [0.8225, '82%'],
    [1, '100%'],
  ])('formatPercent(%s) = %s', (value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });

  it.each<[number | null, number, ClassCountFormat, string]>([
    [3, 5, {}, '3/5'],
    [2.5, 5, {}, '2.5/5'],
    [1, 1, {}, '1/1'],
    [null, 5, {}, '–'],
    [7 / 3, 5, {}, '2.33/5'],
    [7 / 3, 5, { digits: 1 }, '2.3/5'],
    [2.5, 5, { digits: 1 }, '2.5/5'],
    [null, 4, { countUnjudged: true }, '–/4'],
    [null, 0, { countUnjudged: true }, '–'],
    [3, 5, { countUnjudged: true }, '3/5'],
  ])('formatClasses(%s, %i, %j) = %s', (classes, n, format, expected) => {
    expect(formatClasses(classes, n, format)).toBe(expected);
  });

  it.each([
    ['openai/gpt-4o', 'gpt-4o'],
    ['transformers/Xenova/all-MiniLM-L6-v2', 'Xenova/all-MiniLM-L6-v2'],
    ['plain', 'plain'],
    ['', ''],
  ])('shortModel(%s) = %s', (id, expected) => {
    expect(shortModel(id)).toBe(expected);
  });

  it.each([
    ['temperature', 'Temperature sampling'],
    ['icr-task-anchored', 'In-context regeneration (task-anchored)'],
    ['custom', 'custom'],
    ['imported:gens.jsonl', 'Imported (gens.jsonl)'],
    ['constructor', 'constructor'],
  ])('strategyLabel(%s) = %s', (id, expected) => {
    expect(strategyLabel(id)).toBe(expected);
  });

  it.each([
    ['temperature', 'Temperature'],
    ['imported:gens.jsonl', 'Imported (gens.jsonl)'],
    ['toString', 'toString'],
  ])('strategyShortLabel(%s) = %s', (id, expected) => {
    expect(strategyShortLabel(id)).toBe(expected);
  });
});
