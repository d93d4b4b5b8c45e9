// Table-driven tests for the MMHS framework's normative contexts, quadrants and their lookups.
import { describe, it, expect } from 'vitest';
import {
  NORMATIVE_CONTEXTS,
  NORMATIVE_CONTEXT_IDS,
  QUADRANTS,
  getContext,
  isNormativeContext,
  quadrantAt,
  valuationOf,
  type NormativeContext,
  type Pole,
  type QuadrantName,
  type Valuation,
} from '../mmhs';

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
