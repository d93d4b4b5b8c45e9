import { describe, expect, it } from 'vitest';
import {
  FIGURE_CELLS,
  activePulls,
  cellOf,
  figureDescription,
  figureHeight,
  pullArrow,
  pullCellText,
  pullLabel,
  quadrantLabel,
  shownQuery,
  tensionLabelAt,
} from './framework-figure';
import { emptyJudgement, queryTensions, setDirection, toggleContext } from './framework-judgement';
import type { NormativeContext, Pole } from './mmhs';
import type { ContextAssessment, QueryAnalysisJudgement } from './probe-prompts';

/** A judgement with the given contexts active, each demanding the given pole. */
function judgementWith(pulls: Partial<Record<NormativeContext, Pole>>): QueryAnalysisJudgement {
  let j = emptyJudgement();
  for (const [context, pole] of Object.entries(pulls) as [NormativeContext, Pole][]) {
    j = setDirection(toggleContext(j, context), context, pole);
  }
  return j;
}

const pull = (context: NormativeContext, direction: Pole): ContextAssessment =>
  judgementWith({ [context]: direction }).contexts.find((c) => c.context === context)!;

describe('figure cells', () => {
  it.each([
    ['safety', 'Heaven', 64, 12, 78, 44, 226, 158],
    ['interactional', 'Magic', 326, 12, 574, 44, 426, 158],
    ['societal', 'Sin', 64, 220, 78, 358, 226, 282],
    ['epistemic', 'Madness', 326, 220, 574, 358, 426, 282],
  ] as const)('%s sits in %s', (context, quadrant, x, y, textX, textY, ax, ay) => {
    const cell = cellOf(context);
    expect(cell.quadrant.name).toBe(quadrant);
    expect([cell.x, cell.y, cell.textX, cell.textY, cell.ax, cell.ay]).toEqual([
      x,
      y,
      textX,
      textY,
      ax,
      ay,
    ]);
  });
  it('has one cell per quadrant', () => {
    expect(FIGURE_CELLS.map((c) => c.context.id).sort()).toEqual(
      ['epistemic', 'interactional', 'safety', 'societal'].sort(),
    );
  });
});

describe('figure texts', () => {
  it.each([
    ['short', 'short'],
    ['x'.repeat(90), 'x'.repeat(90)],
    ['x'.repeat(91), `${'x'.repeat(89)}…`],
  ])('shownQuery(%#)', (query, want) => {
    expect(shownQuery(query)).toBe(want);
  });
  it.each([
    [false, 490],
    [true, 540],
  ])('figureHeight(%s) = %d', (analysed, want) => {
    expect(figureHeight(analysed)).toBe(want);
  });
  it.each([
    ['safety', 'homogeneity', 'homogeneity'],
    ['safety', 'heterogeneity', 'heterogeneity (unusual)'],
    ['interactional', 'heterogeneity', 'heterogeneity'],
  ] as const)('pullLabel(%s, %s)', (context, direction, want) => {
    expect(pullLabel(pull(context, direction))).toBe(want);
  });
  it.each([
    [false, undefined, '–'],
    [true, undefined, 'not active'],
    [true, pull('safety', 'homogeneity'), 'demands homogeneity'],
  ])('pullCellText(%s, %#)', (analysed, p, want) => {
    expect(pullCellText(analysed, p)).toBe(want);
  });
  it.each([
    [false, undefined, /Opens its card\.$/],
    [true, undefined, / Not active for the query\. Opens its card\.$/],
    [true, pull('safety', 'homogeneity'), / Active for the query: demands homogeneity\./],
  ])('quadrantLabel(%s, %#)', (analysed, p, want) => {
    const label = quadrantLabel(cellOf('safety'), analysed, p);
    expect(label.startsWith('Heaven: Safety context, objective ')).toBe(true);
    expect(label).toMatch(want);
  });
});

describe('overlay geometry', () => {
  it.each([
    ['safety', 'homogeneity', 'M226,144 V130 H134', 206, 'end'],
    ['safety', 'heterogeneity', 'M226,144 V130 H314', 206, 'end'],
    ['epistemic', 'heterogeneity', 'M426,296 V310 H518', 446, 'start'],
    ['epistemic', 'homogeneity', 'M426,296 V310 H338', 446, 'start'],
  ] as const)('pullArrow(%s, %s)', (context, direction, path, labelX, anchor) => {
    const arrow = pullArrow(pull(context, direction));
    expect([arrow.path, arrow.labelX, arrow.labelAnchor]).toEqual([path, labelX, anchor]);
  });
  it.each([
    [
      { safety: 'homogeneity', interactional: 'heterogeneity' },
      { x: 326, y: 158 },
    ],
    [
      { safety: 'homogeneity', epistemic: 'homogeneity' },
      { x: 286, y: 195.2 },
    ],
    [
      { interactional: 'heterogeneity', societal: 'homogeneity' },
      { x: 366, y: 195.2 },
    ],
  ] as const)('tensionLabelAt(%#)', (pulls, want) => {
    const [t] = queryTensions(judgementWith(pulls));
    const at = tensionLabelAt(t!);
    expect(at.x).toBeCloseTo(want.x);
    expect(at.y).toBeCloseTo(want.y);
  });
});

describe('figureDescription', () => {
  it.each([
    [null, [], /penalized\.$/],
    [judgementWith({}), [], /Query: "q"\. No context is active\.$/],
    [
      judgementWith({ safety: 'homogeneity', interactional: 'heterogeneity' }),
      null,
      /Query: "q"\. interactional demands heterogeneity; safety demands homogeneity\. interactional and safety demand opposite poles \(Table 1, group \d\)\.$/,
    ],
  ])('case %#', (judgement, tensions, want) => {
    const t = tensions ?? (judgement === null ? [] : queryTensions(judgement));
    expect(figureDescription(judgement, t, 'q')).toMatch(want);
    expect(activePulls(judgement).size).toBe(judgement === null ? 0 : t.length === 0 ? 0 : 2);
  });
});
