// Table-driven tests for the MMHS framework's valuation scores, the pole threshold and quadrantFor.
import { describe, it, expect } from 'vitest';
import {
  getContext,
  poleOf,
  poleRuleText,
  quadrantFor,
  valuationScore,
  type NormativeContext,
  type Pole,
  type QuadrantName,
} from '../mmhs';

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
