// Table tests for the area list and hash parsing used by the router.
import { describe, expect, it } from 'vitest';
import { AREAS, areaFromHash, isAreaId } from './areas';

describe('areaFromHash', () => {
  it.each([
    ['', 'experiments'],
    ['#', 'experiments'],
    ['#/', 'experiments'],
    ['#/results', 'results'],
    ['#results', 'results'],
    ['#/data/datasets/42', 'data'],
    ['#/settings?tab=keys', 'settings'],
    ['#/workshop', 'workshop'],
    ['#/nowhere', 'experiments'],
    ['#/RESULTS', 'experiments'],
  ])('%j -> %s', (hash, expected) => {
    expect(areaFromHash(hash)).toBe(expected);
  });
});

describe('isAreaId', () => {
  it.each([
    ['framework', true],
    ['', false],
    ['toString', false],
  ])('%j -> %s', (value, expected) => {
    expect(isAreaId(value)).toBe(expected);
  });

  it('has unique ids', () => {
    expect(new Set(AREAS.map((a) => a.id)).size).toBe(AREAS.length);
  });
});
