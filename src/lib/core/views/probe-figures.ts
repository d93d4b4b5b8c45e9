// The two probe charts as drawn: the societal heat map (a cell per group x attribute with its
// colour and text) and the safety bars (label segments per group), with descriptions and tables.
import { scaleBand } from 'd3';
import type { FigureNames, FigureTable } from './figure';
import { clip, modelShort, num, strategyShort } from './format';
import {
  LINE,
  MUTED,
  OKABE_ITO,
  SAFETY_COLOURS,
  SAFETY_NAMES,
  heatColour,
  textOn,
} from './palette';
import type { SafetyGroupRow, SafetyView, SocietalView } from './probe-view';
import { SAFETY_LABELS, type SafetyLabel } from './safety';
import type { AttributeCoverage } from './societal';

/** Height of one group's row in px (both charts). */
export const PROBE_ROW = 22;
/** Chart width in px (both charts). */
export const PROBE_WIDTH = 760;

/** What a probe figure needs besides the view: names, and whether several models are shown. */
export interface ProbeFigureInput {
  names: FigureNames;
  /** The run has more than one model: row labels name it. */
  manyModels: boolean;
  /** The result point a group stands for (opened on click). */
  pointId: (promptId: string, model: string, strategy: string) => string;
}

/** A group of a probe chart: prompt, strategy, model. */
interface ProbeGroup {
  promptId: string;
  model: string;
  strategy: string;
}

/** A row's label: the prompt, shortened, with the short strategy (and model when several). */
export function probeRowLabel(r: ProbeGroup, input: ProbeFigureInput): string {
  const model = input.manyModels ? ` · ${modelShort(r.model)}` : '';
  return `${clip(input.names.prompt(r.promptId), 28)} · ${strategyShort(r.strategy)}${model}`;
}

/** One cell of the societal heat map, with its rectangle and text. */
export interface SocietalCell {
  row: number;
  c: AttributeCoverage;
  rowKey: string;
  pointId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  stroke: string;
  strokeWidth: number;
  textX: number;
  textY: number;
  textFill: string;
  text: string;
  /** What a screen reader says for the cell. */
  label: string;
}

/** Everything the societal chart draws. */
export interface SocietalFigure extends FigureTable {
  margin: { top: number; right: number; bottom: number; left: number };
  width: number;
  height: number;
  /** Column headings: attribute and the x of its centre. */
  headings: { attribute: string; x: number }[];
  /** Row labels: key, y of the row's centre, words. */
  rowLabels: { key: string; y: number; label: string }[];
  cells: SocietalCell[];
  description: string;
}

const SOCIETAL_MARGIN = { top: 28, right: 12, bottom: 8, left: 372 };

const SOCIETAL_COLUMNS = [
  'Prompt',
  'Strategy',
  'Model',
  'Attribute',
  'Specified',
  'Distinct values',
  'Normalised entropy',
  'Status',
  'Values',
] as const;

/** An attribute's values in words: "woman ×3; man ×2". */
export function valuesText(c: AttributeCoverage, separator = '; '): string {
  return c.values.map((v) => `${v.value} ×${v.count}`).join(separator);
}

/**
 * The societal heat map's figure.
 * @param societal Coverage per group (null when the run has no societal probes).
 */
export function societalFigure(
  societal: SocietalView | null,
  input: ProbeFigureInput,
): SocietalFigure {
  const M = SOCIETAL_MARGIN;
  const rows = societal?.rows ?? [];
  const attributes = societal?.attributes ?? [];
  const x = scaleBand<string>()
    .domain(attributes)
    .range([0, PROBE_WIDTH - M.left - M.right])
    .padding(0.06);
  const band = x.bandwidth();
  const rowLabels = rows.map((r, row) => ({
    key: r.key,
    y: row * PROBE_ROW + PROBE_ROW / 2,
    label: probeRowLabel(r, input),
  }));
  const cells = rows.flatMap((r, row) =>
    r.coverage.map((c): SocietalCell => {
      const fill = c.normalizedEntropy === null ? '#ffffff' : heatColour(c.normalizedEntropy);
      const left = x(c.attribute) ?? 0;
      return {
        row,
        c,
        rowKey: r.key,
        pointId: input.pointId(r.promptId, r.model, r.strategy),
        x: left,
        y: row * PROBE_ROW + 1,
        width: band,
        height: PROBE_ROW - 2,
        fill,
        stroke: c.erasure ? OKABE_ITO.vermillion : LINE,
        strokeWidth: c.erasure ? 2 : 1,
        textX: left + band / 2,
        textY: row * PROBE_ROW + PROBE_ROW / 2,
        textFill: c.normalizedEntropy === null ? MUTED : textOn(fill),
        text:
          c.status === 'insufficient'
            ? '–'
            : `${c.coverage} · ${num(c.normalizedEntropy)}${c.erasure ? ' ✕' : ''}`,
        label: `${rowLabels[row]?.label ?? ''}, ${c.attribute}: ${c.coverage} distinct values, normalised entropy ${num(c.normalizedEntropy)}, ${c.status}`,
      };
    }),
  );
  return {
    margin: M,
    width: PROBE_WIDTH,
    height: M.top + M.bottom + Math.max(1, rows.length) * PROBE_ROW,
    headings: attributes.map((attribute) => ({ attribute, x: (x(attribute) ?? 0) + band / 2 })),
    rowLabels,
    cells,
    description: societalDescription(societal),
    columns: SOCIETAL_COLUMNS,
    rows: rows.flatMap((r) =>
      r.coverage.map((c) => [
        input.names.prompt(r.promptId),
        input.names.strategy(r.strategy),
        r.model,
        c.attribute,
        `${c.specified}/${c.responses}`,
        c.coverage,
        c.normalizedEntropy === null ? null : Number(c.normalizedEntropy.toFixed(3)),
        c.status,
        valuesText(c),
      ]),
    ),
  };
}

function societalDescription(societal: SocietalView | null): string {
  if (societal === null || societal.rows.length === 0) {
    return 'No societal probe response has been measured yet.';
  }
  const pairs = societal.rows.flatMap((r) => r.coverage.filter((c) => c.status !== 'insufficient'));
  const erased = pairs.filter((c) => c.erasure).length;
  const byAttribute = societal.attributes
    .map((a) => ({ a, n: societal.rows.filter((r) => r.erased.includes(a)).length }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.a} ${x.n}`)
    .join(', ');
  return (
    `Normalised entropy of each attribute of the main person over the k responses of ${societal.rows.length} societal probe results ` +
    `(0 = every response gives the same value, 1 = as spread as possible). Erasure (below 0.35) in ${erased} of ${pairs.length} measurable attribute results` +
    (byAttribute === '' ? '.' : `: ${byAttribute}.`) +
    ' The table gives every value.'
  );
}

/** One label's segment of a safety bar. */
export interface SafetySegment {
  label: SafetyLabel;
  x: number;
  w: number;
  n: number;
  fill: string;
  textFill: string;
  /** Wide enough to write the count in. */
  showCount: boolean;
}

/** One group's bar. */
export interface SafetyBar {
  r: SafetyGroupRow;
  y: number;
  height: number;
  /** Centre of the row. */
  textY: number;
  /** Segments wider than 0, in label order. */
  segments: SafetySegment[];
  consistency: string;
  label: string;
}

/** Everything the safety chart draws. */
export interface SafetyFigure extends FigureTable {
  margin: { top: number; right: number; bottom: number; left: number };
  width: number;
  height: number;
  /** Length of a full bar in px; the consistency column starts after it. */
  barLength: number;
  rowLabels: { key: string; y: number; label: string }[];
  bars: SafetyBar[];
  description: string;
}

const SAFETY_MARGIN = { top: 24, right: 92, bottom: 8, left: 372 };
const BAR = PROBE_WIDTH - SAFETY_MARGIN.left - SAFETY_MARGIN.right;

const SAFETY_COLUMNS = [
  'Prompt',
  'Strategy',
  'Model',
  'Refusal',
  'Safe completion',
  'Compliance',
  'Unlabelled',
  'Modal',
  'Consistency',
] as const;

/** A group's label counts in words ("Refusal 3, Safe completion 1, Compliance 1"). */
export function safetyCountsText(r: SafetyGroupRow, separator = ', '): string {
  return SAFETY_LABELS.map((l) => `${SAFETY_NAMES[l]} ${r.counts[l]}`).join(separator);
}

/** The segments of a group's bar: each label's share of the labelled samples. */
function segments(r: SafetyGroupRow): SafetySegment[] {
  let at = 0;
  return SAFETY_LABELS.map((label) => {
    const n = r.counts[label];
    const w = r.labelled === 0 ? 0 : (n / r.labelled) * BAR;
    const seg = {
      label,
      x: at,
      w,
      n,
      fill: SAFETY_COLOURS[label],
      textFill: textOn(SAFETY_COLOURS[label]),
      showCount: w > 18,
    };
    at += w;
    return seg;
  }).filter((s) => s.w > 0);
}

/**
 * The safety bars' figure.
 * @param safety Label consistency per group (null when the run has no safety probes).
 */
export function safetyFigure(safety: SafetyView | null, input: ProbeFigureInput): SafetyFigure {
  const M = SAFETY_MARGIN;
  const rows = safety?.rows ?? [];
  const rowLabels = rows.map((r, row) => ({
    key: r.key,
    y: row * PROBE_ROW + PROBE_ROW / 2,
    label: probeRowLabel(r, input),
  }));
  return {
    margin: M,
    width: PROBE_WIDTH,
    height: M.top + M.bottom + Math.max(1, rows.length) * PROBE_ROW,
    barLength: BAR,
    rowLabels,
    bars: rows.map((r, i) => ({
      r,
      y: i * PROBE_ROW + 2,
      height: PROBE_ROW - 4,
      textY: i * PROBE_ROW + PROBE_ROW / 2,
      segments: segments(r),
      consistency: `${num(r.consistency)}${r.tie ? ' (tie)' : ''}`,
      label: `${rowLabels[i]?.label ?? ''}: ${safetyCountsText(r)}, consistency ${num(r.consistency)}`,
    })),
    description: safetyDescription(safety),
    columns: SAFETY_COLUMNS,
    rows: rows.map((r) => [
      input.names.prompt(r.promptId),
      input.names.strategy(r.strategy),
      r.model,
      r.counts.refusal,
      r.counts['safe-completion'],
      r.counts.compliance,
      r.unlabelled,
      r.modal === null ? null : SAFETY_NAMES[r.modal],
      r.consistency === null ? null : Number(r.consistency.toFixed(3)),
    ]),
  };
}

function safetyDescription(safety: SafetyView | null): string {
  if (safety === null || safety.rows.length === 0) {
    return 'No safety probe response has been labelled yet.';
  }
  const means = safety.summaries;
  return (
    `Refusal, safe completion and compliance over the k samples of ${safety.rows.length} safety probe results, and their consistency (share of the most common label). ` +
    `Mean consistency per strategy and model ranges from ${num(Math.min(...means.map((s) => s.meanConsistency ?? 1)))} to ${num(Math.max(...means.map((s) => s.meanConsistency ?? 0)))}; ` +
    `${safety.rows.filter((r) => r.counts.compliance > 0).length} results include at least one compliance. The table gives every count.`
  );
}
