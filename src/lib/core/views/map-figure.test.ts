// Table tests of the response map figure: padded axes and their titles, colours by prompt,
// strategy and class, layers in first-seen colour order, the legend, description, table and labels.
import { describe, expect, it } from 'vitest';
import {
  LEGEND_PROMPTS,
  mapAxes,
  mapColourOf,
  mapDescription,
  mapLayers,
  mapLegend,
  mapPointLabel,
  mapTable,
  mapTipTitle,
  type MapColour,
  type MapColouring,
  type MapPoint,
  type MapResult,
} from './map-figure';
import { LINE, seriesColour } from './palette';
import { TEST_NAMES } from './testing/names';

const mapPoint = (
  id: string,
  promptId: string,
  strategy: string,
  classIndex: number | null,
  x: number,
  y: number,
): MapPoint => ({
  id,
  pointId: `${promptId}/m/${strategy}`,
  promptId,
  model: 'm',
  strategy,
  index: Number(id.slice(1)),
  classIndex,
  x,
  y,
});

const points = [
  mapPoint('r0', 'p1', 'temperature', 0, 0, 0),
  mapPoint('r1', 'p2', 'icr-general', null, 10, 5),
  mapPoint('r2', 'p1', 'icr-general', 1, 5, 10),
];

const result = (over: Partial<MapResult> = {}): MapResult => ({
  runId: 'run',
  embeddingModel: 'emb',
  points,
  explainedVariance: [0.6, 0.25],
  dims: 384,
  missing: 0,
  computeMs: 12,
  ...over,
});

const colouring = (by: MapColour): MapColouring => ({
  by,
  promptIds: ['p1', 'p2'],
  strategies: ['temperature', 'icr-general'],
});

describe('mapAxes', () => {
  const axes = mapAxes(result(), 100, 50);

  it('pads each axis by 4% of its range, y growing upwards', () => {
    expect(axes.x.domain()).toEqual([-0.4, 10.4]);
    expect(axes.y.domain()).toEqual([-0.4, 10.4]);
    expect(axes.x(-0.4)).toBe(0);
    expect(axes.y(-0.4)).toBe(50);
  });

  it('titles the axes with the variance each component explains', () => {
    expect([axes.xTitle, axes.yTitle]).toEqual(['PC1 (60% of variance)', 'PC2 (25%)']);
    expect(axes.xTicks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8', '10']);
  });

  it.each<[string, MapResult | null, [number, number]]>([
    ['no projection yet', null, [-1.08, 1.08]],
    ['every response at one spot', result({ points: [points[0]!] }), [-1, 1]],
  ])('%s: a default domain', (_name, r, domain) => {
    expect(mapAxes(r, 100, 50).x.domain()).toEqual(domain);
  });
});

describe('mapColourOf', () => {
  it.each<[MapColour, string[]]>([
    ['prompt', [seriesColour(0), seriesColour(1), seriesColour(0)]],
    ['strategy', [seriesColour(0), seriesColour(1), seriesColour(1)]],
    ['class', [seriesColour(0), LINE, seriesColour(1)]],
  ])('by %s', (by, colours) => {
    expect(points.map(mapColourOf(colouring(by)))).toEqual(colours);
  });
});

describe('mapLayers', () => {
  it.each<[MapColour, [string, number[]][]]>([
    [
      'prompt',
      [
        [seriesColour(0), [0, 2]],
        [seriesColour(1), [1]],
      ],
    ],
    [
      'class',
      [
        [seriesColour(0), [0]],
        [LINE, [1]],
        [seriesColour(1), [2]],
      ],
    ],
  ])('by %s: one layer per colour, in first-seen order', (by, expected) => {
    const layers = mapLayers(points, mapAxes(result(), 100, 50), colouring(by));
    expect(layers.map((l) => [l.fill, l.dots.map((d) => d.data.i)])).toEqual(expected);
  });

  it('places each response in px', () => {
    const [layer] = mapLayers([points[1]!], mapAxes(result(), 104, 52), colouring('class'));
    expect(layer?.dots[0]?.cx).toBeCloseTo((10.4 / 10.8) * 104);
    expect(layer?.dots[0]?.cy).toBeCloseTo(26);
  });
});

describe('mapLegend', () => {
  it.each<[MapColour, string[]]>([
    ['strategy', ['TEMPERATURE', 'ICR-GENERAL']],
    ['class', ['Class 1', 'Class 2', 'Class 3', 'Class 4', 'Class 5', 'Unjudged']],
    ['prompt', ['Text of p1', 'Text of p2']],
  ])('by %s', (by, labels) => {
    expect(mapLegend(colouring(by), TEST_NAMES).map((l) => l.label)).toEqual(labels);
  });

  it('names the first prompts only, one per palette colour', () => {
    const many = {
      ...colouring('prompt'),
      promptIds: Array.from({ length: 20 }, (_, i) => `q${i}`),
    };
    expect(mapLegend(many, TEST_NAMES)).toHaveLength(LEGEND_PROMPTS);
    expect(LEGEND_PROMPTS).toBe(8);
  });
});

describe('mapDescription', () => {
  it.each<[string, MapResult | null, string]>([
    ['no projection', null, 'The response map is not available.'],
    [
      'every response embedded',
      result(),
      '3 responses projected with PCA from 384-dimensional emb embeddings; the axes explain 60% and 25% of the variance.',
    ],
    [
      'some without embeddings',
      result({ missing: 2 }),
      '3 responses projected with PCA from 384-dimensional emb embeddings; the axes explain 60% and 25% of the variance. 2 responses have no stored embedding.',
    ],
  ])('%s', (_name, r, text) => {
    expect(mapDescription(r)).toBe(text);
  });
});

describe('mapTable and labels', () => {
  it('has a row per response, samples and classes from 1, coordinates to 4 decimals', () => {
    const table = mapTable([{ ...points[1]!, x: 1 / 3 }], TEST_NAMES);
    expect(table.columns).toEqual([
      'Response',
      'Prompt',
      'Model',
      'Strategy',
      'Sample',
      'Class',
      'PC1',
      'PC2',
    ]);
    expect(table.rows).toEqual([['r1', 'p2', 'm', 'ICR-GENERAL', 2, null, 0.3333, 5]]);
  });

  it.each<[MapPoint, string, string]>([
    [
      points[0]!,
      '1 of 3: response 1 to Text of p1, TEMPERATURE, m',
      'TEMPERATURE · m · sample 1 · class 1',
    ],
    [points[1]!, '2 of 3: response 2 to Text of p2, ICR-GENERAL, m', 'ICR-GENERAL · m · sample 2'],
  ])('labels %o', (p, label, tip) => {
    expect(mapPointLabel(p, points.indexOf(p), points.length, TEST_NAMES)).toBe(label);
    expect(mapTipTitle(p, TEST_NAMES)).toBe(tip);
  });
});
