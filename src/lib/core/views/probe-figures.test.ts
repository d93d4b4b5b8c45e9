// Table tests of the probe charts' figures: row labels, heat-map cells (colour, border, text),
// safety bar segments (shares of the bar, counts where they fit), descriptions and table rows.
import { describe, expect, it } from 'vitest';
import { LINE, MUTED, OKABE_ITO, SAFETY_COLOURS, heatColour } from './palette';
import {
  PROBE_ROW,
  probeRowLabel,
  safetyCountsText,
  safetyFigure,
  societalFigure,
  valuesText,
  type ProbeFigureInput,
} from './probe-figures';
import { safetyView, societalView } from './probe-view';
import type { SafetyLabel } from './safety';
import { TEST_NAMES } from './testing/names';

const INPUT: ProbeFigureInput = {
  names: TEST_NAMES,
  manyModels: false,
  pointId: (p, m, s) => `${p}/${m}/${s}`,
};
const person = (gender: string, age = 'unspecified') => ({ gender, age });

const societal = societalView([
  {
    promptId: 'p1',
    model: 'x/m',
    strategy: 'temperature',
    attributes: Array.from({ length: 5 }, () => person('woman')),
  },
  {
    promptId: 'p2',
    model: 'x/m',
    strategy: 'icr-general',
    attributes: [person('woman', 'child'), person('man', 'older adult'), person('woman', 'teen')],
  },
]);

describe('probeRowLabel', () => {
  it.each<[boolean, string, string]>([
    [false, 'temperature', 'Text of p1 · Temperature'],
    [true, 'icr-general', 'Text of p1 · Regeneration (general) · m'],
    [false, 'mine', 'Text of p1 · mine'],
  ])('many models %s, %s -> %s', (manyModels, strategy, expected) => {
    expect(
      probeRowLabel({ promptId: 'p1', model: 'x/m', strategy }, { ...INPUT, manyModels }),
    ).toBe(expected);
  });
});

describe('societalFigure', () => {
  const figure = societalFigure(societal, INPUT);

  it('sizes the chart by its rows and centres a heading over each attribute', () => {
    expect(figure.height).toBe(28 + 8 + 2 * PROBE_ROW);
    expect(figure.headings.map((h) => h.attribute)).toEqual(societal.attributes);
    expect(figure.rowLabels.map((r) => r.y)).toEqual([PROBE_ROW / 2, PROBE_ROW * 1.5]);
  });

  it.each<[string, number, Partial<(typeof figure.cells)[number]>]>([
    ['erased gender', 1, { stroke: OKABE_ITO.vermillion, strokeWidth: 2, text: '1 · 0.00 ✕' }],
    ['insufficient age', 0, { fill: '#ffffff', stroke: LINE, textFill: MUTED, text: '–' }],
    ['diverse gender', 3, { strokeWidth: 1, pointId: 'p2/x/m/icr-general', row: 1 }],
  ])('cell %s', (_name, i, expected) => {
    expect(figure.cells[i]).toMatchObject(expected);
    expect(figure.cells[i]?.height).toBe(PROBE_ROW - 2);
  });

  it('colours measured cells by entropy and labels them for screen readers', () => {
    const cell = figure.cells[3]!;
    expect(cell.fill).toBe(heatColour(cell.c.normalizedEntropy ?? 0));
    expect(cell.label).toMatch(
      /^Text of p2 · Regeneration \(general\), gender: 2 distinct values, /,
    );
  });

  it('describes erasure and fills the table', () => {
    expect(figure.description).toMatch(
      /of 2 societal probe results .* in 1 of 3 measurable attribute results: gender 1\./,
    );
    expect(figure.rows[1]).toEqual([
      'Text of p1',
      'TEMPERATURE',
      'x/m',
      'gender',
      '5/5',
      1,
      0,
      'erasure',
      'woman ×5',
    ]);
    expect(valuesText(figure.cells[3]!.c, ', ')).toBe('woman ×2, man ×1');
  });

  it.each([null, societalView([])])('says when nothing is measured (%#)', (view) => {
    const empty = societalFigure(view, INPUT);
    expect(empty.description).toBe('No societal probe response has been measured yet.');
    expect(empty.height).toBe(28 + 8 + PROBE_ROW);
  });
});

const labels = (...ls: (SafetyLabel | null)[]): (SafetyLabel | null)[] => ls;
const safety = safetyView([
  {
    promptId: 'q1',
    model: 'x/m',
    strategy: 'temperature',
    labels: labels('refusal', 'refusal', 'refusal', 'compliance', null),
  },
  {
    promptId: 'q2',
    model: 'x/m',
    strategy: 'temperature',
    labels: labels('refusal', 'refusal', 'refusal', 'refusal', 'refusal'),
  },
]);

describe('safetyFigure', () => {
  const figure = safetyFigure(safety, INPUT);

  it.each<[number, { label: SafetyLabel; n: number; share: number; showCount: boolean }[]]>([
    [
      0,
      [
        { label: 'refusal', n: 3, share: 0.75, showCount: true },
        { label: 'compliance', n: 1, share: 0.25, showCount: true },
      ],
    ],
    [1, [{ label: 'refusal', n: 5, share: 1, showCount: true }]],
  ])('bar %i: segments of the labelled samples, empty ones left out', (i, expected) => {
    const bar = figure.bars[i]!;
    expect(
      bar.segments.map((s) => ({
        label: s.label,
        n: s.n,
        share: s.w / figure.barLength,
        showCount: s.showCount,
      })),
    ).toEqual(expected);
    expect(bar.segments[0]?.x).toBe(0);
    for (const s of bar.segments) expect(s.fill).toBe(SAFETY_COLOURS[s.label]);
  });

  it('writes consistency, counts and the description', () => {
    expect(figure.bars.map((b) => b.consistency)).toEqual(['0.75', '1.00']);
    expect(figure.bars[0]?.label).toBe(
      'Text of q1 · Temperature: Refusal 3, Safe completion 0, Compliance 1, consistency 0.75',
    );
    expect(safetyCountsText(figure.bars[0]!.r, ' · ')).toBe(
      'Refusal 3 · Safe completion 0 · Compliance 1',
    );
    expect(figure.description).toMatch(
      / of 2 safety probe results, .* ranges from 0.88 to 0.88; 1 results include at least one compliance\./,
    );
    expect(figure.rows[0]).toEqual([
      'Text of q1',
      'TEMPERATURE',
      'x/m',
      3,
      0,
      1,
      1,
      'Refusal',
      0.75,
    ]);
  });

  it.each([null, safetyView([])])('says when nothing is labelled (%#)', (view) => {
    expect(safetyFigure(view, INPUT).description).toBe(
      'No safety probe response has been labelled yet.',
    );
  });
});
