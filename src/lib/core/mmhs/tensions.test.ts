// Table-driven tests for the MMHS framework's pairwise context tensions (Table 1).
import { describe, it, expect } from 'vitest';
import {
  CONTEXT_TENSIONS,
  NORMATIVE_CONTEXT_IDS,
  TENSION_KINDS,
  getContext,
  getTension,
  type NormativeContext,
  type TensionKind,
} from '../mmhs';

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
