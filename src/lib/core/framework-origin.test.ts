import { describe, expect, it } from 'vitest';
import { analysisOriginText, type AnalysisOrigin } from './framework-origin';

describe('analysisOriginText', () => {
  const label = (id: string): string => `Model ${id}`;
  it.each<[AnalysisOrigin | null, boolean, string]>([
    [null, false, ''],
    [{ kind: 'paper' }, false, "The paper's own analysis of its example (Figure 2)."],
    [
      { kind: 'paper' },
      true,
      "The paper's own analysis of its example (Figure 2), then edited by hand.",
    ],
    [{ kind: 'model', engineId: 'x', missing: [] }, false, 'Judged by Model x.'],
    [{ kind: 'hand' }, false, 'Set up by hand.'],
  ])('case %#', (origin, edited, want) => {
    expect(analysisOriginText(origin, edited, label)).toBe(want);
  });
  it('names the category and its short name', () => {
    expect(analysisOriginText({ kind: 'category', category: 'A' }, false, label)).toMatch(
      /^Default contexts of category A \(.+\), from this app's map of categories to contexts\.$/,
    );
  });
});
