import { describe, it, expect } from 'vitest';
import { CATEGORY_IDS, type CategoryId } from './taxonomy';
import {
  ANALYSIS_LEVELS,
  ANALYSIS_SCOPES,
  CATEGORY_CONTEXT_MAP,
  CONTEXT_TENSIONS,
  EXAMPLE_QUERY,
  MEASURED_ASPECTS,
  NORMATIVE_CONTEXTS,
  NORMATIVE_CONTEXT_IDS,
  QUADRANTS,
  TENSION_KINDS,
  activeContexts,
  getContext,
  getTension,
  isNormativeContext,
  poleOf,
  poleRuleText,
  quadrantAt,
  quadrantFor,
  valuationOf,
  valuationScore,
  type NormativeContext,
  type Pole,
  type QuadrantName,
  type TensionKind,
  type Valuation,
} from './mmhs';

describe('NORMATIVE_CONTEXTS', () => {
  it('lists the four contexts in paper order', () => {
    expect(NORMATIVE_CONTEXT_IDS).toEqual(['epistemic', 'interactional', 'societal', 'safety']);
  });

  it.each<[NormativeContext, QuadrantName, Pole, string]>([
    ['epistemic', 'Madness', 'homogeneity', 'hallucination'],
    ['interactional', 'Magic', 'heterogeneity', 'mode collapse'],
    ['societal', 'Sin', 'heterogeneity', 'erasure'],
    ['safety', 'Heaven', 'homogeneity', 'compliance'],
  ])('%s sits in %s, rewards %s, and names "%s"', (id, quadrant, pole, term) => {
    const c = getContext(id);
    expect(c.quadrant).toBe(quadrant);
    expect(c.rewardedPole).toBe(pole);
    expect(c.vocabulary).toContain(term);
    expect(c.failureModes.length).toBeGreaterThan(0);
    expect(c.objective.length).toBeGreaterThan(0);
  });

  it('places each context in a distinct quadrant', () => {
    expect(new Set(NORMATIVE_CONTEXTS.map((c) => c.quadrant)).size).toBe(4);
  });

  it.each(NORMATIVE_CONTEXTS.map((c) => [c.id, c] as const))(
    '%s: its Figure 1 quadrant is consistent with the pole it rewards',
    (_id, c) => {
      const q = QUADRANTS.find((x) => x.name === c.quadrant);
      expect(q).toBeDefined();
      if (q) expect(valuationOf(c.id, q.x)).toBe(q.y);
    },
  );

  it.each<[unknown, boolean]>([
    ['epistemic', true],
    ['safety', true],
    ['Epistemic', false],
    ['homogeneity', false],
    ['', false],
    [undefined, false],
    [3, false],
  ])('isNormativeContext(%j) = %s', (value, expected) => {
    expect(isNormativeContext(value)).toBe(expected);
  });

  it('getContext throws RangeError for an unknown id', () => {
    expect(() => getContext('ethical' as NormativeContext)).toThrow(RangeError);
  });
});

describe('QUADRANTS', () => {
  it.each<[Pole, Valuation, QuadrantName]>([
    ['heterogeneity', 'rewarded', 'Magic'],
    ['heterogeneity', 'penalized', 'Madness'],
    ['homogeneity', 'rewarded', 'Heaven'],
    ['homogeneity', 'penalized', 'Sin'],
  ])('(%s, %s) is %s', (x, y, name) => {
    expect(quadrantAt(x, y).name).toBe(name);
  });

  it('has four distinct names at four distinct positions, each described', () => {
    expect(new Set(QUADRANTS.map((q) => q.name)).size).toBe(4);
    expect(new Set(QUADRANTS.map((q) => `${q.x}/${q.y}`)).size).toBe(4);
    for (const q of QUADRANTS) expect(q.description.length).toBeGreaterThan(0);
  });

  it('quadrantAt throws for an invalid position', () => {
    expect(() => quadrantAt('middle' as Pole, 'rewarded')).toThrow(RangeError);
  });
});

describe('valuationOf', () => {
  it.each<[NormativeContext, Pole, Valuation]>([
    ['epistemic', 'homogeneity', 'rewarded'],
    ['epistemic', 'heterogeneity', 'penalized'],
    ['interactional', 'homogeneity', 'penalized'],
    ['interactional', 'heterogeneity', 'rewarded'],
    ['societal', 'homogeneity', 'penalized'],
    ['societal', 'heterogeneity', 'rewarded'],
    ['safety', 'homogeneity', 'rewarded'],
    ['safety', 'heterogeneity', 'penalized'],
  ])('%s values %s as %s', (context, pole, valuation) => {
    expect(valuationOf(context, pole)).toBe(valuation);
  });
});

describe('valuationScore', () => {
  it.each<[NormativeContext | Pole, number, number]>([
    ['epistemic', 0, 1],
    ['epistemic', 0.25, 0.75],
    ['epistemic', 1, 0],
    ['interactional', 0, 0],
    ['interactional', 0.25, 0.25],
    ['interactional', 1, 1],
    ['societal', 0, 0],
    ['societal', 0.25, 0.25],
    ['societal', 1, 1],
    ['safety', 0, 1],
    ['safety', 0.25, 0.75],
    ['safety', 1, 0],
    ['homogeneity', 0.25, 0.75],
    ['heterogeneity', 0.25, 0.25],
    ['heterogeneity', 0.5, 0.5],
    ['homogeneity', 0.5, 0.5],
    // rounding overshoot is clamped
    ['heterogeneity', 1 + 1e-12, 1],
    ['heterogeneity', -1e-12, 0],
    ['homogeneity', 1 + 1e-12, 0],
  ])('valuationScore(v, %s) at v=%s is %s', (ctx, v, expected) => {
    expect(valuationScore(v, ctx)).toBeCloseTo(expected, 12);
  });

  it.each<[number, RegExp]>([
    [Number.NaN, /NaN/],
    [-0.1, /outside/],
    [1.1, /outside/],
    [Number.POSITIVE_INFINITY, /outside/],
    [Number.NEGATIVE_INFINITY, /outside/],
  ])('throws RangeError for variation %s', (v, message) => {
    expect(() => valuationScore(v, 'epistemic')).toThrow(RangeError);
    expect(() => valuationScore(v, 'epistemic')).toThrow(message);
  });

  it('throws RangeError for an unknown context', () => {
    expect(() => valuationScore(0.5, 'fairness' as NormativeContext)).toThrow(RangeError);
  });
});

describe('poleOf and quadrantFor', () => {
  it.each<[number, Pole]>([
    [0, 'homogeneity'],
    [0.49, 'homogeneity'],
    [0.5, 'heterogeneity'],
    [1, 'heterogeneity'],
  ])('poleOf(%s) = %s', (v, pole) => {
    expect(poleOf(v)).toBe(pole);
  });

  it.each<[number, number, Pole]>([
    [0.3, 0.2, 'heterogeneity'],
    [0.3, 0.8, 'homogeneity'],
    [1, 1, 'heterogeneity'],
  ])('poleOf(%s, threshold %s) = %s', (v, t, pole) => {
    expect(poleOf(v, t)).toBe(pole);
  });

  it.each([[0], [-0.5], [1.5], [Number.NaN]])('poleOf rejects threshold %s', (t) => {
    expect(() => poleOf(0.5, t)).toThrow(RangeError);
  });

  it.each<[NormativeContext, number, QuadrantName]>([
    ['epistemic', 0.9, 'Madness'],
    ['epistemic', 0.1, 'Heaven'],
    ['epistemic', 0.5, 'Madness'],
    ['interactional', 0.9, 'Magic'],
    ['interactional', 0.1, 'Sin'],
    ['interactional', 0, 'Sin'],
    ['societal', 0.1, 'Sin'],
    ['societal', 0.9, 'Magic'],
    ['safety', 0.1, 'Heaven'],
    ['safety', 0.9, 'Madness'],
    ['safety', 1, 'Madness'],
  ])('quadrantFor(%s, %s) = %s', (context, v, quadrant) => {
    expect(quadrantFor(context, v)).toBe(quadrant);
  });

  it('lands each context in its own Figure 1 quadrant at the pole that context is known for', () => {
    // Figure 1 draws each context at its failure or valued behaviour: epistemic/interactional at
    // the heterogeneous end, societal/safety at the homogeneous end.
    expect(quadrantFor('epistemic', 1)).toBe(getContext('epistemic').quadrant);
    expect(quadrantFor('interactional', 1)).toBe(getContext('interactional').quadrant);
    expect(quadrantFor('societal', 0)).toBe(getContext('societal').quadrant);
    expect(quadrantFor('safety', 0)).toBe(getContext('safety').quadrant);
  });

  it.each<[number, string[]]>([
    [0.5, ['Variation ≥ 0.5 counts as heterogeneity', 'below 0.5 as homogeneity', '3 of 5']],
    [0.6, ['Variation ≥ 0.6 counts as heterogeneity', 'below 0.6 as homogeneity']],
  ])('poleRuleText(%s) states the rule poleOf applies', (threshold, parts) => {
    const text = poleRuleText(threshold);
    for (const part of parts) expect(text).toContain(part);
    if (threshold !== 0.5) expect(text).not.toContain('3 of 5');
    expect(poleOf(threshold, threshold)).toBe('heterogeneity');
    expect(text).toContain('exactly on the line');
  });

  it('quadrantFor throws on NaN variation', () => {
    expect(() => quadrantFor('safety', Number.NaN)).toThrow(RangeError);
  });
});

describe('analysis levels and scopes', () => {
  it('lists lexical, semantic, functional with epistemic stances from Section 2.2', () => {
    expect(ANALYSIS_LEVELS.map((l) => [l.id, l.surface, l.epistemicStance])).toEqual([
      ['lexical', true, 'agnostic'],
      ['semantic', false, 'penalized'],
      ['functional', false, 'penalized'],
    ]);
  });

  it('lists the three scopes, each described', () => {
    expect(ANALYSIS_SCOPES.map((s) => s.id)).toEqual([
      'intra-response',
      'inter-response',
      'inter-model',
    ]);
    for (const s of ANALYSIS_SCOPES) expect(s.description.length).toBeGreaterThan(0);
  });
});

describe('CONTEXT_TENSIONS', () => {
  it('has exactly six entries covering every unordered pair once', () => {
    expect(CONTEXT_TENSIONS).toHaveLength(6);
    const pairs = CONTEXT_TENSIONS.map((t) => [t.a, t.b].sort().join('+'));
    expect(new Set(pairs).size).toBe(6);
    for (const t of CONTEXT_TENSIONS) expect(t.a).not.toBe(t.b);
  });

  it.each<[NormativeContext, NormativeContext, TensionKind]>([
    ['safety', 'interactional', 'opposing-behaviors'],
    ['interactional', 'safety', 'opposing-behaviors'],
    ['societal', 'epistemic', 'opposing-behaviors'],
    ['safety', 'societal', 'different-valuations'],
    ['epistemic', 'interactional', 'different-valuations'],
    ['societal', 'interactional', 'different-contexts'],
    ['epistemic', 'safety', 'different-contexts'],
  ])('getTension(%s, %s) is of kind %s', (x, y, kind) => {
    const t = getTension(x, y);
    expect(t?.kind).toBe(kind);
    expect(t?.tension.length).toBeGreaterThan(0);
    expect(t?.example.length).toBeGreaterThan(0);
  });

  it.each(NORMATIVE_CONTEXT_IDS.map((c) => [c]))('getTension(%s, itself) is undefined', (c) => {
    expect(getTension(c, c)).toBeUndefined();
  });

  it('puts two tensions in each kind of Table 1', () => {
    for (const kind of TENSION_KINDS) {
      expect(CONTEXT_TENSIONS.filter((t) => t.kind === kind.id)).toHaveLength(2);
    }
  });

  // The kind follows from the rewarded poles: opposing when the contexts reward different poles,
  // otherwise "same behaviour" (Table 1's categories 2 and 3 differ only in valuation vs. reason).
  it.each(CONTEXT_TENSIONS.map((t) => [t.a, t.b, t] as const))(
    '%s x %s: kind agrees with the rewarded poles',
    (_a, _b, t) => {
      const samePole = getContext(t.a).rewardedPole === getContext(t.b).rewardedPole;
      if (t.kind === 'different-contexts') expect(samePole).toBe(true);
      else expect(samePole).toBe(false);
    },
  );
});

describe('CATEGORY_CONTEXT_MAP', () => {
  it('covers exactly A..H', () => {
    expect(Object.keys(CATEGORY_CONTEXT_MAP).sort()).toEqual([...CATEGORY_IDS]);
  });

  it.each(CATEGORY_IDS.map((id) => [id]))('%s: entries are valid and non-empty', (id) => {
    const entries = CATEGORY_CONTEXT_MAP[id];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(isNormativeContext(e.context)).toBe(true);
      expect(Object.keys(MEASURED_ASPECTS)).toContain(e.level);
      expect(['homogeneity', 'heterogeneity']).toContain(e.valuedDirection);
      expect(e.rationale.trim().length).toBeGreaterThan(0);
      // A mapping that values the pole the context penalizes would contradict the framework.
      expect(e.valuedDirection).toBe(getContext(e.context).rewardedPole);
    }
    // At least one activation must hold for every prompt of the category.
    expect(entries.some((e) => e.condition === null)).toBe(true);
  });

  it.each<[CategoryId, NormativeContext[], NormativeContext[]]>([
    ['A', ['epistemic'], ['epistemic']],
    ['B', ['interactional', 'epistemic'], ['interactional', 'epistemic', 'societal']],
    ['C', ['interactional', 'epistemic'], ['interactional', 'epistemic']],
    ['D', ['epistemic', 'interactional'], ['epistemic', 'interactional']],
    ['E', ['interactional', 'epistemic'], ['interactional', 'epistemic', 'safety']],
    ['F', ['epistemic', 'societal'], ['epistemic', 'societal']],
    ['G', ['interactional'], ['interactional', 'societal']],
    ['H', ['interactional', 'societal'], ['interactional', 'societal', 'epistemic', 'safety']],
  ])('%s: always-active %j, with conditional %j', (id, always, all) => {
    expect(activeContexts(id, false)).toEqual(always);
    expect(activeContexts(id)).toEqual(all);
  });

  it('A only values answer homogeneity', () => {
    expect(CATEGORY_CONTEXT_MAP.A).toEqual([
      expect.objectContaining({
        context: 'epistemic',
        level: 'answer',
        valuedDirection: 'homogeneity',
      }),
    ]);
  });

  it('D values answer homogeneity and strategy heterogeneity', () => {
    const d = CATEGORY_CONTEXT_MAP.D.map((e) => [e.context, e.level, e.valuedDirection]);
    expect(d).toContainEqual(['epistemic', 'answer', 'homogeneity']);
    expect(d).toContainEqual(['interactional', 'strategy', 'heterogeneity']);
  });
});

describe('EXAMPLE_QUERY', () => {
  it('is the chronic-pain query with the three objectives of Figure 2', () => {
    expect(EXAMPLE_QUERY.query).toBe('How should I manage my severe chronic pain?');
    expect(EXAMPLE_QUERY.activations.map((a) => [a.context, a.valuedDirection])).toEqual([
      ['safety', 'homogeneity'],
      ['epistemic', 'homogeneity'],
      ['interactional', 'heterogeneity'],
    ]);
  });

  it('classifies as a category whose map can activate every context the example does', () => {
    const contexts = activeContexts(EXAMPLE_QUERY.category);
    for (const a of EXAMPLE_QUERY.activations) expect(contexts).toContain(a.context);
  });
});
