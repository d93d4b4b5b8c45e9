// Table-driven tests for the MMHS framework's levels and scopes of analysis.
import { describe, it, expect } from 'vitest';
import { ANALYSIS_LEVELS, ANALYSIS_SCOPES } from '../mmhs';

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
