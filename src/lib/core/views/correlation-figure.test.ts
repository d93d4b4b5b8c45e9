// Table tests of the correlation figure: three panels side by side, dots jittered within the
// stated amplitude, rho texts, the description and the table rows.
import { describe, expect, it } from 'vitest';
import { correlationView } from './correlation';
import { CORRELATION_METRICS, Y_JITTER, correlationFigure, rhoText } from './correlation-figure';
import { resultPoint } from './testing/points';

const FRAME = { width: 200, height: 240, gap: 40 };
const points = [1, 2, 3, 4, 5].map((n) =>
  resultPoint(`p${n}`, n < 4 ? 'A' : 'B', 's', n, {
    vocabulary: n / 10,
    embedding: 0.5,
    compression: 1 - n / 10,
  }),
);
const view = correlationView(points);
const figure = correlationFigure(view, 5, FRAME);

describe('correlationFigure', () => {
  it('lays the three panels out left to right with their rho', () => {
    expect(figure.panels.map((p) => [p.metric, p.left])).toEqual([
      ['vocabulary', 0],
      ['embedding', 240],
      ['compression', 480],
    ]);
    expect(figure.panels[0]?.rho).toBe('1.00');
    expect(figure.yTicks.map((t) => t.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('places every dot inside its panel, at most Y_JITTER classes off its value', () => {
    expect(figure.positions).toHaveLength(view.dots.length);
    const perClass = 240 / (5 - 1 + 4 * Y_JITTER);
    view.dots.forEach((d, i) => {
      const panel = figure.panels[CORRELATION_METRICS.indexOf(d.metric)]!;
      const at = figure.positions[i]!;
      expect(at.cx).toBeCloseTo(panel.left + panel.x(d.x), 9);
      const exact = 240 - (d.y - (1 - 2 * Y_JITTER)) * perClass;
      expect(Math.abs(at.cy - exact)).toBeLessThanOrEqual(Y_JITTER * perClass + 1e-9);
    });
  });

  it('lists categories, describes every metric and fills the table', () => {
    expect(figure.categories).toEqual(['A', 'B']);
    expect(figure.description).toMatch(
      /^Spearman rank correlation .*: Vocabulary[^;]* 1\.00 \(n=5, p=[<\d.]+\) over all categories; /i,
    );
    expect(figure.rows.length).toBe(view.cells.length);
    expect(figure.rows[0]?.[0]).toMatch(/^(A\. |All categories)/);
  });

  it.each<[Parameters<typeof rhoText>[0], string]>([
    [undefined, '–'],
    [
      {
        category: 'A',
        metric: 'embedding',
        n: 1,
        spearman: null,
        spearmanP: null,
        pearson: null,
        pearsonP: null,
      },
      '– (n=1)',
    ],
    [
      {
        category: 'all',
        metric: 'vocabulary',
        n: 9,
        spearman: 0.4,
        spearmanP: 0.0001,
        pearson: 0.3,
        pearsonP: 0.2,
      },
      '0.40 (n=9, p=<0.001)',
    ],
  ])('rhoText %#', (cell, expected) => {
    expect(rhoText(cell)).toBe(expected);
  });

  it('says when no result has both values', () => {
    expect(correlationFigure(correlationView([]), 2, FRAME).description).toBe(
      'No result has both a functional class count and a general metric.',
    );
  });
});
