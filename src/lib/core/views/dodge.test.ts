// Table tests of the dodge layout: marks that are apart keep their positions, marks that share one
// are set apart (no two discs overlap, every disc inside its box), obstacles are avoided, crowded
// boxes shrink every radius, and the layout is the same on every call.

import { describe, expect, it } from 'vitest';
import { dodge, type DodgeBox, type DodgeItem } from './dodge';

const BOX: DodgeBox = { x0: 0, y0: 0, x1: 300, y1: 200 };

function item(x: number, y: number, r = 5, box: DodgeBox = BOX): DodgeItem {
  return { x, y, r, box };
}

/** Checks that no two placed discs overlap (with padding) and that each lies in its box. */
function expectApart(items: readonly DodgeItem[], padding = 1): void {
  const { positions, scale, overlapping } = dodge(items, { padding });
  expect(overlapping).toEqual([]);
  positions.forEach((p, i) => {
    const it = items[i]!;
    const r = it.r * scale;
    expect(p.x - r).toBeGreaterThanOrEqual(it.box.x0 - 1e-9);
    expect(p.x + r).toBeLessThanOrEqual(it.box.x1 + 1e-9);
    expect(p.y - r).toBeGreaterThanOrEqual(it.box.y0 - 1e-9);
    expect(p.y + r).toBeLessThanOrEqual(it.box.y1 + 1e-9);
    for (let j = 0; j < i; j++) {
      const q = positions[j]!;
      const min = r + items[j]!.r * scale + padding;
      expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThanOrEqual(min - 1e-6);
    }
  });
}

describe('dodge', () => {
  it.each<[string, DodgeItem[]]>([
    ['one mark', [item(150, 100)]],
    ['two far apart', [item(20, 20), item(280, 180)]],
    ['a row 12 px apart', [item(50, 100), item(62, 100), item(74, 100), item(86, 100)]],
    ['non-integer positions', [item(50.3, 60.7), item(120.45, 80.05, 3)]],
  ])('%s: marks already apart keep their exact positions', (_label, items) => {
    const { positions, scale, overlapping } = dodge(items);
    expect(scale).toBe(1);
    expect(overlapping).toEqual([]);
    expect(positions).toEqual(items.map((it) => ({ x: it.x, y: it.y })));
  });

  it.each<[string, DodgeItem[]]>([
    ['2 at the centre', Array.from({ length: 2 }, () => item(150, 100))],
    ['30 at the centre', Array.from({ length: 30 }, () => item(150, 100))],
    ['30 in a corner', Array.from({ length: 30 }, () => item(0, 0))],
    ['40 of mixed sizes', Array.from({ length: 40 }, (_, i) => item(150, 100, 2 + (i % 5) * 2))],
    [
      'two clusters close together',
      Array.from({ length: 40 }, (_, i) => item(i % 2 === 0 ? 100 : 108, 100, 4)),
    ],
    [
      'two boxes side by side, same value on the line',
      Array.from({ length: 30 }, (_, i) =>
        item(150, 100, 4, i % 2 === 0 ? { ...BOX, x1: 149 } : { ...BOX, x0: 151 }),
      ),
    ],
    ['a continuous spread', Array.from({ length: 60 }, (_, i) => item(100 + i * 1.7, 100, 4))],
  ])('%s: every disc is apart from the others and inside its box', (_label, items) => {
    expectApart(items);
  });

  it.each<[number, number]>([
    [3, 0],
    [4, 2],
    [6, 1],
  ])('a second mark of radius %s lands next to the first (padding %s)', (r, padding) => {
    const { positions } = dodge([item(150, 100, r), item(150, 100, r)], { padding });
    const [a, b] = positions;
    const d = Math.hypot(a!.x - b!.x, a!.y - b!.y);
    expect(d).toBeGreaterThanOrEqual(2 * r + padding);
    // The nearest free grid point: at most a grid cell's diagonal farther than touching.
    expect(d).toBeLessThanOrEqual(2 * r + padding + Math.SQRT2);
  });

  it('keeps marks off the obstacles', () => {
    const label: DodgeBox = { x0: 120, y0: 80, x1: 180, y1: 120 };
    const items = Array.from({ length: 25 }, () => item(150, 130, 4));
    const { positions, overlapping } = dodge(items, { obstacles: [label], padding: 1 });
    expect(overlapping).toEqual([]);
    for (const p of positions) {
      const dx = Math.max(label.x0 - p.x, 0, p.x - label.x1);
      const dy = Math.max(label.y0 - p.y, 0, p.y - label.y1);
      expect(Math.hypot(dx, dy)).toBeGreaterThanOrEqual(4 + 1 - 1e-9);
    }
  });

  it('shrinks every radius by one factor when a box is crowded, and still sets them apart', () => {
    const box: DodgeBox = { x0: 0, y0: 0, x1: 60, y1: 60 };
    const items = Array.from({ length: 80 }, (_, i) => item(30, 30, 5 + (i % 2), box));
    const { scale } = dodge(items);
    expect(scale).toBeLessThan(1);
    expect(scale).toBeGreaterThan(0.25);
    expectApart(items);
  });

  it('reports the marks that cannot be set apart and keeps them in their box', () => {
    const box: DodgeBox = { x0: 0, y0: 0, x1: 20, y1: 20 };
    const items = Array.from({ length: 10 }, () => item(10, 10, 8, box));
    const { positions, overlapping } = dodge(items, { maxDensity: 10, minScale: 1 });
    expect(overlapping).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const p of positions) {
      expect(p.x).toBeGreaterThanOrEqual(8);
      expect(p.x).toBeLessThanOrEqual(12);
    }
  });

  it('past the step budget, a mark that is apart still keeps its spot', () => {
    const items = [item(150, 100), item(150, 100), item(20, 20)];
    const { positions, overlapping } = dodge(items, { maxSteps: 1 });
    expect(overlapping).toEqual([1]);
    expect(positions[2]).toEqual({ x: 20, y: 20 });
  });

  it('is deterministic', () => {
    const items = Array.from({ length: 50 }, (_, i) => item(100 + (i % 3) * 5, 90, 3 + (i % 4)));
    expect(dodge(items)).toEqual(dodge(items));
  });

  it('lays out nothing for no marks', () => {
    expect(dodge([])).toEqual({ positions: [], scale: 1, overlapping: [] });
  });

  it.each<[string, DodgeItem]>([
    ['a NaN position', item(Number.NaN, 1)],
    ['an infinite radius', item(1, 1, Number.POSITIVE_INFINITY)],
    ['a negative radius', item(1, 1, -1)],
    ['an empty box', item(1, 1, 1, { x0: 5, y0: 0, x1: 4, y1: 10 })],
  ])('rejects %s', (_label, bad) => {
    expect(() => dodge([item(1, 1), bad])).toThrow(RangeError);
  });
});
