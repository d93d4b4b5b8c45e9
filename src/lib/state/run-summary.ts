// What the Experiments area shows about a run: readable names of its units (for failures) and a
// compact table of class counts and quality per prompt and strategy. Pure functions.
import { mean } from '../core/aggregate';
import { SAMPLING_STRATEGIES, type SamplingStrategy } from '../core/prompts';
import { resolveCategory } from '../core/run-model';
import type { CategoryId } from '../core/taxonomy';
import type { ExperimentDefinition } from '../pipeline/experiment';
import { idPart } from '../pipeline/ids';
import type { GroupSummary, RunSummary } from '../pipeline/results';
import type { UnitKind } from '../storage/schema';

/** The parts of a unit id, decoded. */
export interface UnitParts {
  kind: UnitKind;
  model?: string;
  judge?: string;
  promptId?: string;
  strategy?: SamplingStrategy;
  /** Sample index, or 'all' for units producing every sample of a group. */
  index?: number | 'all';
}

function unescapePart(part: string): string {
  return part.replace(/%3A/g, ':').replace(/%25/g, '%');
}

const FIELDS: Readonly<Record<UnitKind, readonly (keyof Omit<UnitParts, 'kind'>)[]>> = {
  classify: ['model', 'promptId'],
  sample: ['model', 'promptId', 'strategy', 'index'],
  judge: ['judge', 'model', 'promptId', 'strategy'],
  metrics: ['model', 'promptId', 'strategy'],
  checklist: ['judge', 'promptId'],
  grade: ['judge', 'model', 'promptId', 'strategy', 'index'],
  accuracy: ['model', 'promptId', 'strategy', 'index'],
};

/**
 * Decodes a unit id written by pipeline/ids.ts (`run:kind:part:...`, parts escaped with idPart).
 * @returns null when the id does not belong to the run or has an unknown shape
 */
export function parseUnitId(unitId: string, runId: string): UnitParts | null {
  const prefix = `${idPart(runId)}:`;
  if (!unitId.startsWith(prefix)) return null;
  const [kind, ...rest] = unitId.slice(prefix.length).split(':').map(unescapePart);
  if (kind === undefined || !(kind in FIELDS)) return null;
  const fields = FIELDS[kind as UnitKind];
  if (rest.length !== fields.length) return null;
  const out: UnitParts = { kind: kind as UnitKind };
  fields.forEach((field, i) => {
    const value = rest[i] as string;
    if (field === 'index') out.index = value === 'all' ? 'all' : Number(value);
    else if (field === 'strategy') out.strategy = value as SamplingStrategy;
    else out[field] = value;
  });
  return out;
}

/** Short name of a prompt: its number in the run and the start of its text. */
export function promptLabel(def: ExperimentDefinition, promptId: string): string {
  const index = def.prompts.findIndex((p) => p.id === promptId);
  if (index < 0) return promptId;
  const text = def.prompts[index]!.text.replace(/\s+/g, ' ').trim();
  return `#${index + 1} “${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`;
}

const KIND_LABEL: Readonly<Record<UnitKind, string>> = {
  classify: 'Classification',
  sample: 'Sampling',
  judge: 'Judging',
  metrics: 'Metrics',
  checklist: 'Checklist',
  grade: 'Quality grade',
  accuracy: 'Accuracy check',
};

/**
 * A readable description of a unit, e.g. `Sampling · #3 “Name a prime…” · Temperature sampling ·
 * sample 2 · gpt-4o`.
 * @param modelName turns an engine id into a readable name
 */
export function describeUnit(
  unitId: string,
  runId: string,
  def: ExperimentDefinition | null,
  modelName: (engineId: string) => string = (id) => id,
): string {
  const parts = parseUnitId(unitId, runId);
  if (parts === null) return unitId;
  const out: string[] = [KIND_LABEL[parts.kind]];
  if (parts.promptId !== undefined) {
    out.push(def ? promptLabel(def, parts.promptId) : parts.promptId);
  }
  if (parts.strategy !== undefined) {
    out.push(SAMPLING_STRATEGIES[parts.strategy]?.label ?? parts.strategy);
  }
  if (typeof parts.index === 'number') out.push(`sample ${parts.index + 1}`);
  if (parts.model !== undefined && (def === null || def.generators.length > 1)) {
    out.push(modelName(parts.model));
  }
  if (parts.judge !== undefined && (def === null || def.judges.length > 1)) {
    out.push(`judge ${modelName(parts.judge)}`);
  }
  return out.join(' · ');
}

/** One cell of the summary table: a (prompt, generator, strategy) group. */
export interface SummaryCell {
  strategy: SamplingStrategy;
  /** Functional classes (mean across judges), null when not judged. */
  classes: number | null;
  responses: number;
  quality: number | null;
  /** Share of correct responses, null without a gold answer. */
  accuracy: number | null;
}

/** One row of the summary table: a prompt under one generator. */
export interface SummaryRow {
  promptId: string;
  label: string;
  text: string;
  model: string;
  category?: CategoryId;
  cells: SummaryCell[];
  /** Mean quality over the row's groups that were graded. */
  quality: number | null;
}

/**
 * The summary table of a finished (or partial) run: rows in the definition's prompt order, one
 * per generator, cells in the definition's strategy order.
 */
export function summaryRows(def: ExperimentDefinition, summary: RunSummary): SummaryRow[] {
  const groups = new Map<string, GroupSummary>();
  for (const g of summary.groups) groups.set(JSON.stringify([g.promptId, g.model, g.strategy]), g);
  const rows: SummaryRow[] = [];
  for (const model of def.generators) {
    for (const p of def.prompts) {
      const cells = def.strategies.map((strategy): SummaryCell => {
        const g = groups.get(JSON.stringify([p.id, model, strategy]));
        return {
          strategy,
          classes: g?.meanClassCount ?? null,
          responses: g?.responses ?? 0,
          quality: g?.quality ?? null,
          accuracy: g?.accuracy?.rate ?? null,
        };
      });
      const category = resolveCategory({
        judged: summary.groups.find((g) => g.promptId === p.id && g.model === model)?.category,
        override: p.categoryOverride,
        known: p.category,
      });
      rows.push({
        promptId: p.id,
        label: promptLabel(def, p.id),
        text: p.text,
        model,
        ...(category === undefined ? {} : { category }),
        cells,
        quality: mean(cells.flatMap((c) => (c.quality === null ? [] : [c.quality]))),
      });
    }
  }
  return rows;
}

/** A 1-5 quality mean as shown (two decimals), or a dash. */
export function formatQuality(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

/** Milliseconds as a short duration: `45 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A count range as shown: `40` when exact, `40–120` otherwise (thousands separated). */
export function formatRange(range: { min: number; max: number }): string {
  return range.min === range.max ? count(range.min) : `${count(range.min)}–${count(range.max)}`;
}

function usd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

/** A cost range in USD: `$0`, `$0.0042`, `$1.20–$3.45`. */
export function formatCost(range: { min: number; max: number }): string {
  return range.min === range.max ? usd(range.min) : `${usd(range.min)}–${usd(range.max)}`;
}
