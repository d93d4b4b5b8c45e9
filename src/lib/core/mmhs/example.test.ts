// Table-driven tests for the MMHS framework's the worked example (Section 6.1).
import { describe, it, expect } from 'vitest';
import { EXAMPLE_QUERY, activeContexts } from '../mmhs';

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
