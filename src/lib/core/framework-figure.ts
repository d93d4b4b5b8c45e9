// Figure 1 of the MMHS framework as positioned marks: quadrant cells, the analysis overlay (pulls,
// tension lines and their Table 1 numbers) and the texts read by screen readers and the table.
import type { QueryTension } from './framework-judgement';
import {
  NORMATIVE_CONTEXTS,
  QUADRANTS,
  getContext,
  type NormativeContext,
  type NormativeContextInfo,
  type Quadrant,
} from './mmhs';
import type { ContextAssessment, QueryAnalysisJudgement } from './probe-prompts';

/** The figure's frame in SVG user units. */
export const FIGURE = (() => {
  const W = 600;
  const X0 = 64;
  const X1 = 588;
  const Y0 = 12;
  const Y1 = 428;
  const MID_X = (X0 + X1) / 2;
  const MID_Y = (Y0 + Y1) / 2;
  return { W, X0, X1, Y0, Y1, MID_X, MID_Y, QW: MID_X - X0, QH: MID_Y - Y0 } as const;
})();

/** Vertical offsets of a quadrant's four text lines (name, context, objective, figure label). */
export const LINE_OFFSETS: readonly [number, number, number, number] = [0, 20, 38, 56];

/** The letters drawn in a context's dot. */
export const INITIALS: Readonly<Record<NormativeContext, string>> = {
  epistemic: 'E',
  interactional: 'I',
  societal: 'So',
  safety: 'Sa',
};

/** One quadrant of the figure with its context and where its texts and overlay sit. */
export interface FigureCell {
  quadrant: Quadrant;
  context: NormativeContextInfo;
  x: number;
  y: number;
  left: boolean;
  top: boolean;
  /** Where the analysis overlay starts for this context. */
  ax: number;
  ay: number;
  /** Anchor of the quadrant's text lines (the first line's baseline). */
  textX: number;
  textY: number;
}

/** The four cells, in the order of QUADRANTS. */
export const FIGURE_CELLS: readonly FigureCell[] = QUADRANTS.map((quadrant) => {
  const { X0, Y0, MID_X, MID_Y, QW, QH } = FIGURE;
  const left = quadrant.x === 'homogeneity';
  const top = quadrant.y === 'rewarded';
  const context = NORMATIVE_CONTEXTS.find((c) => c.quadrant === quadrant.name)!;
  const x = left ? X0 : MID_X;
  const y = top ? Y0 : MID_Y;
  return {
    quadrant,
    context,
    x,
    y,
    left,
    top,
    ax: MID_X + (left ? -100 : 100),
    ay: MID_Y + (top ? -62 : 62),
    textX: left ? x + 14 : x + QW - 14,
    textY: top ? y + 32 : y + QH - 70,
  };
});

/** The cell that holds a context. */
export function cellOf(id: NormativeContext): FigureCell {
  return FIGURE_CELLS.find((c) => c.context.id === id)!;
}

/** The figure's height: the analysed figure has room for the query and legend below. */
export function figureHeight(analysed: boolean): number {
  return analysed ? 540 : 490;
}

/** The query as drawn under the figure: cut to 90 characters. */
export function shownQuery(query: string): string {
  return query.length > 90 ? `${query.slice(0, 89)}…` : query;
}

/** Short objective, e.g. "Robustness", from "Robustness: consistent adherence …". */
export function shortObjective(c: NormativeContextInfo): string {
  return c.objective.split(':')[0] ?? c.objective;
}

/** The active contexts with a direction, by context. */
export function activePulls(
  judgement: QueryAnalysisJudgement | null,
): Map<NormativeContext, ContextAssessment> {
  return new Map(
    (judgement?.contexts ?? [])
      .filter((c) => c.active && c.direction !== null)
      .map((c) => [c.context, c]),
  );
}

/** The pole a context demands, flagged when it is not the one the framework rewards. */
export function pullLabel(a: ContextAssessment): string {
  const unusual = a.direction !== getContext(a.context).rewardedPole;
  return `${a.direction}${unusual ? ' (unusual)' : ''}`;
}

/** A quadrant's accessible name: what it is, what the analysed query does with it, what it opens. */
export function quadrantLabel(
  cell: FigureCell,
  analysed: boolean,
  pull: ContextAssessment | undefined,
): string {
  const state = !analysed
    ? ''
    : pull === undefined
      ? ' Not active for the query.'
      : ` Active for the query: demands ${pull.direction}.`;
  return `${cell.quadrant.name}: ${cell.context.label} context, objective ${shortObjective(cell.context)}, ${cell.context.figureLabel}.${state} Opens its card.`;
}

/** The "in the analysed query" cell of the figure's table. */
export function pullCellText(analysed: boolean, pull: ContextAssessment | undefined): string {
  return !analysed ? '–' : pull === undefined ? 'not active' : `demands ${pull.direction}`;
}

/** Where the Table 1 group number sits on a line: diagonals cross mid-figure, so shift them. */
export function tensionLabelAt(t: QueryTension): { x: number; y: number } {
  const a = cellOf(t.a.context);
  const b = cellOf(t.b.context);
  const diagonal = a.left !== b.left && a.top !== b.top;
  // Starting from the upper end puts the two diagonals' numbers side by side, not on each other.
  const [from, to] = diagonal && !a.top ? [b, a] : [a, b];
  const share = diagonal ? 0.3 : 0.5;
  return { x: from.ax + (to.ax - from.ax) * share, y: from.ay + (to.ay - from.ay) * share };
}

/** The elbow arrow of one pull: from the context's dot to a lane of its own, then to the pole. */
export interface PullArrow {
  path: string;
  /** Where the pole label starts and how it is anchored. */
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'end';
}

/** The arrow drawn for an active context towards the pole it demands. */
export function pullArrow(a: ContextAssessment): PullArrow {
  const cell = cellOf(a.context);
  const towardsLeft = a.direction === 'homogeneity';
  const outward = towardsLeft === cell.left;
  const lane = cell.ay + (cell.top ? -28 : 28);
  const end = outward
    ? cell.ax + (towardsLeft ? -92 : 92)
    : FIGURE.MID_X + (towardsLeft ? 12 : -12);
  return {
    path: `M${cell.ax},${cell.ay + (cell.top ? -14 : 14)} V${lane} H${end}`,
    labelX: cell.ax + (cell.left ? -20 : 20),
    labelY: cell.ay + 4,
    labelAnchor: cell.left ? 'end' : 'start',
  };
}

const BASE_DESCRIPTION =
  'Figure 1 of the Magic, Madness, Heaven, Sin framework: output variation runs from homogeneity (left) to heterogeneity (right); whether it is rewarded (top) or penalized (bottom) depends on the normative context. Heaven: safety, homogeneity rewarded. Magic: interactional, heterogeneity rewarded. Sin: societal, homogeneity penalized. Madness: epistemic, heterogeneity penalized.';

/** The figure's description: the framework, then the analysed query's pulls and tensions. */
export function figureDescription(
  judgement: QueryAnalysisJudgement | null,
  tensions: readonly QueryTension[],
  query: string,
): string {
  if (judgement === null) return BASE_DESCRIPTION;
  const pulls = [...activePulls(judgement).values()].map(
    (a) => `${a.context} demands ${a.direction}`,
  );
  const lines = tensions.map(
    (t) =>
      `${t.a.context} and ${t.b.context} ${t.opposed ? 'demand opposite poles' : 'demand the same pole'} (Table 1, group ${t.kindNumber})`,
  );
  return `${BASE_DESCRIPTION} Query: "${query}". ${pulls.length === 0 ? 'No context is active.' : `${pulls.join('; ')}.`}${lines.length > 0 ? ` ${lines.join('; ')}.` : ''}`;
}
