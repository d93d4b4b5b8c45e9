// Table tests of keyboard movement between chart marks and between the view tabs.
import { describe, expect, it } from 'vitest';
import { nextMarkIndex, nextTabIndex } from './keyboard';

type Move = typeof nextMarkIndex;

describe('keyboard movement', () => {
  it.each<[string, string, number, number, number | null, Move]>([
    ['mark', 'ArrowRight', 0, 5, 1, nextMarkIndex],
    ['mark', 'ArrowDown', 3, 5, 4, nextMarkIndex],
    ['mark', 'ArrowRight', 4, 5, 4, nextMarkIndex],
    ['mark', 'ArrowLeft', 0, 5, 0, nextMarkIndex],
    ['mark', 'ArrowUp', 2, 5, 1, nextMarkIndex],
    ['mark', 'PageDown', 2, 30, 12, nextMarkIndex],
    ['mark', 'PageDown', 25, 30, 29, nextMarkIndex],
    ['mark', 'PageUp', 5, 30, 0, nextMarkIndex],
    ['mark', 'Home', 3, 5, 0, nextMarkIndex],
    ['mark', 'End', 0, 5, 4, nextMarkIndex],
    ['mark', 'Enter', 2, 5, null, nextMarkIndex],
    ['mark', 'a', 2, 5, null, nextMarkIndex],
    ['mark', 'ArrowRight', 0, 0, null, nextMarkIndex],
    ['mark', 'End', 0, 1, 0, nextMarkIndex],
    ['tab', 'ArrowRight', 0, 6, 1, nextTabIndex],
    ['tab', 'ArrowRight', 5, 6, 0, nextTabIndex],
    ['tab', 'ArrowLeft', 0, 6, 5, nextTabIndex],
    ['tab', 'ArrowLeft', 3, 6, 2, nextTabIndex],
    ['tab', 'Home', 4, 6, 0, nextTabIndex],
    ['tab', 'End', 1, 6, 5, nextTabIndex],
    ['tab', 'ArrowDown', 1, 6, null, nextTabIndex],
    ['tab', 'ArrowRight', 0, 0, null, nextTabIndex],
  ])('%s: %s from %s of %s -> %s', (_kind, key, current, count, expected, move) => {
    expect(move(key, current, count)).toBe(expected);
  });
});
