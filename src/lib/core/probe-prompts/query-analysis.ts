// Never-throwing parser of the framework explorer's query analysis, and conversions between a
// judgement and the framework's context activations.

import type {
  ContextActivation,
  MeasuredAspect,
  NormativeContext,
  Pole,
  QueryAnalysis,
} from '../mmhs';
import { MEASURED_ASPECTS, NORMATIVE_CONTEXT_IDS, getContext } from '../mmhs';
import type { ParseResult } from '../parse';
import { extractJsonValues, looksLikeJson } from '../parse';
import { fail, field, isRecord, ok, oneLine, prepare } from './shared';

/** The analyser's verdict on one context. */
export interface ContextAssessment {
  context: NormativeContext;
  active: boolean;
  /** The direction the query demands; null when the context is inactive. */
  direction: Pole | null;
  /** True when the model gave no readable direction for an active context and the framework's
   * default (the pole the context rewards) was filled in. */
  directionInferred: boolean;
  /** What the direction applies to; null when inactive or not given. */
  aspect: MeasuredAspect | null;
  /** One-line reason ("" when none was given). */
  reason: string;
  /** False when an active context demands the pole the framework says it penalizes. */
  conventional: boolean;
}

/** Parsed query analysis: all four contexts in paper order. */
export interface QueryAnalysisJudgement {
  contexts: ContextAssessment[];
  /** Contexts the answer did not mention (reported as inactive). */
  missing: NormativeContext[];
}

function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === 'yes' || v === 'active') return true;
    if (v === 'false' || v === 'no' || v === 'inactive') return false;
  }
  return undefined;
}

function parsePole(value: unknown): Pole | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (/^(?:homogene(?:ity|ous)|converg(?:e|ence|ent)|consisten(?:t|cy))$/.test(v)) {
    return 'homogeneity';
  }
  if (/^(?:heterogene(?:ity|ous)|diverg(?:e|ence|ent)|divers(?:e|ity))$/.test(v)) {
    return 'heterogeneity';
  }
  return null;
}

function parseAspect(value: unknown): MeasuredAspect | null {
  if (typeof value !== 'string') return null;
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return Object.prototype.hasOwnProperty.call(MEASURED_ASPECTS, v) ? (v as MeasuredAspect) : null;
}

function assessment(context: NormativeContext, entry: Record<string, unknown>): ContextAssessment {
  const rawDirection = parsePole(
    field(entry, ['direction', 'demands', 'valued_direction', 'pole']),
  );
  const active =
    parseBoolean(field(entry, ['active', 'activated', 'is_active'])) ?? rawDirection !== null;
  const reason = field(entry, ['reason', 'rationale', 'explanation', 'why']);
  const rewarded = getContext(context).rewardedPole;
  const direction = active ? (rawDirection ?? rewarded) : null;
  return {
    context,
    active,
    direction,
    directionInferred: active && rawDirection === null,
    aspect: active ? parseAspect(field(entry, ['aspect', 'level', 'measured_aspect'])) : null,
    reason: typeof reason === 'string' ? oneLine(reason) : '',
    conventional: direction === null || direction === rewarded,
  };
}

/** Finds per-context entries in a record keyed by context, or in an array of `{context: ...}`. */
function contextEntries(value: unknown): Map<NormativeContext, Record<string, unknown>> {
  const entries = new Map<NormativeContext, Record<string, unknown>>();
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isRecord(item)) continue;
      const name = field(item, ['context', 'name', 'id']);
      const id = typeof name === 'string' ? name.trim().toLowerCase() : '';
      const context = NORMATIVE_CONTEXT_IDS.find((c) => c === id);
      if (context !== undefined && !entries.has(context)) entries.set(context, item);
    }
    return entries;
  }
  if (!isRecord(value)) return entries;
  for (const context of NORMATIVE_CONTEXT_IDS) {
    const entry = field(value, [context]);
    if (isRecord(entry)) entries.set(context, entry);
  }
  if (entries.size === 0) {
    const nested = field(value, ['contexts', 'analysis', 'objectives']);
    if (nested !== undefined) return contextEntries(nested);
  }
  return entries;
}

/**
 * Parses a query-analysis answer: `{"epistemic": {...}, ...}`, the same nested under "contexts",
 * or an array of `{"context": "epistemic", ...}`. Contexts the answer leaves out are reported as
 * inactive and listed in `missing`; an active context without a readable direction gets the pole
 * the framework says it rewards (`directionInferred`).
 */
export function parseQueryAnalysis(text: string): ParseResult<QueryAnalysisJudgement> {
  if (text.trim() === '') return fail('empty', 'empty query analysis output', text);
  const t = prepare(text);
  if (t.trim() === '') return fail('empty', 'query analysis output has only reasoning', text);
  for (const value of extractJsonValues(t)) {
    const entries = contextEntries(value);
    if (entries.size === 0) continue;
    const missing = NORMATIVE_CONTEXT_IDS.filter((c) => !entries.has(c));
    return ok({
      contexts: NORMATIVE_CONTEXT_IDS.map((c) =>
        assessment(c, entries.get(c) ?? { active: false }),
      ),
      missing,
    });
  }
  return looksLikeJson(t)
    ? fail('invalid-json', 'output looks like JSON but names no context', text)
    : fail('no-match', 'no JSON object with the four contexts found', text);
}

/** Aspect assumed for an active context the analyser gave no aspect for. */
const DEFAULT_ASPECT: Readonly<Record<NormativeContext, MeasuredAspect>> = {
  epistemic: 'facts',
  interactional: 'perspective',
  societal: 'representation',
  safety: 'content',
};

/**
 * Converts an analyser judgement into the framework's activations (active contexts only), so the
 * explorer can draw it like the paper's worked example.
 * @returns One activation per active context, in paper order.
 */
export function activationsFromJudgement(judgement: QueryAnalysisJudgement): ContextActivation[] {
  return judgement.contexts
    .filter((c) => c.active && c.direction !== null)
    .map((c) => ({
      context: c.context,
      level: c.aspect ?? DEFAULT_ASPECT[c.context],
      valuedDirection: c.direction as Pole,
      rationale: c.reason,
      condition: null,
    }));
}

/** The assessment of a context the query does not activate (conventional, no direction). */
export function inactiveAssessment(context: NormativeContext, reason = ''): ContextAssessment {
  return {
    context,
    active: false,
    direction: null,
    directionInferred: false,
    aspect: null,
    reason,
    conventional: true,
  };
}

/**
 * A judgement with the given activations active (the first per context wins) and every other
 * context inactive; `reason` words each activation's reason (its rationale by default).
 */
export function judgementFromActivations(
  activations: readonly ContextActivation[],
  reason: (a: ContextActivation) => string = (a) => a.rationale,
): QueryAnalysisJudgement {
  return {
    contexts: NORMATIVE_CONTEXT_IDS.map((context): ContextAssessment => {
      const a = activations.find((x) => x.context === context);
      if (a === undefined) return inactiveAssessment(context);
      return {
        context,
        active: true,
        direction: a.valuedDirection,
        directionInferred: false,
        aspect: a.level,
        reason: reason(a),
        conventional: a.valuedDirection === getContext(context).rewardedPole,
      };
    }),
    missing: [],
  };
}

/**
 * Converts a hand-written analysis (e.g. the paper's chronic-pain example) into a judgement, so
 * the explorer can show it before any model is asked and users can edit it in the same shape.
 */
export function judgementFromAnalysis(analysis: QueryAnalysis): QueryAnalysisJudgement {
  return judgementFromActivations(analysis.activations);
}
