// Table tests of the quadrant map transform: placement per active context, exclusions, stable
// mark ids across strategy and model toggles, and the per-context valuation summary.

import { describe, expect, it } from 'vitest';
import type { NormativeContext, QuadrantName } from '../mmhs';
import type { CategoryId } from '../taxonomy';
import type { ResultPoint } from './points';
import { markId, quadrantView, summarizeContexts, type QuadrantMark } from './quadrant';

function point(overrides: Partial<ResultPoint> = {}): ResultPoint {
  const base: ResultPoint = {
    id: 'p1/m/s',
    promptId: 'p1',
    category: 'G',
    model: 'm',
    strategy: 's',
    k: 5,
    classCount: 3,
    vocabulary: 0.5,
    embedding: 0.2,
    compression: 2,
    quality: 4,
    accuracy: null,
    contexts: ['interactional'],
  };
  const p = { ...base, ...overrides };
  return { ...p, id: overrides.id ?? `${p.promptId}/${p.model}/${p.strategy}` };
}

describe('quadrantView placement', () => {
  it.each<
    [
      string,
      CategoryId,
      NormativeContext[],
      number,
      [NormativeContext, number, number, QuadrantName][],
    ]
  >([
    ['factual prompt, one answer: Heaven', 'A', ['epistemic'], 1, [['epistemic', 0, 1, 'Heaven']]],
    [
      'factual prompt, five answers: Madness',
      'A',
      ['epistemic'],
      5,
      [['epistemic', 1, 0, 'Madness']],
    ],
    [
      'creative prompt, varied: Magic',
      'G',
      ['interactional'],
      5,
      [['interactional', 1, 1, 'Magic']],
    ],
    [
      'creative prompt, collapsed: Sin',
      'G',
      ['interactional'],
      1,
      [['interactional', 0, 0, 'Sin']],
    ],
    [
      'math: same point in two contexts',
      'D',
      ['epistemic', 'interactional'],
      4,
      [
        ['epistemic', 0.75, 0.25, 'Madness'],
        ['interactional', 0.75, 0.75, 'Magic'],
      ],
    ],
    [
      'x exactly at the pole boundary counts as heterogeneity',
      'H',
      ['societal', 'safety'],
      3,
      [
        ['societal', 0.5, 0.5, 'Magic'],
        ['safety', 0.5, 0.5, 'Madness'],
      ],
    ],
    [
      'fractional mean class count',
      'G',
      ['interactional'],
      1.5,
      [['interactional', 0.125, 0.125, 'Sin']],
    ],
  ])('%s', (_label, category, contexts, classCount, expected) => {
    const view = quadrantView([point({ category, contexts, classCount })]);
    expect(view.marks.map((m) => [m.context, m.x, m.y, m.quadrant])).toEqual(expected);
    for (const m of view.marks) {
      expect(m.colourKey).toBe(m.context);
      expect(m.pointId).toBe('p1/m/s');
      expect(m.size).toBe(4);
      expect(m.category).toBe(category);
    }
    expect(view.excluded).toEqual([]);
  });

  it.each<[string, number, number, boolean, boolean, QuadrantName]>([
    // classCount of 5 -> variation; on the line, rewarded/penalized decided by the quadrant
    ['2 of 5 classes: left of the line', 2, 0.25, false, false, 'Sin'],
    ['3 of 5 classes: on the line, heterogeneous', 3, 0.5, true, true, 'Magic'],
    ['3.5 of 5 classes: right of the line', 3.5, 0.625, false, true, 'Magic'],
  ])('%s', (_label, classCount, x, onBoundary, rewarded, quadrant) => {
    const view = quadrantView([point({ classCount })]);
    expect(view.marks[0]).toMatchObject({ x, onBoundary, rewarded, quadrant });
    expect(view.onBoundary).toBe(onBoundary ? 1 : 0);
    expect(view.rule).toContain('Variation ≥ 0.5 counts as heterogeneity');
    expect(view.rule).toContain('3 of 5 functional classes');
  });

  it('draws an epistemic mark on the line in Madness (bottom), not in the rewarded half', () => {
    const [m] = quadrantView([
      point({ classCount: 3, contexts: ['epistemic'], category: 'A' }),
    ]).marks;
    expect(m).toMatchObject({ x: 0.5, y: 0.5, quadrant: 'Madness', rewarded: false });
  });

  it.each<[string, Partial<ResultPoint>, string]>([
    ['no category', { category: null, contexts: [] }, 'no-category'],
    ['no contexts', { contexts: [] }, 'no-context'],
    ['not judged', { classCount: null }, 'no-variation'],
    ['one response', { k: 1, classCount: 1 }, 'no-variation'],
  ])('excludes a point with %s', (_label, overrides, reason) => {
    const view = quadrantView([point(overrides)]);
    expect(view.marks).toEqual([]);
    expect(view.excluded).toEqual([{ pointId: 'p1/m/s', reason }]);
  });

  it.each<[string, number | undefined, number, QuadrantName]>([
    ['default threshold 0.5', undefined, 0.5, 'Magic'],
    ['raised threshold', 0.6, 0.5, 'Sin'],
    ['lowered threshold', 0.2, 0.25, 'Magic'],
  ])('%s', (_label, threshold, x, quadrant) => {
    const classCount = 1 + x * 4;
    const view = quadrantView([point({ classCount })], { threshold });
    expect(view.marks[0]?.quadrant).toBe(quadrant);
    expect(view.threshold).toBe(threshold ?? 0.5);
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(() => quadrantView([point()], { threshold: 0 })).toThrow(RangeError);
  });

  it.each<[string, Partial<ResultPoint>, 'vocabulary' | 'embedding' | 'compression', number]>([
    ['vocabulary', { vocabulary: 0.8 }, 'vocabulary', 0.8],
    ['embedding, clamped', { embedding: 1.3 }, 'embedding', 1],
    ['compression, inverse ratio', { compression: 4 }, 'compression', 0.25],
  ])('switches the x metric to %s', (_label, overrides, metric, x) => {
    const view = quadrantView([point(overrides)], { metric });
    expect(view.marks[0]?.x).toBe(x);
    expect(view.metric.id).toBe(metric);
    expect(view.axisLabel.length).toBeGreaterThan(0);
  });

  it('uses null size for ungraded points', () => {
    expect(quadrantView([point({ quality: null })]).marks[0]?.size).toBeNull();
  });
});

describe('mark ids', () => {
  it.each<[string, Partial<ResultPoint>, NormativeContext, ('model' | 'strategy')[], string]>([
    ['prompt and context', {}, 'epistemic', [], 'p1|epistemic'],
    ['with model', { model: 'openai/gpt-4o' }, 'safety', ['model'], 'p1|safety|m:openai%2Fgpt-4o'],
    ['with strategy', {}, 'societal', ['strategy'], 'p1|societal|s:s'],
    ['with both', {}, 'interactional', ['strategy', 'model'], 'p1|interactional|m:m|s:s'],
    ['separator in the prompt id', { promptId: 'a|b' }, 'epistemic', [], 'a%7Cb|epistemic'],
  ])('%s', (_label, overrides, context, idBy, expected) => {
    expect(markId(point(overrides), context, idBy)).toBe(expected);
  });

  it('keeps a prompt x context id when the strategy or model is toggled', () => {
    const a = quadrantView([point({ strategy: 'temperature', classCount: 1 })]);
    const b = quadrantView([point({ strategy: 'system-task-anchored', classCount: 5 })]);
    const c = quadrantView([point({ model: 'other', classCount: 4 })]);
    expect(a.marks[0]?.id).toBe('p1|interactional');
    expect(b.marks[0]?.id).toBe(a.marks[0]?.id);
    expect(c.marks[0]?.id).toBe(a.marks[0]?.id);
    expect(b.marks[0]?.quadrant).not.toBe(a.marks[0]?.quadrant);
  });

  it('gives full ids to colliding marks, independent of input order', () => {
    const p = point({ strategy: 'temperature' });
    const q = point({ strategy: 'icr-general' });
    const r = point({ promptId: 'p2' });
    const forward = quadrantView([p, q, r]).marks.map((m) => m.id);
    const backward = quadrantView([r, q, p]).marks.map((m) => m.id);
    expect(forward).toEqual([
      'p1|interactional|m:m|s:temperature',
      'p1|interactional|m:m|s:icr-general',
      'p2|interactional',
    ]);
    expect([...backward].sort()).toEqual([...forward].sort());
    expect(new Set(forward).size).toBe(3);
  });

  it('honours idBy for side-by-side strategies', () => {
    const view = quadrantView(
      [point({ strategy: 'temperature' }), point({ strategy: 'icr-general' })],
      { idBy: ['strategy'] },
    );
    expect(view.marks.map((m) => m.id)).toEqual([
      'p1|interactional|s:temperature',
      'p1|interactional|s:icr-general',
    ]);
  });
});

describe('summarizeContexts', () => {
  const mark = (context: NormativeContext, y: number, quadrant: QuadrantName): QuadrantMark => ({
    id: `${context}-${y}`,
    pointId: 'p',
    promptId: 'p',
    category: 'H',
    model: 'm',
    strategy: 's',
    context,
    x: 1 - y,
    rewarded: y >= 0.5,
    onBoundary: false,
    y,
    quadrant,
    colourKey: context,
    size: null,
  });

  it('returns every context in paper order, empty ones with null means', () => {
    const summaries = summarizeContexts([]);
    expect(summaries.map((s) => [s.context, s.count, s.meanValuation, s.interval])).toEqual([
      ['epistemic', 0, null, null],
      ['interactional', 0, null, null],
      ['societal', 0, null, null],
      ['safety', 0, null, null],
    ]);
    expect(summaries[0]?.quadrants).toEqual({ Heaven: 0, Magic: 0, Sin: 0, Madness: 0 });
  });

  it.each<
    [string, QuadrantMark[], number, number | null, boolean, Partial<Record<QuadrantName, number>>]
  >([
    ['one mark: no interval', [mark('epistemic', 1, 'Heaven')], 1, 1, false, { Heaven: 1 }],
    [
      'three marks',
      [
        mark('epistemic', 1, 'Heaven'),
        mark('epistemic', 0, 'Madness'),
        mark('epistemic', 0.5, 'Madness'),
      ],
      3,
      0.5,
      true,
      { Heaven: 1, Madness: 2 },
    ],
  ])('%s', (_label, marks, count, mean, hasInterval, quadrants) => {
    const s = summarizeContexts(marks).find((x) => x.context === 'epistemic');
    expect(s?.count).toBe(count);
    expect(s?.meanValuation).toBe(mean);
    expect(s?.interval !== null).toBe(hasInterval);
    expect(s?.quadrants).toMatchObject(quadrants);
  });

  it('computes the t-interval of the valuation scores', () => {
    const s = summarizeContexts([mark('safety', 0, 'Madness'), mark('safety', 1, 'Heaven')])[3];
    expect(s?.interval?.lower).toBeCloseTo(-5.8531, 3);
    expect(s?.interval?.upper).toBeCloseTo(6.8531, 3);
  });

  it('is what quadrantView reports', () => {
    const view = quadrantView([
      point({ promptId: 'a', category: 'A', contexts: ['epistemic'], classCount: 1 }),
      point({ promptId: 'b', category: 'A', contexts: ['epistemic'], classCount: 2 }),
    ]);
    expect(view.summaries).toEqual(summarizeContexts(view.marks));
    expect(view.summaries[0]).toMatchObject({ count: 2, meanValuation: 0.875 });
  });
});
