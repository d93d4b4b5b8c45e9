// Table tests of the trade-off figure and the category chart's words: panel scales and ticks,
// means placed with clipped whiskers, dots per strategy, descriptions, table rows and labels.
import { describe, expect, it } from 'vitest';
import { categoryDiversity } from './category-diversity';
import { categoryFigureText, categoryItemLabel, refValue } from './category-figure';
import { categoryLayout } from './category-layout';
import { resultPoint } from './testing/points';
import { TEST_NAMES } from './testing/names';
import { tradeoffView } from './tradeoff';
import { tradeoffDots, tradeoffFigure, tradeoffItemLabel } from './tradeoff-figure';

const FRAME = { width: 400, height: 300, gap: 60 };
const point = (id: string, strategy: string, classes: number, quality: number, vocabulary = 0.5) =>
  resultPoint(id, 'G', strategy, classes, { quality, vocabulary });

const points = [
  point('p1', 'temperature', 1, 4, 0.4),
  point('p2', 'temperature', 2, 3, 0.6),
  point('p3', 'icr-general', 5, 2),
];
const figure = tradeoffFigure(tradeoffView(points), FRAME, TEST_NAMES);

describe('tradeoffFigure', () => {
  it('places panel b beside panel a and keeps its whole [0, 1] axis', () => {
    expect(figure.panels.map((p) => [p.panel.id, p.left])).toEqual([
      ['general', 0],
      ['functional', 460],
    ]);
    expect(figure.panels[1]?.x.domain()).toEqual([0, 1]);
    expect(figure.yTicks.map((t) => t.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(figure.yTicks[0]?.pos).toBe(300);
  });

  it.each<[number, string, boolean]>([
    [0, 'temperature', true],
    [1, 'icr-general', false],
  ])('mean %i (%s): whiskers only with an interval', (i, strategy, whiskers) => {
    const item = figure.items[i]!;
    expect(item.group.strategy).toBe(strategy);
    expect(item.xWhisker !== null).toBe(whiskers);
    expect(item.yWhisker !== null).toBe(whiskers);
    expect(item.py).toBe(figure.y(item.group.y.mean ?? 0));
  });

  it('clips whiskers to the axes', () => {
    for (const item of figure.items) {
      if (item.yWhisker === null) continue;
      expect(item.yWhisker.y1).toBeLessThanOrEqual(300);
      expect(item.yWhisker.y2).toBeGreaterThanOrEqual(0);
    }
  });

  it('groups the faint dots by strategy', () => {
    const dots = tradeoffDots(figure.panels[1]!, figure.y);
    expect(dots.map(([s, list]) => [s, list.length])).toEqual([
      ['temperature', 2],
      ['icr-general', 1],
    ]);
  });

  it('describes both panels, fills the table and labels a mean', () => {
    expect(figure.description).toMatch(
      /: across 2 strategy x model means, variation ranges [\d.]+ to [\d.]+ and quality 2\.00 to 3\.50\./,
    );
    expect(figure.description).toMatch(/ The table gives every mean with its 95% interval\.$/);
    expect(figure.rows).toHaveLength(4);
    expect(figure.rows[0]?.slice(1, 4)).toEqual(['TEMPERATURE', 'm', 2]);
    expect(tradeoffItemLabel(figure.items[0], TEST_NAMES)).toMatch(
      /: TEMPERATURE, m: variation [\d.]+, quality 3\.50, 2 results$/,
    );
    expect(tradeoffItemLabel(undefined, TEST_NAMES)).toBe('');
  });

  it('says when a panel has no means', () => {
    const empty = tradeoffFigure(tradeoffView([]), FRAME, TEST_NAMES);
    expect(empty.description).toMatch(
      /: no results with both values\. .*: no results with both values\./,
    );
    expect(empty.items).toEqual([]);
  });
});

describe('category figure words', () => {
  const catPoints = [
    resultPoint('a1', 'A', 'temperature', 1),
    resultPoint('a2', 'A', 'temperature', 2),
    resultPoint('b1', 'B', 'system-task-anchored', 4),
  ];
  const view = categoryDiversity(catPoints, { byModel: false });

  it.each<[string, RegExp]>([
    [
      'pooled',
      /\(models pooled\), with 95% t-intervals\. Lowest: A with temperature \(1\.50\); highest: B with system-task-anchored \(4\.00\)\./i,
    ],
    ['m', /strategies \(m\), /],
  ])('describes the cells for %s', (model, expected) => {
    expect(categoryFigureText(view, model, TEST_NAMES).description).toMatch(expected);
  });

  it('fills a row per cell with the paper values', () => {
    const text = categoryFigureText(view, 'pooled', TEST_NAMES);
    expect(text.columns).toHaveLength(8);
    expect(text.rows[0]?.[0]).toMatch(/^A\. /);
    expect(text.rows[0]?.slice(1, 4)).toEqual(['TEMPERATURE', 2, 1.5]);
  });

  it('says when nothing is plotted', () => {
    expect(categoryFigureText(categoryDiversity([]), 'pooled', TEST_NAMES).description).toBe(
      'No functional class counts are stored for this run, so there is nothing to plot.',
    );
  });

  it('labels bars and reference marks', () => {
    const layout = categoryLayout(view, { width: 600, height: 300 });
    const bar = layout.marks.find((m) => m.kind === 'bar');
    expect(categoryItemLabel(bar, TEST_NAMES)).toMatch(
      /^A\. .*, TEMPERATURE: mean 1\.50 of 5, 95% CI \[.*\], 2 prompts$/,
    );
    const ref = layout.marks.find((m) => m.kind === 'ref');
    if (ref?.kind === 'ref') {
      expect(categoryItemLabel(ref, TEST_NAMES)).toContain(
        `Jain et al. state ${refValue(ref.ref)} for `,
      );
    }
    expect(categoryItemLabel(undefined, TEST_NAMES)).toBe('');
  });

  it.each<[Parameters<typeof refValue>[0]['value'], boolean, string]>([
    [{ kind: 'point', value: 2 }, true, '~2 of 5'],
    [{ kind: 'range', min: 1, max: 3 }, false, '1-3 of 5'],
  ])('refValue %o', (value, approximate, expected) => {
    const ref = {
      category: 'A',
      strategyGroup: 'general',
      strategies: [],
      model: 'GPT-4o',
      value,
      approximate,
      k: 5,
      wording: '',
      source: '',
    } as Parameters<typeof refValue>[0];
    expect(refValue(ref)).toBe(expected);
  });
});
