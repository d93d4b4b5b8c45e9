// Table tests of keyboard movement between chart marks and between the view tabs.
import { describe, expect, it } from 'vitest';
import { nextMarkIndex, nextTabIndex } from './keyboard';

describe('nextMarkIndex', () => {
  it.each<[string, number, number, number | null]>([
    ['ArrowRight', 0, 5, 1],
    ['ArrowDown', 3, 5, 4],
    ['ArrowRight', 4, 5, 4],
    ['ArrowLeft', 0, 5, 0],
    ['ArrowUp', 2, 5, 1],
    ['PageDown', 2, 30, 12],
    ['PageDown', 25, 30, 29],
    ['PageUp', 5, 30, 0],
    ['Home', 3, 5, 0],
    ['End', 0, 5, 4],
    ['Enter', 2, 5, null],
    ['a', 2, 5, null],
    ['ArrowRight', 0, 0, null],
    ['End', 0, 1, 0],
  ])('%s from %s of %s -> %s', (key, current, count, expected) => {
    expect(nextMarkIndex(key, current, count)).toBe(expected);
  });
});

describe('nextTabIndex', () => {
  it.each<[string, number, number, number | null]>([
    ['ArrowRight', 0, 6, 1],
    ['ArrowRight', 5, 6, 0],
    ['ArrowLeft', 0, 6, 5],
    ['ArrowLeft', 3, 6, 2],
    ['Home', 4, 6, 0],
    ['End', 1, 6, 5],
    ['ArrowDown', 1, 6, null],
    ['ArrowRight', 0, 0, null],
  ])('%s from %s of %s -> %s', (key, current, count, expected) => {
    expect(nextTabIndex(key, current, count)).toBe(expected);
  });
});
