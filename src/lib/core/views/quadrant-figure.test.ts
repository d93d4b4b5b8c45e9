// Table tests of the quadrant map's figure: marks in id order, one layer per context, boxes and
// ticks from the layout, the description in words, the table rows, mark labels and counts.
import { describe, expect, it } from 'vitest';
import type { NormativeContext } from '../mmhs';
import type { CategoryId } from '../taxonomy';
import { fixed, ticksAt } from './figure';
import { quadrantView } from './quadrant';
import {
  quadrantCounts,
  quadrantExclusions,
  quadrantFigure,
  quadrantMarkLabel,
} from './quadrant-figure';
import { resultPoint } from './testing/points';
import { TEST_NAMES } from './testing/names';

const FRAME = { width: 670, height: 426, pad: 14 };

function point(
  id: string,
  category: CategoryId | null,
  classes: number | null,
  contexts: NormativeContext[],
  quality: number | null = 3,
) {
  return resultPoint(id, category, 'temperature', classes, { quality, contexts });
}

const POINTS = [
  point('p2', 'A', 1, ['epistemic']),
  point('p1', 'H', 5, ['interactional', 'epistemic'], null),
  point('p3', null, 2, ['epistemic']),
  point('p4', 'B', null, ['epistemic']),
];
const view = quadrantView(POINTS);
const figure = quadrantFigure(view, FRAME, { strategy: 'all', model: 'all' }, TEST_NAMES);

describe('quadrantFigure', () => {
  it('sorts the marks by id and numbers each layer item by that order', () => {
    expect(figure.marks.map((m) => m.id)).toEqual([...figure.marks.map((m) => m.id)].sort());
    const items = figure.layers.flatMap((l) => l.items);
    expect(items.map((it) => it.i).sort()).toEqual(figure.marks.map((_, i) => i));
    for (const it of items) expect(figure.marks[it.i]).toBe(it.m);
  });

  it.each<[NormativeContext, number, string]>([
    ['epistemic', 2, 'circle'],
    ['interactional', 1, 'square'],
  ])('draws the %s layer with %i marks as %s', (context, count, glyph) => {
    const layer = figure.layers.find((l) => l.context === context);
    expect(layer?.items).toHaveLength(count);
    expect(layer?.items.every((it) => it.glyph === glyph)).toBe(true);
  });

  it('keeps the layers in paper order and lists only the contexts shown', () => {
    expect(figure.layers.map((l) => l.context)).toEqual(['epistemic', 'interactional']);
    expect(figure.contextsShown.map((c) => c.id)).toEqual(['epistemic', 'interactional']);
  });

  it('gives four boxes with their labels and ticks at 0, 0.25, ..., 1', () => {
    expect(figure.boxes.map((b) => b.q.name).sort()).toEqual(['Heaven', 'Madness', 'Magic', 'Sin']);
    for (const b of figure.boxes) expect(b.label?.quadrant.name).toBe(b.q.name);
    expect(figure.xTicks.map((t) => t.label)).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    expect(figure.xTicks[0]?.pos).toBe(figure.layout.scales.x(0));
    expect(figure.yTicks[4]?.pos).toBe(figure.layout.scales.y(1));
  });

  it.each<[string, { strategy: string; model: string }, RegExp]>([
    [
      'all',
      { strategy: 'all', model: 'all' },
      /^Quadrant map by functional .* for all strategies and all models\. /,
    ],
    ['one of each', { strategy: 'temperature', model: 'm' }, / for TEMPERATURE and m\. /],
  ])('describes the selection (%s)', (_name, shown, expected) => {
    const text = quadrantFigure(view, FRAME, shown, TEST_NAMES).description;
    expect(text).toMatch(expected);
    expect(text).toMatch(
      /Epistemic: 2 marks, mean valuation [\d.]+ \[[\d.]+, [\d.]+\], Heaven \d, /,
    );
    expect(text).toMatch(/ 2 results could not be placed\.$/);
  });

  it('says when nothing could be placed', () => {
    const empty = quadrantFigure(
      quadrantView([]),
      FRAME,
      { strategy: 'all', model: 'all' },
      TEST_NAMES,
    );
    expect(empty.description).toMatch(/No result could be placed\.$/);
    expect(empty.rows).toEqual([]);
  });

  it('fills one table row per mark with names and rounded values', () => {
    expect(figure.columns).toHaveLength(9);
    const m = figure.marks[0]!;
    expect(figure.rows[0]).toEqual([
      `Text of ${m.promptId}`,
      m.category,
      'm',
      'TEMPERATURE',
      m.context,
      fixed(m.x, 4),
      fixed(m.y, 4),
      m.quadrant,
      fixed(m.size, 2),
    ]);
  });
});

describe('quadrant figure words', () => {
  it.each<[number, RegExp | string]>([
    [0, /^1 of 3: \w+, Text of p\d, TEMPERATURE, m: variation [\d.]+, \w+$/],
    [3, ''],
  ])('mark %i reads %s', (i, expected) => {
    const label = quadrantMarkLabel(figure.marks, i, TEST_NAMES);
    if (typeof expected === 'string') expect(label).toBe(expected);
    else expect(label).toMatch(expected);
  });

  it('counts the exclusions by reason', () => {
    expect(quadrantExclusions(view)).toEqual({ noVariation: 1, noCategory: 1, noContext: 0 });
  });

  it.each<[Record<string, number>, string]>([
    [{ Heaven: 2, Magic: 0, Sin: 1, Madness: 0 }, 'Heaven 2 · Sin 1'],
    [{ Heaven: 0, Magic: 0, Sin: 0, Madness: 0 }, ''],
  ])('quadrant counts of %o: %s', (counts, expected) => {
    expect(quadrantCounts(counts)).toBe(expected);
  });
});

describe('figure helpers', () => {
  it.each<[number | null | undefined, number, number | null]>([
    [0.123456, 4, 0.1235],
    [0.5, 4, 0.5],
    [null, 2, null],
    [undefined, 2, null],
  ])('fixed(%s, %i) = %s', (value, digits, expected) => {
    expect(fixed(value, digits)).toBe(expected);
  });

  it('ticksAt labels each value at its position', () => {
    expect(ticksAt([0, 0.5], (v) => v * 10)).toEqual([
      { pos: 0, label: '0' },
      { pos: 5, label: '0.5' },
    ]);
  });
});
