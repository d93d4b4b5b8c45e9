// Table tests of the quadrant map's pixel layout: the quadrant rectangles tile the plot, labels sit
// inside their quadrant, and piled-up marks are dodged apart, each wholly inside the quadrant its
// values put it in, clear of the dividing lines and labels, at distinct positions.

import { describe, expect, it } from 'vitest';
import type { NormativeContext, QuadrantName } from '../mmhs';
import type { CategoryId } from '../taxonomy';
import type { ResultPoint } from './points';
import { quadrantView } from './quadrant';
import { resultPoint } from './testing/points';
import {
  layoutQuadrant,
  markArea,
  quadrantBoxes,
  quadrantLabels,
  quadrantScales,
  type QuadrantFrame,
} from './quadrant-layout';

const FRAME: QuadrantFrame = { width: 670, height: 426, pad: 14 };
/** A circle's bounding radius per √area, for every context. */
const CIRCLES: Record<NormativeContext, number> = {
  epistemic: 1 / Math.sqrt(Math.PI),
  interactional: 1 / Math.sqrt(Math.PI),
  societal: 1 / Math.sqrt(Math.PI),
  safety: 1 / Math.sqrt(Math.PI),
};

function point(
  promptId: string,
  category: CategoryId,
  classCount: number,
  quality: number | null,
  contexts: NormativeContext[],
  strategy = 'temperature',
): ResultPoint {
  return resultPoint(promptId, category, strategy, classCount, { quality, contexts });
}

describe('markArea', () => {
  it.each<[number | null, number]>([
    [null, 30],
    [1, 30],
    [0, 30],
    [5, 160],
    [9, 160],
  ])('quality %s -> %s px²', (quality, area) => {
    expect(markArea(quality)).toBeCloseTo(area, 9);
  });

  it('grows with quality', () => {
    expect(markArea(2)).toBeLessThan(markArea(3));
    expect(markArea(3)).toBeLessThan(markArea(4));
  });
});

describe('quadrantBoxes and labels', () => {
  it.each<[number]>([[0.5], [0.3], [0.8]])('threshold %s: four boxes tile the plot', (t) => {
    const boxes = quadrantBoxes(FRAME, t);
    const { x, y } = quadrantScales(FRAME);
    const byName = new Map(boxes.map((b) => [b.quadrant.name, b]));
    expect([...byName.keys()].sort()).toEqual(['Heaven', 'Madness', 'Magic', 'Sin']);
    expect(byName.get('Heaven')).toMatchObject({ x0: 0, x1: x(t), y0: 0, y1: y(0.5) });
    expect(byName.get('Magic')).toMatchObject({ x0: x(t), x1: FRAME.width, y0: 0, y1: y(0.5) });
    expect(byName.get('Sin')).toMatchObject({ x0: 0, x1: x(t), y0: y(0.5), y1: FRAME.height });
    expect(byName.get('Madness')).toMatchObject({
      x0: x(t),
      x1: FRAME.width,
      y0: y(0.5),
      y1: FRAME.height,
    });
    const area = boxes.reduce((a, b) => a + (b.x1 - b.x0) * (b.y1 - b.y0), 0);
    expect(area).toBeCloseTo(FRAME.width * FRAME.height, 6);
  });

  it.each<[number]>([[0.5], [0.4]])('threshold %s: each label lies in its quadrant', (t) => {
    const boxes = quadrantBoxes(FRAME, t);
    quadrantLabels(FRAME, t).forEach((label, i) => {
      const b = boxes[i]!;
      expect(label.quadrant.name).toBe(b.quadrant.name);
      expect(label.box.x0).toBeGreaterThanOrEqual(b.x0);
      expect(label.box.x1).toBeLessThanOrEqual(b.x1);
      expect(label.box.y0).toBeGreaterThanOrEqual(b.y0);
      expect(label.box.y1).toBeLessThanOrEqual(b.y1);
      expect(label.subtitleY).toBeGreaterThan(label.y);
    });
  });
});

/** Asserts the layout invariants and returns it. */
function expectReadable(points: ResultPoint[], threshold = 0.5) {
  const view = quadrantView(points, { threshold });
  const layout = layoutQuadrant(view.marks, FRAME, threshold, CIRCLES);
  expect(layout.marks).toHaveLength(view.marks.length);
  expect(layout.overlapping).toBe(0);
  const boxes = new Map(layout.boxes.map((b) => [b.quadrant.name, b]));
  const radius = (area: number) => CIRCLES.epistemic * Math.sqrt(area);
  layout.marks.forEach((p, i) => {
    const r = radius(p.area);
    const box = boxes.get(p.mark.quadrant)!;
    // Wholly inside its own quadrant: its side of each dividing line can be seen.
    expect(p.px - r).toBeGreaterThanOrEqual(box.x0 - 1e-9);
    expect(p.px + r).toBeLessThanOrEqual(box.x1 + 1e-9);
    expect(p.py - r).toBeGreaterThanOrEqual(box.y0 - 1e-9);
    expect(p.py + r).toBeLessThanOrEqual(box.y1 + 1e-9);
    for (const label of layout.labels) {
      const dx = Math.max(label.box.x0 - p.px, 0, p.px - label.box.x1);
      const dy = Math.max(label.box.y0 - p.py, 0, p.py - label.box.y1);
      expect(Math.hypot(dx, dy)).toBeGreaterThanOrEqual(r - 1e-9);
    }
    for (let j = 0; j < i; j++) {
      const q = layout.marks[j]!;
      expect(Math.hypot(p.px - q.px, p.py - q.py)).toBeGreaterThanOrEqual(
        r + radius(q.area) - 1e-6,
      );
    }
  });
  return layout;
}

describe('layoutQuadrant', () => {
  it.each<[string, ResultPoint[]]>([
    [
      '40 factual prompts with one answer each (all at Heaven’s corner)',
      Array.from({ length: 40 }, (_, i) => point(`p${i}`, 'A', 1, 4, ['epistemic'])),
    ],
    [
      '30 creative prompts at 3 of 5 classes, on the boundary',
      Array.from({ length: 30 }, (_, i) => point(`p${i}`, 'G', 3, 1 + (i % 5), ['interactional'])),
    ],
    [
      'four contexts, five strategies, ungraded and graded',
      [
        'temperature',
        'system-general',
        'system-task-anchored',
        'icr-general',
        'icr-task-anchored',
      ].flatMap((s, si) =>
        Array.from({ length: 8 }, (_, i) =>
          point(
            `p${i}`,
            'E',
            1 + ((i + si) % 5),
            i % 3 === 0 ? null : 3,
            ['epistemic', 'interactional', 'societal', 'safety'],
            s,
          ),
        ),
      ),
    ],
  ])('%s: every mark apart, inside its quadrant, off the labels', (_label, points) => {
    expectReadable(points);
  });

  it('a mark on the boundary (x = threshold) is drawn wholly on the heterogeneity side', () => {
    const layout = expectReadable([point('p1', 'G', 3, 5, ['interactional'])]);
    const [only] = layout.marks;
    const xT = layout.scales.x(0.5);
    expect(only!.mark.quadrant).toBe<QuadrantName>('Magic');
    expect(only!.px - CIRCLES.interactional * Math.sqrt(only!.area)).toBeGreaterThan(xT);
  });

  it('a lone mark away from lines and labels stays at its exact value', () => {
    const layout = expectReadable([point('p1', 'G', 4, 3, ['interactional'])]);
    const [only] = layout.marks;
    expect(only!.px).toBeCloseTo(layout.scales.x(0.75), 9);
    expect(only!.py).toBeCloseTo(layout.scales.y(0.75), 9);
  });

  it('is the same on every call', () => {
    const points = Array.from({ length: 25 }, (_, i) =>
      point(`p${i}`, 'B', 1 + (i % 3), 3, ['interactional']),
    );
    const view = quadrantView(points);
    // Scales are functions; everything else is data.
    const { scales: _a, ...first } = layoutQuadrant(view.marks, FRAME, 0.5, CIRCLES);
    const { scales: _b, ...second } = layoutQuadrant(view.marks, FRAME, 0.5, CIRCLES);
    expect(second).toEqual(first);
    expect(
      first.marks.some(
        (m) => m.px !== layoutQuadrant(view.marks, FRAME, 0.5, CIRCLES).scales.x(m.mark.x),
      ),
    ).toBe(true);
  });
});
